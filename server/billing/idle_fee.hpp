// The idle (occupancy) fee: the vehicle keeps the bay after charging has ended.
//
// idle = unplugged_at - charging_ended_at (0 when either is unknown or the vehicle left
// first). The first grace_minutes of it are free; after that every STARTED minute is
// charged: minutes = ceil((idle - grace) / 60 s). fee = minutes * price_per_minute_e4,
// limited to cap_e4 when cap_e4 > 0. Exact integers, no rounding beyond the minute.
#pragma once

#include <cstdint>
#include <optional>

#include "server/billing/errors.hpp"
#include "server/billing/tariff.hpp"
#include "server/core/model.hpp"

namespace ct::billing {

struct IdleTime {
  std::optional<core::UtcMillis> charging_ended_at;
  std::optional<core::UtcMillis> unplugged_at;  // for a fee so far, pass "now"
};

// The idle fee as it appears on a bill: the times and the rule it was computed from.
struct IdleLine {
  std::optional<core::UtcMillis> charging_ended_at;
  std::optional<core::UtcMillis> unplugged_at;
  std::int64_t grace_minutes = 0;
  std::int64_t price_per_minute_e4 = 0;
  std::int64_t cap_e4 = 0;
  std::int64_t minutes = 0;  // charged minutes, after the grace period
  std::int64_t fee_e4 = 0;
  bool capped = false;  // the cap lowered the fee
  bool operator==(const IdleLine&) const = default;
};

// Errors: OutOfRange (a given instant outside the supported range).
// Precondition: the rule passes validate() (its fields within their bounds).
Result<IdleLine> compute_idle_fee(const IdleFeeRule& rule, const IdleTime& idle);

}  // namespace ct::billing
