#include "server/core/ocpp/notification_handler.hpp"

#include "server/core/log.hpp"

namespace ct::core {

void keep_charger_message(const ServiceContext& ctx, const CallContext& call,
                          const std::string& action) {
  if (!call.pile) return;
  ChargerMessage m;
  m.tenant_id = call.pile->tenant_id;
  m.pile_id = call.pile->id;
  m.action = action;
  m.payload_json = call.payload ? call.payload->dump() : "{}";
  m.received_at = ctx.clock.now();
  ctx.store.insert_charger_message(m);
}

nlohmann::json handle_firmware_status(const ServiceContext& ctx, const CallContext& call,
                                      const ocpp16::FirmwareStatusNotificationRequest& req) {
  const std::string status = ocpp16::to_string(req.status);
  if (call.pile) {
    ctx.store.set_firmware_status(call.pile->id, status);
    keep_charger_message(ctx, call, "FirmwareStatusNotification");
  }
  log::info("firmware_status", {{"chargePointId", call.charge_point_id}, {"status", status}});
  return ocpp16::encode(ocpp16::FirmwareStatusNotificationResponse{});
}

nlohmann::json handle_diagnostics_status(const ServiceContext& ctx, const CallContext& call,
                                         const ocpp16::DiagnosticsStatusNotificationRequest& req) {
  const std::string status = ocpp16::to_string(req.status);
  if (call.pile) {
    ctx.store.set_diagnostics_status(call.pile->id, status);
    keep_charger_message(ctx, call, "DiagnosticsStatusNotification");
  }
  log::info("diagnostics_status", {{"chargePointId", call.charge_point_id}, {"status", status}});
  return ocpp16::encode(ocpp16::DiagnosticsStatusNotificationResponse{});
}

}  // namespace ct::core
