// Builders for the domain events the charge-point service publishes. Every event
// carries tenant_id, pile_id, charge_point_id and at_ms (the injected clock's now).
#pragma once

#include <string>

#include "server/bus/events.pb.h"
#include "server/core/ocpp/service_context.hpp"

namespace ct::core {

ct::events::Event make_event(UtcMillis at, Id tenant_id, Id pile_id,
                             const std::string& charge_point_id);
ct::events::Event make_event(UtcMillis at, const Pile& pile);
// From a CallContext: the pile's ids when known, otherwise tenant 0 / pile 0.
ct::events::Event make_event(UtcMillis at, const CallContext& call);

}  // namespace ct::core
