// WsLinkPool / WebSocket links against a real CsmsNode on an ephemeral port: connect, an
// OCPP exchange, source-address binding seen by the server, close without an event, and
// the Closed events of a refused connect and of a server going away. Bounded waits only.
#include "simulator/ws_transport.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "server/bus/bus.hpp"
#include "server/node/csms_node.hpp"
#include "simulator/provision.hpp"

namespace ct::sim {
namespace {

constexpr const char* kPlatformToken = "ctp_ws_transport_platform_token";
using Clock = std::chrono::steady_clock;

class WsTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("chargetwin-ws-link-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    node::NodeConfig cfg;
    cfg.db_path = (dir_ / "chargetwin.db").string();
    cfg.http.host = "127.0.0.1";
    cfg.http.port = 0;
    cfg.bootstrap_token = kPlatformToken;
    node_ = std::make_unique<node::CsmsNode>(cfg);
    port_ = node_->start();
    // Who connected from where, as the server saw it.
    node_->bus().subscribe([this](const events::Event& e) {
      std::lock_guard lock(mu_);
      if (e.has_charger_connected()) remotes_[e.charge_point_id()] = e.charger_connected().remote();
      if (e.has_charger_disconnected()) disconnected_.insert(e.charge_point_id());
    });
    provision_demo({"127.0.0.1", port_, kPlatformToken, 3});
  }
  void TearDown() override {
    if (node_) node_->stop();
    node_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  WsLinkPoolConfig pool_config() const {
    WsLinkPoolConfig c;
    c.host = "127.0.0.1";
    c.port = port_;
    c.path = "/ocpp";
    return c;
  }

  // Polls `link` (woken by the pool) until `pred` holds for the events seen so far or
  // the deadline passes.
  template <class Pred>
  bool wait_for(WsLinkPool& pool, ChargerTransport& link, std::vector<LinkEvent>& seen, Pred pred,
                std::chrono::seconds limit = std::chrono::seconds(10)) {
    auto deadline = Clock::now() + limit;
    while (!pred(seen)) {
      if (Clock::now() >= deadline) return false;
      std::vector<std::size_t> tags;
      pool.wait_ready(std::min(deadline, Clock::now() + std::chrono::milliseconds(100)), tags);
      link.poll(0, seen);
    }
    return true;
  }

  std::optional<std::string> remote_of(const std::string& cpid) {
    std::lock_guard lock(mu_);
    auto it = remotes_.find(cpid);
    if (it == remotes_.end()) return std::nullopt;
    return it->second;
  }
  bool saw_disconnect(const std::string& cpid) {
    std::lock_guard lock(mu_);
    return disconnected_.count(cpid) > 0;
  }

  std::filesystem::path dir_;
  std::unique_ptr<node::CsmsNode> node_;
  std::uint16_t port_ = 0;
  std::mutex mu_;
  std::map<std::string, std::string> remotes_;
  std::set<std::string> disconnected_;
};

bool has(const std::vector<LinkEvent>& events, LinkEvent::Kind kind) {
  for (const auto& e : events) {
    if (e.kind == kind) return true;
  }
  return false;
}

std::string boot_frame(const std::string& id) {
  return nlohmann::json::array(
             {2,
              id,
              "BootNotification",
              {{"chargePointVendor", "ChargeTwin"}, {"chargePointModel", "SimDC120"}}})
      .dump();
}

TEST_F(WsTransportTest, ConnectsAndExchangesABootNotification) {
  WsLinkPool pool(pool_config());
  pool.start();
  auto link = pool.make_link("SIM-0001", 7);
  link->connect(0);
  std::vector<LinkEvent> seen;
  ASSERT_TRUE(
      wait_for(pool, *link, seen, [](auto& ev) { return has(ev, LinkEvent::Kind::Connected); }));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(pool.sockets(), 1u);

  link->send(boot_frame("boot-1"), 0);
  ASSERT_TRUE(wait_for(pool, *link, seen, [](auto& ev) { return has(ev, LinkEvent::Kind::Text); }));
  ASSERT_EQ(seen.size(), 2u);
  auto answer = nlohmann::json::parse(seen[1].text);
  ASSERT_TRUE(answer.is_array()) << seen[1].text;
  EXPECT_EQ(answer[0], 3) << seen[1].text;  // CALLRESULT
  EXPECT_EQ(answer[1], "boot-1");
  EXPECT_EQ(answer[2]["status"], "Accepted") << seen[1].text;  // provisioned pile

  // The pool reports the link by its tag when it has events.
  link->send(nlohmann::json::array({2, "hb-1", "Heartbeat", nlohmann::json::object()}).dump(), 0);
  std::vector<std::size_t> tags;
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (tags.empty() && Clock::now() < deadline) pool.wait_ready(deadline, tags);
  ASSERT_EQ(tags, std::vector<std::size_t>{7});
  link->poll(0, seen);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_NE(seen[2].text.find("currentTime"), std::string::npos) << seen[2].text;

  // A charger-side close: no Closed event, the server sees the charger go, the socket is
  // released.
  link->close(0);
  auto until = Clock::now() + std::chrono::seconds(10);
  EXPECT_TRUE(pool.drain(until));
  EXPECT_EQ(pool.sockets(), 0u);
  while (!saw_disconnect("SIM-0001") && Clock::now() < until) {
    std::vector<std::size_t> ignored;
    pool.wait_ready(std::min(until, Clock::now() + std::chrono::milliseconds(20)), ignored);
  }
  EXPECT_TRUE(saw_disconnect("SIM-0001"));
  std::vector<LinkEvent> after;
  link->poll(0, after);
  EXPECT_TRUE(after.empty()) << "close() must not report Closed";
}

TEST_F(WsTransportTest, BindsEachConnectionToTheNextSourceAddress) {
  auto cfg = pool_config();
  cfg.source_addresses = {"127.0.0.2", "127.0.0.3"};
  WsLinkPool pool(cfg);
  pool.start();
  std::vector<std::unique_ptr<ChargerTransport>> links;
  std::vector<std::vector<LinkEvent>> seen(3);
  for (int i = 0; i < 3; ++i) {
    links.push_back(pool.make_link(demo_pile_spec(i + 1).charge_point_id, i));
    links.back()->connect(0);
    // One at a time, so that the round-robin order is the connection order.
    ASSERT_TRUE(wait_for(pool, *links.back(), seen[i], [](auto& ev) {
      return has(ev, LinkEvent::Kind::Connected);
    })) << (seen[i].empty() ? "" : seen[i].back().text);
  }
  // The server's ChargerConnected event carries the remote endpoint it accepted.
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!remote_of("SIM-0003") && Clock::now() < deadline) {
    std::vector<std::size_t> ignored;
    pool.wait_ready(std::min(deadline, Clock::now() + std::chrono::milliseconds(20)), ignored);
  }
  auto address = [](const std::optional<std::string>& remote) {
    return remote ? remote->substr(0, remote->rfind(':')) : std::string("none");
  };
  EXPECT_EQ(address(remote_of("SIM-0001")), "127.0.0.2");
  EXPECT_EQ(address(remote_of("SIM-0002")), "127.0.0.3");
  EXPECT_EQ(address(remote_of("SIM-0003")), "127.0.0.2");
  for (auto& l : links) l->close(0);
  EXPECT_TRUE(pool.drain(Clock::now() + std::chrono::seconds(10)));
}

TEST_F(WsTransportTest, ARefusedConnectIsReportedAsClosed) {
  // A port nobody listens on: bind one, note it, close it.
  std::uint16_t dead_port = 0;
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(
        ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    dead_port = a.local_endpoint().port();
  }
  auto cfg = pool_config();
  cfg.port = dead_port;
  WsLinkPool pool(cfg);
  pool.start();
  auto link = pool.make_link("SIM-0001");
  link->connect(0);
  std::vector<LinkEvent> seen;
  ASSERT_TRUE(
      wait_for(pool, *link, seen, [](auto& ev) { return has(ev, LinkEvent::Kind::Closed); }));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text.rfind("connect: ", 0), 0u) << seen[0].text;
  EXPECT_TRUE(pool.drain(Clock::now() + std::chrono::seconds(5)));
  // After a Closed the link connects again on request (here: refused again).
  link->connect(0);
  seen.clear();
  ASSERT_TRUE(
      wait_for(pool, *link, seen, [](auto& ev) { return has(ev, LinkEvent::Kind::Closed); }));
}

TEST_F(WsTransportTest, TheServerGoingAwayIsReportedAsClosed) {
  WsLinkPool pool(pool_config());
  pool.start();
  auto link = pool.make_link("SIM-0002");
  link->connect(0);
  std::vector<LinkEvent> seen;
  ASSERT_TRUE(
      wait_for(pool, *link, seen, [](auto& ev) { return has(ev, LinkEvent::Kind::Connected); }));
  node_->stop();
  node_.reset();
  ASSERT_TRUE(
      wait_for(pool, *link, seen, [](auto& ev) { return has(ev, LinkEvent::Kind::Closed); }));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].text.rfind("read: ", 0), 0u) << seen[1].text;
  // Sending on a link that is down is dropped, not an error.
  link->send(boot_frame("late"), 0);
  EXPECT_TRUE(pool.drain(Clock::now() + std::chrono::seconds(5)));
}

// A peer that completes the WebSocket handshake and then never reads again, so a close
// handshake is never answered: the charger-side close must give up after close_timeout
// and release the socket (what a CSMS too busy to answer does to a stopping fleet).
TEST(WsLinkCloseTest, ACloseTheServerNeverAnswersIsBoundedByTheCloseTimeout) {
  namespace net = boost::asio;
  namespace websocket = boost::beast::websocket;
  net::io_context ioc;
  net::ip::tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0});
  std::promise<void> test_done;
  std::thread server([&acceptor, done = test_done.get_future()] {
    websocket::stream<net::ip::tcp::socket> ws(acceptor.accept());
    ws.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(boost::beast::http::field::sec_websocket_protocol, "ocpp1.6");
    }));
    ws.accept();
    done.wait();  // silent until the test is over
  });

  WsLinkPoolConfig cfg;
  cfg.host = "127.0.0.1";
  cfg.port = acceptor.local_endpoint().port();
  cfg.close_timeout = std::chrono::milliseconds(200);
  WsLinkPool pool(cfg);
  pool.start();
  auto link = pool.make_link("SIM-0001");
  link->connect(0);
  std::vector<LinkEvent> seen;
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!has(seen, LinkEvent::Kind::Connected) && Clock::now() < deadline) {
    std::vector<std::size_t> tags;
    pool.wait_ready(deadline, tags);
    link->poll(0, seen);
  }
  ASSERT_TRUE(has(seen, LinkEvent::Kind::Connected));
  link->send(boot_frame("unanswered"), 0);  // a write before the close, as a charger does
  auto closed_at = Clock::now();
  link->close(0);
  EXPECT_TRUE(pool.drain(Clock::now() + std::chrono::seconds(5)));
  EXPECT_LT(Clock::now() - closed_at, std::chrono::seconds(2));
  EXPECT_EQ(pool.sockets(), 0u);
  test_done.set_value();
  server.join();
}

TEST(SourceAddressesTest, ParsesRangesAndLists) {
  EXPECT_EQ(parse_source_addresses("127.0.0.1-127.0.0.4"),
            (std::vector<std::string>{"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"}));
  EXPECT_EQ(parse_source_addresses("127.0.0.9, 127.0.0.255-127.0.1.1"),
            (std::vector<std::string>{"127.0.0.9", "127.0.0.255", "127.0.1.0", "127.0.1.1"}));
  EXPECT_EQ(parse_source_addresses("::1"), std::vector<std::string>{"::1"});
  EXPECT_THROW(parse_source_addresses("127.0.0.4-127.0.0.1"), std::invalid_argument);
  EXPECT_THROW(parse_source_addresses("localhost"), std::invalid_argument);
  EXPECT_THROW(parse_source_addresses("127.0.0.1,"), std::invalid_argument);
  EXPECT_THROW(parse_source_addresses(""), std::invalid_argument);
  EXPECT_THROW(WsLinkPool(WsLinkPoolConfig{.source_addresses = {"nope"}}), std::invalid_argument);
}

}  // namespace
}  // namespace ct::sim
