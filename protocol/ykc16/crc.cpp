#include "protocol/ykc16/crc.hpp"

#include <array>

namespace ct::ykc16 {
namespace {

constexpr std::array<std::uint16_t, 256> make_table() noexcept {
  std::array<std::uint16_t, 256> table{};
  for (unsigned i = 0; i < 256; ++i) {
    unsigned crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1U) != 0 ? (crc >> 1) ^ 0xA001U : crc >> 1;
    table[i] = static_cast<std::uint16_t>(crc);
  }
  return table;
}

constexpr std::array<std::uint16_t, 256> kTable = make_table();

}  // namespace

std::uint16_t crc16_modbus(std::span<const std::uint8_t> bytes) noexcept {
  unsigned crc = 0xFFFF;
  for (const std::uint8_t b : bytes) crc = (crc >> 8) ^ kTable[(crc ^ b) & 0xFFU];
  return static_cast<std::uint16_t>(crc);
}

}  // namespace ct::ykc16
