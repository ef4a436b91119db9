#include "protocol/ocpp16/error_code.hpp"

#include <array>
#include <utility>

namespace ct::ocpp16 {
namespace {

constexpr std::array<std::pair<ErrorCode, const char*>, 10> kCodes{{
    {ErrorCode::NotImplemented, "NotImplemented"},
    {ErrorCode::NotSupported, "NotSupported"},
    {ErrorCode::InternalError, "InternalError"},
    {ErrorCode::ProtocolError, "ProtocolError"},
    {ErrorCode::SecurityError, "SecurityError"},
    {ErrorCode::FormationViolation, "FormationViolation"},
    {ErrorCode::PropertyConstraintViolation, "PropertyConstraintViolation"},
    {ErrorCode::OccurenceConstraintViolation, "OccurenceConstraintViolation"},
    {ErrorCode::TypeConstraintViolation, "TypeConstraintViolation"},
    {ErrorCode::GenericError, "GenericError"},
}};

}  // namespace

const char* to_string(ErrorCode code) noexcept {
  for (const auto& [c, name] : kCodes) {
    if (c == code) return name;
  }
  return "GenericError";
}

std::optional<ErrorCode> error_code_from_string(std::string_view text) noexcept {
  for (const auto& [c, name] : kCodes) {
    if (text == name) return c;
  }
  if (text == "FormatViolation") return ErrorCode::FormationViolation;
  if (text == "OccurrenceConstraintViolation") return ErrorCode::OccurenceConstraintViolation;
  return std::nullopt;
}

}  // namespace ct::ocpp16
