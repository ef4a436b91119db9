// CRC-16/MODBUS, the YKC frame checksum: reflected polynomial 0x8005, initial value 0xFFFF,
// no final XOR (check value of ASCII "123456789" is 0x4B37). The vendor text names the
// polynomial "0x180D", which matches neither its own appendix code nor any working pile;
// the appendix tables are the standard Modbus ones, so that is what this computes.
#pragma once

#include <cstdint>
#include <span>

namespace ct::ykc16 {

std::uint16_t crc16_modbus(std::span<const std::uint8_t> bytes) noexcept;

// The CRC travels low byte first (as in Modbus RTU).
constexpr std::uint8_t crc_low(std::uint16_t crc) noexcept {
  return static_cast<std::uint8_t>(crc & 0xFF);
}
constexpr std::uint8_t crc_high(std::uint16_t crc) noexcept {
  return static_cast<std::uint8_t>(crc >> 8);
}
constexpr std::uint16_t byte_swapped(std::uint16_t value) noexcept {
  return static_cast<std::uint16_t>((value << 8) | (value >> 8));
}

}  // namespace ct::ykc16
