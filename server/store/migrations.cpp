#include "server/store/migrations.hpp"

#include <memory>

#include "server/store/migrations_internal.hpp"
#include "server/store/store.hpp"

namespace ct::store {

namespace {

// Portable types only: BIGINT for ids, money, energy, power, coordinates (e6) and UTC
// milliseconds; INTEGER for small numbers and booleans (0/1); TEXT for strings.
// No REAL anywhere. Names avoid words that are reserved in either engine.
//
// History is kept when a pile is deleted: only `connectors` cascade. Transactions,
// meter samples, status events, commands and charger messages carry tenant_id and
// pile_id without a foreign key, so they outlive the pile (and keep charge_point_id
// where the model has it).
constexpr const char* kInitialSchema = R"SQL(
CREATE TABLE settings (
  setting_key TEXT PRIMARY KEY,
  setting_value TEXT NOT NULL
);

CREATE TABLE tenants (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  revoked INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX api_tokens_tenant ON api_tokens (tenant_id);

CREATE TABLE stations (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  province TEXT NOT NULL,
  city TEXT NOT NULL,
  district TEXT NOT NULL,
  latitude_e6 BIGINT NOT NULL,
  longitude_e6 BIGINT NOT NULL,
  time_zone TEXT NOT NULL,
  opening_hours TEXT NOT NULL,
  parking_info TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (tenant_id, id)
);

-- tenant_id is 0 (no tenants row) while the pile is unbound, hence no FK to tenants.
-- The composite FK guarantees a pile's station belongs to the pile's tenant.
CREATE TABLE piles (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  station_id BIGINT,
  charge_point_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  vendor TEXT NOT NULL,
  model TEXT NOT NULL,
  current_type TEXT NOT NULL,
  max_power_w BIGINT NOT NULL,
  protocol TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  bound INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  serial_number TEXT NOT NULL,
  firmware_version TEXT NOT NULL,
  iccid TEXT NOT NULL,
  imsi TEXT NOT NULL,
  meter_type TEXT NOT NULL,
  meter_serial_number TEXT NOT NULL,
  status TEXT NOT NULL,
  error_code TEXT NOT NULL,
  firmware_status TEXT NOT NULL,
  diagnostics_status TEXT NOT NULL,
  last_boot_at BIGINT,
  last_heartbeat_at BIGINT,
  online INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  FOREIGN KEY (tenant_id, station_id) REFERENCES stations (tenant_id, id)
);
CREATE INDEX piles_tenant_station ON piles (tenant_id, station_id);
CREATE INDEX piles_tenant_status ON piles (tenant_id, status);
CREATE INDEX piles_bound ON piles (bound);

CREATE TABLE connectors (
  pile_id BIGINT NOT NULL REFERENCES piles (id) ON DELETE CASCADE,
  connector_id INTEGER NOT NULL,
  tenant_id BIGINT NOT NULL,
  max_power_w BIGINT NOT NULL,
  connector_type TEXT NOT NULL,
  status TEXT NOT NULL,
  error_code TEXT NOT NULL,
  info TEXT NOT NULL,
  vendor_id TEXT NOT NULL,
  vendor_error_code TEXT NOT NULL,
  status_at BIGINT,
  current_transaction_id BIGINT,
  PRIMARY KEY (pile_id, connector_id)
);

CREATE TABLE id_tags (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  id_tag TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  expiry BIGINT,
  parent_id_tag TEXT NOT NULL,
  holder TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (tenant_id, id_tag)
);

-- id is the OCPP transactionId. station_id is the pile's station when the transaction
-- was created, so history keeps its station after the pile moves or is deleted.
CREATE TABLE transactions (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  pile_id BIGINT NOT NULL,
  station_id BIGINT,
  charge_point_id TEXT NOT NULL,
  connector_id INTEGER NOT NULL,
  id_tag TEXT NOT NULL,
  meter_start_wh BIGINT NOT NULL,
  started_at BIGINT NOT NULL,
  reservation_id BIGINT,
  meter_stop_wh BIGINT,
  stopped_at BIGINT,
  stop_reason TEXT NOT NULL,
  stop_id_tag TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX transactions_start_key
  ON transactions (pile_id, connector_id, id_tag, meter_start_wh, started_at);
CREATE INDEX transactions_pile_state ON transactions (pile_id, connector_id, state);
CREATE INDEX transactions_tenant_started ON transactions (tenant_id, started_at);
CREATE INDEX transactions_tenant_tag ON transactions (tenant_id, id_tag, state);
CREATE INDEX transactions_tenant_station ON transactions (tenant_id, station_id, started_at);

CREATE TABLE meter_samples (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  pile_id BIGINT NOT NULL,
  connector_id INTEGER NOT NULL,
  transaction_id BIGINT,
  sampled_at BIGINT NOT NULL,
  measurand TEXT NOT NULL,
  phase TEXT NOT NULL,
  unit TEXT NOT NULL,
  context TEXT NOT NULL,
  location TEXT NOT NULL,
  format TEXT NOT NULL,
  value TEXT NOT NULL,
  normalized BIGINT
);
CREATE INDEX meter_samples_transaction ON meter_samples (transaction_id, sampled_at);
CREATE INDEX meter_samples_pile ON meter_samples (pile_id, sampled_at);

CREATE TABLE status_events (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  pile_id BIGINT NOT NULL,
  connector_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  error_code TEXT NOT NULL,
  info TEXT NOT NULL,
  vendor_id TEXT NOT NULL,
  vendor_error_code TEXT NOT NULL,
  charger_at BIGINT,
  received_at BIGINT NOT NULL
);
CREATE INDEX status_events_pile ON status_events (tenant_id, pile_id, id);

CREATE TABLE commands (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  pile_id BIGINT NOT NULL,
  charge_point_id TEXT NOT NULL,
  action TEXT NOT NULL,
  request_json TEXT NOT NULL,
  status TEXT NOT NULL,
  response_json TEXT NOT NULL,
  error TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  completed_at BIGINT
);
CREATE INDEX commands_pile ON commands (tenant_id, pile_id, id);
CREATE INDEX commands_status ON commands (status);

CREATE TABLE charger_messages (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  pile_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX charger_messages_pile ON charger_messages (tenant_id, pile_id, id);
)SQL";

constexpr const char* kMigrationsTable = R"SQL(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)
)SQL";

int read_version(SqlConnection& conn) {
  auto st = conn.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  int v = st->step() ? static_cast<int>(st->column_int64(0)) : 0;
  st->reset();
  return v;
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "initial schema", kInitialSchema},
      {2, "billing: tariffs, orders, drivers, wallets, payments", billing_schema_ddl()},
      {3, "ykc 1.6 sessions", ykc_schema_ddl()},
      {4, "transaction references", transaction_reference_ddl()},
      {5, "the charger's own bill amount on orders", order_charger_amount_ddl()},
  };
  return all;
}

int latest_schema_version() {
  return migrations().back().version;
}

int schema_version(SqlConnection& conn) {
  conn.exec(kMigrationsTable);
  return read_version(conn);
}

int migrate(SqlConnection& conn, core::UtcMillis now) {
  conn.exec(kMigrationsTable);
  // Take the write lock first, then decide: a concurrent migrator waits and then sees
  // the versions the first one applied.
  int version = 0;
  for (const Migration& m : migrations()) {
    conn.begin();
    try {
      version = read_version(conn);
      if (version > latest_schema_version()) {
        throw StoreError("database schema version " + std::to_string(version) +
                         " is newer than this program (" + std::to_string(latest_schema_version()) +
                         ")");
      }
      if (m.version > version) {
        conn.exec(render_ddl(m.ddl, conn.dialect()));
        auto ins = conn.prepare(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
        ins->bind_int64(1, m.version);
        ins->bind_text(2, m.name);
        ins->bind_int64(3, now);
        ins->step();
        ins.reset();
        version = m.version;
      }
      conn.commit();
    } catch (...) {
      conn.rollback();
      throw;
    }
  }
  return version;
}

}  // namespace ct::store
