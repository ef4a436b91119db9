// Errors of ct::billing are values: every function that can refuse its input returns
// Result<T>, never throws on bad data.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace ct::billing {

// One problem with one input field. `field` is the camelCase path the tariff API uses,
// e.g. "prices.sharp.electricityPriceE5", "slots[12]", "idleFee.capE4".
struct FieldError {
  std::string field;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

enum class ErrorCode {
  InvalidTariff,     // the tariff version fails validate(); Error::fields lists why
  InvalidSchedule,   // two tariff versions take effect at the same instant
  InvalidSession,    // stop before start, or a start/stop register outside 0..kMaxRegisterWh
  OutOfRange,        // an instant or date outside the supported range (money.hpp)
  SessionTooLong,    // stop - start above kMaxSessionMillis
  EnergyOutOfRange,  // the order's energy, or one interval's, above kMaxOrderEnergyWh
  InvalidBillJson,   // bill_from_json: a field is missing, mistyped or out of range
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::InvalidSession;
  std::string message;
  std::vector<FieldError> fields;
  bool operator==(const Error&) const = default;
};

template <class T>
using Result = std::variant<T, Error>;

}  // namespace ct::billing
