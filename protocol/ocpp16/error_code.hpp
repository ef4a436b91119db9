// OCPP-J 1.6 RPC framework error codes (OCPP-J 1.6 specification, section 4.2.3).
#pragma once

#include <optional>
#include <string_view>

namespace ct::ocpp16 {

enum class ErrorCode {
  NotImplemented,                // Requested Action is not known by receiver
  NotSupported,                  // Requested Action is recognized but not supported
  InternalError,                 // An internal error occurred
  ProtocolError,                 // Payload for Action is incomplete / not a valid RPC frame
  SecurityError,                 // A security issue occurred
  FormationViolation,            // Syntactically incorrect / not conform the PDU structure
  PropertyConstraintViolation,   // A field contains an invalid value
  OccurenceConstraintViolation,  // A field violates occurrence constraints (spelling as in spec)
  TypeConstraintViolation,       // A field violates data type constraints
  GenericError,                  // Any other error
};

// Returns the exact wire spelling used by OCPP-J 1.6 (e.g. "OccurenceConstraintViolation").
const char* to_string(ErrorCode code) noexcept;

// Parses the wire spelling. Also accepts two spellings seen in the field as aliases:
// "FormatViolation" (OCPP 2.x / errata spelling) -> FormationViolation and
// "OccurrenceConstraintViolation" -> OccurenceConstraintViolation.
std::optional<ErrorCode> error_code_from_string(std::string_view text) noexcept;

}  // namespace ct::ocpp16
