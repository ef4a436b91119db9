// Server-initiated commands over real sockets: REST -> charger CALL -> charger answer ->
// stored command status, for every command, plus refusals and timeouts.
#include <gtest/gtest.h>

#include <thread>

#include "tests/integration/server_fixture.hpp"

namespace ct::testing {
namespace {

using nlohmann::json;

class CommandsTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    pile_id_ = create_pile(tenant_token_, "CP-CMD");
    ws_ = boot_charger("CP-CMD");
    ws_->call("StatusNotification",
              {{"connectorId", 1}, {"errorCode", "NoError"}, {"status", "Available"}});
  }

  std::string pile_path() const { return "/api/v1/piles/" + std::to_string(pile_id_); }

  HttpResult post_command(const std::string& name, const json& body) {
    return api("POST", pile_path() + "/commands/" + name, body);
  }

  // Waits for the command's stored status to leave pending/sent.
  json final_command(std::int64_t id) {
    json last;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = api("GET", "/api/v1/commands/" + std::to_string(id));
      last = r.json()["data"];
      if (last["status"] != "pending" && last["status"] != "sent") return last;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return last;
  }

  std::int64_t pile_id_ = 0;
  std::unique_ptr<WsClient> ws_;
};

struct Case {
  std::string endpoint;
  json body;
  std::string action;
  json expected_payload;  // fields the charger must receive
  json answer;            // what the charger replies
  std::string status;     // stored status
};

TEST_F(CommandsTest, EveryCommandRoundTripsAndStoresTheChargersAnswer) {
  std::vector<Case> cases = {
      {"start-transaction",
       {{"connectorId", 1}, {"idTag", "APP-1"}},
       "RemoteStartTransaction",
       {{"connectorId", 1}, {"idTag", "APP-1"}},
       {{"status", "Accepted"}},
       "accepted"},
      {"reset",
       {{"type", "Soft"}},
       "Reset",
       {{"type", "Soft"}},
       {{"status", "Rejected"}},
       "rejected"},
      {"unlock-connector",
       {{"connectorId", 1}},
       "UnlockConnector",
       {{"connectorId", 1}},
       {{"status", "Unlocked"}},
       "accepted"},
      {"change-availability",
       {{"connectorId", 2}, {"type", "Inoperative"}},
       "ChangeAvailability",
       {{"connectorId", 2}, {"type", "Inoperative"}},
       {{"status", "Scheduled"}},
       "accepted"},
      {"change-configuration",
       {{"key", "HeartbeatInterval"}, {"value", "120"}},
       "ChangeConfiguration",
       {{"key", "HeartbeatInterval"}, {"value", "120"}},
       {{"status", "Accepted"}},
       "accepted"},
      {"get-configuration",
       {{"keys", json::array({"HeartbeatInterval"})}},
       "GetConfiguration",
       {{"key", json::array({"HeartbeatInterval"})}},
       {{"configurationKey",
         json::array({{{"key", "HeartbeatInterval"}, {"readonly", false}, {"value", "120"}}})}},
       "accepted"},
      {"trigger-message",
       {{"requestedMessage", "StatusNotification"}, {"connectorId", 1}},
       "TriggerMessage",
       {{"requestedMessage", "StatusNotification"}},
       {{"status", "Accepted"}},
       "accepted"},
      {"clear-cache",
       json::object(),
       "ClearCache",
       json::object(),
       {{"status", "Accepted"}},
       "accepted"},
      {"data-transfer",
       {{"vendorId", "Acme"}, {"messageId", "ping"}},
       "DataTransfer",
       {{"vendorId", "Acme"}},
       {{"status", "UnknownVendorId"}},
       "rejected"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.endpoint);
    auto r = post_command(c.endpoint, c.body);
    ASSERT_EQ(r.status, 202) << r.body;
    auto id = r.json()["data"]["commandId"].get<std::int64_t>();
    auto call = ws_->receive_call();
    ASSERT_TRUE(call) << "the charger receives the CALL";
    EXPECT_EQ((*call)[2], c.action);
    for (const auto& [k, v] : c.expected_payload.items()) EXPECT_EQ((*call)[3][k], v) << k;
    ws_->send_text(json::array({3, (*call)[1], c.answer}).dump());
    auto stored = final_command(id);
    EXPECT_EQ(stored["status"], c.status) << stored.dump();
    EXPECT_EQ(stored["action"], c.action);
    EXPECT_EQ(stored["response"], c.answer);
  }

  auto log = api("GET", pile_path() + "/commands");
  ASSERT_EQ(log.status, 200);
  EXPECT_EQ(log.json()["data"]["total"], static_cast<int>(cases.size()));
}

TEST_F(CommandsTest, CommandsQueueOneAtATime) {
  auto a = post_command("reset", {{"type", "Soft"}});
  auto b = post_command("clear-cache", json::object());
  ASSERT_EQ(a.status, 202);
  ASSERT_EQ(b.status, 202);
  auto first = ws_->receive_call();
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)[2], "Reset");
  EXPECT_FALSE(ws_->receive_call(std::chrono::milliseconds(300)))
      << "no second CALL while the first is unanswered";
  ws_->send_text(json::array({3, (*first)[1], {{"status", "Accepted"}}}).dump());
  auto second = ws_->receive_call();
  ASSERT_TRUE(second);
  EXPECT_EQ((*second)[2], "ClearCache");
}

TEST_F(CommandsTest, UnansweredCallTimesOutAndCallErrorFails) {
  auto a = post_command("clear-cache", json::object());
  auto id = a.json()["data"]["commandId"].get<std::int64_t>();
  ASSERT_TRUE(ws_->receive_call());
  // The fixture's call timeout is 2 s.
  EXPECT_EQ(final_command(id)["status"], "timed_out");

  auto b = post_command("reset", {{"type", "Hard"}});
  auto id2 = b.json()["data"]["commandId"].get<std::int64_t>();
  auto call = ws_->receive_call();
  ASSERT_TRUE(call);
  ws_->send_text(
      json::array({4, (*call)[1], "NotSupported", "no resets here", json::object()}).dump());
  auto stored = final_command(id2);
  EXPECT_EQ(stored["status"], "failed");
}

TEST_F(CommandsTest, RefusalsAreImmediateAndDistinct) {
  EXPECT_EQ(api("POST", "/api/v1/piles/999999/commands/reset", {{"type", "Soft"}}).status, 404);
  EXPECT_EQ(post_command("reset", {{"type", "Sideways"}}).status, 400);
  EXPECT_EQ(post_command("teleport", json::object()).status, 404);
  EXPECT_EQ(post_command("stop-transaction", {{"transactionId", 424242}}).status, 409);

  ws_->call("StatusNotification",
            {{"connectorId", 2}, {"errorCode", "GroundFailure"}, {"status", "Faulted"}});
  EXPECT_EQ(post_command("start-transaction", {{"connectorId", 2}, {"idTag", "X"}}).status, 409);

  ws_->close();
  auto offline = [&] { return api("GET", pile_path()).json()["data"]["online"] == false; };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!offline() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto r = post_command("reset", {{"type", "Soft"}});
  EXPECT_EQ(r.status, 503) << r.body;
}

TEST_F(CommandsTest, EventStreamDeliversThisTenantsEventsOnly) {
  WsClient events;
  ASSERT_EQ(
      events.connect(port_, "/api/v1/events", "", {{"Authorization", "Bearer " + tenant_token_}}),
      101);
  auto other_token = create_tenant("Other");
  create_pile(other_token, "CP-OTHER");
  auto other = boot_charger("CP-OTHER");

  ws_->call("StatusNotification",
            {{"connectorId", 1}, {"errorCode", "NoError"}, {"status", "Preparing"}});
  bool saw_status = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!saw_status && std::chrono::steady_clock::now() < deadline) {
    auto f = events.receive(std::chrono::milliseconds(500));
    if (!f) continue;
    auto e = json::parse(*f);
    EXPECT_NE(e.value("chargePointId", ""), "CP-OTHER") << "another tenant's event leaked";
    if (e.contains("statusChanged") && e["statusChanged"]["status"] == "Preparing")
      saw_status = true;
  }
  EXPECT_TRUE(saw_status);

  WsClient anonymous;
  EXPECT_EQ(anonymous.connect(port_, "/api/v1/events", ""), 401);
}

}  // namespace
}  // namespace ct::testing
