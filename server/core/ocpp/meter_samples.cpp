#include "server/core/ocpp/meter_samples.hpp"

namespace ct::core {
namespace {

bool is_energy(const std::string& measurand) {
  return measurand.rfind("Energy.", 0) == 0;
}

}  // namespace

MeterSample to_meter_sample(const SampleOwner& owner, UtcMillis timestamp,
                            const ocpp16::SampledValue& sv) {
  MeterSample s;
  s.tenant_id = owner.tenant_id;
  s.pile_id = owner.pile_id;
  s.connector_id = owner.connector_id;
  s.transaction_id = owner.transaction_id;
  s.timestamp = timestamp;
  if (sv.measurand) s.measurand = ocpp16::to_string(*sv.measurand);
  if (sv.phase) s.phase = ocpp16::to_string(*sv.phase);
  if (sv.unit) s.unit = ocpp16::to_string(*sv.unit);
  if (sv.context) s.context = ocpp16::to_string(*sv.context);
  if (sv.location) s.location = ocpp16::to_string(*sv.location);
  if (sv.format) s.format = ocpp16::to_string(*sv.format);
  s.value = sv.value;
  if (is_energy(s.measurand)) {
    s.normalized = ocpp16::energy_wh(sv);
    // Reactive energy in varh/kvarh: the same integer scale as Wh.
    if (!s.normalized && s.unit == "varh") s.normalized = ocpp16::parse_scaled_decimal(sv.value, 0);
    if (!s.normalized && s.unit == "kvarh")
      s.normalized = ocpp16::parse_scaled_decimal(sv.value, 3);
  } else {
    s.normalized = ocpp16::scaled_milli(sv);
  }
  return s;
}

std::vector<MeterSample> to_meter_samples(const SampleOwner& owner,
                                          const std::vector<ocpp16::MeterValue>& values) {
  std::vector<MeterSample> out;
  for (const auto& mv : values) {
    for (const auto& sv : mv.sampled_value) {
      out.push_back(to_meter_sample(owner, mv.timestamp.epoch_ms, sv));
    }
  }
  return out;
}

SampleSummary summarize(const std::vector<MeterSample>& samples) {
  SampleSummary sum;
  sum.count = static_cast<int>(samples.size());
  std::optional<UtcMillis> energy_at, power_at;
  for (const auto& s : samples) {
    if (!s.normalized) continue;
    // Phase-less values are the totals; per-phase values do not replace them.
    if (!s.phase.empty()) continue;
    if (s.measurand == "Energy.Active.Import.Register" &&
        (!energy_at || s.timestamp >= *energy_at)) {
      energy_at = s.timestamp;
      sum.energy_wh = *s.normalized;
      sum.energy_at = s.timestamp;
    } else if (s.measurand == "Power.Active.Import" && (!power_at || s.timestamp >= *power_at)) {
      power_at = s.timestamp;
      // normalized is value x1000: W -> mW; kW -> W, so once more x1000.
      sum.power_mw = s.unit == "kW" ? *s.normalized * 1000 : *s.normalized;
    }
  }
  return sum;
}

}  // namespace ct::core
