// MeterValues: normalisation, attachment, missing/unknown transaction ids.
#include "tests/core/charge_point_fixture.hpp"

namespace ct::test {
namespace {

using Body = events::Event::BodyCase;

class MeterValuesTest : public ChargePointTest {
 protected:
  void SetUp() override {
    standard_setup();
    tx_id_ =
        ok("CP1", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()))["transactionId"];
  }
  std::int64_t tx_id_ = 0;
};

TEST_F(MeterValuesTest, SamplesAreNormalisedAndAttached) {
  const auto t1 = clock_.now() + 60'000;
  const auto t2 = clock_.now() + 120'000;
  json payload = {
      {"connectorId", 1},
      {"transactionId", tx_id_},
      {"meterValue",
       json::array(
           {{{"timestamp", core::format_utc(t1)},
             {"sampledValue",
              json::array(
                  {{{"value", "1234"}},  // all defaults: energy register in Wh
                   {{"value", "7.2"}, {"measurand", "Power.Active.Import"}, {"unit", "kW"}}})}},
            {{"timestamp", core::format_utc(t2)},
             {"sampledValue",
              json::array({{{"value", "2.5"},
                            {"measurand", "Energy.Active.Import.Register"},
                            {"unit", "kWh"},
                            {"context", "Sample.Clock"},
                            {"location", "Outlet"}},
                           {{"value", "7100"}, {"measurand", "Power.Active.Import"}, {"unit", "W"}},
                           {{"value", "16.5"},
                            {"measurand", "Current.Import"},
                            {"unit", "A"},
                            {"phase", "L1"}}})}}})}};
  EXPECT_EQ(ok("CP1", "MeterValues", payload), json::object());

  auto samples = store_.list_meter_samples(core::TenantScope::of(tenant_.id), tx_id_);
  ASSERT_EQ(samples.size(), 5u);
  const auto& e1 = samples[0];
  EXPECT_EQ(e1.timestamp, t1);
  EXPECT_EQ(e1.measurand, "Energy.Active.Import.Register");
  EXPECT_EQ(e1.unit, "Wh");
  EXPECT_EQ(e1.context, "Sample.Periodic");
  EXPECT_EQ(e1.format, "Raw");
  EXPECT_EQ(e1.value, "1234");
  EXPECT_EQ(e1.normalized, 1234);
  EXPECT_EQ(e1.transaction_id, tx_id_);
  EXPECT_EQ(e1.connector_id, 1);
  EXPECT_EQ(e1.pile_id, pile_.id);
  EXPECT_EQ(e1.tenant_id, tenant_.id);

  auto find = [&](const std::string& value) {
    for (const auto& s : samples) {
      if (s.value == value) return s;
    }
    ADD_FAILURE() << "no sample " << value;
    return core::MeterSample{};
  };
  EXPECT_EQ(find("7.2").normalized, 7200);  // kW x1000: the model's "scaled by 1000"
  auto kwh = find("2.5");
  EXPECT_EQ(kwh.normalized, 2500);  // kWh -> integer Wh
  EXPECT_EQ(kwh.unit, "kWh");
  EXPECT_EQ(kwh.context, "Sample.Clock");
  EXPECT_EQ(kwh.location, "Outlet");
  EXPECT_EQ(kwh.timestamp, t2);
  EXPECT_EQ(find("7100").normalized, 7'100'000);  // W -> mW
  auto amps = find("16.5");
  EXPECT_EQ(amps.normalized, 16'500);  // A -> mA
  EXPECT_EQ(amps.phase, "L1");

  auto ev = events_of(Body::kMeterSampled);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].meter_sampled().transaction_id(), tx_id_);
  EXPECT_EQ(ev[0].meter_sampled().connector_id(), 1);
  EXPECT_EQ(ev[0].meter_sampled().energy_wh(), 2500);      // the latest register value
  EXPECT_EQ(ev[0].meter_sampled().power_mw(), 7'100'000);  // the latest power, in mW
  EXPECT_EQ(ev[0].meter_sampled().sample_count(), 5);
  EXPECT_EQ(ev[0].pile_id(), pile_.id);
}

TEST_F(MeterValuesTest, KilowattPowerIsReportedInMilliwatts) {
  ok("CP1", "MeterValues",
     {{"connectorId", 1},
      {"transactionId", tx_id_},
      {"meterValue",
       json::array({{{"timestamp", now_text()},
                     {"sampledValue", json::array({{{"value", "7.2"},
                                                    {"measurand", "Power.Active.Import"},
                                                    {"unit", "kW"}}})}}})}});
  auto ev = events_of(Body::kMeterSampled);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].meter_sampled().power_mw(), 7'200'000);
  EXPECT_EQ(ev[0].meter_sampled().energy_wh(), -1);
}

TEST_F(MeterValuesTest, MissingTransactionIdStoresUnattached) {
  json r = ok("CP1", "MeterValues",
              {{"connectorId", 0},
               {"meterValue", json::array({{{"timestamp", now_text()},
                                            {"sampledValue", json::array({{{"value", "230.1"},
                                                                           {"measurand", "Voltage"},
                                                                           {"unit", "V"}}})}}})}});
  EXPECT_EQ(r, json::object());
  ASSERT_EQ(store_.inserted_samples.size(), 1u);
  EXPECT_FALSE(store_.inserted_samples[0].transaction_id.has_value());
  EXPECT_EQ(store_.inserted_samples[0].normalized, 230'100);
  auto ev = events_of(Body::kMeterSampled);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].meter_sampled().transaction_id(), 0);
}

TEST_F(MeterValuesTest, UnknownTransactionIdStoresUnattachedWithoutCallError) {
  json r =
      ok("CP1", "MeterValues",
         {{"connectorId", 1},
          {"transactionId", 424242},
          {"meterValue", json::array({{{"timestamp", now_text()},
                                       {"sampledValue", json::array({{{"value", "99"}}})}}})}});
  EXPECT_EQ(r, json::object());
  ASSERT_EQ(store_.inserted_samples.size(), 1u);
  EXPECT_FALSE(store_.inserted_samples[0].transaction_id.has_value());
  EXPECT_TRUE(store_.list_meter_samples(core::TenantScope::of(tenant_.id), tx_id_).empty());
}

TEST_F(MeterValuesTest, ReactiveEnergyIsIntegerVarh) {
  ok("CP1", "MeterValues",
     {{"connectorId", 1},
      {"transactionId", tx_id_},
      {"meterValue", json::array({{{"timestamp", now_text()},
                                   {"sampledValue",
                                    json::array({{{"value", "1.5"},
                                                  {"measurand", "Energy.Reactive.Import.Register"},
                                                  {"unit", "kvarh"}},
                                                 {{"value", "42"},
                                                  {"measurand", "Energy.Reactive.Export.Register"},
                                                  {"unit", "varh"}}})}}})}});
  ASSERT_EQ(store_.inserted_samples.size(), 2u);
  EXPECT_EQ(store_.inserted_samples[0].normalized, 1500);
  EXPECT_EQ(store_.inserted_samples[1].normalized, 42);
}

TEST_F(MeterValuesTest, NonNumericValueHasNoNormalizedValue) {
  ok("CP1", "MeterValues",
     {{"connectorId", 1},
      {"transactionId", tx_id_},
      {"meterValue",
       json::array({{{"timestamp", now_text()},
                     {"sampledValue",
                      json::array({{{"value", "0xDEADBEEF"}, {"format", "SignedData"}}})}}})}});
  ASSERT_EQ(store_.inserted_samples.size(), 1u);
  EXPECT_EQ(store_.inserted_samples[0].format, "SignedData");
  EXPECT_EQ(store_.inserted_samples[0].value, "0xDEADBEEF");
  EXPECT_FALSE(store_.inserted_samples[0].normalized.has_value());
}

}  // namespace
}  // namespace ct::test
