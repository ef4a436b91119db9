// Tenant endpoints: remote commands and the command log.
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

class CommandsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a = make_tenant("acme");
    station = make_station(a);
    pile = make_pile(a, station, "CP-1",
                     {{"connectors", {{{"connectorId", 1}}, {{"connectorId", 2}}}}});
    ykc = make_pile(a, station, "YKC-1", {{"protocol", "ykc1.6"}});
  }
  Resp send(core::Id pile_id, const std::string& name, const json& body = json::object()) {
    return call("POST", path("/api/v1/piles/", pile_id, "/commands/" + name), a.token, body);
  }
  void set_status(core::Id pile_id, int connector, const std::string& status) {
    core::StatusEvent ev;
    ev.tenant_id = a.id;
    ev.pile_id = pile_id;
    ev.connector_id = connector;
    ev.status = status;
    ev.received_at = clock.now();
    store->apply_status(ev);
  }
  Tenant a;
  core::Id station = 0, pile = 0, ykc = 0;
};

TEST_F(CommandsTest, StartTransactionIsAcceptedRecordedAndDispatched) {
  events.clear();
  auto r = send(pile, "start-transaction", {{"connectorId", 2}, {"idTag", "TAG-1"}});
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.data()["status"], "pending");
  auto cmd_id = r.data()["commandId"].get<core::Id>();

  ASSERT_EQ(sink.dispatched.size(), 1u);
  const auto& d = sink.dispatched[0];
  EXPECT_EQ(d.id, cmd_id);
  EXPECT_EQ(d.action, "RemoteStartTransaction");
  EXPECT_EQ(d.charge_point_id, "CP-1");
  EXPECT_EQ(d.status, core::CommandStatus::Pending);
  EXPECT_EQ(json::parse(d.request_json), json::parse(R"({"connectorId":2,"idTag":"TAG-1"})"));

  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].has_command_updated());
  EXPECT_EQ(events[0].command_updated().command_id(), cmd_id);
  EXPECT_EQ(events[0].command_updated().status(), "pending");
  EXPECT_EQ(events[0].tenant_id(), a.id);

  auto g = call("GET", path("/api/v1/commands/", cmd_id), a.token);
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(g.data()["action"], "RemoteStartTransaction");
  EXPECT_EQ(g.data()["status"], "pending");
  EXPECT_EQ(g.data()["pileId"], pile);
  EXPECT_EQ(g.data()["requestedBy"], "acme-ops");
  EXPECT_EQ(g.data()["request"]["idTag"], "TAG-1");
  EXPECT_TRUE(g.data()["response"].is_null());
  EXPECT_TRUE(g.data()["sentAt"].is_null());
  EXPECT_EQ(g.data()["createdAt"], "2026-01-01T00:00:00.000Z");

  // The gateway's later updates show up.
  auto stored = *store->get_command(core::TenantScope::of(a.id), cmd_id);
  stored.status = core::CommandStatus::Accepted;
  stored.response_json = R"({"status":"Accepted"})";
  stored.sent_at = clock.now() + 10;
  stored.completed_at = clock.now() + 20;
  store->update_command(stored);
  g = call("GET", path("/api/v1/commands/", cmd_id), a.token);
  EXPECT_EQ(g.data()["status"], "accepted");
  EXPECT_EQ(g.data()["response"]["status"], "Accepted");
  EXPECT_EQ(g.data()["completedAt"], "2026-01-01T00:00:00.020Z");
  EXPECT_EQ(call("GET", "/api/v1/commands/999", a.token).status, 404);
}

TEST_F(CommandsTest, PayloadsFollowOcppSchema) {
  auto tx = make_transaction(a, pile, 1, "TAG-1", 0, clock.now());
  struct Case {
    std::string name;
    json body;
    std::string action;
    json payload;
  };
  for (const auto& c : std::vector<Case>{
           {"start-transaction", {{"idTag", "T"}}, "RemoteStartTransaction", {{"idTag", "T"}}},
           {"start-transaction",
            {{"connectorId", 2}, {"idTag", "T"}, {"chargingProfile", {{"chargingProfileId", 1}}}},
            "RemoteStartTransaction",
            {{"connectorId", 2}, {"idTag", "T"}, {"chargingProfile", {{"chargingProfileId", 1}}}}},
           {"stop-transaction",
            {{"transactionId", tx.id}},
            "RemoteStopTransaction",
            {{"transactionId", tx.id}}},
           {"reset", {{"type", "Soft"}}, "Reset", {{"type", "Soft"}}},
           {"unlock-connector", {{"connectorId", 1}}, "UnlockConnector", {{"connectorId", 1}}},
           {"change-availability",
            {{"connectorId", 0}, {"type", "Inoperative"}},
            "ChangeAvailability",
            {{"connectorId", 0}, {"type", "Inoperative"}}},
           {"change-configuration",
            {{"key", "HeartbeatInterval"}, {"value", "60"}},
            "ChangeConfiguration",
            {{"key", "HeartbeatInterval"}, {"value", "60"}}},
           {"get-configuration", {{"keys", {"A", "B"}}}, "GetConfiguration", {{"key", {"A", "B"}}}},
           {"get-configuration", json::object(), "GetConfiguration", json::object()},
           {"trigger-message",
            {{"requestedMessage", "StatusNotification"}, {"connectorId", 1}},
            "TriggerMessage",
            {{"requestedMessage", "StatusNotification"}, {"connectorId", 1}}},
           {"clear-cache", json::object(), "ClearCache", json::object()},
           {"data-transfer",
            {{"vendorId", "com.acme"}, {"messageId", "m"}, {"data", "x"}},
            "DataTransfer",
            {{"vendorId", "com.acme"}, {"messageId", "m"}, {"data", "x"}}},
           {"update-firmware",
            {{"location", "ftp://u:p@fw.example:21/cp.bin"},
             {"retrieveDate", "2026-01-01T02:00:00Z"}},
            "UpdateFirmware",
            {{"location", "ftp://u:p@fw.example:21/cp.bin"},
             {"retrieveDate", "2026-01-01T02:00:00Z"}}},
           {"send-local-list",
            {{"listVersion", 3},
             {"updateType", "Differential"},
             {"localAuthorizationList",
              {{{"idTag", "A1"}, {"idTagInfo", {{"status", "Accepted"}}}}, {{"idTag", "B2"}}}}},
            "SendLocalList",
            {{"listVersion", 3},
             {"updateType", "Differential"},
             {"localAuthorizationList",
              {{{"idTag", "A1"}, {"idTagInfo", {{"status", "Accepted"}}}}, {{"idTag", "B2"}}}}}},
       }) {
    sink.dispatched.clear();
    auto r = send(pile, c.name, c.body);
    ASSERT_EQ(r.status, 202) << c.name << " " << r.body;
    ASSERT_EQ(sink.dispatched.size(), 1u);
    EXPECT_EQ(sink.dispatched[0].action, c.action);
    EXPECT_EQ(json::parse(sink.dispatched[0].request_json), c.payload) << c.name;
  }
  auto log =
      call("GET", path("/api/v1/piles/", pile, "/commands"), a.token, nullptr, {{"limit", "5"}});
  ASSERT_EQ(log.status, 200);
  EXPECT_EQ(log.data()["total"], 14);
  EXPECT_EQ(log.data()["items"].size(), 5u);
  EXPECT_EQ(log.data()["items"][0]["action"], "SendLocalList");  // newest first
}

TEST_F(CommandsTest, ClearCacheAcceptsAnEmptyBody) {
  HttpRequest req;
  req.method = "POST";
  req.path = path("/api/v1/piles/", pile, "/commands/clear-cache");
  req.headers["authorization"] = "Bearer " + a.token;
  EXPECT_EQ(router->handle(req).status, 202);
}

TEST_F(CommandsTest, UnknownPileOrCommandIs404) {
  auto r = send(999, "reset", {{"type", "Hard"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), 40401);
  r = send(pile, "self-destruct");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), 40402);
  EXPECT_TRUE(sink.dispatched.empty());
}

TEST_F(CommandsTest, BadBodyIs400NamingTheField) {
  struct Case {
    std::string name;
    json body;
    std::string field;
  };
  for (const auto& c : std::vector<Case>{
           {"start-transaction", json::object(), "idTag"},
           {"start-transaction", {{"idTag", std::string(21, 'x')}}, "idTag"},
           {"start-transaction", {{"idTag", "T"}, {"connectorId", 0}}, "connectorId"},
           {"start-transaction", {{"idTag", "T"}, {"chargingProfile", 5}}, "chargingProfile"},
           {"stop-transaction", json::object(), "transactionId"},
           {"reset", {{"type", "Warm"}}, "type"},
           {"unlock-connector", json::object(), "connectorId"},
           {"change-availability", {{"connectorId", 1}}, "type"},
           {"change-configuration", {{"key", std::string(51, 'k')}, {"value", "1"}}, "key"},
           {"change-configuration", {{"key", "k"}, {"value", std::string(501, 'v')}}, "value"},
           {"get-configuration", {{"keys", {1}}}, "keys[0]"},
           {"trigger-message", {{"requestedMessage", "Reboot"}}, "requestedMessage"},
           {"data-transfer", json::object(), "vendorId"},
           {"clear-cache", {{"force", true}}, "force"},
           {"update-firmware", {{"location", "firmware.bin"}}, "location"},
           {"send-local-list", {{"updateType", "Full"}}, "listVersion"},
           {"send-local-list",
            {{"listVersion", 1},
             {"updateType", "Full"},
             {"localAuthorizationList", {{{"idTag", "A"}, {"idTagInfo", {{"status", "Maybe"}}}}}}},
            "localAuthorizationList[0].idTagInfo.status"},
       }) {
    auto r = send(pile, c.name, c.body);
    EXPECT_EQ(r.status, 400) << c.name << " " << c.body;
    EXPECT_EQ(r.field(), c.field) << c.name << " " << r.body;
  }
  EXPECT_TRUE(sink.dispatched.empty());
  EXPECT_EQ(call("GET", path("/api/v1/piles/", pile, "/commands"), a.token).data()["total"], 0);
}

TEST_F(CommandsTest, OfflinePileIs503) {
  sink.offline.insert("CP-1");
  auto r = send(pile, "reset", {{"type", "Hard"}});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.code(), 50301);
  EXPECT_TRUE(sink.dispatched.empty());
  EXPECT_EQ(call("GET", path("/api/v1/piles/", pile, "/commands"), a.token).data()["total"], 0);
}

TEST_F(CommandsTest, StartRefusedByConnectorState) {
  for (const char* status :
       {"Charging", "SuspendedEV", "SuspendedEVSE", "Finishing", "Faulted", "Unavailable"}) {
    set_status(pile, 1, status);
    auto r = send(pile, "start-transaction", {{"connectorId", 1}, {"idTag", "T"}});
    EXPECT_EQ(r.status, 409) << status;
    EXPECT_EQ(r.code(), 40902);
  }
  set_status(pile, 1, "Preparing");
  EXPECT_EQ(send(pile, "start-transaction", {{"connectorId", 1}, {"idTag", "T"}}).status, 202);
  auto no_such = send(pile, "start-transaction", {{"connectorId", 3}, {"idTag", "T"}});
  EXPECT_EQ(no_such.status, 409);
  EXPECT_EQ(send(pile, "unlock-connector", {{"connectorId", 7}}).status, 409);
}

TEST_F(CommandsTest, StartRefusedWhenConnectorHasActiveTransaction) {
  make_transaction(a, pile, 2, "OTHER", 0, clock.now());
  auto r = send(pile, "start-transaction", {{"connectorId", 2}, {"idTag", "T"}});
  EXPECT_EQ(r.status, 409);
  // Without connectorId the pile still has a free connector.
  EXPECT_EQ(send(pile, "start-transaction", {{"idTag", "T"}}).status, 202);
  set_status(pile, 1, "Faulted");
  EXPECT_EQ(send(pile, "start-transaction", {{"idTag", "T"}}).status, 409);
}

TEST_F(CommandsTest, StopRequiresActiveTransactionOnThisPile) {
  auto other = make_pile(a, station, "CP-2");
  auto tx = make_transaction(a, other, 1, "T", 0, clock.now());
  EXPECT_EQ(send(pile, "stop-transaction", {{"transactionId", tx.id}}).status, 409);
  EXPECT_EQ(send(pile, "stop-transaction", {{"transactionId", 424242}}).status, 409);
  EXPECT_EQ(send(other, "stop-transaction", {{"transactionId", tx.id}}).status, 202);
  store::StopInfo stop;
  stop.meter_stop_wh = 1;
  stop.stopped_at = clock.now();
  store->stop_transaction(other, tx.id, stop);
  auto r = send(other, "stop-transaction", {{"transactionId", tx.id}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), 40902);
}

TEST_F(CommandsTest, YkcPilesRefuseCommandsWithoutEquivalent) {
  for (const char* name : {"unlock-connector", "change-configuration", "get-configuration",
                           "clear-cache", "trigger-message", "data-transfer"}) {
    auto r = send(ykc, name);
    EXPECT_EQ(r.status, 422) << name;
    EXPECT_EQ(r.code(), 42201);
  }
  EXPECT_EQ(send(ykc, "reset", {{"type", "Hard"}}).status, 202);
  EXPECT_EQ(send(ykc, "start-transaction", {{"idTag", "T"}}).status, 202);
  EXPECT_EQ(sink.dispatched.size(), 2u);
}

TEST_F(CommandsTest, ParkingLockIsYkcOnlyAndOfflineCardsComeOneKindAtATime) {
  auto lock = send(pile, "parking-lock", {{"connectorId", 1}, {"action", "raise"}});
  EXPECT_EQ(lock.status, 422);
  EXPECT_EQ(lock.code(), 42201);
  EXPECT_EQ(send(ykc, "parking-lock", {{"connectorId", 1}, {"action", "lower"}}).status, 202);
  EXPECT_EQ(send(ykc, "parking-lock", {{"connectorId", 1}, {"action", "up"}}).status, 400);
  // The offline-card query (0x48): YKC only, 1..26 cards of 16 hex digits.
  EXPECT_EQ(send(pile, "query-offline-cards", {{"idTags", {"00000000D14B0A54"}}}).status, 422);
  EXPECT_EQ(send(ykc, "query-offline-cards", {{"idTags", {"00000000D14B0A54"}}}).status, 202);
  EXPECT_EQ(send(ykc, "query-offline-cards", {{"idTags", json::array()}}).status, 400);
  EXPECT_EQ(send(ykc, "query-offline-cards", {{"idTags", {"00000000D14B0A5"}}}).status, 400);
  EXPECT_EQ(send(ykc, "query-offline-cards", {{"idTags", {"00000000D14B0A5G"}}}).status, 400);
  json cards = json::array();
  for (int i = 0; i < 27; ++i) cards.push_back("00000000D14B0A54");
  EXPECT_EQ(send(ykc, "query-offline-cards", {{"idTags", cards}}).status, 400);

  auto card = [](const char* tag, bool add) {
    json e = {{"idTag", tag}};
    if (add) e["idTagInfo"] = {{"status", "Accepted"}};
    return e;
  };
  auto list = [](json entries) {
    return json{
        {"listVersion", 1}, {"updateType", "Differential"}, {"localAuthorizationList", entries}};
  };
  EXPECT_EQ(send(ykc, "send-local-list", list({card("00000000D14B0A54", true)})).status, 202);
  EXPECT_EQ(send(ykc, "send-local-list", list({card("00000000D14B0A54", false)})).status, 202);
  auto mixed = send(ykc, "send-local-list",
                    list({card("00000000D14B0A54", true), card("00000000D14B0A55", false)}));
  EXPECT_EQ(mixed.status, 422);
  EXPECT_EQ(mixed.code(), 42201);
  EXPECT_EQ(send(ykc, "send-local-list", list(json::array())).status, 422);  // clear all: no
  json many = json::array();
  for (int i = 0; i < 16; ++i) many.push_back(card("00000000D14B0A54", true));
  EXPECT_EQ(send(ykc, "send-local-list", list(many)).status, 422);
  EXPECT_EQ(sink.dispatched.size(), 4u);  // a lock, two lists, a query
}

TEST_F(CommandsTest, GatewayFailureIs500AndMarksCommandFailed) {
  sink.throw_on_dispatch = true;
  auto r = send(pile, "reset", {{"type", "Hard"}});
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.code(), 50001);
  EXPECT_EQ(r.body.dump().find("queue closed"), std::string::npos);  // detail only in the log
  auto log = call("GET", path("/api/v1/piles/", pile, "/commands"), a.token);
  ASSERT_EQ(log.data()["total"], 1);
  EXPECT_EQ(log.data()["items"][0]["status"], "failed");
  EXPECT_FALSE(log.data()["items"][0]["completedAt"].is_null());
}

TEST_F(CommandsTest, DisabledPileCannotStart) {
  call("PATCH", path("/api/v1/piles/", pile), a.token, {{"enabled", false}});
  EXPECT_EQ(send(pile, "start-transaction", {{"idTag", "T"}}).status, 409);
}

}  // namespace
}  // namespace ct::api::testing
