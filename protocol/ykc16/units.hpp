// From the wire's resolutions (see messages.hpp) to the project's integer units.
#pragma once

#include <cstdint>

namespace ct::ykc16 {

// 0.0001 kWh = 0.1 Wh: exact in milliwatt-hours.
constexpr std::int64_t milli_wh_from_e4_kwh(std::uint64_t e4_kwh) noexcept {
  return static_cast<std::int64_t>(e4_kwh) * 100;
}
// Whole Wh, rounded half up (the project stores energy in Wh; 0.05 Wh is the worst error).
constexpr std::int64_t wh_from_e4_kwh(std::uint64_t e4_kwh) noexcept {
  return static_cast<std::int64_t>((e4_kwh + 5) / 10);
}
// 0.1 kWh (BMS frames) = 100 Wh.
constexpr std::int64_t wh_from_e1_kwh(std::uint64_t e1_kwh) noexcept {
  return static_cast<std::int64_t>(e1_kwh) * 100;
}
// Power from 0.1 V x 0.1 A (0x13 output), in W, rounded half up; 0x23's signed BMS currents
// are negative while charging, so pass their magnitude.
constexpr std::int64_t watts_from_dv_da(std::uint64_t dv, std::uint64_t da) noexcept {
  return static_cast<std::int64_t>((dv * da + 50) / 100);
}
// 0.01 yuan (balances) -> 0.0001 yuan, the resolution of amounts.
constexpr std::int64_t e4_yuan_from_e2_yuan(std::uint64_t e2_yuan) noexcept {
  return static_cast<std::int64_t>(e2_yuan) * 100;
}

}  // namespace ct::ykc16
