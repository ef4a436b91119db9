#include "server/billing/tariff_schedule.hpp"

#include <gtest/gtest.h>

#include "tests/billing/test_support.hpp"

namespace ct::billing {
namespace {

using testing::failed;
using testing::ok;
using testing::rotating_tariff;
using testing::standard_tariff;
using testing::utc;
using testing::zone;

TariffVersion version(std::int64_t id, core::UtcMillis effective_from) {
  TariffVersion v = standard_tariff();
  v.id = id;
  v.effective_from = effective_from;
  return v;
}

TariffSchedule schedule(std::vector<TariffVersion> versions) {
  auto r = TariffSchedule::create(std::move(versions));
  if (auto* e = std::get_if<Error>(&r)) ADD_FAILURE() << e->message;
  return std::get<TariffSchedule>(std::move(r));
}

TEST(TariffSchedule, PicksTheLatestVersionInForce) {
  const TariffSchedule s = schedule({version(3, 3'000), version(1, 1'000), version(2, 2'000)});
  ASSERT_EQ(s.versions().size(), 3u);
  EXPECT_EQ(s.versions()[0].id, 1);
  EXPECT_EQ(s.versions()[2].id, 3);
  EXPECT_EQ(s.in_force_at(999), nullptr);
  EXPECT_EQ(s.in_force_at(1'000)->id, 1);
  EXPECT_EQ(s.in_force_at(1'999)->id, 1);
  EXPECT_EQ(s.in_force_at(2'000)->id, 2);
  EXPECT_EQ(s.in_force_at(utc(2030, 1, 1))->id, 3);
  EXPECT_EQ(schedule({}).in_force_at(0), nullptr);
}

TEST(TariffSchedule, RefusesAmbiguousOrInvalidVersions) {
  const Error dup = failed(TariffSchedule::create({version(1, 5'000), version(2, 5'000)}));
  EXPECT_EQ(dup.code, ErrorCode::InvalidSchedule);
  EXPECT_EQ(dup.message, "tariff versions 1 and 2 take effect at the same instant");

  TariffVersion bad = version(2, 2'000);
  bad.prices[index_of(Period::Peak)] = PeriodPrice{-1, 0};
  const Error invalid = failed(TariffSchedule::create({version(1, 1'000), bad}));
  EXPECT_EQ(invalid.code, ErrorCode::InvalidTariff);
  ASSERT_EQ(invalid.fields.size(), 1u);
  EXPECT_EQ(invalid.fields[0].field, "versions[1].prices.peak.electricityPriceE5");
}

TEST(DayPrices, OrdinaryDay) {
  const auto slots = ok(day_prices(standard_tariff(), zone("Asia/Shanghai"), {2024, 5, 1}));
  ASSERT_EQ(slots.size(), 48u);
  EXPECT_EQ(slots[0].from, utc(2024, 4, 30, 16));
  EXPECT_EQ(slots[36], (PriceSlot{utc(2024, 5, 1, 10),
                                  utc(2024, 5, 1, 10, 30),
                                  {2024, 5, 1},
                                  36,
                                  Period::Sharp,
                                  42,
                                  120'000,
                                  80'000}));
  EXPECT_EQ(slots[47].period, Period::Flat);
  EXPECT_EQ(slots[47].to, utc(2024, 5, 1, 16));
}

TEST(DayPrices, DstDays) {
  const TimeZone berlin = zone("Europe/Berlin");
  EXPECT_EQ(ok(day_prices(rotating_tariff(), berlin, {2024, 3, 31})).size(), 46u);
  const auto fall = ok(day_prices(rotating_tariff(), berlin, {2024, 10, 27}));
  ASSERT_EQ(fall.size(), 50u);
  EXPECT_EQ(fall[4].slot, 4);
  EXPECT_EQ(fall[6].slot, 4);
  EXPECT_EQ(fall[6].period, Period::Sharp);
  EXPECT_EQ(fall[6].from, utc(2024, 10, 27, 1));
}

TEST(DayPrices, FromAScheduleFollowsAVersionTakingEffectMidDay) {
  TariffVersion next = version(43, utc(2024, 5, 1, 4, 10));  // 12:10 local
  next.prices[index_of(Period::Flat)] = PeriodPrice{75'000, 55'000};
  const TariffSchedule s = schedule({version(42, 0), next});
  const auto slots = ok(day_prices(s, zone("Asia/Shanghai"), {2024, 5, 1}));
  ASSERT_EQ(slots.size(), 49u);
  EXPECT_EQ(slots[24], (PriceSlot{utc(2024, 5, 1, 4),
                                  utc(2024, 5, 1, 4, 10),
                                  {2024, 5, 1},
                                  24,
                                  Period::Flat,
                                  42,
                                  70'000,
                                  50'000}));
  EXPECT_EQ(slots[25], (PriceSlot{utc(2024, 5, 1, 4, 10),
                                  utc(2024, 5, 1, 4, 30),
                                  {2024, 5, 1},
                                  24,
                                  Period::Flat,
                                  43,
                                  75'000,
                                  55'000}));
  EXPECT_EQ(slots[48].tariff_version_id, 43);
  // Before the first version there is no price: those slots are left out.
  const auto later = ok(day_prices(schedule({next}), zone("Asia/Shanghai"), {2024, 5, 1}));
  ASSERT_EQ(later.size(), 24u);
  EXPECT_EQ(later.front().from, utc(2024, 5, 1, 4, 10));
}

TEST(DayPrices, DatesOutsideTheSupportedRange) {
  const TimeZone sh = zone("Asia/Shanghai");
  EXPECT_EQ(failed(day_prices(standard_tariff(), sh, {2024, 2, 30})).code, ErrorCode::OutOfRange);
  // 1970-01-01 in Shanghai begins at 1969-12-31T16:00Z.
  EXPECT_EQ(failed(day_prices(standard_tariff(), sh, {1970, 1, 1})).code, ErrorCode::OutOfRange);
  EXPECT_EQ(ok(day_prices(standard_tariff(), sh, {1970, 1, 2})).size(), 48u);
  EXPECT_EQ(ok(day_prices(standard_tariff(), sh, {9999, 12, 31})).size(), 48u);
  // ... but in New York it ends in the year 10000.
  EXPECT_EQ(failed(day_prices(standard_tariff(), zone("America/New_York"), {9999, 12, 31})).code,
            ErrorCode::OutOfRange);
  TariffVersion bad = standard_tariff();
  bad.prices[0].reset();
  EXPECT_EQ(failed(day_prices(bad, sh, {2024, 5, 1})).code, ErrorCode::InvalidTariff);
}

TEST(PriceAt, ThePriceInForceNow) {
  const PriceSlot now =
      ok(price_at(standard_tariff(), zone("Asia/Shanghai"), utc(2024, 5, 1, 10, 45, 12)));
  EXPECT_EQ(now, (PriceSlot{utc(2024, 5, 1, 10, 30),
                            utc(2024, 5, 1, 11),
                            {2024, 5, 1},
                            37,
                            Period::Sharp,
                            42,
                            120'000,
                            80'000}));
  // The second pass through 02:00-02:30 on Berlin's fall-back day.
  const PriceSlot again =
      ok(price_at(rotating_tariff(), zone("Europe/Berlin"), utc(2024, 10, 27, 1, 10)));
  EXPECT_EQ(again.from, utc(2024, 10, 27, 1));
  EXPECT_EQ(again.to, utc(2024, 10, 27, 1, 30));
  EXPECT_EQ(again.slot, 4);
  EXPECT_EQ(failed(price_at(standard_tariff(), zone("Asia/Shanghai"), -1)).code,
            ErrorCode::OutOfRange);
}

}  // namespace
}  // namespace ct::billing
