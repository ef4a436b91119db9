// SqlStore: drivers, their vehicles and favourite stations, SMS codes, refresh tokens.
#include "server/store/sql_query.hpp"

namespace ct::store {

using namespace sql;  // NOLINT: the shared helpers of every sql_store*.cpp
using drivers::Driver;
using drivers::RefreshToken;
using drivers::SmsCode;
using drivers::Vehicle;

namespace {

const std::string kDriverCols =
    "id, tenant_id, phone, nickname, id_tag, token_version, deleted, created_at, updated_at, "
    "deleted_at";
const std::string kVehicleCols = "id, tenant_id, driver_id, plate, vin, model, created_at";
const std::string kSmsCols =
    "id, tenant_id, phone, code_hash, created_at, expires_at, attempts, used";
const std::string kRefreshCols =
    "id, tenant_id, driver_id, token_hash, created_at, expires_at, revoked";

Driver read_driver(Query& q) {
  Driver d;
  d.id = q.i64();
  d.tenant_id = q.i64();
  d.phone = q.text();
  d.nickname = q.text();
  d.id_tag = q.text();
  d.token_version = q.i32();
  d.deleted = q.flag();
  d.created_at = q.i64();
  d.updated_at = q.i64();
  d.deleted_at = q.opt_i64();
  return d;
}

Vehicle read_vehicle(Query& q) {
  Vehicle v;
  v.id = q.i64();
  v.tenant_id = q.i64();
  v.driver_id = q.i64();
  v.plate = q.text();
  v.vin = q.text();
  v.model = q.text();
  v.created_at = q.i64();
  return v;
}

SmsCode read_sms(Query& q) {
  SmsCode c;
  c.id = q.i64();
  c.tenant_id = q.i64();
  c.phone = q.text();
  c.code_hash = q.text();
  c.created_at = q.i64();
  c.expires_at = q.i64();
  c.attempts = q.i32();
  c.used = q.flag();
  return c;
}

RefreshToken read_refresh(Query& q) {
  RefreshToken t;
  t.id = q.i64();
  t.tenant_id = q.i64();
  t.driver_id = q.i64();
  t.token_hash = q.text();
  t.created_at = q.i64();
  t.expires_at = q.i64();
  t.revoked = q.flag();
  return t;
}

}  // namespace

Driver SqlStore::create_driver(const TenantScope& s, const Driver& d) {
  std::lock_guard lock(mu_);
  UtcMillis created = now_or(d.created_at);
  Query q(*this,
          "INSERT INTO drivers (tenant_id, phone, nickname, id_tag, token_version, deleted, "
          "created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, NULL) RETURNING " +
              kDriverCols);
  q.bind(s.tenant_id(), d.phone, d.nickname, d.id_tag, d.token_version, created,
         d.updated_at != 0 ? d.updated_at : created);
  if (!q.next()) throw StoreError("create_driver: no row returned");
  return read_driver(q);
}

std::optional<Driver> SqlStore::get_driver(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kDriverCols + " FROM drivers WHERE tenant_id = ? AND id = ?");
  q.bind(s.tenant_id(), id);
  return first_row<Driver>(q, read_driver);
}

std::optional<Driver> SqlStore::find_driver_by_phone(const TenantScope& s,
                                                     const std::string& phone) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kDriverCols +
                     " FROM drivers WHERE tenant_id = ? AND phone = ? AND deleted = 0");
  q.bind(s.tenant_id(), phone);
  return first_row<Driver>(q, read_driver);
}

std::optional<Driver> SqlStore::find_driver_by_id_tag(const TenantScope& s,
                                                      const std::string& id_tag) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kDriverCols +
                     " FROM drivers WHERE tenant_id = ? AND id_tag = ? AND deleted = 0");
  q.bind(s.tenant_id(), id_tag);
  return first_row<Driver>(q, read_driver);
}

Page<Driver> SqlStore::list_drivers(const TenantScope& s, const std::string& search,
                                    const PageRequest& page) {
  std::lock_guard lock(mu_);
  Where w;
  w.add("tenant_id = ?", s.tenant_id());
  w.add("deleted = 0");
  if (!search.empty()) w.add_search(search, {"phone", "nickname"});
  Window win = window(page);
  Page<Driver> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM drivers" + w.sql);
    q.bind_values(w.args);
    if (q.next()) out.total = q.i64();
  }
  Query q(*this,
          "SELECT " + kDriverCols + " FROM drivers" + w.sql + " ORDER BY id LIMIT ? OFFSET ?");
  q.bind_values(w.args).bind(win.limit, win.offset);
  out.items = all_rows<Driver>(q, read_driver);
  return out;
}

bool SqlStore::update_driver(const TenantScope& s, const Driver& d) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE drivers SET phone = ?, nickname = ?, token_version = ?, deleted = ?, "
          "deleted_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?");
  q.bind(d.phone, d.nickname, d.token_version, d.deleted, d.deleted_at, now_or(d.updated_at),
         s.tenant_id(), d.id);
  return q.run() > 0;
}

Vehicle SqlStore::add_vehicle(const TenantScope& s, const Vehicle& v) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO vehicles (tenant_id, driver_id, plate, vin, model, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?) RETURNING " +
              kVehicleCols);
  q.bind(s.tenant_id(), v.driver_id, v.plate, v.vin, v.model, now_or(v.created_at));
  if (!q.next()) throw StoreError("add_vehicle: no row returned");
  return read_vehicle(q);
}

std::vector<Vehicle> SqlStore::list_vehicles(const TenantScope& s, Id driver_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kVehicleCols +
                     " FROM vehicles WHERE tenant_id = ? AND driver_id = ? ORDER BY id");
  q.bind(s.tenant_id(), driver_id);
  return all_rows<Vehicle>(q, read_vehicle);
}

bool SqlStore::delete_vehicle(const TenantScope& s, Id driver_id, Id vehicle_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "DELETE FROM vehicles WHERE tenant_id = ? AND driver_id = ? AND id = ?");
  return q.bind(s.tenant_id(), driver_id, vehicle_id).run() > 0;
}

std::optional<Vehicle> SqlStore::find_vehicle_by_vin(const TenantScope& s, const std::string& vin) {
  std::lock_guard lock(mu_);
  if (vin.empty()) return std::nullopt;
  Query q(*this, "SELECT " + kVehicleCols +
                     " FROM vehicles WHERE tenant_id = ? AND vin = ? ORDER BY id DESC LIMIT 1");
  q.bind(s.tenant_id(), vin);
  return first_row<Vehicle>(q, read_vehicle);
}

void SqlStore::add_favourite(const TenantScope& s, Id driver_id, Id station_id, UtcMillis at) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO favourite_stations (tenant_id, driver_id, station_id, created_at) "
          "VALUES (?, ?, ?, ?) ON CONFLICT (driver_id, station_id) DO NOTHING");
  q.bind(s.tenant_id(), driver_id, station_id, now_or(at)).run();
}

bool SqlStore::remove_favourite(const TenantScope& s, Id driver_id, Id station_id) {
  std::lock_guard lock(mu_);
  Query q(
      *this,
      "DELETE FROM favourite_stations WHERE tenant_id = ? AND driver_id = ? AND station_id = ?");
  return q.bind(s.tenant_id(), driver_id, station_id).run() > 0;
}

std::vector<Id> SqlStore::list_favourites(const TenantScope& s, Id driver_id) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "SELECT station_id FROM favourite_stations WHERE tenant_id = ? AND driver_id = ? "
          "ORDER BY created_at, station_id");
  q.bind(s.tenant_id(), driver_id);
  std::vector<Id> out;
  while (q.next()) out.push_back(q.i64());
  return out;
}

SmsCode SqlStore::create_sms_code(const TenantScope& s, const SmsCode& c) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO sms_codes (tenant_id, phone, code_hash, created_at, expires_at, attempts, "
          "used) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " +
              kSmsCols);
  q.bind(s.tenant_id(), c.phone, c.code_hash, now_or(c.created_at), c.expires_at, c.attempts,
         c.used);
  if (!q.next()) throw StoreError("create_sms_code: no row returned");
  return read_sms(q);
}

std::optional<SmsCode> SqlStore::latest_sms_code(const TenantScope& s, const std::string& phone) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kSmsCols +
                     " FROM sms_codes WHERE tenant_id = ? AND phone = ? ORDER BY id DESC LIMIT 1");
  q.bind(s.tenant_id(), phone);
  return first_row<SmsCode>(q, read_sms);
}

std::int64_t SqlStore::count_sms_codes_since(const TenantScope& s, const std::string& phone,
                                             UtcMillis since) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "SELECT COUNT(*) FROM sms_codes WHERE tenant_id = ? AND phone = ? AND created_at >= ?");
  q.bind(s.tenant_id(), phone, since);
  return q.next() ? q.i64() : 0;
}

void SqlStore::update_sms_code(const SmsCode& c) {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE sms_codes SET attempts = ?, used = ? WHERE id = ?");
  q.bind(c.attempts, c.used, c.id).run();
}

RefreshToken SqlStore::create_refresh_token(const RefreshToken& t) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO refresh_tokens (tenant_id, driver_id, token_hash, created_at, expires_at, "
          "revoked) VALUES (?, ?, ?, ?, ?, 0) RETURNING " +
              kRefreshCols);
  q.bind(t.tenant_id, t.driver_id, t.token_hash, now_or(t.created_at), t.expires_at);
  if (!q.next()) throw StoreError("create_refresh_token: no row returned");
  return read_refresh(q);
}

std::optional<RefreshToken> SqlStore::find_refresh_token(const std::string& hash) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kRefreshCols + " FROM refresh_tokens WHERE token_hash = ?");
  q.bind(hash);
  return first_row<RefreshToken>(q, read_refresh);
}

bool SqlStore::revoke_refresh_token(Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE refresh_tokens SET revoked = 1 WHERE id = ? AND revoked = 0");
  return q.bind(id).run() > 0;
}

void SqlStore::revoke_driver_refresh_tokens(Id driver_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE refresh_tokens SET revoked = 1 WHERE driver_id = ? AND revoked = 0");
  q.bind(driver_id).run();
}

}  // namespace ct::store
