// Packed BCD: two decimal digits per byte, most significant digit first ("55031412782305"
// -> 55 03 14 12 78 23 05). Identifiers are kept as validated digit strings of their exact
// wire width, so a value that exists can always be encoded.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ct::ykc16 {

// The value of one BCD byte (0x42 -> 42); nullopt when a nibble is above 9.
constexpr std::optional<std::uint8_t> bcd_to_number(std::uint8_t byte) noexcept {
  const unsigned hi = byte >> 4;
  const unsigned lo = byte & 0x0FU;
  if (hi > 9 || lo > 9) return std::nullopt;
  return static_cast<std::uint8_t>(hi * 10 + lo);
}

// 42 -> 0x42; nullopt above 99.
constexpr std::optional<std::uint8_t> number_to_bcd(unsigned value) noexcept {
  if (value > 99) return std::nullopt;
  return static_cast<std::uint8_t>(((value / 10) << 4) | (value % 10));
}

// Index of the first byte that is not packed BCD, or nullopt when all are.
std::optional<std::size_t> first_non_bcd_byte(std::span<const std::uint8_t> bytes) noexcept;

// Exactly 2*Bytes decimal digits. Default-constructed values are all zeros, which is what
// the protocol sends for "none" (an idle gun's transaction serial, a first-time model number).
template <std::size_t Bytes>
class BcdDigits {
 public:
  static constexpr std::size_t kBytes = Bytes;
  static constexpr std::size_t kDigits = 2 * Bytes;

  constexpr BcdDigits() noexcept { digits_.fill('0'); }

  // 1..kDigits ASCII digits; shorter values are left-padded with zeros, as the vendor
  // specification asks ("不足 N 位补 0"). Anything else (sign, spaces, too long) is nullopt.
  static constexpr std::optional<BcdDigits> parse(std::string_view text) noexcept {
    if (text.empty() || text.size() > kDigits) return std::nullopt;
    BcdDigits out;
    const std::size_t pad = kDigits - text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c < '0' || c > '9') return std::nullopt;
      out.digits_[pad + i] = c;
    }
    return out;
  }

  static constexpr std::optional<BcdDigits> from_wire(
      std::span<const std::uint8_t, Bytes> wire) noexcept {
    BcdDigits out;
    for (std::size_t i = 0; i < Bytes; ++i) {
      const unsigned hi = wire[i] >> 4;
      const unsigned lo = wire[i] & 0x0FU;
      if (hi > 9 || lo > 9) return std::nullopt;
      out.digits_[2 * i] = static_cast<char>('0' + hi);
      out.digits_[2 * i + 1] = static_cast<char>('0' + lo);
    }
    return out;
  }

  constexpr void to_wire(std::span<std::uint8_t, Bytes> out) const noexcept {
    for (std::size_t i = 0; i < Bytes; ++i) {
      const auto hi = static_cast<unsigned>(digits_[2 * i] - '0');
      const auto lo = static_cast<unsigned>(digits_[2 * i + 1] - '0');
      out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
    }
  }

  constexpr std::string_view digits() const noexcept { return {digits_.data(), kDigits}; }
  std::string str() const { return std::string(digits()); }
  constexpr bool is_zero() const noexcept {
    for (const char c : digits_)
      if (c != '0') return false;
    return true;
  }

  constexpr auto operator<=>(const BcdDigits&) const = default;

 private:
  std::array<char, kDigits> digits_{};
};

// 桩编码: 14 digits assigned by the platform, e.g. 32010600019236.
using PileCode = BcdDigits<7>;
// 交易流水号: 32 digits, by rule pile code + gun + YYMMDDhhmmss + 4-digit counter, but
// platforms do not always follow the rule: treat as opaque and echo it.
using TransactionSerial = BcdDigits<16>;
// 逻辑卡号: the 16-digit number printed on a card and shown on the pile's screen.
using LogicalCardNo = BcdDigits<8>;
// 计费模型编号: 4 digits, opaque ("0000" before the pile ever got a model).
using BillingModelNo = BcdDigits<2>;
// 并充序号 (1.6 parallel charging): YYMMDDhhmmss shared by the guns of one session.
using ParallelChargeId = BcdDigits<6>;

}  // namespace ct::ykc16
