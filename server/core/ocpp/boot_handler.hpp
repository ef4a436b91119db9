// BootNotification and Heartbeat (OCPP 1.6 Core).
//
// BootNotification:
//  - registered, enabled pile of an enabled tenant -> Accepted, interval = heartbeat
//  - unknown chargePointId -> an unbound pile row is created; Pending (interval =
//    pending retry) or Accepted when auto_accept_unknown
//  - known but unbound -> Pending (Accepted with auto-accept)
//  - disabled pile or disabled tenant -> Rejected (interval = pending retry)
//  The reported vendor/model/firmware is recorded for every known pile.
//  A store failure is answered Pending, never CALLERROR (chargers loop on that).
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/ocpp16/messages.hpp"
#include "server/core/ocpp/service_context.hpp"

namespace ct::core {

store::BootInfo boot_info_of(const ocpp16::BootNotificationRequest& req);

nlohmann::json handle_boot_notification(const ServiceContext& ctx, CallContext& call,
                                        const ocpp16::BootNotificationRequest& req);
// The answer when the store fails: Pending, retry later.
nlohmann::json boot_fallback(const ServiceContext& ctx);

nlohmann::json handle_heartbeat(const ServiceContext& ctx, const CallContext& call,
                                const ocpp16::HeartbeatRequest& req);

}  // namespace ct::core
