#include "protocol/ykc16/cp56time2a.hpp"

#include <array>
#include <cstdio>

#include "protocol/civil_date.hpp"

namespace ct::ykc16 {
namespace {

using civil::civil_from_days;
using civil::days_from_civil;

constexpr std::int64_t kMsPerMinute = 60'000;
constexpr std::int64_t kMsPerDay = 86'400'000;

constexpr bool is_leap(std::int64_t y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Floor division: the UTC instant may be before the epoch only in tests, but keep it exact.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) noexcept {
  if (pos + n > s.size()) return false;
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

Cp56Time2a decode_cp56(std::span<const std::uint8_t, kCp56Size> w) noexcept {
  Cp56Time2a t;
  t.milliseconds = static_cast<std::uint16_t>(w[0] | (w[1] << 8));
  t.minute = w[2] & 0x3F;
  t.invalid = (w[2] & 0x80) != 0;
  t.hour = w[3] & 0x1F;
  t.summer_time = (w[3] & 0x80) != 0;
  t.day = w[4] & 0x1F;
  t.day_of_week = static_cast<std::uint8_t>(w[4] >> 5);
  t.month = w[5] & 0x0F;
  t.year = w[6] & 0x7F;
  t.reserved = static_cast<std::uint8_t>(((w[2] >> 6) & 0x01) | (((w[3] >> 5) & 0x03) << 1) |
                                         ((w[5] >> 4) << 3) | ((w[6] >> 7) << 7));
  return t;
}

bool fits_cp56(const Cp56Time2a& t) noexcept {
  return t.minute <= 0x3F && t.hour <= 0x1F && t.day <= 0x1F && t.day_of_week <= 0x07 &&
         t.month <= 0x0F && t.year <= 0x7F;
}

bool encode_cp56(const Cp56Time2a& t, std::span<std::uint8_t, kCp56Size> out) noexcept {
  if (!fits_cp56(t)) return false;
  const unsigned r = t.reserved;
  out[0] = static_cast<std::uint8_t>(t.milliseconds & 0xFF);
  out[1] = static_cast<std::uint8_t>(t.milliseconds >> 8);
  out[2] = static_cast<std::uint8_t>(t.minute | ((r & 0x01U) << 6) | (t.invalid ? 0x80U : 0U));
  out[3] =
      static_cast<std::uint8_t>(t.hour | (((r >> 1) & 0x03U) << 5) | (t.summer_time ? 0x80U : 0U));
  out[4] = static_cast<std::uint8_t>(t.day | (t.day_of_week << 5));
  out[5] = static_cast<std::uint8_t>(t.month | (((r >> 3) & 0x0FU) << 4));
  out[6] = static_cast<std::uint8_t>(t.year | (((r >> 7) & 0x01U) << 7));
  return true;
}

bool is_valid_civil(const Cp56Time2a& t) noexcept {
  if (!fits_cp56(t) || t.month < 1 || t.month > 12 || t.day < 1) return false;
  if (t.day > days_in_month(2000 + t.year, t.month)) return false;
  return t.hour < 24 && t.minute < 60 && t.milliseconds < 60'000;
}

std::optional<Cp56Time2a> make_cp56(int year, int month, int day, int hour, int minute, int second,
                                    int millisecond) noexcept {
  if (year < 2000 || year > 2127 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 ||
      second > 59 || millisecond < 0 || millisecond > 999 || month > 15 || day > 31 || hour > 31 ||
      minute > 63) {
    return std::nullopt;
  }
  Cp56Time2a t;
  t.year = static_cast<std::uint8_t>(year - 2000);
  t.month = static_cast<std::uint8_t>(month);
  t.day = static_cast<std::uint8_t>(day);
  t.hour = static_cast<std::uint8_t>(hour);
  t.minute = static_cast<std::uint8_t>(minute);
  t.milliseconds = static_cast<std::uint16_t>(second * 1000 + millisecond);
  if (!is_valid_civil(t)) return std::nullopt;
  return t;
}

std::optional<std::int64_t> to_utc_ms(const Cp56Time2a& t, UtcOffset offset) noexcept {
  if (!is_valid_civil(t)) return std::nullopt;
  const std::int64_t days = days_from_civil(2000 + t.year, t.month, t.day);
  const std::int64_t local_ms =
      days * kMsPerDay + (t.hour * 60 + t.minute) * kMsPerMinute + t.milliseconds;
  return local_ms - static_cast<std::int64_t>(offset.minutes) * kMsPerMinute;
}

std::optional<Cp56Time2a> from_utc_ms(std::int64_t utc_ms, UtcOffset offset) noexcept {
  // Bound first so that nothing below can overflow: years 2000..2127 with margin.
  constexpr std::int64_t kLow = days_from_civil(1999, 1, 1) * kMsPerDay;
  constexpr std::int64_t kHigh = days_from_civil(2129, 1, 1) * kMsPerDay;
  if (utc_ms < kLow || utc_ms > kHigh) return std::nullopt;
  const std::int64_t local_ms = utc_ms + static_cast<std::int64_t>(offset.minutes) * kMsPerMinute;
  const std::int64_t days = floor_div(local_ms, kMsPerDay);
  const std::int64_t in_day = local_ms - days * kMsPerDay;
  const civil::Date c = civil_from_days(days);
  if (c.year < 2000 || c.year > 2127) return std::nullopt;
  Cp56Time2a t;
  t.year = static_cast<std::uint8_t>(c.year - 2000);
  t.month = static_cast<std::uint8_t>(c.month);
  t.day = static_cast<std::uint8_t>(c.day);
  t.hour = static_cast<std::uint8_t>(in_day / (60 * kMsPerMinute));
  t.minute = static_cast<std::uint8_t>((in_day / kMsPerMinute) % 60);
  t.milliseconds = static_cast<std::uint16_t>(in_day % kMsPerMinute);
  return t;
}

std::string format_local(const Cp56Time2a& t) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02u %02u:%02u:%02u.%03u", 2000U + t.year,
                static_cast<unsigned>(t.month), static_cast<unsigned>(t.day),
                static_cast<unsigned>(t.hour), static_cast<unsigned>(t.minute),
                t.milliseconds / 1000U, t.milliseconds % 1000U);
  return buf;
}

std::optional<Cp56Time2a> parse_local(std::string_view s) noexcept {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ms = 0;
  if (!read_digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !read_digits(s, 5, 2, month) ||
      s[7] != '-' || !read_digits(s, 8, 2, day) || (s[10] != ' ' && s[10] != 'T') ||
      !read_digits(s, 11, 2, hour) || s[13] != ':' || !read_digits(s, 14, 2, minute) ||
      s[16] != ':' || !read_digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  if (s.size() != 19) {
    if (s.size() != 23 || s[19] != '.' || !read_digits(s, 20, 3, ms)) return std::nullopt;
  }
  const unsigned total_ms = second * 1000 + ms;
  if (year < 2000 || year > 2127 || month > 0x0F || day > 0x1F || hour > 0x1F || minute > 0x3F ||
      total_ms > 0xFFFF) {
    return std::nullopt;
  }
  Cp56Time2a t;
  t.year = static_cast<std::uint8_t>(year - 2000);
  t.month = static_cast<std::uint8_t>(month);
  t.day = static_cast<std::uint8_t>(day);
  t.hour = static_cast<std::uint8_t>(hour);
  t.minute = static_cast<std::uint8_t>(minute);
  t.milliseconds = static_cast<std::uint16_t>(total_ms);
  return t;
}

std::string format_utc(std::int64_t utc_ms) {
  const std::int64_t days = floor_div(utc_ms, kMsPerDay);
  const std::int64_t in_day = utc_ms - days * kMsPerDay;
  const civil::Date c = civil_from_days(days);
  char buf[96];
  std::snprintf(
      buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
      static_cast<long long>(c.year), c.month, c.day, static_cast<long long>(in_day / 3'600'000),
      static_cast<long long>((in_day / 60'000) % 60), static_cast<long long>((in_day / 1000) % 60),
      static_cast<long long>(in_day % 1000));
  return buf;
}

std::string format_offset(UtcOffset offset) {
  const std::int32_t m = offset.minutes < 0 ? -offset.minutes : offset.minutes;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset.minutes < 0 ? '-' : '+',
                static_cast<int>(m / 60), static_cast<int>(m % 60));
  return buf;
}

std::optional<UtcOffset> parse_offset(std::string_view s) noexcept {
  if (s == "Z" || s == "z") return UtcOffset{0};
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  const int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  unsigned hours = 0, minutes = 0;
  if (s.size() <= 2) {
    if (!read_digits(s, 0, s.size(), hours)) return std::nullopt;
  } else if (s.size() == 4) {
    if (!read_digits(s, 0, 2, hours) || !read_digits(s, 2, 2, minutes)) return std::nullopt;
  } else if (s.size() == 5 && s[2] == ':') {
    if (!read_digits(s, 0, 2, hours) || !read_digits(s, 3, 2, minutes)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  return UtcOffset{sign * static_cast<std::int32_t>(hours * 60 + minutes)};
}

}  // namespace ct::ykc16
