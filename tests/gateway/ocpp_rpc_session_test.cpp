// The OCPP-J conversation without sockets: a real charge-point service over an
// in-memory SQLite store and a ManualClock that drives the CALL timeout.
#include "server/gateway/ocpp_rpc_session.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/bus/bus.hpp"
#include "server/core/ocpp/charge_point_service.hpp"
#include "server/store/sqlite_store.hpp"

namespace ct::gateway {
namespace {

using nlohmann::json;

class RpcSessionTest : public ::testing::Test {
 protected:
  RpcSessionTest()
      : store_(store::open_sqlite_store(":memory:", clock_)),
        service_(*store_, clock_, bus_, core::ChargePointConfig{}),
        rpc_("CP-1", service_, clock_, mutex_, RpcConfig{5'000, 1024, 2}) {
    core::Tenant t;
    t.name = "T";
    tenant_ = store_->create_tenant(t);
    core::Station st;
    st.name = "S";
    auto station = store_->create_station(core::TenantScope::of(tenant_.id), st);
    core::Pile p;
    p.charge_point_id = "CP-1";
    p.station_id = station.id;
    p.connectors.push_back(core::Connector{});
    pile_ = store_->create_pile(core::TenantScope::of(tenant_.id), p);
  }

  core::Command stored_command(const std::string& action, const json& payload) {
    core::Command c;
    c.tenant_id = tenant_.id;
    c.pile_id = pile_.id;
    c.charge_point_id = "CP-1";
    c.action = action;
    c.request_json = payload.dump();
    return store_->create_command(c);
  }

  core::CommandStatus status_of(core::Id id) {
    return store_->get_command(core::TenantScope::of(tenant_.id), id)->status;
  }

  core::ManualClock clock_;
  std::unique_ptr<store::Store> store_;
  bus::InProcessBus bus_;
  core::ChargePointService service_;
  std::mutex mutex_;
  OcppRpcSession rpc_;
  core::Tenant tenant_;
  core::Pile pile_;
};

TEST_F(RpcSessionTest, AnswersACallWithACallResultForTheSameId) {
  auto out = rpc_.on_text(R"([2,"abc","Heartbeat",{}])");
  ASSERT_EQ(out.size(), 1u);
  auto j = json::parse(out[0]);
  EXPECT_EQ(j[0], 3);
  EXPECT_EQ(j[1], "abc");
  EXPECT_TRUE(j[2].contains("currentTime"));
}

TEST_F(RpcSessionTest, MalformedAndOversizedFramesGetCallErrors) {
  auto bad = json::parse(rpc_.on_text("{not json").at(0));
  EXPECT_EQ(bad[0], 4);
  auto big = json::parse(
      rpc_.on_text(R"([2,"big","DataTransfer",{"vendorId":")" + std::string(2000, 'v') + "\"}]")
          .at(0));
  EXPECT_EQ(big[0], 4);
  EXPECT_EQ(big[1], "big") << "the id is read even from a frame too large to parse";
  EXPECT_EQ(big[2], "FormationViolation");
}

TEST_F(RpcSessionTest, OneServerCallAtATimeThenTheNext) {
  auto a = stored_command("Reset", {{"type", "Soft"}});
  auto b = stored_command("ClearCache", json::object());
  auto first = rpc_.enqueue(a);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(rpc_.enqueue(b).empty()) << "queued behind the outstanding CALL";
  EXPECT_EQ(status_of(a.id), core::CommandStatus::Sent);
  EXPECT_EQ(status_of(b.id), core::CommandStatus::Pending);

  auto call = json::parse(first[0]);
  auto next = rpc_.on_text(json::array({3, call[1], {{"status", "Accepted"}}}).dump());
  EXPECT_EQ(status_of(a.id), core::CommandStatus::Accepted);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(json::parse(next[0])[2], "ClearCache");
}

TEST_F(RpcSessionTest, UnansweredCallTimesOutOnTheInjectedClock) {
  auto a = stored_command("Reset", {{"type", "Hard"}});
  ASSERT_EQ(rpc_.enqueue(a).size(), 1u);
  clock_.advance(4'999);
  rpc_.on_tick();
  EXPECT_EQ(status_of(a.id), core::CommandStatus::Sent);
  clock_.advance(1);
  rpc_.on_tick();
  EXPECT_EQ(status_of(a.id), core::CommandStatus::TimedOut);
  EXPECT_FALSE(rpc_.has_outstanding_call());
}

TEST_F(RpcSessionTest, ResponsesToUnknownIdsAreIgnoredAndQueueOverflowFails) {
  auto a = stored_command("Reset", {{"type", "Hard"}});
  auto b = stored_command("Reset", {{"type", "Hard"}});
  auto c = stored_command("Reset", {{"type", "Hard"}});
  auto d = stored_command("Reset", {{"type", "Hard"}});
  rpc_.enqueue(a);
  rpc_.enqueue(b);
  rpc_.enqueue(c);
  rpc_.enqueue(d);  // queue limit is 2 behind the outstanding one
  EXPECT_EQ(status_of(d.id), core::CommandStatus::Failed);
  EXPECT_TRUE(rpc_.on_text(R"([3,"nobody-asked",{}])").empty());
  EXPECT_EQ(status_of(a.id), core::CommandStatus::Sent);

  rpc_.on_closed("socket lost");
  EXPECT_EQ(status_of(a.id), core::CommandStatus::Failed);
  EXPECT_EQ(status_of(b.id), core::CommandStatus::Failed);
  EXPECT_EQ(status_of(c.id), core::CommandStatus::Failed);
}

}  // namespace
}  // namespace ct::gateway
