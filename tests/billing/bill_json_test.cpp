#include "server/billing/bill_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/billing/test_support.hpp"

namespace ct::billing {
namespace {

using nlohmann::json;
using testing::failed;
using testing::ok;
using testing::rotating_tariff;
using testing::standard_tariff;
using testing::utc;
using testing::zone;

core::UtcMillis sh(int h, int mi) {
  return utc(2024, 5, 1, h - 8, mi);
}

Bill small_bill() {
  TariffVersion t = standard_tariff();
  t.idle_fee = IdleFeeRule{15, 5'000, 0};
  return ok(compute_bill(t, zone("Asia/Shanghai"), {sh(9, 50), 0, sh(10, 10), 1'001, {}},
                         IdleTime{sh(10, 10), sh(10, 30)}));
}

TEST(BillJson, StableFieldNames) {
  const json expected = json::parse(R"({
    "schemaVersion": 1, "tariffVersionId": 42, "timeZone": "Asia/Shanghai",
    "startedAt": "2024-05-01T01:50:00.000Z", "stoppedAt": "2024-05-01T02:10:00.000Z",
    "meterStartWh": 0, "meterStopWh": 1001, "energyWh": 1001, "meterReset": false,
    "samplesUsed": 0, "samplesIgnored": 0,
    "periods": [
      {"period": "sharp", "energyWh": 0, "electricityPriceE5": 120000, "servicePriceE5": 80000,
       "electricityAmountE4": 0, "serviceAmountE4": 0},
      {"period": "peak", "energyWh": 500, "electricityPriceE5": 100000, "servicePriceE5": 60000,
       "electricityAmountE4": 5000, "serviceAmountE4": 3000},
      {"period": "flat", "energyWh": 501, "electricityPriceE5": 70000, "servicePriceE5": 50000,
       "electricityAmountE4": 3507, "serviceAmountE4": 2505},
      {"period": "valley", "energyWh": 0, "electricityPriceE5": 30000, "servicePriceE5": 40000,
       "electricityAmountE4": 0, "serviceAmountE4": 0}],
    "segments": [
      {"from": "2024-05-01T01:50:00.000Z", "to": "2024-05-01T02:00:00.000Z",
       "localDate": "2024-05-01", "slot": 19, "period": "flat", "energyWh": 501},
      {"from": "2024-05-01T02:00:00.000Z", "to": "2024-05-01T02:10:00.000Z",
       "localDate": "2024-05-01", "slot": 20, "period": "peak", "energyWh": 500}],
    "idle": {"chargingEndedAt": "2024-05-01T02:10:00.000Z",
             "unpluggedAt": "2024-05-01T02:30:00.000Z", "graceMinutes": 15,
             "pricePerMinuteE4": 5000, "capE4": 0, "minutes": 5, "feeE4": 25000,
             "capped": false},
    "electricityAmountE4": 8507, "serviceAmountE4": 5505, "idleFeeE4": 25000,
    "totalE4": 39012, "payableFen": 390})");
  EXPECT_EQ(bill_to_json(small_bill()), expected) << bill_to_json(small_bill()).dump(2);
}

TEST(BillJson, RoundTripsExactly) {
  const Bill b = small_bill();
  EXPECT_EQ(ok(bill_from_json(bill_to_json(b))), b);
  // Through text too, as it is stored.
  EXPECT_EQ(ok(bill_from_json(json::parse(bill_to_json(b).dump()))), b);

  // A DST bill with a reset, ignored samples and no idle times.
  const Bill dst = ok(compute_bill(
      rotating_tariff(), zone("Europe/Berlin"),
      {utc(2024, 10, 26, 23, 59, 59, 1),
       100,
       utc(2024, 10, 27, 2, 0, 0, 999),
       50,
       {{utc(2024, 10, 27, 1), 7'000}, {utc(2024, 10, 27, 1, 30), 20}, {utc(2024, 10, 28), 9}}},
      {}));
  EXPECT_TRUE(dst.meter_reset);
  EXPECT_EQ(dst.samples_ignored, 1);
  const json j = bill_to_json(dst);
  EXPECT_TRUE(j["idle"]["chargingEndedAt"].is_null());
  EXPECT_EQ(j["startedAt"], "2024-10-26T23:59:59.001Z");
  EXPECT_EQ(ok(bill_from_json(j)), dst);
}

TEST(BillJson, ADefaultBillRoundTrips) {
  const Bill empty;
  EXPECT_EQ(empty.periods[index_of(Period::Valley)].period, Period::Valley);
  EXPECT_EQ(bill_to_json(empty)["startedAt"], "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(ok(bill_from_json(bill_to_json(empty))), empty);
}

TEST(BillJson, AStoredBillComparesWithARecomputation) {
  const json stored = bill_to_json(small_bill());
  EXPECT_EQ(ok(bill_from_json(stored)), small_bill());
  json tampered = stored;
  tampered["segments"][0]["energyWh"] = 500;
  EXPECT_NE(ok(bill_from_json(tampered)), small_bill());
}

FieldError problem_in(const json& j) {
  const Error e = failed(bill_from_json(j));
  EXPECT_EQ(e.code, ErrorCode::InvalidBillJson);
  return e.fields.empty() ? FieldError{} : e.fields[0];
}

TEST(BillJson, ParseErrorsNameTheField) {
  const json good = bill_to_json(small_bill());
  auto with = [&](auto edit) {
    json j = good;
    edit(j);
    return problem_in(j);
  };
  EXPECT_EQ(problem_in(json::array()).field, "(bill)");
  EXPECT_EQ(with([](json& j) { j["schemaVersion"] = 2; }).field, "schemaVersion");
  EXPECT_EQ(with([](json& j) { j.erase("payableFen"); }), (FieldError{"payableFen", "is missing"}));
  EXPECT_EQ(with([](json& j) { j["totalE4"] = 1.5; }),
            (FieldError{"totalE4", "must be an integer"}));
  EXPECT_EQ(with([](json& j) { j["totalE4"] = "100"; }).field, "totalE4");
  EXPECT_EQ(with([](json& j) { j["totalE4"] = -1; }).field, "totalE4");
  EXPECT_EQ(with([](json& j) { j["totalE4"] = std::uint64_t{1} << 63; }),
            (FieldError{"totalE4", "is too large"}));
  EXPECT_EQ(with([](json& j) { j["meterReset"] = 0; }).field, "meterReset");
  EXPECT_EQ(with([](json& j) { j["startedAt"] = "2024-02-30T00:00:00.000Z"; }).field, "startedAt");
  EXPECT_EQ(with([](json& j) { j["startedAt"] = "2024-05-01T01:50:00Z"; }).field, "startedAt");
  EXPECT_EQ(with([](json& j) { j["startedAt"] = 1714528200000; }).field, "startedAt");
  EXPECT_EQ(with([](json& j) { j["segments"][1]["slot"] = 48; }).field, "segments[1].slot");
  EXPECT_EQ(with([](json& j) { j["segments"][0]["period"] = "noon"; }).field, "segments[0].period");
  EXPECT_EQ(with([](json& j) { j["segments"][0]["localDate"] = "2024-5-1"; }).field,
            "segments[0].localDate");
  EXPECT_EQ(with([](json& j) { j["segments"][0] = 3; }).field, "segments[0]");
  EXPECT_EQ(with([](json& j) { j["segments"] = json::object(); }).field, "segments");
  EXPECT_EQ(with([](json& j) { std::swap(j["periods"][0], j["periods"][1]); }).field,
            "periods[0].period");
  EXPECT_EQ(with([](json& j) { j["periods"].erase(3); }).field, "periods");
  EXPECT_EQ(with([](json& j) { j["idle"]["unpluggedAt"] = false; }).field, "idle.unpluggedAt");
  EXPECT_EQ(with([](json& j) { j["idle"] = nullptr; }).field, "idle");
  // Fields it does not know are left alone (a later writer may add some).
  json extra = good;
  extra["discounts"] = json::array();
  EXPECT_EQ(ok(bill_from_json(extra)), small_bill());
}

}  // namespace
}  // namespace ct::billing
