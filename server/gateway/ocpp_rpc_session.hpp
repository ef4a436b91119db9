// The OCPP-J conversation with one charger, sans-IO: text frames in, text frames out.
// It answers the charger's CALLs through the ChargePointService, and sends the server's
// CALLs one at a time (at most one outstanding per direction), queueing the rest,
// timing out a CALL the charger never answers. The transport feeds it frames and ticks.
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/core/clock.hpp"
#include "server/core/model.hpp"

namespace ct::core {
class ChargePointService;
}

namespace ct::gateway {

struct RpcConfig {
  core::UtcMillis call_timeout_ms = 30'000;
  std::size_t max_frame_bytes = 64 * 1024;
  std::size_t max_queued_calls = 64;
};

class OcppRpcSession {
 public:
  // core_mutex serialises every call into the service (it is single-threaded).
  OcppRpcSession(std::string charge_point_id, core::ChargePointService& service,
                 const core::Clock& clock, std::mutex& core_mutex, RpcConfig config);

  // One inbound text frame; returns the frames to send, in order.
  std::vector<std::string> on_text(std::string_view text);
  // A server-initiated command to send when the line is free.
  std::vector<std::string> enqueue(const core::Command& command);
  // Time passes: times out an unanswered CALL and sends the next.
  std::vector<std::string> on_tick();
  // The connection ended: every queued or outstanding command fails.
  void on_closed(const std::string& reason);

  const std::string& charge_point_id() const { return charge_point_id_; }
  bool has_outstanding_call() const { return outstanding_.has_value(); }
  std::size_t queued_calls() const { return queue_.size(); }

 private:
  struct Outstanding {
    std::string unique_id;
    core::Id command_id = 0;
    std::string action;
    core::UtcMillis deadline = 0;
  };

  void send_next(std::vector<std::string>& out);
  void count_out(const std::string& action, const char* kind);

  std::string charge_point_id_;
  core::ChargePointService& service_;
  const core::Clock& clock_;
  std::mutex& core_mutex_;
  RpcConfig config_;
  std::optional<Outstanding> outstanding_;
  std::deque<core::Command> queue_;
};

}  // namespace ct::gateway
