// A charger's life over real sockets: handshake rules, a full charging session, bad
// frames, replacement, Basic auth, and persistence across a server restart.
#include <gtest/gtest.h>

#include <thread>

#include "tests/integration/server_fixture.hpp"

namespace ct::testing {
namespace {

using nlohmann::json;

// Polls `pred` until it holds or `timeout` passes; the bound keeps a broken server
// from hanging the suite.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

class ChargerSessionTest : public ServerFixture {};

TEST_F(ChargerSessionTest, HandshakeEchoesOcpp16AndRefusesOtherSubprotocols) {
  create_pile(tenant_token_, "CP-HS");
  WsClient good;
  ASSERT_EQ(good.connect(port_, "/ocpp/CP-HS", "ocpp2.0.1, ocpp1.6"), 101);
  EXPECT_EQ(good.negotiated_subprotocol(), "ocpp1.6");

  WsClient none;
  EXPECT_EQ(none.connect(port_, "/ocpp/CP-HS", ""), 400);
  WsClient other;
  EXPECT_EQ(other.connect(port_, "/ocpp/CP-HS", "ocpp2.0.1"), 400);
  WsClient no_id;
  EXPECT_EQ(no_id.connect(port_, "/ocpp/", "ocpp1.6"), 400);
}

TEST_F(ChargerSessionTest, FullChargingSessionIsStoredWithSamples) {
  auto pile_id = create_pile(tenant_token_, "CP-1");
  create_id_tag(tenant_token_, "TAG-1");
  auto ws = boot_charger("CP-1");

  auto pile = api("GET", "/api/v1/piles/" + std::to_string(pile_id));
  ASSERT_EQ(pile.status, 200);
  EXPECT_EQ(pile.json()["data"]["online"], true);
  EXPECT_FALSE(pile.json()["data"]["lastHeartbeatAt"].is_null());

  auto hb = ws->call("Heartbeat", json::object());
  ASSERT_EQ(hb[0], 3);
  EXPECT_TRUE(hb[2].contains("currentTime"));

  auto st = ws->call("StatusNotification", {{"connectorId", 1},
                                            {"errorCode", "NoError"},
                                            {"status", "Preparing"},
                                            {"timestamp", "2026-11-23T08:00:00Z"}});
  ASSERT_EQ(st[0], 3) << st.dump();

  auto auth = ws->call("Authorize", {{"idTag", "TAG-1"}});
  EXPECT_EQ(auth[2]["idTagInfo"]["status"], "Accepted");
  auto unknown = ws->call("Authorize", {{"idTag", "NOPE"}});
  EXPECT_EQ(unknown[2]["idTagInfo"]["status"], "Invalid");

  json start_req{{"connectorId", 1},
                 {"idTag", "TAG-1"},
                 {"meterStart", 1000},
                 {"timestamp", "2026-11-23T08:00:05Z"}};
  auto start = ws->call("StartTransaction", start_req);
  ASSERT_EQ(start[0], 3) << start.dump();
  auto tx = start[2]["transactionId"].get<std::int64_t>();
  EXPECT_GT(tx, 0);
  EXPECT_EQ(start[2]["idTagInfo"]["status"], "Accepted");

  // A resend (new message id, same content) gets the same transaction and creates nothing.
  auto again = ws->call("StartTransaction", start_req);
  EXPECT_EQ(again[2]["transactionId"].get<std::int64_t>(), tx);

  auto mv = ws->call(
      "MeterValues",
      {{"connectorId", 1},
       {"transactionId", tx},
       {"meterValue",
        json::array({{{"timestamp", "2026-11-23T08:15:00Z"},
                      {"sampledValue", json::array({{{"value", "6.5"},
                                                     {"measurand", "Energy.Active.Import.Register"},
                                                     {"unit", "kWh"}},
                                                    {{"value", "22000"},
                                                     {"measurand", "Power.Active.Import"},
                                                     {"unit", "W"}}})}}})}});
  ASSERT_EQ(mv[0], 3) << mv.dump();

  auto stop = ws->call("StopTransaction", {{"transactionId", tx},
                                           {"idTag", "TAG-1"},
                                           {"meterStop", 12000},
                                           {"timestamp", "2026-11-23T08:30:00Z"},
                                           {"reason", "EVDisconnected"}});
  ASSERT_EQ(stop[0], 3) << stop.dump();
  auto stop_again = ws->call(
      "StopTransaction",
      {{"transactionId", tx}, {"meterStop", 12000}, {"timestamp", "2026-11-23T08:30:00Z"}});
  ASSERT_EQ(stop_again[0], 3) << "a resent StopTransaction is answered, not refused";

  auto list = api("GET", "/api/v1/transactions?pileId=" + std::to_string(pile_id));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["data"]["total"], 1) << "the resent start created nothing";

  auto detail = api("GET", "/api/v1/transactions/" + std::to_string(tx));
  ASSERT_EQ(detail.status, 200) << detail.body;
  auto d = detail.json()["data"];
  EXPECT_EQ(d["meterStartWh"], 1000);
  EXPECT_EQ(d["meterStopWh"], 12000);
  EXPECT_EQ(d["energyWh"], 11000);
  EXPECT_EQ(d["stopReason"], "EVDisconnected");
  EXPECT_EQ(d["state"], "stopped");
  ASSERT_EQ(d["meterSamples"].size(), 2u) << d.dump();
  bool saw_energy = false;
  for (const auto& s : d["meterSamples"]) {
    if (s["measurand"] == "Energy.Active.Import.Register") {
      EXPECT_EQ(s["normalized"], 6500) << "kWh is normalised to integer Wh";
      saw_energy = true;
    }
  }
  EXPECT_TRUE(saw_energy);

  auto history = api("GET", "/api/v1/piles/" + std::to_string(pile_id) + "/status-history");
  ASSERT_EQ(history.status, 200);
  EXPECT_GE(history.json()["data"]["total"].get<int>(), 1);
}

TEST_F(ChargerSessionTest, BadFramesGetCallErrorsAndTheConnectionStaysUp) {
  create_pile(tenant_token_, "CP-BAD");
  auto ws = boot_charger("CP-BAD");

  ws->send_text("this is not json");
  auto e1 = ws->receive();
  ASSERT_TRUE(e1);
  auto j1 = json::parse(*e1);
  EXPECT_EQ(j1[0], 4);

  auto unknown = ws->call("FlyToTheMoon", json::object());
  EXPECT_EQ(unknown[0], 4);
  EXPECT_EQ(unknown[2], "NotImplemented");

  auto missing = ws->call("StatusNotification", {{"connectorId", 1}, {"status", "Available"}});
  EXPECT_EQ(missing[0], 4);
  EXPECT_EQ(missing[2], "OccurenceConstraintViolation");

  auto bad_enum = ws->call("StatusNotification",
                           {{"connectorId", 1}, {"errorCode", "NoError"}, {"status", "Sleeping"}});
  EXPECT_EQ(bad_enum[0], 4);
  EXPECT_EQ(bad_enum[2], "PropertyConstraintViolation");

  auto bad_type =
      ws->call("StatusNotification",
               {{"connectorId", "one"}, {"errorCode", "NoError"}, {"status", "Available"}});
  EXPECT_EQ(bad_type[0], 4);
  EXPECT_EQ(bad_type[2], "TypeConstraintViolation");

  // Over the configured frame size (16 KiB in the fixture): refused with a CALLERROR.
  std::string big(20 * 1024, 'x');
  ws->send_text(
      json::array({2, "big-1", "DataTransfer", {{"vendorId", "V"}, {"data", big}}}).dump());
  auto e2 = ws->receive();
  ASSERT_TRUE(e2);
  auto j2 = json::parse(*e2);
  EXPECT_EQ(j2[0], 4);
  EXPECT_EQ(j2[1], "big-1");

  auto hb = ws->call("Heartbeat", json::object());
  EXPECT_EQ(hb[0], 3) << "the connection survives every bad frame";
  EXPECT_TRUE(ws->is_open());
}

TEST_F(ChargerSessionTest, UnknownChargerIsPendingAndCanBeBound) {
  WsClient ws;
  ASSERT_EQ(ws.connect(port_, "/ocpp/NEW-CP-9"), 101);
  auto boot = ws.call(
      "BootNotification",
      {{"chargePointVendor", "Vendo"}, {"chargePointModel", "AC7"}, {"firmwareVersion", "1.2.3"}});
  EXPECT_EQ(boot[2]["status"], "Pending");

  auto unbound = api("GET", "/api/v1/piles/unbound");
  ASSERT_EQ(unbound.status, 200) << unbound.body;
  std::int64_t pile_id = 0;
  const auto listing = unbound.json();
  for (const auto& p : listing["data"]["items"]) {
    if (p["chargePointId"] == "NEW-CP-9") pile_id = p["id"].get<std::int64_t>();
  }
  ASSERT_GT(pile_id, 0) << unbound.body;
  EXPECT_EQ(listing["data"]["items"][0]["online"], true) << "it is connected right now";

  auto station = create_station(tenant_token_, "Depot");
  auto bind =
      api("POST", "/api/v1/piles/" + std::to_string(pile_id) + "/bind", {{"stationId", station}});
  ASSERT_EQ(bind.status, 200) << bind.body;

  auto boot2 =
      ws.call("BootNotification", {{"chargePointVendor", "Vendo"}, {"chargePointModel", "AC7"}});
  EXPECT_EQ(boot2[2]["status"], "Accepted") << "bound piles are accepted";
}

TEST_F(ChargerSessionTest, SecondConnectionReplacesTheFirstAndKeepsThePileOnline) {
  auto pile_id = create_pile(tenant_token_, "CP-DUP");
  auto first = boot_charger("CP-DUP");
  auto second = boot_charger("CP-DUP");
  EXPECT_TRUE(eventually([&] { return !first->is_open(); })) << "the old socket is closed";
  auto hb = second->call("Heartbeat", json::object());
  EXPECT_EQ(hb[0], 3);
  auto pile = api("GET", "/api/v1/piles/" + std::to_string(pile_id));
  EXPECT_EQ(pile.json()["data"]["online"], true);

  second->close();
  EXPECT_TRUE(eventually([&] {
    return api("GET", "/api/v1/piles/" + std::to_string(pile_id)).json()["data"]["online"] == false;
  }));
}

TEST_F(ChargerSessionTest, BasicAuthGuardsPilesWithAPassword) {
  create_pile(tenant_token_, "CP-SEC", 1, "s3cret-pass");
  WsClient none;
  EXPECT_EQ(none.connect(port_, "/ocpp/CP-SEC"), 401);
  WsClient wrong;
  // base64("CP-SEC:wrong")
  EXPECT_EQ(wrong.connect(port_, "/ocpp/CP-SEC", "ocpp1.6",
                          {{"Authorization", "Basic Q1AtU0VDOndyb25n"}}),
            401);
  WsClient right;
  // base64("CP-SEC:s3cret-pass")
  EXPECT_EQ(right.connect(port_, "/ocpp/CP-SEC", "ocpp1.6",
                          {{"Authorization", "Basic Q1AtU0VDOnMzY3JldC1wYXNz"}}),
            101);
}

TEST_F(ChargerSessionTest, RestartKeepsEverythingAndChargersReconnectIntoTheSameState) {
  auto pile_id = create_pile(tenant_token_, "CP-R");
  create_id_tag(tenant_token_, "TAG-R");
  std::int64_t tx = 0;
  {
    auto ws = boot_charger("CP-R");
    ws->call("StatusNotification",
             {{"connectorId", 1}, {"errorCode", "NoError"}, {"status", "Charging"}});
    auto start = ws->call("StartTransaction", {{"connectorId", 1},
                                               {"idTag", "TAG-R"},
                                               {"meterStart", 500},
                                               {"timestamp", "2026-11-23T09:00:00Z"}});
    tx = start[2]["transactionId"].get<std::int64_t>();
  }
  stop_node();
  start_node();

  auto pile = api("GET", "/api/v1/piles/" + std::to_string(pile_id));
  ASSERT_EQ(pile.status, 200) << "the tenant token survives a restart";
  EXPECT_EQ(pile.json()["data"]["online"], false) << "nobody is connected after a restart";
  EXPECT_EQ(pile.json()["data"]["connectors"][0]["status"], "Charging");
  EXPECT_EQ(pile.json()["data"]["connectors"][0]["currentTransactionId"], tx);

  auto ws = boot_charger("CP-R");
  auto stop =
      ws->call("StopTransaction",
               {{"transactionId", tx}, {"meterStop", 4500}, {"timestamp", "2026-11-23T09:40:00Z"}});
  ASSERT_EQ(stop[0], 3);
  auto detail = api("GET", "/api/v1/transactions/" + std::to_string(tx));
  EXPECT_EQ(detail.json()["data"]["energyWh"], 4000);
}

TEST_F(ChargerSessionTest, HealthzIsOpenAndMetricsNeedThePlatformToken) {
  auto health = http_request(port_, "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(http_request(port_, "GET", "/metrics").status, 401);
  EXPECT_EQ(http_request(port_, "GET", "/metrics", tenant_token_).status, 403);
  create_pile(tenant_token_, "CP-M");
  auto ws = boot_charger("CP-M");
  auto metrics = http_request(port_, "GET", "/metrics", kPlatformToken);
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("chargetwin_connected_chargers{protocol=\"ocpp1.6\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("chargetwin_ocpp_messages_in_total{action=\"BootNotification\""),
            std::string::npos);
  EXPECT_NE(metrics.body.find("chargetwin_api_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_EQ(http_request(port_, "GET", "/api/v1/stations").status, 401)
      << "nothing under /api answers without a token";
}

}  // namespace
}  // namespace ct::testing
