// Tenant endpoints: orders. List and filter, CSV export, detail with samples, events and
// bill, the bill recomputed beside the stored one, and the operator's actions: stop,
// manual close of an abnormal order (with a reason, audited), refund.
#include <sstream>

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

constexpr std::int64_t kMaxExportRows = 100'000;

store::OrderFilter filter_of(Call& c) {
  store::OrderFilter f;
  f.station_id = query_id(c.req.query, "stationId");
  f.pile_id = query_id(c.req.query, "pileId");
  f.driver_id = query_id(c.req.query, "driverId");
  f.state = query_enum(c.req.query, "state",
                       {"created", "starting", "charging", "stopping", "finished", "settled",
                        "start_failed", "abnormal", "refunded"});
  f.from = query_time(c.req.query, "from");
  f.to = query_time(c.req.query, "to");
  if (f.from && f.to && *f.from > *f.to)
    throw ApiError(ErrorCode::kInvalidQuery, "query parameter from must not be after to", "from");
  f.unpaid_only = query_bool(c.req.query, "unpaid").value_or(false);
  f.page = page_of(c.req.query);
  return f;
}

orders::Order load_order(Call& c) {
  auto id = c.id_param("orderId", "order");
  auto o = c.services().orders.get_order(c.scope(), id);
  if (!o) throw_not_found("order " + std::to_string(id));
  return *o;
}

std::string actor(Call& c) {
  return "operator:" + c.who.label;
}

Reply list_orders(Call& c) {
  auto f = filter_of(c);
  auto p = c.services().orders.list_orders(c.scope(), f);
  return {200, page_json(json_array(p.items, order_json), p.total, f.page.limit, f.page.offset)};
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string yuan(std::int64_t fen) {
  std::string sign = fen < 0 ? "-" : "";
  if (fen < 0) fen = -fen;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100),
                static_cast<long long>(fen % 100));
  return sign + buf;
}

std::string opt_time(const std::optional<core::UtcMillis>& t) {
  return t ? core::format_utc(*t) : "";
}

Reply export_orders(Call& c) {
  auto f = filter_of(c);
  std::ostringstream out;
  out << "orderNo,state,createdAt,startedAt,stoppedAt,stationId,chargePointId,connectorId,"
         "driverId,idTag,startMethod,energyWh,amountE4,idleFeeE4,payableYuan,chargedYuan,"
         "debtYuan,stopReason,flags\r\n";
  f.page.offset = 0;
  f.page.limit = 500;
  std::int64_t rows = 0;
  for (;;) {
    auto p = c.services().orders.list_orders(c.scope(), f);
    for (const auto& o : p.items) {
      out << csv_field(o.order_no) << ',' << orders::to_string(o.state) << ','
          << core::format_utc(o.created_at) << ',' << opt_time(o.started_at) << ','
          << opt_time(o.stopped_at) << ',' << (o.station_id ? std::to_string(*o.station_id) : "")
          << ',' << csv_field(o.charge_point_id) << ',' << o.connector_id << ','
          << (o.driver_id ? std::to_string(*o.driver_id) : "") << ',' << csv_field(o.id_tag) << ','
          << orders::to_string(o.start_method) << ',' << o.energy_wh << ',' << o.amount_e4 << ','
          << o.idle_fee_e4 << ',' << yuan(o.payable_fen) << ','
          << yuan(o.charged_cash_fen + o.charged_gift_fen) << ',' << yuan(o.debt_fen) << ','
          << csv_field(o.stop_reason) << ',' << csv_field(o.flags) << "\r\n";
      ++rows;
    }
    if (p.items.size() < static_cast<std::size_t>(f.page.limit) || rows >= kMaxExportRows) break;
    f.page.offset += f.page.limit;
  }
  HttpResponse r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.headers["Content-Disposition"] = "attachment; filename=\"orders.csv\"";
  r.body = out.str();
  return {200, nullptr, r};
}

json detail_json(Call& c, const orders::Order& o) {
  auto j = order_json(o);
  j["events"] =
      json_array(c.services().orders.list_order_events(c.scope(), o.id), order_event_json);
  j["meterSamples"] = json::array();
  if (o.transaction_id) {
    j["meterSamples"] =
        json_array(c.ctx.store.list_meter_samples(c.scope(), *o.transaction_id), meter_sample_json);
  }
  j["bill"] = o.bill_json.empty() ? json(nullptr) : json::parse(o.bill_json, nullptr, false);
  return j;
}

Reply get_order(Call& c) {
  return {200, detail_json(c, load_order(c))};
}

Reply get_order_events(Call& c) {
  auto o = load_order(c);
  return {200,
          json_array(c.services().orders.list_order_events(c.scope(), o.id), order_event_json)};
}

// The stored bill and a recomputation from the stored samples and tariff version: they
// must agree; `agree` false means the data changed under the bill (or a bug).
json bill_check_json(Call& c, const orders::Order& o) {
  json out = {{"orderId", o.id}, {"orderNo", o.order_no}};
  out["stored"] = o.bill_json.empty() ? json(nullptr) : json::parse(o.bill_json, nullptr, false);
  auto re = orders::recompute_bill(c.ctx.store, c.services().tariffs, o);
  if (!re) {
    out["recomputed"] = nullptr;
    out["agree"] = o.bill_json.empty();
    out["note"] =
        o.tariff_version_id ? "the order has not finished" : "no tariff priced this order";
    return out;
  }
  if (re->error) {
    out["recomputed"] = nullptr;
    out["agree"] = false;
    out["note"] = re->error->message;
    return out;
  }
  out["recomputed"] = billing::bill_to_json(re->bill);
  bool agree = false;
  if (!o.bill_json.empty()) {
    auto stored = billing::bill_from_json(json::parse(o.bill_json, nullptr, false));
    if (auto* b = std::get_if<billing::Bill>(&stored)) agree = (*b == re->bill);
  }
  out["agree"] = agree;
  out["payableFen"] = o.payable_fen;
  out["chargedFen"] = o.charged_cash_fen + o.charged_gift_fen;
  out["debtFen"] = o.debt_fen;
  return out;
}

Reply get_bill(Call& c) {
  return {200, bill_check_json(c, load_order(c))};
}

std::string reason_of(Call& c) {
  auto f = c.body();
  auto reason = f.req_string("reason", 1, 500);
  f.reject_unknown();
  return reason;
}

Reply close_order(Call& c) {
  auto o = load_order(c);
  auto reason = reason_of(c);
  auto done =
      value_or_throw(c.services().order_service.operator_close(c.scope(), o.id, reason, actor(c)));
  return {200, detail_json(c, done)};
}

Reply stop_order(Call& c) {
  auto o = load_order(c);
  auto f = c.body();
  f.reject_unknown();
  auto done = value_or_throw(c.services().order_service.operator_stop(c.scope(), o.id, actor(c)));
  return {202, order_json(done)};
}

Reply refund_order(Call& c) {
  auto o = load_order(c);
  auto reason = reason_of(c);
  auto done = value_or_throw(c.services().order_service.refund(c.scope(), o.id, reason, actor(c)));
  return {200, order_json(done)};
}

}  // namespace

void add_order_routes(Routes& r) {
  r.add("GET", "/api/v1/orders", {Access::Tenant, list_orders});
  r.add("GET", "/api/v1/orders/export.csv", {Access::Tenant, export_orders});
  r.add("GET", "/api/v1/orders/{orderId}", {Access::Tenant, get_order});
  r.add("GET", "/api/v1/orders/{orderId}/events", {Access::Tenant, get_order_events});
  r.add("GET", "/api/v1/orders/{orderId}/bill", {Access::Tenant, get_bill});
  r.add("POST", "/api/v1/orders/{orderId}/close", {Access::Tenant, close_order});
  r.add("POST", "/api/v1/orders/{orderId}/stop", {Access::Tenant, stop_order});
  r.add("POST", "/api/v1/orders/{orderId}/refund", {Access::Tenant, refund_order});
}

}  // namespace ct::api
