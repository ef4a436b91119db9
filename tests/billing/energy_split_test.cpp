#include "server/billing/energy_split.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "server/billing/money.hpp"
#include "tests/billing/test_support.hpp"

namespace ct::billing {
namespace {

using testing::failed;
using testing::kHour;
using testing::kMinute;
using testing::ok;
using testing::rotating_tariff;
using testing::standard_tariff;
using testing::utc;
using testing::zone;

// 2024-05-01 at h:mi local time in Shanghai (UTC+8); hours past 24 run into May 2nd.
core::UtcMillis sh(int h, int mi, int s = 0, int ms = 0) {
  return utc(2024, 5, 1, h - 8, mi, s, ms);
}

EnergySplit split(const SessionMeter& m, const TariffVersion& t = standard_tariff(),
                  const std::string& zone_name = "Asia/Shanghai") {
  return ok(split_energy(t.slots, zone(zone_name), m));
}

std::int64_t wh(const EnergySplit& s, Period p) {
  return s.period_wh[index_of(p)];
}

std::vector<std::int64_t> segment_energies(const EnergySplit& s) {
  std::vector<std::int64_t> out;
  for (const auto& seg : s.segments) out.push_back(seg.energy_wh);
  return out;
}

void expect_consistent(const EnergySplit& s) {
  const auto seg_sum =
      std::accumulate(s.segments.begin(), s.segments.end(), std::int64_t{0},
                      [](std::int64_t acc, const SlotSegment& seg) { return acc + seg.energy_wh; });
  EXPECT_EQ(seg_sum, s.total_wh);
  EXPECT_EQ(std::accumulate(s.period_wh.begin(), s.period_wh.end(), std::int64_t{0}), s.total_wh);
}

TEST(EnergySplit, SessionInsideOnePeriod) {
  const EnergySplit s = split({sh(9, 0), 1'000, sh(9, 20), 6'000, {{sh(9, 10), 3'500}}});
  ASSERT_EQ(s.segments.size(), 1u);
  EXPECT_EQ(s.segments[0],
            (SlotSegment{sh(9, 0), sh(9, 20), {2024, 5, 1}, 18, Period::Flat, 5'000}));
  EXPECT_EQ(s.total_wh, 5'000);
  EXPECT_EQ(wh(s, Period::Flat), 5'000);
  EXPECT_EQ(s.samples_used, 1);
  EXPECT_FALSE(s.meter_reset);
}

TEST(EnergySplit, PeriodBoundaryWithASampleExactlyOnIt) {
  // Flat until 10:00, peak after: the sample at 10:00 says 2,000 Wh were charged before.
  const EnergySplit s = split({sh(9, 45), 0, sh(10, 15), 3'000, {{sh(10, 0), 2'000}}});
  ASSERT_EQ(s.segments.size(), 2u);
  EXPECT_EQ(s.segments[0],
            (SlotSegment{sh(9, 45), sh(10, 0), {2024, 5, 1}, 19, Period::Flat, 2'000}));
  EXPECT_EQ(s.segments[1],
            (SlotSegment{sh(10, 0), sh(10, 15), {2024, 5, 1}, 20, Period::Peak, 1'000}));
  expect_consistent(s);
}

TEST(EnergySplit, PeriodBoundaryWithoutASampleIsApportionedByTime) {
  // 3,000 Wh over 30 minutes, 15 of them before 10:00.
  EnergySplit s = split({sh(9, 45), 0, sh(10, 15), 3'000, {}});
  EXPECT_EQ(segment_energies(s), (std::vector<std::int64_t>{1'500, 1'500}));
  // 1,001 Wh over 09:50-10:20: 1001 * 10/30 = 333.67 -> the reading at 10:00 is 334.
  s = split({sh(9, 50), 0, sh(10, 20), 1'001, {}});
  EXPECT_EQ(segment_energies(s), (std::vector<std::int64_t>{334, 667}));
  // 1,001 Wh over 09:50-10:10: 500.5 at 10:00, a tie, goes to the earlier segment.
  s = split({sh(9, 50), 0, sh(10, 10), 1'001, {}});
  EXPECT_EQ(segment_energies(s), (std::vector<std::int64_t>{501, 500}));
  EXPECT_EQ(wh(s, Period::Flat), 501);
  EXPECT_EQ(wh(s, Period::Peak), 500);
}

TEST(EnergySplit, AcrossLocalMidnight) {
  // 23:40 May 1st (flat) to 00:20 May 2nd (valley), 100 Wh a minute.
  const EnergySplit s = split({sh(23, 40), 10'000, sh(24, 20), 14'000, {}});
  ASSERT_EQ(s.segments.size(), 2u);
  EXPECT_EQ(s.segments[0],
            (SlotSegment{sh(23, 40), sh(24, 0), {2024, 5, 1}, 47, Period::Flat, 2'000}));
  EXPECT_EQ(s.segments[1],
            (SlotSegment{sh(24, 0), sh(24, 20), {2024, 5, 2}, 0, Period::Valley, 2'000}));
  EXPECT_EQ(wh(s, Period::Flat), 2'000);
  EXPECT_EQ(wh(s, Period::Valley), 2'000);
}

TEST(EnergySplit, OnlyStartAndStopKnown) {
  // 07:10-09:40 with no samples (a charger that sent none): one interval of 150 minutes,
  // 15,000 Wh, 100 Wh per minute through six slot segments.
  const EnergySplit s = split({sh(7, 10), 0, sh(9, 40), 15'000, {}});
  EXPECT_EQ(segment_energies(s),
            (std::vector<std::int64_t>{2'000, 3'000, 3'000, 3'000, 3'000, 1'000}));
  EXPECT_EQ(wh(s, Period::Valley), 5'000);
  EXPECT_EQ(wh(s, Period::Flat), 10'000);
  EXPECT_EQ(s.samples_used, 0);
  expect_consistent(s);
}

// The split of `m` must equal that of `m` without the samples `dropped`, apart from
// counting them as ignored.
void expect_same_as_without(const SessionMeter& m, const std::vector<MeterReading>& dropped) {
  SessionMeter clean = m;
  std::erase_if(clean.samples, [&](const MeterReading& r) {
    return std::find(dropped.begin(), dropped.end(), r) != dropped.end();
  });
  EnergySplit expected = split(clean);
  expected.samples_ignored += static_cast<std::int64_t>(dropped.size());
  EXPECT_EQ(split(m), expected);
}

TEST(EnergySplit, TheTwinsGlitchedZeroIsNotEnergy) {
  // The order the digital twin found: start 363,152 Wh, a MeterValues sample reading 0
  // once, then the true register again, stop 382,663 Wh. Counting the glitch as a meter
  // reset billed 382,663 Wh; start and stop say 19,511.
  const SessionMeter m{
      sh(9, 0), 363'152, sh(10, 0), 382'663, {{sh(9, 1), 0}, {sh(9, 30), 373'152}}};
  const EnergySplit s = split(m);
  EXPECT_EQ(s.total_wh, 19'511);
  EXPECT_FALSE(s.meter_reset);
  EXPECT_EQ(s.samples_used, 1);
  EXPECT_EQ(s.samples_ignored, 1);
  EXPECT_EQ(segment_energies(s), (std::vector<std::int64_t>{10'000, 9'511}));
  expect_same_as_without(m, {{sh(9, 1), 0}});
}

TEST(EnergySplit, AZeroGlitchInTheMiddleAddsNothing) {
  // A charger counting each transaction from 0, so the glitched 0 lies within start..stop;
  // it is not part of the longest run that never goes down (1,000, 2,500, 4,000) and its
  // neighbours are apportioned as if it had not been sent: 2,500 at 10:05 to 4,000 at
  // 10:20 is one straight line.
  const SessionMeter m{
      sh(9, 40),
      0,
      sh(10, 40),
      6'000,
      {{sh(9, 50), 1'000}, {sh(10, 5), 2'500}, {sh(10, 10), 0}, {sh(10, 20), 4'000}}};
  const EnergySplit s = split(m);
  EXPECT_EQ(s.total_wh, 6'000);
  EXPECT_FALSE(s.meter_reset);
  EXPECT_EQ(s.samples_used, 3);
  EXPECT_EQ(s.samples_ignored, 1);
  // 09:40-09:50 1,000; 09:50-10:05 1,500, 10 of 15 minutes before 10:00 -> 1,000 / 500;
  // 10:05-10:20 1,500; 10:20-10:40 2,000, half before 10:30.
  EXPECT_EQ(segment_energies(s), (std::vector<std::int64_t>{2'000, 3'000, 1'000}));
  EXPECT_EQ(wh(s, Period::Flat), 2'000);
  EXPECT_EQ(wh(s, Period::Peak), 4'000);
  expect_same_as_without(m, {{sh(10, 10), 0}});
}

TEST(EnergySplit, RegistersOutsideStartToStopAreIgnored) {
  // A spike above the stop register and a dip below the start register (which the old
  // rule took for a meter reset) place nothing; 3,000 Wh, no reset.
  const SessionMeter m{sh(9, 0),
                       1'000,
                       sh(9, 30),
                       4'000,
                       {{sh(9, 10), 2'000},
                        {sh(9, 15), 900'000},
                        {sh(9, 20), 3'000},
                        {sh(9, 25), 500},
                        {sh(9, 26), 4'001}}};
  const EnergySplit s = split(m);
  EXPECT_EQ(s.total_wh, 3'000);
  EXPECT_FALSE(s.meter_reset);
  EXPECT_EQ(s.samples_used, 2);
  EXPECT_EQ(s.samples_ignored, 3);
  expect_same_as_without(m, {{sh(9, 15), 900'000}, {sh(9, 25), 500}, {sh(9, 26), 4'001}});
  // An ignored sample is counted once however often it is sent, like a used one.
  SessionMeter twice = m;
  twice.samples.push_back({sh(9, 15), 900'000});
  EXPECT_EQ(split(twice), s);
}

TEST(EnergySplit, ASpikeWithinRangeIsOutnumberedByTheLongestRun) {
  // 8,000 at 09:20 is within 0..10,000 but above the two readings after it: the longest
  // run that never goes down is 1,000, 3,000, 5,000.
  const SessionMeter m{
      sh(9, 0),
      0,
      sh(10, 0),
      10'000,
      {{sh(9, 10), 1'000}, {sh(9, 20), 8'000}, {sh(9, 40), 3'000}, {sh(9, 50), 5'000}}};
  const EnergySplit s = split(m);
  EXPECT_EQ(s.total_wh, 10'000);
  EXPECT_EQ(s.samples_used, 3);
  EXPECT_EQ(s.samples_ignored, 1);
  // 09:00-09:10 1,000; 09:10-09:40 2,000, 20 of 30 minutes before 09:30 -> 1,333 / 667;
  // then 2,000 and 5,000.
  EXPECT_EQ(segment_energies(s), (std::vector<std::int64_t>{2'333, 7'667}));
  expect_same_as_without(m, {{sh(9, 20), 8'000}});
}

TEST(EnergySplit, TiesKeepTheEarlierSample) {
  // Two longest runs, 1,000 then 4,000 or 1,000 then 2,000: the earlier sample where they
  // first differ is kept, so a dip gives way to the reading before it ...
  const SessionMeter dip{
      sh(9, 0), 0, sh(10, 0), 10'000, {{sh(9, 10), 1'000}, {sh(9, 20), 4'000}, {sh(9, 40), 2'000}}};
  EXPECT_EQ(split(dip).samples_used, 2);
  expect_same_as_without(dip, {{sh(9, 40), 2'000}});
  // ... and a spike above only one later reading displaces that reading, still within
  // the total of stop - start.
  SessionMeter spike{
      sh(9, 0), 0, sh(10, 0), 10'000, {{sh(9, 10), 1'000}, {sh(9, 20), 8'000}, {sh(9, 40), 3'000}}};
  expect_same_as_without(spike, {{sh(9, 40), 3'000}});
  EXPECT_EQ(split(spike).total_wh, 10'000);
  // At one instant the lower register is the earlier sample: 2,000 and 3,000 at 09:20,
  // then 2,500 -> 2,000 and 3,000 are kept (zero-length interval at 09:20).
  const SessionMeter same_instant{
      sh(9, 0), 0, sh(10, 0), 10'000, {{sh(9, 20), 3'000}, {sh(9, 20), 2'000}, {sh(9, 40), 2'500}}};
  expect_same_as_without(same_instant, {{sh(9, 40), 2'500}});
  // The choice does not depend on the order the samples arrived in.
  std::reverse(spike.samples.begin(), spike.samples.end());
  expect_same_as_without(spike, {{sh(9, 40), 3'000}});
}

TEST(EnergySplit, ADipThatRecoversIsNotAReset) {
  // 1,000 -> 3,000 -> 500 -> stop 1,500: the stop is above the start, so the order is
  // 500 Wh; neither sample lies within 1,000..1,500 and both are ignored.
  const EnergySplit s =
      split({sh(9, 15), 1'000, sh(9, 45), 1'500, {{sh(9, 25), 3'000}, {sh(9, 35), 500}}});
  EXPECT_FALSE(s.meter_reset);
  EXPECT_EQ(s.total_wh, 500);
  EXPECT_EQ(s.samples_used, 0);
  EXPECT_EQ(s.samples_ignored, 2);
  EXPECT_EQ(segment_energies(s), (std::vector<std::int64_t>{250, 250}));
}

TEST(EnergySplit, MeterResetCountsFromTheNewBase) {
  // The stop register (900) is below the start register (1,000): a reset. 1,000 -> 3,000
  // (+2,000), then the register drops to 500 (the interval counts nothing), then
  // 500 -> 900 (+400).
  const EnergySplit s =
      split({sh(9, 15), 1'000, sh(9, 45), 900, {{sh(9, 25), 3'000}, {sh(9, 35), 500}}});
  EXPECT_TRUE(s.meter_reset);
  EXPECT_EQ(s.total_wh, 2'400);
  EXPECT_EQ(s.samples_used, 2);
  EXPECT_EQ(s.samples_ignored, 0);
  EXPECT_EQ(segment_energies(s), (std::vector<std::int64_t>{2'000, 400}));
  // A stop register below the start register without samples: an order with no energy.
  const EnergySplit down = split({sh(9, 0), 5'000, sh(9, 10), 100, {}});
  EXPECT_TRUE(down.meter_reset);
  EXPECT_EQ(down.total_wh, 0);
}

TEST(EnergySplit, BerlinSpringForward) {
  // 2024-03-31 01:30 CET (00:30Z) to 03:30 CEST (01:30Z): one real hour, 6,000 Wh, no
  // samples. 02:00-03:00 never happens: slot 3 (valley) then slot 6 (flat).
  const EnergySplit s = split({utc(2024, 3, 31, 0, 30), 0, utc(2024, 3, 31, 1, 30), 6'000, {}},
                              rotating_tariff(), "Europe/Berlin");
  ASSERT_EQ(s.segments.size(), 2u);
  EXPECT_EQ(
      s.segments[0],
      (SlotSegment{
          utc(2024, 3, 31, 0, 30), utc(2024, 3, 31, 1), {2024, 3, 31}, 3, Period::Valley, 3'000}));
  EXPECT_EQ(
      s.segments[1],
      (SlotSegment{
          utc(2024, 3, 31, 1), utc(2024, 3, 31, 1, 30), {2024, 3, 31}, 6, Period::Flat, 3'000}));
}

TEST(EnergySplit, BerlinFallBack) {
  // 2024-10-27 00:00Z (02:00 CEST) to 02:00Z (03:00 CET): 02:00-03:00 is lived twice, slots
  // 4 (sharp) and 5 (peak) each twice. 5,000 Wh in the first hour, 3,000 in the second.
  const EnergySplit s =
      split({utc(2024, 10, 27, 0), 0, utc(2024, 10, 27, 2), 8'000, {{utc(2024, 10, 27, 1), 5'000}}},
            rotating_tariff(), "Europe/Berlin");
  ASSERT_EQ(s.segments.size(), 4u);
  EXPECT_EQ(segment_energies(s), (std::vector<std::int64_t>{2'500, 2'500, 1'500, 1'500}));
  EXPECT_EQ(s.segments[2].slot, 4);
  EXPECT_EQ(s.segments[2].from, utc(2024, 10, 27, 1));
  EXPECT_EQ(wh(s, Period::Sharp), 4'000);
  EXPECT_EQ(wh(s, Period::Peak), 4'000);
}

TEST(EnergySplit, DstChangeOffTheHalfHour) {
  // America/St_Johns 2010-03-13 23:50 NST to 2010-03-14 01:10 NDT: 20 real minutes,
  // 100 Wh each. 00:00-00:01 is slot 0 for one minute, then the clock shows 01:01.
  const EnergySplit s = split({utc(2010, 3, 14, 3, 20), 0, utc(2010, 3, 14, 3, 40), 2'000, {}},
                              rotating_tariff(), "America/St_Johns");
  ASSERT_EQ(s.segments.size(), 3u);
  EXPECT_EQ(s.segments[0], (SlotSegment{utc(2010, 3, 14, 3, 20),
                                        utc(2010, 3, 14, 3, 30),
                                        {2010, 3, 13},
                                        47,
                                        Period::Valley,
                                        1'000}));
  EXPECT_EQ(
      s.segments[1],
      (SlotSegment{
          utc(2010, 3, 14, 3, 30), utc(2010, 3, 14, 3, 31), {2010, 3, 14}, 0, Period::Sharp, 100}));
  EXPECT_EQ(
      s.segments[2],
      (SlotSegment{
          utc(2010, 3, 14, 3, 31), utc(2010, 3, 14, 3, 40), {2010, 3, 14}, 2, Period::Flat, 900}));
}

TEST(EnergySplit, ZeroLengthIntervalsGoToTheSlotOfTheirInstant) {
  // 100 Wh reported at the very start instant, 50 more at the stop instant, which is a
  // slot edge (10:00): both stay in the session's own segment.
  const EnergySplit s = split({sh(9, 30), 0, sh(10, 0), 450, {{sh(9, 30), 100}, {sh(10, 0), 400}}});
  ASSERT_EQ(s.segments.size(), 1u);
  EXPECT_EQ(s.segments[0].energy_wh, 450);
  // A jump in the middle lands in the slot containing it: 09:59:59.999 is slot 19,
  // 10:00 is slot 20.
  const EnergySplit mid =
      split({sh(9, 50), 0, sh(10, 10), 1'000, {{sh(10, 0), 0}, {sh(10, 0), 1'000}}});
  EXPECT_EQ(segment_energies(mid), (std::vector<std::int64_t>{0, 1'000}));
}

TEST(EnergySplit, ZeroLengthSession) {
  const EnergySplit s = split({sh(12, 0), 500, sh(12, 0), 520, {}});
  ASSERT_EQ(s.segments.size(), 1u);
  EXPECT_EQ(s.segments[0], (SlotSegment{sh(12, 0), sh(12, 0), {2024, 5, 1}, 24, Period::Flat, 20}));
  EXPECT_EQ(s.total_wh, 20);
}

TEST(EnergySplit, SampleOrderAndDuplicatesDoNotMatter) {
  SessionMeter m{sh(9, 40),
                 0,
                 sh(10, 40),
                 6'000,
                 {{sh(9, 50), 900}, {sh(10, 5), 2'800}, {sh(10, 20), 4'100}, {sh(10, 30), 5'000}}};
  const EnergySplit sorted = split(m);
  m.samples.push_back(m.samples[1]);
  m.samples.push_back(m.samples[3]);
  std::mt19937 rng(7);
  std::shuffle(m.samples.begin(), m.samples.end(), rng);
  EXPECT_EQ(split(m), sorted);
  EXPECT_EQ(sorted.samples_used, 4);
  // 09:40-09:50: 900; 09:50-10:05: 1,900 of which 10/15 before 10:00 -> 1,267 / 633;
  // then 1,300 + 900 up to 10:30 and 1,000 after.
  EXPECT_EQ(segment_energies(sorted), (std::vector<std::int64_t>{2'167, 2'833, 1'000}));
}

TEST(EnergySplit, SamplesOutsideTheSessionOrWithFaultyRegistersAreIgnored) {
  const EnergySplit s = split({sh(9, 0),
                               1'000,
                               sh(9, 20),
                               3'000,
                               {{sh(8, 59), 999},
                                {sh(9, 0) - 1, 1'000},
                                {sh(9, 20) + 1, 3'000},
                                {sh(9, 21), 3'100},
                                {sh(9, 10), -4},
                                {sh(9, 10), kMaxRegisterWh + 1},
                                {sh(9, 10), 2'000}}});
  EXPECT_EQ(s.samples_ignored, 6);
  EXPECT_EQ(s.samples_used, 1);
  EXPECT_EQ(s.total_wh, 2'000);
  EXPECT_FALSE(s.meter_reset);
}

TEST(EnergySplit, LongSessionOverManyDays) {
  // Three days at a constant 1,000 Wh per half hour: every slot segment gets exactly that.
  const core::UtcMillis start = sh(0, 0);
  const EnergySplit s = split({start, 0, start + 72 * kHour, 144'000, {}});
  ASSERT_EQ(s.segments.size(), 144u);
  for (const auto& seg : s.segments) EXPECT_EQ(seg.energy_wh, 1'000);
  EXPECT_EQ(s.segments.back().local_date, (CivilDate{2024, 5, 3}));
  EXPECT_EQ(wh(s, Period::Valley), 3 * 16'000);
}

TEST(EnergySplit, Errors) {
  const SlotTable slots = standard_tariff().slots;
  const TimeZone z = zone("Asia/Shanghai");
  EXPECT_EQ(failed(split_energy(slots, z, {sh(10, 0), 0, sh(9, 0), 10, {}})).code,
            ErrorCode::InvalidSession);
  EXPECT_EQ(failed(split_energy(slots, z, {sh(10, 0), -1, sh(11, 0), 10, {}})).code,
            ErrorCode::InvalidSession);
  EXPECT_EQ(failed(split_energy(slots, z, {sh(10, 0), 0, sh(11, 0), kMaxRegisterWh + 1, {}})).code,
            ErrorCode::InvalidSession);
  EXPECT_EQ(failed(split_energy(slots, z, {-5, 0, 10, 10, {}})).code, ErrorCode::OutOfRange);
  EXPECT_EQ(
      failed(split_energy(slots, z, {sh(0, 0), 0, sh(0, 0) + kMaxSessionMillis + 1, 1, {}})).code,
      ErrorCode::SessionTooLong);
  EXPECT_TRUE(std::holds_alternative<EnergySplit>(
      split_energy(slots, z, {sh(0, 0), 0, sh(0, 0) + kMaxSessionMillis, 1, {}})));
  EXPECT_EQ(
      failed(split_energy(slots, z, {sh(9, 0), 0, sh(10, 0), kMaxOrderEnergyWh + 1, {}})).code,
      ErrorCode::EnergyOutOfRange);
  // Two increments that are each allowed but together are not.
  EXPECT_EQ(failed(split_energy(slots, z,
                                {sh(9, 0),
                                 0,
                                 sh(10, 0),
                                 kMaxOrderEnergyWh + 2,
                                 {{sh(9, 30), kMaxOrderEnergyWh / 2 + 1}}}))
                .code,
            ErrorCode::EnergyOutOfRange);
  SlotTable broken = slots;
  broken[5] = static_cast<Period>(9);
  const Error e = failed(split_energy(broken, z, {sh(9, 0), 0, sh(10, 0), 1, {}}));
  EXPECT_EQ(e.code, ErrorCode::InvalidTariff);
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_EQ(e.fields[0].field, "slots[5]");
}

}  // namespace
}  // namespace ct::billing
