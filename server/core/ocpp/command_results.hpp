// Bookkeeping of server-initiated commands: the gateway sends the CALL and reports
// what happened; this updates the stored Command and publishes CommandUpdated.
//
// Transitions: pending -> sent -> accepted | rejected | timed_out | failed (a result
// may also arrive for a command still marked pending). Terminal states are final: a
// late or repeated report is logged and changes nothing.
//
// CALLRESULT mapping (after validate_response; an invalid payload -> failed):
//   status Accepted, Unlocked, Scheduled, RebootRequired           -> accepted
//   any other status (Rejected, UnlockFailed, NotSupported,
//   NotImplemented, UnknownVendorId, UnknownMessageId, Failed,
//   VersionMismatch, Faulted, Occupied, Unavailable, Unknown ...)  -> rejected
//   no status field (GetConfiguration, GetLocalListVersion ...)    -> accepted
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "protocol/ocpp16/rpc.hpp"
#include "server/core/ocpp/service_context.hpp"

namespace ct::core {

CommandStatus command_status_of_response(const nlohmann::json& payload);

class CommandResults {
 public:
  explicit CommandResults(const ServiceContext& ctx) : ctx_(ctx) {}

  void sent(Id command_id);
  void result(Id command_id, const nlohmann::json& payload);
  void error(Id command_id, const ocpp16::CallError& err);
  void timeout(Id command_id);
  void failed(Id command_id, const std::string& why);
  // An answer in another protocol's terms (YKC): accepted or rejected, with the charger's
  // own reason and the answer's other fields (`details`, an object); no OCPP response to
  // validate.
  void outcome(Id command_id, bool accepted, const std::string& reason,
               const nlohmann::json& details);

 private:
  std::optional<Command> load(Id command_id);
  // Moves a command to a terminal state; false (and logged) if it already was.
  bool finish(Command& c, CommandStatus status, std::string response_json, std::string error);
  void save_and_publish(const Command& c);

  const ServiceContext& ctx_;
};

}  // namespace ct::core
