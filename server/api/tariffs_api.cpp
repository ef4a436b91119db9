// Tenant endpoints: tariffs, their versions (immediate or scheduled), which station or pile
// they price, and the prices of a station's day.
//
// A version is never edited: prices change by adding a version that takes effect now or
// later (a scheduled version takes over at its time without a restart); orders keep the
// version in force when they started. A version not yet in force may be withdrawn.
#include <cstdio>

#include "server/api/billing_views.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/billing/money.hpp"
#include "server/billing/tariff_schedule.hpp"
#include "server/orders/pricing.hpp"
#include "server/store/tariff_store.hpp"

namespace ct::api {
namespace {

using nlohmann::json;

// A version that takes effect this long in the past is still "now" (clocks of callers).
constexpr core::UtcMillis kPastTolerance = 60'000;

store::Tariff load_tariff(Call& c) {
  auto id = c.id_param("tariffId", "tariff");
  auto t = c.services().tariffs.get_tariff(c.scope(), id);
  if (!t) throw_not_found("tariff " + std::to_string(id));
  return *t;
}

billing::Period period_field(Fields& f, const std::string& name, const json& v) {
  if (!v.is_string()) f.invalid(name, "must be one of sharp, peak, flat, valley");
  auto p = billing::period_from_string(v.get<std::string>());
  if (!p) f.invalid(name, "must be one of sharp, peak, flat, valley");
  return *p;
}

// "HH:MM" on a half hour, 00:00..24:00 -> slot boundary index 0..48.
int boundary_of(Fields& f, const std::string& name, const json& v) {
  if (!v.is_string()) f.invalid(name, "must be a time \"HH:MM\" on a whole or half hour");
  const auto s = v.get<std::string>();
  int h = -1, m = -1;
  char tail = 0;
  if (s.size() != 5 || std::sscanf(s.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 ||
      (m != 0 && m != 30) || (h == 24 && m != 0)) {
    f.invalid(name, "must be a time \"HH:MM\" on a whole or half hour (00:00..24:00)");
  }
  return h * 2 + m / 30;
}

billing::SlotTable read_slots(Fields& f) {
  billing::SlotTable table{};
  const bool has_slots = f.has("slots");
  const bool has_ranges = f.has("ranges");
  if (has_slots == has_ranges) {
    f.invalid("slots",
              "give either slots (48 period names, from 00:00 local) or ranges "
              "([{from, to, period}] covering the local day)");
  }
  if (has_slots) {
    auto arr = f.opt_array("slots");
    if (!arr || arr->size() != billing::kSlotsPerDay)
      f.invalid("slots", "must be an array of 48 period names");
    for (std::size_t i = 0; i < arr->size(); ++i)
      table[i] = period_field(f, "slots[" + std::to_string(i) + "]", (*arr)[i]);
    return table;
  }
  auto arr = f.opt_array("ranges");
  if (!arr || arr->empty()) f.invalid("ranges", "must be a non-empty array");
  std::array<bool, billing::kSlotsPerDay> covered{};
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string at = "ranges[" + std::to_string(i) + "]";
    const auto& r = (*arr)[i];
    if (!r.is_object()) f.invalid(at, "must be an object {from, to, period}");
    if (!r.contains("from")) f.invalid(at + ".from", "is required");
    if (!r.contains("to")) f.invalid(at + ".to", "is required");
    if (!r.contains("period")) f.invalid(at + ".period", "is required");
    int from = boundary_of(f, at + ".from", r["from"]);
    int to = boundary_of(f, at + ".to", r["to"]);
    auto p = period_field(f, at + ".period", r["period"]);
    if (to <= from) f.invalid(at + ".to", "must be after from (a range does not wrap midnight)");
    for (int s = from; s < to; ++s) {
      if (covered[static_cast<std::size_t>(s)]) f.invalid(at, "overlaps an earlier range");
      covered[static_cast<std::size_t>(s)] = true;
      table[static_cast<std::size_t>(s)] = p;
    }
  }
  for (std::size_t s = 0; s < covered.size(); ++s) {
    if (!covered[s]) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%02zu:%02zu", s / 2, (s % 2) * 30);
      f.invalid("ranges", std::string("do not cover the half hour from ") + buf);
    }
  }
  return table;
}

std::optional<billing::PeriodPrice> read_price(Fields& prices, billing::Period p) {
  auto obj = prices.opt_object(billing::to_string(p));
  if (!obj) return std::nullopt;
  Fields f(*obj, prices.full_name(billing::to_string(p)));
  billing::PeriodPrice out;
  out.electricity_price_e5 = f.req_int("electricityPriceE5", 0, billing::kMaxPriceE5);
  out.service_price_e5 = f.req_int("servicePriceE5", 0, billing::kMaxPriceE5);
  f.reject_unknown();
  return out;
}

// The body of a version (also the "version" of a new tariff).
billing::TariffVersion read_version(Fields& f, core::UtcMillis now) {
  billing::TariffVersion v;
  auto eff = f.opt_nullable_time("effectiveFrom");
  v.effective_from = eff && *eff ? **eff : now;
  if (v.effective_from < now - kPastTolerance)
    f.invalid("effectiveFrom", "must not be in the past: add a version that takes effect now");
  auto prices_obj = f.opt_object("prices");
  if (!prices_obj) f.invalid("prices", "is required: {sharp, peak, flat, valley}");
  Fields prices(*prices_obj, f.full_name("prices"));
  for (auto p : billing::kPeriods) v.prices[billing::index_of(p)] = read_price(prices, p);
  prices.reject_unknown();
  v.slots = read_slots(f);
  if (auto idle = f.opt_object("idleFee")) {
    Fields fi(*idle, f.full_name("idleFee"));
    v.idle_fee.grace_minutes = fi.opt_int("graceMinutes", 0, billing::kMaxGraceMinutes).value_or(0);
    v.idle_fee.price_per_minute_e4 =
        fi.opt_int("pricePerMinuteE4", 0, billing::kMaxIdlePricePerMinuteE4).value_or(0);
    v.idle_fee.cap_e4 = fi.opt_int("capE4", 0, billing::kMaxIdleCapE4).value_or(0);
    fi.reject_unknown();
  }
  auto problems = billing::validate(v);
  if (!problems.empty()) {
    std::string msg;
    for (const auto& p : problems)
      msg += (msg.empty() ? "" : "; ") + f.full_name(p.field) + ": " + p.message;
    throw ApiError(ErrorCode::kInvalidField, msg, f.full_name(problems.front().field));
  }
  return v;
}

store::TariffVersionRecord add_version(Call& c, core::Id tariff_id, billing::TariffVersion v) {
  store::TariffVersionRecord rec;
  rec.tariff_id = tariff_id;
  rec.tenant_id = c.who.tenant_id;
  rec.version = v;
  rec.created_by = c.who.label;
  rec.created_at = c.now();
  try {
    return c.services().tariffs.add_tariff_version(c.scope(), rec);
  } catch (const store::ConflictError&) {
    throw ApiError(ErrorCode::kDuplicate,
                   "tariff " + std::to_string(tariff_id) +
                       " already has a version taking effect at that instant",
                   "effectiveFrom");
  }
}

json tariff_detail(Call& c, const store::Tariff& t) {
  auto j = tariff_json(t);
  auto versions = c.services().tariffs.list_tariff_versions(c.scope(), t.id);
  j["versions"] = json_array(versions, tariff_version_json);
  const store::TariffVersionRecord* current = nullptr;
  const store::TariffVersionRecord* next = nullptr;
  for (const auto& v : versions) {
    if (v.version.effective_from <= c.now()) {
      current = &v;
    } else if (next == nullptr) {
      next = &v;
    }
  }
  j["currentVersionId"] = current ? json(current->version.id) : json(nullptr);
  j["nextVersion"] = next ? tariff_version_json(*next) : json(nullptr);
  return j;
}

Reply create_tariff(Call& c) {
  auto f = c.body();
  store::Tariff t;
  t.name = f.req_string("name", 1, 100);
  t.description = f.opt_string("description", 0, 500).value_or("");
  std::optional<billing::TariffVersion> first;
  if (auto v = f.opt_object("version")) {
    Fields fv(*v, "version");
    first = read_version(fv, c.now());
    fv.reject_unknown();
  }
  f.reject_unknown();
  t.created_at = t.updated_at = c.now();
  std::optional<store::Tariff> created;
  c.ctx.store.in_transaction([&] {
    created = c.services().tariffs.create_tariff(c.scope(), t);
    if (first) add_version(c, created->id, *first);
  });
  return {201, tariff_detail(c, *created)};
}

Reply list_tariffs(Call& c) {
  auto page = page_of(c.req.query);
  auto p = c.services().tariffs.list_tariffs(c.scope(), page);
  json items = json::array();
  for (const auto& t : p.items) items.push_back(tariff_detail(c, t));
  return {200, page_json(items, p.total, page.limit, page.offset)};
}

Reply get_tariff(Call& c) {
  return {200, tariff_detail(c, load_tariff(c))};
}

Reply patch_tariff(Call& c) {
  auto t = load_tariff(c);
  auto f = c.body();
  if (auto v = f.opt_string("name", 1, 100)) t.name = *v;
  if (auto v = f.opt_string("description", 0, 500)) t.description = *v;
  f.reject_unknown();
  t.updated_at = c.now();
  c.services().tariffs.update_tariff(c.scope(), t);
  return {200, tariff_detail(c, t)};
}

Reply delete_tariff(Call& c) {
  auto t = load_tariff(c);
  try {
    c.services().tariffs.delete_tariff(c.scope(), t.id);
  } catch (const store::ConflictError&) {
    throw ApiError(ErrorCode::kInUse, "tariff " + std::to_string(t.id) +
                                          " prices stations or piles; assign them another first");
  }
  return {200, {{"id", t.id}, {"deleted", true}}};
}

Reply create_version(Call& c) {
  auto t = load_tariff(c);
  auto f = c.body();
  auto v = read_version(f, c.now());
  f.reject_unknown();
  return {201, tariff_version_json(add_version(c, t.id, v))};
}

Reply delete_version(Call& c) {
  auto t = load_tariff(c);
  auto vid = c.id_param("versionId", "tariff version");
  auto v = c.services().tariffs.get_tariff_version(c.scope(), vid);
  if (!v || v->tariff_id != t.id) throw_not_found("tariff version " + std::to_string(vid));
  if (!c.services().tariffs.delete_future_tariff_version(c.scope(), vid, c.now())) {
    throw ApiError(ErrorCode::kStateConflict,
                   "version " + std::to_string(vid) +
                       " is already in force and bills orders; add a new version instead");
  }
  return {200, {{"id", vid}, {"deleted", true}}};
}

std::optional<core::Id> read_assignment(Call& c) {
  auto f = c.body();
  if (!f.has("tariffId")) f.invalid("tariffId", "is required (null removes the assignment)");
  std::optional<core::Id> id;
  if (!f.is_null("tariffId")) {
    id = f.req_int("tariffId", 1, INT64_MAX);
    if (!c.services().tariffs.get_tariff(c.scope(), *id))
      throw ApiError(ErrorCode::kInvalidField, "tariff " + std::to_string(*id) + " not found",
                     "tariffId");
  } else {
    f.raw("tariffId");
  }
  f.reject_unknown();
  return id;
}

Reply put_station_tariff(Call& c) {
  auto sid = c.id_param("stationId", "station");
  if (!c.ctx.store.get_station(c.scope(), sid)) throw_not_found("station " + std::to_string(sid));
  auto id = read_assignment(c);
  c.services().tariffs.assign_tariff(c.scope(), store::TariffTarget::Station, sid, id, c.now());
  return {200, {{"stationId", sid}, {"tariffId", id ? json(*id) : json(nullptr)}}};
}

Reply get_station_tariff(Call& c) {
  auto sid = c.id_param("stationId", "station");
  if (!c.ctx.store.get_station(c.scope(), sid)) throw_not_found("station " + std::to_string(sid));
  auto id = orders::tariff_of_station(c.services().tariffs, c.scope(), sid);
  return {200, {{"stationId", sid}, {"tariffId", id ? json(*id) : json(nullptr)}}};
}

Reply put_pile_tariff(Call& c) {
  auto pid = c.id_param("pileId", "pile");
  if (!c.ctx.store.get_pile(c.scope(), pid)) throw_not_found("pile " + std::to_string(pid));
  auto id = read_assignment(c);
  c.services().tariffs.assign_tariff(c.scope(), store::TariffTarget::Pile, pid, id, c.now());
  return {200, {{"pileId", pid}, {"tariffId", id ? json(*id) : json(nullptr)}}};
}

Reply get_pile_tariff(Call& c) {
  auto pid = c.id_param("pileId", "pile");
  auto pile = c.ctx.store.get_pile(c.scope(), pid);
  if (!pile) throw_not_found("pile " + std::to_string(pid));
  auto own = c.services().tariffs.assigned_tariff(c.scope(), store::TariffTarget::Pile, pid);
  auto effective = orders::tariff_of_pile(c.services().tariffs, c.scope(), *pile);
  return {200,
          {{"pileId", pid},
           {"tariffId", own ? json(*own) : json(nullptr)},
           {"effectiveTariffId", effective ? json(*effective) : json(nullptr)},
           {"inherited", !own && effective.has_value()}}};
}

// Today's (or ?date=YYYY-MM-DD's) prices of a tariff in a zone, and the price now.
json day_json(Call& c, core::Id tariff_id, const billing::TimeZone& zone) {
  auto sched = orders::schedule_of(c.services().tariffs, c.scope(), tariff_id);
  if (!sched)
    throw ApiError(ErrorCode::kNoTariff, "tariff " + std::to_string(tariff_id) + " has no version");
  billing::CivilDate date = zone.to_local(c.now()).date;
  auto qd = query_text(c.req.query, "date", 10);
  if (!qd.empty()) {
    auto d = billing::parse_civil_date(qd);
    if (!d) throw ApiError(ErrorCode::kInvalidQuery, "date must be YYYY-MM-DD", "date");
    date = *d;
  }
  auto slots = billing::day_prices(*sched, zone, date);
  if (auto* e = std::get_if<billing::Error>(&slots))
    throw ApiError(ErrorCode::kInvalidQuery, e->message, "date");
  json out = {{"tariffId", tariff_id},
              {"timeZone", zone.name()},
              {"date", billing::to_string(date)},
              {"slots", json::array()},
              {"now", nullptr}};
  for (const auto& s : std::get<std::vector<billing::PriceSlot>>(slots))
    out["slots"].push_back(price_slot_json(s, zone));
  if (const auto* v = sched->in_force_at(c.now())) {
    auto now_slot = billing::price_at(*v, zone, c.now());
    if (auto* s = std::get_if<billing::PriceSlot>(&now_slot))
      out["now"] = price_slot_json(*s, zone);
    out["idleFee"] = {{"graceMinutes", v->idle_fee.grace_minutes},
                      {"pricePerMinuteE4", v->idle_fee.price_per_minute_e4},
                      {"capE4", v->idle_fee.cap_e4}};
  }
  return out;
}

Reply station_prices(Call& c) {
  auto sid = c.id_param("stationId", "station");
  auto st = c.ctx.store.get_station(c.scope(), sid);
  if (!st) throw_not_found("station " + std::to_string(sid));
  auto tid = orders::tariff_of_station(c.services().tariffs, c.scope(), sid);
  if (!tid)
    throw ApiError(ErrorCode::kNoTariff, "no tariff is assigned to station " + std::to_string(sid));
  auto j = day_json(c, *tid, orders::zone_of(*st));
  j["stationId"] = sid;
  return {200, j};
}

Reply pile_prices(Call& c) {
  auto pid = c.id_param("pileId", "pile");
  auto pile = c.ctx.store.get_pile(c.scope(), pid);
  if (!pile) throw_not_found("pile " + std::to_string(pid));
  auto tid = orders::tariff_of_pile(c.services().tariffs, c.scope(), *pile);
  if (!tid) throw ApiError(ErrorCode::kNoTariff, "no tariff prices pile " + pile->charge_point_id);
  billing::TimeZone zone = billing::TimeZone::utc();
  if (pile->station_id) {
    if (auto st = c.ctx.store.get_station(c.scope(), *pile->station_id))
      zone = orders::zone_of(*st);
  }
  auto j = day_json(c, *tid, zone);
  j["pileId"] = pid;
  return {200, j};
}

}  // namespace

void add_tariff_routes(Routes& r) {
  r.add("POST", "/api/v1/tariffs", {Access::Tenant, create_tariff});
  r.add("GET", "/api/v1/tariffs", {Access::Tenant, list_tariffs});
  r.add("GET", "/api/v1/tariffs/{tariffId}", {Access::Tenant, get_tariff});
  r.add("PATCH", "/api/v1/tariffs/{tariffId}", {Access::Tenant, patch_tariff});
  r.add("DELETE", "/api/v1/tariffs/{tariffId}", {Access::Tenant, delete_tariff});
  r.add("POST", "/api/v1/tariffs/{tariffId}/versions", {Access::Tenant, create_version});
  r.add("DELETE", "/api/v1/tariffs/{tariffId}/versions/{versionId}",
        {Access::Tenant, delete_version});
  r.add("PUT", "/api/v1/stations/{stationId}/tariff", {Access::Tenant, put_station_tariff});
  r.add("GET", "/api/v1/stations/{stationId}/tariff", {Access::Tenant, get_station_tariff});
  r.add("GET", "/api/v1/stations/{stationId}/prices", {Access::Tenant, station_prices});
  r.add("PUT", "/api/v1/piles/{pileId}/tariff", {Access::Tenant, put_pile_tariff});
  r.add("GET", "/api/v1/piles/{pileId}/tariff", {Access::Tenant, get_pile_tariff});
  r.add("GET", "/api/v1/piles/{pileId}/prices", {Access::Tenant, pile_prices});
}

}  // namespace ct::api
