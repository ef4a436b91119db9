// The time-of-use tariff simulated fleets are priced with unless told otherwise (demo
// fleet, scenarios): a day like Shanghai's commercial tariff, as the body of
// POST /api/v1/tariffs/{id}/versions (docs/api.md).
#pragma once

#include <nlohmann/json.hpp>

namespace ct::sim {

// Valley at night (0.30 + 0.40 yuan/kWh), flat by day (0.70 + 0.60), peaks in the morning
// and evening (1.10 + 0.60) around a sharp hour 19:00-20:00 (1.30 + 0.60); 15 free idle
// minutes, then 0.50 yuan a minute up to 30 yuan.
nlohmann::json time_of_use_tariff();

}  // namespace ct::sim
