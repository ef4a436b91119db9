// Shared helpers of the billing tests: UTC instants from calendar fields (std::chrono,
// independent of CCTZ) and the tariffs the hand-computed examples use.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>

#include "server/billing/errors.hpp"
#include "server/billing/tariff.hpp"
#include "server/billing/time_zone.hpp"

namespace ct::billing::testing {

// Milliseconds since the epoch of a UTC calendar time.
inline core::UtcMillis utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0,
                           int ms = 0) {
  using namespace std::chrono;
  const sys_days date{year{y} / month{mo} / day{d}};
  return duration_cast<milliseconds>(date.time_since_epoch()).count() +
         ((h * 60LL + mi) * 60 + s) * 1000 + ms;
}

inline constexpr core::UtcMillis kMinute = 60'000;
inline constexpr core::UtcMillis kHour = 60 * kMinute;

inline TimeZone zone(const std::string& name) {
  auto z = TimeZone::load(name);
  if (!z) ADD_FAILURE() << "time zone " << name << " not found (is tzdata installed?)";
  return z ? *z : TimeZone::utc();
}

// A Shanghai-style day (local time):
//   00:00-08:00 valley, 08:00-10:00 flat, 10:00-12:00 peak, 12:00-14:00 flat,
//   14:00-18:00 peak, 18:00-21:00 sharp, 21:00-23:00 peak, 23:00-24:00 flat.
// Prices per kWh (yuan): sharp 1.2 + 0.8, peak 1.0 + 0.6, flat 0.7 + 0.5, valley 0.3 + 0.4.
inline TariffVersion standard_tariff() {
  TariffVersion t;
  t.id = 42;
  t.effective_from = 0;
  t.prices[index_of(Period::Sharp)] = PeriodPrice{120'000, 80'000};
  t.prices[index_of(Period::Peak)] = PeriodPrice{100'000, 60'000};
  t.prices[index_of(Period::Flat)] = PeriodPrice{70'000, 50'000};
  t.prices[index_of(Period::Valley)] = PeriodPrice{30'000, 40'000};
  auto fill = [&](int from, int to, Period p) {
    for (int i = from; i < to; ++i) t.slots[static_cast<std::size_t>(i)] = p;
  };
  fill(0, 16, Period::Valley);
  fill(16, 20, Period::Flat);
  fill(20, 24, Period::Peak);
  fill(24, 28, Period::Flat);
  fill(28, 36, Period::Peak);
  fill(36, 42, Period::Sharp);
  fill(42, 46, Period::Peak);
  fill(46, 48, Period::Flat);
  return t;
}

// Slot i is period kPeriods[i % 4]: neighbouring slots always differ, which makes DST
// days easy to read (slot 3 valley, 4 sharp, 5 peak, 6 flat).
inline TariffVersion rotating_tariff() {
  TariffVersion t = standard_tariff();
  for (std::size_t i = 0; i < t.slots.size(); ++i) t.slots[i] = kPeriods[i % kPeriodCount];
  return t;
}

template <class T>
const T& ok(const Result<T>& r) {
  if (const auto* e = std::get_if<Error>(&r)) {
    ADD_FAILURE() << "unexpected error " << to_string(e->code) << ": " << e->message;
    static const T fallback{};
    return fallback;
  }
  return std::get<T>(r);
}

template <class T>
Error failed(const Result<T>& r) {
  if (!std::holds_alternative<Error>(r)) {
    ADD_FAILURE() << "expected an error";
    return {};
  }
  return std::get<Error>(r);
}

}  // namespace ct::billing::testing
