// A simulated YKC pile on the in-memory wire to the real server core: it logs in through
// the gateway's YkcSession, gets its billing model from the station's tariff, and the
// command API drives it (remote start 0x34, remote stop 0x36, reboot 0x92) as over TCP.
#include <gtest/gtest.h>

#include <filesystem>

#include "server/core/clock.hpp"
#include "server/core/secrets.hpp"
#include "server/drivers/driver.hpp"
#include "server/node/csms_core.hpp"
#include "server/store/sql_store.hpp"
#include "server/store/store.hpp"
#include "simulator/csms_api.hpp"
#include "simulator/twin/in_process_api.hpp"
#include "simulator/twin/in_process_link.hpp"
#include "simulator/twin/provisioning.hpp"
#include "simulator/twin/twin_pile.hpp"
#include "simulator/ykc_sim_charger.hpp"

namespace ct::sim {
namespace {

using nlohmann::json;

constexpr const char* kPile = "32010200000007";

class InProcessYkcLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ct-inproc-ykc-" + core::random_token("").substr(0, 12));
    std::filesystem::create_directories(dir_);
    node::CoreConfig cfg;
    cfg.db_path = (dir_ / "t.db").string();
    cfg.bootstrap_token = token_;
    core_ = std::make_unique<node::CsmsCore>(cfg, clock_);
    api_ = std::make_unique<CsmsApi>(in_process_csms_api(*core_));
    auto sc = parse_scenario(json::parse(R"({"name": "ykc-link", "duration": "1h",
        "topology": {"stations": [{"name": "S", "piles": [
          {"id": "32010200000007", "protocol": "ykc1.6", "type": "DC", "connectors": 2}]}]},
        "population": {"drivers": 2}})"));
    accounts_ = provision_scenario(*api_, token_, sc);
    csms_ = std::make_unique<InProcessCsms>(*core_, gateway::RpcConfig{}, 7);
    YkcChargerConfig pc;
    pc.pile_code = kPile;
    pc.self_arrivals = false;
    pc.cards.clear();
    pile_ = std::make_unique<YkcSimCharger>(pc, 11, csms_->ykc_link(kPile));
  }
  void TearDown() override {
    pile_.reset();
    csms_.reset();
    core_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Advances the virtual clock one second at a time until `done` (at most `limit_s`).
  bool run_until(const std::function<bool()>& done, int limit_s = 600) {
    for (int i = 0; i < limit_s; ++i) {
      if (done()) return true;
      clock_.advance(1'000);
      pile_->step(clock_.now());
      core_->run_background();
    }
    return done();
  }
  // A driver who starts and stops from the app, with four hours to spare.
  static Visit app_driver(const std::string& id_tag) {
    Visit v;
    v.id_tag = id_tag;
    v.start = StartMethod::Remote;
    v.stop = StopMethod::App;
    v.budget_ms = 4 * 3'600'000;
    return v;
  }
  std::string pile_path() {
    return "/api/v1/piles/" + std::to_string(accounts_.pile_ids.at(kPile));
  }
  json command(const std::string& name, const json& body) {
    auto r = api_->call("POST", pile_path() + "/commands/" + name, accounts_.tenant_token, body);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.data();
  }
  std::string command_status(const json& issued) {
    return api_
        ->expect("GET", "/api/v1/commands/" + std::to_string(issued["commandId"].get<int>()),
                 accounts_.tenant_token, nullptr, {200})
        .value("status", "");
  }
  bool pile_online() { return core_->store().find_pile_by_charge_point_id(kPile)->online; }
  // Steps the pile until the command has its outcome, and returns it.
  std::string outcome(const json& issued) {
    std::string status;
    run_until(
        [&] {
          status = command_status(issued);
          return status != "pending" && status != "sent";
        },
        90);
    return status;
  }

  std::filesystem::path dir_;
  std::string token_ = core::random_token("ctp_");
  core::ManualClock clock_{1'767'225'600'000};  // 2026-01-01T00:00:00Z, 08:00 in China
  std::unique_ptr<node::CsmsCore> core_;
  std::unique_ptr<CsmsApi> api_;
  ScenarioAccounts accounts_;
  std::unique_ptr<InProcessCsms> csms_;
  std::unique_ptr<YkcSimCharger> pile_;
};

TEST_F(InProcessYkcLinkTest, LogsInGetsItsTariffAndChargesThroughTheCommandApi) {
  EXPECT_FALSE(pile_online());
  pile_->start(clock_.now());
  ASSERT_TRUE(run_until([&] { return pile_->model().billing_model_confirmed(); }));
  EXPECT_TRUE(pile_online());
  EXPECT_EQ(pile_->model().registration(), Registration::Accepted);
  EXPECT_EQ(pile_->model().stats().time_syncs, 1);
  // The model it was sent is the station's tariff: a time-of-use table of 48 slots.
  ASSERT_TRUE(pile_->model().billing_model().has_value());

  // An app driver plugs in; the start goes through the command API (0x34 -> 0x33).
  ASSERT_TRUE(pile_->model().plug_in(1, app_driver("DRV00001"), clock_.now()));
  auto requests = pile_->model().take_driver_requests();
  ASSERT_EQ(requests.size(), 1u);
  auto start = command("start-transaction", {{"connectorId", 1}, {"idTag", "DRV00001"}});
  ASSERT_TRUE(run_until([&] { return pile_->model().serial(1).has_value(); }));
  EXPECT_EQ(pile_->model().connector_status(1), ConnectorStatus::Charging);
  EXPECT_EQ(outcome(start), "accepted");

  // The CSMS's transaction carries the pile's serial as its reference.
  const auto serial = pile_->model().serial(1)->str();
  ASSERT_TRUE(run_until([&] {
    return !api_->list("/api/v1/transactions?state=active", accounts_.tenant_token).empty();
  }));
  auto active = api_->list("/api/v1/transactions?state=active", accounts_.tenant_token);
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0]["reference"], serial);
  EXPECT_EQ(active[0]["connectorId"], 1);

  // Twenty minutes of charging, then the app stop (0x36 -> 0x35, 0x3B -> 0x40).
  clock_.advance(20 * 60'000);
  pile_->step(clock_.now());
  auto stop = command("stop-transaction", {{"transactionId", active[0]["id"]}});
  EXPECT_EQ(outcome(stop), "accepted");
  ASSERT_TRUE(run_until([&] { return pile_->model().transactions_settled(); }));

  auto pile = make_ykc_twin_pile(std::move(pile_));
  auto sessions = pile->sessions();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_TRUE(sessions[0].stop_acknowledged);
  EXPECT_EQ(sessions[0].reference, serial);
  EXPECT_GT(sessions[0].energy_wh(), 1'000);
  auto t = api_->expect("GET", "/api/v1/transactions/" + std::to_string(active[0]["id"].get<int>()),
                        accounts_.tenant_token, nullptr, {200});
  EXPECT_EQ(t["state"], "stopped");
  EXPECT_EQ(t["meterStartWh"], sessions[0].meter_start_wh);
  EXPECT_EQ(t["meterStopWh"], sessions[0].meter_stop_wh);
  pile->shut_down(clock_.now());
}

TEST_F(InProcessYkcLinkTest, ResetIsARemoteRebootAndThePileLogsInAgain) {
  pile_->start(clock_.now());
  ASSERT_TRUE(run_until([&] { return pile_->model().billing_model_confirmed(); }));
  const auto logins = pile_->model().stats().logins_accepted;
  auto reset = command("reset", {{"type", "Hard"}});
  EXPECT_EQ(outcome(reset), "accepted");
  ASSERT_TRUE(run_until([&] { return pile_->model().stats().logins_accepted > logins; }));
  EXPECT_GE(pile_->connects(), 2);
  EXPECT_TRUE(pile_online());
}

TEST_F(InProcessYkcLinkTest, ASilentWireEndsTheLinkAndThePileComesBack) {
  pile_->start(clock_.now());
  ASSERT_TRUE(run_until([&] { return pile_->model().billing_model_confirmed(); }));
  // Every frame is lost: heartbeats go unanswered both ways, the link is given up (by the
  // pile after three rounds, or by the gateway after three missed heartbeats, whichever
  // comes first), the pile shows offline, and it logs in again once the wire is back.
  csms_->faults().loss = 1.0;
  const auto failures = pile_->connection_failures();
  ASSERT_TRUE(run_until([&] { return pile_->connection_failures() > failures; }, 120));
  EXPECT_FALSE(pile_online());
  csms_->faults() = {};
  ASSERT_TRUE(run_until([&] { return pile_->model().registration() == Registration::Accepted; }));
  EXPECT_TRUE(pile_online());
}

}  // namespace
}  // namespace ct::sim

namespace ct::sim {
namespace {

TEST_F(InProcessYkcLinkTest, OfflineCardsFirmwareAndParkingLockReachThePile) {
  pile_->start(clock_.now());
  ASSERT_TRUE(run_until([&] { return pile_->model().billing_model_confirmed(); }));

  // Offline cards (0x44, then 0x46): the pile's list follows.
  auto sync =
      command("send-local-list",
              {{"listVersion", 1},
               {"updateType", "Differential"},
               {"localAuthorizationList",
                {{{"idTag", "00000000D14B0A54"}, {"idTagInfo", {{"status", "Accepted"}}}},
                 {{"idTag", "DA00000000000002"}, {"idTagInfo", {{"status", "Accepted"}}}}}}});
  EXPECT_EQ(outcome(sync), "accepted");
  EXPECT_EQ(pile_->model().offline_cards(), 2u);
  auto clear =
      command("send-local-list", {{"listVersion", 2},
                                  {"updateType", "Differential"},
                                  {"localAuthorizationList", {{{"idTag", "DA00000000000002"}}}}});
  EXPECT_EQ(outcome(clear), "accepted");
  EXPECT_EQ(pile_->model().offline_cards(), 1u);

  // Which cards the pile holds (0x48 -> 0x47): the answer lists each card.
  auto query =
      command("query-offline-cards", {{"idTags", {"00000000D14B0A54", "DA00000000000002"}}});
  EXPECT_EQ(outcome(query), "accepted");
  auto answered =
      api_->expect("GET", "/api/v1/commands/" + std::to_string(query["commandId"].get<int>()),
                   accounts_.tenant_token, nullptr, {200});
  EXPECT_EQ(answered["response"]["cards"],
            json::parse(R"([{"idTag": "00000000D14B0A54", "present": true},
                            {"idTag": "DA00000000000002", "present": false}])"))
      << answered.dump();
  auto bad_query = api_->call("POST", pile_path() + "/commands/query-offline-cards",
                              accounts_.tenant_token, {{"idTags", {"DRV00001"}}});
  EXPECT_EQ(bad_query.status, 400) << bad_query.body;

  // A YKC pile cannot add and remove in one frame, nor take a card it cannot read.
  auto mixed =
      api_->call("POST", pile_path() + "/commands/send-local-list", accounts_.tenant_token,
                 {{"listVersion", 3},
                  {"updateType", "Differential"},
                  {"localAuthorizationList",
                   {{{"idTag", "00000000D14B0A54"}},
                    {{"idTag", "DA00000000000003"}, {"idTagInfo", {{"status", "Accepted"}}}}}}});
  EXPECT_EQ(mixed.status, 422) << mixed.body;
  auto not_a_card = command("send-local-list",
                            {{"listVersion", 3},
                             {"updateType", "Differential"},
                             {"localAuthorizationList",
                              {{{"idTag", "DRV00001"}, {"idTagInfo", {{"status", "Accepted"}}}}}}});
  EXPECT_EQ(outcome(not_a_card), "failed");

  // Firmware (0x94): the simulated pile cannot fetch over FTP and says so (0x93).
  auto fw = command("update-firmware", {{"location", "ftp://fw:secret@10.0.0.5:2121/ct-2.0.bin"}});
  EXPECT_EQ(outcome(fw), "rejected");
  EXPECT_EQ(pile_->model().stats().unsupported, 1);
  auto http = command("update-firmware", {{"location", "https://example.com/fw.bin"}});
  EXPECT_EQ(outcome(http), "failed");  // YKC fetches over FTP only

  // Parking lock (0x62): this pile has none and answers failure (0x63).
  auto lock = command("parking-lock", {{"connectorId", 2}, {"action", "lower"}});
  EXPECT_EQ(outcome(lock), "rejected");
  EXPECT_EQ(pile_->model().stats().unsupported, 2);
}

}  // namespace
}  // namespace ct::sim

namespace ct::sim {
namespace {

TEST_F(InProcessYkcLinkTest, ATopUpMidSessionReachesThePileAsABalanceUpdate) {
  pile_->start(clock_.now());
  ASSERT_TRUE(run_until([&] { return pile_->model().billing_model_confirmed(); }));
  // An app driver whose sessions run under DRV00001, with 100 yuan in the wallet.
  drivers::Driver d;
  d.phone = "+8613800138000";
  d.nickname = "Topping up";
  d.id_tag = "DRV00001";
  d = core_->sql_store().create_driver(core::TenantScope::of(accounts_.tenant_id), d);
  const auto driver_path = "/api/v1/drivers/" + std::to_string(d.id);
  auto wallet = [&] {
    return api_->expect("GET", driver_path, accounts_.tenant_token, nullptr, {200})["wallet"];
  };
  api_->expect("POST", driver_path + "/wallet/adjustments", accounts_.tenant_token,
               {{"amountFen", 10'000}, {"reason", "opening balance"}}, {201});

  ASSERT_TRUE(pile_->model().plug_in(1, app_driver("DRV00001"), clock_.now()));
  pile_->model().take_driver_requests();
  const auto available_at_start = wallet()["availableFen"].get<std::int64_t>();
  auto start = command("start-transaction", {{"connectorId", 1}, {"idTag", "DRV00001"}});
  EXPECT_EQ(outcome(start), "accepted");
  ASSERT_EQ(pile_->model().session_balance_e2_yuan(1), available_at_start);

  // Ten minutes of charging: the order holds the running amount, the driver's spendable
  // total (available + held) is unchanged, so the pile is told nothing new.
  const auto pushes_before = pile_->model().stats().balance_updates;
  ASSERT_TRUE(run_until([&] { return wallet()["frozenFen"].get<std::int64_t>() > 0; }, 900));
  EXPECT_EQ(pile_->model().stats().balance_updates, pushes_before);
  EXPECT_EQ(pile_->model().session_balance_e2_yuan(1), available_at_start);

  // A top-up: within the balance-check interval the pile hears of it (0x42 -> 0x41).
  api_->expect("POST", driver_path + "/wallet/adjustments", accounts_.tenant_token,
               {{"amountFen", 50'000}, {"reason", "top-up at the counter"}}, {201});
  ASSERT_TRUE(
      run_until([&] { return pile_->model().stats().balance_updates > pushes_before; }, 60));
  const auto w = wallet();
  const auto spendable = w["availableFen"].get<std::int64_t>() +
                         w["accounts"]["heldCash"].get<std::int64_t>() +
                         w["accounts"]["heldGift"].get<std::int64_t>();
  EXPECT_EQ(spendable, available_at_start + 50'000);
  EXPECT_EQ(pile_->model().session_balance_e2_yuan(1), available_at_start + 50'000);
}

}  // namespace
}  // namespace ct::sim
