// The in-memory wire between a simulated charger and the real server core: the same
// admission, RPC session, registry and service as a WebSocket, and the wire's faults.
#include "simulator/twin/in_process_link.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "server/core/clock.hpp"
#include "server/core/secrets.hpp"
#include "server/node/csms_core.hpp"
#include "server/store/store.hpp"
#include "simulator/csms_api.hpp"
#include "simulator/twin/in_process_api.hpp"
#include "simulator/twin/provisioning.hpp"

namespace ct::sim {
namespace {

using nlohmann::json;

class InProcessLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ct-inproc-" + core::random_token("").substr(0, 12));
    std::filesystem::create_directories(dir_);
    node::CoreConfig cfg;
    cfg.db_path = (dir_ / "t.db").string();
    cfg.bootstrap_token = token_;
    core_ = std::make_unique<node::CsmsCore>(cfg, clock_);
    api_ = std::make_unique<CsmsApi>(in_process_csms_api(*core_));
    auto sc = parse_scenario(json::parse(R"({"name": "link", "duration": "1h",
        "topology": {"stations": [{"name": "S", "piles": [{"id": "LNK-1", "connectors": 1}]}]},
        "population": {"drivers": 2}})"));
    accounts_ = provision_scenario(*api_, token_, sc);
    csms_ = std::make_unique<InProcessCsms>(*core_, gateway::RpcConfig{}, 7);
  }
  void TearDown() override {
    csms_.reset();
    core_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::vector<LinkEvent> poll(ChargerTransport& t) {
    std::vector<LinkEvent> out;
    t.poll(clock_.now(), out);
    return out;
  }
  bool pile_online() { return core_->store().find_pile_by_charge_point_id("LNK-1")->online; }
  static std::string boot() {
    return R"([2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}])";
  }

  std::filesystem::path dir_;
  std::string token_ = core::random_token("ctp_");
  core::ManualClock clock_{1'767'225'600'000};
  std::unique_ptr<node::CsmsCore> core_;
  std::unique_ptr<CsmsApi> api_;
  ScenarioAccounts accounts_;
  std::unique_ptr<InProcessCsms> csms_;
};

TEST_F(InProcessLinkTest, ConnectsBootsAndCarriesServerCommands) {
  auto link = csms_->link("LNK-1");
  link->connect(clock_.now());
  auto ev = poll(*link);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, LinkEvent::Kind::Connected);
  EXPECT_TRUE(pile_online());

  link->send(boot(), clock_.now());
  ev = poll(*link);
  ASSERT_EQ(ev.size(), 1u);
  auto answer = json::parse(ev[0].text);
  EXPECT_EQ(answer[0], 3);
  EXPECT_EQ(answer[1], "b1");
  EXPECT_EQ(answer[2]["status"], "Accepted");

  // An operator's command through the API reaches the charger over the link.
  auto r = api_->call(
      "POST", "/api/v1/piles/" + std::to_string(accounts_.pile_ids.at("LNK-1")) + "/commands/reset",
      accounts_.tenant_token, {{"type", "Soft"}});
  ASSERT_EQ(r.status, 202) << r.body;
  ev = poll(*link);
  ASSERT_EQ(ev.size(), 1u);
  auto call = json::parse(ev[0].text);
  EXPECT_EQ(call[0], 2);
  EXPECT_EQ(call[2], "Reset");
  link->send(json::array({3, call[1], {{"status", "Accepted"}}}).dump(), clock_.now());
  auto cmd =
      api_->expect("GET", "/api/v1/commands/" + std::to_string(r.data()["commandId"].get<int>()),
                   accounts_.tenant_token, nullptr, {200});
  EXPECT_EQ(cmd["status"], "accepted");

  link->close(clock_.now());
  EXPECT_FALSE(pile_online());
  EXPECT_TRUE(poll(*link).empty());  // a close from the charger's side is not reported back
}

TEST_F(InProcessLinkTest, UnknownChargerIsPendingAndASecondLinkReplacesTheFirst) {
  auto stranger = csms_->link("NEW-9");
  stranger->connect(clock_.now());
  poll(*stranger);
  stranger->send(boot(), clock_.now());
  auto ev = poll(*stranger);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(json::parse(ev[0].text)[2]["status"], "Pending");

  auto first = csms_->link("LNK-1");
  auto second = csms_->link("LNK-1");
  first->connect(clock_.now());
  poll(*first);
  second->connect(clock_.now());
  ev = poll(*first);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, LinkEvent::Kind::Closed);
  EXPECT_EQ(ev[0].text, "replaced by a new connection");
  EXPECT_EQ(poll(*second).at(0).kind, LinkEvent::Kind::Connected);
  EXPECT_TRUE(pile_online());  // the replaced link's end does not mark it offline
}

TEST_F(InProcessLinkTest, WireFaultsLoseDuplicateAndDelayFrames) {
  auto link = csms_->link("LNK-1");
  link->connect(clock_.now());
  poll(*link);

  csms_->faults().loss = 1.0;
  link->send(boot(), clock_.now());
  EXPECT_TRUE(poll(*link).empty());
  EXPECT_EQ(csms_->counters().frames_lost, 1);

  csms_->faults() = {};
  csms_->faults().duplicate = 1.0;
  link->send(R"([2,"h1","Heartbeat",{}])", clock_.now());
  // The CALL reached the server twice, and each answer was doubled on the way back.
  EXPECT_EQ(poll(*link).size(), 4u);

  csms_->faults() = {};
  csms_->faults().delay_ms = 3'000;
  link->send(R"([2,"h2","Heartbeat",{}])", clock_.now());
  EXPECT_TRUE(poll(*link).empty());
  clock_.advance(2'999);
  EXPECT_TRUE(poll(*link).empty());
  clock_.advance(1);
  auto ev = poll(*link);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(json::parse(ev[0].text)[1], "h2");
}

}  // namespace
}  // namespace ct::sim
