// A driver's whole story over real sockets against a running CsmsNode: sign up with an
// SMS code, recharge through the sandbox provider (whose signed notification reaches the
// server over HTTP), find a station, scan a connector, start; a charger (the OCPP test
// client) charges across a tariff period boundary; the driver stops; the order settles and
// wallet, order and bill agree to the fen.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "server/billing/time_zone.hpp"
#include "server/core/clock.hpp"
#include "server/drivers/sms_sender.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/integration/test_client.hpp"

namespace ct::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class CapturedSms final : public drivers::SmsSender {
 public:
  void send_code(core::Id, const std::string& phone, const std::string& code) override {
    std::lock_guard lock(mu);
    codes[phone] = code;
  }
  std::string code_for(const std::string& phone) {
    std::lock_guard lock(mu);
    return codes[phone];
  }
  std::mutex mu;
  std::map<std::string, std::string> codes;
};

std::string hhmm(int slot) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d", slot / 2, (slot % 2) * 30);
  return buf;
}

class BillingFlowTest : public ServerFixture {
 protected:
  HttpResult app(const std::string& method, const std::string& target, const json& body,
                 const std::string& token) {
    return http_request(port_, method, target, token, body.is_null() ? "" : body.dump(),
                        {{"Content-Type", "application/json"}});
  }
};

TEST_F(BillingFlowTest, SignUpRechargeScanChargeAcrossABoundaryStopSettle) {
  CapturedSms sms;
  stop_node();  // again, reading sign-in codes this time
  sms_ = &sms;
  start_node();
  const auto tenant_token = tenant_token_;  // the fixture's tenant "Acme"
  std::int64_t tenant_id = 0;
  const auto tenants = api("GET", "/api/v1/tenants", nullptr, kPlatformToken).json();
  for (const auto& t : tenants["data"]["items"]) {
    if (t["name"] == "Acme") tenant_id = t["id"].get<std::int64_t>();
  }
  ASSERT_NE(tenant_id, 0);
  auto station = api("POST", "/api/v1/stations",
                     {{"name", "Riverside"},
                      {"latitude", 31.2304},
                      {"longitude", 121.4737},
                      {"address", "1 River Road"}},
                     tenant_token)
                     .json()["data"]["id"]
                     .get<std::int64_t>();
  auto pile_r = api("POST", "/api/v1/stations/" + std::to_string(station) + "/piles",
                    {{"chargePointId", "CP-BILL-1"},
                     {"currentType", "DC"},
                     {"connectors", json::array({{{"connectorId", 1}, {"maxPowerW", 60000}}})}},
                    tenant_token);
  ASSERT_EQ(pile_r.status, 201) << pile_r.body;

  // A tariff whose period changes at the next half hour of Shanghai's clock: the charger's
  // session straddles that boundary, whatever time the test runs.
  const auto now = core::SystemClock().now();
  auto zone = *billing::TimeZone::load("Asia/Shanghai");
  const auto boundary = zone.next_slot_boundary(now);
  const int next_slot = zone.slot_of(boundary);
  json ranges = json::array();
  if (next_slot > 0)
    ranges.push_back({{"from", "00:00"}, {"to", hhmm(next_slot)}, {"period", "valley"}});
  ranges.push_back({{"from", hhmm(next_slot)}, {"to", hhmm(next_slot + 1)}, {"period", "peak"}});
  if (next_slot + 1 < 48)
    ranges.push_back({{"from", hhmm(next_slot + 1)}, {"to", "24:00"}, {"period", "valley"}});
  auto tariff = api("POST", "/api/v1/tariffs",
                    {{"name", "TOU"},
                     {"version",
                      {{"prices",
                        {{"peak", {{"electricityPriceE5", 100'000}, {"servicePriceE5", 60'000}}},
                         {"valley", {{"electricityPriceE5", 30'000}, {"servicePriceE5", 40'000}}}}},
                       {"ranges", ranges}}}},
                    tenant_token);
  ASSERT_EQ(tariff.status, 201) << tariff.body;
  ASSERT_EQ(api("PUT", "/api/v1/stations/" + std::to_string(station) + "/tariff",
                {{"tariffId", tariff.json()["data"]["id"]}}, tenant_token)
                .status,
            200);

  auto charger = boot_charger("CP-BILL-1");
  charger->call("StatusNotification",
                {{"connectorId", 1}, {"errorCode", "NoError"}, {"status", "Available"}});

  // Sign up.
  const std::string phone = "+8613800138000";
  ASSERT_EQ(
      app("POST", "/api/v1/app/auth/sms-code", {{"tenantId", tenant_id}, {"phone", phone}}, "")
          .status,
      202);
  auto login = app("POST", "/api/v1/app/auth/login",
                   {{"tenantId", tenant_id}, {"phone", phone}, {"code", sms.code_for(phone)}}, "");
  ASSERT_EQ(login.status, 200) << login.body;
  const auto token = login.json()["data"]["accessToken"].get<std::string>();
  const auto id_tag = login.json()["data"]["driver"]["idTag"].get<std::string>();

  // Recharge 50 yuan through the sandbox: the app pays at the pay URL, the provider then
  // notifies the server over HTTP.
  auto recharge = app("POST", "/api/v1/app/wallet/recharges", {{"amountFen", 5000}}, token);
  ASSERT_EQ(recharge.status, 201) << recharge.body;
  const auto pay_url = recharge.json()["data"]["pay"]["payUrl"].get<std::string>();
  const auto pay_path = pay_url.substr(pay_url.find("/api/"));
  ASSERT_EQ(app("POST", pay_path, {{"result", "success"}}, "").status, 202);
  ASSERT_TRUE(eventually([&] {
    return app("GET", "/api/v1/app/wallet", nullptr, token).json()["data"]["balanceFen"] == 5000;
  })) << "the sandbox's notification did not credit the wallet";

  // Find the station near the driver and scan its connector.
  auto near =
      app("GET", "/api/v1/app/stations?lat=31.2300&lng=121.4730&radiusM=2000", nullptr, token);
  ASSERT_EQ(near.status, 200) << near.body;
  ASSERT_EQ(near.json()["data"]["items"].size(), 1u) << near.body;
  EXPECT_EQ(near.json()["data"]["items"][0]["id"], station);
  auto scan =
      app("POST", "/api/v1/app/scan", {{"qr", "chargetwin://connector/CP-BILL-1/1"}}, token);
  ASSERT_EQ(scan.status, 200) << scan.body;
  EXPECT_TRUE(scan.json()["data"]["canStart"].get<bool>()) << scan.body;

  // Start: the charger gets RemoteStartTransaction and starts 2 minutes before the
  // boundary (its own clock; the bill goes by the charger's timestamps).
  auto started =
      app("POST", "/api/v1/app/orders", {{"qr", "chargetwin://connector/CP-BILL-1/1"}}, token);
  ASSERT_EQ(started.status, 201) << started.body;
  const auto order_id = started.json()["data"]["id"].get<std::int64_t>();
  auto rs = charger->receive_call();
  ASSERT_TRUE(rs);
  ASSERT_EQ((*rs)[2], "RemoteStartTransaction");
  EXPECT_EQ((*rs)[3]["idTag"], id_tag);
  charger->send_text(json::array({3, (*rs)[1], {{"status", "Accepted"}}}).dump());
  const auto t0 = boundary - 2 * 60'000;
  auto tx = charger->call("StartTransaction", {{"connectorId", 1},
                                               {"idTag", id_tag},
                                               {"meterStart", 10'000},
                                               {"timestamp", core::format_utc(t0)}});
  ASSERT_EQ(tx[0], 3) << tx.dump();
  const auto tx_id = tx[2]["transactionId"].get<std::int64_t>();
  charger->call("StatusNotification",
                {{"connectorId", 1}, {"errorCode", "NoError"}, {"status", "Charging"}});
  auto sample = [&](core::UtcMillis at, std::int64_t wh) {
    charger->call(
        "MeterValues",
        {{"connectorId", 1},
         {"transactionId", tx_id},
         {"meterValue", json::array({{{"timestamp", core::format_utc(at)},
                                      {"sampledValue",
                                       json::array({{{"value", std::to_string(wh)},
                                                     {"measurand", "Energy.Active.Import.Register"},
                                                     {"unit", "Wh"}}})}}})}});
  };
  sample(t0 + 60'000, 11'000);        // 1 kWh in the valley
  sample(boundary + 60'000, 13'000);  // 2 kWh, half each side of the boundary
  ASSERT_TRUE(eventually([&] {
    return app("GET", "/api/v1/app/orders/" + std::to_string(order_id), nullptr, token)
               .json()["data"]["state"] == "charging";
  }));

  // The driver stops; the charger gets RemoteStopTransaction and stops at 14 kWh.
  ASSERT_EQ(
      app("POST", "/api/v1/app/orders/" + std::to_string(order_id) + "/stop", json::object(), token)
          .status,
      202);
  auto stop_call = charger->receive_call();
  ASSERT_TRUE(stop_call);
  ASSERT_EQ((*stop_call)[2], "RemoteStopTransaction");
  EXPECT_EQ((*stop_call)[3]["transactionId"], tx_id);
  charger->send_text(json::array({3, (*stop_call)[1], {{"status", "Accepted"}}}).dump());
  charger->call("StopTransaction", {{"transactionId", tx_id},
                                    {"meterStop", 14'000},
                                    {"reason", "Remote"},
                                    {"timestamp", core::format_utc(boundary + 120'000)}});

  json order;
  ASSERT_TRUE(eventually([&] {
    order =
        app("GET", "/api/v1/app/orders/" + std::to_string(order_id), nullptr, token).json()["data"];
    return order["state"] == "settled";
  })) << order;
  // Valley 1 + 1 = 2 kWh at 0.70 yuan; peak 1 + 1 = 2 kWh at 1.60 yuan: 1.40 + 3.20 = 4.60.
  EXPECT_EQ(order["energyWh"], 4000);
  EXPECT_EQ(order["payableFen"], 460);
  EXPECT_EQ(order["chargedFen"], 460);
  EXPECT_EQ(order["debtFen"], 0);
  std::int64_t valley = 0, peak = 0;
  for (const auto& p : order["bill"]["periods"]) {
    if (p["period"] == "valley") valley = p["energyWh"].get<std::int64_t>();
    if (p["period"] == "peak") peak = p["energyWh"].get<std::int64_t>();
  }
  EXPECT_EQ(valley, 2000);
  EXPECT_EQ(peak, 2000);

  auto wallet = app("GET", "/api/v1/app/wallet", nullptr, token).json()["data"];
  EXPECT_EQ(wallet["balanceFen"], 5000 - 460);
  EXPECT_EQ(wallet["frozenFen"], 0);
  auto bill =
      api("GET", "/api/v1/orders/" + std::to_string(order_id) + "/bill", nullptr, tenant_token);
  ASSERT_EQ(bill.status, 200) << bill.body;
  EXPECT_TRUE(bill.json()["data"]["agree"].get<bool>()) << bill.body;
  EXPECT_EQ(bill.json()["data"]["recomputed"]["payableFen"], 460);
  auto ledger = api("GET", "/api/v1/ledger/verify", nullptr, kPlatformToken);
  EXPECT_TRUE(ledger.json()["data"]["ok"].get<bool>()) << ledger.body;
}

}  // namespace
}  // namespace ct::testing
