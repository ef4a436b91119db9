// Tenant endpoints: piles (chargers) with their connectors, unbound piles and binding,
// and a pile's status history.
#include <cctype>
#include <cstdint>
#include <set>

#include "server/api/asset_events.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/core/secrets.hpp"

namespace ct::api {
namespace {

constexpr std::int64_t kMaxPowerW = 10'000'000;  // 10 MW: far above any charger
constexpr std::int64_t kMaxConnectorId = 99;

bool valid_charge_point_id(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (unsigned char ch : s) {
    bool ok = std::isalnum(ch) || ch == '.' || ch == '_' || ch == ':' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

core::Pile load_pile(Call& c) {
  auto id = c.id_param("pileId", "pile");
  auto p = c.ctx.store.get_pile(c.scope(), id);
  if (!p) throw_not_found("pile " + std::to_string(id));
  return *p;
}

core::Station require_station(Call& c, core::Id station_id) {
  auto s = c.ctx.store.get_station(c.scope(), station_id);
  if (!s) throw_not_found("station " + std::to_string(station_id));
  return *s;
}

// Replaces the connector list, keeping the live state of connectors that stay.
std::vector<core::Connector> read_connectors(Fields& f, const std::vector<core::Connector>& old,
                                             std::int64_t default_power) {
  auto arr = f.opt_array("connectors");
  if (!arr) return old;
  if (arr->empty()) f.invalid("connectors", "must list at least one connector");
  std::vector<core::Connector> out;
  std::set<int> seen;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    std::string prefix = f.full_name("connectors[" + std::to_string(i) + "]");
    if (!(*arr)[i].is_object()) {
      throw ApiError(ErrorCode::kInvalidField, prefix + " must be a JSON object", prefix);
    }
    Fields cf((*arr)[i], prefix);
    auto cid = static_cast<int>(cf.req_int("connectorId", 1, kMaxConnectorId));
    if (!seen.insert(cid).second) cf.invalid("connectorId", "is listed twice");
    core::Connector conn;
    for (const auto& o : old) {
      if (o.connector_id == cid) conn = o;
    }
    conn.connector_id = cid;
    if (auto v = cf.opt_int("maxPowerW", 0, kMaxPowerW)) {
      conn.max_power_w = *v;
    } else if (conn.max_power_w == 0) {
      conn.max_power_w = default_power;
    }
    if (auto v = cf.opt_string("type", 0, 20)) conn.type = *v;
    cf.reject_unknown();
    out.push_back(std::move(conn));
  }
  return out;
}

// Static attributes shared by create and update; absent fields keep their value.
void read_pile_fields(Fields& f, core::Pile& p) {
  if (auto v = f.opt_string("name", 0, 100)) p.name = *v;
  if (auto v = f.opt_string("vendor", 0, 50)) p.vendor = *v;
  if (auto v = f.opt_string("model", 0, 50)) p.model = *v;
  if (auto v = f.opt_enum("currentType", {"AC", "DC"})) {
    p.current_type = *core::current_type_from_string(*v);
  }
  if (auto v = f.opt_int("maxPowerW", 0, kMaxPowerW)) p.max_power_w = *v;
  if (auto v = f.opt_enum("protocol", {"ocpp1.6", "ykc1.6"})) p.protocol = *v;
  if (auto v = f.opt_bool("enabled")) p.enabled = *v;
  if (f.is_null("password")) {
    f.raw("password");
    p.password_hash.clear();
  } else if (auto v = f.opt_string("password", 8, 64)) {
    p.password_hash = core::hash_password(*v);
  }
}

Reply create_pile(Call& c) {
  auto station = require_station(c, c.id_param("stationId", "station"));
  auto f = c.body();
  core::Pile p;
  p.tenant_id = c.who.tenant_id;
  p.station_id = station.id;
  p.bound = true;
  p.charge_point_id = f.req_string("chargePointId", 1, 64);
  if (!valid_charge_point_id(p.charge_point_id)) {
    f.invalid("chargePointId", "must be 1..64 characters of A-Z a-z 0-9 . _ : -");
  }
  read_pile_fields(f, p);
  p.connectors = read_connectors(f, {}, p.max_power_w);
  if (p.connectors.empty()) {
    core::Connector conn;
    conn.connector_id = 1;
    conn.max_power_w = p.max_power_w;
    p.connectors.push_back(conn);
  }
  f.reject_unknown();
  if (c.ctx.store.find_pile_by_charge_point_id(p.charge_point_id)) {
    throw ApiError(ErrorCode::kDuplicate,
                   "chargePointId " + p.charge_point_id + " is already registered on the platform",
                   "chargePointId");
  }
  p.created_at = p.updated_at = c.now();
  p = c.ctx.store.create_pile(c.scope(), p);
  publish_asset_changed(c.ctx, p.tenant_id, "pile", p.id, "created", p.id, p.charge_point_id);
  return {201, pile_json(p)};
}

Reply list_piles(Call& c) {
  store::PileFilter filter;
  filter.station_id = query_id(c.req.query, "stationId");
  filter.status = query_text(c.req.query, "status", 30);
  filter.online = query_bool(c.req.query, "online");
  filter.q = query_text(c.req.query, "q");
  filter.page = page_of(c.req.query);
  auto p = c.ctx.store.list_piles(c.scope(), filter);
  return {200, page_json(json_array(p.items, pile_json), p.total, filter.page.limit,
                         filter.page.offset)};
}

Reply get_pile(Call& c) {
  return {200, pile_json(load_pile(c))};
}

Reply patch_pile(Call& c) {
  auto p = load_pile(c);
  auto f = c.body();
  if (f.has("chargePointId")) {
    const auto* v = f.raw("chargePointId");
    if (!(v->is_string() && v->get<std::string>() == p.charge_point_id)) {
      f.invalid("chargePointId", "cannot be changed; delete the pile and create it again");
    }
  }
  if (auto sid = f.opt_int("stationId", 1, INT64_MAX)) p.station_id = require_station(c, *sid).id;
  read_pile_fields(f, p);
  p.connectors = read_connectors(f, p.connectors, p.max_power_w);
  f.reject_unknown();
  p.updated_at = c.now();
  if (!c.ctx.store.update_pile(c.scope(), p)) throw_not_found("pile " + std::to_string(p.id));
  auto fresh = c.ctx.store.get_pile(c.scope(), p.id);
  if (!fresh) throw_not_found("pile " + std::to_string(p.id));
  publish_asset_changed(c.ctx, p.tenant_id, "pile", p.id, "updated", p.id, p.charge_point_id);
  return {200, pile_json(*fresh)};
}

Reply delete_pile(Call& c) {
  auto p = load_pile(c);
  if (!c.ctx.store.delete_pile(c.scope(), p.id)) throw_not_found("pile " + std::to_string(p.id));
  publish_asset_changed(c.ctx, p.tenant_id, "pile", p.id, "deleted", p.id, p.charge_point_id);
  return {200, {{"id", p.id}, {"deleted", true}}};
}

Reply list_unbound(Call& c) {
  auto page = page_of(c.req.query);
  auto p = c.ctx.store.list_unbound_piles(page);
  return {200, page_json(json_array(p.items, unbound_pile_json), p.total, page.limit, page.offset)};
}

Reply bind_pile(Call& c) {
  auto id = c.id_param("pileId", "pile");
  auto pile = c.ctx.store.get_pile_by_id(id);
  // Another tenant's pile is invisible: 404, never 409.
  if (!pile || (pile->bound && pile->tenant_id != c.who.tenant_id)) {
    throw_not_found("pile " + std::to_string(id));
  }
  if (pile->bound) {
    throw ApiError(ErrorCode::kStateConflict,
                   "pile " + std::to_string(id) + " is already bound to station " +
                       (pile->station_id ? std::to_string(*pile->station_id) : "-"));
  }
  auto f = c.body();
  auto station_id = f.req_int("stationId", 1, INT64_MAX);
  f.reject_unknown();
  require_station(c, station_id);
  if (!c.ctx.store.bind_pile(c.scope(), id, station_id)) {
    throw ApiError(ErrorCode::kStateConflict,
                   "pile " + std::to_string(id) + " was bound by someone else meanwhile");
  }
  auto bound = c.ctx.store.get_pile(c.scope(), id);
  if (!bound) throw_not_found("pile " + std::to_string(id));
  publish_asset_changed(c.ctx, c.who.tenant_id, "pile", id, "bound", id, bound->charge_point_id);
  return {200, pile_json(*bound)};
}

Reply status_history(Call& c) {
  auto p = load_pile(c);
  auto page = page_of(c.req.query);
  auto h = c.ctx.store.list_status_history(c.scope(), p.id, page);
  return {200, page_json(json_array(h.items, status_event_json), h.total, page.limit, page.offset)};
}

}  // namespace

void add_pile_routes(Routes& r) {
  r.add("POST", "/api/v1/stations/{stationId}/piles", {Access::Tenant, create_pile});
  r.add("GET", "/api/v1/piles", {Access::Tenant, list_piles});
  r.add("GET", "/api/v1/piles/unbound", {Access::Any, list_unbound});
  r.add("GET", "/api/v1/piles/{pileId}", {Access::Tenant, get_pile});
  r.add("PATCH", "/api/v1/piles/{pileId}", {Access::Tenant, patch_pile});
  r.add("DELETE", "/api/v1/piles/{pileId}", {Access::Tenant, delete_pile});
  r.add("POST", "/api/v1/piles/{pileId}/bind", {Access::Tenant, bind_pile});
  r.add("GET", "/api/v1/piles/{pileId}/status-history", {Access::Tenant, status_history});
}

}  // namespace ct::api
