#include "server/api/app_station_views.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

#include "server/api/decimal_e6.hpp"
#include "server/orders/pricing.hpp"

namespace ct::api {

using nlohmann::json;

namespace {

constexpr std::int64_t kPilePage = 500;  // the store's largest page

[[noreturn]] void bad_query(const std::string& name, const std::string& why) {
  throw ApiError(ErrorCode::kInvalidQuery, "query parameter " + name + " " + why, name);
}

std::optional<std::int64_t> degrees_param(const Query& q, const char* name, int max_abs) {
  auto it = q.find(name);
  if (it == q.end()) return std::nullopt;
  auto v = parse_decimal_e6(it->second, std::int64_t{max_abs} * 1'000'000);
  if (!v) {
    bad_query(name, "must be decimal degrees between -" + std::to_string(max_abs) + " and " +
                        std::to_string(max_abs) + " with at most 6 decimals");
  }
  return v;
}

}  // namespace

std::int64_t connector_power_w(const core::Pile& pile, const core::Connector& c) {
  return c.max_power_w > 0 ? c.max_power_w : pile.max_power_w;
}

bool connector_free(const core::Pile& pile, const core::Connector& c) {
  return pile.online && pile.enabled && c.status == "Available";
}

std::string app_connector_status(const core::Pile& pile, const core::Connector& c) {
  if (!pile.online) return "Offline";
  if (!pile.enabled) return "Unavailable";
  return c.status;
}

Availability availability_of(const std::vector<core::Pile>& piles) {
  Availability a;
  for (const auto& p : piles) {
    (p.current_type == core::CurrentType::DC ? a.dc : a.ac) = true;
    for (const auto& c : p.connectors) {
      ++a.total;
      if (connector_free(p, c)) ++a.free;
      a.max_power_w = std::max(a.max_power_w, connector_power_w(p, c));
    }
  }
  return a;
}

json kw_json(std::int64_t w) {
  if (w % 1000 == 0) return w / 1000;
  return static_cast<double>(w) / 1000.0;
}

std::vector<core::Pile> piles_of_station(store::Store& store, const core::TenantScope& s,
                                         core::Id station_id) {
  std::vector<core::Pile> out;
  store::PileFilter f;
  f.station_id = station_id;
  f.page.limit = kPilePage;
  for (;;) {
    auto page = store.list_piles(s, f);
    for (auto& p : page.items) out.push_back(std::move(p));
    if (static_cast<std::int64_t>(page.items.size()) < kPilePage) break;
    f.page.offset += kPilePage;
  }
  return out;
}

std::optional<billing::TariffSchedule> schedule_of_tariff(Call& c, std::optional<core::Id> tariff) {
  if (!tariff) return std::nullopt;
  return orders::schedule_of(c.services().tariffs, c.scope(), *tariff);
}

json price_now_json(const std::optional<billing::TariffSchedule>& schedule,
                    const billing::TimeZone& zone, core::UtcMillis now) {
  if (!schedule) return nullptr;
  const auto* version = schedule->in_force_at(now);
  if (version == nullptr) return nullptr;
  auto slot = billing::price_at(*version, zone, now);
  const auto* s = std::get_if<billing::PriceSlot>(&slot);
  if (s == nullptr) return nullptr;
  return {{"totalPriceE5", s->electricity_price_e5 + s->service_price_e5},
          {"electricityPriceE5", s->electricity_price_e5},
          {"servicePriceE5", s->service_price_e5},
          {"period", billing::to_string(s->period)}};
}

std::optional<GeoPoint> point_of(const Query& q) {
  auto lat = degrees_param(q, "lat", 90);
  auto lng = degrees_param(q, "lng", 180);
  if (lat && !lng) bad_query("lng", "is required with lat");
  if (lng && !lat) bad_query("lat", "is required with lng");
  if (!lat) return std::nullopt;
  return GeoPoint{*lat, *lng};
}

json station_summary_json(Call& c, const core::Station& station,
                          const std::vector<core::Pile>& piles, const std::optional<GeoPoint>& from,
                          std::optional<json> price_now) {
  const auto a = availability_of(piles);
  auto types = json::array();
  if (a.ac) types.push_back("AC");
  if (a.dc) types.push_back("DC");
  json distance = nullptr;
  if (from) {
    distance = std::llround(distance_m(*from, {station.latitude_e6, station.longitude_e6}));
  }
  if (!price_now) {
    auto schedule = schedule_of_tariff(
        c, orders::tariff_of_station(c.services().tariffs, c.scope(), station.id));
    price_now = price_now_json(schedule, orders::zone_of(station), c.now());
  }
  return {{"id", station.id},
          {"name", station.name},
          {"address", station.address},
          {"latitude", e6_to_json(station.latitude_e6)},
          {"longitude", e6_to_json(station.longitude_e6)},
          {"distanceM", distance},
          {"connectors", {{"total", a.total}, {"free", a.free}}},
          {"maxPowerKw", kw_json(a.max_power_w)},
          {"types", types},
          {"priceNow", std::move(*price_now)},
          {"parkingFeeType", station.parking_fee_type}};
}

}  // namespace ct::api
