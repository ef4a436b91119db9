#include "simulator/tariffs.hpp"

namespace ct::sim {

nlohmann::json time_of_use_tariff() {
  using nlohmann::json;
  return {{"prices",
           {{"sharp", {{"electricityPriceE5", 130'000}, {"servicePriceE5", 60'000}}},
            {"peak", {{"electricityPriceE5", 110'000}, {"servicePriceE5", 60'000}}},
            {"flat", {{"electricityPriceE5", 70'000}, {"servicePriceE5", 60'000}}},
            {"valley", {{"electricityPriceE5", 30'000}, {"servicePriceE5", 40'000}}}}},
          {"ranges", json::array({{{"from", "00:00"}, {"to", "06:00"}, {"period", "valley"}},
                                  {{"from", "06:00"}, {"to", "08:00"}, {"period", "flat"}},
                                  {{"from", "08:00"}, {"to", "11:00"}, {"period", "peak"}},
                                  {{"from", "11:00"}, {"to", "18:00"}, {"period", "flat"}},
                                  {{"from", "18:00"}, {"to", "19:00"}, {"period", "peak"}},
                                  {{"from", "19:00"}, {"to", "20:00"}, {"period", "sharp"}},
                                  {{"from", "20:00"}, {"to", "21:00"}, {"period", "peak"}},
                                  {{"from", "21:00"}, {"to", "22:00"}, {"period", "flat"}},
                                  {{"from", "22:00"}, {"to", "24:00"}, {"period", "valley"}}})},
          {"idleFee", {{"graceMinutes", 15}, {"pricePerMinuteE4", 5'000}, {"capE4", 300'000}}}};
}

}  // namespace ct::sim
