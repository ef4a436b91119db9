#include "server/billing/idle_fee.hpp"

#include <gtest/gtest.h>

#include "server/billing/money.hpp"
#include "tests/billing/test_support.hpp"

namespace ct::billing {
namespace {

using testing::failed;
using testing::kMinute;
using testing::ok;
using testing::utc;

// 10 free minutes, then 0.50 yuan per started minute, at most 10 yuan.
constexpr IdleFeeRule kRule{10, 5'000, 100'000};
const core::UtcMillis kEnded = utc(2024, 5, 1, 2, 0);

IdleLine idle_after(core::UtcMillis idle_ms, IdleFeeRule rule = kRule) {
  return ok(compute_idle_fee(rule, IdleTime{kEnded, kEnded + idle_ms}));
}

TEST(IdleFee, NothingWithoutBothInstants) {
  const IdleLine none = ok(compute_idle_fee(kRule, IdleTime{}));
  EXPECT_EQ(none.minutes, 0);
  EXPECT_EQ(none.fee_e4, 0);
  EXPECT_EQ(none.grace_minutes, 10);  // the rule is still shown
  EXPECT_EQ(ok(compute_idle_fee(kRule, IdleTime{kEnded, std::nullopt})).fee_e4, 0);
  EXPECT_EQ(ok(compute_idle_fee(kRule, IdleTime{std::nullopt, kEnded})).fee_e4, 0);
}

TEST(IdleFee, WithinGraceIsFree) {
  EXPECT_EQ(idle_after(0).fee_e4, 0);
  EXPECT_EQ(idle_after(9 * kMinute + 59'999).fee_e4, 0);
  const IdleLine exactly = idle_after(10 * kMinute);
  EXPECT_EQ(exactly.minutes, 0);
  EXPECT_EQ(exactly.fee_e4, 0);
  // The vehicle left before charging "ended": no idle time.
  EXPECT_EQ(ok(compute_idle_fee(kRule, IdleTime{kEnded, kEnded - kMinute})).fee_e4, 0);
}

TEST(IdleFee, EveryStartedMinuteAfterGraceCounts) {
  const IdleLine one_ms = idle_after(10 * kMinute + 1);
  EXPECT_EQ(one_ms.minutes, 1);
  EXPECT_EQ(one_ms.fee_e4, 5'000);
  const IdleLine line = idle_after(13 * kMinute + 20'000);  // 3 min 20 s over grace
  EXPECT_EQ(line.minutes, 4);
  EXPECT_EQ(line.fee_e4, 20'000);
  EXPECT_FALSE(line.capped);
  EXPECT_EQ(line.charging_ended_at, kEnded);
  EXPECT_EQ(line.unplugged_at, kEnded + 13 * kMinute + 20'000);
  EXPECT_EQ(idle_after(15 * kMinute).minutes, 5);
}

TEST(IdleFee, CapLimitsTheFee) {
  const IdleLine at_cap = idle_after(30 * kMinute);  // 20 minutes = exactly 10 yuan
  EXPECT_EQ(at_cap.fee_e4, 100'000);
  EXPECT_FALSE(at_cap.capped);
  const IdleLine over = idle_after(30 * kMinute + 1);  // 21 minutes
  EXPECT_EQ(over.minutes, 21);
  EXPECT_EQ(over.fee_e4, 100'000);
  EXPECT_TRUE(over.capped);
  const IdleLine uncapped = idle_after(30 * kMinute + 1, IdleFeeRule{10, 5'000, 0});
  EXPECT_EQ(uncapped.fee_e4, 105'000);
  EXPECT_FALSE(uncapped.capped);
}

TEST(IdleFee, NoFeeWhenThePriceIsZeroOrThereIsNoGrace) {
  EXPECT_EQ(idle_after(60 * kMinute, IdleFeeRule{0, 0, 0}).fee_e4, 0);
  const IdleLine no_grace = idle_after(1, IdleFeeRule{0, 5'000, 0});
  EXPECT_EQ(no_grace.minutes, 1);
  EXPECT_EQ(no_grace.fee_e4, 5'000);
}

TEST(IdleFee, InstantsOutOfRange) {
  EXPECT_EQ(failed(compute_idle_fee(kRule, IdleTime{-1, kEnded})).code, ErrorCode::OutOfRange);
  EXPECT_EQ(failed(compute_idle_fee(kRule, IdleTime{kEnded, kLatestInstant + 1})).code,
            ErrorCode::OutOfRange);
}

}  // namespace
}  // namespace ct::billing
