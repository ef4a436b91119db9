#include "server/billing/time_zone.hpp"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <algorithm>
#include <cstdio>

namespace ct::billing {

namespace {

using Seconds = cctz::time_point<cctz::seconds>;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

Seconds to_seconds(core::UtcMillis t) {
  return Seconds(cctz::seconds(floor_div(t, 1000)));
}

core::UtcMillis to_millis(Seconds s) {
  return s.time_since_epoch().count() * 1000;
}

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '+';
}

// CCTZ also accepts "localtime" (the host's zone) and "file:" paths, and joins any other
// name onto the tzdata directory: a station's zone comes from an operator, so only names
// shaped like IANA names reach it.
bool is_plain_iana_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name == "localtime") return false;
  std::size_t part_start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      const std::string_view part = name.substr(part_start, i - part_start);
      if (part.empty() || part == "." || part == "..") return false;
      part_start = i + 1;
    } else if (!is_name_char(name[i])) {
      return false;
    }
  }
  return true;
}

int slot_of_local(int hour, int minute) {
  return hour * 2 + minute / 30;
}

}  // namespace

struct TimeZone::Impl {
  std::string name;
  cctz::time_zone zone;
};

bool is_valid(CivilDate d) {
  if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  const cctz::civil_day cd(d.year, d.month, d.day);
  return cd.year() == d.year && cd.month() == d.month && cd.day() == d.day;
}

CivilDate next_day(CivilDate d) {
  const cctz::civil_day cd = cctz::civil_day(d.year, d.month, d.day) + 1;
  return {static_cast<int>(cd.year()), cd.month(), cd.day()};
}

std::string to_string(CivilDate d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<CivilDate> parse_civil_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const CivilDate date{*y, *m, *d};
  if (!is_valid(date)) return std::nullopt;
  return date;
}

std::optional<TimeZone> TimeZone::load(std::string_view name) {
  if (!is_plain_iana_name(name)) return std::nullopt;
  cctz::time_zone zone;
  if (!cctz::load_time_zone(std::string(name), &zone)) return std::nullopt;
  return TimeZone(std::make_shared<const Impl>(Impl{std::string(name), zone}));
}

TimeZone TimeZone::utc() {
  return TimeZone(std::make_shared<const Impl>(Impl{"UTC", cctz::utc_time_zone()}));
}

const std::string& TimeZone::name() const {
  return impl_->name;
}

LocalTime TimeZone::to_local(core::UtcMillis t) const {
  const cctz::civil_second cs = cctz::convert(to_seconds(t), impl_->zone);
  return LocalTime{{static_cast<int>(cs.year()), cs.month(), cs.day()},
                   cs.hour(),
                   cs.minute(),
                   cs.second(),
                   static_cast<int>(t - floor_div(t, 1000) * 1000)};
}

std::int32_t TimeZone::utc_offset_seconds(core::UtcMillis t) const {
  return impl_->zone.lookup(to_seconds(t)).offset;
}

core::UtcMillis TimeZone::to_utc(const LocalTime& local) const {
  const cctz::civil_second cs(local.date.year, local.date.month, local.date.day, local.hour,
                              local.minute, local.second);
  const auto lookup = impl_->zone.lookup(cs);
  if (lookup.kind == cctz::time_zone::civil_lookup::SKIPPED) return to_millis(lookup.trans);
  return to_millis(lookup.pre) + local.millisecond;
}

core::UtcMillis TimeZone::start_of_day(CivilDate d) const {
  return to_utc(LocalTime{d, 0, 0, 0, 0});
}

int TimeZone::slot_of(core::UtcMillis t) const {
  const cctz::civil_second cs = cctz::convert(to_seconds(t), impl_->zone);
  return slot_of_local(cs.hour(), cs.minute());
}

core::UtcMillis TimeZone::next_slot_boundary(core::UtcMillis t) const {
  const Seconds s = to_seconds(t);
  const core::UtcMillis offset_ms = std::int64_t{impl_->zone.lookup(s).offset} * 1000;
  // While the offset holds, the wall clock runs with UTC, so the next local half hour is
  // a fixed distance away; a DST change before it ends the stretch early.
  const core::UtcMillis next_local = (floor_div(t + offset_ms, kSlotMillis) + 1) * kSlotMillis;
  core::UtcMillis boundary = next_local - offset_ms;
  cctz::time_zone::civil_transition transition;
  if (impl_->zone.next_transition(s, &transition)) {
    // next_transition() reports transitions strictly after the whole second s, so the
    // instant is after t too.
    boundary = std::min(boundary, to_millis(impl_->zone.lookup(transition.to).trans));
  }
  return boundary;
}

std::vector<SlotSpan> TimeZone::slot_spans(core::UtcMillis from, core::UtcMillis to) const {
  std::vector<SlotSpan> spans;
  for (core::UtcMillis t = from; t < to;) {
    const LocalTime local = to_local(t);
    const core::UtcMillis end = std::min(next_slot_boundary(t), to);
    spans.push_back(SlotSpan{t, end, local.date, slot_of_local(local.hour, local.minute)});
    t = end;
  }
  return spans;
}

std::vector<SlotSpan> TimeZone::day_slots(CivilDate d) const {
  // Where the clock is set back across midnight (America/St_Johns until 2011: 00:01 ->
  // 23:01 of the day before), a date resumes after the next one has begun, so the spans
  // of d are looked for until the day after next starts.
  std::vector<SlotSpan> spans = slot_spans(start_of_day(d), start_of_day(next_day(next_day(d))));
  std::erase_if(spans, [&](const SlotSpan& s) { return s.local_date != d; });
  return spans;
}

}  // namespace ct::billing
