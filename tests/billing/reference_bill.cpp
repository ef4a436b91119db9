#include "tests/billing/reference_bill.hpp"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ct::billing::reference {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;

struct Wall {
  CivilDate date;
  int slot = 0;
  std::int64_t civil_seconds = 0;  // the wall clock as seconds since 1970-01-01 00:00 local
  int offset = 0;
};

Wall wall_at(const cctz::time_zone& tz, std::int64_t epoch_second) {
  const auto lookup = tz.lookup(cctz::time_point<cctz::seconds>(cctz::seconds(epoch_second)));
  const cctz::civil_second cs = lookup.cs;
  return Wall{{static_cast<int>(cs.year()), cs.month(), cs.day()},
              cs.hour() * 2 + (cs.minute() >= 30 ? 1 : 0),
              cs - cctz::civil_second(1970, 1, 1, 0, 0, 0),
              lookup.offset};
}

std::int64_t floor_minute(std::int64_t ms) {
  return ms >= 0 ? ms / kMinuteMs : -((-ms + kMinuteMs - 1) / kMinuteMs);
}

struct RefSegment {
  core::UtcMillis from;
  core::UtcMillis to;
  CivilDate date;
  int slot;
  __int128 energy = 0;
};

std::vector<RefSegment> minute_walk(const cctz::time_zone& tz, core::UtcMillis start,
                                    core::UtcMillis stop) {
  std::vector<RefSegment> segs;
  if (start == stop) {
    const Wall w =
        wall_at(tz, floor_minute(start) * 60 + (start - floor_minute(start) * kMinuteMs) / 1000);
    segs.push_back({start, start, w.date, w.slot});
    return segs;
  }
  std::int64_t previous_civil = 0;
  for (std::int64_t m = floor_minute(start); m * kMinuteMs < stop; ++m) {
    const Wall w = wall_at(tz, m * 60);
    const Wall end_of_minute = wall_at(tz, m * 60 + 59);
    if (end_of_minute.offset != w.offset) {
      throw std::logic_error("a DST change inside a minute: the reference cannot walk this zone");
    }
    const bool clock_jumped = !segs.empty() && w.civil_seconds - previous_civil != 60;
    previous_civil = w.civil_seconds;
    const core::UtcMillis a = std::max(start, m * kMinuteMs);
    const core::UtcMillis b = std::min(stop, (m + 1) * kMinuteMs);
    if (!segs.empty() && !clock_jumped && segs.back().date == w.date &&
        segs.back().slot == w.slot) {
      segs.back().to = b;
    } else {
      segs.push_back({a, b, w.date, w.slot});
    }
  }
  return segs;
}

// The straight-line reading delta * elapsed / duration, rounded half up, in exact
// rational arithmetic: floor((2 * n + d) / (2 * d)).
__int128 line_reading(__int128 delta, __int128 elapsed, __int128 duration) {
  const __int128 n = delta * elapsed;
  return (2 * n + duration) / (2 * duration);
}

std::int64_t half_up(__int128 numerator, __int128 denominator) {
  return static_cast<std::int64_t>((2 * numerator + denominator) / (2 * denominator));
}

// The samples the documented rule keeps when the stop register is at or above the start
// register, by brute force: from the last sample backwards, the best run starting at each
// sample as the list of its positions (a run never goes down and stays within
// [low, high]; best = the most samples, then the lexicographically smallest positions,
// i.e. the earlier sample where two first differ), and the best of them all.
std::vector<std::pair<core::UtcMillis, std::int64_t>> kept_samples(
    const std::vector<std::pair<core::UtcMillis, std::int64_t>>& samples, std::int64_t low,
    std::int64_t high) {
  const auto better = [](const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  };
  const std::size_t n = samples.size();
  std::vector<std::vector<std::size_t>> run_from(n);  // empty: the sample is out of range
  std::vector<std::size_t> best;
  for (std::size_t i = n; i-- > 0;) {
    const std::int64_t r = samples[i].second;
    if (r < low || r > high) continue;
    std::vector<std::size_t> rest;
    for (std::size_t j = i + 1; j < n; ++j) {
      if (!run_from[j].empty() && samples[j].second >= r && better(run_from[j], rest)) {
        rest = run_from[j];
      }
    }
    run_from[i].push_back(i);
    run_from[i].insert(run_from[i].end(), rest.begin(), rest.end());
    if (better(run_from[i], best)) best = run_from[i];
  }
  std::vector<std::pair<core::UtcMillis, std::int64_t>> kept;
  for (std::size_t i : best) kept.push_back(samples[i]);
  return kept;
}

}  // namespace

Bill reference_bill(const TariffVersion& tariff, const std::string& zone_name,
                    const SessionMeter& meter, const IdleTime& idle) {
  cctz::time_zone tz;
  if (!cctz::load_time_zone(zone_name, &tz)) throw std::logic_error("unknown zone " + zone_name);

  std::vector<RefSegment> segs = minute_walk(tz, meter.started_at, meter.stopped_at);

  std::set<std::pair<core::UtcMillis, std::int64_t>> inside;
  std::int64_t ignored = 0;
  for (const MeterReading& s : meter.samples) {
    const bool in_time = s.at >= meter.started_at && s.at <= meter.stopped_at;
    const bool sane = s.register_wh >= 0 && s.register_wh <= 1'000'000'000'000'000;
    if (in_time && sane) {
      inside.insert({s.at, s.register_wh});
    } else {
      ++ignored;
    }
  }
  // Start and stop in order: they are the energy, the samples only place it in time.
  // Otherwise (a reset) every sample counts from the register before it.
  std::vector<std::pair<core::UtcMillis, std::int64_t>> used(inside.begin(), inside.end());
  if (meter.meter_stop_wh >= meter.meter_start_wh) {
    used = kept_samples(used, meter.meter_start_wh, meter.meter_stop_wh);
    ignored += static_cast<std::int64_t>(inside.size() - used.size());
  }
  std::vector<std::pair<core::UtcMillis, std::int64_t>> points;
  points.push_back({meter.started_at, meter.meter_start_wh});
  points.insert(points.end(), used.begin(), used.end());
  points.push_back({meter.stopped_at, meter.meter_stop_wh});

  bool reset = false;
  __int128 total = 0;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const auto [t1, r1] = points[i];
    const auto [t2, r2] = points[i + 1];
    const __int128 delta = r2 - r1;
    if (delta < 0) {
      reset = true;
      continue;
    }
    total += delta;
    if (t1 == t2) {
      RefSegment* home = &segs.back();
      for (RefSegment& s : segs) {
        if (s.from <= t1 && t1 < s.to) home = &s;
      }
      home->energy += delta;
      continue;
    }
    for (RefSegment& s : segs) {
      if (s.to <= t1 || s.from >= t2) continue;
      const core::UtcMillis left = std::max(s.from, t1);
      const core::UtcMillis right = std::min(s.to, t2);
      s.energy +=
          line_reading(delta, right - t1, t2 - t1) - line_reading(delta, left - t1, t2 - t1);
    }
  }

  Bill bill;
  bill.tariff_version_id = tariff.id;
  bill.time_zone = zone_name;
  bill.started_at = meter.started_at;
  bill.stopped_at = meter.stopped_at;
  bill.meter_start_wh = meter.meter_start_wh;
  bill.meter_stop_wh = meter.meter_stop_wh;
  bill.energy_wh = static_cast<std::int64_t>(total);
  bill.meter_reset = reset;
  bill.samples_used = static_cast<std::int64_t>(used.size());
  bill.samples_ignored = ignored;

  __int128 period_energy[4] = {0, 0, 0, 0};
  for (const RefSegment& s : segs) {
    const Period p = tariff.slots[static_cast<std::size_t>(s.slot)];
    period_energy[static_cast<int>(p)] += s.energy;
    bill.segments.push_back({s.from, s.to, s.date, s.slot, p, static_cast<std::int64_t>(s.energy)});
  }
  const Period order[4] = {Period::Sharp, Period::Peak, Period::Flat, Period::Valley};
  for (int i = 0; i < 4; ++i) {
    PeriodLine& line = bill.periods[static_cast<std::size_t>(i)];
    line.period = order[i];
    line.energy_wh = static_cast<std::int64_t>(period_energy[i]);
    if (const auto& price = tariff.prices[static_cast<std::size_t>(i)]) {
      line.electricity_price_e5 = price->electricity_price_e5;
      line.service_price_e5 = price->service_price_e5;
    }
    line.electricity_amount_e4 =
        half_up(static_cast<__int128>(line.energy_wh) * line.electricity_price_e5, 10'000);
    line.service_amount_e4 =
        half_up(static_cast<__int128>(line.energy_wh) * line.service_price_e5, 10'000);
    bill.electricity_amount_e4 += line.electricity_amount_e4;
    bill.service_amount_e4 += line.service_amount_e4;
  }

  IdleLine& idle_line = bill.idle;
  idle_line.charging_ended_at = idle.charging_ended_at;
  idle_line.unplugged_at = idle.unplugged_at;
  idle_line.grace_minutes = tariff.idle_fee.grace_minutes;
  idle_line.price_per_minute_e4 = tariff.idle_fee.price_per_minute_e4;
  idle_line.cap_e4 = tariff.idle_fee.cap_e4;
  if (idle.charging_ended_at && idle.unplugged_at) {
    // Count the started minutes that begin after the grace period and before unplugging.
    const core::UtcMillis free_until =
        *idle.charging_ended_at + tariff.idle_fee.grace_minutes * kMinuteMs;
    for (core::UtcMillis minute_start = free_until; minute_start < *idle.unplugged_at;
         minute_start += kMinuteMs) {
      ++idle_line.minutes;
    }
    std::int64_t fee = idle_line.minutes * tariff.idle_fee.price_per_minute_e4;
    if (tariff.idle_fee.cap_e4 != 0 && fee > tariff.idle_fee.cap_e4) {
      fee = tariff.idle_fee.cap_e4;
      idle_line.capped = true;
    }
    idle_line.fee_e4 = fee;
  }
  bill.idle_fee_e4 = idle_line.fee_e4;
  bill.total_e4 = bill.electricity_amount_e4 + bill.service_amount_e4 + bill.idle_fee_e4;
  bill.payable_fen = half_up(bill.total_e4, 100);
  return bill;
}

}  // namespace ct::billing::reference
