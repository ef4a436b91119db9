// Distances on the Earth for the app's "stations near me". Floating point is fine here:
// a distance decides what is listed and in which order, it is never billed.
#pragma once

#include <cstdint>

namespace ct::api {

// A point in micro-degrees, as stations store it.
struct GeoPoint {
  std::int64_t latitude_e6 = 0;
  std::int64_t longitude_e6 = 0;
};

// Great-circle distance in metres (haversine on a sphere of the Earth's mean radius,
// 6 371 008.8 m; within 0.5 % of the ellipsoid everywhere).
double distance_m(const GeoPoint& a, const GeoPoint& b);

}  // namespace ct::api
