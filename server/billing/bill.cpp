#include "server/billing/bill.hpp"

#include <utility>

#include "server/billing/money.hpp"

namespace ct::billing {

Result<Bill> compute_bill(const TariffVersion& tariff, const TimeZone& zone,
                          const SessionMeter& meter, const IdleTime& idle) {
  if (auto problems = validate(tariff); !problems.empty()) {
    return Error{ErrorCode::InvalidTariff, "tariff version cannot bill", std::move(problems)};
  }
  auto split = split_energy(tariff.slots, zone, meter);
  if (auto* err = std::get_if<Error>(&split)) return std::move(*err);
  auto idle_line = compute_idle_fee(tariff.idle_fee, idle);
  if (auto* err = std::get_if<Error>(&idle_line)) return std::move(*err);
  EnergySplit& energy = std::get<EnergySplit>(split);

  Bill bill;
  bill.tariff_version_id = tariff.id;
  bill.time_zone = zone.name();
  bill.started_at = meter.started_at;
  bill.stopped_at = meter.stopped_at;
  bill.meter_start_wh = meter.meter_start_wh;
  bill.meter_stop_wh = meter.meter_stop_wh;
  bill.energy_wh = energy.total_wh;
  bill.meter_reset = energy.meter_reset;
  bill.samples_used = energy.samples_used;
  bill.samples_ignored = energy.samples_ignored;

  for (Period p : kPeriods) {
    PeriodLine& line = bill.periods[index_of(p)];
    line.period = p;
    line.energy_wh = energy.period_wh[index_of(p)];
    if (const auto& price = tariff.price(p)) {
      line.electricity_price_e5 = price->electricity_price_e5;
      line.service_price_e5 = price->service_price_e5;
    }
    line.electricity_amount_e4 = energy_amount_e4(line.energy_wh, line.electricity_price_e5);
    line.service_amount_e4 = energy_amount_e4(line.energy_wh, line.service_price_e5);
    bill.electricity_amount_e4 += line.electricity_amount_e4;
    bill.service_amount_e4 += line.service_amount_e4;
  }
  bill.segments = std::move(energy.segments);
  bill.idle = std::get<IdleLine>(idle_line);
  bill.idle_fee_e4 = bill.idle.fee_e4;
  bill.total_e4 = bill.electricity_amount_e4 + bill.service_amount_e4 + bill.idle_fee_e4;
  bill.payable_fen = payable_fen_of(bill.total_e4);
  return bill;
}

Result<Bill> running_bill(const TariffVersion& tariff, const TimeZone& zone,
                          const LiveSession& session, core::UtcMillis now) {
  SessionMeter meter{
      session.started_at, session.meter_start_wh, session.started_at, session.meter_start_wh, {}};
  meter.samples.reserve(session.samples.size());
  for (const MeterReading& s : session.samples) {
    if (s.at > now) continue;
    meter.samples.push_back(s);
    // The latest reading (ties: the highest register) closes the bill so far, provided
    // split_energy would use it: one it would ignore cannot stand in for the stop.
    if (s.at >= session.started_at && s.register_wh >= 0 && s.register_wh <= kMaxRegisterWh &&
        MeterReading{meter.stopped_at, meter.meter_stop_wh} < s) {
      meter.stopped_at = s.at;
      meter.meter_stop_wh = s.register_wh;
    }
  }
  return compute_bill(tariff, zone, meter, IdleTime{});
}

}  // namespace ct::billing
