#include "server/store/sql_store.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <type_traits>
#include <utility>
#include <variant>

#include "server/store/migrations.hpp"
#include "server/store/sql_query.hpp"
#include "server/store/sqlite_connection.hpp"

namespace ct::store {

using core::ApiToken;
using core::ChargerMessage;
using core::Command;
using core::Connector;
using core::IdTag;
using core::MeterSample;
using core::Pile;
using core::Station;
using core::StatusEvent;
using core::Tenant;
using core::Transaction;
using namespace sql;  // NOLINT: the shared helpers of every sql_store*.cpp

namespace {

const std::string kTenantCols = "id, name, enabled, created_at, updated_at";
const std::string kTokenCols = "id, tenant_id, label, token_hash, revoked, created_at";
const std::string kStationCols =
    "id, tenant_id, name, address, province, city, district, latitude_e6, longitude_e6, "
    "time_zone, opening_hours, parking_info, created_at, updated_at, parking_fee_type";
const std::string kPileCols =
    "id, tenant_id, station_id, charge_point_id, name, vendor, model, current_type, "
    "max_power_w, protocol, enabled, bound, password_hash, serial_number, firmware_version, "
    "iccid, imsi, meter_type, meter_serial_number, status, error_code, firmware_status, "
    "diagnostics_status, last_boot_at, last_heartbeat_at, online, created_at, updated_at";
const std::string kConnectorCols =
    "connector_id, max_power_w, connector_type, status, error_code, info, vendor_id, "
    "vendor_error_code, status_at, current_transaction_id";
const std::string kIdTagCols =
    "id, tenant_id, id_tag, kind, status, expiry, parent_id_tag, holder, created_at, updated_at";
const std::string kTransactionCols =
    "id, tenant_id, pile_id, charge_point_id, connector_id, id_tag, meter_start_wh, started_at, "
    "reservation_id, meter_stop_wh, stopped_at, stop_reason, stop_id_tag, state, created_at, "
    "updated_at, session_ref";
const std::string kSampleCols =
    "id, tenant_id, pile_id, connector_id, transaction_id, sampled_at, measurand, phase, unit, "
    "context, location, format, value, normalized";
const std::string kEventCols =
    "id, tenant_id, pile_id, connector_id, status, error_code, info, vendor_id, "
    "vendor_error_code, charger_at, received_at";
const std::string kCommandCols =
    "id, tenant_id, pile_id, charge_point_id, action, request_json, status, response_json, "
    "error, requested_by, created_at, sent_at, completed_at";

}  // namespace

namespace {

using Query = SqlStore::Query;

Tenant read_tenant(Query& q) {
  Tenant t;
  t.id = q.i64();
  t.name = q.text();
  t.enabled = q.flag();
  t.created_at = q.i64();
  t.updated_at = q.i64();
  return t;
}

ApiToken read_token(Query& q) {
  ApiToken t;
  t.id = q.i64();
  t.tenant_id = q.i64();
  t.label = q.text();
  t.token_hash = q.text();
  t.revoked = q.flag();
  t.created_at = q.i64();
  return t;
}

Station read_station(Query& q) {
  Station s;
  s.id = q.i64();
  s.tenant_id = q.i64();
  s.name = q.text();
  s.address = q.text();
  s.province = q.text();
  s.city = q.text();
  s.district = q.text();
  s.latitude_e6 = q.i64();
  s.longitude_e6 = q.i64();
  s.time_zone = q.text();
  s.opening_hours = q.text();
  s.parking_info = q.text();
  s.created_at = q.i64();
  s.updated_at = q.i64();
  s.parking_fee_type = q.text();
  return s;
}

Pile read_pile(Query& q) {
  Pile p;
  p.id = q.i64();
  p.tenant_id = q.i64();
  p.station_id = q.opt_i64();
  p.charge_point_id = q.text();
  p.name = q.text();
  p.vendor = q.text();
  p.model = q.text();
  p.current_type = core::current_type_from_string(q.text()).value_or(core::CurrentType::AC);
  p.max_power_w = q.i64();
  p.protocol = q.text();
  p.enabled = q.flag();
  p.bound = q.flag();
  p.password_hash = q.text();
  p.serial_number = q.text();
  p.firmware_version = q.text();
  p.iccid = q.text();
  p.imsi = q.text();
  p.meter_type = q.text();
  p.meter_serial_number = q.text();
  p.status = q.text();
  p.error_code = q.text();
  p.firmware_status = q.text();
  p.diagnostics_status = q.text();
  p.last_boot_at = q.opt_i64();
  p.last_heartbeat_at = q.opt_i64();
  p.online = q.flag();
  p.created_at = q.i64();
  p.updated_at = q.i64();
  return p;
}

Connector read_connector(Query& q) {
  Connector c;
  c.connector_id = q.i32();
  c.max_power_w = q.i64();
  c.type = q.text();
  c.status = q.text();
  c.error_code = q.text();
  c.info = q.text();
  c.vendor_id = q.text();
  c.vendor_error_code = q.text();
  c.status_at = q.opt_i64();
  c.current_transaction_id = q.opt_i64();
  return c;
}

IdTag read_id_tag(Query& q) {
  IdTag t;
  t.id = q.i64();
  t.tenant_id = q.i64();
  t.id_tag = q.text();
  t.kind = q.text();
  t.status = q.text();
  t.expiry = q.opt_i64();
  t.parent_id_tag = q.text();
  t.holder = q.text();
  t.created_at = q.i64();
  t.updated_at = q.i64();
  return t;
}

Transaction read_transaction(Query& q) {
  Transaction t;
  t.id = q.i64();
  t.tenant_id = q.i64();
  t.pile_id = q.i64();
  t.charge_point_id = q.text();
  t.connector_id = q.i32();
  t.id_tag = q.text();
  t.meter_start_wh = q.i64();
  t.started_at = q.i64();
  t.reservation_id = q.opt_i32();
  t.meter_stop_wh = q.opt_i64();
  t.stopped_at = q.opt_i64();
  t.stop_reason = q.text();
  t.stop_id_tag = q.text();
  t.state = q.text();
  t.created_at = q.i64();
  t.updated_at = q.i64();
  t.reference = q.text();
  return t;
}

MeterSample read_sample(Query& q) {
  MeterSample m;
  m.id = q.i64();
  m.tenant_id = q.i64();
  m.pile_id = q.i64();
  m.connector_id = q.i32();
  m.transaction_id = q.opt_i64();
  m.timestamp = q.i64();
  m.measurand = q.text();
  m.phase = q.text();
  m.unit = q.text();
  m.context = q.text();
  m.location = q.text();
  m.format = q.text();
  m.value = q.text();
  m.normalized = q.opt_i64();
  return m;
}

StatusEvent read_event(Query& q) {
  StatusEvent e;
  e.id = q.i64();
  e.tenant_id = q.i64();
  e.pile_id = q.i64();
  e.connector_id = q.i32();
  e.status = q.text();
  e.error_code = q.text();
  e.info = q.text();
  e.vendor_id = q.text();
  e.vendor_error_code = q.text();
  e.timestamp = q.opt_i64();
  e.received_at = q.i64();
  return e;
}

Command read_command(Query& q) {
  Command c;
  c.id = q.i64();
  c.tenant_id = q.i64();
  c.pile_id = q.i64();
  c.charge_point_id = q.text();
  c.action = q.text();
  c.request_json = q.text();
  c.status = core::command_status_from_string(q.text()).value_or(core::CommandStatus::Failed);
  c.response_json = q.text();
  c.error = q.text();
  c.requested_by = q.text();
  c.created_at = q.i64();
  c.sent_at = q.opt_i64();
  c.completed_at = q.opt_i64();
  return c;
}

}  // namespace

// --- Construction and transactions ---------------------------------------------------

SqlStore::SqlStore(std::unique_ptr<SqlConnection> conn, const core::Clock* clock)
    : conn_(std::move(conn)), clock_(clock != nullptr ? clock : &system_clock_) {}

SqlStore::~SqlStore() {
  cache_.clear();  // statements before their connection
  conn_.reset();
}

UtcMillis SqlStore::now_or(UtcMillis v) const {
  return v != 0 ? v : clock_->now();
}

void SqlStore::begin_level() {
  if (depth_ == 0) {
    conn_->begin();
  } else {
    conn_->exec("SAVEPOINT ct_sp" + std::to_string(depth_));
  }
  ++depth_;
}

void SqlStore::commit_level() {
  int level = depth_ - 1;
  if (level == 0) {
    conn_->commit();
  } else {
    conn_->exec("RELEASE SAVEPOINT ct_sp" + std::to_string(level));
  }
  depth_ = level;
}

void SqlStore::rollback_level() noexcept {
  --depth_;
  if (depth_ == 0) {
    conn_->rollback();
    return;
  }
  try {
    std::string sp = "ct_sp" + std::to_string(depth_);
    conn_->exec("ROLLBACK TO SAVEPOINT " + sp);
    conn_->exec("RELEASE SAVEPOINT " + sp);
  } catch (...) {
    // The outer level still rolls back or commits; nothing more can be done here.
  }
}

void SqlStore::in_transaction(const std::function<void()>& fn) {
  std::lock_guard lock(mu_);
  tx([&] { fn(); });
}

// --- Settings ------------------------------------------------------------------------

std::optional<std::string> SqlStore::get_setting(const std::string& key) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT setting_value FROM settings WHERE setting_key = ?");
  q.bind(key);
  if (!q.next()) return std::nullopt;
  return q.text();
}

void SqlStore::put_setting(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO settings (setting_key, setting_value) VALUES (?, ?) "
          "ON CONFLICT (setting_key) DO UPDATE SET setting_value = excluded.setting_value");
  q.bind(key, value).run();
}

// --- Tenants and API tokens ----------------------------------------------------------

Tenant SqlStore::create_tenant(const Tenant& t) {
  std::lock_guard lock(mu_);
  UtcMillis created = now_or(t.created_at);
  Id id;
  {
    Query q(*this,
            "INSERT INTO tenants (name, enabled, created_at, updated_at) VALUES (?, ?, ?, ?) "
            "RETURNING id");
    q.bind(t.name, t.enabled, created, t.updated_at != 0 ? t.updated_at : created);
    if (!q.next()) throw StoreError("create_tenant: no id returned");
    id = q.i64();
  }
  return *get_tenant(id);
}

std::optional<Tenant> SqlStore::get_tenant(Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kTenantCols + " FROM tenants WHERE id = ?");
  q.bind(id);
  return first_row<Tenant>(q, read_tenant);
}

Page<Tenant> SqlStore::list_tenants(const PageRequest& page) {
  std::lock_guard lock(mu_);
  Window w = window(page);
  Page<Tenant> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM tenants");
    if (q.next()) out.total = q.i64();
  }
  Query q(*this, "SELECT " + kTenantCols + " FROM tenants ORDER BY id LIMIT ? OFFSET ?");
  q.bind(w.limit, w.offset);
  out.items = all_rows<Tenant>(q, read_tenant);
  return out;
}

bool SqlStore::update_tenant(const Tenant& t) {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE tenants SET name = ?, enabled = ?, updated_at = ? WHERE id = ?");
  return q.bind(t.name, t.enabled, now_or(t.updated_at), t.id).run() > 0;
}

ApiToken SqlStore::create_api_token(const ApiToken& t) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO api_tokens (tenant_id, label, token_hash, revoked, created_at) "
          "VALUES (?, ?, ?, ?, ?) RETURNING " +
              kTokenCols);
  q.bind(t.tenant_id, t.label, t.token_hash, t.revoked, now_or(t.created_at));
  if (!q.next()) throw StoreError("create_api_token: no row returned");
  return read_token(q);
}

std::optional<ApiToken> SqlStore::find_api_token_by_hash(const std::string& hash) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kTokenCols + " FROM api_tokens WHERE token_hash = ?");
  q.bind(hash);
  return first_row<ApiToken>(q, read_token);
}

std::vector<ApiToken> SqlStore::list_api_tokens(Id tenant_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kTokenCols + " FROM api_tokens WHERE tenant_id = ? ORDER BY id");
  q.bind(tenant_id);
  return all_rows<ApiToken>(q, read_token);
}

bool SqlStore::revoke_api_token(Id tenant_id, Id token_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE api_tokens SET revoked = 1 WHERE id = ? AND tenant_id = ?");
  return q.bind(token_id, tenant_id).run() > 0;
}

// --- Stations --------------------------------------------------------------------------

Station SqlStore::create_station(const TenantScope& s, const Station& st) {
  std::lock_guard lock(mu_);
  UtcMillis created = now_or(st.created_at);
  Query q(*this,
          "INSERT INTO stations (tenant_id, name, address, province, city, district, "
          "latitude_e6, longitude_e6, time_zone, opening_hours, parking_info, created_at, "
          "updated_at, parking_fee_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING " +
              kStationCols);
  q.bind(s.tenant_id(), st.name, st.address, st.province, st.city, st.district, st.latitude_e6,
         st.longitude_e6, st.time_zone, st.opening_hours, st.parking_info, created,
         st.updated_at != 0 ? st.updated_at : created, st.parking_fee_type);
  if (!q.next()) throw StoreError("create_station: no row returned");
  return read_station(q);
}

std::optional<Station> SqlStore::get_station(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kStationCols + " FROM stations WHERE id = ? AND tenant_id = ?");
  q.bind(id, s.tenant_id());
  return first_row<Station>(q, read_station);
}

Page<Station> SqlStore::list_stations(const TenantScope& s, const StationFilter& f) {
  std::lock_guard lock(mu_);
  Where w;
  w.add("tenant_id = ?", s.tenant_id());
  if (!f.q.empty()) w.add_search(f.q, {"name", "address"});
  Window win = window(f.page);
  Page<Station> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM stations" + w.sql);
    q.bind_values(w.args);
    if (q.next()) out.total = q.i64();
  }
  Query q(*this,
          "SELECT " + kStationCols + " FROM stations" + w.sql + " ORDER BY id LIMIT ? OFFSET ?");
  q.bind_values(w.args).bind(win.limit, win.offset);
  out.items = all_rows<Station>(q, read_station);
  return out;
}

bool SqlStore::update_station(const TenantScope& s, const Station& st) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE stations SET name = ?, address = ?, province = ?, city = ?, district = ?, "
          "latitude_e6 = ?, longitude_e6 = ?, time_zone = ?, opening_hours = ?, "
          "parking_info = ?, parking_fee_type = ?, updated_at = ? WHERE id = ? AND tenant_id = ?");
  q.bind(st.name, st.address, st.province, st.city, st.district, st.latitude_e6, st.longitude_e6,
         st.time_zone, st.opening_hours, st.parking_info, st.parking_fee_type,
         now_or(st.updated_at), st.id, s.tenant_id());
  return q.run() > 0;
}

bool SqlStore::delete_station(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  return tx([&] {
    {
      Query q(*this, "SELECT COUNT(*) FROM piles WHERE tenant_id = ? AND station_id = ?");
      q.bind(s.tenant_id(), id);
      if (q.next() && q.i64() > 0) {
        throw ConflictError("station " + std::to_string(id) + " still has piles attached");
      }
    }
    Query q(*this, "DELETE FROM stations WHERE id = ? AND tenant_id = ?");
    return q.bind(id, s.tenant_id()).run() > 0;
  });
}

// --- Piles -------------------------------------------------------------------------------

namespace {

const std::string kInsertPile =
    "INSERT INTO piles (tenant_id, station_id, charge_point_id, name, vendor, model, "
    "current_type, max_power_w, protocol, enabled, bound, password_hash, serial_number, "
    "firmware_version, iccid, imsi, meter_type, meter_serial_number, status, error_code, "
    "firmware_status, diagnostics_status, last_boot_at, last_heartbeat_at, online, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?) RETURNING id";

void bind_pile_insert(Query& q, const Pile& p, Id tenant_id, bool bound, UtcMillis created,
                      UtcMillis updated) {
  q.bind(tenant_id, p.station_id, p.charge_point_id, p.name, p.vendor, p.model,
         core::to_string(p.current_type), p.max_power_w, p.protocol, p.enabled, bound,
         p.password_hash, p.serial_number, p.firmware_version, p.iccid, p.imsi, p.meter_type,
         p.meter_serial_number, p.status, p.error_code, p.firmware_status, p.diagnostics_status,
         p.last_boot_at, p.last_heartbeat_at, p.online, created, updated);
}

}  // namespace

void SqlStore::load_connectors(Pile& p) {
  Query q(*this,
          "SELECT " + kConnectorCols + " FROM connectors WHERE pile_id = ? ORDER BY connector_id");
  q.bind(p.id);
  p.connectors = all_rows<Connector>(q, read_connector);
}

void SqlStore::write_connectors(Id pile_id, Id tenant_id, const std::vector<Connector>& cs) {
  std::set<int> keep;
  for (const Connector& c : cs) {
    if (c.connector_id < 1) {
      throw StoreError("connector_id must be >= 1 (got " + std::to_string(c.connector_id) + ")");
    }
    keep.insert(c.connector_id);
    // New connectors take every field; existing ones only their static attributes, so
    // live state reported by the charger survives an edit.
    Query q(*this,
            "INSERT INTO connectors (pile_id, connector_id, tenant_id, max_power_w, "
            "connector_type, status, error_code, info, vendor_id, vendor_error_code, status_at, "
            "current_transaction_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (pile_id, connector_id) DO UPDATE SET "
            "max_power_w = excluded.max_power_w, connector_type = excluded.connector_type");
    q.bind(pile_id, c.connector_id, tenant_id, c.max_power_w, c.type, c.status, c.error_code,
           c.info, c.vendor_id, c.vendor_error_code, c.status_at, c.current_transaction_id);
    q.run();
  }
  std::vector<int> existing;
  {
    Query q(*this, "SELECT connector_id FROM connectors WHERE pile_id = ?");
    q.bind(pile_id);
    while (q.next()) existing.push_back(q.i32());
  }
  for (int id : existing) {
    if (keep.count(id) != 0) continue;
    Query q(*this, "DELETE FROM connectors WHERE pile_id = ? AND connector_id = ?");
    q.bind(pile_id, id).run();
  }
}

std::optional<Id> SqlStore::pile_tenant(Id pile_id) {
  Query q(*this, "SELECT tenant_id FROM piles WHERE id = ?");
  q.bind(pile_id);
  if (!q.next()) return std::nullopt;
  return q.i64();
}

Pile SqlStore::create_pile(const TenantScope& s, const Pile& p) {
  std::lock_guard lock(mu_);
  return tx([&] {
    UtcMillis created = now_or(p.created_at);
    Id id;
    {
      Query q(*this, kInsertPile);
      bind_pile_insert(q, p, s.tenant_id(), true, created,
                       p.updated_at != 0 ? p.updated_at : created);
      if (!q.next()) throw StoreError("create_pile: no id returned");
      id = q.i64();
    }
    write_connectors(id, s.tenant_id(), p.connectors);
    return *get_pile_by_id(id);
  });
}

std::optional<Pile> SqlStore::get_pile(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  std::optional<Pile> p;
  {
    Query q(*this, "SELECT " + kPileCols + " FROM piles WHERE id = ? AND tenant_id = ?");
    q.bind(id, s.tenant_id());
    p = first_row<Pile>(q, read_pile);
  }
  if (p) load_connectors(*p);
  return p;
}

Page<Pile> SqlStore::list_piles(const TenantScope& s, const PileFilter& f) {
  std::lock_guard lock(mu_);
  Where w;
  w.add("tenant_id = ?", s.tenant_id());
  if (f.station_id) w.add("station_id = ?", *f.station_id);
  if (!f.status.empty()) w.add("status = ?", f.status);
  if (f.online) w.add("online = ?", std::int64_t{*f.online ? 1 : 0});
  if (!f.q.empty()) w.add_search(f.q, {"charge_point_id", "name", "vendor", "model"});
  Window win = window(f.page);
  Page<Pile> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM piles" + w.sql);
    q.bind_values(w.args);
    if (q.next()) out.total = q.i64();
  }
  {
    Query q(*this, "SELECT " + kPileCols + " FROM piles" + w.sql + " ORDER BY id LIMIT ? OFFSET ?");
    q.bind_values(w.args).bind(win.limit, win.offset);
    out.items = all_rows<Pile>(q, read_pile);
  }
  for (Pile& p : out.items) load_connectors(p);
  return out;
}

bool SqlStore::update_pile(const TenantScope& s, const Pile& p) {
  std::lock_guard lock(mu_);
  return tx([&] {
    {
      Query q(*this,
              "UPDATE piles SET name = ?, vendor = ?, model = ?, current_type = ?, "
              "max_power_w = ?, protocol = ?, enabled = ?, password_hash = ?, station_id = ?, "
              "updated_at = ? WHERE id = ? AND tenant_id = ?");
      q.bind(p.name, p.vendor, p.model, core::to_string(p.current_type), p.max_power_w, p.protocol,
             p.enabled, p.password_hash, p.station_id, now_or(p.updated_at), p.id, s.tenant_id());
      if (q.run() == 0) return false;
    }
    write_connectors(p.id, s.tenant_id(), p.connectors);
    return true;
  });
}

bool SqlStore::delete_pile(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  // Connectors go with the pile (ON DELETE CASCADE); history tables are kept.
  Query q(*this, "DELETE FROM piles WHERE id = ? AND tenant_id = ?");
  return q.bind(id, s.tenant_id()).run() > 0;
}

Page<Pile> SqlStore::list_unbound_piles(const PageRequest& page) {
  std::lock_guard lock(mu_);
  Window win = window(page);
  Page<Pile> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM piles WHERE bound = 0");
    if (q.next()) out.total = q.i64();
  }
  {
    Query q(*this,
            "SELECT " + kPileCols + " FROM piles WHERE bound = 0 ORDER BY id LIMIT ? OFFSET ?");
    q.bind(win.limit, win.offset);
    out.items = all_rows<Pile>(q, read_pile);
  }
  for (Pile& p : out.items) load_connectors(p);
  return out;
}

Pile SqlStore::create_unbound_pile(const std::string& charge_point_id, const BootInfo& info,
                                   UtcMillis at) {
  std::lock_guard lock(mu_);
  Pile p;
  p.charge_point_id = charge_point_id;
  p.vendor = info.vendor;
  p.model = info.model;
  p.serial_number = info.serial_number;
  p.firmware_version = info.firmware_version;
  p.iccid = info.iccid;
  p.imsi = info.imsi;
  p.meter_type = info.meter_type;
  p.meter_serial_number = info.meter_serial_number;
  if (!info.protocol.empty()) p.protocol = info.protocol;
  p.last_boot_at = at;
  p.last_heartbeat_at = at;
  UtcMillis created = now_or(at);
  Id id;
  {
    Query q(*this, kInsertPile);
    bind_pile_insert(q, p, 0, false, created, created);
    if (!q.next()) throw StoreError("create_unbound_pile: no id returned");
    id = q.i64();
  }
  return *get_pile_by_id(id);
}

bool SqlStore::bind_pile(const TenantScope& s, Id pile_id, Id station_id) {
  std::lock_guard lock(mu_);
  return tx([&] {
    {
      Query q(*this, "SELECT 1 FROM stations WHERE id = ? AND tenant_id = ?");
      q.bind(station_id, s.tenant_id());
      if (!q.next()) return false;
    }
    {
      Query q(*this,
              "UPDATE piles SET tenant_id = ?, station_id = ?, bound = 1, updated_at = ? "
              "WHERE id = ? AND bound = 0");
      if (q.bind(s.tenant_id(), station_id, clock_->now(), pile_id).run() == 0) return false;
    }
    // What the charger reported while unbound (tenant 0) now belongs to the tenant.
    for (const char* table : {"connectors", "status_events", "charger_messages", "meter_samples",
                              "transactions", "commands"}) {
      Query q(*this, std::string("UPDATE ") + table +
                         " SET tenant_id = ? WHERE pile_id = ? AND tenant_id = 0");
      q.bind(s.tenant_id(), pile_id).run();
    }
    return true;
  });
}

std::optional<Pile> SqlStore::find_pile_by_charge_point_id(const std::string& cpid) {
  std::lock_guard lock(mu_);
  std::optional<Pile> p;
  {
    Query q(*this, "SELECT " + kPileCols + " FROM piles WHERE charge_point_id = ?");
    q.bind(cpid);
    p = first_row<Pile>(q, read_pile);
  }
  if (p) load_connectors(*p);
  return p;
}

std::optional<Pile> SqlStore::get_pile_by_id(Id pile_id) {
  std::lock_guard lock(mu_);
  std::optional<Pile> p;
  {
    Query q(*this, "SELECT " + kPileCols + " FROM piles WHERE id = ?");
    q.bind(pile_id);
    p = first_row<Pile>(q, read_pile);
  }
  if (p) load_connectors(*p);
  return p;
}

void SqlStore::record_boot(Id pile_id, const BootInfo& info, UtcMillis at) {
  std::lock_guard lock(mu_);
  // Vendor and model are kept when the charger sends them empty; the optional fields
  // reflect the latest boot.
  Query q(*this,
          "UPDATE piles SET vendor = COALESCE(NULLIF(?, ''), vendor), "
          "model = COALESCE(NULLIF(?, ''), model), serial_number = ?, firmware_version = ?, "
          "iccid = ?, imsi = ?, meter_type = ?, meter_serial_number = ?, last_boot_at = ?, "
          "last_heartbeat_at = ? WHERE id = ?");
  q.bind(info.vendor, info.model, info.serial_number, info.firmware_version, info.iccid, info.imsi,
         info.meter_type, info.meter_serial_number, at, at, pile_id)
      .run();
}

void SqlStore::touch_heartbeat(Id pile_id, UtcMillis at) {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE piles SET last_heartbeat_at = ? WHERE id = ?");
  q.bind(at, pile_id).run();
}

void SqlStore::set_online(Id pile_id, bool online) {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE piles SET online = ? WHERE id = ?");
  q.bind(online, pile_id).run();
}

void SqlStore::set_all_offline() {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE piles SET online = 0 WHERE online <> 0");
  q.run();
}

void SqlStore::set_firmware_status(Id pile_id, const std::string& status) {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE piles SET firmware_status = ? WHERE id = ?");
  q.bind(status, pile_id).run();
}

void SqlStore::set_diagnostics_status(Id pile_id, const std::string& status) {
  std::lock_guard lock(mu_);
  Query q(*this, "UPDATE piles SET diagnostics_status = ? WHERE id = ?");
  q.bind(status, pile_id).run();
}

void SqlStore::apply_status(const StatusEvent& ev) {
  std::lock_guard lock(mu_);
  if (ev.connector_id < 0) throw StoreError("apply_status: negative connector_id");
  tx([&] {
    auto tenant = pile_tenant(ev.pile_id);
    if (!tenant) throw StoreError("apply_status: no pile " + std::to_string(ev.pile_id));
    if (ev.connector_id == 0) {
      Query q(*this, "UPDATE piles SET status = ?, error_code = ? WHERE id = ?");
      q.bind(ev.status, ev.error_code, ev.pile_id).run();
    } else {
      // A connector we did not configure is created with max power 0 and no type.
      Query q(*this,
              "INSERT INTO connectors (pile_id, connector_id, tenant_id, max_power_w, "
              "connector_type, status, error_code, info, vendor_id, vendor_error_code, "
              "status_at, current_transaction_id) VALUES (?, ?, ?, 0, '', ?, ?, ?, ?, ?, ?, NULL) "
              "ON CONFLICT (pile_id, connector_id) DO UPDATE SET status = excluded.status, "
              "error_code = excluded.error_code, info = excluded.info, "
              "vendor_id = excluded.vendor_id, vendor_error_code = excluded.vendor_error_code, "
              "status_at = excluded.status_at");
      q.bind(ev.pile_id, ev.connector_id, *tenant, ev.status, ev.error_code, ev.info, ev.vendor_id,
             ev.vendor_error_code, ev.timestamp.value_or(now_or(ev.received_at)));
      q.run();
    }
    Query q(*this,
            "INSERT INTO status_events (tenant_id, pile_id, connector_id, status, error_code, "
            "info, vendor_id, vendor_error_code, charger_at, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(*tenant, ev.pile_id, ev.connector_id, ev.status, ev.error_code, ev.info, ev.vendor_id,
           ev.vendor_error_code, ev.timestamp, now_or(ev.received_at));
    q.run();
  });
}

Page<StatusEvent> SqlStore::list_status_history(const TenantScope& s, Id pile_id,
                                                const PageRequest& page) {
  std::lock_guard lock(mu_);
  Window win = window(page);
  Page<StatusEvent> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM status_events WHERE tenant_id = ? AND pile_id = ?");
    q.bind(s.tenant_id(), pile_id);
    if (q.next()) out.total = q.i64();
  }
  Query q(*this, "SELECT " + kEventCols +
                     " FROM status_events WHERE tenant_id = ? AND pile_id = ? "
                     "ORDER BY id DESC LIMIT ? OFFSET ?");
  q.bind(s.tenant_id(), pile_id, win.limit, win.offset);
  out.items = all_rows<StatusEvent>(q, read_event);
  return out;
}

void SqlStore::set_connector_transaction(Id pile_id, int connector_id,
                                         std::optional<std::int64_t> transaction_id) {
  std::lock_guard lock(mu_);
  if (!transaction_id) {
    Query q(*this,
            "UPDATE connectors SET current_transaction_id = NULL "
            "WHERE pile_id = ? AND connector_id = ?");
    q.bind(pile_id, connector_id).run();
    return;
  }
  if (connector_id < 1) throw StoreError("set_connector_transaction: connector_id must be >= 1");
  tx([&] {
    auto tenant = pile_tenant(pile_id);
    if (!tenant) throw StoreError("set_connector_transaction: no pile " + std::to_string(pile_id));
    Query q(*this,
            "INSERT INTO connectors (pile_id, connector_id, tenant_id, max_power_w, "
            "connector_type, status, error_code, info, vendor_id, vendor_error_code, status_at, "
            "current_transaction_id) VALUES (?, ?, ?, 0, '', 'Unknown', 'NoError', '', '', '', "
            "NULL, ?) ON CONFLICT (pile_id, connector_id) DO UPDATE SET "
            "current_transaction_id = excluded.current_transaction_id");
    q.bind(pile_id, connector_id, *tenant, *transaction_id).run();
  });
}

// --- Id tags -------------------------------------------------------------------------------

IdTag SqlStore::create_id_tag(const TenantScope& s, const IdTag& t) {
  std::lock_guard lock(mu_);
  UtcMillis created = now_or(t.created_at);
  Query q(*this,
          "INSERT INTO id_tags (tenant_id, id_tag, kind, status, expiry, parent_id_tag, holder, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " +
              kIdTagCols);
  q.bind(s.tenant_id(), t.id_tag, t.kind, t.status, t.expiry, t.parent_id_tag, t.holder, created,
         t.updated_at != 0 ? t.updated_at : created);
  if (!q.next()) throw StoreError("create_id_tag: no row returned");
  return read_id_tag(q);
}

std::optional<IdTag> SqlStore::get_id_tag(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kIdTagCols + " FROM id_tags WHERE id = ? AND tenant_id = ?");
  q.bind(id, s.tenant_id());
  return first_row<IdTag>(q, read_id_tag);
}

std::optional<IdTag> SqlStore::find_id_tag(const TenantScope& s, const std::string& id_tag) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kIdTagCols + " FROM id_tags WHERE tenant_id = ? AND id_tag = ?");
  q.bind(s.tenant_id(), id_tag);
  return first_row<IdTag>(q, read_id_tag);
}

Page<IdTag> SqlStore::list_id_tags(const TenantScope& s, const IdTagFilter& f) {
  std::lock_guard lock(mu_);
  Where w;
  w.add("tenant_id = ?", s.tenant_id());
  if (!f.status.empty()) w.add("status = ?", f.status);
  if (!f.q.empty()) w.add_search(f.q, {"id_tag", "holder"});
  Window win = window(f.page);
  Page<IdTag> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM id_tags" + w.sql);
    q.bind_values(w.args);
    if (q.next()) out.total = q.i64();
  }
  Query q(*this,
          "SELECT " + kIdTagCols + " FROM id_tags" + w.sql + " ORDER BY id LIMIT ? OFFSET ?");
  q.bind_values(w.args).bind(win.limit, win.offset);
  out.items = all_rows<IdTag>(q, read_id_tag);
  return out;
}

bool SqlStore::update_id_tag(const TenantScope& s, const IdTag& t) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE id_tags SET id_tag = ?, kind = ?, status = ?, expiry = ?, parent_id_tag = ?, "
          "holder = ?, updated_at = ? WHERE id = ? AND tenant_id = ?");
  q.bind(t.id_tag, t.kind, t.status, t.expiry, t.parent_id_tag, t.holder, now_or(t.updated_at),
         t.id, s.tenant_id());
  return q.run() > 0;
}

bool SqlStore::delete_id_tag(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "DELETE FROM id_tags WHERE id = ? AND tenant_id = ?");
  return q.bind(id, s.tenant_id()).run() > 0;
}

// --- Transactions and meter samples -------------------------------------------------------

std::optional<Transaction> SqlStore::find_transaction_by_start(Id pile_id, int connector_id,
                                                               const std::string& id_tag,
                                                               std::int64_t meter_start_wh,
                                                               UtcMillis started_at) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kTransactionCols +
                     " FROM transactions WHERE pile_id = ? AND connector_id = ? AND id_tag = ? "
                     "AND meter_start_wh = ? AND started_at = ? ORDER BY id DESC LIMIT 1");
  q.bind(pile_id, connector_id, id_tag, meter_start_wh, started_at);
  return first_row<Transaction>(q, read_transaction);
}

Transaction SqlStore::create_transaction(const Transaction& t) {
  std::lock_guard lock(mu_);
  UtcMillis created = now_or(t.created_at);
  Query q(*this,
          "INSERT INTO transactions (tenant_id, pile_id, station_id, charge_point_id, "
          "connector_id, id_tag, meter_start_wh, started_at, reservation_id, meter_stop_wh, "
          "stopped_at, stop_reason, stop_id_tag, state, created_at, updated_at, session_ref) "
          "VALUES (?, ?, (SELECT station_id FROM piles WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?) RETURNING " +
              kTransactionCols);
  q.bind(t.tenant_id, t.pile_id, t.pile_id, t.charge_point_id, t.connector_id, t.id_tag,
         t.meter_start_wh, t.started_at, t.reservation_id, t.meter_stop_wh, t.stopped_at,
         t.stop_reason, t.stop_id_tag, t.state.empty() ? std::string("active") : t.state, created,
         t.updated_at != 0 ? t.updated_at : created, t.reference);
  if (!q.next()) throw StoreError("create_transaction: no row returned");
  return read_transaction(q);
}

std::optional<Transaction> SqlStore::get_transaction(const TenantScope& s, std::int64_t id) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "SELECT " + kTransactionCols + " FROM transactions WHERE id = ? AND tenant_id = ?");
  q.bind(id, s.tenant_id());
  return first_row<Transaction>(q, read_transaction);
}

std::optional<Transaction> SqlStore::get_transaction_of_pile(Id pile_id, std::int64_t id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kTransactionCols + " FROM transactions WHERE id = ? AND pile_id = ?");
  q.bind(id, pile_id);
  return first_row<Transaction>(q, read_transaction);
}

std::optional<Transaction> SqlStore::active_transaction_on(Id pile_id, int connector_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kTransactionCols +
                     " FROM transactions WHERE pile_id = ? AND connector_id = ? "
                     "AND state = 'active' ORDER BY id DESC LIMIT 1");
  q.bind(pile_id, connector_id);
  return first_row<Transaction>(q, read_transaction);
}

std::int64_t SqlStore::count_active_transactions_for_tag(const TenantScope& s,
                                                         const std::string& id_tag) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "SELECT COUNT(*) FROM transactions WHERE tenant_id = ? AND id_tag = ? "
          "AND state = 'active'");
  q.bind(s.tenant_id(), id_tag);
  return q.next() ? q.i64() : 0;
}

bool SqlStore::stop_transaction(Id pile_id, std::int64_t id, const StopInfo& stop) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE transactions SET meter_stop_wh = ?, stopped_at = ?, stop_reason = ?, "
          "stop_id_tag = ?, state = 'stopped', updated_at = ? "
          "WHERE id = ? AND pile_id = ? AND state = 'active'");
  q.bind(stop.meter_stop_wh, stop.stopped_at,
         stop.reason.empty() ? std::string("Local") : stop.reason, stop.id_tag, clock_->now(), id,
         pile_id);
  return q.run() > 0;
}

Page<Transaction> SqlStore::list_transactions(const TenantScope& s, const TransactionFilter& f) {
  std::lock_guard lock(mu_);
  Where w;
  w.add("tenant_id = ?", s.tenant_id());
  if (f.pile_id) w.add("pile_id = ?", *f.pile_id);
  if (f.station_id) w.add("station_id = ?", *f.station_id);
  if (!f.id_tag.empty()) w.add("id_tag = ?", f.id_tag);
  if (!f.state.empty()) w.add("state = ?", f.state);
  if (f.from) w.add("started_at >= ?", *f.from);
  if (f.to) w.add("started_at < ?", *f.to);
  Window win = window(f.page);
  Page<Transaction> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM transactions" + w.sql);
    q.bind_values(w.args);
    if (q.next()) out.total = q.i64();
  }
  Query q(*this, "SELECT " + kTransactionCols + " FROM transactions" + w.sql +
                     " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?");
  q.bind_values(w.args).bind(win.limit, win.offset);
  out.items = all_rows<Transaction>(q, read_transaction);
  return out;
}

void SqlStore::insert_meter_samples(const std::vector<MeterSample>& samples) {
  std::lock_guard lock(mu_);
  if (samples.empty()) return;
  tx([&] {
    for (const MeterSample& m : samples) {
      Query q(*this,
              "INSERT INTO meter_samples (tenant_id, pile_id, connector_id, transaction_id, "
              "sampled_at, measurand, phase, unit, context, location, format, value, "
              "normalized) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      q.bind(m.tenant_id, m.pile_id, m.connector_id, m.transaction_id, m.timestamp, m.measurand,
             m.phase, m.unit, m.context, m.location, m.format, m.value, m.normalized);
      q.run();
    }
  });
}

std::vector<MeterSample> SqlStore::list_meter_samples(const TenantScope& s,
                                                      std::int64_t transaction_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kSampleCols +
                     " FROM meter_samples WHERE tenant_id = ? AND transaction_id = ? "
                     "ORDER BY sampled_at, id");
  q.bind(s.tenant_id(), transaction_id);
  return all_rows<MeterSample>(q, read_sample);
}

// --- Commands and charger messages -------------------------------------------------------

Command SqlStore::create_command(const Command& c) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO commands (tenant_id, pile_id, charge_point_id, action, request_json, "
          "status, response_json, error, requested_by, created_at, sent_at, completed_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " +
              kCommandCols);
  q.bind(c.tenant_id, c.pile_id, c.charge_point_id, c.action, c.request_json,
         core::to_string(c.status), c.response_json, c.error, c.requested_by, now_or(c.created_at),
         c.sent_at, c.completed_at);
  if (!q.next()) throw StoreError("create_command: no row returned");
  return read_command(q);
}

void SqlStore::update_command(const Command& c) {
  std::lock_guard lock(mu_);
  // Only the outcome changes; who, what and for which pile are fixed at creation.
  Query q(*this,
          "UPDATE commands SET status = ?, response_json = ?, error = ?, sent_at = ?, "
          "completed_at = ? WHERE id = ?");
  q.bind(core::to_string(c.status), c.response_json, c.error, c.sent_at, c.completed_at, c.id);
  q.run();
}

std::optional<Command> SqlStore::get_command(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kCommandCols + " FROM commands WHERE id = ? AND tenant_id = ?");
  q.bind(id, s.tenant_id());
  return first_row<Command>(q, read_command);
}

std::optional<Command> SqlStore::get_command_by_id(Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kCommandCols + " FROM commands WHERE id = ?");
  q.bind(id);
  return first_row<Command>(q, read_command);
}

Page<Command> SqlStore::list_commands(const TenantScope& s, Id pile_id, const PageRequest& page) {
  std::lock_guard lock(mu_);
  Window win = window(page);
  Page<Command> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM commands WHERE tenant_id = ? AND pile_id = ?");
    q.bind(s.tenant_id(), pile_id);
    if (q.next()) out.total = q.i64();
  }
  Query q(*this, "SELECT " + kCommandCols +
                     " FROM commands WHERE tenant_id = ? AND pile_id = ? "
                     "ORDER BY id DESC LIMIT ? OFFSET ?");
  q.bind(s.tenant_id(), pile_id, win.limit, win.offset);
  out.items = all_rows<Command>(q, read_command);
  return out;
}

std::int64_t SqlStore::fail_unfinished_commands(UtcMillis at, const std::string& why) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE commands SET status = 'failed', error = ?, completed_at = ? "
          "WHERE status IN ('pending', 'sent')");
  return q.bind(why, at).run();
}

void SqlStore::insert_charger_message(const ChargerMessage& m) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO charger_messages (tenant_id, pile_id, action, payload_json, received_at) "
          "VALUES (?, ?, ?, ?, ?)");
  q.bind(m.tenant_id, m.pile_id, m.action, m.payload_json, now_or(m.received_at)).run();
}

// --- Factories ---------------------------------------------------------------------------

namespace {

std::unique_ptr<SqlStore> open_sqlite(const std::string& path, const core::Clock* clock) {
  auto conn = std::make_unique<SqliteConnection>(path);
  core::SystemClock system;
  migrate(*conn, (clock != nullptr ? clock : &system)->now());
  return std::make_unique<SqlStore>(std::move(conn), clock);
}

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path) {
  return open_sqlite(path, nullptr);
}

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const core::Clock& clock) {
  return open_sqlite(path, &clock);
}

std::unique_ptr<SqlStore> open_sqlite_sql_store(const std::string& path, const core::Clock& clock) {
  return open_sqlite(path, &clock);
}

int migrate_sqlite(const std::string& path) {
  SqliteConnection conn(path);
  return migrate(conn, core::SystemClock().now());
}

int sqlite_schema_version(const std::string& path) {
  if (path != ":memory:" && !std::filesystem::exists(path)) return 0;
  SqliteConnection conn(path);
  return schema_version(conn);
}

}  // namespace ct::store
