// A handler's way to refuse a CALL that passed the schema but is still malformed (e.g. a
// negative connectorId): the dispatcher turns it into a CALLERROR with this code.
// Only for malformed input, never for business or database outcomes.
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "protocol/ocpp16/error_code.hpp"

namespace ct::core {

class CallRejected : public std::runtime_error {
 public:
  CallRejected(ocpp16::ErrorCode code, const std::string& description)
      : std::runtime_error(description), code_(code) {}
  ocpp16::ErrorCode code() const { return code_; }

 private:
  ocpp16::ErrorCode code_;
};

// connectorId as an int: min 0 (the charger itself) or 1 (a real connector).
inline int checked_connector_id(std::int64_t id, int min) {
  if (id < min || id > std::numeric_limits<int>::max()) {
    throw CallRejected(ocpp16::ErrorCode::PropertyConstraintViolation,
                       "connectorId: " + std::to_string(id) + " is out of range (min " +
                           std::to_string(min) + ")");
  }
  return static_cast<int>(id);
}

}  // namespace ct::core
