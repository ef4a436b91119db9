// Electric vehicles as the charger sees them: a battery and the power the car accepts,
// which depends on the connector type (the on-board charger limits AC) and on the state of
// charge (lithium cells are charged at constant power, then tapered near full).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ct::sim {

struct VehicleSpec {
  std::string preset;  // "city_car", ...
  std::int64_t capacity_wh = 60'000;
  std::int64_t ac_max_w = 11'000;   // on-board charger limit
  std::int64_t dc_max_w = 100'000;  // DC maximum power
  double taper_start_soc_pct = 80;  // constant power below, linear taper above
  double min_power_factor = 0.1;    // power at 100 % SoC relative to the maximum
};

// city_car, sedan, suv, taxi, van (figures in the .cpp), in that order.
const std::vector<VehicleSpec>& vehicle_presets();
const VehicleSpec* find_vehicle_preset(std::string_view name);  // nullptr when unknown

// What the vehicle draws at this SoC: min(offered_w, (dc ? dc_max : ac_max) * curve factor),
// where the factor is 1 below taper_start_soc_pct and falls linearly to min_power_factor at
// 100 %. Never negative.
std::int64_t accepted_power_w(const VehicleSpec& v, bool dc, double soc_pct,
                              std::int64_t offered_w);

}  // namespace ct::sim
