// SqlStore: orders and their audit trail.
#include <cstdio>

#include "protocol/civil_date.hpp"
#include "server/store/sql_query.hpp"

namespace ct::store {

using namespace sql;  // NOLINT: the shared helpers of every sql_store*.cpp
using orders::Order;
using orders::OrderEventRecord;

namespace {

const std::string kOrderCols =
    "id, tenant_id, order_no, driver_id, station_id, pile_id, charge_point_id, connector_id, "
    "id_tag, start_method, state, transaction_id, tariff_id, tariff_version_id, "
    "start_command_id, stop_command_id, meter_start_wh, meter_stop_wh, energy_wh, amount_e4, "
    "idle_fee_e4, payable_fen, hold_cash_fen, hold_gift_fen, charged_cash_fen, "
    "charged_gift_fen, debt_fen, bill_json, charger_bill_json, flags, stop_reason, "
    "failure_reason, created_at, start_deadline_at, started_at, charging_ended_at, "
    "stopped_at, unplugged_at, settled_at, updated_at, charger_amount_e4";
const std::string kOrderEventCols =
    "id, tenant_id, order_id, at, event, from_state, to_state, actor, detail";

Order read_order(Query& q) {
  Order o;
  o.id = q.i64();
  o.tenant_id = q.i64();
  o.order_no = q.text();
  o.driver_id = q.opt_i64();
  o.station_id = q.opt_i64();
  o.pile_id = q.i64();
  o.charge_point_id = q.text();
  o.connector_id = q.i32();
  o.id_tag = q.text();
  o.start_method = orders::start_method_from_string(q.text()).value_or(orders::StartMethod::Card);
  auto state = q.text();
  auto parsed = orders::order_state_from_string(state);
  if (!parsed) throw StoreError("orders.state: unknown state " + state);
  o.state = *parsed;
  o.transaction_id = q.opt_i64();
  o.tariff_id = q.opt_i64();
  o.tariff_version_id = q.opt_i64();
  o.start_command_id = q.opt_i64();
  o.stop_command_id = q.opt_i64();
  o.meter_start_wh = q.opt_i64();
  o.meter_stop_wh = q.opt_i64();
  o.energy_wh = q.i64();
  o.amount_e4 = q.i64();
  o.idle_fee_e4 = q.i64();
  o.payable_fen = q.i64();
  o.hold_cash_fen = q.i64();
  o.hold_gift_fen = q.i64();
  o.charged_cash_fen = q.i64();
  o.charged_gift_fen = q.i64();
  o.debt_fen = q.i64();
  o.bill_json = q.text();
  o.charger_bill_json = q.text();
  o.flags = q.text();
  o.stop_reason = q.text();
  o.failure_reason = q.text();
  o.created_at = q.i64();
  o.start_deadline_at = q.opt_i64();
  o.started_at = q.opt_i64();
  o.charging_ended_at = q.opt_i64();
  o.stopped_at = q.opt_i64();
  o.unplugged_at = q.opt_i64();
  o.settled_at = q.opt_i64();
  o.updated_at = q.i64();
  o.charger_amount_e4 = q.opt_i64();
  return o;
}

OrderEventRecord read_order_event(Query& q) {
  OrderEventRecord e;
  e.id = q.i64();
  e.tenant_id = q.i64();
  e.order_id = q.i64();
  e.at = q.i64();
  e.event = q.text();
  e.from_state = q.text();
  e.to_state = q.text();
  e.actor = q.text();
  e.detail = q.text();
  return e;
}

// "CT20261201-000042": the UTC creation date and the id, readable over the phone.
std::string order_no_of(Id id, UtcMillis created) {
  const auto days = created / 86'400'000 - (created % 86'400'000 < 0 ? 1 : 0);
  const auto d = civil::civil_from_days(days);
  char buf[48];
  std::snprintf(buf, sizeof buf, "CT%04lld%02u%02u-%06lld", static_cast<long long>(d.year), d.month,
                d.day, static_cast<long long>(id));
  return buf;
}

std::string in_list(std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out + ")";
}

}  // namespace

Order SqlStore::create_order(const Order& o) {
  std::lock_guard lock(mu_);
  return tx([&] {
    UtcMillis created = now_or(o.created_at);
    Id id = 0;
    {
      // order_no needs the id: insert without one, then set it in the same transaction.
      Query q(*this,
              "INSERT INTO orders (tenant_id, order_no, driver_id, station_id, pile_id, "
              "charge_point_id, connector_id, id_tag, start_method, state, holds_connector, "
              "transaction_id, tariff_id, tariff_version_id, start_command_id, stop_command_id, "
              "meter_start_wh, meter_stop_wh, energy_wh, amount_e4, idle_fee_e4, payable_fen, "
              "hold_cash_fen, hold_gift_fen, charged_cash_fen, charged_gift_fen, debt_fen, "
              "bill_json, charger_bill_json, flags, stop_reason, failure_reason, created_at, "
              "start_deadline_at, started_at, charging_ended_at, stopped_at, unplugged_at, "
              "settled_at, updated_at, charger_amount_e4) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?, ?, ?) RETURNING id");
      q.bind(o.tenant_id, o.driver_id, o.station_id, o.pile_id, o.charge_point_id, o.connector_id,
             o.id_tag, orders::to_string(o.start_method), orders::to_string(o.state),
             orders::holds_connector(o.state), o.transaction_id, o.tariff_id, o.tariff_version_id,
             o.start_command_id, o.stop_command_id, o.meter_start_wh, o.meter_stop_wh, o.energy_wh,
             o.amount_e4, o.idle_fee_e4, o.payable_fen, o.hold_cash_fen, o.hold_gift_fen,
             o.charged_cash_fen, o.charged_gift_fen, o.debt_fen, o.bill_json, o.charger_bill_json,
             o.flags, o.stop_reason, o.failure_reason, created, o.start_deadline_at, o.started_at,
             o.charging_ended_at, o.stopped_at, o.unplugged_at, o.settled_at,
             o.updated_at != 0 ? o.updated_at : created, o.charger_amount_e4);
      if (!q.next()) throw StoreError("create_order: no row returned");
      id = q.i64();
    }
    {
      Query q(*this, "UPDATE orders SET order_no = ? WHERE id = ?");
      q.bind(order_no_of(id, created), id).run();
    }
    Query q(*this, "SELECT " + kOrderCols + " FROM orders WHERE id = ?");
    q.bind(id);
    auto out = first_row<Order>(q, read_order);
    if (!out) throw StoreError("create_order: row vanished");
    return *out;
  });
}

void SqlStore::update_order(const Order& o) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE orders SET driver_id = ?, station_id = ?, id_tag = ?, state = ?, "
          "holds_connector = ?, transaction_id = ?, tariff_id = ?, tariff_version_id = ?, "
          "start_command_id = ?, stop_command_id = ?, meter_start_wh = ?, meter_stop_wh = ?, "
          "energy_wh = ?, amount_e4 = ?, idle_fee_e4 = ?, payable_fen = ?, hold_cash_fen = ?, "
          "hold_gift_fen = ?, charged_cash_fen = ?, charged_gift_fen = ?, debt_fen = ?, "
          "bill_json = ?, charger_bill_json = ?, flags = ?, stop_reason = ?, "
          "failure_reason = ?, start_deadline_at = ?, started_at = ?, charging_ended_at = ?, "
          "stopped_at = ?, unplugged_at = ?, settled_at = ?, updated_at = ?, "
          "charger_amount_e4 = ? WHERE id = ?");
  q.bind(o.driver_id, o.station_id, o.id_tag, orders::to_string(o.state),
         orders::holds_connector(o.state), o.transaction_id, o.tariff_id, o.tariff_version_id,
         o.start_command_id, o.stop_command_id, o.meter_start_wh, o.meter_stop_wh, o.energy_wh,
         o.amount_e4, o.idle_fee_e4, o.payable_fen, o.hold_cash_fen, o.hold_gift_fen,
         o.charged_cash_fen, o.charged_gift_fen, o.debt_fen, o.bill_json, o.charger_bill_json,
         o.flags, o.stop_reason, o.failure_reason, o.start_deadline_at, o.started_at,
         o.charging_ended_at, o.stopped_at, o.unplugged_at, o.settled_at, now_or(o.updated_at),
         o.charger_amount_e4, o.id);
  q.run();
}

std::optional<Order> SqlStore::get_order(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kOrderCols + " FROM orders WHERE tenant_id = ? AND id = ?");
  q.bind(s.tenant_id(), id);
  return first_row<Order>(q, read_order);
}

std::optional<Order> SqlStore::get_order_by_id(Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kOrderCols + " FROM orders WHERE id = ?");
  q.bind(id);
  return first_row<Order>(q, read_order);
}

std::optional<Order> SqlStore::find_order_by_transaction(std::int64_t transaction_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kOrderCols + " FROM orders WHERE transaction_id = ?");
  q.bind(transaction_id);
  return first_row<Order>(q, read_order);
}

std::optional<Order> SqlStore::order_holding(Id pile_id, int connector_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kOrderCols +
                     " FROM orders WHERE pile_id = ? AND connector_id = ? AND holds_connector = 1");
  q.bind(pile_id, connector_id);
  return first_row<Order>(q, read_order);
}

std::vector<Order> SqlStore::orders_in_states(const std::vector<std::string>& states,
                                              std::int64_t limit) {
  std::lock_guard lock(mu_);
  if (states.empty()) return {};
  Query q(*this, "SELECT " + kOrderCols + " FROM orders WHERE state IN " + in_list(states.size()) +
                     " ORDER BY id LIMIT ?");
  for (const auto& st : states) q.bind(st);
  q.bind(limit);
  return all_rows<Order>(q, read_order);
}

std::vector<Order> SqlStore::pile_orders_in_states(Id pile_id,
                                                   const std::vector<std::string>& states) {
  std::lock_guard lock(mu_);
  if (states.empty()) return {};
  Query q(*this, "SELECT " + kOrderCols + " FROM orders WHERE pile_id = ? AND state IN " +
                     in_list(states.size()) + " ORDER BY id");
  q.bind(pile_id);
  for (const auto& st : states) q.bind(st);
  return all_rows<Order>(q, read_order);
}

std::optional<Order> SqlStore::awaiting_unplug(Id pile_id, int connector_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kOrderCols +
                     " FROM orders WHERE pile_id = ? AND connector_id = ? AND stopped_at IS NOT "
                     "NULL AND unplugged_at IS NULL AND state IN ('finished', 'settled') ORDER BY "
                     "id DESC LIMIT 1");
  q.bind(pile_id, connector_id);
  return first_row<Order>(q, read_order);
}

Page<Order> SqlStore::list_orders(const TenantScope& s, const OrderFilter& f) {
  std::lock_guard lock(mu_);
  Where w;
  w.add("tenant_id = ?", s.tenant_id());
  if (f.station_id) w.add("station_id = ?", *f.station_id);
  if (f.pile_id) w.add("pile_id = ?", *f.pile_id);
  if (f.driver_id) w.add("driver_id = ?", *f.driver_id);
  if (!f.state.empty()) w.add("state = ?", f.state);
  if (f.from) w.add("created_at >= ?", *f.from);
  if (f.to) w.add("created_at < ?", *f.to);
  if (f.unpaid_only) w.add("debt_fen > 0");
  Window win = window(f.page);
  Page<Order> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM orders" + w.sql);
    q.bind_values(w.args);
    if (q.next()) out.total = q.i64();
  }
  Query q(*this, "SELECT " + kOrderCols + " FROM orders" + w.sql +
                     " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
  q.bind_values(w.args).bind(win.limit, win.offset);
  out.items = all_rows<Order>(q, read_order);
  return out;
}

void SqlStore::add_order_event(const OrderEventRecord& e) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO order_events (tenant_id, order_id, at, event, from_state, to_state, "
          "actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(e.tenant_id, e.order_id, now_or(e.at), e.event, e.from_state, e.to_state, e.actor,
         e.detail)
      .run();
}

std::vector<OrderEventRecord> SqlStore::list_order_events(const TenantScope& s, Id order_id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kOrderEventCols +
                     " FROM order_events WHERE tenant_id = ? AND order_id = ? ORDER BY id");
  q.bind(s.tenant_id(), order_id);
  return all_rows<OrderEventRecord>(q, read_order_event);
}

}  // namespace ct::store
