#include "server/commands/command_issuer.hpp"

#include "server/core/log.hpp"

namespace ct::commands {

core::Command CommandIssuer::issue(const core::Pile& pile, const std::string& action,
                                   const nlohmann::json& payload, const std::string& requested_by) {
  core::Command cmd;
  cmd.tenant_id = pile.tenant_id;
  cmd.pile_id = pile.id;
  cmd.charge_point_id = pile.charge_point_id;
  cmd.action = action;
  cmd.request_json = payload.dump();
  cmd.status = core::CommandStatus::Pending;
  cmd.requested_by = requested_by;
  cmd.created_at = clock_.now();
  cmd = store_.create_command(cmd);
  publish_updated(cmd);
  try {
    sink_.dispatch(cmd);
  } catch (const std::exception& e) {
    log::error(
        "command_dispatch_failed",
        {{"commandId", cmd.id}, {"chargePointId", pile.charge_point_id}, {"error", e.what()}});
    cmd.status = core::CommandStatus::Failed;
    cmd.error = "could not hand the command to the gateway";
    cmd.completed_at = clock_.now();
    store_.update_command(cmd);
    publish_updated(cmd);
    throw;
  }
  return cmd;
}

void CommandIssuer::publish_updated(const core::Command& cmd) {
  ct::events::Event ev;
  ev.set_at_ms(clock_.now());
  ev.set_tenant_id(cmd.tenant_id);
  ev.set_pile_id(cmd.pile_id);
  ev.set_charge_point_id(cmd.charge_point_id);
  auto* body = ev.mutable_command_updated();
  body->set_command_id(cmd.id);
  body->set_action(cmd.action);
  body->set_status(core::to_string(cmd.status));
  bus_.publish(std::move(ev));
}

}  // namespace ct::commands
