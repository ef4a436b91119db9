#include "protocol/ykc16/hex.hpp"

namespace ct::ykc16 {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_separator(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':' || c == ',' || c == ';' ||
         c == '-';
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes, char separator) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0 && separator != '\0') out.push_back(separator);
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0x0F]);
  }
  return out;
}

std::variant<std::vector<std::uint8_t>, std::string> parse_hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (is_separator(text[pos])) {
      ++pos;
      continue;
    }
    std::size_t end = pos;
    while (end < text.size() && !is_separator(text[end])) ++end;
    std::string_view token = text.substr(pos, end - pos);
    pos = end;
    if (token.size() >= 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X')) {
      token.remove_prefix(2);
      if (token.empty()) return std::string("'0x' without digits");
    }
    for (const char c : token) {
      if (hex_value(c) < 0)
        return "not a hex digit '" + std::string(1, c) + "' in '" + std::string(token) + "'";
    }
    if (token.size() == 1) {
      out.push_back(static_cast<std::uint8_t>(hex_value(token[0])));
      continue;
    }
    if (token.size() % 2 != 0) {
      return "odd number of hex digits in '" + std::string(token) + "'";
    }
    for (std::size_t i = 0; i < token.size(); i += 2) {
      out.push_back(static_cast<std::uint8_t>(hex_value(token[i]) * 16 + hex_value(token[i + 1])));
    }
  }
  return out;
}

}  // namespace ct::ykc16
