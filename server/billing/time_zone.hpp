// A station's IANA time zone (tzdata via CCTZ) and the local half-hour slots that
// time-of-use tariffs are written in.
//
// Slots: the local day is cut at every half hour of the wall clock; slot 0 is
// 00:00-00:30 local, slot 47 is 23:30-24:00 (the YKC rate table). The slot of an
// instant is decided by its LOCAL wall-clock time alone. On a DST day that means:
//  * spring forward (Europe/Berlin, last Sunday of March, 02:00 -> 03:00): no instant
//    shows 02:00-03:00, slots 4 and 5 do not occur and the day has 46 half-hours;
//  * fall back (last Sunday of October, 03:00 -> 02:00): 02:00-03:00 is shown twice, both
//    passes map to slots 4 and 5 and the day has 50 half-hours;
//  * zones whose shift is 30 minutes (Australia/Lord_Howe) get 47 or 49.
// A SlotSpan is one pass of the wall clock through one slot: a half-open stretch of UTC
// time [from, to) from one edge to the next, where the edges are the instants the wall
// clock shows a whole or half hour and the instants it jumps (a DST change). A slot the
// clock passes through twice (fall back) has two spans.
//
// Instants passed in are expected within years 1970..9999 give or take a few days (the
// billing functions check kEarliestInstant..kLatestInstant of money.hpp first); CCTZ
// works far beyond that, so nothing overflows near the edges.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/core/model.hpp"

namespace ct::billing {

inline constexpr int kSlotsPerDay = 48;
inline constexpr core::UtcMillis kSlotMillis = 30 * 60 * 1000;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const CivilDate&) const = default;
};

// True for a real calendar date in years 1..9999.
bool is_valid(CivilDate d);
CivilDate next_day(CivilDate d);
std::string to_string(CivilDate d);  // "YYYY-MM-DD"
// Exactly "YYYY-MM-DD" naming a real date; anything else is nullopt.
std::optional<CivilDate> parse_civil_date(std::string_view text);

// A reading of the station's wall clock.
struct LocalTime {
  CivilDate date;
  int hour = 0;         // 0..23
  int minute = 0;       // 0..59
  int second = 0;       // 0..59
  int millisecond = 0;  // 0..999
  auto operator<=>(const LocalTime&) const = default;
};

struct SlotSpan {
  core::UtcMillis from = 0;
  core::UtcMillis to = 0;
  CivilDate local_date;
  int slot = 0;  // 0..47
  bool operator==(const SlotSpan&) const = default;
};

class TimeZone {
 public:
  // Loads an IANA zone ("Asia/Shanghai", "Europe/Berlin", "UTC") from the system tzdata.
  // nullopt for an unknown zone and for names that are not plain IANA names: only
  // letters, digits, '_', '-', '+' in '/'-separated parts, no "." or ".." part, at most
  // 64 characters, and not "localtime" (which would follow the host's setting).
  static std::optional<TimeZone> load(std::string_view name);
  static TimeZone utc();

  const std::string& name() const;

  LocalTime to_local(core::UtcMillis t) const;
  std::int32_t utc_offset_seconds(core::UtcMillis t) const;
  // The instant at which the wall clock shows `local`. A time shown twice (fall back)
  // gives the earlier instant; a time never shown (spring forward) gives the instant the
  // clock jumps over it. Out-of-range fields are normalised (25:00 = next day 01:00).
  core::UtcMillis to_utc(const LocalTime& local) const;
  // The first instant of the local date; equal to start_of_day(next_day(d)) for a date
  // the zone skipped entirely (Pacific/Apia, 2011-12-30).
  core::UtcMillis start_of_day(CivilDate d) const;

  int slot_of(core::UtcMillis t) const;  // 0..47
  // The first edge after t: the wall clock reaches a whole or half hour, or jumps.
  core::UtcMillis next_slot_boundary(core::UtcMillis t) const;
  // The spans covering [from, to), clipped to it; empty when from >= to.
  std::vector<SlotSpan> slot_spans(core::UtcMillis from, core::UtcMillis to) const;
  // Every span whose local date is d, in time order: 48 on an ordinary day, 46 or 50 on a
  // day with a one-hour DST change. They are contiguous except on a day the clock is set
  // back across midnight into (America/St_Johns until 2011), which resumes after the next
  // day has begun; a day the zone skipped entirely has none.
  std::vector<SlotSpan> day_slots(CivilDate d) const;

  bool operator==(const TimeZone& other) const { return name() == other.name(); }

 private:
  struct Impl;
  explicit TimeZone(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace ct::billing
