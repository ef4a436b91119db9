#include "server/billing/tariff.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "server/billing/money.hpp"
#include "tests/billing/test_support.hpp"

namespace ct::billing {
namespace {

using testing::standard_tariff;

std::vector<std::string> fields_of(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(Tariff, PeriodNamesRoundTripAndMatchYkcIndices) {
  for (Period p : kPeriods) EXPECT_EQ(period_from_string(to_string(p)), p);
  EXPECT_FALSE(period_from_string("Sharp"));
  EXPECT_FALSE(period_from_string(""));
  EXPECT_EQ(index_of(Period::Sharp), 0u);
  EXPECT_EQ(index_of(Period::Peak), 1u);
  EXPECT_EQ(index_of(Period::Flat), 2u);
  EXPECT_EQ(index_of(Period::Valley), 3u);
}

TEST(Tariff, AWellFormedVersionHasNoErrors) {
  EXPECT_TRUE(validate(standard_tariff()).empty());
  // Free charging and the largest allowed values are fine.
  TariffVersion t = standard_tariff();
  t.prices[index_of(Period::Valley)] = PeriodPrice{0, 0};
  t.prices[index_of(Period::Sharp)] = PeriodPrice{kMaxPriceE5, kMaxPriceE5};
  t.idle_fee = IdleFeeRule{kMaxGraceMinutes, kMaxIdlePricePerMinuteE4, kMaxIdleCapE4};
  t.effective_from = kLatestInstant;
  EXPECT_TRUE(validate(t).empty());
}

TEST(Tariff, AnUnusedPeriodNeedsNoPrice) {
  TariffVersion t = standard_tariff();
  for (auto& slot : t.slots) {
    if (slot == Period::Sharp) slot = Period::Peak;
  }
  t.prices[index_of(Period::Sharp)].reset();
  EXPECT_TRUE(validate(t).empty());
}

TEST(Tariff, NegativeAndExcessivePrices) {
  TariffVersion t = standard_tariff();
  t.prices[index_of(Period::Peak)] = PeriodPrice{-1, kMaxPriceE5 + 1};
  const auto errors = validate(t);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], (FieldError{"prices.peak.electricityPriceE5", "must not be negative"}));
  EXPECT_EQ(errors[1].field, "prices.peak.servicePriceE5");
  EXPECT_EQ(errors[1].message, "must be at most 10000000 (100 yuan per kWh)");
}

TEST(Tariff, SlotWhosePeriodHasNoPrice) {
  TariffVersion t = standard_tariff();
  t.prices[index_of(Period::Sharp)].reset();  // slots 36..41 are sharp
  const auto errors = validate(t);
  EXPECT_EQ(fields_of(errors), (std::vector<std::string>{"slots[36]", "slots[37]", "slots[38]",
                                                         "slots[39]", "slots[40]", "slots[41]"}));
  EXPECT_EQ(errors[0].message, "uses period sharp, which has no price");
}

TEST(Tariff, SlotThatIsNotAPeriod) {
  TariffVersion t = standard_tariff();
  t.slots[3] = static_cast<Period>(7);
  EXPECT_EQ(
      validate(t),
      (std::vector<FieldError>{{"slots[3]", "is not a period (sharp, peak, flat or valley)"}}));
}

TEST(Tariff, IdleFeeAndEffectiveTimeBounds) {
  TariffVersion t = standard_tariff();
  t.effective_from = -1;
  t.idle_fee = IdleFeeRule{-1, kMaxIdlePricePerMinuteE4 + 1, -5};
  EXPECT_EQ(fields_of(validate(t)),
            (std::vector<std::string>{"effectiveFrom", "idleFee.graceMinutes",
                                      "idleFee.pricePerMinuteE4", "idleFee.capE4"}));
  t = standard_tariff();
  t.idle_fee = IdleFeeRule{kMaxGraceMinutes + 1, 0, kMaxIdleCapE4 + 1};
  EXPECT_EQ(fields_of(validate(t)),
            (std::vector<std::string>{"idleFee.graceMinutes", "idleFee.capE4"}));
}

}  // namespace
}  // namespace ct::billing
