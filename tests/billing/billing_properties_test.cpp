// RapidCheck properties of the billing engine: for random tariffs, sessions (any start,
// across midnight, period edges and DST changes, in six zones) and sample timings.
#include <cctz/civil_time.h>
#include <cctz/time_zone.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "server/billing/bill.hpp"
#include "server/billing/money.hpp"
#include "tests/billing/reference_bill.hpp"
#include "tests/billing/test_support.hpp"

namespace ct::billing {
namespace {

using testing::kHour;
using testing::kMinute;
using testing::utc;

// Shanghai (no DST), Berlin and New York (one hour), Lord Howe (half an hour), Kathmandu
// (UTC+05:45), St John's (changes at 00:01 until 2011, across midnight in the fall).
const std::vector<std::string> kZones = {"Asia/Shanghai",
                                         "Europe/Berlin",
                                         "America/New_York",
                                         "Australia/Lord_Howe",
                                         "Asia/Kathmandu",
                                         "America/St_Johns",
                                         "UTC"};

// The DST changes of a zone from 2005 to 2040 (St John's: to 2011, while it changed at
// 00:01; later it changes like New York), to start sessions close to.
const std::vector<core::UtcMillis>& dst_changes(const std::string& zone) {
  static std::map<std::string, std::vector<core::UtcMillis>> cache;
  auto [it, inserted] = cache.try_emplace(zone);
  if (inserted) {
    cctz::time_zone tz;
    cctz::load_time_zone(zone, &tz);
    auto tp = cctz::time_point<cctz::seconds>(cctz::seconds(utc(2005, 1, 1) / 1000));
    cctz::time_zone::civil_transition tr;
    while (tz.next_transition(tp, &tr)) {
      tp = tz.lookup(tr.to).trans;
      const core::UtcMillis until = zone == "America/St_Johns" ? utc(2011, 12, 1) : utc(2040, 1, 1);
      if (tp.time_since_epoch().count() * 1000 > until) break;
      it->second.push_back(tp.time_since_epoch().count() * 1000);
    }
  }
  return it->second;
}

TariffVersion draw_tariff() {
  TariffVersion t;
  t.id = *rc::gen::inRange<std::int64_t>(1, 1'000'000);
  for (auto& slot : t.slots)
    slot = *rc::gen::elementOf(std::vector<Period>(kPeriods.begin(), kPeriods.end()));
  const auto price = [] {
    return *rc::gen::weightedOneOf<std::int64_t>(
        {{8, rc::gen::inRange<std::int64_t>(0, 300'000)},
         {1, rc::gen::inRange<std::int64_t>(0, kMaxPriceE5 + 1)},
         {1, rc::gen::elementOf(std::vector<std::int64_t>{0, 5'000, 4'999, 5'001, kMaxPriceE5})}});
  };
  for (Period p : kPeriods) {
    const bool used = std::find(t.slots.begin(), t.slots.end(), p) != t.slots.end();
    if (used || *rc::gen::arbitrary<bool>()) t.prices[index_of(p)] = PeriodPrice{price(), price()};
  }
  t.idle_fee.grace_minutes = *rc::gen::inRange<std::int64_t>(0, 61);
  t.idle_fee.price_per_minute_e4 = *rc::gen::inRange<std::int64_t>(0, 20'001);
  t.idle_fee.cap_e4 = *rc::gen::elementOf(std::vector<std::int64_t>{0, 0, 1, 50'000, 100'000});
  return t;
}

// Half the time shortly before one of the zone's DST changes, if it has any, so that the
// session is likely to cross it.
core::UtcMillis draw_start(const std::string& zone) {
  const auto& changes = dst_changes(zone);
  if (!changes.empty() && *rc::gen::arbitrary<bool>()) {
    return *rc::gen::elementOf(changes) - *rc::gen::inRange<core::UtcMillis>(0, 12 * kHour);
  }
  const core::UtcMillis t = *rc::gen::inRange<core::UtcMillis>(utc(2000, 1, 1), utc(2099, 12, 1));
  // Often on a whole minute or half hour, where slot edges lie.
  switch (*rc::gen::inRange(0, 3)) {
    case 0: return t - t % kMinute;
    case 1: return t - t % (30 * kMinute);
    default: return t;
  }
}

core::UtcMillis draw_duration() {
  return *rc::gen::weightedOneOf<core::UtcMillis>(
      {{1, rc::gen::just<core::UtcMillis>(0)},
       {3, rc::gen::inRange<core::UtcMillis>(1, 10 * kMinute)},
       {6, rc::gen::inRange<core::UtcMillis>(1, 3 * 24 * kHour)}});
}

std::int64_t draw_increment() {
  return *rc::gen::weightedOneOf<std::int64_t>({{6, rc::gen::inRange<std::int64_t>(0, 5'000)},
                                                {1, rc::gen::just<std::int64_t>(0)},
                                                {1, rc::gen::inRange<std::int64_t>(0, 2'000'000)}});
}

// A glitched register, sent once in place of the true one `reg` of a session that
// started at `start`: a 0, a spike far above, a bogus value near the session's own range
// (a dip or a spike that start..stop cannot tell from a true reading), anything up to
// about twice the true value, or a faulty one.
std::int64_t draw_glitch(std::int64_t start, std::int64_t reg) {
  return *rc::gen::weightedOneOf<std::int64_t>(
      {{3, rc::gen::just<std::int64_t>(0)},
       {2, rc::gen::inRange<std::int64_t>(reg + 1, reg + 1'000'000'000)},
       {4, rc::gen::inRange<std::int64_t>(start, reg + 20'000)},
       {2, rc::gen::inRange<std::int64_t>(0, 2 * reg + 2)},
       {1, rc::gen::just(kMaxRegisterWh + 1)}});
}

// Samples at random times (a few outside the session), registers rising along time, or
// with resets when `resets` is set, some glitched when `glitches` is set, some
// duplicated, in random order. Without resets the stop register is at or above the start.
SessionMeter draw_session(const std::string& zone, bool resets, bool glitches) {
  SessionMeter m;
  m.started_at = draw_start(zone);
  m.stopped_at = m.started_at + draw_duration();
  // Sometimes 0, as on a charger that counts each transaction from zero: a glitched 0 is
  // then within start..stop.
  m.meter_start_wh = *rc::gen::weightedOneOf<std::int64_t>(
      {{1, rc::gen::just<std::int64_t>(0)}, {3, rc::gen::inRange<std::int64_t>(0, 100'000'000)}});
  const auto count = *rc::gen::inRange<std::size_t>(0, 16);
  std::vector<core::UtcMillis> times;
  for (std::size_t i = 0; i < count; ++i) {
    const core::UtcMillis span = m.stopped_at - m.started_at;
    times.push_back(*rc::gen::weightedOneOf<core::UtcMillis>(
        {{8, rc::gen::inRange<core::UtcMillis>(m.started_at, m.stopped_at + 1)},
         {1, rc::gen::element(m.started_at, m.stopped_at)},
         {1, rc::gen::inRange<core::UtcMillis>(m.started_at - kHour, m.stopped_at + kHour + 1)},
         {1,
          rc::gen::just(m.started_at + span / 2 - (m.started_at + span / 2) % (30 * kMinute))}}));
  }
  std::sort(times.begin(), times.end());
  std::int64_t reg = m.meter_start_wh;
  for (core::UtcMillis t : times) {
    if (glitches && *rc::gen::inRange(0, 4) == 0) {
      m.samples.push_back({t, draw_glitch(m.meter_start_wh, reg)});
      continue;
    }
    if (resets && *rc::gen::inRange(0, 5) == 0) {
      reg = *rc::gen::inRange<std::int64_t>(0, reg + 1);
    } else {
      reg += draw_increment();
    }
    m.samples.push_back({t, reg});
  }
  m.meter_stop_wh = resets && *rc::gen::inRange(0, 8) == 0
                        ? *rc::gen::inRange<std::int64_t>(0, reg + 1)
                        : reg + draw_increment();
  const auto dups = *rc::gen::inRange<std::size_t>(0, 3);
  for (std::size_t i = 0; i < dups && !m.samples.empty(); ++i) {
    m.samples.push_back(m.samples[*rc::gen::inRange<std::size_t>(0, m.samples.size())]);
  }
  // The engine must not care about order: hand it over shuffled.
  const auto order = *rc::gen::arbitrary<std::vector<int>>();
  for (std::size_t i = 0; i < order.size() && m.samples.size() > 1; ++i) {
    std::swap(m.samples[i % m.samples.size()],
              m.samples[static_cast<std::size_t>(order[i] & 0xffff) % m.samples.size()]);
  }
  return m;
}

// A sample split_energy ignores before looking at its register's place among the others.
bool outside_or_faulty(const SessionMeter& m, const MeterReading& r) {
  return r.at < m.started_at || r.at > m.stopped_at || r.register_wh < 0 ||
         r.register_wh > kMaxRegisterWh;
}

// The samples split_energy looks at: inside the session, sane, distinct, in time order.
std::vector<MeterReading> distinct_inside(const SessionMeter& m) {
  std::vector<MeterReading> inside;
  for (const auto& r : m.samples) {
    if (!outside_or_faulty(m, r)) inside.push_back(r);
  }
  std::sort(inside.begin(), inside.end());
  inside.erase(std::unique(inside.begin(), inside.end()), inside.end());
  return inside;
}

IdleTime draw_idle(const SessionMeter& m) {
  if (*rc::gen::inRange(0, 4) == 0) return {};
  const core::UtcMillis ended = m.stopped_at - *rc::gen::inRange<core::UtcMillis>(0, 10 * kMinute);
  return IdleTime{ended, ended + *rc::gen::inRange<core::UtcMillis>(-kMinute, 6 * kHour)};
}

TimeZone load(const std::string& name) {
  return *TimeZone::load(name);
}

template <class T>
T get(const Result<T>& r) {
  if (const auto* e = std::get_if<Error>(&r))
    RC_FAIL(std::string(to_string(e->code)) + ": " + e->message);
  return std::get<T>(r);
}

// Whether `r` is the refusal of an order above kMaxOrderEnergyWh, which glitches can
// legitimately cause after a meter reset, where every increment counts; any other error
// fails the property.
template <class T>
bool too_much_energy(const Result<T>& r) {
  const auto* e = std::get_if<Error>(&r);
  if (e && e->code != ErrorCode::EnergyOutOfRange) get(r);
  return e != nullptr;
}

// Start and stop are authoritative when the stop register is at or above the start one:
// no reset, glitch, spike or dip in the samples changes the total.
RC_GTEST_PROP(BillingProperties, PeriodEnergiesSumToTheTotalWhichIsStopMinusStart, ()) {
  const std::string zone = *rc::gen::elementOf(kZones);
  const TariffVersion tariff = draw_tariff();
  const bool resets = *rc::gen::arbitrary<bool>();
  const bool glitches = *rc::gen::arbitrary<bool>();
  const SessionMeter m = draw_session(zone, resets, glitches);
  RC_PRE(m.meter_stop_wh >= m.meter_start_wh);
  const EnergySplit s = get(split_energy(tariff.slots, load(zone), m));
  RC_ASSERT(!s.meter_reset);
  RC_ASSERT(s.total_wh == m.meter_stop_wh - m.meter_start_wh);
  RC_ASSERT(std::accumulate(s.period_wh.begin(), s.period_wh.end(), std::int64_t{0}) == s.total_wh);
  std::int64_t segments = 0;
  for (const auto& seg : s.segments) {
    RC_ASSERT(seg.energy_wh >= 0);
    segments += seg.energy_wh;
  }
  RC_ASSERT(segments == s.total_wh);
  RC_ASSERT(s.segments.front().from == m.started_at);
  RC_ASSERT(s.segments.back().to == m.stopped_at);
  // Every sample is used or ignored; clean samples inside the session are all used.
  const auto copies_outside = std::count_if(m.samples.begin(), m.samples.end(),
                                            [&](const auto& r) { return outside_or_faulty(m, r); });
  const auto inside = static_cast<std::int64_t>(distinct_inside(m).size());
  RC_ASSERT(s.samples_used + s.samples_ignored == copies_outside + inside);
  if (!resets && !glitches) RC_ASSERT(s.samples_used == inside);
}

// Only a stop register below the start one is a reset: then the total is the sum of the
// increments between consecutive readings, glitched ones included.
RC_GTEST_PROP(BillingProperties, WithResetsTheTotalIsTheSumOfIncrements, ()) {
  const std::string zone = *rc::gen::elementOf(kZones);
  const TariffVersion tariff = draw_tariff();
  SessionMeter m = draw_session(zone, true, *rc::gen::arbitrary<bool>());
  RC_PRE(m.meter_start_wh > 0);
  if (m.meter_stop_wh >= m.meter_start_wh) {
    m.meter_stop_wh = *rc::gen::inRange<std::int64_t>(0, m.meter_start_wh);
  }
  std::vector<MeterReading> used = distinct_inside(m);
  used.insert(used.begin(), {m.started_at, m.meter_start_wh});
  used.push_back({m.stopped_at, m.meter_stop_wh});
  std::int64_t increments = 0;
  for (std::size_t i = 1; i < used.size(); ++i) {
    increments += std::max<std::int64_t>(used[i].register_wh - used[i - 1].register_wh, 0);
  }
  const auto result = split_energy(tariff.slots, load(zone), m);
  if (too_much_energy(result)) {
    RC_ASSERT(increments > kMaxOrderEnergyWh);
    return;
  }
  const EnergySplit s = get(result);
  RC_ASSERT(s.total_wh == increments);
  RC_ASSERT(s.meter_reset);
  RC_ASSERT(s.samples_used == static_cast<std::int64_t>(used.size()) - 2);
  RC_ASSERT(std::accumulate(s.period_wh.begin(), s.period_wh.end(), std::int64_t{0}) == s.total_wh);
}

RC_GTEST_PROP(BillingProperties, BillEqualsTheSlowReference, ()) {
  const std::string zone = *rc::gen::elementOf(kZones);
  const TariffVersion tariff = draw_tariff();
  const SessionMeter m =
      draw_session(zone, *rc::gen::arbitrary<bool>(), *rc::gen::inRange(0, 4) != 0);
  const IdleTime idle = draw_idle(m);
  const auto result = compute_bill(tariff, load(zone), m, idle);
  const Bill expected = reference::reference_bill(tariff, zone, m, idle);
  if (too_much_energy(result)) {
    RC_ASSERT(expected.energy_wh > kMaxOrderEnergyWh);
    return;
  }
  RC_ASSERT(get(result) == expected);
}

// A sample below the start register or above the stop register (a glitched 0, a spike)
// is only counted as ignored.
RC_GTEST_PROP(BillingProperties, ARegisterOutsideStartToStopChangesNothingButTheCount, ()) {
  const std::string zone = *rc::gen::elementOf(kZones);
  const TariffVersion tariff = draw_tariff();
  SessionMeter m = draw_session(zone, false, *rc::gen::arbitrary<bool>());
  const IdleTime idle = draw_idle(m);
  RC_PRE(m.meter_start_wh > 0 || m.meter_stop_wh < kMaxRegisterWh);
  const bool below =
      m.meter_stop_wh == kMaxRegisterWh || (m.meter_start_wh > 0 && *rc::gen::arbitrary<bool>());
  const MeterReading glitch{
      *rc::gen::inRange<core::UtcMillis>(m.started_at, m.stopped_at + 1),
      below ? *rc::gen::inRange<std::int64_t>(0, m.meter_start_wh)
            : *rc::gen::inRange<std::int64_t>(m.meter_stop_wh + 1, kMaxRegisterWh + 1)};
  const Bill without = get(compute_bill(tariff, load(zone), m, idle));
  const bool sent_before = std::find(m.samples.begin(), m.samples.end(), glitch) != m.samples.end();
  m.samples.push_back(glitch);
  Bill with = get(compute_bill(tariff, load(zone), m, idle));
  RC_ASSERT(with.samples_ignored == without.samples_ignored + (sent_before ? 0 : 1));
  with.samples_ignored = without.samples_ignored;
  RC_ASSERT(with == without);
}

// With the tie rule (keep the earlier sample), a dip, a register below one sent earlier in
// the session, never displaces a true reading: the bill is as if it had not been sent.
RC_GTEST_PROP(BillingProperties, ADipChangesNothingButTheCount, ()) {
  const std::string zone = *rc::gen::elementOf(kZones);
  const TariffVersion tariff = draw_tariff();
  SessionMeter m = draw_session(zone, false, false);
  const IdleTime idle = draw_idle(m);
  std::vector<MeterReading> before;  // true samples a later dip can fall below
  for (const auto& r : distinct_inside(m)) {
    if (r.at < m.stopped_at && r.register_wh > 0) before.push_back(r);
  }
  RC_PRE(!before.empty());
  const MeterReading& earlier = *rc::gen::elementOf(before);
  const MeterReading dip{*rc::gen::inRange<core::UtcMillis>(earlier.at + 1, m.stopped_at + 1),
                         *rc::gen::weightedOneOf<std::int64_t>(
                             {{1, rc::gen::just<std::int64_t>(0)},
                              {2, rc::gen::inRange<std::int64_t>(0, earlier.register_wh)}})};
  const Bill without = get(compute_bill(tariff, load(zone), m, idle));
  m.samples.push_back(dip);
  Bill with = get(compute_bill(tariff, load(zone), m, idle));
  RC_ASSERT(with.samples_ignored == without.samples_ignored + 1);
  with.samples_ignored = without.samples_ignored;
  RC_ASSERT(with == without);
}

RC_GTEST_PROP(BillingProperties, SplitIgnoresSampleOrderAndDuplicates, ()) {
  const std::string zone = *rc::gen::elementOf(kZones);
  const TariffVersion tariff = draw_tariff();
  const SessionMeter m =
      draw_session(zone, *rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>());
  SessionMeter other = m;
  std::reverse(other.samples.begin(), other.samples.end());
  std::int64_t extra_outside = 0;  // an ignored sample sent twice is counted twice
  const auto extra = m.samples.empty() ? 0 : *rc::gen::inRange<std::size_t>(0, 4);
  for (std::size_t i = 0; i < extra; ++i) {
    const MeterReading& dup = m.samples[*rc::gen::inRange<std::size_t>(0, m.samples.size())];
    other.samples.push_back(dup);
    if (outside_or_faulty(m, dup)) ++extra_outside;
  }
  if (!other.samples.empty()) {
    const auto by = *rc::gen::inRange<std::size_t>(0, other.samples.size());
    std::rotate(other.samples.begin(), other.samples.begin() + static_cast<std::ptrdiff_t>(by),
                other.samples.end());
  }
  const auto split_m = split_energy(tariff.slots, load(zone), m);
  const auto split_other = split_energy(tariff.slots, load(zone), other);
  RC_ASSERT(too_much_energy(split_m) == too_much_energy(split_other));
  if (too_much_energy(split_m)) return;
  const EnergySplit a = get(split_m);
  EnergySplit b = get(split_other);
  RC_ASSERT(b.samples_ignored == a.samples_ignored + extra_outside);
  b.samples_ignored = a.samples_ignored;
  RC_ASSERT(a == b);
}

// Bound of property (3): a sample lying exactly on the straight line between its two
// neighbours changes no slot energy and no amount at all (bound 0), because every slot
// edge's reading is the same rounded point of the same line either way.
RC_GTEST_PROP(BillingProperties, ACollinearSampleChangesNothing, ()) {
  const std::string zone = *rc::gen::elementOf(kZones);
  const TariffVersion tariff = draw_tariff();
  SessionMeter m;
  m.started_at = draw_start(zone);
  m.meter_start_wh = *rc::gen::inRange<std::int64_t>(0, 1'000'000);
  // Steps of time and energy; step `split` is made of m_units + n_units equal units so a
  // point after m_units of them lies exactly on its straight line.
  const auto steps = *rc::gen::inRange<std::size_t>(1, 8);
  const auto split = *rc::gen::inRange<std::size_t>(0, steps);
  core::UtcMillis t = m.started_at;
  std::int64_t reg = m.meter_start_wh;
  MeterReading extra;
  for (std::size_t i = 0; i < steps; ++i) {
    if (i == split) {
      const auto unit_ms = *rc::gen::inRange<core::UtcMillis>(1, 20 * kMinute);
      const auto unit_wh = *rc::gen::inRange<std::int64_t>(0, 3'000);
      const auto before = *rc::gen::inRange<std::int64_t>(1, 12);
      const auto after = *rc::gen::inRange<std::int64_t>(1, 12);
      extra = {t + before * unit_ms, reg + before * unit_wh};
      t += (before + after) * unit_ms;
      reg += (before + after) * unit_wh;
    } else {
      t += *rc::gen::inRange<core::UtcMillis>(1, 6 * kHour);
      reg += draw_increment();
    }
    if (i + 1 < steps) m.samples.push_back({t, reg});
  }
  m.stopped_at = t;
  m.meter_stop_wh = reg;
  const IdleTime idle = draw_idle(m);

  const Bill without = get(compute_bill(tariff, load(zone), m, idle));
  m.samples.push_back(extra);
  Bill with = get(compute_bill(tariff, load(zone), m, idle));
  RC_ASSERT(with.samples_used == without.samples_used + 1);
  with.samples_used = without.samples_used;
  RC_ASSERT(with == without);
}

// Each slot edge's reading is within half a Wh of exact proportionality by time.
RC_GTEST_PROP(BillingProperties, ApportioningStaysWithinHalfAWattHourOfTheLine, ()) {
  const std::string zone = *rc::gen::elementOf(kZones);
  const TariffVersion tariff = draw_tariff();
  SessionMeter m;
  m.started_at = draw_start(zone);
  m.stopped_at = m.started_at + *rc::gen::inRange<core::UtcMillis>(1, 3 * 24 * kHour);
  m.meter_start_wh = *rc::gen::inRange<std::int64_t>(0, 1'000'000);
  m.meter_stop_wh = m.meter_start_wh + *rc::gen::inRange<std::int64_t>(0, kMaxOrderEnergyWh + 1);
  const EnergySplit s = get(split_energy(tariff.slots, load(zone), m));
  const __int128 delta = s.total_wh;
  const __int128 duration = m.stopped_at - m.started_at;
  __int128 cumulative = 0;
  for (const auto& seg : s.segments) {
    cumulative += seg.energy_wh;
    const __int128 exact_twice_d = 2 * delta * (seg.to - m.started_at);  // 2 * D * exact
    const __int128 diff = 2 * duration * cumulative - exact_twice_d;
    RC_ASSERT(diff <= duration);  // at most half a Wh above the line ...
    RC_ASSERT(-diff < duration);  // ... and less than half below it
  }
}

}  // namespace
}  // namespace ct::billing
