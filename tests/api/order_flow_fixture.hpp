// The API fixture plus a charger side: the real charge-point service on the same store and
// bus, driven with OCPP calls as a charger would send them, so that orders are made by
// exactly the events a real charger causes. Commands the server sends (RemoteStart, ...)
// land in the fake sink and are answered by the test.
#pragma once

#include <variant>

#include "server/core/ocpp/charge_point_service.hpp"
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {

constexpr core::UtcMillis kMinute = 60'000;

// Valley 00:00-08:00, flat 08:00-10:00, peak 10:00-12:00, sharp 12:00-14:00, flat after
// (local); prices per kWh in 1e-5 yuan. Idle: 10 free minutes, then 0.5 yuan a minute,
// at most 20 yuan.
inline json standard_version() {
  return {{"prices",
           {{"sharp", {{"electricityPriceE5", 120'000}, {"servicePriceE5", 60'000}}},
            {"peak", {{"electricityPriceE5", 100'000}, {"servicePriceE5", 60'000}}},
            {"flat", {{"electricityPriceE5", 80'000}, {"servicePriceE5", 50'000}}},
            {"valley", {{"electricityPriceE5", 30'000}, {"servicePriceE5", 40'000}}}}},
          {"ranges", json::array({{{"from", "00:00"}, {"to", "08:00"}, {"period", "valley"}},
                                  {{"from", "08:00"}, {"to", "10:00"}, {"period", "flat"}},
                                  {{"from", "10:00"}, {"to", "12:00"}, {"period", "peak"}},
                                  {{"from", "12:00"}, {"to", "14:00"}, {"period", "sharp"}},
                                  {{"from", "14:00"}, {"to", "24:00"}, {"period", "flat"}}})},
          {"idleFee", {{"graceMinutes", 10}, {"pricePerMinuteE4", 5'000}, {"capE4", 200'000}}}};
}

class OrderFlowTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    service =
        std::make_unique<core::ChargePointService>(*store, clock, bus, core::ChargePointConfig{});
    acme = make_tenant("acme");
    station = make_station(acme, "Shanghai Hub");
    pile = make_pile(acme, station, "CP-O1",
                     {{"currentType", "DC"},
                      {"maxPowerW", 60000},
                      {"connectors", json::array({{{"connectorId", 1}, {"maxPowerW", 60000}},
                                                  {{"connectorId", 2}, {"maxPowerW", 60000}}})}});
    auto t = call("POST", "/api/v1/tariffs", acme.token,
                  {{"name", "Standard"}, {"version", standard_version()}});
    EXPECT_EQ(t.status, 201) << t.body;
    tariff = t.data()["id"].get<core::Id>();
    EXPECT_EQ(call("PUT", path("/api/v1/stations/", station, "/tariff"), acme.token,
                   {{"tariffId", tariff}})
                  .status,
              200);
    boot("CP-O1");
    status("CP-O1", 1, "Available");
    status("CP-O1", 2, "Available");
  }
  drivers::DriverAuthConfig auth_config() const override {
    drivers::DriverAuthConfig c;
    c.access_ttl_ms = 24 * 3'600'000;  // sessions here last hours of simulated time
    return c;
  }
  void TearDown() override {
    service.reset();
    ApiTest::TearDown();
  }

  // ---- the charger ----
  json ocpp(const std::string& cpid, const std::string& action, json payload) {
    ocpp16::Call c;
    c.unique_id = "t" + std::to_string(++next_id_);
    c.action = action;
    c.payload = std::move(payload);
    auto out = service->handle_call(cpid, c);
    orders->pump();
    if (auto* e = std::get_if<ocpp16::CallError>(&out)) {
      ADD_FAILURE() << action << " -> CALLERROR " << e->description;
      return nullptr;
    }
    return std::get<json>(out);
  }
  void boot(const std::string& cpid) {
    service->on_connected(cpid, "test");
    ocpp(cpid, "BootNotification", {{"chargePointVendor", "T"}, {"chargePointModel", "M"}});
  }
  void status(const std::string& cpid, int connector, const std::string& s) {
    ocpp(cpid, "StatusNotification",
         {{"connectorId", connector},
          {"errorCode", "NoError"},
          {"status", s},
          {"timestamp", core::format_utc(clock.now())}});
  }
  std::int64_t start(const std::string& cpid, int connector, const std::string& tag,
                     std::int64_t meter_wh) {
    auto r = ocpp(cpid, "StartTransaction",
                  {{"connectorId", connector},
                   {"idTag", tag},
                   {"meterStart", meter_wh},
                   {"timestamp", core::format_utc(clock.now())}});
    status(cpid, connector, "Charging");
    return r["transactionId"].get<std::int64_t>();
  }
  void meter(const std::string& cpid, int connector, std::int64_t tx, std::int64_t register_wh,
             std::int64_t power_w = 30'000) {
    ocpp(cpid, "MeterValues",
         {{"connectorId", connector},
          {"transactionId", tx},
          {"meterValue",
           json::array(
               {{{"timestamp", core::format_utc(clock.now())},
                 {"sampledValue", json::array({{{"value", std::to_string(register_wh)},
                                                {"measurand", "Energy.Active.Import.Register"},
                                                {"unit", "Wh"}},
                                               {{"value", std::to_string(power_w)},
                                                {"measurand", "Power.Active.Import"},
                                                {"unit", "W"}}})}}})}});
  }
  void stop(const std::string& cpid, std::int64_t tx, std::int64_t meter_wh,
            const std::string& reason = "Local") {
    ocpp(cpid, "StopTransaction",
         {{"transactionId", tx},
          {"meterStop", meter_wh},
          {"reason", reason},
          {"timestamp", core::format_utc(clock.now())}});
  }
  // The newest command the server sent, answered by the charger.
  core::Command answer_last(const std::string& status_text = "Accepted") {
    EXPECT_FALSE(sink.dispatched.empty());
    auto cmd = sink.dispatched.back();
    service->on_command_sent(cmd.id);
    service->on_command_result(cmd.id, {{"status", status_text}});
    orders->pump();
    return cmd;
  }

  // ---- money ----
  // Recharges through the sandbox: create, pay, deliver the notification.
  void recharge(const Driver& d, std::int64_t fen) {
    auto r = call("POST", "/api/v1/app/wallet/recharges", d.access_token, {{"amountFen", fen}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto id = r.data()["payment"]["providerOrderId"].get<std::string>();
    ASSERT_EQ(call("POST", "/api/v1/sandbox/pay/" + id, "", {{"result", "success"}}).status, 202);
    sandbox->deliver_due();
  }
  json wallet_of(const Driver& d) {
    return call("GET", "/api/v1/app/wallet", d.access_token).data();
  }
  json order_of(const Driver& d, core::Id id) {
    return call("GET", path("/api/v1/app/orders/", id), d.access_token).data();
  }

  std::unique_ptr<core::ChargePointService> service;
  Tenant acme;
  core::Id station = 0, pile = 0, tariff = 0;

 private:
  int next_id_ = 0;
};

}  // namespace ct::api::testing
