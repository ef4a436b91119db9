#include "server/billing/idle_fee.hpp"

#include "server/billing/money.hpp"

namespace ct::billing {

namespace {

constexpr std::int64_t kMinuteMillis = 60'000;

}  // namespace

Result<IdleLine> compute_idle_fee(const IdleFeeRule& rule, const IdleTime& idle) {
  if ((idle.charging_ended_at && !in_supported_range(*idle.charging_ended_at)) ||
      (idle.unplugged_at && !in_supported_range(*idle.unplugged_at))) {
    return Error{ErrorCode::OutOfRange, "idle times must lie between 1970 and 9999", {}};
  }
  IdleLine line{idle.charging_ended_at,
                idle.unplugged_at,
                rule.grace_minutes,
                rule.price_per_minute_e4,
                rule.cap_e4,
                0,
                0,
                false};
  if (!idle.charging_ended_at || !idle.unplugged_at) return line;

  const std::int64_t idle_ms = *idle.unplugged_at - *idle.charging_ended_at;
  const std::int64_t charged_ms = idle_ms - rule.grace_minutes * kMinuteMillis;
  if (charged_ms <= 0) return line;
  line.minutes = (charged_ms + kMinuteMillis - 1) / kMinuteMillis;
  // minutes < 4.3e12 within the supported instants and the price is at most 1e6, so the
  // product stays below 2^63; __int128 keeps that true whatever the bounds become.
  __int128 fee = static_cast<__int128>(line.minutes) * rule.price_per_minute_e4;
  if (rule.cap_e4 > 0 && fee > rule.cap_e4) {
    fee = rule.cap_e4;
    line.capped = true;
  }
  line.fee_e4 = static_cast<std::int64_t>(fee);
  return line;
}

}  // namespace ct::billing
