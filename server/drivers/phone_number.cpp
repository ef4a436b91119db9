#include "server/drivers/phone_number.hpp"

namespace ct::drivers {
namespace {

constexpr std::size_t kMaxInputLength = 32;  // generous for separators; bounds the work
constexpr std::size_t kMinDigits = 8;
constexpr std::size_t kMaxDigits = 15;  // E.164
constexpr std::string_view kChina = "86";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_chinese_mobile(std::string_view national) {
  return national.size() == 11 && national[0] == '1';
}

}  // namespace

std::optional<std::string> normalize_phone(std::string_view text) {
  if (text.size() > kMaxInputLength) return std::nullopt;
  bool plus = false;
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '-' || c == '(' || c == ')') continue;
    if (c == '+') {
      // Only as the very first thing that is not a separator.
      if (plus || !digits.empty()) return std::nullopt;
      plus = true;
      continue;
    }
    if (!is_digit(c)) return std::nullopt;
    digits += c;
  }
  if (!plus) {
    if (!is_chinese_mobile(digits)) return std::nullopt;
    return "+" + std::string(kChina) + digits;
  }
  if (digits.size() < kMinDigits || digits.size() > kMaxDigits || digits[0] == '0')
    return std::nullopt;
  if (std::string_view(digits).substr(0, kChina.size()) == kChina &&
      !is_chinese_mobile(std::string_view(digits).substr(kChina.size())))
    return std::nullopt;
  return "+" + digits;
}

std::string masked_phone(const std::string& normalized) {
  std::string digits = normalized.substr(normalized.rfind('+', 0) == 0 ? 1 : 0);
  if (digits.rfind(kChina, 0) == 0 && is_chinese_mobile(std::string_view(digits).substr(2)))
    digits = digits.substr(kChina.size());
  if (digits.size() < 8) return std::string(digits.size(), '*');
  return digits.substr(0, 3) + std::string(digits.size() - 7, '*') +
         digits.substr(digits.size() - 4);
}

}  // namespace ct::drivers
