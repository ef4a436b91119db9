// The OCPP 1.6 connector state machine (OCPP 1.6 edition 2, section 4.9, "Status
// transitions"), written as an explicit table. The simulator only moves a connector
// along an allowed edge; a forbidden transition is refused and counted.
#pragma once

#include <span>

#include "protocol/ocpp16/enums.hpp"

namespace ct::sim {

using ConnectorStatus = ocpp16::ChargePointStatus;

struct Transition {
  ConnectorStatus from;
  ConnectorStatus to;
  const char* spec_id;  // the cell of the spec's table, e.g. "A2"
};

// Every allowed (from, to) pair with from != to. Self-transitions are not transitions.
std::span<const Transition> allowed_transitions() noexcept;

// True when `from -> to` is an edge of the table, or when from == to (no change).
bool transition_allowed(ConnectorStatus from, ConnectorStatus to) noexcept;

}  // namespace ct::sim
