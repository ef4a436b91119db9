// Vehicle presets and the charging curve.
#include "simulator/vehicle.hpp"

#include <gtest/gtest.h>

namespace ct::sim {
namespace {

TEST(VehicleTest, PresetsAreRealisticAndFoundByName) {
  const auto& presets = vehicle_presets();
  ASSERT_EQ(presets.size(), 5u);
  for (const char* name : {"city_car", "sedan", "suv", "taxi", "van"}) {
    const auto* v = find_vehicle_preset(name);
    ASSERT_NE(v, nullptr) << name;
    EXPECT_EQ(v->preset, name);
    EXPECT_GE(v->capacity_wh, 20'000) << name;
    EXPECT_LE(v->capacity_wh, 120'000) << name;
    EXPECT_LE(v->ac_max_w, 22'000) << name;
    EXPECT_GT(v->dc_max_w, v->ac_max_w) << name;
  }
  EXPECT_EQ(find_vehicle_preset("city_car")->capacity_wh, 35'000);
  EXPECT_EQ(find_vehicle_preset("city_car")->ac_max_w, 6'600);
  EXPECT_EQ(find_vehicle_preset("suv")->dc_max_w, 150'000);
  EXPECT_EQ(find_vehicle_preset("tractor"), nullptr);
}

TEST(VehicleTest, ConstantPowerThenLinearTaperToTheFloor) {
  VehicleSpec v = *find_vehicle_preset("sedan");  // DC 100 kW, AC 11 kW, taper from 80 %
  EXPECT_EQ(accepted_power_w(v, true, 10, 300'000), 100'000);
  EXPECT_EQ(accepted_power_w(v, true, 80, 300'000), 100'000);
  EXPECT_EQ(accepted_power_w(v, true, 90, 300'000), 55'000);  // halfway: 1 - 0.9 * 0.5
  EXPECT_EQ(accepted_power_w(v, true, 100, 300'000), 10'000);
  EXPECT_EQ(accepted_power_w(v, true, 120, 300'000), 10'000) << "SoC is clamped";
  // The charger's offer caps it; AC uses the on-board charger.
  EXPECT_EQ(accepted_power_w(v, true, 50, 60'000), 60'000);
  EXPECT_EQ(accepted_power_w(v, false, 50, 22'000), 11'000);
  EXPECT_EQ(accepted_power_w(v, false, 90, 22'000), 6'050);
  EXPECT_EQ(accepted_power_w(v, true, 50, -5), 0);
  // Monotone non-increasing in SoC.
  std::int64_t last = accepted_power_w(v, true, 0, 300'000);
  for (int soc = 1; soc <= 100; ++soc) {
    auto p = accepted_power_w(v, true, soc, 300'000);
    EXPECT_LE(p, last) << soc;
    last = p;
  }
}

}  // namespace
}  // namespace ct::sim
