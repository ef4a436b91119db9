// Tenant endpoints: stations.
#include "server/api/asset_events.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/billing/time_zone.hpp"

namespace ct::api {
namespace {

core::Station load_station(Call& c) {
  auto id = c.id_param("stationId", "station");
  auto s = c.ctx.store.get_station(c.scope(), id);
  if (!s) throw_not_found("station " + std::to_string(id));
  return *s;
}

// Fields shared by create and update; absent fields keep their current value.
void read_station_fields(Fields& f, core::Station& s) {
  if (auto v = f.opt_string("address", 0, 200)) s.address = *v;
  if (auto v = f.opt_string("province", 0, 50)) s.province = *v;
  if (auto v = f.opt_string("city", 0, 50)) s.city = *v;
  if (auto v = f.opt_string("district", 0, 50)) s.district = *v;
  if (auto v = f.opt_degrees_e6("latitude", 90)) s.latitude_e6 = *v;
  if (auto v = f.opt_degrees_e6("longitude", 180)) s.longitude_e6 = *v;
  if (auto v = f.opt_string("timeZone", 1, 64)) {
    // Prices are cut into local half hours of this zone: a name tzdata does not know
    // would silently bill in UTC, so it is refused here.
    if (!billing::TimeZone::load(*v))
      f.invalid("timeZone", "must be an IANA time zone name such as Asia/Shanghai");
    s.time_zone = *v;
  }
  if (auto v = f.opt_string("openingHours", 0, 100)) s.opening_hours = *v;
  if (auto v = f.opt_string("parkingInfo", 0, 500)) s.parking_info = *v;
  if (auto v = f.opt_enum("parkingFeeType", {"", "free", "paid", "free_while_charging"}))
    s.parking_fee_type = *v;
}

Reply create_station(Call& c) {
  auto f = c.body();
  core::Station s;
  s.tenant_id = c.who.tenant_id;
  s.name = f.req_string("name", 1, 100);
  read_station_fields(f, s);
  f.reject_unknown();
  s.created_at = s.updated_at = c.now();
  s = c.ctx.store.create_station(c.scope(), s);
  publish_asset_changed(c.ctx, s.tenant_id, "station", s.id, "created");
  return {201, station_json(s)};
}

Reply list_stations(Call& c) {
  store::StationFilter filter;
  filter.q = query_text(c.req.query, "q");
  filter.page = page_of(c.req.query);
  auto p = c.ctx.store.list_stations(c.scope(), filter);
  return {200, page_json(json_array(p.items, station_json), p.total, filter.page.limit,
                         filter.page.offset)};
}

Reply get_station(Call& c) {
  return {200, station_json(load_station(c))};
}

Reply patch_station(Call& c) {
  auto s = load_station(c);
  auto f = c.body();
  if (auto v = f.opt_string("name", 1, 100)) s.name = *v;
  read_station_fields(f, s);
  f.reject_unknown();
  s.updated_at = c.now();
  if (!c.ctx.store.update_station(c.scope(), s)) throw_not_found("station " + std::to_string(s.id));
  publish_asset_changed(c.ctx, s.tenant_id, "station", s.id, "updated");
  return {200, station_json(s)};
}

Reply delete_station(Call& c) {
  auto s = load_station(c);
  bool deleted = false;
  try {
    deleted = c.ctx.store.delete_station(c.scope(), s.id);
  } catch (const store::ConflictError&) {
    throw ApiError(ErrorCode::kInUse, "station " + std::to_string(s.id) +
                                          " still has piles; delete or move them first");
  }
  if (!deleted) throw_not_found("station " + std::to_string(s.id));
  publish_asset_changed(c.ctx, s.tenant_id, "station", s.id, "deleted");
  return {200, {{"id", s.id}, {"deleted", true}}};
}

}  // namespace

void add_station_routes(Routes& r) {
  r.add("POST", "/api/v1/stations", {Access::Tenant, create_station});
  r.add("GET", "/api/v1/stations", {Access::Tenant, list_stations});
  r.add("GET", "/api/v1/stations/{stationId}", {Access::Tenant, get_station});
  r.add("PATCH", "/api/v1/stations/{stationId}", {Access::Tenant, patch_station});
  r.add("DELETE", "/api/v1/stations/{stationId}", {Access::Tenant, delete_station});
}

}  // namespace ct::api
