// Filling a BillingModel (0x0A / 0x58) from a tariff expressed as time ranges, and reading
// one back: the pile splits the day into 48 half-hour slots, each naming one of the four
// rate periods (尖 sharp, 峰 peak, 平 flat, 谷 valley).
//
//   BillingModelSet m;
//   m.pile_code = *PileCode::parse("32010200000001");
//   m.model_no = *BillingModelNo::parse("0001");
//   m.peak = {100000, 40000};   // 1.00000 + 0.40000 yuan/kWh
//   m.valley = {30000, 40000};
//   const TariffSegment day[] = {{0, 480, TariffPeriod::Valley}, {480, 1440, TariffPeriod::Peak}};
//   m.slots = std::get<0>(slots_from_segments(day));
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "protocol/ykc16/messages.hpp"

namespace ct::ykc16 {

using DaySlots = std::array<TariffPeriod, kSlotsPerDay>;

inline constexpr unsigned kMinutesPerSlot = 30;
inline constexpr unsigned kMinutesPerDay = 1440;

// [begin_minute, end_minute) of the pile's local day, both multiples of 30, end <= 1440.
struct TariffSegment {
  std::uint16_t begin_minute = 0;
  std::uint16_t end_minute = 0;
  TariffPeriod period = TariffPeriod::Flat;
  bool operator==(const TariffSegment&) const = default;
};

// The segments must cover 00:00-24:00 exactly once, in any order; otherwise the reason.
std::variant<DaySlots, std::string> slots_from_segments(std::span<const TariffSegment> segments);

// The shortest list of segments (equal neighbouring slots merged), in time order.
std::vector<TariffSegment> segments_from_slots(const DaySlots& slots);

// The period in force at a minute of the local day (0..1439; later minutes wrap).
TariffPeriod period_at(const DaySlots& slots, unsigned minute_of_day) noexcept;

}  // namespace ct::ykc16
