// Which prices apply where: the tariff of a pile (its own assignment, else its station's),
// the version in force at an instant, the station's time zone, and the bill of an order
// recomputed from what is stored. Shared by the order service, the tariff API and the
// driver app API so that the price a driver is shown is the price they are billed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/billing/bill.hpp"
#include "server/billing/tariff_schedule.hpp"
#include "server/billing/time_zone.hpp"
#include "server/orders/order.hpp"
#include "server/store/store.hpp"
#include "server/store/tariff_store.hpp"

namespace ct::orders {

// The tariff pricing a pile: the pile's own assignment, else its station's.
std::optional<Id> tariff_of_pile(store::TariffStore& tariffs, const core::TenantScope& s,
                                 const core::Pile& pile);
std::optional<Id> tariff_of_station(store::TariffStore& tariffs, const core::TenantScope& s,
                                    Id station_id);

// All versions of a tariff as a schedule; nullopt when it has none (or they are invalid,
// which the API prevents).
std::optional<billing::TariffSchedule> schedule_of(store::TariffStore& tariffs,
                                                   const core::TenantScope& s, Id tariff_id);

// The station's zone; a zone name tzdata does not know falls back to UTC (the API refuses
// such names, so only data written around the API can get here).
billing::TimeZone zone_of(const core::Station& station);

// Energy register readings of a transaction (Energy.Active.Import.Register, no phase),
// in the order stored.
std::vector<billing::MeterReading> energy_readings(store::Store& store, const core::TenantScope& s,
                                                   std::int64_t transaction_id);

// The bill of a finished order, recomputed from its stored samples, the tariff version it
// started under and its idle times. nullopt when the order has no version or no stop.
struct Recomputed {
  billing::Bill bill;
  std::optional<billing::Error> error;  // set instead of a bill when billing refused
};
std::optional<Recomputed> recompute_bill(store::Store& store, store::TariffStore& tariffs,
                                         const Order& order);

}  // namespace ct::orders
