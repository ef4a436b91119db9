// Migration 2: what turns charging sessions into money. Tariffs with their versions and
// where they apply; orders (one per charging transaction) with their audit trail;
// drivers of the app with their vehicles, favourites, SMS codes and refresh tokens;
// wallets with the double-entry journal behind them; payments and refund requests.
//
// Two constraints carry business rules, so that no race in the code can break them:
//  * orders_connector_busy: at most one order holds a connector (holds_connector = 1
//    while created/starting/charging/stopping); two drivers scanning the same
//    connector at once cannot both win.
//  * payments_provider_txn: a provider's transaction id credits a wallet once, however
//    often its notification is repeated.
#include "server/store/migrations_internal.hpp"

namespace ct::store {

const char* billing_schema_ddl() {
  return R"SQL(
CREATE TABLE tariffs (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, id)
);

CREATE TABLE tariff_versions (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  tariff_id BIGINT NOT NULL,
  version_no INTEGER NOT NULL,
  effective_from BIGINT NOT NULL,
  sharp_electricity_e5 BIGINT,
  sharp_service_e5 BIGINT,
  peak_electricity_e5 BIGINT,
  peak_service_e5 BIGINT,
  flat_electricity_e5 BIGINT,
  flat_service_e5 BIGINT,
  valley_electricity_e5 BIGINT,
  valley_service_e5 BIGINT,
  slots TEXT NOT NULL,
  idle_grace_minutes BIGINT NOT NULL,
  idle_price_per_minute_e4 BIGINT NOT NULL,
  idle_cap_e4 BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (tariff_id, version_no),
  UNIQUE (tariff_id, effective_from),
  FOREIGN KEY (tenant_id, tariff_id) REFERENCES tariffs (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX tariff_versions_tariff ON tariff_versions (tariff_id, effective_from);

CREATE TABLE tariff_assignments (
  tenant_id BIGINT NOT NULL,
  target_kind TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  tariff_id BIGINT NOT NULL,
  assigned_at BIGINT NOT NULL,
  PRIMARY KEY (target_kind, target_id),
  FOREIGN KEY (tenant_id, tariff_id) REFERENCES tariffs (tenant_id, id)
);
CREATE INDEX tariff_assignments_tariff ON tariff_assignments (tenant_id, tariff_id);

CREATE TABLE tenant_policies (
  tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id),
  min_start_balance_fen BIGINT NOT NULL,
  refund_needs_approval INTEGER NOT NULL,
  start_timeout_s BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE drivers (
  id {{ID}},
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  phone TEXT NOT NULL,
  nickname TEXT NOT NULL,
  id_tag TEXT NOT NULL,
  token_version INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX drivers_phone ON drivers (tenant_id, phone) WHERE deleted = 0;
CREATE UNIQUE INDEX drivers_id_tag ON drivers (tenant_id, id_tag);

CREATE TABLE vehicles (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  driver_id BIGINT NOT NULL,
  plate TEXT NOT NULL,
  vin TEXT NOT NULL,
  model TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  FOREIGN KEY (tenant_id, driver_id) REFERENCES drivers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX vehicles_driver ON vehicles (tenant_id, driver_id);

CREATE TABLE favourite_stations (
  tenant_id BIGINT NOT NULL,
  driver_id BIGINT NOT NULL,
  station_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (driver_id, station_id),
  FOREIGN KEY (tenant_id, driver_id) REFERENCES drivers (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE sms_codes (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  phone TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL,
  used INTEGER NOT NULL
);
CREATE INDEX sms_codes_phone ON sms_codes (tenant_id, phone, id);

CREATE TABLE refresh_tokens (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  driver_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked INTEGER NOT NULL
);
CREATE INDEX refresh_tokens_driver ON refresh_tokens (driver_id);

CREATE TABLE wallets (
  driver_id BIGINT PRIMARY KEY,
  tenant_id BIGINT NOT NULL,
  cash_fen BIGINT NOT NULL,
  gift_fen BIGINT NOT NULL,
  held_cash_fen BIGINT NOT NULL,
  held_gift_fen BIGINT NOT NULL,
  refunding_fen BIGINT NOT NULL,
  entries BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX wallets_tenant ON wallets (tenant_id);

CREATE TABLE journal_entries (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  driver_id BIGINT,
  kind TEXT NOT NULL,
  reference TEXT NOT NULL,
  memo TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX journal_entries_driver ON journal_entries (tenant_id, driver_id, id);

CREATE TABLE journal_lines (
  id {{ID}},
  entry_id BIGINT NOT NULL REFERENCES journal_entries (id),
  tenant_id BIGINT NOT NULL,
  driver_id BIGINT,
  account TEXT NOT NULL,
  amount_fen BIGINT NOT NULL
);
CREATE INDEX journal_lines_entry ON journal_lines (entry_id);
CREATE INDEX journal_lines_wallet ON journal_lines (driver_id, account);

CREATE TABLE orders (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  order_no TEXT UNIQUE,
  driver_id BIGINT,
  station_id BIGINT,
  pile_id BIGINT NOT NULL,
  charge_point_id TEXT NOT NULL,
  connector_id INTEGER NOT NULL,
  id_tag TEXT NOT NULL,
  start_method TEXT NOT NULL,
  state TEXT NOT NULL,
  holds_connector INTEGER NOT NULL,
  transaction_id BIGINT,
  tariff_id BIGINT,
  tariff_version_id BIGINT,
  start_command_id BIGINT,
  stop_command_id BIGINT,
  meter_start_wh BIGINT,
  meter_stop_wh BIGINT,
  energy_wh BIGINT NOT NULL,
  amount_e4 BIGINT NOT NULL,
  idle_fee_e4 BIGINT NOT NULL,
  payable_fen BIGINT NOT NULL,
  hold_cash_fen BIGINT NOT NULL,
  hold_gift_fen BIGINT NOT NULL,
  charged_cash_fen BIGINT NOT NULL,
  charged_gift_fen BIGINT NOT NULL,
  debt_fen BIGINT NOT NULL,
  bill_json TEXT NOT NULL,
  charger_bill_json TEXT NOT NULL,
  flags TEXT NOT NULL,
  stop_reason TEXT NOT NULL,
  failure_reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  start_deadline_at BIGINT,
  started_at BIGINT,
  charging_ended_at BIGINT,
  stopped_at BIGINT,
  unplugged_at BIGINT,
  settled_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX orders_connector_busy ON orders (pile_id, connector_id) WHERE holds_connector = 1;
CREATE UNIQUE INDEX orders_transaction ON orders (transaction_id);
CREATE INDEX orders_tenant ON orders (tenant_id, created_at);
CREATE INDEX orders_driver ON orders (tenant_id, driver_id, created_at);
CREATE INDEX orders_state ON orders (state);
CREATE INDEX orders_pile_state ON orders (pile_id, state);
CREATE INDEX orders_awaiting_unplug ON orders (pile_id, connector_id)
  WHERE stopped_at IS NOT NULL AND unplugged_at IS NULL;

CREATE TABLE order_events (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  event TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

CREATE TABLE payments (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  driver_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  provider TEXT NOT NULL,
  amount_fen BIGINT NOT NULL,
  status TEXT NOT NULL,
  provider_order_id TEXT NOT NULL,
  provider_txn_id TEXT,
  refund_request_id BIGINT,
  notifications INTEGER NOT NULL,
  detail TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  completed_at BIGINT
);
CREATE UNIQUE INDEX payments_provider_txn ON payments (provider, provider_txn_id);
CREATE UNIQUE INDEX payments_provider_order ON payments (provider, provider_order_id);
CREATE INDEX payments_driver ON payments (tenant_id, driver_id, id);

CREATE TABLE refund_requests (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  driver_id BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decision_note TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  decided_at BIGINT
);
CREATE INDEX refund_requests_tenant ON refund_requests (tenant_id, status, id);

ALTER TABLE stations ADD COLUMN parking_fee_type TEXT NOT NULL DEFAULT '';
)SQL";
}

}  // namespace ct::store
