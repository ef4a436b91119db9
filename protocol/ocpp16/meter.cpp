#include <cstdint>
#include <limits>
#include <string>

#include "protocol/ocpp16/messages.hpp"

namespace ct::ocpp16 {

std::optional<std::int64_t> parse_scaled_decimal(std::string_view text, int scale) noexcept {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';

  // Significant digits (leading zeros dropped) and the decimal exponent of the last digit.
  std::string digits;
  std::int64_t exponent = 0;
  bool any_digit = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    any_digit = true;
    if (digits.empty() && text[i] == '0') continue;
    if (digits.size() > 40) return std::nullopt;
    digits += text[i];
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      any_digit = true;
      --exponent;
      if (digits.empty() && text[i] == '0') continue;
      if (digits.size() > 40) return std::nullopt;
      digits += text[i];
    }
  }
  if (!any_digit) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    const std::size_t start = i;
    std::int64_t e = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (e < 100000) e = e * 10 + (text[i] - '0');
    }
    if (i == start) return std::nullopt;
    exponent += exp_negative ? -e : e;
  }
  if (i != text.size()) return std::nullopt;
  if (digits.empty()) return 0;
  exponent += scale;

  // Integer part = digits shifted by exponent; round on the first dropped digit.
  const auto n = static_cast<std::int64_t>(digits.size());
  if (n + exponent > 19) return std::nullopt;            // at least 10^19 > int64 max
  std::int64_t keep = exponent >= 0 ? n : n + exponent;  // number of digits kept
  if (keep < 0) keep = 0;
  unsigned __int128 magnitude = 0;
  for (std::int64_t k = 0; k < keep; ++k) {
    magnitude = magnitude * 10 + static_cast<unsigned>(digits[static_cast<std::size_t>(k)] - '0');
  }
  for (std::int64_t k = 0; k < exponent; ++k) magnitude *= 10;
  if (keep < n && n + exponent >= 0 && digits[static_cast<std::size_t>(keep)] >= '5') {
    magnitude += 1;  // round half away from zero (sign applied below)
  }
  const auto limit = static_cast<unsigned __int128>(std::numeric_limits<std::int64_t>::max());
  if (magnitude > limit) return std::nullopt;
  const auto value = static_cast<std::int64_t>(magnitude);
  return negative ? -value : value;
}

namespace {

bool is_energy(Measurand m) {
  switch (m) {
    case Measurand::EnergyActiveExportRegister:
    case Measurand::EnergyActiveImportRegister:
    case Measurand::EnergyReactiveExportRegister:
    case Measurand::EnergyReactiveImportRegister:
    case Measurand::EnergyActiveExportInterval:
    case Measurand::EnergyActiveImportInterval:
    case Measurand::EnergyReactiveExportInterval:
    case Measurand::EnergyReactiveImportInterval: return true;
    default: return false;
  }
}

}  // namespace

std::optional<std::int64_t> energy_wh(const SampledValue& sample) noexcept {
  const Measurand m = sample.measurand.value_or(Measurand::EnergyActiveImportRegister);
  if (!is_energy(m)) return std::nullopt;
  const UnitOfMeasure unit = sample.unit.value_or(UnitOfMeasure::Wh);
  if (unit == UnitOfMeasure::Wh) return parse_scaled_decimal(sample.value, 0);
  if (unit == UnitOfMeasure::kWh) return parse_scaled_decimal(sample.value, 3);
  return std::nullopt;
}

std::optional<std::int64_t> scaled_milli(const SampledValue& sample) noexcept {
  return parse_scaled_decimal(sample.value, 3);
}

}  // namespace ct::ocpp16
