// Driver app endpoints: the driver's own account (profile, deletion), vehicles and
// favourite stations. Everything is the signed-in driver's: ids of another driver's
// vehicles, or of another tenant's stations, answer 404 like missing ones.
#include <algorithm>

#include "server/api/app_station_views.hpp"
#include "server/api/app_views.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/drivers/driver_auth.hpp"
#include "server/store/driver_store.hpp"

namespace ct::api {
namespace {

// Bounds that keep one account's rows (and the favourites page) small.
constexpr std::size_t kMaxVehicles = 10;
constexpr std::size_t kMaxFavourites = 100;
constexpr std::size_t kVinLength = 17;

drivers::Driver load_driver(Call& c) {
  auto d = c.services().drivers.get_driver(c.scope(), c.who.driver_id);
  // The router checked the token against this row a moment ago; only a deletion racing
  // with this request gets here.
  if (!d || d->deleted) throw_not_found("driver " + std::to_string(c.who.driver_id));
  return *d;
}

bool has_control_characters(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F; });
}

std::string upper_ascii(std::string s) {
  for (char& ch : s) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  }
  return s;
}

// ISO 3779: 17 of 0-9 and A-Z without I, O and Q (they read as 1 and 0).
bool is_vin(const std::string& s) {
  return s.size() == kVinLength && std::all_of(s.begin(), s.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') ||
                  (ch >= 'A' && ch <= 'Z' && ch != 'I' && ch != 'O' && ch != 'Q');
         });
}

Reply get_me(Call& c) {
  return {200, driver_json(load_driver(c))};
}

Reply patch_me(Call& c) {
  auto d = load_driver(c);
  auto f = c.body();
  if (auto v = f.opt_string("nickname", 1, 50)) {
    if (has_control_characters(*v)) f.invalid("nickname", "must not contain control characters");
    d.nickname = *v;
  }
  f.reject_unknown();
  d.updated_at = c.now();
  if (!c.services().drivers.update_driver(c.scope(), d))
    throw_not_found("driver " + std::to_string(d.id));
  return {200, driver_json(d)};
}

Reply delete_me(Call& c) {
  auto refused = c.services().auth.delete_account({c.who.tenant_id, c.who.driver_id});
  if (refused) {
    throw ApiError(ErrorCode::kStateConflict,
                   "the account cannot be deleted while an order is running or unpaid, or the "
                   "wallet holds money (balance, frozen or refunding amounts): finish or pay "
                   "the order, or have the balance refunded, first");
  }
  return {200, {{"id", c.who.driver_id}, {"deleted", true}}};
}

Reply list_vehicles(Call& c) {
  auto vs = c.services().drivers.list_vehicles(c.scope(), c.who.driver_id);
  return {200, {{"items", json_array(vs, vehicle_json)}}};
}

Reply add_vehicle(Call& c) {
  auto f = c.body();
  drivers::Vehicle v;
  v.tenant_id = c.who.tenant_id;
  v.driver_id = c.who.driver_id;
  v.plate = upper_ascii(f.req_string("plate", 1, 16));
  if (has_control_characters(v.plate)) f.invalid("plate", "must not contain control characters");
  v.vin = upper_ascii(f.opt_string("vin", 0, kVinLength).value_or(""));
  if (!v.vin.empty() && !is_vin(v.vin)) {
    f.invalid("vin", "must be empty or 17 characters of 0-9 and A-Z except I, O and Q");
  }
  v.model = f.opt_string("model", 0, 50).value_or("");
  if (has_control_characters(v.model)) f.invalid("model", "must not contain control characters");
  f.reject_unknown();

  auto& store = c.services().drivers;
  auto existing = store.list_vehicles(c.scope(), c.who.driver_id);
  for (const auto& e : existing) {
    if (e.plate == v.plate) {
      throw ApiError(ErrorCode::kDuplicate, "vehicle " + v.plate + " is already registered",
                     "plate");
    }
  }
  if (existing.size() >= kMaxVehicles) {
    throw ApiError(ErrorCode::kStateConflict, "at most " + std::to_string(kMaxVehicles) +
                                                  " vehicles per account; remove one first");
  }
  v.created_at = c.now();
  return {201, vehicle_json(store.add_vehicle(c.scope(), v))};
}

Reply delete_vehicle(Call& c) {
  auto id = c.id_param("vehicleId", "vehicle");
  if (!c.services().drivers.delete_vehicle(c.scope(), c.who.driver_id, id))
    throw_not_found("vehicle " + std::to_string(id));
  return {200, {{"id", id}, {"deleted", true}}};
}

Reply list_favourites(Call& c) {
  auto from = point_of(c.req.query);
  auto items = nlohmann::json::array();
  for (auto station_id : c.services().drivers.list_favourites(c.scope(), c.who.driver_id)) {
    // A favourite outlives a station the operator deleted; it is just not shown.
    auto st = c.ctx.store.get_station(c.scope(), station_id);
    if (!st) continue;
    items.push_back(
        station_summary_json(c, *st, piles_of_station(c.ctx.store, c.scope(), st->id), from));
  }
  return {200, {{"items", std::move(items)}}};
}

Reply put_favourite(Call& c) {
  auto id = c.id_param("stationId", "station");
  if (!c.ctx.store.get_station(c.scope(), id)) throw_not_found("station " + std::to_string(id));
  auto& store = c.services().drivers;
  auto current = store.list_favourites(c.scope(), c.who.driver_id);
  bool already = std::find(current.begin(), current.end(), id) != current.end();
  if (!already && current.size() >= kMaxFavourites) {
    throw ApiError(ErrorCode::kStateConflict, "at most " + std::to_string(kMaxFavourites) +
                                                  " favourite stations; remove one first");
  }
  if (!already) store.add_favourite(c.scope(), c.who.driver_id, id, c.now());
  return {200, {{"stationId", id}, {"favourite", true}}};
}

Reply delete_favourite(Call& c) {
  auto id = c.id_param("stationId", "station");
  bool removed = c.services().drivers.remove_favourite(c.scope(), c.who.driver_id, id);
  // Removing what is not there is fine (idempotent) for a station that exists.
  if (!removed && !c.ctx.store.get_station(c.scope(), id))
    throw_not_found("station " + std::to_string(id));
  return {200, {{"stationId", id}, {"favourite", false}}};
}

}  // namespace

void add_app_profile_routes(Routes& r) {
  r.add("GET", "/api/v1/app/me", {Access::Driver, get_me});
  r.add("PATCH", "/api/v1/app/me", {Access::Driver, patch_me});
  r.add("DELETE", "/api/v1/app/me", {Access::Driver, delete_me});
  r.add("GET", "/api/v1/app/me/vehicles", {Access::Driver, list_vehicles});
  r.add("POST", "/api/v1/app/me/vehicles", {Access::Driver, add_vehicle});
  r.add("DELETE", "/api/v1/app/me/vehicles/{vehicleId}", {Access::Driver, delete_vehicle});
  r.add("GET", "/api/v1/app/me/favourites", {Access::Driver, list_favourites});
  r.add("PUT", "/api/v1/app/me/favourites/{stationId}", {Access::Driver, put_favourite});
  r.add("DELETE", "/api/v1/app/me/favourites/{stationId}", {Access::Driver, delete_favourite});
}

}  // namespace ct::api
