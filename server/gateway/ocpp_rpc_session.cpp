#include "server/gateway/ocpp_rpc_session.hpp"

#include <nlohmann/json.hpp>

#include "protocol/ocpp16/actions.hpp"
#include "protocol/ocpp16/rpc.hpp"
#include "server/core/log.hpp"
#include "server/core/metrics.hpp"
#include "server/core/ocpp/charge_point_service.hpp"

namespace ct::gateway {
namespace {

using ocpp16::ErrorCode;

// A frame too large to parse still deserves an answer to its id: read just the
// message type and unique id from the start of the text.
std::string sniff_unique_id(std::string_view text) {
  auto open = text.find('[');
  if (open == std::string_view::npos) return {};
  auto q1 = text.find('"', open);
  if (q1 == std::string_view::npos || q1 > 64) return {};
  auto q2 = text.find('"', q1 + 1);
  if (q2 == std::string_view::npos || q2 - q1 - 1 > 36) return {};
  return std::string(text.substr(q1 + 1, q2 - q1 - 1));
}

void count_error(ErrorCode code) {
  metrics::registry().inc("chargetwin_ocpp_callerrors_sent_total",
                          {{"code", ocpp16::to_string(code)}});
}

}  // namespace

OcppRpcSession::OcppRpcSession(std::string charge_point_id, core::ChargePointService& service,
                               const core::Clock& clock, std::mutex& core_mutex, RpcConfig config)
    : charge_point_id_(std::move(charge_point_id)),
      service_(service),
      clock_(clock),
      core_mutex_(core_mutex),
      config_(config) {}

void OcppRpcSession::count_out(const std::string& action, const char* kind) {
  metrics::registry().inc("chargetwin_ocpp_messages_out_total",
                          {{"action", action}, {"kind", kind}});
}

std::vector<std::string> OcppRpcSession::on_text(std::string_view text) {
  std::vector<std::string> out;
  if (text.size() > config_.max_frame_bytes) {
    auto id = sniff_unique_id(text);
    log::warn("ocpp_frame_too_large", {{"chargePointId", charge_point_id_},
                                       {"bytes", text.size()},
                                       {"limit", config_.max_frame_bytes}});
    metrics::registry().inc("chargetwin_ocpp_messages_in_total",
                            {{"action", "oversize"}, {"kind", "invalid"}});
    count_error(ErrorCode::FormationViolation);
    out.push_back(ocpp16::serialize(ocpp16::CallError{
        id.empty() ? "-1" : id, ErrorCode::FormationViolation,
        "frame of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
            std::to_string(config_.max_frame_bytes) + " bytes",
        nlohmann::json::object()}));
    return out;
  }

  auto parsed = ocpp16::parse_frame(text);
  if (auto* err = std::get_if<ocpp16::FrameError>(&parsed)) {
    metrics::registry().inc("chargetwin_ocpp_messages_in_total",
                            {{"action", "unparsable"}, {"kind", "invalid"}});
    log::warn("ocpp_frame_invalid", {{"chargePointId", charge_point_id_},
                                     {"code", ocpp16::to_string(err->code)},
                                     {"description", err->description}});
    count_error(err->code);
    out.push_back(ocpp16::serialize(
        ocpp16::CallError{err->unique_id.empty() ? "-1" : err->unique_id, err->code,
                          err->description, nlohmann::json::object()}));
    return out;
  }
  auto& frame = std::get<ocpp16::Frame>(parsed);

  if (auto* call = std::get_if<ocpp16::Call>(&frame)) {
    metrics::registry().inc(
        "chargetwin_ocpp_messages_in_total",
        {{"action",
          ocpp16::action_from_string(call->action) ? call->action : std::string("unknown")},
         {"kind", "call"}});
    std::variant<nlohmann::json, ocpp16::CallError> answer;
    {
      std::lock_guard lock(core_mutex_);
      answer = service_.handle_call(charge_point_id_, *call);
    }
    if (auto* result = std::get_if<nlohmann::json>(&answer)) {
      count_out(call->action, "result");
      out.push_back(ocpp16::serialize(ocpp16::CallResult{call->unique_id, std::move(*result)}));
    } else {
      auto& e = std::get<ocpp16::CallError>(answer);
      e.unique_id = call->unique_id;
      count_error(e.code);
      out.push_back(ocpp16::serialize(e));
    }
    return out;
  }

  // A CALLRESULT or CALLERROR must answer our outstanding CALL; anything else is stale.
  const std::string& id = std::holds_alternative<ocpp16::CallResult>(frame)
                              ? std::get<ocpp16::CallResult>(frame).unique_id
                              : std::get<ocpp16::CallError>(frame).unique_id;
  if (!outstanding_ || outstanding_->unique_id != id) {
    metrics::registry().inc("chargetwin_ocpp_messages_in_total",
                            {{"action", "unexpected"}, {"kind", "response"}});
    log::warn("ocpp_unexpected_response", {{"chargePointId", charge_point_id_}, {"uniqueId", id}});
    return out;
  }
  auto done = *outstanding_;
  outstanding_.reset();
  {
    std::lock_guard lock(core_mutex_);
    if (auto* result = std::get_if<ocpp16::CallResult>(&frame)) {
      metrics::registry().inc("chargetwin_ocpp_messages_in_total",
                              {{"action", done.action}, {"kind", "result"}});
      service_.on_command_result(done.command_id, result->payload);
    } else {
      metrics::registry().inc("chargetwin_ocpp_messages_in_total",
                              {{"action", done.action}, {"kind", "error"}});
      service_.on_command_error(done.command_id, std::get<ocpp16::CallError>(frame));
    }
  }
  send_next(out);
  return out;
}

std::vector<std::string> OcppRpcSession::enqueue(const core::Command& command) {
  std::vector<std::string> out;
  if (queue_.size() >= config_.max_queued_calls) {
    std::lock_guard lock(core_mutex_);
    service_.on_command_failed(command.id, "too many commands queued for this charger");
    return out;
  }
  queue_.push_back(command);
  send_next(out);
  return out;
}

std::vector<std::string> OcppRpcSession::on_tick() {
  std::vector<std::string> out;
  if (outstanding_ && clock_.now() >= outstanding_->deadline) {
    log::warn("ocpp_call_timeout", {{"chargePointId", charge_point_id_},
                                    {"action", outstanding_->action},
                                    {"commandId", outstanding_->command_id}});
    {
      std::lock_guard lock(core_mutex_);
      service_.on_command_timeout(outstanding_->command_id);
    }
    outstanding_.reset();
  }
  send_next(out);
  return out;
}

void OcppRpcSession::on_closed(const std::string& reason) {
  std::lock_guard lock(core_mutex_);
  if (outstanding_) {
    service_.on_command_failed(outstanding_->command_id, "connection closed: " + reason);
    outstanding_.reset();
  }
  for (const auto& c : queue_) service_.on_command_failed(c.id, "connection closed: " + reason);
  queue_.clear();
}

void OcppRpcSession::send_next(std::vector<std::string>& out) {
  if (outstanding_ || queue_.empty()) return;
  auto command = std::move(queue_.front());
  queue_.pop_front();
  nlohmann::json payload = nlohmann::json::parse(command.request_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) {
    std::lock_guard lock(core_mutex_);
    service_.on_command_failed(command.id, "stored request is not a JSON object");
    send_next(out);
    return;
  }
  // The command id is unique across the platform, so it is a unique id on the wire too.
  Outstanding o{"cmd-" + std::to_string(command.id), command.id, command.action,
                clock_.now() + config_.call_timeout_ms};
  out.push_back(ocpp16::serialize(ocpp16::Call{o.unique_id, command.action, std::move(payload)}));
  count_out(command.action, "call");
  outstanding_ = std::move(o);
  std::lock_guard lock(core_mutex_);
  service_.on_command_sent(command.id);
}

}  // namespace ct::gateway
