// Tenant endpoints: transactions and meter samples.
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

class TransactionsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a = make_tenant("acme");
    s1 = make_station(a, "S1");
    s2 = make_station(a, "S2");
    p1 = make_pile(a, s1, "CP-1");
    p2 = make_pile(a, s2, "CP-2");
  }
  Tenant a;
  core::Id s1 = 0, s2 = 0, p1 = 0, p2 = 0;
};

TEST_F(TransactionsTest, DetailWithSamplesAndEnergy) {
  auto t0 = clock.now();
  auto tx = make_transaction(a, p1, 1, "TAG-1", 1000, t0);
  core::MeterSample m;
  m.tenant_id = a.id;
  m.pile_id = p1;
  m.connector_id = 1;
  m.transaction_id = tx.id;
  m.timestamp = t0 + 60'000;
  m.value = "1500";
  m.normalized = 1500;
  store->insert_meter_samples({m});

  auto active = call("GET", path("/api/v1/transactions/", tx.id), a.token);
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_EQ(active.data()["state"], "active");
  EXPECT_TRUE(active.data()["energyWh"].is_null());
  ASSERT_EQ(active.data()["meterSamples"].size(), 1u);
  EXPECT_EQ(active.data()["meterSamples"][0]["value"], "1500");
  EXPECT_EQ(active.data()["meterSamples"][0]["timestamp"], "2026-01-01T00:01:00.000Z");

  store::StopInfo stop;
  stop.meter_stop_wh = 4500;
  stop.stopped_at = t0 + 3'600'000;
  stop.reason = "Remote";
  ASSERT_TRUE(store->stop_transaction(p1, tx.id, stop));
  auto done = call("GET", path("/api/v1/transactions/", tx.id), a.token);
  EXPECT_EQ(done.data()["state"], "stopped");
  EXPECT_EQ(done.data()["meterStopWh"], 4500);
  EXPECT_EQ(done.data()["energyWh"], 3500);
  EXPECT_EQ(done.data()["stopReason"], "Remote");
  EXPECT_EQ(done.data()["stoppedAt"], "2026-01-01T01:00:00.000Z");
  EXPECT_EQ(call("GET", "/api/v1/transactions/999999", a.token).status, 404);
}

TEST_F(TransactionsTest, ListFilters) {
  auto t0 = clock.now();
  auto x1 = make_transaction(a, p1, 1, "TAG-1", 0, t0);
  make_transaction(a, p2, 1, "TAG-2", 0, t0 + 3'600'000);
  store::StopInfo stop;
  stop.meter_stop_wh = 10;
  stop.stopped_at = t0 + 1000;
  store->stop_transaction(p1, x1.id, stop);

  auto total = [&](std::map<std::string, std::string> q) {
    auto r = call("GET", "/api/v1/transactions", a.token, nullptr, q);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.data()["total"].get<int>();
  };
  EXPECT_EQ(total({}), 2);
  EXPECT_EQ(total({{"pileId", std::to_string(p1)}}), 1);
  EXPECT_EQ(total({{"stationId", std::to_string(s2)}}), 1);
  EXPECT_EQ(total({{"idTag", "TAG-2"}}), 1);
  EXPECT_EQ(total({{"state", "active"}}), 1);
  EXPECT_EQ(total({{"state", "stopped"}}), 1);
  EXPECT_EQ(total({{"from", "2026-01-01T00:30:00Z"}}), 1);
  EXPECT_EQ(total({{"to", "2026-01-01T00:30:00Z"}}), 1);
  EXPECT_EQ(total({{"from", "2026-01-01T00:00:00Z"}, {"to", "2026-01-01T02:00:00Z"}}), 2);
  for (auto [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"state", "paused"}, {"from", "yesterday"}, {"pileId", "-1"}, {"limit", "0"}}) {
    auto r = call("GET", "/api/v1/transactions", a.token, nullptr, {{k, v}});
    EXPECT_EQ(r.status, 400) << k;
    EXPECT_EQ(r.field(), k);
  }
  auto inverted = call("GET", "/api/v1/transactions", a.token, nullptr,
                       {{"from", "2026-01-02T00:00:00Z"}, {"to", "2026-01-01T00:00:00Z"}});
  EXPECT_EQ(inverted.status, 400);
}

}  // namespace
}  // namespace ct::api::testing
