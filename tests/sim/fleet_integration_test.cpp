// A real CsmsNode on an ephemeral port, provisioned through its REST API, with a Fleet
// of simulated chargers over real sockets at high speed. Bounded waits only.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "server/node/csms_node.hpp"
#include "simulator/demo_fleet.hpp"
#include "simulator/fleet.hpp"
#include "simulator/http_client.hpp"
#include "simulator/provision.hpp"

namespace ct::sim {
namespace {

constexpr const char* kPlatformToken = "ctp_sim_integration_platform_token";

class FleetIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("chargetwin-sim-it-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    node::NodeConfig cfg;
    cfg.db_path = (dir_ / "chargetwin.db").string();
    cfg.http.host = "127.0.0.1";
    cfg.http.port = 0;
    cfg.http.threads = 2;
    cfg.charge_point.heartbeat_interval_s = 300;
    cfg.bootstrap_token = kPlatformToken;
    node_ = std::make_unique<node::CsmsNode>(cfg);
    port_ = node_->start();
  }
  void TearDown() override {
    if (node_) node_->stop();
    node_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path dir_;
  std::unique_ptr<node::CsmsNode> node_;
  std::uint16_t port_ = 0;
};

TEST_F(FleetIntegrationTest, ProvisionedFleetCompletesTransactions) {
  ProvisionOptions po;
  po.host = "127.0.0.1";
  po.port = port_;
  po.platform_token = kPlatformToken;
  po.chargers = 3;
  auto first = provision_demo(po);
  ASSERT_EQ(first.pile_ids.size(), 3u);
  EXPECT_EQ(first.charge_point_ids[0], "SIM-0001");
  EXPECT_EQ(first.id_tags.size(), 10u);
  // Idempotent: a second run reuses the tenant, the station and the piles.
  auto again = provision_demo(po);
  EXPECT_EQ(again.tenant_id, first.tenant_id);
  EXPECT_EQ(again.station_ids, first.station_ids);
  EXPECT_EQ(again.pile_ids, first.pile_ids);

  FleetConfig fc;
  fc.host = "127.0.0.1";
  fc.port = port_;
  fc.chargers = demo_charger_configs(3);
  for (auto& c : fc.chargers) {
    c.mean_interarrival_s = 120;
    c.min_session_budget_s = 5 * 60;
    c.max_session_budget_s = 10 * 60;
    c.call_timeout_ms = 10'000 * 600;
  }
  fc.seed = 7;
  fc.speed = 600;  // 10 virtual minutes per real second
  fc.tick = std::chrono::milliseconds(50);
  Fleet fleet(fc);
  fleet.start();

  const auto& token = again.tenant_token;
  std::int64_t stopped = 0;
  nlohmann::json tx;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = http_call("127.0.0.1", port_, "GET", "/api/v1/transactions?state=stopped", token);
    ASSERT_EQ(r.status, 200) << r.body;
    auto data = r.data();
    stopped = data["total"].get<std::int64_t>();
    // A session the CSMS refused (two chargers starting the same card at once: ConcurrentTx,
    // stopped DeAuthorized) delivers nothing; wait for one that charged.
    for (const auto& t : data["items"]) {
      if (t["stopReason"] != "DeAuthorized") tx = t;
    }
    if (!tx.is_null()) break;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(200));  // polling interval, not a timed assertion
  }
  auto stats = fleet.stats();
  fleet.stop();
  ASSERT_GE(stopped, 1) << format_stats(stats);
  EXPECT_EQ(stats.connected, 3) << format_stats(stats);
  EXPECT_EQ(stats.accepted, 3) << format_stats(stats);
  EXPECT_GE(stats.sessions_started, 1);
  EXPECT_EQ(stats.call_errors_received, 0) << format_stats(stats);
  EXPECT_GT(tx["energyWh"].get<std::int64_t>(), 0) << tx.dump();
  EXPECT_EQ(tx["meterStopWh"].get<std::int64_t>() - tx["meterStartWh"].get<std::int64_t>(),
            tx["energyWh"].get<std::int64_t>());
  EXPECT_EQ(fleet.stats().connected, 0);
}

TEST_F(FleetIntegrationTest, StopEndsRunningSessionsBeforeClosing) {
  ProvisionOptions po;
  po.host = "127.0.0.1";
  po.port = port_;
  po.platform_token = kPlatformToken;
  po.chargers = 2;
  auto prov = provision_demo(po);

  FleetConfig fc;
  fc.host = "127.0.0.1";
  fc.port = port_;
  fc.chargers = demo_charger_configs(2);
  for (auto& c : fc.chargers) {
    c.mean_interarrival_s = 30;  // busy: sessions run when stop() comes
    c.min_session_budget_s = 3 * 3600;
    c.max_session_budget_s = 4 * 3600;
  }
  fc.seed = 9;
  fc.speed = 60;
  fc.tick = std::chrono::milliseconds(50);
  Fleet fleet(fc);
  fleet.start();

  auto active = [&] {
    auto r = http_call("127.0.0.1", port_, "GET", "/api/v1/transactions?state=active",
                       prov.tenant_token);
    return r.status == 200 ? r.data()["total"].get<std::int64_t>() : -1;
  };
  std::int64_t running = 0;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
       running < 1 && std::chrono::steady_clock::now() < deadline;) {
    running = active();
    if (running < 1) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GE(running, 1) << format_stats(fleet.stats());
  fleet.stop();
  // Every transaction the fleet opened was stopped before its links closed.
  EXPECT_EQ(active(), 0);
  auto r =
      http_call("127.0.0.1", port_, "GET", "/api/v1/transactions?state=stopped", prov.tenant_token);
  ASSERT_EQ(r.status, 200);
  EXPECT_GE(r.data()["total"].get<std::int64_t>(), running);
  EXPECT_EQ(r.data()["items"][0]["stopReason"], "Local");
}

TEST_F(FleetIntegrationTest, DemoFleetProvisionsConnectsAndStops) {
  auto demo = DemoFleet::start("127.0.0.1", port_, kPlatformToken, 4, 11, 60);
  ASSERT_NE(demo, nullptr);
  EXPECT_EQ(demo->provisioned().pile_ids.size(), 4u);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (demo->stats().accepted < 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling interval
  }
  EXPECT_EQ(demo->stats().accepted, 4) << demo->summary();
  EXPECT_NE(demo->summary().find("4/4 connected"), std::string::npos) << demo->summary();
  demo->stop();
  EXPECT_EQ(demo->stats().connected, 0);
  demo->stop();  // idempotent
}

TEST(FleetYkcIntegrationTest, DemoFleetRunsYkcPilesBesideTheOcppChargers) {
  // A node with its YKC gateway: the demo provisions "Demo Station YKC" with two YKC piles
  // and their cards, the piles log in over TCP and charge their own card drivers.
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() /
             ("chargetwin-sim-ykc-" + std::to_string(rd()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  node::NodeConfig cfg;
  cfg.db_path = (dir / "chargetwin.db").string();
  cfg.http.host = "127.0.0.1";
  cfg.http.port = 0;
  cfg.bootstrap_token = kPlatformToken;
  gateway::YkcServerConfig ykc;
  ykc.host = "127.0.0.1";
  ykc.port = 0;
  cfg.ykc = ykc;
  node::CsmsNode node(cfg);
  const auto port = node.start();
  {
    auto demo =
        DemoFleet::start("127.0.0.1", port, kPlatformToken, 2, 5, 600, 2, node.ykc_port(), 600);
    ASSERT_NE(demo, nullptr);
    EXPECT_EQ(demo->provisioned().pile_ids.size(), 4u);
    EXPECT_EQ(demo->provisioned().charge_point_ids.back(), demo_ykc_pile_code(2));
    auto get = [&](const std::string& target) {
      auto r = http_call("127.0.0.1", port, "GET", target, demo->tenant_token());
      EXPECT_EQ(r.status, 200) << r.body;
      return r.data();
    };
    // Until a YKC pile's session is a stopped transaction of the CSMS (bounded).
    auto ykc_stopped = [&] {
      const auto stopped = get("/api/v1/transactions?state=stopped&limit=100");
      for (const auto& t : stopped["items"]) {
        if (t["chargePointId"].get<std::string>().rfind("310115", 0) == 0) return true;
      }
      return false;
    };
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!(demo->stats().accepted == 4 && ykc_stopped()) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // polling interval
    }
    EXPECT_EQ(demo->stats().accepted, 4) << demo->summary();
    EXPECT_TRUE(ykc_stopped()) << demo->summary();
    // The YKC piles are online, as ykc1.6 piles.
    int online = 0;
    const auto piles = get("/api/v1/piles?limit=100");
    for (const auto& p : piles["items"]) {
      if (p["protocol"] != "ykc1.6") continue;
      if (p["online"].get<bool>()) ++online;
    }
    EXPECT_EQ(online, 2) << piles.dump();
    demo->stop();
    EXPECT_EQ(demo->stats().connected, 0);
  }
  node.stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST_F(FleetIntegrationTest, SessionsEndedAtShutdownAreBilledBeforeTheServerStops) {
  // `chargetwin serve` stopping with its demo fleet: the fleet ends its sessions, the server
  // stops moments later, and every order is settled, none left for the next start to find
  // abnormal.
  auto demo = DemoFleet::start("127.0.0.1", port_, kPlatformToken, 4, 3, 600);
  const auto token = demo->tenant_token();
  auto orders_in = [&](const std::string& state) {
    auto r = http_call("127.0.0.1", port_, "GET", "/api/v1/orders?state=" + state, token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.data()["total"].get<std::int64_t>();
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (orders_in("charging") < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling interval
  }
  ASSERT_GE(orders_in("charging"), 2) << demo->summary();
  demo->stop();
  node_->stop();

  node::NodeConfig cfg;
  cfg.db_path = (dir_ / "chargetwin.db").string();
  cfg.http.host = "127.0.0.1";
  cfg.http.port = 0;
  node_ = std::make_unique<node::CsmsNode>(cfg);
  port_ = node_->start();
  EXPECT_EQ(orders_in("charging"), 0);
  EXPECT_EQ(orders_in("abnormal"), 0);
  EXPECT_GE(orders_in("settled"), 2);
}

TEST_F(FleetIntegrationTest, FleetReconnectsAfterTheServerRestarts) {
  ProvisionOptions po{"127.0.0.1", port_, kPlatformToken, 2};
  provision_demo(po);
  FleetConfig fc;
  fc.host = "127.0.0.1";
  fc.port = port_;
  fc.chargers = demo_charger_configs(2);
  fc.backoff_initial = std::chrono::milliseconds(50);
  fc.backoff_max = std::chrono::milliseconds(200);
  Fleet fleet(fc);
  fleet.start();
  auto wait_accepted = [&](int n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (fleet.stats().accepted != n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling interval
    }
    return fleet.stats().accepted;
  };
  ASSERT_EQ(wait_accepted(2), 2) << format_stats(fleet.stats());

  // Restart the server on the same port and database.
  node::NodeConfig cfg;
  cfg.db_path = (dir_ / "chargetwin.db").string();
  cfg.http.host = "127.0.0.1";
  cfg.http.port = port_;
  cfg.bootstrap_token = kPlatformToken;
  node_->stop();
  node_.reset();
  ASSERT_EQ(wait_accepted(0), 0);
  node_ = std::make_unique<node::CsmsNode>(cfg);
  ASSERT_EQ(node_->start(), port_);
  EXPECT_EQ(wait_accepted(2), 2) << format_stats(fleet.stats());
  EXPECT_GE(fleet.stats().connection_failures, 2);
  fleet.stop();
}

TEST_F(FleetIntegrationTest, DemoFleetWithAWrongTokenThrows) {
  EXPECT_THROW(DemoFleet::start("127.0.0.1", port_, "ctp_wrong", 2, 1, 1), ProvisionError);
}

}  // namespace
}  // namespace ct::sim
