// Building the 48 half-hour slots of a billing model from time ranges.
#include <gtest/gtest.h>

#include "protocol/ykc16/tariff.hpp"
#include "protocol/ykc16/units.hpp"

namespace ct::ykc16 {
namespace {

TEST(Tariff, SegmentsToSlotsAndBack) {
  const TariffSegment day[] = {{480, 1440, TariffPeriod::Peak},
                               {0, 480, TariffPeriod::Valley}};  // any order
  const auto slots = slots_from_segments(day);
  ASSERT_TRUE(std::holds_alternative<DaySlots>(slots)) << std::get<std::string>(slots);
  const DaySlots& s = std::get<DaySlots>(slots);
  EXPECT_EQ(s[0], TariffPeriod::Valley);
  EXPECT_EQ(s[15], TariffPeriod::Valley);
  EXPECT_EQ(s[16], TariffPeriod::Peak);
  EXPECT_EQ(period_at(s, 7 * 60 + 59), TariffPeriod::Valley);
  EXPECT_EQ(period_at(s, 8 * 60), TariffPeriod::Peak);
  EXPECT_EQ(period_at(s, 1440 + 10), TariffPeriod::Valley);
  EXPECT_EQ(segments_from_slots(s), (std::vector<TariffSegment>{{0, 480, TariffPeriod::Valley},
                                                                {480, 1440, TariffPeriod::Peak}}));
}

TEST(Tariff, RefusesGapsOverlapsAndOddBoundaries) {
  const TariffSegment gap[] = {{0, 480, TariffPeriod::Valley}, {510, 1440, TariffPeriod::Peak}};
  EXPECT_EQ(std::get<std::string>(slots_from_segments(gap)), "no segment covers minute 480");
  const TariffSegment overlap[] = {{0, 510, TariffPeriod::Valley}, {480, 1440, TariffPeriod::Peak}};
  EXPECT_EQ(std::get<std::string>(slots_from_segments(overlap)), "segments overlap at minute 480");
  const TariffSegment odd[] = {{0, 485, TariffPeriod::Valley}};
  EXPECT_TRUE(std::holds_alternative<std::string>(slots_from_segments(odd)));
  const TariffSegment late[] = {{0, 1470, TariffPeriod::Valley}};
  EXPECT_TRUE(std::holds_alternative<std::string>(slots_from_segments(late)));
}

TEST(Tariff, ModelRatesByPeriod) {
  BillingModel m;
  m.rate(TariffPeriod::Flat)->electricity_e5_yuan = 80000;
  EXPECT_EQ(m.flat.electricity_e5_yuan, 80000U);
  EXPECT_EQ(m.rate(static_cast<TariffPeriod>(4)), nullptr);
}

TEST(Units, ToProjectUnits) {
  EXPECT_EQ(milli_wh_from_e4_kwh(88000), 8'800'000);  // 8.8 kWh
  EXPECT_EQ(wh_from_e4_kwh(1650), 165);
  EXPECT_EQ(wh_from_e4_kwh(1655), 166);
  EXPECT_EQ(wh_from_e4_kwh(1654), 165);
  EXPECT_EQ(wh_from_e1_kwh(3), 300);
  EXPECT_EQ(watts_from_dv_da(3732, 1012), 37768);  // 373.2 V x 101.2 A = 37767.84 W
  EXPECT_EQ(e4_yuan_from_e2_yuan(100000), 10'000'000);
}

}  // namespace
}  // namespace ct::ykc16
