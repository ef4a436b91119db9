// Shared context of the charge-point service's handlers: references to the injected
// seams (store, clock, bus) and the configuration. Handlers are free functions over
// this context; none of them owns state.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/bus/bus.hpp"
#include "server/core/clock.hpp"
#include "server/core/model.hpp"
#include "server/store/store.hpp"

namespace ct::core {

struct ChargePointConfig {
  int heartbeat_interval_s = 300;     // BootNotification interval when Accepted
  int pending_retry_interval_s = 60;  // interval when Pending or Rejected
  bool auto_accept_unknown = false;   // accept unbound chargers at boot
};

struct ServiceContext {
  store::Store& store;
  const Clock& clock;
  bus::Bus& bus;
  const ChargePointConfig& cfg;
};

// What a handler knows about the charger behind one inbound CALL.
struct CallContext {
  std::string charge_point_id;
  std::string unique_id;
  std::optional<Pile> pile;  // empty: no row for this chargePointId (yet)
  UtcMillis received_at = 0;
  const nlohmann::json* payload = nullptr;  // the CALL payload as received
};

}  // namespace ct::core
