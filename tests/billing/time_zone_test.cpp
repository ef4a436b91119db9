#include "server/billing/time_zone.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/billing/test_support.hpp"

namespace ct::billing {
namespace {

using testing::kHour;
using testing::kMinute;
using testing::utc;
using testing::zone;

std::vector<int> slots_of(const std::vector<SlotSpan>& spans) {
  std::vector<int> out;
  for (const auto& s : spans) out.push_back(s.slot);
  return out;
}

core::UtcMillis total_length(const std::vector<SlotSpan>& spans) {
  core::UtcMillis sum = 0;
  for (const auto& s : spans) sum += s.to - s.from;
  return sum;
}

void expect_contiguous(const std::vector<SlotSpan>& spans) {
  for (std::size_t i = 1; i < spans.size(); ++i) {
    EXPECT_EQ(spans[i - 1].to, spans[i].from) << "gap or overlap before span " << i;
    EXPECT_LT(spans[i].from, spans[i].to);
  }
}

TEST(TimeZone, LoadsIanaZonesAndRefusesUnknownOnes) {
  for (const char* name : {"Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC",
                           "America/Argentina/Buenos_Aires", "Etc/GMT-8"}) {
    const auto z = TimeZone::load(name);
    ASSERT_TRUE(z.has_value()) << name;
    EXPECT_EQ(z->name(), name);
  }
  EXPECT_FALSE(TimeZone::load("Mars/Olympus_Mons"));
  EXPECT_FALSE(TimeZone::load("asia/shanghai"));
  EXPECT_EQ(TimeZone::utc().name(), "UTC");
}

TEST(TimeZone, RefusesNamesThatAreNotPlainIanaNames) {
  // CCTZ itself would load the first three: the host's zone and files by path.
  for (const char* name :
       {"localtime", "file:/usr/share/zoneinfo/Asia/Tokyo", "/usr/share/zoneinfo/Asia/Tokyo",
        "../../../etc/passwd", "Asia/../Asia/Shanghai", "Asia/./Shanghai", "Asia//Shanghai",
        "Asia/Shanghai/", "", "Asia/Shanghai ", "Fixed/UTC+08:00"}) {
    EXPECT_FALSE(TimeZone::load(name)) << name;
  }
  EXPECT_FALSE(TimeZone::load(std::string(65, 'A')));
}

TEST(TimeZone, ConvertsBetweenUtcAndLocalTime) {
  const TimeZone sh = zone("Asia/Shanghai");
  const LocalTime local = sh.to_local(utc(2024, 1, 1, 16, 0, 5, 250));
  EXPECT_EQ(local, (LocalTime{{2024, 1, 2}, 0, 0, 5, 250}));
  EXPECT_EQ(sh.to_utc(local), utc(2024, 1, 1, 16, 0, 5, 250));
  EXPECT_EQ(sh.utc_offset_seconds(utc(2024, 1, 1)), 8 * 3600);
  EXPECT_EQ(sh.start_of_day({2024, 1, 2}), utc(2024, 1, 1, 16));
  // Normalised like a civil clock: 24:00 is the next day's midnight.
  EXPECT_EQ(sh.to_utc(LocalTime{{2024, 1, 1}, 24, 0, 0, 0}), utc(2024, 1, 1, 16));

  const TimeZone ny = zone("America/New_York");
  EXPECT_EQ(ny.to_local(utc(2024, 7, 1, 3, 59, 59, 999)),
            (LocalTime{{2024, 6, 30}, 23, 59, 59, 999}));
  EXPECT_EQ(ny.utc_offset_seconds(utc(2024, 7, 1)), -4 * 3600);
  EXPECT_EQ(ny.utc_offset_seconds(utc(2024, 1, 1)), -5 * 3600);
}

TEST(TimeZone, SkippedAndRepeatedWallClockTimes) {
  const TimeZone berlin = zone("Europe/Berlin");
  // 2024-03-31 02:30 never happens: the clock jumps from 02:00 CET to 03:00 CEST at 01:00Z.
  EXPECT_EQ(berlin.to_utc(LocalTime{{2024, 3, 31}, 2, 30, 0, 0}), utc(2024, 3, 31, 1));
  // 2024-10-27 02:30 happens twice (CEST at 00:30Z, CET at 01:30Z): the earlier one.
  EXPECT_EQ(berlin.to_utc(LocalTime{{2024, 10, 27}, 2, 30, 0, 0}), utc(2024, 10, 27, 0, 30));
  EXPECT_EQ(berlin.to_local(utc(2024, 10, 27, 0, 30)), berlin.to_local(utc(2024, 10, 27, 1, 30)));
}

TEST(TimeZone, SlotOfAnInstantIsItsLocalHalfHour) {
  const TimeZone sh = zone("Asia/Shanghai");
  EXPECT_EQ(sh.slot_of(utc(2024, 1, 1, 16)), 0);                // 00:00 local
  EXPECT_EQ(sh.slot_of(utc(2024, 1, 1, 16, 29, 59, 999)), 0);   // 00:29:59.999
  EXPECT_EQ(sh.slot_of(utc(2024, 1, 1, 16, 30)), 1);            // 00:30
  EXPECT_EQ(sh.slot_of(utc(2024, 1, 1, 15, 59, 59, 999)), 47);  // 23:59:59.999
  const TimeZone berlin = zone("Europe/Berlin");
  // Both passes through 02:00-02:30 on the fall-back day are slot 4.
  EXPECT_EQ(berlin.slot_of(utc(2024, 10, 27, 0, 10)), 4);
  EXPECT_EQ(berlin.slot_of(utc(2024, 10, 27, 1, 10)), 4);
}

TEST(TimeZone, NextSlotBoundary) {
  const TimeZone sh = zone("Asia/Shanghai");
  EXPECT_EQ(sh.next_slot_boundary(utc(2024, 1, 1, 1, 10)), utc(2024, 1, 1, 1, 30));
  EXPECT_EQ(sh.next_slot_boundary(utc(2024, 1, 1, 1, 30)), utc(2024, 1, 1, 2));
  EXPECT_EQ(sh.next_slot_boundary(utc(2024, 1, 1, 1, 29, 59, 999)), utc(2024, 1, 1, 1, 30));
  // Kathmandu is UTC+05:45: its local half hours fall at :15 and :45 UTC.
  const TimeZone ktm = zone("Asia/Kathmandu");
  EXPECT_EQ(ktm.next_slot_boundary(utc(2024, 1, 1, 0, 0)), utc(2024, 1, 1, 0, 15));
  // Berlin spring forward: 01:50 CET is followed by 03:00 CEST, ten minutes later.
  const TimeZone berlin = zone("Europe/Berlin");
  EXPECT_EQ(berlin.next_slot_boundary(utc(2024, 3, 31, 0, 50)), utc(2024, 3, 31, 1));
  EXPECT_EQ(berlin.to_local(utc(2024, 3, 31, 1)), (LocalTime{{2024, 3, 31}, 3, 0, 0, 0}));
}

TEST(TimeZone, OrdinaryDayHas48Slots) {
  const TimeZone sh = zone("Asia/Shanghai");
  const auto spans = sh.day_slots({2024, 5, 1});
  ASSERT_EQ(spans.size(), 48u);
  expect_contiguous(spans);
  EXPECT_EQ(spans.front().from, utc(2024, 4, 30, 16));
  EXPECT_EQ(spans.back().to, utc(2024, 5, 1, 16));
  for (int i = 0; i < 48; ++i) {
    EXPECT_EQ(spans[static_cast<std::size_t>(i)].slot, i);
    EXPECT_EQ(spans[static_cast<std::size_t>(i)].local_date, (CivilDate{2024, 5, 1}));
    EXPECT_EQ(spans[static_cast<std::size_t>(i)].to - spans[static_cast<std::size_t>(i)].from,
              30 * kMinute);
  }
}

TEST(TimeZone, BerlinSpringForwardDayHas46Slots) {
  const TimeZone berlin = zone("Europe/Berlin");
  const auto spans = berlin.day_slots({2024, 3, 31});
  ASSERT_EQ(spans.size(), 46u);
  expect_contiguous(spans);
  EXPECT_EQ(spans.front().from, utc(2024, 3, 30, 23));  // 00:00 CET
  EXPECT_EQ(spans.back().to, utc(2024, 3, 31, 22));     // 24:00 CEST
  EXPECT_EQ(total_length(spans), 23 * kHour);
  const auto slots = slots_of(spans);
  EXPECT_EQ(std::vector<int>(slots.begin(), slots.begin() + 6),
            (std::vector<int>{0, 1, 2, 3, 6, 7}));
  EXPECT_EQ(spans[3].from, utc(2024, 3, 31, 0, 30));  // 01:30 CET
  EXPECT_EQ(spans[4].from, utc(2024, 3, 31, 1));      // 03:00 CEST
}

TEST(TimeZone, BerlinFallBackDayHas50Slots) {
  const TimeZone berlin = zone("Europe/Berlin");
  const auto spans = berlin.day_slots({2024, 10, 27});
  ASSERT_EQ(spans.size(), 50u);
  expect_contiguous(spans);
  EXPECT_EQ(spans.front().from, utc(2024, 10, 26, 22));  // 00:00 CEST
  EXPECT_EQ(spans.back().to, utc(2024, 10, 27, 23));     // 24:00 CET
  EXPECT_EQ(total_length(spans), 25 * kHour);
  const auto slots = slots_of(spans);
  EXPECT_EQ(std::vector<int>(slots.begin() + 2, slots.begin() + 9),
            (std::vector<int>{2, 3, 4, 5, 4, 5, 6}));
  EXPECT_EQ(spans[4].from, utc(2024, 10, 27, 0));  // 02:00 CEST
  EXPECT_EQ(spans[6].from, utc(2024, 10, 27, 1));  // 02:00 CET, the second pass
  EXPECT_EQ(spans[8].from, utc(2024, 10, 27, 2));  // 03:00 CET
}

TEST(TimeZone, NewYorkDstDays) {
  const TimeZone ny = zone("America/New_York");
  EXPECT_EQ(ny.day_slots({2024, 3, 10}).size(), 46u);
  EXPECT_EQ(ny.day_slots({2024, 11, 3}).size(), 50u);
  EXPECT_EQ(ny.day_slots({2024, 11, 4}).size(), 48u);
}

TEST(TimeZone, HalfHourDstShiftOfLordHowe) {
  // Australia/Lord_Howe moves its clock by 30 minutes: 02:00 -> 02:30 in October,
  // 02:00 -> 01:30 in April.
  const TimeZone lh = zone("Australia/Lord_Howe");
  const auto spring = lh.day_slots({2024, 10, 6});
  ASSERT_EQ(spring.size(), 47u);
  const auto spring_slots = slots_of(spring);
  EXPECT_EQ(std::vector<int>(spring_slots.begin() + 2, spring_slots.begin() + 6),
            (std::vector<int>{2, 3, 5, 6}));
  const auto fall = lh.day_slots({2024, 4, 7});
  ASSERT_EQ(fall.size(), 49u);
  const auto fall_slots = slots_of(fall);
  EXPECT_EQ(std::vector<int>(fall_slots.begin() + 2, fall_slots.begin() + 6),
            (std::vector<int>{2, 3, 3, 4}));
  expect_contiguous(fall);
}

TEST(TimeZone, DstChangeOffTheHalfHourOfStJohns) {
  // Until 2011 Newfoundland changed its clocks at 00:01 local. 2010-03-14: 00:01 NST
  // (UTC-3:30) -> 01:01 NDT. Slot 0 lasts one minute, slot 1 never happens, slot 2 is
  // entered at 01:01.
  const TimeZone sj = zone("America/St_Johns");
  EXPECT_EQ(sj.next_slot_boundary(utc(2010, 3, 14, 3, 30)), utc(2010, 3, 14, 3, 31));
  const auto spring = sj.day_slots({2010, 3, 14});
  ASSERT_EQ(spring.size(), 47u);
  EXPECT_EQ(spring[0],
            (SlotSpan{utc(2010, 3, 14, 3, 30), utc(2010, 3, 14, 3, 31), {2010, 3, 14}, 0}));
  EXPECT_EQ(spring[1], (SlotSpan{utc(2010, 3, 14, 3, 31), utc(2010, 3, 14, 4), {2010, 3, 14}, 2}));
  EXPECT_EQ(total_length(spring), 23 * kHour);
  expect_contiguous(spring);
}

TEST(TimeZone, ClockSetBackAcrossMidnight) {
  // 2009-11-01 00:01 NDT (02:31Z) -> 2009-10-31 23:01 NST: October 31st resumes for an
  // hour after November 1st has begun. Each day lists exactly the spans of its own date.
  const TimeZone sj = zone("America/St_Johns");
  const auto oct31 = sj.day_slots({2009, 10, 31});
  ASSERT_EQ(oct31.size(), 50u);
  EXPECT_EQ(oct31[47].to, utc(2009, 11, 1, 2, 30));  // the first midnight
  EXPECT_EQ(oct31[48],
            (SlotSpan{utc(2009, 11, 1, 2, 31), utc(2009, 11, 1, 3), {2009, 10, 31}, 46}));
  EXPECT_EQ(oct31[49],
            (SlotSpan{utc(2009, 11, 1, 3), utc(2009, 11, 1, 3, 30), {2009, 10, 31}, 47}));
  EXPECT_EQ(total_length(oct31), 24 * kHour + 59 * kMinute);
  const auto nov1 = sj.day_slots({2009, 11, 1});
  ASSERT_EQ(nov1.size(), 49u);
  EXPECT_EQ(nov1[0],
            (SlotSpan{utc(2009, 11, 1, 2, 30), utc(2009, 11, 1, 2, 31), {2009, 11, 1}, 0}));
  EXPECT_EQ(nov1[1], (SlotSpan{utc(2009, 11, 1, 3, 30), utc(2009, 11, 1, 4), {2009, 11, 1}, 0}));
  for (const auto& s : nov1) EXPECT_EQ(s.local_date, (CivilDate{2009, 11, 1}));
}

TEST(TimeZone, KathmanduSlotsAreShiftedByItsOffset) {
  const TimeZone ktm = zone("Asia/Kathmandu");
  const auto spans = ktm.day_slots({2024, 1, 1});
  ASSERT_EQ(spans.size(), 48u);
  EXPECT_EQ(spans.front().from, utc(2023, 12, 31, 18, 15));
}

TEST(TimeZone, ADaySkippedEntirelyHasNoSlots) {
  // Samoa crossed the date line: 2011-12-29 was followed by 2011-12-31.
  const TimeZone apia = zone("Pacific/Apia");
  EXPECT_TRUE(apia.day_slots({2011, 12, 30}).empty());
  EXPECT_EQ(apia.start_of_day({2011, 12, 30}), apia.start_of_day({2011, 12, 31}));
  EXPECT_EQ(apia.day_slots({2011, 12, 31}).size(), 48u);
}

TEST(TimeZone, SlotSpansAreClippedAndEmptyForAnEmptyRange) {
  const TimeZone sh = zone("Asia/Shanghai");
  const auto spans = sh.slot_spans(utc(2024, 1, 1, 1, 10), utc(2024, 1, 1, 2, 5));
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], (SlotSpan{utc(2024, 1, 1, 1, 10), utc(2024, 1, 1, 1, 30), {2024, 1, 1}, 18}));
  EXPECT_EQ(spans[1], (SlotSpan{utc(2024, 1, 1, 1, 30), utc(2024, 1, 1, 2), {2024, 1, 1}, 19}));
  EXPECT_EQ(spans[2], (SlotSpan{utc(2024, 1, 1, 2), utc(2024, 1, 1, 2, 5), {2024, 1, 1}, 20}));
  EXPECT_TRUE(sh.slot_spans(utc(2024, 1, 1), utc(2024, 1, 1)).empty());
  EXPECT_TRUE(sh.slot_spans(utc(2024, 1, 2), utc(2024, 1, 1)).empty());
}

TEST(CivilDate, ParseFormatAndCalendar) {
  EXPECT_EQ(to_string(CivilDate{2024, 3, 9}), "2024-03-09");
  EXPECT_EQ(parse_civil_date("2024-02-29"), (CivilDate{2024, 2, 29}));
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "2024/01/01",
                          "2024-01-01T", "0000-01-01", "abcd-ef-gh", ""}) {
    EXPECT_FALSE(parse_civil_date(bad)) << bad;
  }
  EXPECT_TRUE(is_valid({2000, 2, 29}));
  EXPECT_FALSE(is_valid({1900, 2, 29}));
  EXPECT_EQ(next_day({2024, 2, 28}), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(next_day({2023, 12, 31}), (CivilDate{2024, 1, 1}));
}

}  // namespace
}  // namespace ct::billing
