// Validation of OCPP 1.6J payloads against the official JSON schemas (draft-04), encoded
// by hand in C++ (see codec.cpp). No schema files are read at run time.
//
// ErrorCode per constraint kind:
//   payload (top level) is not a JSON object ........................ FormationViolation
//   additionalProperties:false violated (unknown property) .......... FormationViolation
//   required property missing ....................................... OccurenceConstraintViolation
//   array shorter than minItems ..................................... OccurenceConstraintViolation
//   wrong JSON type (string/number/integer/boolean/object/array,
//     null for any typed field) ..................................... TypeConstraintViolation
//   "integer" given a number with a fraction or exponent (1.5, 2.0,
//     2e0: draft-04 defines integer as a number without fraction or
//     exponent part, so 2.0 is rejected) ............................ TypeConstraintViolation
//   integer outside the int64 range (implementation limit) .......... PropertyConstraintViolation
//   enum value not allowed .......................................... PropertyConstraintViolation
//   string longer than maxLength (counted in Unicode code points) ... PropertyConstraintViolation
//   format "date-time" not RFC 3339 (see datetime.hpp) .............. PropertyConstraintViolation
//   format "uri" not an absolute RFC 3986 URI (scheme ":" followed by
//     URI characters / %HH escapes only) ............................ PropertyConstraintViolation
//   multipleOf 0.1 violated (decided on the shortest decimal
//     representation of the number, so 0.3 is a multiple of 0.1) ... PropertyConstraintViolation
//
// Order: properties are checked in schema order (depth first) before unknown properties are
// reported; the first violation found is returned.
// path: '/'-separated property names and array indices without a leading slash, e.g.
// "meterValue/0/sampledValue/1/unit"; "" denotes the payload itself. '~' and '/' in property
// names are escaped as in RFC 6901 ("~0", "~1").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "protocol/ocpp16/actions.hpp"
#include "protocol/ocpp16/error_code.hpp"

namespace ct::ocpp16 {

struct ValidationError {
  ErrorCode code;
  std::string path;
  std::string message;
};

std::optional<ValidationError> validate_request(Action action, const nlohmann::json& payload);
std::optional<ValidationError> validate_response(Action action, const nlohmann::json& payload);

}  // namespace ct::ocpp16
