// StatusNotification (OCPP 1.6 Core): connector 0 is the charger itself. Every
// notification is kept as history (Store::apply_status) and published as
// StatusChanged. A charger with no pile row is answered and logged; nothing is stored.
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/ocpp16/messages.hpp"
#include "server/core/ocpp/service_context.hpp"

namespace ct::core {

nlohmann::json handle_status_notification(const ServiceContext& ctx, const CallContext& call,
                                          const ocpp16::StatusNotificationRequest& req);

}  // namespace ct::core
