#include "protocol/ocpp16/datetime.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "protocol/civil_date.hpp"

namespace ct::ocpp16 {
namespace {

using civil::civil_from_days;
using civil::days_from_civil;

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kMinMs = days_from_civil(0, 1, 1) * kMsPerDay;
constexpr std::int64_t kMaxMs = days_from_civil(10000, 1, 1) * kMsPerDay - 1;

constexpr bool is_leap(std::int64_t y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) noexcept {
  if (pos + n > s.size()) return false;
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  out = v;
  return true;
}

bool at(std::string_view s, std::size_t pos, char c) noexcept {
  return pos < s.size() && s[pos] == c;
}

}  // namespace

std::optional<DateTime> parse_datetime(std::string_view s) noexcept {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(s, 0, 4, year) || !at(s, 4, '-') || !digits(s, 5, 2, month) || !at(s, 7, '-') ||
      !digits(s, 8, 2, day) || !(at(s, 10, 'T') || at(s, 10, 't')) || !digits(s, 11, 2, hour) ||
      !at(s, 13, ':') || !digits(s, 14, 2, minute) || !at(s, 16, ':') ||
      !digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (at(s, pos, '.')) {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (pos - start < 3) millis = millis * 10 + (s[pos] - '0');
      ++pos;
    }
    if (pos == start) return std::nullopt;
    for (std::size_t n = pos - start; n < 3; ++n) millis *= 10;
  }
  std::int64_t offset_min = 0;
  if (at(s, pos, 'Z') || at(s, pos, 'z')) {
    ++pos;
  } else if (at(s, pos, '+') || at(s, pos, '-')) {
    const bool negative = s[pos] == '-';
    unsigned oh = 0, om = 0;
    if (!digits(s, pos + 1, 2, oh) || !at(s, pos + 3, ':') || !digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_min = static_cast<std::int64_t>(oh) * 60 + om;
    if (negative) offset_min = -offset_min;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;

  const std::int64_t days = days_from_civil(year, month, day);
  const std::int64_t secs = days * 86400 + static_cast<std::int64_t>(hour) * 3600 +
                            static_cast<std::int64_t>(minute) * 60 + second - offset_min * 60;
  const std::int64_t ms = secs * 1000 + millis;
  if (ms < kMinMs || ms > kMaxMs) return std::nullopt;
  return DateTime{ms};
}

std::string format_datetime(DateTime value) {
  const std::int64_t ms = std::clamp(value.epoch_ms, kMinMs, kMaxMs);
  std::int64_t days = ms / kMsPerDay;
  std::int64_t rem = ms % kMsPerDay;
  if (rem < 0) {
    rem += kMsPerDay;
    --days;
  }
  const civil::Date c = civil_from_days(days);
  const auto h = static_cast<int>(rem / 3'600'000);
  const auto mi = static_cast<int>(rem / 60'000 % 60);
  const auto sec = static_cast<int>(rem / 1000 % 60);
  const auto milli = static_cast<int>(rem % 1000);
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(c.year), c.month, c.day, h, mi, sec, milli);
  return std::string(buf.data());
}

}  // namespace ct::ocpp16
