// Units, bounds and the integer rounding of ct::billing, fixed once for every bill.
// No floating point is used anywhere in billing: every value is an exact integer.
//
//   energy   Wh                       (std::int64_t, names end in _wh)
//   price    1e-5 yuan per kWh        (names end in _price_e5; the YKC wire unit)
//   amount   1e-4 yuan                (names end in _e4; the YKC amount unit)
//   payable  fen = 1e-2 yuan          (payable_fen)
//   time     UTC epoch milliseconds   (core::UtcMillis)
//
// Wh * price_e5 = (Wh / 1e3 kWh) * (price_e5 / 1e5 yuan/kWh) = Wh * price_e5 / 1e8 yuan
//               = Wh * price_e5 / 1e4 in 1e-4 yuan.
#pragma once

#include <cstdint>

#include "server/core/model.hpp"

namespace ct::billing {

inline constexpr std::int64_t kWhPriceE5PerAmountE4 = 10'000;
inline constexpr std::int64_t kAmountE4PerFen = 100;

// The bounds below keep every intermediate product far inside int64 (products that
// could approach it are formed in __int128 anyway) and reject data that can only be a
// fault: a bill that would exceed them is refused with an error instead of computed.
inline constexpr std::int64_t kMaxPriceE5 = 10'000'000;              // 100 yuan per kWh
inline constexpr std::int64_t kMaxIdlePricePerMinuteE4 = 1'000'000;  // 100 yuan per minute
inline constexpr std::int64_t kMaxIdleCapE4 = 100'000'000;           // 10,000 yuan
inline constexpr std::int64_t kMaxGraceMinutes = 7 * 24 * 60;        // one week
// A 1 MW charger running for kMaxSessionMillis delivers 744 MWh: below this bound.
inline constexpr std::int64_t kMaxOrderEnergyWh = 1'000'000'000;  // 1 GWh
// Meter registers are cumulative; readings outside 0..kMaxRegisterWh are faults.
inline constexpr std::int64_t kMaxRegisterWh = 1'000'000'000'000'000;  // 1 TWh
inline constexpr core::UtcMillis kMaxSessionMillis = 31LL * 24 * 60 * 60 * 1000;
// Instants billing accepts: 1970-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z.
inline constexpr core::UtcMillis kEarliestInstant = 0;
inline constexpr core::UtcMillis kLatestInstant = 253'402'300'799'999;

// With these bounds a period's amount is at most 1e9 Wh * 1e7 / 1e4 = 1e12 amount_e4
// (1e8 yuan), and an idle fee at most (kLatestInstant / 60000 + 1) minutes * 1e6 ≈ 4.3e18
// amount_e4 when uncapped, so every sum of a bill stays below 2^63.

constexpr bool in_supported_range(core::UtcMillis t) {
  return t >= kEarliestInstant && t <= kLatestInstant;
}

// num / den rounded to the nearest integer, halves up (away from zero, as both are
// non-negative). Preconditions: num >= 0, den > 0, and the quotient fits in int64.
constexpr std::int64_t round_half_up_div(__int128 num, __int128 den) {
  __int128 q = num / den;
  if (2 * (num % den) >= den) ++q;
  return static_cast<std::int64_t>(q);
}

// THE energy rounding rule: the amount of energy_wh at price_e5, in 1e-4 yuan, rounded
// half up. Applied once per period and price component, never per slot or per sample.
constexpr std::int64_t energy_amount_e4(std::int64_t energy_wh, std::int64_t price_e5) {
  return round_half_up_div(static_cast<__int128>(energy_wh) * price_e5, kWhPriceE5PerAmountE4);
}

// THE settlement rule: a total in 1e-4 yuan to fen, rounded half up (0.0050 yuan -> 0.01).
constexpr std::int64_t payable_fen_of(std::int64_t total_e4) {
  return round_half_up_div(total_e4, kAmountE4PerFen);
}

}  // namespace ct::billing
