#include "server/api/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ct::api {
namespace {

constexpr double kEarthRadiusM = 6'371'008.8;

double radians(std::int64_t e6) {
  return static_cast<double>(e6) / 1e6 * std::numbers::pi / 180.0;
}

}  // namespace

double distance_m(const GeoPoint& a, const GeoPoint& b) {
  const double lat1 = radians(a.latitude_e6);
  const double lat2 = radians(b.latitude_e6);
  const double dlat = lat2 - lat1;
  const double dlng = radians(b.longitude_e6 - a.longitude_e6);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1) * std::cos(lat2) * std::sin(dlng / 2) * std::sin(dlng / 2);
  // Rounding can push h a hair above 1 for antipodal points; asin would return NaN.
  return 2 * kEarthRadiusM * std::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
}

}  // namespace ct::api
