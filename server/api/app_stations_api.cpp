// Driver app endpoints: finding stations (near a point, filtered, by distance) and a
// station's page (piles, connectors, today's prices). A driver sees the stations of their
// own tenant only.
//
// The search reads the tenant's stations matching q from the store and filters in
// memory: distance first (no pile needed), then the pile-based filters with the piles of
// the remaining stations, then prices for the page shown only. That stays well within a
// request's budget for thousands of stations per tenant.
#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <variant>

#include "server/api/app_station_views.hpp"
#include "server/api/billing_views.hpp"
#include "server/api/decimal_e6.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/billing/tariff_schedule.hpp"
#include "server/orders/pricing.hpp"
#include "server/store/driver_store.hpp"
#include "server/store/tariff_store.hpp"

namespace ct::api {
namespace {

using nlohmann::json;

constexpr std::int64_t kDefaultRadiusM = 5'000;
constexpr std::int64_t kMaxRadiusM = 100'000;
constexpr std::int64_t kDefaultPageLimit = 20;
constexpr std::int64_t kMaxPageLimit = 100;
constexpr std::int64_t kMaxMinPowerKw = 10'000;  // the piles API's 10 MW limit
constexpr std::int64_t kStorePage = 500;
// Up to this many stations their piles are read station by station; above it, one pass
// over all the tenant's piles costs fewer queries.
constexpr std::size_t kPerStationPileReads = 20;

[[noreturn]] void bad_query(const std::string& name, const std::string& why) {
  throw ApiError(ErrorCode::kInvalidQuery, "query parameter " + name + " " + why, name);
}

std::optional<std::int64_t> int_param(const Query& q, const char* name, std::int64_t min,
                                      std::int64_t max) {
  auto it = q.find(name);
  if (it == q.end()) return std::nullopt;
  const auto& s = it->second;
  std::int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size() || v < min || v > max) {
    bad_query(name,
              "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

struct Search {
  std::optional<GeoPoint> from;
  std::int64_t radius_m = kDefaultRadiusM;
  std::optional<core::CurrentType> type;
  std::optional<std::int64_t> min_power_w;
  bool free_now = false;
  std::string parking_fee;
  std::string q;
  std::int64_t limit = kDefaultPageLimit;
  std::int64_t offset = 0;
};

Search search_of(const Query& q) {
  Search s;
  s.from = point_of(q);
  // radiusM only means something around a point; without one it is ignored.
  s.radius_m = int_param(q, "radiusM", 1, kMaxRadiusM).value_or(kDefaultRadiusM);
  auto type = query_enum(q, "type", {"AC", "DC"});
  if (!type.empty()) s.type = core::current_type_from_string(type);
  if (auto it = q.find("minPowerKw"); it != q.end()) {
    // kW with up to 3 decimals is exactly W: parsed as decimal text, no float.
    auto e6 = parse_decimal_e6(it->second, kMaxMinPowerKw * 1'000'000);
    if (!e6 || *e6 < 0 || *e6 % 1000 != 0) {
      bad_query("minPowerKw", "must be a number of kW between 0 and " +
                                  std::to_string(kMaxMinPowerKw) + " with at most 3 decimals");
    }
    s.min_power_w = *e6 / 1000;
  }
  s.free_now = query_bool(q, "freeNow").value_or(false);
  s.parking_fee = query_enum(q, "parkingFee", {"free", "paid", "free_while_charging"});
  s.q = query_text(q, "q", 100);
  s.limit = int_param(q, "limit", 1, kMaxPageLimit).value_or(kDefaultPageLimit);
  s.offset = int_param(q, "offset", 0, std::numeric_limits<std::int64_t>::max()).value_or(0);
  return s;
}

bool parking_matches(const std::string& wanted, const std::string& station) {
  if (wanted.empty()) return true;
  // Free parking is free while charging too.
  if (wanted == "free_while_charging") return station == "free" || station == wanted;
  return station == wanted;
}

bool piles_match(const Search& s, const std::vector<core::Pile>& piles) {
  if (s.type && std::none_of(piles.begin(), piles.end(),
                             [&](const core::Pile& p) { return p.current_type == *s.type; }))
    return false;
  auto any_connector = [&](auto pred) {
    for (const auto& p : piles) {
      for (const auto& c : p.connectors) {
        if (pred(p, c)) return true;
      }
    }
    return false;
  };
  if (s.min_power_w && !any_connector([&](const core::Pile& p, const core::Connector& c) {
        return connector_power_w(p, c) >= *s.min_power_w;
      }))
    return false;
  if (s.free_now && !any_connector(connector_free)) return false;
  return true;
}

std::vector<core::Station> stations_matching(Call& c, const std::string& q) {
  std::vector<core::Station> out;
  store::StationFilter f;
  f.q = q;
  f.page.limit = kStorePage;
  for (;;) {
    auto page = c.ctx.store.list_stations(c.scope(), f);
    for (auto& s : page.items) out.push_back(std::move(s));
    if (static_cast<std::int64_t>(page.items.size()) < kStorePage) break;
    f.page.offset += kStorePage;
  }
  return out;
}

std::map<core::Id, std::vector<core::Pile>> piles_by_station(
    Call& c, const std::vector<const core::Station*>& stations) {
  std::map<core::Id, std::vector<core::Pile>> out;
  for (const auto* s : stations) out[s->id];  // stations without piles are listed too
  if (stations.size() <= kPerStationPileReads) {
    for (const auto* s : stations) out[s->id] = piles_of_station(c.ctx.store, c.scope(), s->id);
    return out;
  }
  store::PileFilter f;
  f.page.limit = kStorePage;
  for (;;) {
    auto page = c.ctx.store.list_piles(c.scope(), f);
    for (auto& p : page.items) {
      if (!p.station_id) continue;
      auto it = out.find(*p.station_id);
      if (it != out.end()) it->second.push_back(std::move(p));
    }
    if (static_cast<std::int64_t>(page.items.size()) < kStorePage) break;
    f.page.offset += kStorePage;
  }
  return out;
}

Reply search_stations(Call& c) {
  const auto s = search_of(c.req.query);
  auto stations = stations_matching(c, s.q);

  struct Hit {
    const core::Station* station;
    double distance_m;
  };
  std::vector<Hit> hits;
  for (const auto& st : stations) {
    if (!parking_matches(s.parking_fee, st.parking_fee_type)) continue;
    double d = 0;
    if (s.from) {
      d = distance_m(*s.from, {st.latitude_e6, st.longitude_e6});
      if (d > static_cast<double>(s.radius_m)) continue;
    }
    hits.push_back({&st, d});
  }
  std::vector<const core::Station*> candidates;
  for (const auto& h : hits) candidates.push_back(h.station);
  auto piles = piles_by_station(c, candidates);
  std::erase_if(hits, [&](const Hit& h) { return !piles_match(s, piles[h.station->id]); });

  // Nearest first with a point, else by name; the id breaks ties so pages are stable.
  std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    if (s.from && a.distance_m != b.distance_m) return a.distance_m < b.distance_m;
    if (!s.from && a.station->name != b.station->name) return a.station->name < b.station->name;
    return a.station->id < b.station->id;
  });

  auto items = json::array();
  const auto total = static_cast<std::int64_t>(hits.size());
  for (std::int64_t i = s.offset; i < total && i - s.offset < s.limit; ++i) {
    const auto* st = hits[static_cast<std::size_t>(i)].station;
    items.push_back(station_summary_json(c, *st, piles[st->id], s.from));
  }
  return {200, page_json(std::move(items), total, s.limit, s.offset)};
}

json idle_fee_json(const billing::TariffVersion* v) {
  if (v == nullptr) return nullptr;
  return {{"graceMinutes", v->idle_fee.grace_minutes},
          {"pricePerMinuteE4", v->idle_fee.price_per_minute_e4},
          {"capE4", v->idle_fee.cap_e4}};
}

// Today's half-hour prices in the station's zone; empty without a tariff.
json today_json(const std::optional<billing::TariffSchedule>& schedule,
                const billing::TimeZone& zone, core::UtcMillis now) {
  auto date = zone.to_local(now).date;
  auto slots = json::array();
  if (schedule) {
    auto r = billing::day_prices(*schedule, zone, date);
    if (auto* day = std::get_if<std::vector<billing::PriceSlot>>(&r)) {
      for (const auto& slot : *day) slots.push_back(price_slot_json(slot, zone));
    }
  }
  return {{"date", billing::to_string(date)}, {"slots", std::move(slots)}};
}

json pile_json_for_app(Call& c, const core::Pile& p, const billing::TimeZone& zone,
                       std::optional<core::Id> station_tariff, const json& station_price_now) {
  auto connectors = json::array();
  for (const auto& con : p.connectors) {
    connectors.push_back({{"connectorId", con.connector_id},
                          {"type", con.type},
                          {"maxPowerKw", kw_json(connector_power_w(p, con))},
                          {"status", app_connector_status(p, con)}});
  }
  // A pile with a tariff of its own is billed by it: show that price, not the station's.
  auto own = orders::tariff_of_pile(c.services().tariffs, c.scope(), p);
  json price = own == station_tariff ? station_price_now
                                     : price_now_json(schedule_of_tariff(c, own), zone, c.now());
  return {{"id", p.id},
          {"chargePointId", p.charge_point_id},
          {"name", p.name},
          {"currentType", core::to_string(p.current_type)},
          {"maxPowerKw", kw_json(p.max_power_w)},
          {"online", p.online},
          {"priceNow", std::move(price)},
          {"connectors", std::move(connectors)}};
}

Reply get_station(Call& c) {
  auto id = c.id_param("stationId", "station");
  auto from = point_of(c.req.query);
  auto st = c.ctx.store.get_station(c.scope(), id);
  if (!st) throw_not_found("station " + std::to_string(id));
  const auto piles = piles_of_station(c.ctx.store, c.scope(), st->id);
  const auto zone = orders::zone_of(*st);
  const auto now = c.now();
  const auto tariff = orders::tariff_of_station(c.services().tariffs, c.scope(), st->id);
  const auto schedule = schedule_of_tariff(c, tariff);
  const auto* in_force = schedule ? schedule->in_force_at(now) : nullptr;
  const auto price_now = price_now_json(schedule, zone, now);

  auto out = station_summary_json(c, *st, piles, from, price_now);
  out["province"] = st->province;
  out["city"] = st->city;
  out["district"] = st->district;
  out["openingHours"] = st->opening_hours;
  out["parkingInfo"] = st->parking_info;
  out["timeZone"] = st->time_zone;
  out["today"] = today_json(schedule, zone, now);
  out["idleFee"] = idle_fee_json(in_force);
  auto pile_items = json::array();
  for (const auto& p : piles)
    pile_items.push_back(pile_json_for_app(c, p, zone, tariff, price_now));
  out["piles"] = std::move(pile_items);
  auto favs = c.services().drivers.list_favourites(c.scope(), c.who.driver_id);
  out["isFavourite"] = std::find(favs.begin(), favs.end(), st->id) != favs.end();
  return {200, std::move(out)};
}

}  // namespace

void add_app_station_routes(Routes& r) {
  r.add("GET", "/api/v1/app/stations", {Access::Driver, search_stations});
  r.add("GET", "/api/v1/app/stations/{stationId}", {Access::Driver, get_station});
}

}  // namespace ct::api
