#include "protocol/ykc16/tariff.hpp"

#include <utility>

namespace ct::ykc16 {

const PeriodRate* BillingModel::rate(TariffPeriod period) const noexcept {
  switch (period) {
    case TariffPeriod::Sharp: return &sharp;
    case TariffPeriod::Peak: return &peak;
    case TariffPeriod::Flat: return &flat;
    case TariffPeriod::Valley: return &valley;
  }
  return nullptr;
}

PeriodRate* BillingModel::rate(TariffPeriod period) noexcept {
  return const_cast<PeriodRate*>(std::as_const(*this).rate(period));
}

std::variant<DaySlots, std::string> slots_from_segments(std::span<const TariffSegment> segments) {
  DaySlots slots{};
  std::array<bool, kSlotsPerDay> taken{};
  for (const TariffSegment& s : segments) {
    if (s.begin_minute % kMinutesPerSlot != 0 || s.end_minute % kMinutesPerSlot != 0) {
      return "segment " + std::to_string(s.begin_minute) + "-" + std::to_string(s.end_minute) +
             " does not start and end on a half hour";
    }
    if (s.begin_minute >= s.end_minute || s.end_minute > kMinutesPerDay) {
      return "segment " + std::to_string(s.begin_minute) + "-" + std::to_string(s.end_minute) +
             " is empty or runs past 24:00";
    }
    for (unsigned slot = s.begin_minute / kMinutesPerSlot; slot < s.end_minute / kMinutesPerSlot;
         ++slot) {
      if (taken[slot]) {
        return "segments overlap at minute " + std::to_string(slot * kMinutesPerSlot);
      }
      taken[slot] = true;
      slots[slot] = s.period;
    }
  }
  for (std::size_t slot = 0; slot < kSlotsPerDay; ++slot) {
    if (!taken[slot]) {
      return "no segment covers minute " + std::to_string(slot * kMinutesPerSlot);
    }
  }
  return slots;
}

std::vector<TariffSegment> segments_from_slots(const DaySlots& slots) {
  std::vector<TariffSegment> out;
  for (std::size_t slot = 0; slot < kSlotsPerDay; ++slot) {
    const auto begin = static_cast<std::uint16_t>(slot * kMinutesPerSlot);
    const auto end = static_cast<std::uint16_t>(begin + kMinutesPerSlot);
    if (!out.empty() && out.back().period == slots[slot]) {
      out.back().end_minute = end;
    } else {
      out.push_back(TariffSegment{begin, end, slots[slot]});
    }
  }
  return out;
}

TariffPeriod period_at(const DaySlots& slots, unsigned minute_of_day) noexcept {
  return slots[(minute_of_day % kMinutesPerDay) / kMinutesPerSlot];
}

}  // namespace ct::ykc16
