#include "simulator/vehicle.hpp"

#include <algorithm>
#include <cmath>

namespace ct::sim {

const std::vector<VehicleSpec>& vehicle_presets() {
  // Rounded figures of typical current models in each class; AC is the on-board charger.
  static const std::vector<VehicleSpec> presets{
      {"city_car", 35'000, 6'600, 40'000, 80, 0.1}, {"sedan", 60'000, 11'000, 100'000, 80, 0.1},
      {"suv", 90'000, 11'000, 150'000, 80, 0.1},    {"taxi", 55'000, 7'000, 80'000, 80, 0.1},
      {"van", 75'000, 11'000, 60'000, 80, 0.1},
  };
  return presets;
}

const VehicleSpec* find_vehicle_preset(std::string_view name) {
  for (const auto& v : vehicle_presets()) {
    if (v.preset == name) return &v;
  }
  return nullptr;
}

std::int64_t accepted_power_w(const VehicleSpec& v, bool dc, double soc_pct,
                              std::int64_t offered_w) {
  const double soc = std::clamp(soc_pct, 0.0, 100.0);
  const double taper = std::clamp(v.taper_start_soc_pct, 0.0, 100.0);
  const double floor = std::clamp(v.min_power_factor, 0.0, 1.0);
  double factor = 1.0;
  if (soc > taper && taper < 100.0) factor = 1.0 - (1.0 - floor) * (soc - taper) / (100.0 - taper);
  const auto max_w = dc ? v.dc_max_w : v.ac_max_w;
  // Rounded, not truncated: 0.1 * 100'000 is 9'999.999... in binary floating point.
  const std::int64_t vehicle_w = std::llround(static_cast<double>(max_w) * factor);
  return std::max<std::int64_t>(0, std::min(offered_w, vehicle_w));
}

}  // namespace ct::sim
