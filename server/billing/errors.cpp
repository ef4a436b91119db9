#include "server/billing/errors.hpp"

namespace ct::billing {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidTariff: return "InvalidTariff";
    case ErrorCode::InvalidSchedule: return "InvalidSchedule";
    case ErrorCode::InvalidSession: return "InvalidSession";
    case ErrorCode::OutOfRange: return "OutOfRange";
    case ErrorCode::SessionTooLong: return "SessionTooLong";
    case ErrorCode::EnergyOutOfRange: return "EnergyOutOfRange";
    case ErrorCode::InvalidBillJson: return "InvalidBillJson";
  }
  return "Unknown";
}

}  // namespace ct::billing
