#include "protocol/ykc16/flags.hpp"

namespace ct::ykc16 {
namespace {

std::string hex_mask(std::uint32_t value, unsigned digits) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out(digits, '0');
  for (unsigned i = 0; i < digits; ++i) out[digits - 1 - i] = kDigits[(value >> (4 * i)) & 0xFU];
  return "0x" + out;
}

}  // namespace

std::optional<std::uint32_t> group_value(std::uint32_t flags, std::span<const BitGroup> table,
                                         std::string_view name) noexcept {
  for (const BitGroup& g : table) {
    if (g.name == name) return group_value(flags, g);
  }
  return std::nullopt;
}

std::string describe_flags(std::uint32_t flags, std::span<const BitGroup> table,
                           unsigned width_bits) {
  std::string out;
  auto add = [&out](std::string_view part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  std::uint32_t covered = 0;
  for (const BitGroup& g : table) {
    covered |= ((1U << g.width) - 1U) << g.shift;
    const std::uint32_t v = group_value(flags, g);
    if (v == 0 && !g.always) continue;
    std::string part(g.name);
    if (g.width > 1) {
      const std::string_view label = v < 4 ? g.values[v] : std::string_view{};
      if (!label.empty()) {
        part += "=" + std::string(label);
      } else if (v != 1 || g.width > 2) {
        part += "=" + std::to_string(v);
      }
    }
    add(part);
  }
  const std::uint32_t all = width_bits >= 32 ? 0xFFFFFFFFU : (1U << width_bits) - 1U;
  const std::uint32_t stray = flags & all & ~covered;
  for (unsigned bit = 0; bit < width_bits; ++bit) {
    if ((stray >> bit) & 1U) {
      add(hex_mask(1U << bit, (width_bits + 3) / 4));
    }
  }
  return out.empty() ? "none" : out;
}

}  // namespace ct::ykc16
