#include "protocol/ykc16/bcd.hpp"

namespace ct::ykc16 {

std::optional<std::size_t> first_non_bcd_byte(std::span<const std::uint8_t> bytes) noexcept {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (!bcd_to_number(bytes[i])) return i;
  }
  return std::nullopt;
}

}  // namespace ct::ykc16
