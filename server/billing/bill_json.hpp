// The stored and displayed form of a Bill (kept with the order, served by
// GET /api/v1/orders/{id}/bill). Field names are camelCase and stable; amounts stay
// integers in their units (...E5, ...E4, ...Fen, ...Wh) and instants are RFC 3339 UTC
// strings with milliseconds, as elsewhere in the API. Layout (schemaVersion 1):
//
// {"schemaVersion":1, "tariffVersionId":7, "timeZone":"Asia/Shanghai",
//  "startedAt":"2026-01-01T00:00:00.000Z", "stoppedAt":"...", "meterStartWh":0,
//  "meterStopWh":0, "energyWh":0, "meterReset":false, "samplesUsed":0, "samplesIgnored":0,
//  "periods":[{"period":"sharp", "energyWh":0, "electricityPriceE5":0, "servicePriceE5":0,
//              "electricityAmountE4":0, "serviceAmountE4":0}, ...peak, flat, valley],
//  "segments":[{"from":"...", "to":"...", "localDate":"2026-01-01", "slot":16,
//               "period":"flat", "energyWh":0}, ...],
//  "idle":{"chargingEndedAt":"..." or null, "unpluggedAt":"..." or null, "graceMinutes":0,
//          "pricePerMinuteE4":0, "capE4":0, "minutes":0, "feeE4":0, "capped":false},
//  "electricityAmountE4":0, "serviceAmountE4":0, "idleFeeE4":0, "totalE4":0, "payableFen":0}
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "server/billing/bill.hpp"
#include "server/billing/errors.hpp"

namespace ct::billing {

inline constexpr int kBillSchemaVersion = 1;

nlohmann::json bill_to_json(const Bill& bill);

// The exact inverse of bill_to_json: bill_from_json(bill_to_json(b)) == b. Unknown
// fields are ignored; a missing, mistyped or out-of-range one is InvalidBillJson with
// its path in Error::fields (e.g. "segments[3].slot"). It checks the form, not the sums:
// compare with a recomputation to check those.
Result<Bill> bill_from_json(const nlohmann::json& json);

}  // namespace ct::billing
