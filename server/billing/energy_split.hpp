// Splitting an order's metered energy over the local half-hour slots, and so over the
// four periods. Rules (docs/billing.md, "Apportioning rule", "Meter resets and missing
// samples"):
//
// 1. Readings. The start reading (started_at, meter_start_wh) comes first and the stop
//    reading (stopped_at, meter_stop_wh) last. Samples in between are sorted by
//    (at, register_wh); exact duplicates count once. A sample before started_at or after
//    stopped_at belongs to no part of this session and is ignored, as is one whose
//    register lies outside 0..kMaxRegisterWh (both counted in samples_ignored, each copy).
// 2. Energy, when meter_stop_wh >= meter_start_wh (the usual case). The start and stop
//    readings are authoritative: total_wh == meter_stop_wh - meter_start_wh exactly, and
//    the samples only place that energy in time. Of the distinct samples inside the
//    session whose register lies within meter_start_wh..meter_stop_wh, the longest
//    subsequence whose registers never go down (in the sorted order) is used; every other
//    sample (a glitched 0, a spike, a register outside start..stop) is ignored and counted
//    once in samples_ignored. Tie rule: of several longest subsequences, the one that keeps
//    the earlier sample (in the sorted order) at the first place where they differ (equivalently,
//    the one whose registers are lexicographically largest), so a dip is dropped in favour of the
//    reading before it. meter_reset is false. Each pair of consecutive readings is an
//    interval with delta = later register - earlier register >= 0.
//    When meter_stop_wh < meter_start_wh (a meter reset or replacement), every distinct
//    sample inside the session is used and an interval whose delta is negative
//    contributes nothing (what was delivered in it cannot be known): counting resumes from
//    the new register value. total_wh is the sum of the non-negative deltas and
//    meter_reset is set.
// 3. Apportioning by time. Inside an interval [t1, t2] the register is taken to rise on a
//    straight line. At every slot edge b inside it the reading is that line's value
//    rounded to the nearest Wh, halves up:
//        R(b) = r1 + round_half_up(delta * (b - t1) / (t2 - t1))
//    and each slot segment gets R(its right end) - R(its left end), with R(t1) = r1 and
//    R(t2) = r2. The parts therefore sum exactly to delta, each cumulative share is
//    within 0.5 Wh of exact proportionality, a tie goes to the earlier segment, and a
//    sample lying on the straight line between its neighbours changes nothing at all.
// 4. Zero-length intervals (two readings at one instant with different registers) put
//    their delta in the segment containing that instant; at stopped_at, in the last one.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <vector>

#include "server/billing/errors.hpp"
#include "server/billing/tariff.hpp"
#include "server/billing/time_zone.hpp"
#include "server/core/model.hpp"

namespace ct::billing {

struct MeterReading {
  core::UtcMillis at = 0;
  std::int64_t register_wh = 0;  // Energy.Active.Import.Register, cumulative
  auto operator<=>(const MeterReading&) const = default;
};

struct SessionMeter {
  core::UtcMillis started_at = 0;
  std::int64_t meter_start_wh = 0;
  core::UtcMillis stopped_at = 0;
  std::int64_t meter_stop_wh = 0;
  std::vector<MeterReading> samples;  // any order, duplicates allowed
};

// The part of the session inside one SlotSpan, [from, to); from == to only for a
// session of zero length.
struct SlotSegment {
  core::UtcMillis from = 0;
  core::UtcMillis to = 0;
  CivilDate local_date;
  int slot = 0;  // 0..47
  Period period = Period::Flat;
  std::int64_t energy_wh = 0;
  bool operator==(const SlotSegment&) const = default;
};

struct EnergySplit {
  std::vector<SlotSegment> segments;                   // in time order, covering the session
  std::array<std::int64_t, kPeriodCount> period_wh{};  // indexed by index_of(Period)
  std::int64_t total_wh = 0;                           // == sum of period_wh == sum of segments
  bool meter_reset = false;          // stop register below the start register (rule 2)
  std::int64_t samples_used = 0;     // distinct samples that placed the energy
  std::int64_t samples_ignored = 0;  // outside the session, faulty, or left out by rule 2
  bool operator==(const EnergySplit&) const = default;
};

// Errors: InvalidSession (stopped_at < started_at, start/stop register outside
// 0..kMaxRegisterWh), OutOfRange (an endpoint outside the supported instants),
// SessionTooLong, EnergyOutOfRange (an interval or the total above kMaxOrderEnergyWh).
Result<EnergySplit> split_energy(const SlotTable& slots, const TimeZone& zone,
                                 const SessionMeter& meter);

}  // namespace ct::billing
