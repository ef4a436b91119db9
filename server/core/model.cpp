#include "server/core/model.hpp"

namespace ct::core {

const char* to_string(CommandStatus s) {
  switch (s) {
    case CommandStatus::Pending: return "pending";
    case CommandStatus::Sent: return "sent";
    case CommandStatus::Accepted: return "accepted";
    case CommandStatus::Rejected: return "rejected";
    case CommandStatus::TimedOut: return "timed_out";
    case CommandStatus::Failed: return "failed";
  }
  return "failed";
}

std::optional<CommandStatus> command_status_from_string(const std::string& s) {
  for (auto c : {CommandStatus::Pending, CommandStatus::Sent, CommandStatus::Accepted,
                 CommandStatus::Rejected, CommandStatus::TimedOut, CommandStatus::Failed}) {
    if (s == to_string(c)) return c;
  }
  return std::nullopt;
}

const char* to_string(CurrentType t) {
  return t == CurrentType::DC ? "DC" : "AC";
}

std::optional<CurrentType> current_type_from_string(const std::string& s) {
  if (s == "AC") return CurrentType::AC;
  if (s == "DC") return CurrentType::DC;
  return std::nullopt;
}

}  // namespace ct::core
