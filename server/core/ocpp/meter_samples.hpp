// Converts OCPP MeterValue batches into stored MeterSamples (integer units, see
// model.hpp) and summarises a batch for the MeterSampled event.
#pragma once

#include <optional>
#include <vector>

#include "protocol/ocpp16/messages.hpp"
#include "server/core/model.hpp"

namespace ct::core {

struct SampleOwner {
  Id tenant_id = 0;
  Id pile_id = 0;
  int connector_id = 0;
  std::optional<std::int64_t> transaction_id;  // empty: not attached
};

// Absent optional fields take the OCPP defaults (measurand
// Energy.Active.Import.Register, unit Wh, context Sample.Periodic, format Raw);
// absent phase and location stay empty. `normalized` is integer Wh for energy
// measurands in Wh/kWh (integer varh for varh/kvarh), the value x1000 in the sample's
// own unit otherwise (W -> mW, but kW -> W), empty when not numeric.
MeterSample to_meter_sample(const SampleOwner& owner, UtcMillis timestamp,
                            const ocpp16::SampledValue& sv);
std::vector<MeterSample> to_meter_samples(const SampleOwner& owner,
                                          const std::vector<ocpp16::MeterValue>& values);

struct SampleSummary {
  std::int64_t energy_wh = -1;  // latest Energy.Active.Import.Register, -1 if none
  std::int64_t energy_at = 0;   // its timestamp (the charger's), 0 if none
  std::int64_t power_mw = -1;   // latest Power.Active.Import in mW, -1 if none
  int count = 0;
};
SampleSummary summarize(const std::vector<MeterSample>& samples);

}  // namespace ct::core
