// The bill of one order, computed from its meter readings and the tariff version in
// force when it started. The bill carries its whole breakdown so that the stored copy
// explains itself and can be compared (operator==) with a recomputation.
//
// Rounding (docs/billing.md, "Rounding"): amounts are exact integers in 1e-4 yuan except
// for exactly these roundings, each half up:
//   per period:  electricity_amount_e4 = round(energy_wh * electricity_price_e5 / 10^4)
//                service_amount_e4     = round(energy_wh * service_price_e5 / 10^4)
//   settlement:  payable_fen           = round(total_e4 / 100)
// The slot segments carry energy only: amounts are never rounded per slot or per sample.
// So total_e4 is within 8 * 0.5e-4 yuan of the exact price of the period energies, and
// payable_fen within a further half fen.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "server/billing/energy_split.hpp"
#include "server/billing/errors.hpp"
#include "server/billing/idle_fee.hpp"
#include "server/billing/tariff.hpp"
#include "server/billing/time_zone.hpp"
#include "server/core/model.hpp"

namespace ct::billing {

struct PeriodLine {
  Period period = Period::Flat;
  std::int64_t energy_wh = 0;
  std::int64_t electricity_price_e5 = 0;  // 0 for a period the tariff does not price
  std::int64_t service_price_e5 = 0;
  std::int64_t electricity_amount_e4 = 0;
  std::int64_t service_amount_e4 = 0;
  bool operator==(const PeriodLine&) const = default;
};

struct Bill {
  std::int64_t tariff_version_id = 0;
  std::string time_zone;  // the IANA name the slots were placed in
  core::UtcMillis started_at = 0;
  core::UtcMillis stopped_at = 0;
  std::int64_t meter_start_wh = 0;
  std::int64_t meter_stop_wh = 0;

  std::int64_t energy_wh = 0;  // == sum of periods[].energy_wh
  bool meter_reset = false;    // stop register below start: energy is the sum of increments
  std::int64_t samples_used = 0;
  std::int64_t samples_ignored = 0;  // outside the session, faulty, or glitched (left out)

  std::array<PeriodLine, kPeriodCount> periods{
      {{Period::Sharp}, {Period::Peak}, {Period::Flat}, {Period::Valley}}};  // by index_of()
  std::vector<SlotSegment> segments;
  IdleLine idle;

  std::int64_t electricity_amount_e4 = 0;
  std::int64_t service_amount_e4 = 0;
  std::int64_t idle_fee_e4 = 0;
  std::int64_t total_e4 = 0;  // electricity + service + idle
  std::int64_t payable_fen = 0;

  bool operator==(const Bill&) const = default;
};

// Errors: InvalidTariff (validate() found problems, listed in Error::fields), and those of
// split_energy() and compute_idle_fee().
Result<Bill> compute_bill(const TariffVersion& tariff, const TimeZone& zone,
                          const SessionMeter& meter, const IdleTime& idle);

// An order still charging: what it has cost so far.
struct LiveSession {
  core::UtcMillis started_at = 0;
  std::int64_t meter_start_wh = 0;
  std::vector<MeterReading> samples;
};

// The bill of the energy metered up to `now`: the latest sample at or before `now`
// (and not before the start) stands in for the stop reading; without one the bill is
// of zero energy at started_at. Samples after `now` are ignored. No idle fee, as the
// vehicle is still charging; once charging has ended, use compute_bill with
// IdleTime{ended_at, now} for the fee so far.
Result<Bill> running_bill(const TariffVersion& tariff, const TimeZone& zone,
                          const LiveSession& session, core::UtcMillis now);

}  // namespace ct::billing
