#include "server/billing/bill.hpp"

#include <gtest/gtest.h>

#include "server/billing/money.hpp"
#include "tests/billing/test_support.hpp"

namespace ct::billing {
namespace {

using testing::failed;
using testing::kMinute;
using testing::ok;
using testing::rotating_tariff;
using testing::standard_tariff;
using testing::utc;
using testing::zone;

core::UtcMillis sh(int h, int mi, int s = 0) {
  return utc(2024, 5, 1, h - 8, mi, s);
}

Bill bill(const SessionMeter& m, const TariffVersion& t = standard_tariff(), IdleTime idle = {},
          const std::string& zone_name = "Asia/Shanghai") {
  return ok(compute_bill(t, zone(zone_name), m, idle));
}

// A flat-only tariff with chosen prices, to make the rounding cases plain.
TariffVersion flat_tariff(std::int64_t electricity_e5, std::int64_t service_e5) {
  TariffVersion t;
  t.id = 9;
  t.prices[index_of(Period::Flat)] = PeriodPrice{electricity_e5, service_e5};
  t.slots.fill(Period::Flat);
  return t;
}

TEST(Bill, OnePeriodWorkedExample) {
  // 5 kWh flat at 0.70 + 0.50 yuan/kWh = 3.50 + 2.50 = 6.00 yuan.
  const Bill b = bill({sh(9, 0), 1'000, sh(9, 20), 6'000, {{sh(9, 10), 3'500}}});
  EXPECT_EQ(b.tariff_version_id, 42);
  EXPECT_EQ(b.time_zone, "Asia/Shanghai");
  EXPECT_EQ(b.energy_wh, 5'000);
  const PeriodLine& flat = b.periods[index_of(Period::Flat)];
  EXPECT_EQ(flat, (PeriodLine{Period::Flat, 5'000, 70'000, 50'000, 35'000, 25'000}));
  EXPECT_EQ(b.periods[index_of(Period::Sharp)],
            (PeriodLine{Period::Sharp, 0, 120'000, 80'000, 0, 0}));
  EXPECT_EQ(b.electricity_amount_e4, 35'000);
  EXPECT_EQ(b.service_amount_e4, 25'000);
  EXPECT_EQ(b.idle_fee_e4, 0);
  EXPECT_EQ(b.total_e4, 60'000);
  EXPECT_EQ(b.payable_fen, 600);
  EXPECT_EQ(b.samples_used, 1);
  EXPECT_EQ(b.meter_start_wh, 1'000);
  EXPECT_EQ(b.meter_stop_wh, 6'000);
}

TEST(Bill, TwoPeriodsWorkedExample) {
  // 07:10-09:40, 15 kWh, no samples: valley 5 kWh (0.3 + 0.4), flat 10 kWh (0.7 + 0.5).
  const Bill b = bill({sh(7, 10), 0, sh(9, 40), 15'000, {}});
  EXPECT_EQ(b.periods[index_of(Period::Valley)],
            (PeriodLine{Period::Valley, 5'000, 30'000, 40'000, 15'000, 20'000}));
  EXPECT_EQ(b.periods[index_of(Period::Flat)],
            (PeriodLine{Period::Flat, 10'000, 70'000, 50'000, 70'000, 50'000}));
  EXPECT_EQ(b.electricity_amount_e4, 85'000);
  EXPECT_EQ(b.service_amount_e4, 70'000);
  EXPECT_EQ(b.total_e4, 155'000);
  EXPECT_EQ(b.payable_fen, 1'550);
  EXPECT_EQ(b.segments.size(), 6u);
}

TEST(Bill, WorkedExamplesOfDocsBillingMd) {
  // docs/billing.md, "Apportioning rule" and "Rounding".
  TariffVersion t = standard_tariff();
  t.prices[index_of(Period::Flat)] = PeriodPrice{78'215, 41'250};
  t.prices[index_of(Period::Peak)] = PeriodPrice{102'345, 41'250};
  const Bill b = bill({sh(9, 50), 0, sh(10, 20), 1'001, {{sh(10, 5), 601}}}, t);
  ASSERT_EQ(b.segments.size(), 2u);
  EXPECT_EQ(b.segments[0].energy_wh, 401);
  EXPECT_EQ(b.segments[1].energy_wh, 600);
  EXPECT_EQ(b.periods[index_of(Period::Flat)],
            (PeriodLine{Period::Flat, 401, 78'215, 41'250, 3'136, 1'654}));
  EXPECT_EQ(b.periods[index_of(Period::Peak)],
            (PeriodLine{Period::Peak, 600, 102'345, 41'250, 6'141, 2'475}));
  EXPECT_EQ(b.electricity_amount_e4, 9'277);
  EXPECT_EQ(b.service_amount_e4, 4'129);
  EXPECT_EQ(b.total_e4, 13'406);
  EXPECT_EQ(b.payable_fen, 134);
  EXPECT_EQ(payable_fen_of(13'450), 135);
  // Without the sample, and over 09:50-10:10 (a tie).
  const Bill no_sample = bill({sh(9, 50), 0, sh(10, 20), 1'001, {}}, t);
  EXPECT_EQ(no_sample.periods[index_of(Period::Flat)].energy_wh, 334);
  EXPECT_EQ(no_sample.periods[index_of(Period::Peak)].energy_wh, 667);
  const Bill tie = bill({sh(9, 50), 0, sh(10, 10), 1'001, {}}, t);
  EXPECT_EQ(tie.periods[index_of(Period::Flat)].energy_wh, 501);
  EXPECT_EQ(tie.periods[index_of(Period::Peak)].energy_wh, 500);
}

TEST(Bill, PeriodAmountsRoundHalfUp) {
  // 1 Wh at 0.05 yuan/kWh is 0.00005 yuan = 0.5e-4: up to 1e-4. At 0.04999 it is
  // 0.4999e-4: down to 0.
  const Bill b = bill({sh(9, 0), 0, sh(9, 1), 1, {}}, flat_tariff(5'000, 4'999));
  const PeriodLine& flat = b.periods[index_of(Period::Flat)];
  EXPECT_EQ(flat.electricity_amount_e4, 1);
  EXPECT_EQ(flat.service_amount_e4, 0);
  EXPECT_EQ(b.total_e4, 1);
  EXPECT_EQ(b.payable_fen, 0);
  // 3 Wh at 1.23455 yuan/kWh = 0.00370365 yuan = 37.0365e-4 -> 37.
  EXPECT_EQ(bill({sh(9, 0), 0, sh(9, 1), 3, {}}, flat_tariff(123'455, 0)).total_e4, 37);
  // 7 Wh at 0.78215 yuan/kWh = 54.7505e-4 -> 55.
  EXPECT_EQ(bill({sh(9, 0), 0, sh(9, 1), 7, {}}, flat_tariff(78'215, 0)).total_e4, 55);
}

TEST(Bill, PayableRoundsHalfAFenUp) {
  // 150 Wh at 0.1 yuan/kWh = 0.0150 yuan: 1.5 fen -> 2 fen; 149 Wh -> 1.49 fen -> 1 fen.
  EXPECT_EQ(bill({sh(9, 0), 0, sh(9, 1), 150, {}}, flat_tariff(10'000, 0)).payable_fen, 2);
  EXPECT_EQ(bill({sh(9, 0), 0, sh(9, 1), 149, {}}, flat_tariff(10'000, 0)).payable_fen, 1);
  EXPECT_EQ(bill({sh(9, 0), 0, sh(9, 1), 250, {}}, flat_tariff(10'000, 0)).payable_fen, 3);
  EXPECT_EQ(payable_fen_of(0), 0);
  EXPECT_EQ(payable_fen_of(49), 0);
  EXPECT_EQ(payable_fen_of(50), 1);
  EXPECT_EQ(payable_fen_of(12'345'650), 123'457);
}

TEST(Bill, RoundingIsPerPeriodNotPerSegment) {
  // 08:50-09:10, 1,002 Wh in two flat slot segments of 501 Wh each, at 0.05 yuan/kWh.
  // Per period, once: 1002 * 5000 / 10^4 = 501.0 -> 501. Rounding each segment
  // (250.5 -> 251, twice) would charge 502; the bill never rounds per segment.
  const Bill b = bill({sh(8, 50), 0, sh(9, 10), 1'002, {}}, flat_tariff(5'000, 0));
  ASSERT_EQ(b.segments.size(), 2u);
  EXPECT_EQ(b.segments[0].energy_wh, 501);
  EXPECT_EQ(b.segments[1].energy_wh, 501);
  EXPECT_EQ(b.periods[index_of(Period::Flat)].electricity_amount_e4, 501);
}

TEST(Bill, IdleFeeWithinGraceOverGraceAndCapped) {
  TariffVersion t = standard_tariff();
  t.idle_fee = IdleFeeRule{15, 5'000, 100'000};  // 15 min free, 0.5 yuan/min, cap 10 yuan
  const SessionMeter m{sh(9, 0), 0, sh(9, 20), 5'000, {}};
  const Bill within = bill(m, t, IdleTime{sh(9, 20), sh(9, 35)});
  EXPECT_EQ(within.idle_fee_e4, 0);
  EXPECT_EQ(within.total_e4, 60'000);

  const Bill over = bill(m, t, IdleTime{sh(9, 20), sh(9, 38, 1)});  // 3 min 1 s over
  EXPECT_EQ(over.idle.minutes, 4);
  EXPECT_EQ(over.idle_fee_e4, 20'000);
  EXPECT_EQ(over.total_e4, 80'000);
  EXPECT_EQ(over.payable_fen, 800);
  EXPECT_EQ(over.idle.grace_minutes, 15);
  EXPECT_EQ(over.idle.unplugged_at, sh(9, 38, 1));

  const Bill capped = bill(m, t, IdleTime{sh(9, 20), sh(11, 0)});
  EXPECT_EQ(capped.idle.minutes, 85);
  EXPECT_EQ(capped.idle_fee_e4, 100'000);
  EXPECT_TRUE(capped.idle.capped);
  EXPECT_EQ(capped.total_e4, 160'000);
}

TEST(Bill, MeterResetIsFlaggedOnTheBill) {
  // The stop register is below the start: the energy is the sum of the increments.
  const Bill b = bill({sh(9, 15), 1'000, sh(9, 45), 900, {{sh(9, 25), 3'000}, {sh(9, 35), 500}}});
  EXPECT_TRUE(b.meter_reset);
  EXPECT_EQ(b.energy_wh, 2'400);
  EXPECT_EQ(b.periods[index_of(Period::Flat)].energy_wh, 2'400);
}

TEST(Bill, AGlitchedSampleIsNotBilled) {
  // A register read as 0 once, then the true register again: billed stop - start.
  const Bill b =
      bill({sh(9, 0), 363'152, sh(10, 0), 382'663, {{sh(9, 1), 0}, {sh(9, 30), 373'152}}});
  EXPECT_FALSE(b.meter_reset);
  EXPECT_EQ(b.energy_wh, 19'511);
  EXPECT_EQ(b.samples_used, 1);
  EXPECT_EQ(b.samples_ignored, 1);
  EXPECT_EQ(b.periods[index_of(Period::Flat)].energy_wh, 19'511);
}

TEST(Bill, BerlinDstDays) {
  // Spring: valley slot 3 then flat slot 6, 3 kWh each.
  const Bill spring = bill({utc(2024, 3, 31, 0, 30), 0, utc(2024, 3, 31, 1, 30), 6'000, {}},
                           rotating_tariff(), {}, "Europe/Berlin");
  EXPECT_EQ(spring.periods[index_of(Period::Valley)].energy_wh, 3'000);
  EXPECT_EQ(spring.periods[index_of(Period::Flat)].energy_wh, 3'000);
  EXPECT_EQ(spring.total_e4,
            3'000 * (30'000 + 40'000) / 10'000 + 3'000 * (70'000 + 50'000) / 10'000);
  // Fall: 02:00-03:00 twice, sharp 4 kWh (2.0 yuan/kWh) and peak 4 kWh (1.6 yuan/kWh).
  const Bill fall =
      bill({utc(2024, 10, 27, 0), 0, utc(2024, 10, 27, 2), 8'000, {{utc(2024, 10, 27, 1), 5'000}}},
           rotating_tariff(), {}, "Europe/Berlin");
  EXPECT_EQ(fall.segments.size(), 4u);
  EXPECT_EQ(fall.total_e4, 4'000 * 200'000 / 10'000 + 4'000 * 160'000 / 10'000);
  EXPECT_EQ(fall.payable_fen, 1'440);
}

TEST(Bill, UnpricedPeriodShowsZeroPrices) {
  const Bill b = bill({sh(9, 0), 0, sh(9, 1), 10, {}}, flat_tariff(10'000, 0));
  EXPECT_EQ(b.periods[index_of(Period::Peak)], (PeriodLine{Period::Peak, 0, 0, 0, 0, 0}));
  for (Period p : kPeriods) EXPECT_EQ(b.periods[index_of(p)].period, p);
}

TEST(Bill, InvalidTariffIsRefusedWithItsFieldErrors) {
  TariffVersion t = standard_tariff();
  t.prices[index_of(Period::Flat)] = PeriodPrice{-1, 0};
  const Error e =
      failed(compute_bill(t, zone("Asia/Shanghai"), {sh(9, 0), 0, sh(9, 1), 1, {}}, {}));
  EXPECT_EQ(e.code, ErrorCode::InvalidTariff);
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_EQ(e.fields[0].field, "prices.flat.electricityPriceE5");
}

TEST(Bill, SessionAndIdleErrorsPassThrough) {
  const TimeZone z = zone("Asia/Shanghai");
  EXPECT_EQ(failed(compute_bill(standard_tariff(), z, {sh(9, 0), 0, sh(8, 0), 1, {}}, {})).code,
            ErrorCode::InvalidSession);
  EXPECT_EQ(failed(compute_bill(standard_tariff(), z, {sh(9, 0), 0, sh(9, 1), 1, {}},
                                IdleTime{sh(9, 1), kLatestInstant + 1}))
                .code,
            ErrorCode::OutOfRange);
}

TEST(Bill, RunningBillUsesTheLatestSampleUpToNow) {
  const LiveSession live{
      sh(9, 45),
      0,
      {{sh(10, 0), 2'000}, {sh(9, 50), 600}, {sh(10, 10), 3'000}, {sh(10, 20), 9'999}}};
  // At 10:12 the 10:20 sample is in the future (clock skew): ignored.
  const Bill b = ok(running_bill(standard_tariff(), zone("Asia/Shanghai"), live, sh(10, 12)));
  EXPECT_EQ(b.stopped_at, sh(10, 10));
  EXPECT_EQ(b.meter_stop_wh, 3'000);
  EXPECT_EQ(b.periods[index_of(Period::Flat)].energy_wh, 2'000);
  EXPECT_EQ(b.periods[index_of(Period::Peak)].energy_wh, 1'000);
  EXPECT_EQ(b.idle_fee_e4, 0);
  // It is the bill of a session stopped at that sample.
  const Bill same = ok(compute_bill(standard_tariff(), zone("Asia/Shanghai"),
                                    {sh(9, 45),
                                     0,
                                     sh(10, 10),
                                     3'000,
                                     {{sh(10, 0), 2'000}, {sh(9, 50), 600}, {sh(10, 10), 3'000}}},
                                    {}));
  EXPECT_EQ(b, same);
}

TEST(Bill, RunningBillThroughAGlitchedSample) {
  // The latest sample stands in for the stop reading, glitched or not: while a glitched 0
  // is the latest, the bill so far is that of a reset (the increments up to it); once the
  // true register is back, the 0 is ignored and the bill is stop - start again.
  const LiveSession live{
      sh(9, 0), 10'000, {{sh(9, 10), 11'000}, {sh(9, 20), 0}, {sh(9, 30), 12'500}}};
  const Bill during = ok(running_bill(standard_tariff(), zone("Asia/Shanghai"), live, sh(9, 25)));
  EXPECT_TRUE(during.meter_reset);
  EXPECT_EQ(during.energy_wh, 1'000);
  const Bill after = ok(running_bill(standard_tariff(), zone("Asia/Shanghai"), live, sh(9, 35)));
  EXPECT_FALSE(after.meter_reset);
  EXPECT_EQ(after.energy_wh, 2'500);
  EXPECT_EQ(after.samples_ignored, 1);
}

TEST(Bill, RunningBillWithoutSamplesIsEmpty) {
  const LiveSession live{sh(9, 45), 700, {{sh(9, 40), 600}}};  // before the start: ignored
  const Bill b = ok(running_bill(standard_tariff(), zone("Asia/Shanghai"), live, sh(9, 50)));
  EXPECT_EQ(b.energy_wh, 0);
  EXPECT_EQ(b.stopped_at, sh(9, 45));
  EXPECT_EQ(b.total_e4, 0);
  EXPECT_EQ(b.segments.size(), 1u);
}

}  // namespace
}  // namespace ct::billing
