// An order: one driver's charging transaction as the operator and the driver see it, with
// its money. Units: energy Wh, amounts 1e-4 yuan (_e4), wallet money fen (_fen), time UTC
// epoch milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/core/model.hpp"
#include "server/orders/order_state.hpp"

namespace ct::orders {

using core::Id;
using core::UtcMillis;

enum class StartMethod { App, Card };
const char* to_string(StartMethod m);
std::optional<StartMethod> start_method_from_string(const std::string& s);

struct Order {
  Id id = 0;
  Id tenant_id = 0;
  std::string order_no;         // shown to people: "CT" + UTC date + "-" + id
  std::optional<Id> driver_id;  // empty: a card of no app driver (billed, paid outside)
  std::optional<Id> station_id;
  Id pile_id = 0;
  std::string charge_point_id;
  int connector_id = 0;
  std::string id_tag;
  StartMethod start_method = StartMethod::App;
  OrderState state = OrderState::Created;
  std::optional<std::int64_t> transaction_id;  // the charger's (OCPP transactionId)
  std::optional<Id> tariff_id;
  std::optional<Id> tariff_version_id;  // the version in force when the order started
  std::optional<Id> start_command_id;
  std::optional<Id> stop_command_id;

  std::optional<std::int64_t> meter_start_wh;
  std::optional<std::int64_t> meter_stop_wh;
  std::int64_t energy_wh = 0;    // so far while charging, final once finished
  std::int64_t amount_e4 = 0;    // the bill's total (energy + service + idle)
  std::int64_t idle_fee_e4 = 0;  // included in amount_e4
  std::int64_t payable_fen = 0;  // amount_e4 settled to the fen

  // Wallet side (fen): what is on hold for this order while it charges, what was charged
  // to the wallet (split as it was taken, so that a refund gives back the same), and what
  // the wallet could not cover.
  std::int64_t hold_cash_fen = 0;
  std::int64_t hold_gift_fen = 0;
  std::int64_t charged_cash_fen = 0;
  std::int64_t charged_gift_fen = 0;
  std::int64_t debt_fen = 0;

  std::string bill_json;          // the stored breakdown (billing::bill_to_json), "" until known
  std::string charger_bill_json;  // what the charger itself billed (YKC 0x3B), "" if nothing
  // Its total in 1e-4 yuan (in memory only: the stored record above has it).
  std::optional<std::int64_t> charger_amount_e4;
  std::string flags;           // comma-separated: meter_reset, no_tariff, bill_mismatch, ...
  std::string stop_reason;     // OCPP Reason, or App/Operator/BalanceExhausted/...
  std::string failure_reason;  // start_failed/abnormal: why, for people

  UtcMillis created_at = 0;
  std::optional<UtcMillis> start_deadline_at;  // starting: start_failed after this
  std::optional<UtcMillis> started_at;         // the charger's StartTransaction timestamp
  std::optional<UtcMillis> charging_ended_at;  // energy stopped flowing (idle from here)
  std::optional<UtcMillis> stopped_at;         // the charger's StopTransaction timestamp
  std::optional<UtcMillis> unplugged_at;       // the connector was free again
  std::optional<UtcMillis> settled_at;
  UtcMillis updated_at = 0;

  bool has_flag(const std::string& flag) const;
  void add_flag(const std::string& flag);
  std::int64_t unpaid_fen() const { return debt_fen; }
};

// One line of an order's audit trail: every state change, and every operator action.
struct OrderEventRecord {
  Id id = 0;
  Id tenant_id = 0;
  Id order_id = 0;
  UtcMillis at = 0;
  std::string event;  // order_state.hpp's event names, or "idle_fee", "debt_paid", ...
  std::string from_state;
  std::string to_state;
  std::string actor;  // "charger", "driver:7", "operator:<token label>", "system"
  std::string detail;
};

}  // namespace ct::orders
