// A tariff version: time-of-use prices of one station (or price plan) from an
// effective instant on. Which version bills an order is TariffSchedule's job.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "server/billing/errors.hpp"
#include "server/billing/time_zone.hpp"
#include "server/core/model.hpp"

namespace ct::billing {

// 尖峰平谷. The numeric values are the YKC rate indices (0x0A / 0x58 slot bytes).
enum class Period : std::uint8_t { Sharp = 0, Peak = 1, Flat = 2, Valley = 3 };

inline constexpr std::size_t kPeriodCount = 4;
inline constexpr std::array<Period, kPeriodCount> kPeriods = {Period::Sharp, Period::Peak,
                                                              Period::Flat, Period::Valley};

constexpr std::size_t index_of(Period p) {
  return static_cast<std::size_t>(p);
}
const char* to_string(Period p);  // "sharp", "peak", "flat", "valley"
std::optional<Period> period_from_string(std::string_view text);

// Per kWh, in 1e-5 yuan.
struct PeriodPrice {
  std::int64_t electricity_price_e5 = 0;
  std::int64_t service_price_e5 = 0;
  bool operator==(const PeriodPrice&) const = default;
};

// The occupancy fee once charging has ended: the first grace_minutes are free, then
// every started minute costs price_per_minute_e4, up to cap_e4 (0 = no cap).
struct IdleFeeRule {
  std::int64_t grace_minutes = 0;
  std::int64_t price_per_minute_e4 = 0;  // 0 = no idle fee
  std::int64_t cap_e4 = 0;
  bool operator==(const IdleFeeRule&) const = default;
};

// Slot i (0 = 00:00-00:30 local ... 47 = 23:30-24:00) -> its period: the table a YKC
// charger is sent, applied to the station's local wall clock (see time_zone.hpp).
using SlotTable = std::array<Period, kSlotsPerDay>;

struct TariffVersion {
  std::int64_t id = 0;                 // the store's id; copied into every bill it prices
  core::UtcMillis effective_from = 0;  // in force from this instant until the next version
  // Indexed by index_of(Period). A period no slot uses may be left without a price.
  std::array<std::optional<PeriodPrice>, kPeriodCount> prices{};
  SlotTable slots{};
  IdleFeeRule idle_fee{};

  const std::optional<PeriodPrice>& price(Period p) const { return prices[index_of(p)]; }
  bool operator==(const TariffVersion&) const = default;
};

// Everything wrong with a version, in field order; empty when it can bill. Checks:
// effectiveFrom in the supported range; prices 0..kMaxPriceE5; every slot names a period
// and that period has a price; idle grace 0..kMaxGraceMinutes, price per minute
// 0..kMaxIdlePricePerMinuteE4, cap 0..kMaxIdleCapE4. Field paths:
// "effectiveFrom", "prices.<period>.electricityPriceE5", "prices.<period>.servicePriceE5",
// "slots[<i>]", "idleFee.graceMinutes", "idleFee.pricePerMinuteE4", "idleFee.capE4".
std::vector<FieldError> validate(const TariffVersion& version);

}  // namespace ct::billing
