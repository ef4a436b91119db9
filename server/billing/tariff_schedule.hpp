// Which tariff version is in force when, and what a station's day costs slot by slot.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "server/billing/errors.hpp"
#include "server/billing/tariff.hpp"
#include "server/billing/time_zone.hpp"
#include "server/core/model.hpp"

namespace ct::billing {

// The versions of one price plan. A version is in force from its effective_from until
// the next version's; an order is billed with the version in force when it STARTED
// (in_force_at(started_at)), even if a new version takes effect while it charges, so a
// driver pays the prices shown when they plugged in.
class TariffSchedule {
 public:
  // Errors: InvalidTariff (a version fails validate(); fields are prefixed with
  // "versions[<i>]." in the order given), InvalidSchedule (two versions with the same
  // effective_from: which one bills would be ambiguous).
  static Result<TariffSchedule> create(std::vector<TariffVersion> versions);

  // The version with the latest effective_from <= t; nullptr before the first one.
  const TariffVersion* in_force_at(core::UtcMillis t) const;
  const std::vector<TariffVersion>& versions() const { return versions_; }  // by effective_from

 private:
  explicit TariffSchedule(std::vector<TariffVersion> v) : versions_(std::move(v)) {}
  std::vector<TariffVersion> versions_;
};

// One half-hour slot of a local day with its prices, for display and for chargers.
struct PriceSlot {
  core::UtcMillis from = 0;  // [from, to)
  core::UtcMillis to = 0;
  CivilDate local_date;
  int slot = 0;  // 0..47; a DST day repeats or skips some
  Period period = Period::Flat;
  std::int64_t tariff_version_id = 0;
  std::int64_t electricity_price_e5 = 0;
  std::int64_t service_price_e5 = 0;
  bool operator==(const PriceSlot&) const = default;
};

// The slots of `local_date` in the zone priced by `version` (46, 48 or 50 of them; see
// time_zone.hpp). Errors: InvalidTariff, OutOfRange (not a real date, or a day not
// wholly within the supported instants: 1970-01-01 in Shanghai begins in 1969).
Result<std::vector<PriceSlot>> day_prices(const TariffVersion& version, const TimeZone& zone,
                                          CivilDate local_date);

// The same day priced by whichever version is in force at each moment: a version that
// takes effect during the day splits the slot it starts in; time before the first
// version has no price and is left out.
Result<std::vector<PriceSlot>> day_prices(const TariffSchedule& schedule, const TimeZone& zone,
                                          CivilDate local_date);

// The slot containing t and its price ("the price in force now"). Errors: InvalidTariff,
// OutOfRange.
Result<PriceSlot> price_at(const TariffVersion& version, const TimeZone& zone, core::UtcMillis t);

}  // namespace ct::billing
