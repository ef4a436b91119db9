// SqlStore: YKC 1.6 sessions.
#include "server/store/sql_query.hpp"

namespace ct::store {

using namespace sql;  // NOLINT: the shared helpers of every sql_store*.cpp

namespace {

const std::string kYkcCols =
    "id, tenant_id, pile_id, charge_point_id, gun, serial, id_tag, origin, transaction_id, "
    "state, record_json, records_received, created_at, updated_at";

YkcSessionRow read_ykc(Query& q) {
  YkcSessionRow r;
  r.id = q.i64();
  r.tenant_id = q.i64();
  r.pile_id = q.i64();
  r.charge_point_id = q.text();
  r.gun = q.i32();
  r.serial = q.text();
  r.id_tag = q.text();
  r.origin = q.text();
  r.transaction_id = q.opt_i64();
  r.state = q.text();
  r.record_json = q.text();
  r.records_received = q.i32();
  r.created_at = q.i64();
  r.updated_at = q.i64();
  return r;
}

}  // namespace

YkcSessionRow SqlStore::create_ykc_session(const YkcSessionRow& r) {
  std::lock_guard lock(mu_);
  UtcMillis created = now_or(r.created_at);
  Query q(*this,
          "INSERT INTO ykc_sessions (tenant_id, pile_id, charge_point_id, gun, serial, id_tag, "
          "origin, transaction_id, state, record_json, records_received, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " +
              kYkcCols);
  q.bind(r.tenant_id, r.pile_id, r.charge_point_id, r.gun, r.serial, r.id_tag, r.origin,
         r.transaction_id, r.state, r.record_json, r.records_received, created, created);
  if (!q.next()) throw StoreError("create_ykc_session: no row returned");
  return read_ykc(q);
}

void SqlStore::update_ykc_session(const YkcSessionRow& r) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE ykc_sessions SET id_tag = ?, transaction_id = ?, state = ?, record_json = ?, "
          "records_received = ?, updated_at = ? WHERE id = ?");
  q.bind(r.id_tag, r.transaction_id, r.state, r.record_json, r.records_received,
         now_or(r.updated_at), r.id)
      .run();
}

std::optional<YkcSessionRow> SqlStore::find_ykc_session(Id pile_id, const std::string& serial) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kYkcCols + " FROM ykc_sessions WHERE pile_id = ? AND serial = ?");
  q.bind(pile_id, serial);
  return first_row<YkcSessionRow>(q, read_ykc);
}

std::optional<YkcSessionRow> SqlStore::ykc_session_of_transaction(std::int64_t transaction_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kYkcCols + " FROM ykc_sessions WHERE transaction_id = ?");
  q.bind(transaction_id);
  return first_row<YkcSessionRow>(q, read_ykc);
}

std::vector<YkcSessionRow> SqlStore::ykc_sessions_in_state(Id pile_id, const std::string& state) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "SELECT " + kYkcCols + " FROM ykc_sessions WHERE pile_id = ? AND state = ? ORDER BY id");
  q.bind(pile_id, state);
  return all_rows<YkcSessionRow>(q, read_ykc);
}

}  // namespace ct::store
