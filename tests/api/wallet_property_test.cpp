// RapidCheck over the whole money path: random interleavings of recharges (whose provider
// notification is repeated), card sessions charged to the wallet (running into debt when
// the wallet is short), refund requests approved or rejected, gifts and debt payments.
// After every step: the journal verifies against the cached balances, no account is
// negative, a repeated notification changed nothing, and every fen is accounted for.
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "tests/api/order_flow_fixture.hpp"

namespace ct::api::testing {
namespace {

enum class Step { Recharge, Charge, Refund, Gift, PayDebts };

class WalletPropertyTest : public OrderFlowTest {
 protected:
  json wallet() { return wallet_of(driver); }

  void check_invariants() {
    auto v = call("GET", "/api/v1/ledger/verify", kPlatform).data();
    RC_ASSERT(v["ok"].get<bool>());
    auto w = wallet();
    for (const auto& [name, value] : w["accounts"].items())
      RC_ASSERT(value.get<std::int64_t>() >= 0);
    // In = where it is now + what left: wallet + charged by orders + refunds paid out.
    std::int64_t charged = 0, debt = 0;
    auto orders =
        call("GET", "/api/v1/app/orders", driver.access_token, nullptr, {{"limit", "500"}}).data();
    for (const auto& o : orders["items"]) {
      charged += o["chargedFen"].get<std::int64_t>();
      debt += o["debtFen"].get<std::int64_t>();
    }
    RC_ASSERT(money_in == w["balanceFen"].get<std::int64_t>() + w["giftFen"].get<std::int64_t>() +
                              w["accounts"]["refunding"].get<std::int64_t>() + charged + refunded);
    RC_ASSERT(debt == expected_debt);
  }

  void do_recharge(std::int64_t fen, int repeats) {
    const auto available_before = wallet()["availableFen"].get<std::int64_t>();
    auto r =
        call("POST", "/api/v1/app/wallet/recharges", driver.access_token, {{"amountFen", fen}});
    RC_ASSERT(r.status == 201);
    auto id = r.data()["payment"]["providerOrderId"].get<std::string>();
    RC_ASSERT(call("POST", "/api/v1/sandbox/pay/" + id, "", {{"result", "success"}}).status == 202);
    sandbox->deliver_due();
    money_in += fen;
    // A recharge pays the debts first, from everything available.
    expected_debt = std::max<std::int64_t>(0, expected_debt - (available_before + fen));
    auto before = wallet();
    auto pays = call("GET", "/api/v1/app/wallet/payments", driver.access_token).data()["items"];
    auto txn = pays[0]["providerTransactionId"].get<std::string>();
    auto body = json{
        {"kind", "payment"},
        {"providerOrderId", id},
        {"transactionId", txn},
        {"amountFen", fen},
        {"status",
         "SUCCESS"}}.dump();
    for (int i = 0; i < repeats; ++i) {
      HttpRequest req;
      req.method = "POST";
      req.path = "/api/v1/payments/notify/sandbox";
      req.headers["x-sandbox-signature"] = sandbox->sign(body);
      req.body = body;
      RC_ASSERT(router->handle(req).status == 200);
    }
    RC_ASSERT(wallet() == before);
  }

  void do_charge(std::int64_t wh) {
    auto before = wallet();
    auto tx = start("CP-O1", 1, driver.id_tag, meter_reg);
    clock.advance(10 * kMinute);
    meter_reg += wh;
    stop("CP-O1", tx, meter_reg, "Local");
    status("CP-O1", 1, "Available");
    auto mine =
        call("GET", "/api/v1/app/orders", driver.access_token, nullptr, {{"limit", "1"}}).data();
    const auto& o = mine["items"][0];
    RC_ASSERT(o["state"] == "settled");
    auto payable = o["payableFen"].get<std::int64_t>();
    auto available = before["availableFen"].get<std::int64_t>();
    RC_ASSERT(o["chargedFen"].get<std::int64_t>() == std::min(payable, available));
    expected_debt += std::max<std::int64_t>(0, payable - available);
  }

  void do_refund(std::int64_t fen, bool approve) {
    auto cash = wallet()["accounts"]["cash"].get<std::int64_t>();
    auto r = call("POST", "/api/v1/app/wallet/refunds", driver.access_token, {{"amountFen", fen}});
    if (fen > cash) {
      RC_ASSERT(r.status == 402);
      return;
    }
    RC_ASSERT(r.status == 201);
    auto id = r.data()["id"].get<core::Id>();
    if (approve) {
      RC_ASSERT(call("POST", path("/api/v1/refunds/", id, "/approve"), acme.token, json::object())
                    .status == 200);
      clock.advance(3000);
      sandbox->deliver_due();
      refunded += fen;
    } else {
      RC_ASSERT(call("POST", path("/api/v1/refunds/", id, "/reject"), acme.token, {{"note", "no"}})
                    .status == 200);
    }
  }

  Driver driver;
  std::int64_t money_in = 0, refunded = 0, expected_debt = 0, meter_reg = 0;
};

RC_GTEST_FIXTURE_PROP(WalletPropertyTest, MoneyIsConservedAndRepeatsChangeNothing, ()) {
  driver = sign_in_driver(acme, "13800138000");
  const auto steps = *rc::gen::resize(
      12, rc::gen::container<std::vector<std::tuple<int, int, int>>>(rc::gen::tuple(
              rc::gen::inRange(0, 5), rc::gen::inRange(1, 3000), rc::gen::inRange(0, 3))));
  for (const auto& [kind, amount, extra] : steps) {
    switch (static_cast<Step>(kind)) {
      case Step::Recharge: do_recharge(100 + amount * 10, extra); break;
      case Step::Charge: do_charge(amount * 5); break;
      case Step::Refund: do_refund(amount * 3, extra != 0); break;
      case Step::Gift:
        RC_ASSERT(call("POST", path("/api/v1/drivers/", driver.id, "/wallet/gifts"), acme.token,
                       {{"amountFen", amount}})
                      .status == 201);
        money_in += amount;  // a gift does not pay debts by itself
        break;
      case Step::PayDebts: {
        auto unpaid = call("GET", "/api/v1/app/orders/unpaid", driver.access_token).data();
        for (const auto& o : unpaid["items"]) {
          auto r = call("POST", path("/api/v1/app/orders/", o["id"].get<core::Id>(), "/pay"),
                        driver.access_token);
          if (r.status == 200) expected_debt -= o["debtFen"].get<std::int64_t>();
        }
        break;
      }
    }
    check_invariants();
  }
}

}  // namespace
}  // namespace ct::api::testing
