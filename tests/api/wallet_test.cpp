// Wallets through the API: recharges through the sandbox provider (signed notifications,
// repeated, forged, late), refunds with the operator's approval, gifts and adjustments,
// and the ledger check.
#include "server/store/sqlite_connection.hpp"
#include "tests/api/order_flow_fixture.hpp"

namespace ct::api::testing {
namespace {

class WalletTest : public OrderFlowTest {
 protected:
  void SetUp() override {
    OrderFlowTest::SetUp();
    driver = sign_in_driver(acme, "13800138000");
  }
  // Starts a recharge; returns the provider order id the app pays.
  std::string start_recharge(std::int64_t fen) {
    auto r =
        call("POST", "/api/v1/app/wallet/recharges", driver.access_token, {{"amountFen", fen}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.data()["payment"]["providerOrderId"].get<std::string>();
  }
  Resp notify(const std::string& body, const std::string& signature) {
    HttpRequest req;
    req.method = "POST";
    req.path = "/api/v1/payments/notify/sandbox";
    req.headers["x-sandbox-signature"] = signature;
    req.body = body;
    auto r = router->handle(req);
    Resp out;
    out.status = r.status;
    out.body = json::parse(r.body);
    return out;
  }
  Driver driver;
};

TEST_F(WalletTest, ARechargeIsCreditedOnceHoweverOftenItIsNotified) {
  auto r = call("POST", "/api/v1/app/wallet/recharges", driver.access_token, {{"amountFen", 5000}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.data()["payment"]["status"], "pending");
  auto provider_id = r.data()["payment"]["providerOrderId"].get<std::string>();
  EXPECT_EQ(r.data()["pay"]["payUrl"], "http://ct.test/api/v1/sandbox/pay/" + provider_id);
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 0) << "nothing before the provider says so";

  ASSERT_EQ(call("POST", "/api/v1/sandbox/pay/" + provider_id, "", {{"result", "success"}}).status,
            202);
  // Paying twice is refused by the sandbox itself.
  EXPECT_EQ(call("POST", "/api/v1/sandbox/pay/" + provider_id, "", {{"result", "success"}}).status,
            409);
  clock.advance(1000);
  EXPECT_EQ(sandbox->deliver_due(), 1);
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 5000);

  // The provider repeats the same notification: acknowledged, nothing moves.
  auto body = json{
      {"kind", "payment"},
      {"providerOrderId", provider_id},
      {"transactionId", "SBX1"},
      {"amountFen", 5000},
      {"status",
       "SUCCESS"}}.dump();
  for (int i = 0; i < 3; ++i) {
    auto again = notify(body, sandbox->sign(body));
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.body["code"], "SUCCESS");
  }
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 5000);
  auto pay = call("GET", "/api/v1/app/wallet/payments", driver.access_token).data()["items"][0];
  EXPECT_EQ(pay["status"], "paid");
  EXPECT_EQ(pay["providerTransactionId"], "SBX1");
  EXPECT_EQ(pay["notifications"], 4);
  auto statement = call("GET", "/api/v1/app/wallet/statement", driver.access_token).data();
  EXPECT_EQ(statement["total"], 1);
  EXPECT_EQ(statement["items"][0]["kind"], "recharge");
  EXPECT_TRUE(call("GET", "/api/v1/ledger/verify", kPlatform).data()["ok"].get<bool>());
}

TEST_F(WalletTest, ForgedOrWrongNotificationsAreRefusedAndCreditNothing) {
  auto id = start_recharge(5000);
  auto body = json{
      {"kind", "payment"},
      {"providerOrderId", id},
      {"transactionId", "X"},
      {"amountFen", 5000},
      {"status",
       "SUCCESS"}}.dump();
  auto forged = notify(body, std::string(64, '0'));
  EXPECT_EQ(forged.status, 422);
  EXPECT_EQ(forged.body["code"], 42203);
  auto unsigned_ = notify(body, "");
  EXPECT_EQ(unsigned_.status, 422);

  auto more = json{
      {"kind", "payment"},
      {"providerOrderId", id},
      {"transactionId", "X"},
      {"amountFen", 50'000},
      {"status",
       "SUCCESS"}}.dump();
  auto mismatch = notify(more, sandbox->sign(more));
  EXPECT_EQ(mismatch.status, 422);

  auto unknown = json{
      {"kind", "payment"},
      {"providerOrderId", "CTRnope"},
      {"transactionId", "Y"},
      {"amountFen", 5000},
      {"status",
       "SUCCESS"}}.dump();
  EXPECT_EQ(notify(unknown, sandbox->sign(unknown)).status, 404);
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 0);

  // A declined payment is recorded, nothing credited.
  ASSERT_EQ(call("POST", "/api/v1/sandbox/pay/" + id, "", {{"result", "fail"}}).status, 202);
  clock.advance(1000);
  sandbox->deliver_due();
  EXPECT_EQ(
      call("GET", "/api/v1/app/wallet/payments", driver.access_token).data()["items"][0]["status"],
      "failed");
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 0);
}

TEST_F(WalletTest, ANotificationThatCannotBeDeliveredIsRepeatedUntilAcknowledged) {
  auto id = start_recharge(2000);
  channel.reachable = false;
  call("POST", "/api/v1/sandbox/pay/" + id, "", {{"result", "success"}});
  clock.advance(1000);
  EXPECT_EQ(sandbox->deliver_due(), 1);
  EXPECT_EQ(sandbox->pending(), 1u) << "kept for a retry";
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 0);
  channel.reachable = true;
  clock.advance(1000);
  EXPECT_EQ(sandbox->deliver_due(), 0) << "not due yet: the retry waits 2 s";
  clock.advance(1500);
  EXPECT_EQ(sandbox->deliver_due(), 1);
  EXPECT_EQ(sandbox->pending(), 0u);
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 2000);
}

TEST_F(WalletTest, RechargeAmountsAreBounded) {
  auto low = call("POST", "/api/v1/app/wallet/recharges", driver.access_token, {{"amountFen", 99}});
  EXPECT_EQ(low.status, 400);
  EXPECT_EQ(low.field(), "amountFen");
  auto high =
      call("POST", "/api/v1/app/wallet/recharges", driver.access_token, {{"amountFen", 500'001}});
  EXPECT_EQ(high.status, 400);
  auto provider = call("POST", "/api/v1/app/wallet/recharges", driver.access_token,
                       {{"amountFen", 1000}, {"provider", "paypal"}});
  EXPECT_EQ(provider.status, 400);
  EXPECT_EQ(provider.field(), "provider");
}

TEST_F(WalletTest, ARefundNeedsTheOperatorsApprovalThenTheProviderPaysItOut) {
  recharge(driver, 5000);
  ASSERT_EQ(call("POST", path("/api/v1/drivers/", driver.id, "/wallet/gifts"), acme.token,
                 {{"amountFen", 700}, {"memo", "welcome"}})
                .status,
            201);
  // Gift money is not refundable.
  auto too_much =
      call("POST", "/api/v1/app/wallet/refunds", driver.access_token, {{"amountFen", 5500}});
  EXPECT_EQ(too_much.status, 402);
  auto r = call("POST", "/api/v1/app/wallet/refunds", driver.access_token,
                {{"amountFen", 3000}, {"reason", "moving away"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.data()["status"], "pending_approval");
  auto w = wallet_of(driver);
  EXPECT_EQ(w["availableFen"], 2000 + 700);
  EXPECT_EQ(w["frozenFen"], 3000) << "the refund is held, not spendable";

  auto pending =
      call("GET", "/api/v1/refunds", acme.token, nullptr, {{"status", "pending_approval"}}).data();
  ASSERT_EQ(pending["total"], 1);
  auto rid = pending["items"][0]["id"].get<core::Id>();
  auto approved =
      call("POST", path("/api/v1/refunds/", rid, "/approve"), acme.token, {{"note", "ok"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.data()["status"], "processing");
  EXPECT_EQ(approved.data()["decidedBy"], "acme-ops");
  clock.advance(3000);
  sandbox->deliver_due();
  auto done = call("GET", "/api/v1/app/wallet/refunds", driver.access_token).data()["items"][0];
  EXPECT_EQ(done["status"], "paid");
  w = wallet_of(driver);
  EXPECT_EQ(w["balanceFen"], 2000);
  EXPECT_EQ(w["giftFen"], 700);
  EXPECT_EQ(w["frozenFen"], 0);
  EXPECT_EQ(
      call("POST", path("/api/v1/refunds/", rid, "/approve"), acme.token, json::object()).status,
      409);

  // A rejected refund goes back to the wallet, with the operator's reason.
  auto r2 = call("POST", "/api/v1/app/wallet/refunds", driver.access_token, {{"amountFen", 1000}});
  auto rid2 = r2.data()["id"].get<core::Id>();
  EXPECT_EQ(
      call("POST", path("/api/v1/refunds/", rid2, "/reject"), acme.token, json::object()).status,
      400);
  auto rejected = call("POST", path("/api/v1/refunds/", rid2, "/reject"), acme.token,
                       {{"note", "orders still under review"}});
  EXPECT_EQ(rejected.data()["status"], "rejected");
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 2000);
  EXPECT_TRUE(call("GET", "/api/v1/ledger/verify", kPlatform).data()["ok"].get<bool>());
}

TEST_F(WalletTest, WithoutApprovalARefundIsPaidOutAtOnce) {
  ASSERT_EQ(
      call("PUT", "/api/v1/billing-policy", acme.token, {{"refundNeedsApproval", false}}).status,
      200);
  recharge(driver, 2000);
  auto r = call("POST", "/api/v1/app/wallet/refunds", driver.access_token, {{"amountFen", 2000}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.data()["status"], "processing");
  clock.advance(3000);
  sandbox->deliver_due();
  EXPECT_EQ(wallet_of(driver)["balanceFen"], 0);
  EXPECT_EQ(wallet_of(driver)["frozenFen"], 0);
}

TEST_F(WalletTest, OperatorAdjustmentsAreJournaledWithTheirReason) {
  recharge(driver, 1000);
  auto down = call("POST", path("/api/v1/drivers/", driver.id, "/wallet/adjustments"), acme.token,
                   {{"amountFen", -300}, {"reason", "duplicate recharge by the bank"}});
  ASSERT_EQ(down.status, 201) << down.body;
  EXPECT_EQ(down.data()["balanceFen"], 700);
  auto too_far = call("POST", path("/api/v1/drivers/", driver.id, "/wallet/adjustments"),
                      acme.token, {{"amountFen", -701}, {"reason", "x"}});
  EXPECT_EQ(too_far.status, 402) << "no wallet goes negative";
  auto no_reason = call("POST", path("/api/v1/drivers/", driver.id, "/wallet/adjustments"),
                        acme.token, {{"amountFen", 100}});
  EXPECT_EQ(no_reason.status, 400);
  auto journal =
      call("GET", path("/api/v1/drivers/", driver.id, "/wallet/journal"), acme.token).data();
  EXPECT_EQ(journal["items"][0]["kind"], "adjustment");
  EXPECT_EQ(journal["items"][0]["memo"], "duplicate recharge by the bank");
  EXPECT_EQ(journal["items"][0]["reference"], "operator:acme-ops");

  // Another tenant's operator cannot touch this wallet.
  auto other = make_tenant("other");
  EXPECT_EQ(call("POST", path("/api/v1/drivers/", driver.id, "/wallet/gifts"), other.token,
                 {{"amountFen", 100}})
                .status,
            404);
  EXPECT_EQ(call("GET", path("/api/v1/drivers/", driver.id, "/wallet/journal"), other.token).status,
            404);
}

TEST_F(WalletTest, TheLedgerCheckFindsACacheThatDisagreesWithTheJournal) {
  recharge(driver, 1000);
  auto ok = call("GET", "/api/v1/ledger/verify", kPlatform).data();
  EXPECT_TRUE(ok["ok"].get<bool>());
  EXPECT_EQ(ok["wallets"], 1);
  EXPECT_EQ(ok["entries"], 1);
  // Someone edits a balance behind the journal's back, with a second connection.
  {
    store::SqliteConnection side(db_path().string());
    side.exec("UPDATE wallets SET cash_fen = cash_fen + 1");
  }
  auto bad = call("GET", "/api/v1/ledger/verify", kPlatform).data();
  EXPECT_FALSE(bad["ok"].get<bool>());
  ASSERT_EQ(bad["discrepancies"].size(), 1u);
  EXPECT_EQ(bad["discrepancies"][0]["driverId"], driver.id);
  EXPECT_EQ(bad["discrepancies"][0]["cached"]["cash"], 1001);
  EXPECT_EQ(bad["discrepancies"][0]["journal"]["cash"], 1000);
  EXPECT_EQ(call("GET", "/api/v1/ledger/verify", acme.token).status, 403) << "platform only";
}

}  // namespace
}  // namespace ct::api::testing
