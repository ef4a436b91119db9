#include "server/api/decimal_e6.hpp"

#include <charconv>
#include <limits>

namespace ct::api {

std::optional<std::int64_t> parse_decimal_e6(std::string_view s, std::int64_t max_abs_e6) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) {
    negative = s[pos] == '-';
    ++pos;
  }
  std::int64_t int_part = 0;
  int int_digits = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    if (int_digits >= 12) return std::nullopt;  // far beyond any coordinate
    int_part = int_part * 10 + (s[pos] - '0');
    ++int_digits;
    ++pos;
  }
  std::int64_t frac = 0;
  int frac_digits = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (frac_digits >= 6) {
        if (s[pos] != '0') return std::nullopt;  // more than 6 significant decimals
      } else {
        frac = frac * 10 + (s[pos] - '0');
        ++frac_digits;
      }
      ++pos;
    }
    if (frac_digits == 0) return std::nullopt;
  }
  if (int_digits == 0 || pos != s.size()) return std::nullopt;
  for (int i = frac_digits; i < 6; ++i) frac *= 10;
  std::int64_t v = int_part * 1'000'000 + frac;
  if (v > max_abs_e6) return std::nullopt;
  return negative ? -v : v;
}

std::optional<std::string> json_number_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_float()) {
    double d = v.get<double>();
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
    if (r.ec != std::errc{}) return std::nullopt;
    // chars_format::fixed without precision is the shortest round-trip form.
    return std::string(buf, r.ptr);
  }
  return std::nullopt;
}

nlohmann::json e6_to_json(std::int64_t e6) {
  // Both operands are exact doubles and IEEE division rounds correctly, so this is the
  // double nearest the decimal, which prints back as the same digits.
  return static_cast<double>(e6) / 1e6;
}

}  // namespace ct::api
