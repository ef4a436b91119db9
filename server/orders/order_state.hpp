// The order lifecycle as one explicit transition table (docs/billing.md, "Order state
// machine"). An order wraps one charging transaction:
//
//   created -> starting -> charging -> stopping -> finished -> settled -> refunded
//
// with the failure exits start_failed (the charger refused the remote start or never
// confirmed it) and abnormal (the charger was lost while charging). Everything that
// changes an order's state goes through next_state(); a pair missing from the table is
// refused, so a late or repeated charger message can never move an order backwards.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace ct::orders {

enum class OrderState {
  Created,      // a driver scanned and asked to start; nothing sent to the charger yet
  Starting,     // RemoteStartTransaction sent, waiting for the charger's StartTransaction
  Charging,     // the charger started the transaction
  Stopping,     // a stop was asked for (driver, balance, operator), waiting for the charger
  Finished,     // StopTransaction received (or closed by an operator): the bill is final
  Settled,      // the bill was charged to the wallet (fully, or the rest left as debt)
  StartFailed,  // refused by the charger, or not confirmed in time
  Abnormal,     // the charger went away while charging; waits for its late stop
  Refunded,     // the charged amount was given back to the wallet
};

enum class OrderEvent {
  RemoteStartSent,  // the command service accepted the RemoteStartTransaction
  ChargerStarted,   // the charger's StartTransaction names this order
  StartRefused,     // RemoteStart answered Rejected, CALLERROR, or the charger is gone
  StartTimedOut,    // no StartTransaction within the start timeout
  StopRequested,    // driver, operator or balance asked for a stop
  StopRefused,      // the charger refused RemoteStopTransaction: still charging
  ChargerStopped,   // the charger's StopTransaction
  ChargerLost,      // the charger disconnected with the transaction open
  ChargerResumed,   // the charger is back and reports the transaction again
  OperatorClosed,   // an operator closed an abnormal order by hand (audited)
  Settle,           // the bill was charged to the wallet
  Refund,           // an operator refunded a settled order
};

inline constexpr std::array kOrderStates = {
    OrderState::Created,     OrderState::Starting, OrderState::Charging,
    OrderState::Stopping,    OrderState::Finished, OrderState::Settled,
    OrderState::StartFailed, OrderState::Abnormal, OrderState::Refunded,
};
inline constexpr std::array kOrderEvents = {
    OrderEvent::RemoteStartSent, OrderEvent::ChargerStarted, OrderEvent::StartRefused,
    OrderEvent::StartTimedOut,   OrderEvent::StopRequested,  OrderEvent::StopRefused,
    OrderEvent::ChargerStopped,  OrderEvent::ChargerLost,    OrderEvent::ChargerResumed,
    OrderEvent::OperatorClosed,  OrderEvent::Settle,         OrderEvent::Refund,
};

struct OrderTransition {
  OrderState from;
  OrderEvent event;
  OrderState to;
};

// The whole table, for documentation and exhaustive tests.
const std::array<OrderTransition, 18>& order_transitions();

// The state after `event`, or nullopt when the table has no such transition.
std::optional<OrderState> next_state(OrderState from, OrderEvent event);

// An order that still holds its connector (at most one per connector). An abnormal order
// does not: its charger is gone, and when it comes back its connector status tells
// whether the bay is free.
bool holds_connector(OrderState s);
// Settled, refunded or start_failed: the order is over for the driver (a settled order
// may still be refunded; a start_failed one revives if its charger starts after all).
bool is_closed(OrderState s);

const char* to_string(OrderState s);
const char* to_string(OrderEvent e);
std::optional<OrderState> order_state_from_string(std::string_view s);

}  // namespace ct::orders
