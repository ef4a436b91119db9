// Migration 3: YKC 1.6 sessions (ykc_store.hpp). A YKC pile names its sessions by a
// 32-digit serial and reports their end with its own bill (0x3B); this table links the
// serial to the CSMS transaction and keeps that record, so a resent 0x3B is recognised.
#include "server/store/migrations_internal.hpp"

namespace ct::store {

const char* ykc_schema_ddl() {
  return R"SQL(
CREATE TABLE ykc_sessions (
  id {{ID}},
  tenant_id BIGINT NOT NULL,
  pile_id BIGINT NOT NULL,
  charge_point_id TEXT NOT NULL,
  gun INTEGER NOT NULL,
  serial TEXT NOT NULL,
  id_tag TEXT NOT NULL,
  origin TEXT NOT NULL,
  transaction_id BIGINT,
  state TEXT NOT NULL,
  record_json TEXT NOT NULL,
  records_received INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (pile_id, serial)
);
CREATE INDEX ykc_sessions_transaction ON ykc_sessions (transaction_id);
CREATE INDEX ykc_sessions_state ON ykc_sessions (pile_id, state);
)SQL";
}

}  // namespace ct::store

namespace ct::store {

// Migration 4: the name a protocol gives a transaction besides the CSMS's id (YKC: the
// 32-digit transaction serial), on the transaction itself, so that the API shows it and
// a pile's session can be found by it without a join.
const char* transaction_reference_ddl() {
  return R"SQL(
ALTER TABLE transactions ADD COLUMN session_ref TEXT NOT NULL DEFAULT '';
)SQL";
}

}  // namespace ct::store

namespace ct::store {

// Migration 5: the total of the pile's own bill (YKC 0x3B), kept as a number beside its
// record, so that the order shows it and the mismatch flag can be explained after a restart.
const char* order_charger_amount_ddl() {
  return R"SQL(
ALTER TABLE orders ADD COLUMN charger_amount_e4 BIGINT;
)SQL";
}

}  // namespace ct::store
