#include "server/core/ocpp/command_results.hpp"

#include "protocol/ocpp16/actions.hpp"
#include "protocol/ocpp16/error_code.hpp"
#include "protocol/ocpp16/validation.hpp"
#include "server/core/log.hpp"
#include "server/core/ocpp/events.hpp"

namespace ct::core {
namespace {

bool terminal(CommandStatus s) {
  return s != CommandStatus::Pending && s != CommandStatus::Sent;
}

}  // namespace

CommandStatus command_status_of_response(const nlohmann::json& payload) {
  if (!payload.is_object()) return CommandStatus::Accepted;
  auto it = payload.find("status");
  if (it == payload.end() || !it->is_string()) return CommandStatus::Accepted;
  const auto& s = it->get_ref<const std::string&>();
  if (s == "Accepted" || s == "Unlocked" || s == "Scheduled" || s == "RebootRequired") {
    return CommandStatus::Accepted;
  }
  return CommandStatus::Rejected;
}

std::optional<Command> CommandResults::load(Id command_id) {
  auto found = ctx_.store.get_command_by_id(command_id);
  if (!found) log::warn("command_not_found", {{"commandId", command_id}});
  return found;
}

void CommandResults::save_and_publish(const Command& c) {
  ctx_.store.update_command(c);
  auto ev = make_event(ctx_.clock.now(), c.tenant_id, c.pile_id, c.charge_point_id);
  auto* body = ev.mutable_command_updated();
  body->set_command_id(c.id);
  body->set_action(c.action);
  body->set_status(to_string(c.status));
  ctx_.bus.publish(std::move(ev));
  log::info("command_updated", {{"chargePointId", c.charge_point_id},
                                {"commandId", c.id},
                                {"action", c.action},
                                {"status", to_string(c.status)},
                                {"error", c.error}});
}

bool CommandResults::finish(Command& c, CommandStatus status, std::string response_json,
                            std::string error) {
  if (terminal(c.status)) {
    log::warn("command_late_report", {{"chargePointId", c.charge_point_id},
                                      {"commandId", c.id},
                                      {"status", to_string(c.status)},
                                      {"reported", to_string(status)}});
    return false;
  }
  c.status = status;
  c.response_json = std::move(response_json);
  c.error = std::move(error);
  c.completed_at = ctx_.clock.now();
  save_and_publish(c);
  return true;
}

void CommandResults::sent(Id command_id) {
  auto c = load(command_id);
  if (!c) return;
  if (c->status != CommandStatus::Pending) {
    log::warn("command_late_report",
              {{"commandId", command_id}, {"status", to_string(c->status)}, {"reported", "sent"}});
    return;
  }
  c->status = CommandStatus::Sent;
  c->sent_at = ctx_.clock.now();
  save_and_publish(*c);
}

void CommandResults::result(Id command_id, const nlohmann::json& payload) {
  auto c = load(command_id);
  if (!c) return;
  auto action = ocpp16::action_from_string(c->action);
  if (!action) {
    finish(*c, CommandStatus::Failed, payload.dump(), "unknown action " + c->action);
    return;
  }
  if (auto invalid = ocpp16::validate_response(*action, payload)) {
    std::string why = "invalid response";
    if (!invalid->path.empty()) why += " at " + invalid->path;
    why += ": " + invalid->message;
    finish(*c, CommandStatus::Failed, payload.dump(), std::move(why));
    return;
  }
  const CommandStatus status = command_status_of_response(payload);
  std::string why;
  if (status == CommandStatus::Rejected) why = "charger answered " + payload.value("status", "");
  finish(*c, status, payload.dump(), std::move(why));
}

void CommandResults::error(Id command_id, const ocpp16::CallError& err) {
  auto c = load(command_id);
  if (!c) return;
  const std::string code = ocpp16::to_string(err.code);
  nlohmann::json response = {
      {"errorCode", code},
      {"errorDescription", err.description},
      {"errorDetails", err.details.is_null() ? nlohmann::json::object() : err.details}};
  std::string why = "CALLERROR " + code;
  if (!err.description.empty()) why += ": " + err.description;
  finish(*c, CommandStatus::Failed, response.dump(), std::move(why));
}

void CommandResults::outcome(Id command_id, bool accepted, const std::string& reason,
                             const nlohmann::json& details) {
  auto c = load(command_id);
  if (!c) return;
  nlohmann::json response = details.is_object() ? details : nlohmann::json::object();
  response["status"] = accepted ? "Accepted" : "Rejected";
  if (!reason.empty()) response["reason"] = reason;
  finish(*c, accepted ? CommandStatus::Accepted : CommandStatus::Rejected, response.dump(),
         accepted ? std::string() : "charger answered " + (reason.empty() ? "failure" : reason));
}

void CommandResults::timeout(Id command_id) {
  auto c = load(command_id);
  if (!c) return;
  finish(*c, CommandStatus::TimedOut, c->response_json, "no answer from the charger in time");
}

void CommandResults::failed(Id command_id, const std::string& why) {
  auto c = load(command_id);
  if (!c) return;
  finish(*c, CommandStatus::Failed, c->response_json, why);
}

}  // namespace ct::core
