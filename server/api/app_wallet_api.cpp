// Driver app endpoints: the wallet. Balance, recharge through a payment provider (the app
// pays with what the provider returned; the provider's notification credits the wallet),
// the payment's status, the statement of movements, and refund requests of unused
// recharged money.
#include "server/api/billing_views.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/api/service_errors.hpp"

namespace ct::api {
namespace {

using nlohmann::json;

Reply get_wallet(Call& c) {
  auto j = wallet_json(c.services().wallets.get_wallet(c.scope(), c.who.driver_id));
  auto policy = c.services().wallets.get_tenant_policy(c.scope());
  j["minStartBalanceFen"] = policy.min_start_balance_fen;
  return {200, j};
}

Reply recharge(Call& c) {
  auto f = c.body();
  auto amount = f.req_int("amountFen", wallet::kMinRechargeFen, wallet::kMaxRechargeFen);
  auto provider = f.opt_string("provider", 1, 32).value_or("sandbox");
  f.reject_unknown();
  auto r = value_or_throw(
      c.services().payments.create_recharge(c.scope(), c.who.driver_id, amount, provider));
  return {201, {{"payment", payment_json(r.payment)}, {"pay", r.pay}}};
}

Reply get_payment(Call& c) {
  auto id = c.id_param("paymentId", "payment");
  auto p = c.services().wallets.get_payment(c.scope(), id);
  if (!p || p->driver_id != c.who.driver_id) throw_not_found("payment " + std::to_string(id));
  return {200, payment_json(*p)};
}

Reply list_payments(Call& c) {
  auto page = page_of(c.req.query);
  auto p = c.services().wallets.list_payments(c.scope(), c.who.driver_id, page);
  return {200, page_json(json_array(p.items, payment_json), p.total, page.limit, page.offset)};
}

Reply statement(Call& c) {
  auto page = page_of(c.req.query);
  auto p = c.services().wallets.list_journal(c.scope(), c.who.driver_id, page);
  return {200, page_json(json_array(p.items, journal_json), p.total, page.limit, page.offset)};
}

Reply request_refund(Call& c) {
  auto f = c.body();
  auto amount = f.req_int("amountFen", 1, wallet::kMaxRechargeFen * 100);
  auto reason = f.opt_string("reason", 0, 500).value_or("");
  f.reject_unknown();
  auto r = value_or_throw(
      c.services().payments.request_refund(c.scope(), c.who.driver_id, amount, reason));
  return {201, refund_json(r)};
}

Reply list_refunds(Call& c) {
  auto page = page_of(c.req.query);
  auto p = c.services().wallets.list_refund_requests(c.scope(), "", c.who.driver_id, page);
  return {200, page_json(json_array(p.items, refund_json), p.total, page.limit, page.offset)};
}

}  // namespace

void add_app_wallet_routes(Routes& r) {
  r.add("GET", "/api/v1/app/wallet", {Access::Driver, get_wallet});
  r.add("POST", "/api/v1/app/wallet/recharges", {Access::Driver, recharge});
  r.add("GET", "/api/v1/app/wallet/payments", {Access::Driver, list_payments});
  r.add("GET", "/api/v1/app/wallet/payments/{paymentId}", {Access::Driver, get_payment});
  r.add("GET", "/api/v1/app/wallet/statement", {Access::Driver, statement});
  r.add("POST", "/api/v1/app/wallet/refunds", {Access::Driver, request_refund});
  r.add("GET", "/api/v1/app/wallet/refunds", {Access::Driver, list_refunds});
}

}  // namespace ct::api
