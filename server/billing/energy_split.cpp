#include "server/billing/energy_split.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "server/billing/money.hpp"

namespace ct::billing {

namespace {

bool register_in_range(std::int64_t wh) {
  return wh >= 0 && wh <= kMaxRegisterWh;
}

Error error(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}};
}

std::optional<Error> check_session(const SessionMeter& m) {
  if (!in_supported_range(m.started_at) || !in_supported_range(m.stopped_at)) {
    return error(ErrorCode::OutOfRange, "session start and stop must lie between 1970 and 9999");
  }
  if (m.stopped_at < m.started_at) {
    return error(ErrorCode::InvalidSession, "session stops before it starts");
  }
  if (m.stopped_at - m.started_at > kMaxSessionMillis) {
    return error(ErrorCode::SessionTooLong, "session is longer than 31 days");
  }
  if (!register_in_range(m.meter_start_wh) || !register_in_range(m.meter_stop_wh)) {
    return error(ErrorCode::InvalidSession, "meter start and stop must lie between 0 and " +
                                                std::to_string(kMaxRegisterWh) + " Wh");
  }
  return std::nullopt;
}

std::vector<SlotSegment> session_segments(const SlotTable& slots, const TimeZone& zone,
                                          const SessionMeter& m) {
  std::vector<SlotSegment> segments;
  if (m.started_at == m.stopped_at) {
    // A session of no duration still has a place in the day for energy a charger
    // reports at that one instant.
    const int slot = zone.slot_of(m.started_at);
    segments.push_back(SlotSegment{m.started_at, m.started_at, zone.to_local(m.started_at).date,
                                   slot, slots[static_cast<std::size_t>(slot)], 0});
    return segments;
  }
  for (const SlotSpan& span : zone.slot_spans(m.started_at, m.stopped_at)) {
    segments.push_back(SlotSegment{span.from, span.to, span.local_date, span.slot,
                                   slots[static_cast<std::size_t>(span.slot)], 0});
  }
  return segments;
}

// Spreads one interval's delta over the segments it overlaps, starting at segment `k`
// (the one containing `from.at`), by the rounded straight-line reading at each edge.
void apportion(std::vector<SlotSegment>& segments, std::size_t k, const MeterReading& from,
               const MeterReading& to, std::int64_t delta) {
  const std::int64_t duration = to.at - from.at;
  std::int64_t assigned = 0;
  for (;; ++k) {
    const core::UtcMillis right = std::min(segments[k].to, to.at);
    const std::int64_t reached =
        right == to.at
            ? delta
            : round_half_up_div(static_cast<__int128>(delta) * (right - from.at), duration);
    segments[k].energy_wh += reached - assigned;
    assigned = reached;
    if (right == to.at) return;
  }
}

// The samples (sorted, distinct) that place a session's energy when its stop register is
// at or above its start register: the longest subsequence whose registers never go down
// in time order, of those whose register lies within [low, high]. Of several such, the
// one that keeps the earlier sample where they first differ.
//
// Patience sorting from the end. A run is a subsequence whose registers never go down;
// heads[k] is, of the samples seen so far (all later than the current one), the earliest
// that starts a run of k + 1 samples; among those
// that start such a run, the earliest also has the highest register, so the registers of
// heads[0], heads[1], ... never increase and a binary search finds the longest run the
// current sample can start. `next` links each sample to the head it was put in front of,
// which is the earliest sample that continues it into a longest run: following the links
// from the head of the longest run keeps the earliest samples. O(n log n).
std::vector<MeterReading> longest_rising(const std::vector<MeterReading>& samples, std::int64_t low,
                                         std::int64_t high) {
  std::vector<std::size_t> heads;
  std::vector<std::size_t> next(samples.size(), samples.size());
  for (std::size_t i = samples.size(); i-- > 0;) {
    const std::int64_t r = samples[i].register_wh;
    if (r < low || r > high) continue;
    const auto pos = std::partition_point(
        heads.begin(), heads.end(), [&](std::size_t h) { return samples[h].register_wh >= r; });
    if (pos != heads.begin()) next[i] = *(pos - 1);
    if (pos == heads.end()) {
      heads.push_back(i);
    } else {
      *pos = i;
    }
  }
  std::vector<MeterReading> kept;
  kept.reserve(heads.size());
  for (std::size_t i = heads.empty() ? samples.size() : heads.back(); i < samples.size();
       i = next[i]) {
    kept.push_back(samples[i]);
  }
  return kept;
}

}  // namespace

Result<EnergySplit> split_energy(const SlotTable& slots, const TimeZone& zone,
                                 const SessionMeter& meter) {
  if (auto err = check_session(meter)) return *err;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (index_of(slots[i]) >= kPeriodCount) {
      return Error{ErrorCode::InvalidTariff,
                   "slot table names an unknown period",
                   {{"slots[" + std::to_string(i) + "]", "is not a period"}}};
    }
  }

  EnergySplit split;
  split.segments = session_segments(slots, zone, meter);

  std::vector<MeterReading> inside;
  inside.reserve(meter.samples.size());
  for (const MeterReading& s : meter.samples) {
    if (s.at < meter.started_at || s.at > meter.stopped_at || !register_in_range(s.register_wh)) {
      ++split.samples_ignored;
    } else {
      inside.push_back(s);
    }
  }
  std::sort(inside.begin(), inside.end());
  inside.erase(std::unique(inside.begin(), inside.end()), inside.end());

  std::vector<MeterReading> readings;
  readings.reserve(inside.size() + 2);
  readings.push_back({meter.started_at, meter.meter_start_wh});
  if (meter.meter_stop_wh >= meter.meter_start_wh) {
    // Start and stop are authoritative; the samples only place the energy in time.
    const std::vector<MeterReading> kept =
        longest_rising(inside, meter.meter_start_wh, meter.meter_stop_wh);
    split.samples_ignored += static_cast<std::int64_t>(inside.size() - kept.size());
    readings.insert(readings.end(), kept.begin(), kept.end());
  } else {
    readings.insert(readings.end(), inside.begin(), inside.end());
  }
  split.samples_used = static_cast<std::int64_t>(readings.size()) - 1;
  readings.push_back({meter.stopped_at, meter.meter_stop_wh});

  std::size_t seg = 0;
  for (std::size_t i = 1; i < readings.size(); ++i) {
    const MeterReading& from = readings[i - 1];
    const MeterReading& to = readings[i];
    const std::int64_t delta = to.register_wh - from.register_wh;  // registers are bounded
    if (delta < 0) {  // only when the stop register is below the start register
      split.meter_reset = true;
      continue;
    }
    if (delta == 0) continue;
    if (delta > kMaxOrderEnergyWh || split.total_wh + delta > kMaxOrderEnergyWh) {
      return error(ErrorCode::EnergyOutOfRange,
                   "energy of the session exceeds " + std::to_string(kMaxOrderEnergyWh) + " Wh");
    }
    split.total_wh += delta;
    while (seg + 1 < split.segments.size() && split.segments[seg].to <= from.at) ++seg;
    if (from.at == to.at) {
      split.segments[seg].energy_wh += delta;
    } else {
      apportion(split.segments, seg, from, to, delta);
    }
  }

  for (const SlotSegment& s : split.segments) split.period_wh[index_of(s.period)] += s.energy_wh;
  return split;
}

}  // namespace ct::billing
