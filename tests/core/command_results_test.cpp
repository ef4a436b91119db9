// Server-initiated command bookkeeping: stored status transitions and CommandUpdated.
#include "tests/core/charge_point_fixture.hpp"

namespace ct::test {
namespace {

using Body = events::Event::BodyCase;

class CommandResultsTest : public ChargePointTest {
 protected:
  void SetUp() override { standard_setup(); }

  core::Command make_command(const std::string& action, json request = json::object()) {
    core::Command c;
    c.tenant_id = tenant_.id;
    c.pile_id = pile_.id;
    c.charge_point_id = "CP1";
    c.action = action;
    c.request_json = request.dump();
    c.requested_by = "test";
    c.created_at = clock_.now();
    return store_.create_command(c);
  }
  core::Command load(core::Id id) {
    return *store_.get_command(core::TenantScope::of(tenant_.id), id);
  }
  std::vector<std::string> published_statuses(core::Id id) {
    std::vector<std::string> out;
    for (const auto& e : events_of(Body::kCommandUpdated)) {
      if (e.command_updated().command_id() == id) out.push_back(e.command_updated().status());
    }
    return out;
  }
};

TEST_F(CommandResultsTest, SentThenAccepted) {
  auto c = make_command("RemoteStartTransaction", {{"idTag", "TAG1"}});
  clock_.advance(100);
  svc().on_command_sent(c.id);
  auto sent = load(c.id);
  EXPECT_EQ(sent.status, core::CommandStatus::Sent);
  EXPECT_EQ(sent.sent_at, clock_.now());

  clock_.advance(400);
  svc().on_command_result(c.id, {{"status", "Accepted"}});
  auto done = load(c.id);
  EXPECT_EQ(done.status, core::CommandStatus::Accepted);
  EXPECT_EQ(done.completed_at, clock_.now());
  EXPECT_EQ(json::parse(done.response_json), json({{"status", "Accepted"}}));

  EXPECT_EQ(published_statuses(c.id), (std::vector<std::string>{"sent", "accepted"}));
  auto ev = events_of(Body::kCommandUpdated).back();
  EXPECT_EQ(ev.tenant_id(), tenant_.id);
  EXPECT_EQ(ev.pile_id(), pile_.id);
  EXPECT_EQ(ev.charge_point_id(), "CP1");
  EXPECT_EQ(ev.at_ms(), clock_.now());
  EXPECT_EQ(ev.command_updated().action(), "RemoteStartTransaction");
}

TEST_F(CommandResultsTest, StatusMapping) {
  struct Case {
    std::string action;
    json payload;
    core::CommandStatus expected;
  };
  const std::vector<Case> cases = {
      {"Reset", {{"status", "Accepted"}}, core::CommandStatus::Accepted},
      {"Reset", {{"status", "Rejected"}}, core::CommandStatus::Rejected},
      {"UnlockConnector", {{"status", "Unlocked"}}, core::CommandStatus::Accepted},
      {"UnlockConnector", {{"status", "UnlockFailed"}}, core::CommandStatus::Rejected},
      {"UnlockConnector", {{"status", "NotSupported"}}, core::CommandStatus::Rejected},
      {"ChangeAvailability", {{"status", "Scheduled"}}, core::CommandStatus::Accepted},
      {"ChangeConfiguration", {{"status", "RebootRequired"}}, core::CommandStatus::Accepted},
      {"ChangeConfiguration", {{"status", "NotSupported"}}, core::CommandStatus::Rejected},
      {"TriggerMessage", {{"status", "NotImplemented"}}, core::CommandStatus::Rejected},
      {"DataTransfer", {{"status", "UnknownVendorId"}}, core::CommandStatus::Rejected},
      {"DataTransfer", {{"status", "UnknownMessageId"}}, core::CommandStatus::Rejected},
      {"ReserveNow", {{"status", "Occupied"}}, core::CommandStatus::Rejected},
      {"GetConfiguration",
       {{"configurationKey",
         json::array({{{"key", "HeartbeatInterval"}, {"readonly", false}, {"value", "300"}}})}},
       core::CommandStatus::Accepted},
      {"GetConfiguration", json::object(), core::CommandStatus::Accepted},
      {"ClearCache", {{"status", "Bogus"}}, core::CommandStatus::Failed},  // not in the enum
      {"Reset", json::object(), core::CommandStatus::Failed},              // status required
      {"RemoteStopTransaction",
       {{"status", "Accepted"}, {"extra", 1}},
       core::CommandStatus::Failed},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.action + " " + tc.payload.dump());
    auto c = make_command(tc.action);
    svc().on_command_sent(c.id);
    svc().on_command_result(c.id, tc.payload);
    auto done = load(c.id);
    EXPECT_EQ(done.status, tc.expected);
    EXPECT_EQ(published_statuses(c.id).back(), core::to_string(tc.expected));
    if (tc.expected == core::CommandStatus::Failed) {
      EXPECT_NE(done.error.find("invalid response"), std::string::npos) << done.error;
    }
  }
}

TEST_F(CommandResultsTest, CallErrorFailsAndKeepsCodeAndDescription) {
  auto c = make_command("ChangeConfiguration");
  svc().on_command_sent(c.id);
  ocpp16::CallError e;
  e.unique_id = "x";
  e.code = ocpp16::ErrorCode::NotSupported;
  e.description = "no such key";
  svc().on_command_error(c.id, e);
  auto done = load(c.id);
  EXPECT_EQ(done.status, core::CommandStatus::Failed);
  json resp = json::parse(done.response_json);
  EXPECT_EQ(resp["errorCode"], "NotSupported");
  EXPECT_EQ(resp["errorDescription"], "no such key");
  EXPECT_NE(done.error.find("NotSupported"), std::string::npos);
  EXPECT_NE(done.error.find("no such key"), std::string::npos);
  EXPECT_EQ(published_statuses(c.id).back(), "failed");
}

TEST_F(CommandResultsTest, TimeoutAndLateResultIsIgnored) {
  auto c = make_command("Reset", {{"type", "Soft"}});
  svc().on_command_sent(c.id);
  clock_.advance(30'000);
  svc().on_command_timeout(c.id);
  EXPECT_EQ(load(c.id).status, core::CommandStatus::TimedOut);
  EXPECT_EQ(load(c.id).completed_at, clock_.now());
  svc().on_command_result(c.id, {{"status", "Accepted"}});
  EXPECT_EQ(load(c.id).status, core::CommandStatus::TimedOut);
  EXPECT_EQ(published_statuses(c.id), (std::vector<std::string>{"sent", "timed_out"}));
}

TEST_F(CommandResultsTest, FailedBeforeSendingKeepsWhy) {
  auto c = make_command("Reset", {{"type", "Hard"}});
  svc().on_command_failed(c.id, "charger went offline");
  auto done = load(c.id);
  EXPECT_EQ(done.status, core::CommandStatus::Failed);
  EXPECT_EQ(done.error, "charger went offline");
  EXPECT_FALSE(done.sent_at.has_value());
  EXPECT_EQ(published_statuses(c.id), (std::vector<std::string>{"failed"}));
}

TEST_F(CommandResultsTest, RepeatedResultChangesNothing) {
  auto c = make_command("ClearCache");
  svc().on_command_sent(c.id);
  svc().on_command_result(c.id, {{"status", "Rejected"}});
  svc().on_command_result(c.id, {{"status", "Accepted"}});
  svc().on_command_sent(c.id);
  EXPECT_EQ(load(c.id).status, core::CommandStatus::Rejected);
  EXPECT_EQ(published_statuses(c.id), (std::vector<std::string>{"sent", "rejected"}));
}

TEST_F(CommandResultsTest, CommandsOfSeveralTenantsAreFound) {
  auto other = make_tenant("other");
  auto p2 = make_pile(other, make_station(other), "CP9");
  core::Command c;
  c.tenant_id = other.id;
  c.pile_id = p2.id;
  c.charge_point_id = "CP9";
  c.action = "ClearCache";
  c.request_json = "{}";
  auto stored = store_.create_command(c);
  svc().on_command_result(stored.id, {{"status", "Accepted"}});
  EXPECT_EQ(store_.get_command(core::TenantScope::of(other.id), stored.id)->status,
            core::CommandStatus::Accepted);
  EXPECT_EQ(events_of(Body::kCommandUpdated).back().tenant_id(), other.id);
}

TEST_F(CommandResultsTest, UnknownCommandIdAndStoreFailureDoNotThrow) {
  EXPECT_NO_THROW(svc().on_command_result(987654, {{"status", "Accepted"}}));
  auto c = make_command("ClearCache");
  store_.fail = {"*"};
  EXPECT_NO_THROW(svc().on_command_sent(c.id));
  EXPECT_NO_THROW(svc().on_command_timeout(c.id));
  store_.fail.clear();
  EXPECT_EQ(load(c.id).status, core::CommandStatus::Pending);
  EXPECT_TRUE(events_of(Body::kCommandUpdated).empty());
}

}  // namespace
}  // namespace ct::test
