// Tenant endpoints: the operator's view of drivers and their wallets. Drivers, a wallet
// with its journal, gifts and manual adjustments (audited in the journal with the
// operator's label), refund requests to approve or reject, payments, the tenant's policy
// for starts and refunds, and the ledger check.
#include "server/api/billing_views.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/api/service_errors.hpp"

namespace ct::api {
namespace {

using nlohmann::json;

json driver_json(const drivers::Driver& d) {
  return {{"id", d.id},
          {"phone", d.phone},
          {"nickname", d.nickname},
          {"idTag", d.id_tag},
          {"createdAt", core::format_utc(d.created_at)}};
}

drivers::Driver load_driver(Call& c) {
  auto id = c.id_param("driverId", "driver");
  auto d = c.services().drivers.get_driver(c.scope(), id);
  if (!d || d->deleted) throw_not_found("driver " + std::to_string(id));
  return *d;
}

Reply list_drivers(Call& c) {
  auto page = page_of(c.req.query);
  auto p = c.services().drivers.list_drivers(c.scope(), query_text(c.req.query, "q", 50), page);
  json items = json::array();
  for (const auto& d : p.items) {
    auto j = driver_json(d);
    j["wallet"] = wallet_json(c.services().wallets.get_wallet(c.scope(), d.id));
    items.push_back(j);
  }
  return {200, page_json(items, p.total, page.limit, page.offset)};
}

Reply get_driver(Call& c) {
  auto d = load_driver(c);
  auto j = driver_json(d);
  j["wallet"] = wallet_json(c.services().wallets.get_wallet(c.scope(), d.id));
  return {200, j};
}

Reply get_journal(Call& c) {
  auto d = load_driver(c);
  auto page = page_of(c.req.query);
  auto p = c.services().wallets.list_journal(c.scope(), d.id, page);
  return {200, page_json(json_array(p.items, journal_json), p.total, page.limit, page.offset)};
}

Reply post_gift(Call& c) {
  auto d = load_driver(c);
  auto f = c.body();
  auto amount = f.req_int("amountFen", 1, wallet::kMaxManualFen);
  auto memo = f.opt_string("memo", 0, 200).value_or("");
  f.reject_unknown();
  value_or_throw(c.services().payments.gift(c.scope(), d.id, amount, memo, c.who.label));
  return {201, wallet_json(c.services().wallets.get_wallet(c.scope(), d.id))};
}

Reply post_adjustment(Call& c) {
  auto d = load_driver(c);
  auto f = c.body();
  auto amount = f.req_int("amountFen", -wallet::kMaxManualFen, wallet::kMaxManualFen);
  auto reason = f.req_string("reason", 1, 500);
  f.reject_unknown();
  value_or_throw(c.services().payments.adjust(c.scope(), d.id, amount, reason, c.who.label));
  return {201, wallet_json(c.services().wallets.get_wallet(c.scope(), d.id))};
}

Reply list_payments(Call& c) {
  auto page = page_of(c.req.query);
  auto p = c.services().wallets.list_payments(c.scope(), query_id(c.req.query, "driverId"), page);
  return {200, page_json(json_array(p.items, payment_json), p.total, page.limit, page.offset)};
}

Reply list_refunds(Call& c) {
  auto page = page_of(c.req.query);
  auto status = query_enum(c.req.query, "status",
                           {"pending_approval", "processing", "paid", "rejected", "failed"});
  auto p = c.services().wallets.list_refund_requests(c.scope(), status,
                                                     query_id(c.req.query, "driverId"), page);
  return {200, page_json(json_array(p.items, refund_json), p.total, page.limit, page.offset)};
}

Reply decide_refund(Call& c, bool approve) {
  auto id = c.id_param("refundId", "refund");
  auto f = c.body();
  auto note = f.opt_string("note", approve ? 0 : 1, 500).value_or("");
  if (!approve && note.empty()) f.req_string("note", 1, 500);
  f.reject_unknown();
  auto& payments = c.services().payments;
  auto r = approve ? payments.approve_refund(c.scope(), id, c.who.label, note)
                   : payments.reject_refund(c.scope(), id, c.who.label, note);
  return {200, refund_json(value_or_throw(std::move(r)))};
}

Reply approve_refund(Call& c) {
  return decide_refund(c, true);
}
Reply reject_refund(Call& c) {
  return decide_refund(c, false);
}

Reply get_policy(Call& c) {
  return {200, policy_json(c.services().wallets.get_tenant_policy(c.scope()))};
}

Reply put_policy(Call& c) {
  auto p = c.services().wallets.get_tenant_policy(c.scope());
  auto f = c.body();
  if (auto v = f.opt_int("minStartBalanceFen", 0, 100'000'000)) p.min_start_balance_fen = *v;
  if (auto v = f.opt_bool("refundNeedsApproval")) p.refund_needs_approval = *v;
  if (auto v = f.opt_int("startTimeoutS", 10, 3600)) p.start_timeout_s = *v;
  f.reject_unknown();
  p.updated_at = c.now();
  c.services().wallets.put_tenant_policy(c.scope(), p);
  return {200, policy_json(p)};
}

// The platform admin checks every wallet of every tenant (cache = journal).
Reply verify_ledger(Call& c) {
  auto r = c.services().wallets.verify_ledger();
  json bad = json::array();
  for (const auto& d : r.discrepancies) {
    store::WalletRow cached{d.driver_id, d.tenant_id, d.cached, 0, 0};
    store::WalletRow journal{d.driver_id, d.tenant_id, d.journal, 0, 0};
    bad.push_back({{"tenantId", d.tenant_id},
                   {"driverId", d.driver_id},
                   {"cached", wallet_json(cached)["accounts"]},
                   {"journal", wallet_json(journal)["accounts"]}});
  }
  return {200,
          {{"ok", r.ok()},
           {"wallets", r.wallets},
           {"entries", r.entries},
           {"unbalancedEntries", r.unbalanced_entries},
           {"discrepancies", bad}}};
}

}  // namespace

void add_wallet_admin_routes(Routes& r) {
  r.add("GET", "/api/v1/drivers", {Access::Tenant, list_drivers});
  r.add("GET", "/api/v1/drivers/{driverId}", {Access::Tenant, get_driver});
  r.add("GET", "/api/v1/drivers/{driverId}/wallet/journal", {Access::Tenant, get_journal});
  r.add("POST", "/api/v1/drivers/{driverId}/wallet/gifts", {Access::Tenant, post_gift});
  r.add("POST", "/api/v1/drivers/{driverId}/wallet/adjustments", {Access::Tenant, post_adjustment});
  r.add("GET", "/api/v1/payments", {Access::Tenant, list_payments});
  r.add("GET", "/api/v1/refunds", {Access::Tenant, list_refunds});
  r.add("POST", "/api/v1/refunds/{refundId}/approve", {Access::Tenant, approve_refund});
  r.add("POST", "/api/v1/refunds/{refundId}/reject", {Access::Tenant, reject_refund});
  r.add("GET", "/api/v1/billing-policy", {Access::Tenant, get_policy});
  r.add("PUT", "/api/v1/billing-policy", {Access::Tenant, put_policy});
  r.add("GET", "/api/v1/ledger/verify", {Access::Platform, verify_ledger});
}

}  // namespace ct::api
