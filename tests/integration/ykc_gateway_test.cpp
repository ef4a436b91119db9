// A 云快充 (YKC) 1.6 pile over real TCP against a running CsmsNode: login, time sync,
// billing model, an operator's remote start, real-time data across a tariff period
// boundary, remote stop, the transaction record and its ack (resent: acknowledged again,
// nothing changes). The order's bill is the platform's own computation, to the fen, with
// the pile's figures kept beside it. The server runs on a ManualClock, so the session can
// cross a boundary without waiting for one.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "protocol/ykc16/ykc16.hpp"
#include "server/billing/time_zone.hpp"
#include "server/core/clock.hpp"
#include "server/node/csms_node.hpp"
#include "tests/integration/test_client.hpp"

namespace ct::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
namespace y = ykc16;

constexpr const char* kPlatform = "ctp_ykc_gateway_platform_token";
constexpr const char* kPileCode = "32010600019236";

// A pile's side of the TCP connection, speaking YKC through the project's codec.
class TestPile {
 public:
  ~TestPile() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool connect(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  void send_raw(const std::vector<std::uint8_t>& bytes) {
    ASSERT_EQ(::send(fd_, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  }
  void send(const y::Message& m) {
    auto frame = std::get<std::vector<std::uint8_t>>(y::encode_frame(m, seq_++));
    ASSERT_EQ(::send(fd_, frame.data(), frame.size(), 0), static_cast<ssize_t>(frame.size()));
  }
  // The next frame of type T from the platform (others are kept for later), or nullopt.
  template <class T>
  std::optional<T> expect(std::chrono::milliseconds timeout = 5s) {
    auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      for (auto it = inbox_.begin(); it != inbox_.end(); ++it) {
        if (auto* m = std::get_if<T>(&it->message)) {
          T out = *m;
          last_sequence_ = it->header.sequence;
          inbox_.erase(it);
          return out;
        }
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      std::uint8_t buf[4096];
      auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return std::nullopt;
      for (auto& ev :
           decoder_.feed(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)))) {
        if (auto* f = std::get_if<y::Frame>(&ev)) {
          EXPECT_EQ(f->crc, y::CrcStatus::Ok);
          inbox_.push_back(*f);
        } else {
          ADD_FAILURE() << "the platform sent a bad frame";
        }
      }
    }
  }
  std::uint16_t last_sequence() const { return last_sequence_; }

 private:
  int fd_ = -1;
  std::uint16_t seq_ = 0;
  std::uint16_t last_sequence_ = 0;
  y::FrameDecoder decoder_;
  std::vector<y::Frame> inbox_;
};

std::string hhmm(int slot) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", slot / 2, (slot % 2) * 30);
  return buf;
}

y::RealtimeData realtime(y::GunStatus status, const y::TransactionSerial& serial,
                         std::uint32_t energy_e4_kwh) {
  y::RealtimeData d;
  d.serial = serial;
  d.pile_code = *y::PileCode::parse(kPileCode);
  d.gun = 1;
  d.status = status;
  d.homed = y::GunHomed::No;
  d.plugged = y::PlugState::Plugged;
  d.output_voltage_dv = status == y::GunStatus::Charging ? 4000 : 0;  // 400.0 V
  d.output_current_da = status == y::GunStatus::Charging ? 1500 : 0;  // 150.0 A
  d.soc_pct = 40;
  d.energy_e4_kwh = energy_e4_kwh;
  return d;
}

class YkcGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("chargetwin-ykc-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    // 2026-01-05T01:55:00Z is 09:55 in Shanghai: five minutes before the 10:00 boundary.
    clock_.set(1'767'578'100'000);
    node::NodeConfig cfg;
    cfg.db_path = (dir_ / "ct.db").string();
    cfg.http.host = "127.0.0.1";
    cfg.http.port = 0;
    cfg.bootstrap_token = kPlatform;
    gateway::YkcServerConfig ykc;
    ykc.host = "127.0.0.1";
    ykc.port = 0;
    cfg.ykc = ykc;
    node_ = std::make_unique<node::CsmsNode>(cfg, &clock_);
    port_ = node_->start();
    ykc_port_ = node_->ykc_port();
  }
  void TearDown() override {
    node_->stop();
    node_.reset();
    std::filesystem::remove_all(dir_);
  }
  HttpResult api(const std::string& method, const std::string& target, const json& body,
                 const std::string& token) {
    return http_request(port_, method, target, token, body.is_null() ? "" : body.dump());
  }

  core::ManualClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<node::CsmsNode> node_;
  std::uint16_t port_ = 0, ykc_port_ = 0;
};

TEST_F(YkcGatewayTest, LoginTariffRemoteStartAcrossABoundaryStopRecordAndAck) {
  auto tenant = api("POST", "/api/v1/tenants", {{"name", "Acme"}}, kPlatform).json()["data"]["id"];
  auto token =
      api("POST", "/api/v1/tenants/" + tenant.dump() + "/api-tokens", {{"label", "ops"}}, kPlatform)
          .json()["data"]["token"]
          .get<std::string>();
  auto station =
      api("POST", "/api/v1/stations", {{"name", "Nanjing Road"}}, token).json()["data"]["id"];
  auto pile_r = api("POST", "/api/v1/stations/" + station.dump() + "/piles",
                    {{"chargePointId", kPileCode},
                     {"protocol", "ykc1.6"},
                     {"currentType", "DC"},
                     {"connectors", json::array({{{"connectorId", 1}, {"maxPowerW", 60000}}})}},
                    token);
  ASSERT_EQ(pile_r.status, 201) << pile_r.body;
  auto pile = pile_r.json()["data"]["id"].get<std::int64_t>();
  ASSERT_EQ(api("POST", "/api/v1/id-tags", {{"idTag", "CARD0001"}}, token).status, 201);
  // Valley all day but the peak half hour from 10:00 local.
  auto tariff = api(
      "POST", "/api/v1/tariffs",
      {{"name", "TOU"},
       {"version",
        {{"prices",
          {{"peak", {{"electricityPriceE5", 100'000}, {"servicePriceE5", 60'000}}},
           {"valley", {{"electricityPriceE5", 30'000}, {"servicePriceE5", 40'000}}}}},
         {"ranges", json::array({{{"from", "00:00"}, {"to", hhmm(20)}, {"period", "valley"}},
                                 {{"from", hhmm(20)}, {"to", hhmm(21)}, {"period", "peak"}},
                                 {{"from", hhmm(21)}, {"to", "24:00"}, {"period", "valley"}}})}}}},
      token);
  ASSERT_EQ(tariff.status, 201) << tariff.body;
  ASSERT_EQ(api("PUT", "/api/v1/stations/" + station.dump() + "/tariff",
                {{"tariffId", tariff.json()["data"]["id"]}}, token)
                .status,
            200);

  TestPile p;
  ASSERT_TRUE(p.connect(ykc_port_));
  y::Login login;
  login.pile_code = *y::PileCode::parse(kPileCode);
  login.pile_type = y::PileType::Dc;
  login.gun_count = 1;
  login.protocol_version = 0x10;
  login.program_version = "V1.0.0";
  p.send(login);
  auto ok = p.expect<y::LoginResponse>();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->result, y::LoginResult::Success);
  EXPECT_EQ(p.last_sequence(), 0) << "a reply carries the request's sequence";
  auto sync = p.expect<y::TimeSync>();
  ASSERT_TRUE(sync) << "the pile's clock is set after the login";
  EXPECT_EQ(y::to_utc_ms(sync->time), clock_.now());

  y::BillingModelCheck check;
  check.pile_code = login.pile_code;
  p.send(check);  // model 0000: the first connection
  auto differs = p.expect<y::BillingModelCheckResponse>();
  ASSERT_TRUE(differs);
  EXPECT_EQ(differs->result, y::ModelCheckResult::Different);
  p.send(y::BillingModelRequest{login.pile_code});
  auto model = p.expect<y::BillingModelResponse>();
  ASSERT_TRUE(model);
  EXPECT_EQ(model->peak.electricity_e5_yuan, 100'000u);
  EXPECT_EQ(model->valley.service_e5_yuan, 40'000u);
  EXPECT_EQ(model->slots[19], y::TariffPeriod::Valley);
  EXPECT_EQ(model->slots[20], y::TariffPeriod::Peak);
  EXPECT_EQ(model->slots[21], y::TariffPeriod::Valley);

  p.send(y::Heartbeat{login.pile_code, 1, y::GunState::Normal});
  ASSERT_TRUE(p.expect<y::HeartbeatResponse>());
  p.send(realtime(y::GunStatus::Idle, {}, 0));
  ASSERT_TRUE(eventually([&] {
    auto pj = api("GET", "/api/v1/piles/" + std::to_string(pile), nullptr, token).json()["data"];
    return pj["online"] == true && pj["connectors"][0]["status"] == "Preparing";
  }));

  // The operator starts a session for a card: 0x34 with a serial; the pile confirms.
  auto cmd = api("POST", "/api/v1/piles/" + std::to_string(pile) + "/commands/start-transaction",
                 {{"connectorId", 1}, {"idTag", "CARD0001"}}, token);
  ASSERT_EQ(cmd.status, 202) << cmd.body;
  auto rs = p.expect<y::RemoteStart>();
  ASSERT_TRUE(rs);
  EXPECT_EQ(rs->gun, 1);
  EXPECT_EQ(rs->serial.str().substr(0, 14), kPileCode);
  y::RemoteStartResponse started{rs->serial, login.pile_code, 1, y::SuccessFlag::Success,
                                 y::StartFailureReason::None};
  p.send(started);
  const auto cmd_id = cmd.json()["data"]["commandId"].get<std::int64_t>();
  ASSERT_TRUE(eventually([&] {
    return api("GET", "/api/v1/commands/" + std::to_string(cmd_id), nullptr, token)
               .json()["data"]["status"] == "accepted";
  }));

  // Charging from 09:55, across 10:00 (the peak) to 10:02. The server stamps 0x13 readings
  // with its clock when it reads them: a heartbeat's answer after each one says it has
  // (one connection is read in order), before the test moves the clock on.
  auto reading = [&](std::uint32_t e4_kwh) {
    p.send(realtime(y::GunStatus::Charging, rs->serial, e4_kwh));
    p.send(y::Heartbeat{login.pile_code, 1, y::GunState::Normal});
    ASSERT_TRUE(p.expect<y::HeartbeatResponse>());
  };
  reading(0);
  clock_.advance(4 * 60'000);  // 09:59
  reading(10'000);             // 1 kWh
  clock_.advance(2 * 60'000);  // 10:01
  reading(30'000);             // 3 kWh
  json order;
  ASSERT_TRUE(eventually([&] {
    auto list = api("GET", "/api/v1/orders", nullptr, token).json()["data"];
    if (list["total"] != 1) return false;
    order = list["items"][0];
    return order["state"] == "charging";
  })) << order;
  const auto tx = order["transactionId"].get<std::int64_t>();
  auto live =
      api("GET", "/api/v1/transactions/" + std::to_string(tx), nullptr, token).json()["data"];
  EXPECT_EQ(live["connectorId"], 1);
  EXPECT_EQ(live["idTag"], "CARD0001");

  // The operator stops it: 0x36 names the gun; the pile confirms and sends its record.
  clock_.advance(60'000);  // 10:02
  auto stop = api("POST", "/api/v1/piles/" + std::to_string(pile) + "/commands/stop-transaction",
                  {{"transactionId", tx}}, token);
  ASSERT_EQ(stop.status, 202) << stop.body;
  auto rstop = p.expect<y::RemoteStop>();
  ASSERT_TRUE(rstop);
  EXPECT_EQ(rstop->gun, 1);
  p.send(y::RemoteStopResponse{login.pile_code, 1, y::SuccessFlag::Success,
                               y::StopFailureReason::None});

  y::TransactionRecord rec;
  rec.serial = rs->serial;
  rec.pile_code = login.pile_code;
  rec.gun = 1;
  rec.start_time = *y::from_utc_ms(1'767'578'100'000);
  rec.end_time = *y::from_utc_ms(clock_.now());
  rec.meter_start_e4_kwh = 12'345'0000;
  rec.meter_end_e4_kwh = 12'349'0000;
  rec.energy_e4_kwh = 40'000;  // 4 kWh
  // The pile's own split (by its clock): 2 kWh valley, 2 kWh peak.
  rec.valley = {70'000, 20'000, 20'000, 14'000};
  rec.peak = {160'000, 20'000, 20'000, 32'000};
  rec.amount_e4_yuan = 46'000;
  rec.trade_type = y::TradeType::App;
  rec.trade_time = rec.end_time;
  rec.stop_reason = y::StopReason::AppRemoteStop;
  p.send(rec);
  auto ack = p.expect<y::TransactionRecordAck>();
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->serial, rs->serial);
  EXPECT_EQ(ack->result, y::RecordAckResult::Accepted);

  ASSERT_TRUE(eventually([&] {
    order = api("GET", "/api/v1/orders/" + order["id"].dump(), nullptr, token).json()["data"];
    return order["state"] == "settled";
  })) << order;
  // Samples 0 (09:55), 1 kWh (09:59), 3 kWh (10:01), stop 4 kWh (10:02): 2 kWh valley at
  // 0.70 yuan, 2 kWh peak at 1.60 yuan: 1.40 + 3.20 = 4.60 yuan.
  EXPECT_EQ(order["energyWh"], 4000);
  EXPECT_EQ(order["payableFen"], 460);
  EXPECT_EQ(order["stopReason"], "Remote");
  EXPECT_FALSE(order["flags"].dump().find("bill_mismatch") != std::string::npos) << order;
  // The pile's own total (0x3B) is shown beside the platform's, as stored.
  EXPECT_EQ(order["chargerAmountE4"], rec.amount_e4_yuan) << order;
  auto bill =
      api("GET", "/api/v1/orders/" + order["id"].dump() + "/bill", nullptr, token).json()["data"];
  EXPECT_TRUE(bill["agree"].get<bool>()) << bill;

  // The pile resends its record: acknowledged again, nothing changes.
  p.send(rec);
  auto again = p.expect<y::TransactionRecordAck>();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->result, y::RecordAckResult::Accepted);
  auto after = api("GET", "/api/v1/orders", nullptr, token).json()["data"];
  EXPECT_EQ(after["total"], 1);
  EXPECT_EQ(after["items"][0]["payableFen"], 460);

  // Garbage and a frame with a broken CRC on the line: refused, counted, the line stays up.
  auto hb = std::get<std::vector<std::uint8_t>>(
      y::encode_frame(y::Heartbeat{login.pile_code, 1, y::GunState::Normal}, 77));
  auto broken = hb;
  broken[broken.size() - 1] ^= 0x5A;
  std::vector<std::uint8_t> junk = {0x00, 0x13, 0x37, 0x68, 0x01};
  junk.insert(junk.end(), broken.begin(), broken.end());
  p.send_raw(junk);
  p.send(y::Heartbeat{login.pile_code, 1, y::GunState::Normal});
  ASSERT_TRUE(p.expect<y::HeartbeatResponse>()) << "the connection survived the bad bytes";
  auto metrics = http_request(port_, "GET", "/metrics", kPlatform).body;
  EXPECT_NE(metrics.find("chargetwin_ykc_frame_errors_total"), std::string::npos);

  // A card at the pile (0x31): the platform authorises it with a serial; the pile bills
  // this session very differently from the platform, and the order says so.
  ASSERT_EQ(api("POST", "/api/v1/id-tags", {{"idTag", "00000000D14B0A54"}}, token).status, 201);
  y::StartRequest swipe;
  swipe.pile_code = login.pile_code;
  swipe.gun = 1;
  swipe.start_mode = y::StartMode::Card;
  swipe.card = {0, 0, 0, 0, 0xD1, 0x4B, 0x0A, 0x54};
  p.send(swipe);
  auto auth = p.expect<y::StartAuthorization>();
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->result, y::SuccessFlag::Success);
  ASSERT_FALSE(auth->serial.is_zero());
  reading(0);
  (void)auth;
  clock_.advance(10 * 60'000);
  p.send(realtime(y::GunStatus::Charging, auth->serial, 20'000));
  y::TransactionRecord card = rec;
  card.serial = auth->serial;
  card.start_time = *y::from_utc_ms(clock_.now() - 10 * 60'000);
  card.end_time = *y::from_utc_ms(clock_.now());
  card.energy_e4_kwh = 20'000;
  card.amount_e4_yuan = 999'999;  // 100 yuan for 2 kWh: not the platform's tariff
  card.trade_type = y::TradeType::Card;
  card.stop_reason = y::StopReason::ManualStop;
  p.send(card);
  ASSERT_TRUE(p.expect<y::TransactionRecordAck>());
  json card_order;
  ASSERT_TRUE(eventually([&] {
    auto list = api("GET", "/api/v1/orders", nullptr, token).json()["data"];
    if (list["total"] != 2) return false;
    card_order = list["items"][0];
    return card_order["state"] == "settled";
  })) << card_order;
  EXPECT_EQ(card_order["idTag"], "00000000D14B0A54");
  EXPECT_EQ(card_order["startMethod"], "card");
  EXPECT_EQ(card_order["energyWh"], 2000);
  EXPECT_NE(card_order["flags"].dump().find("bill_mismatch"), std::string::npos) << card_order;
  EXPECT_EQ(card_order["chargerAmountE4"], 999'999) << card_order;

  // An unknown card is refused with the reason.
  swipe.card = {0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44};
  p.send(swipe);
  auto unknown = p.expect<y::StartAuthorization>();
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->result, y::SuccessFlag::Failure);
  EXPECT_EQ(unknown->reason, y::AuthFailureReason::AccountNotFound);

  // Parallel charging (0xA1): the gun is authorised as for a swipe, with its own serial, and
  // the answer (0xA2) carries the pile's parallel id back.
  y::ParallelStartRequest parallel;
  parallel.pile_code = login.pile_code;
  parallel.gun = 1;
  parallel.start_mode = y::StartMode::Card;
  parallel.card = {0, 0, 0, 0, 0xD1, 0x4B, 0x0A, 0x54};
  parallel.role = y::GunRole::Master;
  parallel.parallel_id = *y::ParallelChargeId::parse("260105101500");
  p.send(parallel);
  auto pauth = p.expect<y::ParallelStartAuthorization>();
  ASSERT_TRUE(pauth);
  EXPECT_EQ(pauth->result, y::SuccessFlag::Success);
  EXPECT_EQ(pauth->parallel_id.str(), "260105101500");
  EXPECT_FALSE(pauth->serial.is_zero());
  EXPECT_NE(pauth->serial, auth->serial);
  parallel.card = {0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44};
  p.send(parallel);
  auto prefused = p.expect<y::ParallelStartAuthorization>();
  ASSERT_TRUE(prefused);
  EXPECT_EQ(prefused->result, y::SuccessFlag::Failure);
  EXPECT_EQ(prefused->reason, y::AuthFailureReason::AccountNotFound);

  // A command YKC has no equivalent for is refused at once.
  auto unlock = api("POST", "/api/v1/piles/" + std::to_string(pile) + "/commands/unlock-connector",
                    {{"connectorId", 1}}, token);
  EXPECT_EQ(unlock.status, 422);
}

TEST_F(YkcGatewayTest, UnknownPilesAreRecordedUnboundAndRefused) {
  TestPile p;
  ASSERT_TRUE(p.connect(ykc_port_));
  y::Login login;
  login.pile_code = *y::PileCode::parse("55031412782305");
  login.gun_count = 2;
  p.send(login);
  auto refused = p.expect<y::LoginResponse>();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result, y::LoginResult::Failure);
  auto unbound = api("GET", "/api/v1/piles/unbound", nullptr, kPlatform).json()["data"]["items"];
  ASSERT_EQ(unbound.size(), 1u);
  EXPECT_EQ(unbound[0]["chargePointId"], "55031412782305");
  EXPECT_EQ(unbound[0]["protocol"], "ykc1.6");
}

}  // namespace
}  // namespace ct::testing
