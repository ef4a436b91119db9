#include "server/core/ocpp/boot_handler.hpp"

#include "server/core/log.hpp"
#include "server/core/ocpp/events.hpp"

namespace ct::core {
namespace {

nlohmann::json boot_answer(const ServiceContext& ctx, ocpp16::RegistrationStatus status) {
  ocpp16::BootNotificationResponse resp;
  resp.status = status;
  resp.current_time = ocpp16::DateTime{ctx.clock.now()};
  resp.interval = status == ocpp16::RegistrationStatus::Accepted ? ctx.cfg.heartbeat_interval_s
                                                                 : ctx.cfg.pending_retry_interval_s;
  return ocpp16::encode(resp);
}

}  // namespace

store::BootInfo boot_info_of(const ocpp16::BootNotificationRequest& req) {
  store::BootInfo info;
  info.vendor = req.charge_point_vendor;
  info.model = req.charge_point_model;
  // chargeBoxSerialNumber is the deprecated spelling of the same field.
  info.serial_number =
      req.charge_point_serial_number.value_or(req.charge_box_serial_number.value_or(""));
  info.firmware_version = req.firmware_version.value_or("");
  info.iccid = req.iccid.value_or("");
  info.imsi = req.imsi.value_or("");
  info.meter_type = req.meter_type.value_or("");
  info.meter_serial_number = req.meter_serial_number.value_or("");
  return info;
}

nlohmann::json boot_fallback(const ServiceContext& ctx) {
  return boot_answer(ctx, ocpp16::RegistrationStatus::Pending);
}

nlohmann::json handle_boot_notification(const ServiceContext& ctx, CallContext& call,
                                        const ocpp16::BootNotificationRequest& req) {
  const UtcMillis now = ctx.clock.now();
  const auto info = boot_info_of(req);
  bool created = false;

  if (!call.pile) {
    try {
      call.pile = ctx.store.create_unbound_pile(call.charge_point_id, info, now);
      // The charger is talking to us over a live connection: it is online.
      ctx.store.set_online(call.pile->id, true);
      call.pile->online = true;
      created = true;
    } catch (const store::ConflictError&) {
      // A concurrent first boot of the same charger created the row: use it.
      call.pile = ctx.store.find_pile_by_charge_point_id(call.charge_point_id);
      if (!call.pile) throw;
    }
  }
  Pile& pile = *call.pile;
  if (!created) ctx.store.record_boot(pile.id, info, now);

  ocpp16::RegistrationStatus status = ocpp16::RegistrationStatus::Accepted;
  std::string why;
  if (!pile.bound || pile.tenant_id == 0) {
    status = ctx.cfg.auto_accept_unknown ? ocpp16::RegistrationStatus::Accepted
                                         : ocpp16::RegistrationStatus::Pending;
    why = created ? "unknown charger recorded as unbound" : "unbound";
  } else if (!pile.enabled) {
    status = ocpp16::RegistrationStatus::Rejected;
    why = "pile disabled";
  } else {
    auto tenant = ctx.store.get_tenant(pile.tenant_id);
    if (!tenant || !tenant->enabled) {
      status = ocpp16::RegistrationStatus::Rejected;
      why = "tenant disabled";
    }
  }

  auto ev = make_event(now, pile);
  auto* body = ev.mutable_boot_notified();
  body->set_registration_status(ocpp16::to_string(status));
  body->set_vendor(info.vendor);
  body->set_model(info.model);
  body->set_firmware_version(info.firmware_version);
  body->set_unbound(!pile.bound || pile.tenant_id == 0);
  ctx.bus.publish(std::move(ev));

  log::info("boot", {{"chargePointId", call.charge_point_id},
                     {"pileId", pile.id},
                     {"status", ocpp16::to_string(status)},
                     {"reason", why},
                     {"vendor", info.vendor},
                     {"model", info.model},
                     {"firmware", info.firmware_version}});
  return boot_answer(ctx, status);
}

nlohmann::json handle_heartbeat(const ServiceContext& ctx, const CallContext&,
                                const ocpp16::HeartbeatRequest&) {
  ocpp16::HeartbeatResponse resp;
  resp.current_time = ocpp16::DateTime{ctx.clock.now()};
  return ocpp16::encode(resp);
}

}  // namespace ct::core
