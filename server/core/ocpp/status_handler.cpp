#include "server/core/ocpp/status_handler.hpp"

#include "server/core/log.hpp"
#include "server/core/ocpp/call_rejection.hpp"
#include "server/core/ocpp/events.hpp"

namespace ct::core {

nlohmann::json handle_status_notification(const ServiceContext& ctx, const CallContext& call,
                                          const ocpp16::StatusNotificationRequest& req) {
  const int connector_id = checked_connector_id(req.connector_id, 0);
  const std::string status = ocpp16::to_string(req.status);
  const std::string error_code = ocpp16::to_string(req.error_code);
  nlohmann::json fields = {{"chargePointId", call.charge_point_id},
                           {"connectorId", connector_id},
                           {"status", status},
                           {"errorCode", error_code}};
  if (!call.pile) {
    log::warn("status_from_unknown_charger", std::move(fields));
    return ocpp16::encode(ocpp16::StatusNotificationResponse{});
  }
  const Pile& pile = *call.pile;
  const UtcMillis now = ctx.clock.now();

  StatusEvent ev;
  ev.tenant_id = pile.tenant_id;
  ev.pile_id = pile.id;
  ev.connector_id = connector_id;
  ev.status = status;
  ev.error_code = error_code;
  ev.info = req.info.value_or("");
  ev.vendor_id = req.vendor_id.value_or("");
  ev.vendor_error_code = req.vendor_error_code.value_or("");
  if (req.timestamp) ev.timestamp = req.timestamp->epoch_ms;
  ev.received_at = now;
  ctx.store.apply_status(ev);

  auto out = make_event(now, pile);
  auto* body = out.mutable_status_changed();
  body->set_connector_id(connector_id);
  body->set_status(status);
  body->set_error_code(error_code);
  body->set_info(ev.info);
  body->set_vendor_error_code(ev.vendor_error_code);
  ctx.bus.publish(std::move(out));

  fields["pileId"] = pile.id;
  log::info("status", std::move(fields));
  return ocpp16::encode(ocpp16::StatusNotificationResponse{});
}

}  // namespace ct::core
