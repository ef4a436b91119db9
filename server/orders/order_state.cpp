#include "server/orders/order_state.hpp"

namespace ct::orders {

namespace {
using S = OrderState;
using E = OrderEvent;

// Why some rows exist:
//  * StartFailed -> Charging: a charger that answered late (or started after the timeout)
//    did charge; the energy must be billed, not lost.
//  * Abnormal -> Charging: a charger that reconnects and goes on with the transaction
//    (offline queue delivered) was only briefly away.
//  * Abnormal -> Finished twice: the late StopTransaction, or an operator's manual close.
//  * Stopping -> Charging: the charger refused the remote stop, so it still charges.
constexpr std::array<OrderTransition, 18> kTable = {{
    {S::Created, E::RemoteStartSent, S::Starting},
    {S::Created, E::ChargerStarted, S::Charging},
    {S::Created, E::StartRefused, S::StartFailed},
    {S::Starting, E::ChargerStarted, S::Charging},
    {S::Starting, E::StartRefused, S::StartFailed},
    {S::Starting, E::StartTimedOut, S::StartFailed},
    {S::StartFailed, E::ChargerStarted, S::Charging},
    {S::Charging, E::StopRequested, S::Stopping},
    {S::Charging, E::ChargerStopped, S::Finished},
    {S::Charging, E::ChargerLost, S::Abnormal},
    {S::Stopping, E::StopRefused, S::Charging},
    {S::Stopping, E::ChargerStopped, S::Finished},
    {S::Stopping, E::ChargerLost, S::Abnormal},
    {S::Abnormal, E::ChargerResumed, S::Charging},
    {S::Abnormal, E::ChargerStopped, S::Finished},
    {S::Abnormal, E::OperatorClosed, S::Finished},
    {S::Finished, E::Settle, S::Settled},
    {S::Settled, E::Refund, S::Refunded},
}};
}  // namespace

const std::array<OrderTransition, 18>& order_transitions() {
  return kTable;
}

std::optional<OrderState> next_state(OrderState from, OrderEvent event) {
  for (const auto& t : kTable) {
    if (t.from == from && t.event == event) return t.to;
  }
  return std::nullopt;
}

bool holds_connector(OrderState s) {
  return s == S::Created || s == S::Starting || s == S::Charging || s == S::Stopping;
}

bool is_closed(OrderState s) {
  return s == S::Settled || s == S::Refunded || s == S::StartFailed;
}

const char* to_string(OrderState s) {
  switch (s) {
    case S::Created: return "created";
    case S::Starting: return "starting";
    case S::Charging: return "charging";
    case S::Stopping: return "stopping";
    case S::Finished: return "finished";
    case S::Settled: return "settled";
    case S::StartFailed: return "start_failed";
    case S::Abnormal: return "abnormal";
    case S::Refunded: return "refunded";
  }
  return "unknown";
}

const char* to_string(OrderEvent e) {
  switch (e) {
    case E::RemoteStartSent: return "remote_start_sent";
    case E::ChargerStarted: return "charger_started";
    case E::StartRefused: return "start_refused";
    case E::StartTimedOut: return "start_timed_out";
    case E::StopRequested: return "stop_requested";
    case E::StopRefused: return "stop_refused";
    case E::ChargerStopped: return "charger_stopped";
    case E::ChargerLost: return "charger_lost";
    case E::ChargerResumed: return "charger_resumed";
    case E::OperatorClosed: return "operator_closed";
    case E::Settle: return "settle";
    case E::Refund: return "refund";
  }
  return "unknown";
}

std::optional<OrderState> order_state_from_string(std::string_view s) {
  for (auto st : kOrderStates) {
    if (s == to_string(st)) return st;
  }
  return std::nullopt;
}

}  // namespace ct::orders
