// Orders end to end inside one process: a driver starts from the app, the (simulated)
// charger answers through the real charge-point service, the order service bills and
// settles, and wallet, order and bill agree to the fen.
#include "tests/api/order_flow_fixture.hpp"

namespace ct::api::testing {
namespace {

// 2026-01-01T01:50:00Z is 09:50 in Shanghai: flat, ten minutes before the peak.
constexpr core::UtcMillis kNineFifty = 1'767'225'600'000 + 110 * kMinute;

class OrdersTest : public OrderFlowTest {
 protected:
  void SetUp() override {
    OrderFlowTest::SetUp();
    clock.set(kNineFifty);
    driver = sign_in_driver(acme, "13800138000");
  }
  core::Id start_app(const Driver& d, int connector = 1) {
    auto r = call("POST", "/api/v1/app/orders", d.access_token,
                  {{"pileId", pile}, {"connectorId", connector}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.data()["id"].get<core::Id>() : 0;
  }
  Driver driver;
};

TEST_F(OrdersTest, AppOrderAcrossAPeriodBoundaryIsSettledToTheFen) {
  recharge(driver, 10'000);
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 10'000);

  auto id = start_app(driver);
  ASSERT_FALSE(sink.dispatched.empty());
  auto rs = sink.dispatched.back();
  EXPECT_EQ(rs.action, "RemoteStartTransaction");
  EXPECT_EQ(json::parse(rs.request_json)["idTag"], driver.id_tag);
  EXPECT_EQ(json::parse(rs.request_json)["connectorId"], 1);
  EXPECT_EQ(order_of(driver, id)["state"], "starting");
  answer_last("Accepted");

  auto tx = start("CP-O1", 1, driver.id_tag, 1000);
  EXPECT_EQ(order_of(driver, id)["state"], "charging");
  clock.advance(5 * kMinute);  // 09:55
  meter("CP-O1", 1, tx, 3500);
  clock.advance(10 * kMinute);  // 10:05: the interval crosses into the peak
  meter("CP-O1", 1, tx, 8500);
  auto live = order_of(driver, id);
  EXPECT_EQ(live["energyWh"], 7500);
  EXPECT_EQ(live["powerW"], 30'000);
  // 5,000 Wh flat (1.30 yuan) + 2,500 Wh peak (1.60 yuan) = 10.50 yuan so far.
  EXPECT_EQ(live["amountSoFarFen"], 1050);
  EXPECT_EQ(wallet_of(driver)["frozenFen"], 1050) << "the running amount is on hold";
  clock.advance(5 * kMinute);  // 10:10

  auto stop_r = call("POST", path("/api/v1/app/orders/", id, "/stop"), driver.access_token);
  ASSERT_EQ(stop_r.status, 202) << stop_r.body;
  EXPECT_EQ(stop_r.data()["state"], "stopping");
  auto rstop = answer_last("Accepted");
  EXPECT_EQ(rstop.action, "RemoteStopTransaction");
  EXPECT_EQ(json::parse(rstop.request_json)["transactionId"], tx);
  stop("CP-O1", tx, 11'000, "Remote");

  auto o = order_of(driver, id);
  EXPECT_EQ(o["state"], "settled");
  EXPECT_EQ(o["energyWh"], 10'000);
  EXPECT_EQ(o["stopReason"], "App");
  // flat 5,000 Wh x (0.80 + 0.50) = 6.50; peak 5,000 Wh x (1.00 + 0.60) = 8.00.
  EXPECT_EQ(o["amountE4"], 145'000);
  EXPECT_EQ(o["payableFen"], 1450);
  EXPECT_EQ(o["chargedFen"], 1450);
  EXPECT_EQ(o["debtFen"], 0);
  const auto& periods = o["bill"]["periods"];
  EXPECT_EQ(periods[1]["period"], "peak");
  EXPECT_EQ(periods[1]["energyWh"], 5'000);
  EXPECT_EQ(periods[2]["period"], "flat");
  EXPECT_EQ(periods[2]["energyWh"], 5'000);

  auto w = wallet_of(driver);
  EXPECT_EQ(w["balanceFen"], 10'000 - 1450);
  EXPECT_EQ(w["frozenFen"], 0);

  // The operator's recomputation agrees with the stored bill.
  auto bill = call("GET", path("/api/v1/orders/", id, "/bill"), acme.token);
  ASSERT_EQ(bill.status, 200) << bill.body;
  EXPECT_TRUE(bill.data()["agree"].get<bool>()) << bill.body;
  EXPECT_EQ(bill.data()["recomputed"]["payableFen"], 1450);

  auto check = call("GET", "/api/v1/ledger/verify", kPlatform);
  EXPECT_TRUE(check.data()["ok"].get<bool>()) << check.body;

  // The journal explains the money: recharge, holds, release, deduct.
  auto journal = call("GET", "/api/v1/app/wallet/statement", driver.access_token).data();
  std::int64_t deducted = 0;
  for (const auto& e : journal["items"]) {
    if (e["kind"] == "deduct") deducted -= e["availableChangeFen"].get<std::int64_t>();
  }
  EXPECT_EQ(deducted, 1450);

  // The order's audit trail lists every step.
  auto events = call("GET", path("/api/v1/orders/", id, "/events"), acme.token).data();
  std::vector<std::string> steps;
  for (const auto& e : events) steps.push_back(e["event"]);
  EXPECT_EQ(steps, (std::vector<std::string>{"remote_start_sent", "charger_started",
                                             "stop_requested", "charger_stopped", "settle"}));
}

TEST_F(OrdersTest, TwoDriversScanningOneConnectorOneWins) {
  auto other = sign_in_driver(acme, "13900139000");
  recharge(driver, 2000);
  recharge(other, 2000);
  start_app(driver);
  auto second = call("POST", "/api/v1/app/orders", other.access_token,
                     {{"pileId", pile}, {"connectorId", 1}});
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(second.code(), 40902);
  // The other connector is free.
  EXPECT_NE(start_app(other, 2), 0);
}

TEST_F(OrdersTest, ARefusedRemoteStartFailsTheOrderAndFreesTheConnector) {
  recharge(driver, 2000);
  auto id = start_app(driver);
  answer_last("Rejected");
  auto o = order_of(driver, id);
  EXPECT_EQ(o["state"], "start_failed");
  EXPECT_NE(o["failureReason"].get<std::string>().find("rejected"), std::string::npos);
  EXPECT_NE(start_app(driver), 0) << "the connector is free again";
}

TEST_F(OrdersTest, NoStartWithinTheTimeoutFailsTheOrderAndALateStartRevivesIt) {
  recharge(driver, 2000);
  auto id = start_app(driver);
  answer_last("Accepted");
  clock.advance(89'000);
  orders->pump();
  EXPECT_EQ(order_of(driver, id)["state"], "starting");
  clock.advance(2'000);
  orders->pump();
  EXPECT_EQ(order_of(driver, id)["state"], "start_failed");
  // The charger did start after all: its energy is billed to this order, not lost.
  auto tx = start("CP-O1", 1, driver.id_tag, 0);
  auto o = order_of(driver, id);
  EXPECT_EQ(o["state"], "charging");
  EXPECT_EQ(o["transactionId"], tx);
}

TEST_F(OrdersTest, StartIsRefusedWithoutMoneyOrWithAnUnpaidOrder) {
  auto r = call("POST", "/api/v1/app/orders", driver.access_token,
                {{"pileId", pile}, {"connectorId", 1}});
  EXPECT_EQ(r.status, 402);
  EXPECT_EQ(r.code(), 40201);
  EXPECT_TRUE(sink.dispatched.empty());

  // Offline charger: 503, nothing created.
  recharge(driver, 600);
  sink.offline.insert("CP-O1");
  r = call("POST", "/api/v1/app/orders", driver.access_token,
           {{"pileId", pile}, {"connectorId", 1}});
  EXPECT_EQ(r.status, 503);
  sink.offline.clear();
  // Unknown connector and another tenant's pile: 404.
  r = call("POST", "/api/v1/app/orders", driver.access_token,
           {{"pileId", pile}, {"connectorId", 7}});
  EXPECT_EQ(r.status, 404);
}

TEST_F(OrdersTest, TheServerStopsAnOrderTheWalletCannotCoverAndAnyRestIsDebt) {
  recharge(driver, 600);  // 6 yuan: about 4.6 kWh at the flat 1.30
  auto id = start_app(driver);
  answer_last("Accepted");
  auto tx = start("CP-O1", 1, driver.id_tag, 0);
  std::int64_t reg = 0;
  for (int i = 0; i < 4; ++i) {
    clock.advance(kMinute);
    reg += 1000;
    meter("CP-O1", 1, tx, reg);
  }
  // 4 kWh = 5.20 yuan; the next kilowatt-hour would not be covered.
  auto o = order_of(driver, id);
  EXPECT_EQ(o["state"], "stopping");
  EXPECT_EQ(o["stopReason"], "BalanceExhausted");
  auto cmd = sink.dispatched.back();
  EXPECT_EQ(cmd.action, "RemoteStopTransaction");
  EXPECT_EQ(cmd.requested_by, "system");
  answer_last("Accepted");
  // The charger overshoots before it stops: 5 kWh = 6.50 yuan against 6.00.
  clock.advance(kMinute);
  stop("CP-O1", tx, 5000, "Remote");
  o = order_of(driver, id);
  EXPECT_EQ(o["state"], "settled");
  EXPECT_EQ(o["payableFen"], 650);
  EXPECT_EQ(o["chargedFen"], 600);
  EXPECT_EQ(o["debtFen"], 50);
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 0);

  auto unpaid = call("GET", "/api/v1/app/orders/unpaid", driver.access_token).data();
  EXPECT_EQ(unpaid["owedFen"], 50);
  auto again = call("POST", "/api/v1/app/orders", driver.access_token,
                    {{"pileId", pile}, {"connectorId", 2}});
  EXPECT_EQ(again.status, 402);
  EXPECT_EQ(again.code(), 40202);

  // A recharge pays the debt first.
  recharge(driver, 1000);
  o = order_of(driver, id);
  EXPECT_EQ(o["debtFen"], 0);
  EXPECT_EQ(o["chargedFen"], 650);
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 950);
  EXPECT_TRUE(call("GET", "/api/v1/ledger/verify", kPlatform).data()["ok"].get<bool>());
}

TEST_F(OrdersTest, IdleTimeAfterGraceIsChargedWhenTheVehicleLeaves) {
  recharge(driver, 10'000);
  auto id = start_app(driver);
  answer_last("Accepted");
  auto tx = start("CP-O1", 1, driver.id_tag, 0);
  clock.advance(10 * kMinute);
  meter("CP-O1", 1, tx, 2000);
  status("CP-O1", 1, "SuspendedEV");  // full: idle starts here
  clock.advance(5 * kMinute);
  stop("CP-O1", tx, 2000, "Local");
  status("CP-O1", 1, "Finishing");
  auto o = order_of(driver, id);
  EXPECT_EQ(o["state"], "settled");
  EXPECT_EQ(o["payableFen"], 260);  // 2 kWh flat
  clock.advance(30 * kMinute + 30'000);
  status("CP-O1", 1, "Available");
  o = order_of(driver, id);
  // 35.5 minutes idle, 10 free: 26 started minutes x 0.50 yuan = 13.00 yuan.
  EXPECT_EQ(o["idleFeeE4"], 130'000);
  EXPECT_EQ(o["payableFen"], 260 + 1300);
  EXPECT_EQ(o["chargedFen"], 1560);
  EXPECT_EQ(o["bill"]["idle"]["minutes"], 26);
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 10'000 - 1560);
  auto bill = call("GET", path("/api/v1/orders/", id, "/bill"), acme.token).data();
  EXPECT_TRUE(bill["agree"].get<bool>()) << bill;
}

TEST_F(OrdersTest, ACardSessionBecomesAnOrderOfTheDriverWhoseTagItIs) {
  recharge(driver, 5000);
  auto tx = start("CP-O1", 2, driver.id_tag, 100);
  clock.advance(10 * kMinute);
  meter("CP-O1", 2, tx, 1100);
  stop("CP-O1", tx, 1100, "Local");
  auto mine = call("GET", "/api/v1/app/orders", driver.access_token).data();
  ASSERT_EQ(mine["total"], 1);
  const auto& o = mine["items"][0];
  EXPECT_EQ(o["startMethod"], "card");
  EXPECT_EQ(o["state"], "settled");
  EXPECT_EQ(o["payableFen"], 130);
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 5000 - 130);

  // A card of nobody in the app is billed and marked as paid outside the app.
  ASSERT_EQ(call("POST", "/api/v1/id-tags", acme.token, {{"idTag", "FLEET0001"}}).status, 201);
  auto tx2 = start("CP-O1", 1, "FLEET0001", 0);
  clock.advance(10 * kMinute);
  stop("CP-O1", tx2, 500, "Local");
  auto list = call("GET", "/api/v1/orders", acme.token, nullptr, {{"state", "settled"}}).data();
  ASSERT_EQ(list["total"], 2);
  auto fleet = list["items"][0];
  EXPECT_EQ(fleet["idTag"], "FLEET0001");
  EXPECT_TRUE(fleet["driverId"].is_null());
  EXPECT_EQ(fleet["payableFen"], 80);  // 500 Wh at the peak's 1.60
  EXPECT_EQ(fleet["flags"], json::array({"external_payment"}));
}

TEST_F(OrdersTest, AChargerLostWhileChargingLeavesAnAbnormalOrderTheOperatorCanClose) {
  recharge(driver, 5000);
  auto id = start_app(driver);
  answer_last("Accepted");
  auto tx = start("CP-O1", 1, driver.id_tag, 0);
  clock.advance(10 * kMinute);
  meter("CP-O1", 1, tx, 1500);
  service->on_disconnected("CP-O1", "power cut");
  orders->pump();
  auto o = order_of(driver, id);
  EXPECT_EQ(o["state"], "abnormal");

  auto no_reason = call("POST", path("/api/v1/orders/", id, "/close"), acme.token, json::object());
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.field(), "reason");
  auto closed = call("POST", path("/api/v1/orders/", id, "/close"), acme.token,
                     {{"reason", "charger destroyed, billed to its last reading"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.data()["state"], "settled");
  EXPECT_EQ(closed.data()["energyWh"], 1500);
  EXPECT_EQ(closed.data()["payableFen"], 195);
  bool audited = false;
  for (const auto& e : closed.data()["events"]) {
    if (e["event"] == "operator_closed") {
      audited = true;
      EXPECT_EQ(e["actor"], "operator:acme-ops");
      EXPECT_EQ(e["detail"], "charger destroyed, billed to its last reading");
    }
  }
  EXPECT_TRUE(audited);
  // A settled order is not closed twice.
  EXPECT_EQ(
      call("POST", path("/api/v1/orders/", id, "/close"), acme.token, {{"reason", "again"}}).status,
      409);
}

TEST_F(OrdersTest, AnAbnormalOrderIsClosedByTheLateStopTransaction) {
  recharge(driver, 5000);
  auto id = start_app(driver);
  answer_last("Accepted");
  auto tx = start("CP-O1", 1, driver.id_tag, 0);
  service->on_disconnected("CP-O1", "link lost");
  orders->pump();
  EXPECT_EQ(order_of(driver, id)["state"], "abnormal");
  clock.advance(20 * kMinute);
  boot("CP-O1");
  stop("CP-O1", tx, 2000, "PowerLoss");
  auto o = order_of(driver, id);
  EXPECT_EQ(o["state"], "settled");
  EXPECT_EQ(o["stopReason"], "PowerLoss");
  // No sample in between: the 2 kWh are apportioned by time, half flat, half peak.
  EXPECT_EQ(o["payableFen"], 130 + 160);
  // The resent stop changes nothing.
  stop("CP-O1", tx, 2000, "PowerLoss");
  EXPECT_EQ(order_of(driver, id)["chargedFen"], 290);
}

TEST_F(OrdersTest, OperatorRefundGivesTheChargedMoneyBack) {
  recharge(driver, 3000);
  auto tx = start("CP-O1", 1, driver.id_tag, 0);
  clock.advance(10 * kMinute);
  stop("CP-O1", tx, 1000, "Local");
  auto id = call("GET", "/api/v1/app/orders", driver.access_token)
                .data()["items"][0]["id"]
                .get<core::Id>();
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 3000 - 130);
  auto r = call("POST", path("/api/v1/orders/", id, "/refund"), acme.token,
                {{"reason", "faulty cable"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.data()["state"], "refunded");
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 3000);
  EXPECT_EQ(
      call("POST", path("/api/v1/orders/", id, "/refund"), acme.token, {{"reason", "x"}}).status,
      409);
}

TEST_F(OrdersTest, OperatorsListFilterAndExportOrdersOfTheirTenantOnly) {
  recharge(driver, 5000);
  auto tx = start("CP-O1", 1, driver.id_tag, 0);
  clock.advance(10 * kMinute);
  stop("CP-O1", tx, 1000, "Local");
  auto tx2 = start("CP-O1", 2, driver.id_tag, 0);
  (void)tx2;

  auto all = call("GET", "/api/v1/orders", acme.token).data();
  EXPECT_EQ(all["total"], 2);
  auto charging =
      call("GET", "/api/v1/orders", acme.token, nullptr, {{"state", "charging"}}).data();
  EXPECT_EQ(charging["total"], 1);
  auto by_driver =
      call("GET", "/api/v1/orders", acme.token, nullptr, {{"driverId", std::to_string(driver.id)}})
          .data();
  EXPECT_EQ(by_driver["total"], 2);
  EXPECT_EQ(call("GET", "/api/v1/orders", acme.token, nullptr, {{"state", "nope"}}).status, 400);

  auto csv = call_http("GET", "/api/v1/orders/export.csv", acme.token, {{"state", "settled"}});
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("orderNo,state,", 0), 0u);
  EXPECT_NE(csv.body.find(",settled,"), std::string::npos);
  EXPECT_NE(csv.body.find(",1.30,1.30,0.00,"), std::string::npos) << csv.body;
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 2);

  auto other = make_tenant("other");
  auto id = all["items"][0]["id"].get<core::Id>();
  EXPECT_EQ(call("GET", "/api/v1/orders", other.token).data()["total"], 0);
  EXPECT_EQ(call("GET", path("/api/v1/orders/", id), other.token).status, 404);
  EXPECT_EQ(call("GET", path("/api/v1/orders/", id, "/bill"), other.token).status, 404);
  EXPECT_EQ(
      call("POST", path("/api/v1/orders/", id, "/close"), other.token, {{"reason", "x"}}).status,
      404);
  EXPECT_EQ(
      call("POST", path("/api/v1/orders/", id, "/refund"), other.token, {{"reason", "x"}}).status,
      404);
  // Another driver sees neither order.
  auto stranger = sign_in_driver(acme, "13700137000");
  EXPECT_EQ(call("GET", path("/api/v1/app/orders/", id), stranger.access_token).status, 404);
  EXPECT_EQ(call("POST", path("/api/v1/app/orders/", id, "/stop"), stranger.access_token).status,
            404);
}

TEST_F(OrdersTest, ScanResolvesTheQrCodeOfAConnector) {
  auto r = call("POST", "/api/v1/app/scan", driver.access_token,
                {{"qr", "chargetwin://connector/CP-O1/2"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.data()["pileId"], pile);
  EXPECT_EQ(r.data()["connectorId"], 2);
  EXPECT_EQ(r.data()["status"], "Available");
  EXPECT_TRUE(r.data()["canStart"].get<bool>());
  EXPECT_EQ(r.data()["priceNow"]["period"], "flat");
  EXPECT_EQ(r.data()["priceNow"]["totalPriceE5"], 130'000);
  auto web = call("POST", "/api/v1/app/scan", driver.access_token,
                  {{"qr", "https://go.example/c/CP-O1/1"}});
  EXPECT_EQ(web.status, 200);
  EXPECT_EQ(call("POST", "/api/v1/app/scan", driver.access_token, {{"qr", "hello"}}).status, 400);
  EXPECT_EQ(call("POST", "/api/v1/app/scan", driver.access_token,
                 {{"qr", "chargetwin://connector/NOPE/1"}})
                .status,
            404);
  // Start straight from the QR code.
  recharge(driver, 1000);
  auto s = call("POST", "/api/v1/app/orders", driver.access_token,
                {{"qr", "chargetwin://connector/CP-O1/2"}});
  EXPECT_EQ(s.status, 201) << s.body;
  EXPECT_EQ(s.data()["connectorId"], 2);
}

}  // namespace
}  // namespace ct::api::testing
