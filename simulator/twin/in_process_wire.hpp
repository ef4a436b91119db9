// The charger's end of an in-process link (OCPP and YKC alike): what is on its way to the
// charger, in order and with its delivery time, and whether the link is up. Shared by the
// transport and the server's ChargerLink, which outlive each other in either order.
#pragma once

#include <deque>

#include "simulator/charger_transport.hpp"

namespace ct::sim::wire {

struct Pending {
  Millis deliver_at = 0;
  LinkEvent event;
};

struct Wire {
  std::deque<Pending> inbox;  // towards the charger, in order
  bool up = false;
  Millis now = 0;  // last time the charger's side touched the wire
};

}  // namespace ct::sim::wire
