// Tenant endpoints: piles, connectors, unbound piles and binding, status history.
#include "server/core/secrets.hpp"
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

class PilesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a = make_tenant("acme");
    b = make_tenant("beta");
    station = make_station(a);
  }
  std::string piles_of(core::Id st) { return path("/api/v1/stations/", st, "/piles"); }
  Tenant a, b;
  core::Id station = 0;
};

TEST_F(PilesTest, CreateWithDefaultsAndFullBody) {
  auto r =
      call("POST", piles_of(station), a.token, {{"chargePointId", "CP-1"}, {"maxPowerW", 7000}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto& d = r.data();
  EXPECT_EQ(d["chargePointId"], "CP-1");
  EXPECT_EQ(d["stationId"], station);
  EXPECT_EQ(d["protocol"], "ocpp1.6");
  EXPECT_EQ(d["currentType"], "AC");
  EXPECT_EQ(d["basicAuth"], false);
  EXPECT_EQ(d["online"], false);
  EXPECT_TRUE(d["lastHeartbeatAt"].is_null());
  ASSERT_EQ(d["connectors"].size(), 1u);
  EXPECT_EQ(d["connectors"][0]["connectorId"], 1);
  EXPECT_EQ(d["connectors"][0]["maxPowerW"], 7000);
  EXPECT_EQ(d["connectors"][0]["status"], "Unknown");
  EXPECT_EQ(events.back().asset_changed().kind(), "pile");
  EXPECT_EQ(events.back().charge_point_id(), "CP-1");

  auto full = call("POST", piles_of(station), a.token,
                   json::parse(R"({"chargePointId":"DC.fast:02_a","vendor":"V","model":"M",
                     "name":"Bay 2","currentType":"DC","maxPowerW":120000,"protocol":"ykc1.6",
                     "enabled":false,"password":"s3cret-pass",
                     "connectors":[{"connectorId":1,"maxPowerW":60000,"type":"GBT-DC"},
                                   {"connectorId":2,"type":"GBT-DC"}]})"));
  ASSERT_EQ(full.status, 201) << full.body;
  EXPECT_EQ(full.data()["basicAuth"], true);
  EXPECT_EQ(full.data()["protocol"], "ykc1.6");
  EXPECT_EQ(full.data()["enabled"], false);
  EXPECT_EQ(full.data()["connectors"].size(), 2u);
  EXPECT_EQ(full.data()["connectors"][1]["maxPowerW"], 120000);
  EXPECT_EQ(full.body.dump().find("s3cret"), std::string::npos);
  EXPECT_EQ(full.body.dump().find("pbkdf2"), std::string::npos);
  auto stored = store->get_pile_by_id(full.data()["id"].get<core::Id>());
  EXPECT_TRUE(core::verify_password("s3cret-pass", stored->password_hash));
}

TEST_F(PilesTest, CreateValidationNamesField) {
  struct Case {
    json body;
    std::string field;
  };
  for (const auto& c : std::vector<Case>{
           {json::object(), "chargePointId"},
           {{{"chargePointId", "has space"}}, "chargePointId"},
           {{{"chargePointId", std::string(65, 'x')}}, "chargePointId"},
           {{{"chargePointId", "CP"}, {"currentType", "XX"}}, "currentType"},
           {{{"chargePointId", "CP"}, {"protocol", "ocpp2.0.1"}}, "protocol"},
           {{{"chargePointId", "CP"}, {"maxPowerW", -1}}, "maxPowerW"},
           {{{"chargePointId", "CP"}, {"maxPowerW", 1.5}}, "maxPowerW"},
           {{{"chargePointId", "CP"}, {"password", "short"}}, "password"},
           {{{"chargePointId", "CP"}, {"connectors", json::array()}}, "connectors"},
           {{{"chargePointId", "CP"}, {"connectors", {{{"maxPowerW", 1}}}}},
            "connectors[0].connectorId"},
           {{{"chargePointId", "CP"}, {"connectors", {{{"connectorId", 1}}, {{"connectorId", 1}}}}},
            "connectors[1].connectorId"},
           {{{"chargePointId", "CP"}, {"connectors", {{{"connectorId", 1}, {"kind", "x"}}}}},
            "connectors[0].kind"},
       }) {
    auto r = call("POST", piles_of(station), a.token, c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(r.field(), c.field) << c.body << r.body;
  }
  EXPECT_EQ(call("GET", "/api/v1/piles", a.token).data()["total"], 0);
}

TEST_F(PilesTest, DuplicateChargePointIdAcrossTenantsIs409) {
  make_pile(a, station, "CP-1");
  auto r = call("POST", piles_of(station), a.token, {{"chargePointId", "CP-1"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), 40901);
  auto b_station = make_station(b);
  r = call("POST", piles_of(b_station), b.token, {{"chargePointId", "CP-1"}});
  EXPECT_EQ(r.status, 409);
  store->create_unbound_pile("CP-U", {}, clock.now());
  r = call("POST", piles_of(station), a.token, {{"chargePointId", "CP-U"}});
  EXPECT_EQ(r.status, 409);
}

TEST_F(PilesTest, CreateOnUnknownStationIs404) {
  auto r = call("POST", "/api/v1/stations/999/piles", a.token, {{"chargePointId", "CP-1"}});
  EXPECT_EQ(r.status, 404);
}

TEST_F(PilesTest, GetShowsDynamicState) {
  auto id =
      make_pile(a, station, "CP-1", {{"connectors", {{{"connectorId", 1}}, {{"connectorId", 2}}}}});
  store::BootInfo boot;
  boot.vendor = "V";
  boot.firmware_version = "1.2.3";
  boot.serial_number = "SN1";
  store->record_boot(id, boot, clock.now());
  store->set_online(id, true);
  store->touch_heartbeat(id, clock.now() + 5000);
  core::StatusEvent ev;
  ev.tenant_id = a.id;
  ev.pile_id = id;
  ev.connector_id = 2;
  ev.status = "Faulted";
  ev.error_code = "GroundFailure";
  ev.vendor_error_code = "E42";
  ev.timestamp = clock.now();
  ev.received_at = clock.now();
  store->apply_status(ev);
  auto r = call("GET", path("/api/v1/piles/", id), a.token);
  ASSERT_EQ(r.status, 200);
  const auto& d = r.data();
  EXPECT_EQ(d["online"], true);
  EXPECT_EQ(d["firmwareVersion"], "1.2.3");
  EXPECT_EQ(d["serialNumber"], "SN1");
  EXPECT_EQ(d["lastBootAt"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(d["lastHeartbeatAt"], "2026-01-01T00:00:05.000Z");
  EXPECT_EQ(d["connectors"][1]["status"], "Faulted");
  EXPECT_EQ(d["connectors"][1]["errorCode"], "GroundFailure");
  EXPECT_EQ(d["connectors"][1]["vendorErrorCode"], "E42");
  EXPECT_EQ(d["connectors"][1]["statusAt"], "2026-01-01T00:00:00.000Z");

  auto h = call("GET", path("/api/v1/piles/", id, "/status-history"), a.token);
  ASSERT_EQ(h.status, 200);
  EXPECT_EQ(h.data()["total"], 1);
  EXPECT_EQ(h.data()["items"][0]["status"], "Faulted");
  EXPECT_EQ(h.data()["items"][0]["connectorId"], 2);
  EXPECT_EQ(call("GET", "/api/v1/piles/999/status-history", a.token).status, 404);
}

TEST_F(PilesTest, PatchUpdatesAttributesAndConnectors) {
  auto id = make_pile(a, station, "CP-1", {{"password", "password-1"}});
  auto other = make_station(a, "Other");
  auto body = json::parse(R"({"name":"Bay 9","maxPowerW":22000,"password":null,
      "connectors":[{"connectorId":1,"type":"Type2"},{"connectorId":2,"maxPowerW":11000}]})");
  body["stationId"] = other;
  auto r = call("PATCH", path("/api/v1/piles/", id), a.token, body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.data()["name"], "Bay 9");
  EXPECT_EQ(r.data()["stationId"], other);
  EXPECT_EQ(r.data()["basicAuth"], false);
  ASSERT_EQ(r.data()["connectors"].size(), 2u);
  EXPECT_EQ(r.data()["connectors"][0]["type"], "Type2");
  EXPECT_EQ(r.data()["connectors"][1]["maxPowerW"], 11000);
  EXPECT_EQ(events.back().asset_changed().change(), "updated");

  auto cp = call("PATCH", path("/api/v1/piles/", id), a.token, {{"chargePointId", "CP-2"}});
  EXPECT_EQ(cp.status, 400);
  EXPECT_EQ(cp.field(), "chargePointId");
  auto st = call("PATCH", path("/api/v1/piles/", id), a.token, {{"stationId", 999}});
  EXPECT_EQ(st.status, 404);
  auto bad = call("PATCH", path("/api/v1/piles/", id), a.token, {{"enabled", "no"}});
  EXPECT_EQ(bad.field(), "enabled");
}

TEST_F(PilesTest, DeletePile) {
  auto id = make_pile(a, station, "CP-1");
  EXPECT_EQ(call("DELETE", path("/api/v1/piles/", id), a.token).status, 200);
  EXPECT_EQ(call("GET", path("/api/v1/piles/", id), a.token).status, 404);
  EXPECT_EQ(call("DELETE", path("/api/v1/piles/", id), a.token).status, 404);
  EXPECT_EQ(events.back().asset_changed().change(), "deleted");
}

TEST_F(PilesTest, ListFilters) {
  auto s2 = make_station(a, "S2");
  auto p1 = make_pile(a, station, "AAA-1", {{"vendor", "Zeta"}});
  auto p2 = make_pile(a, station, "BBB-2");
  make_pile(a, s2, "CCC-3");
  store->set_online(p1, true);
  core::StatusEvent ev;
  ev.tenant_id = a.id;
  ev.pile_id = p2;
  ev.connector_id = 0;
  ev.status = "Unavailable";
  ev.received_at = clock.now();
  store->apply_status(ev);

  auto total = [&](std::map<std::string, std::string> q) {
    auto r = call("GET", "/api/v1/piles", a.token, nullptr, q);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.data()["total"].get<int>();
  };
  EXPECT_EQ(total({}), 3);
  EXPECT_EQ(total({{"stationId", std::to_string(station)}}), 2);
  EXPECT_EQ(total({{"online", "true"}}), 1);
  EXPECT_EQ(total({{"online", "false"}}), 2);
  EXPECT_EQ(total({{"status", "Unavailable"}}), 1);
  EXPECT_EQ(total({{"q", "zeta"}}), 1);
  EXPECT_EQ(total({{"q", "ccc"}}), 1);
  auto bad = call("GET", "/api/v1/piles", a.token, nullptr, {{"online", "maybe"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.field(), "online");
  bad = call("GET", "/api/v1/piles", a.token, nullptr, {{"stationId", "x"}});
  EXPECT_EQ(bad.field(), "stationId");
}

TEST_F(PilesTest, UnboundListAndBindFlow) {
  store::BootInfo boot;
  boot.vendor = "Acme";
  boot.model = "X1";
  boot.firmware_version = "9.9";
  auto u = store->create_unbound_pile("NEW-1", boot, clock.now());

  for (const std::string& token : {a.token, b.token, std::string(kPlatform)}) {
    auto l = call("GET", "/api/v1/piles/unbound", token);
    ASSERT_EQ(l.status, 200) << l.body;
    ASSERT_EQ(l.data()["total"], 1);
    const auto& item = l.data()["items"][0];
    EXPECT_EQ(item["chargePointId"], "NEW-1");
    EXPECT_EQ(item["vendor"], "Acme");
    EXPECT_EQ(item["model"], "X1");
    EXPECT_EQ(item["firmwareVersion"], "9.9");
    EXPECT_EQ(item["firstSeenAt"], "2026-01-01T00:00:00.000Z");
  }
  // Not part of any tenant's pile list until bound.
  EXPECT_EQ(call("GET", path("/api/v1/piles/", u.id), a.token).status, 404);

  auto missing = call("POST", path("/api/v1/piles/", u.id, "/bind"), a.token, json::object());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.field(), "stationId");
  auto b_station = make_station(b);
  auto foreign =
      call("POST", path("/api/v1/piles/", u.id, "/bind"), a.token, {{"stationId", b_station}});
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(call("POST", "/api/v1/piles/999/bind", a.token, {{"stationId", station}}).status, 404);

  auto r = call("POST", path("/api/v1/piles/", u.id, "/bind"), a.token, {{"stationId", station}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.data()["stationId"], station);
  EXPECT_EQ(r.data()["vendor"], "Acme");
  EXPECT_EQ(events.back().asset_changed().change(), "bound");
  EXPECT_EQ(events.back().tenant_id(), a.id);
  EXPECT_EQ(call("GET", "/api/v1/piles/unbound", a.token).data()["total"], 0);
  EXPECT_EQ(call("GET", path("/api/v1/piles/", u.id), a.token).status, 200);

  auto again =
      call("POST", path("/api/v1/piles/", u.id, "/bind"), a.token, {{"stationId", station}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.code(), 40902);
  // Another tenant cannot even learn that the pile exists.
  auto by_b =
      call("POST", path("/api/v1/piles/", u.id, "/bind"), b.token, {{"stationId", b_station}});
  EXPECT_EQ(by_b.status, 404);
}

}  // namespace
}  // namespace ct::api::testing
