// FirmwareStatusNotification and DiagnosticsStatusNotification: the status is set on
// the pile and the message kept verbatim (ChargerMessage) for audit.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "protocol/ocpp16/messages.hpp"
#include "server/core/ocpp/service_context.hpp"

namespace ct::core {

// Keeps a charger-initiated message verbatim; a charger without a pile row is skipped.
void keep_charger_message(const ServiceContext& ctx, const CallContext& call,
                          const std::string& action);

nlohmann::json handle_firmware_status(const ServiceContext& ctx, const CallContext& call,
                                      const ocpp16::FirmwareStatusNotificationRequest& req);
nlohmann::json handle_diagnostics_status(const ServiceContext& ctx, const CallContext& call,
                                         const ocpp16::DiagnosticsStatusNotificationRequest& req);

}  // namespace ct::core
