// Driver app endpoints: scanning a connector's QR code, starting and stopping, the live
// view of a running order, history with bills, unpaid orders and paying them.
//
// The QR code of a connector carries its charger and connector number:
//   chargetwin://connector/{chargePointId}/{connectorId}
// or, for a code printed as a web link, any https://HOST/c/{chargePointId}/{connectorId}.
#include <optional>
#include <string>

#include "server/api/billing_views.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/api/service_errors.hpp"
#include "server/billing/bill_json.hpp"
#include "server/orders/pricing.hpp"

namespace ct::api {
namespace {

using nlohmann::json;

struct QrTarget {
  std::string charge_point_id;
  int connector_id = 0;
};

std::optional<QrTarget> parse_qr(const std::string& qr) {
  std::string rest;
  constexpr std::string_view kScheme = "chargetwin://connector/";
  if (qr.rfind(kScheme, 0) == 0) {
    rest = qr.substr(kScheme.size());
  } else if (qr.rfind("https://", 0) == 0) {
    auto path = qr.find('/', 8);
    if (path == std::string::npos || qr.compare(path, 3, "/c/") != 0) return std::nullopt;
    rest = qr.substr(path + 3);
  } else {
    return std::nullopt;
  }
  auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash > 48) return std::nullopt;
  QrTarget t;
  t.charge_point_id = rest.substr(0, slash);
  auto num = rest.substr(slash + 1);
  if (num.empty() || num.size() > 2) return std::nullopt;
  for (char ch : num) {
    if (ch < '0' || ch > '9') return std::nullopt;
  }
  t.connector_id = std::stoi(num);
  if (t.connector_id < 1) return std::nullopt;
  return t;
}

core::Pile pile_of_qr(Call& c, const std::string& qr, int& connector_id) {
  auto t = parse_qr(qr);
  if (!t)
    throw ApiError(ErrorCode::kInvalidField,
                   "not a charger QR code (chargetwin://connector/{chargePointId}/{connector})",
                   "qr");
  auto pile = c.ctx.store.find_pile_by_charge_point_id(t->charge_point_id);
  // Another operator's charger is as unknown to this app as a missing one.
  if (!pile || pile->tenant_id != c.who.tenant_id || !pile->bound)
    throw_not_found("charger " + t->charge_point_id);
  connector_id = t->connector_id;
  return *pile;
}

const core::Connector* connector_of(const core::Pile& p, int id) {
  for (const auto& k : p.connectors) {
    if (k.connector_id == id) return &k;
  }
  return nullptr;
}

json price_now(Call& c, const core::Pile& pile) {
  auto tid = orders::tariff_of_pile(c.services().tariffs, c.scope(), pile);
  if (!tid) return nullptr;
  auto sched = orders::schedule_of(c.services().tariffs, c.scope(), *tid);
  if (!sched) return nullptr;
  const auto* v = sched->in_force_at(c.now());
  if (v == nullptr) return nullptr;
  billing::TimeZone zone = billing::TimeZone::utc();
  if (pile.station_id) {
    if (auto st = c.ctx.store.get_station(c.scope(), *pile.station_id)) zone = orders::zone_of(*st);
  }
  auto slot = billing::price_at(*v, zone, c.now());
  auto* s = std::get_if<billing::PriceSlot>(&slot);
  if (s == nullptr) return nullptr;
  auto j = price_slot_json(*s, zone);
  j["idleFee"] = {{"graceMinutes", v->idle_fee.grace_minutes},
                  {"pricePerMinuteE4", v->idle_fee.price_per_minute_e4},
                  {"capE4", v->idle_fee.cap_e4}};
  return j;
}

Reply scan(Call& c) {
  auto f = c.body();
  auto qr = f.req_string("qr", 1, 300);
  f.reject_unknown();
  int connector_id = 0;
  auto pile = pile_of_qr(c, qr, connector_id);
  const auto* k = connector_of(pile, connector_id);
  if (k == nullptr)
    throw_not_found("connector " + std::to_string(connector_id) + " of " + pile.charge_point_id);
  const bool online = c.services().issuer.is_online(pile.charge_point_id);
  json station = nullptr;
  if (pile.station_id) {
    if (auto st = c.ctx.store.get_station(c.scope(), *pile.station_id))
      station = {{"id", st->id}, {"name", st->name}, {"address", st->address}};
  }
  const bool busy = c.services().orders.order_holding(pile.id, connector_id).has_value();
  const std::string status = !online ? "Offline" : k->status;
  return {200,
          {{"pileId", pile.id},
           {"chargePointId", pile.charge_point_id},
           {"pileName", pile.name},
           {"currentType", core::to_string(pile.current_type)},
           {"connectorId", connector_id},
           {"connectorType", k->type},
           {"maxPowerW", k->max_power_w != 0 ? k->max_power_w : pile.max_power_w},
           {"status", status},
           {"canStart", online && pile.enabled && !busy &&
                            (k->status == "Available" || k->status == "Preparing")},
           {"station", station},
           {"priceNow", price_now(c, pile)}}};
}

drivers::Driver me(Call& c) {
  auto d = c.services().drivers.get_driver(c.scope(), c.who.driver_id);
  if (!d || d->deleted)
    throw ApiError(ErrorCode::kDriverTokenRevoked, "this account no longer exists");
  return *d;
}

json live_json(const orders::LiveOrder& live) {
  auto j = order_json(live.order);
  j["elapsedS"] = live.elapsed_ms / 1000;
  j["powerW"] = live.power_w ? json(*live.power_w) : json(nullptr);
  j["socPct"] =
      live.soc_permille ? json(static_cast<double>(*live.soc_permille) / 10.0) : json(nullptr);
  if (live.bill) {
    j["energyWh"] = live.bill->energy_wh;
    j["amountE4"] = live.bill->total_e4;
    j["amountSoFarFen"] = live.bill->payable_fen;
    j["bill"] = billing::bill_to_json(*live.bill);
  } else {
    j["amountSoFarFen"] = live.order.payable_fen;
    j["bill"] = nullptr;
  }
  return j;
}

orders::Order my_order(Call& c) {
  auto id = c.id_param("orderId", "order");
  auto o = c.services().orders.get_order(c.scope(), id);
  if (!o || o->driver_id != c.who.driver_id) throw_not_found("order " + std::to_string(id));
  return *o;
}

Reply start(Call& c) {
  auto d = me(c);
  auto f = c.body();
  core::Id pile_id = 0;
  int connector_id = 0;
  if (f.has("qr")) {
    auto qr = f.req_string("qr", 1, 300);
    auto pile = pile_of_qr(c, qr, connector_id);
    pile_id = pile.id;
  } else {
    pile_id = f.req_int("pileId", 1, INT64_MAX);
    connector_id = static_cast<int>(f.req_int("connectorId", 1, 99));
  }
  f.reject_unknown();
  auto o = value_or_throw(
      c.services().order_service.start_for_driver(c.scope(), d, pile_id, connector_id));
  return {201, order_json(o)};
}

Reply list_mine(Call& c) {
  store::OrderFilter f;
  f.driver_id = c.who.driver_id;
  f.state = query_enum(c.req.query, "state",
                       {"created", "starting", "charging", "stopping", "finished", "settled",
                        "start_failed", "abnormal", "refunded"});
  f.page = page_of(c.req.query);
  auto p = c.services().orders.list_orders(c.scope(), f);
  return {200, page_json(json_array(p.items, order_json), p.total, f.page.limit, f.page.offset)};
}

Reply list_unpaid(Call& c) {
  store::OrderFilter f;
  f.driver_id = c.who.driver_id;
  f.unpaid_only = true;
  f.page = page_of(c.req.query);
  auto p = c.services().orders.list_orders(c.scope(), f);
  std::int64_t owed = 0;
  for (const auto& o : p.items) owed += o.debt_fen;
  auto j = page_json(json_array(p.items, order_json), p.total, f.page.limit, f.page.offset);
  j["owedFen"] = owed;
  return {200, j};
}

Reply current(Call& c) {
  json items = json::array();
  for (const char* state : {"created", "starting", "charging", "stopping", "abnormal"}) {
    store::OrderFilter f;
    f.driver_id = c.who.driver_id;
    f.state = state;
    f.page.limit = 10;
    for (const auto& o : c.services().orders.list_orders(c.scope(), f).items) {
      items.push_back(live_json(value_or_throw(c.services().order_service.live(c.scope(), o.id))));
    }
  }
  return {200, {{"items", items}}};
}

Reply get_mine(Call& c) {
  auto o = my_order(c);
  return {200, live_json(value_or_throw(c.services().order_service.live(c.scope(), o.id)))};
}

Reply stop(Call& c) {
  auto o = my_order(c);
  auto f = c.body();
  f.reject_unknown();
  auto done =
      value_or_throw(c.services().order_service.stop_for_driver(c.scope(), c.who.driver_id, o.id));
  return {202, order_json(done)};
}

Reply bill(Call& c) {
  auto o = my_order(c);
  if (o.bill_json.empty())
    throw ApiError(ErrorCode::kStateConflict, "order " + o.order_no + " has no final bill yet");
  return {200,
          {{"orderId", o.id},
           {"orderNo", o.order_no},
           {"payableFen", o.payable_fen},
           {"chargedFen", o.charged_cash_fen + o.charged_gift_fen},
           {"debtFen", o.debt_fen},
           {"bill", json::parse(o.bill_json, nullptr, false)}}};
}

Reply pay(Call& c) {
  auto o = my_order(c);
  auto f = c.body();
  f.reject_unknown();
  auto done = value_or_throw(c.services().order_service.pay_debt(c.scope(), c.who.driver_id, o.id));
  return {200, order_json(done)};
}

}  // namespace

void add_app_order_routes(Routes& r) {
  r.add("POST", "/api/v1/app/scan", {Access::Driver, scan});
  r.add("POST", "/api/v1/app/orders", {Access::Driver, start});
  r.add("GET", "/api/v1/app/orders", {Access::Driver, list_mine});
  r.add("GET", "/api/v1/app/orders/current", {Access::Driver, current});
  r.add("GET", "/api/v1/app/orders/unpaid", {Access::Driver, list_unpaid});
  r.add("GET", "/api/v1/app/orders/{orderId}", {Access::Driver, get_mine});
  r.add("POST", "/api/v1/app/orders/{orderId}/stop", {Access::Driver, stop});
  r.add("GET", "/api/v1/app/orders/{orderId}/bill", {Access::Driver, bill});
  r.add("POST", "/api/v1/app/orders/{orderId}/pay", {Access::Driver, pay});
}

}  // namespace ct::api
