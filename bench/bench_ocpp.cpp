// Decode + validate + encode throughput of typical OCPP 1.6J frames.
#include <benchmark/benchmark.h>

#include <string>

#include "protocol/ocpp16/codec.hpp"

namespace {

using namespace ct::ocpp16;

const std::string kBoot =
    R"([2,"b1","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"ModelY","chargePointSerialNumber":"CP-0001","firmwareVersion":"1.2.3","meterType":"EMH"}])";
const std::string kStatus =
    R"([2,"s1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Charging","timestamp":"2024-03-01T12:00:00.000Z"}])";
const std::string kStart =
    R"([2,"t1","StartTransaction",{"connectorId":1,"idTag":"TAG-0001","meterStart":123456,"timestamp":"2024-03-01T12:00:00.000Z"}])";
const std::string kBootResult =
    R"([3,"b1",{"status":"Accepted","currentTime":"2024-03-01T12:00:00.000Z","interval":300}])";

std::string meter_values_frame() {
  std::string sv;
  const char* measurands[] = {"Energy.Active.Import.Register", "Power.Active.Import",
                              "Current.Import", "Voltage", "SoC"};
  const char* units[] = {"Wh", "W", "A", "V", "Percent"};
  for (int i = 0; i < 10; ++i) {
    if (i != 0) sv += ',';
    sv += R"({"value":")" + std::to_string(1000 + i) + R"(.5","context":"Sample.Periodic",)" +
          R"("measurand":")" + measurands[i % 5] + R"(","unit":")" + units[i % 5] +
          R"(","phase":"L1","location":"Outlet"})";
  }
  return R"([2,"m1","MeterValues",{"connectorId":1,"transactionId":42,"meterValue":[{"timestamp":"2024-03-01T12:00:00.000Z","sampledValue":[)" +
         sv + "]}]}]";
}

template <class T>
void run_call(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    auto parsed = parse_frame(text);
    auto& call = std::get<Call>(std::get<Frame>(parsed));
    const auto action = action_from_string(call.action);
    if (!action || validate_request(*action, call.payload)) state.SkipWithError("invalid");
    auto decoded = decode<T>(call.payload);
    auto out = serialize(Call{call.unique_id, call.action, encode(std::get<T>(decoded))});
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_BootNotification(benchmark::State& s) {
  run_call<BootNotificationRequest>(s, kBoot);
}
void BM_StatusNotification(benchmark::State& s) {
  run_call<StatusNotificationRequest>(s, kStatus);
}
void BM_StartTransaction(benchmark::State& s) {
  run_call<StartTransactionRequest>(s, kStart);
}
void BM_MeterValues10(benchmark::State& s) {
  static const std::string text = meter_values_frame();
  run_call<MeterValuesRequest>(s, text);
}

void BM_MeterValues10EnergyExtraction(benchmark::State& state) {
  const auto parsed = parse_frame(meter_values_frame());
  const auto& call = std::get<Call>(std::get<Frame>(parsed));
  const auto mv = std::get<MeterValuesRequest>(decode<MeterValuesRequest>(call.payload));
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& m : mv.meter_value) {
      for (const auto& v : m.sampled_value) sum += energy_wh(v).value_or(0);
    }
    benchmark::DoNotOptimize(sum);
  }
}

void BM_BootNotificationCallResult(benchmark::State& state) {
  for (auto _ : state) {
    auto parsed = parse_frame(kBootResult);
    auto& result = std::get<CallResult>(std::get<Frame>(parsed));
    auto decoded = decode<BootNotificationResponse>(result.payload);
    auto out = serialize(
        CallResult{result.unique_id, encode(std::get<BootNotificationResponse>(decoded))});
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kBootResult.size()));
}

void BM_ParseFrameOnly(benchmark::State& state) {
  static const std::string text = meter_values_frame();
  for (auto _ : state) {
    auto parsed = parse_frame(text);
    benchmark::DoNotOptimize(parsed);
  }
}

}  // namespace

BENCHMARK(BM_BootNotification);
BENCHMARK(BM_StatusNotification);
BENCHMARK(BM_StartTransaction);
BENCHMARK(BM_MeterValues10);
BENCHMARK(BM_MeterValues10EnergyExtraction);
BENCHMARK(BM_BootNotificationCallResult);
BENCHMARK(BM_ParseFrameOnly);

BENCHMARK_MAIN();
