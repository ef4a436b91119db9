#include "server/orders/pricing.hpp"

#include <variant>

namespace ct::orders {

std::optional<Id> tariff_of_pile(store::TariffStore& tariffs, const core::TenantScope& s,
                                 const core::Pile& pile) {
  if (auto own = tariffs.assigned_tariff(s, store::TariffTarget::Pile, pile.id)) return own;
  if (pile.station_id) return tariff_of_station(tariffs, s, *pile.station_id);
  return std::nullopt;
}

std::optional<Id> tariff_of_station(store::TariffStore& tariffs, const core::TenantScope& s,
                                    Id station_id) {
  return tariffs.assigned_tariff(s, store::TariffTarget::Station, station_id);
}

std::optional<billing::TariffSchedule> schedule_of(store::TariffStore& tariffs,
                                                   const core::TenantScope& s, Id tariff_id) {
  std::vector<billing::TariffVersion> versions;
  for (auto& r : tariffs.list_tariff_versions(s, tariff_id)) versions.push_back(r.version);
  if (versions.empty()) return std::nullopt;
  auto made = billing::TariffSchedule::create(std::move(versions));
  if (auto* sched = std::get_if<billing::TariffSchedule>(&made)) return *sched;
  return std::nullopt;
}

billing::TimeZone zone_of(const core::Station& station) {
  if (auto z = billing::TimeZone::load(station.time_zone)) return *z;
  return billing::TimeZone::utc();
}

std::vector<billing::MeterReading> energy_readings(store::Store& store, const core::TenantScope& s,
                                                   std::int64_t transaction_id) {
  std::vector<billing::MeterReading> out;
  for (const auto& m : store.list_meter_samples(s, transaction_id)) {
    if (m.measurand != "Energy.Active.Import.Register" || !m.phase.empty() || !m.normalized)
      continue;
    out.push_back({m.timestamp, *m.normalized});
  }
  return out;
}

std::optional<Recomputed> recompute_bill(store::Store& store, store::TariffStore& tariffs,
                                         const Order& order) {
  if (!order.tariff_version_id || !order.transaction_id || !order.started_at || !order.stopped_at ||
      !order.meter_start_wh || !order.meter_stop_wh)
    return std::nullopt;
  auto scope = core::TenantScope::of(order.tenant_id);
  auto version = tariffs.get_tariff_version(scope, *order.tariff_version_id);
  if (!version) return std::nullopt;
  billing::TimeZone zone = billing::TimeZone::utc();
  if (order.station_id) {
    if (auto st = store.get_station(scope, *order.station_id)) zone = zone_of(*st);
  }
  billing::SessionMeter meter;
  meter.started_at = *order.started_at;
  meter.meter_start_wh = *order.meter_start_wh;
  meter.stopped_at = *order.stopped_at;
  meter.meter_stop_wh = *order.meter_stop_wh;
  meter.samples = energy_readings(store, scope, *order.transaction_id);
  billing::IdleTime idle{order.charging_ended_at, order.unplugged_at};
  auto result = billing::compute_bill(version->version, zone, meter, idle);
  Recomputed out;
  if (auto* bill = std::get_if<billing::Bill>(&result)) {
    out.bill = *bill;
  } else {
    out.error = std::get<billing::Error>(result);
  }
  return out;
}

}  // namespace ct::orders
