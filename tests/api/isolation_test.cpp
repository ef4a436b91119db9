// A tenant never sees another tenant's data: tenant B's token on every endpoint that
// takes one of tenant A's ids answers 404, changes nothing, and B's lists stay empty.
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

class IsolationTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a = make_tenant("acme");
    b = make_tenant("beta");
    station = make_station(a, "A-station");
    pile = make_pile(a, station, "A-CP");
    tag =
        call("POST", "/api/v1/id-tags", a.token, {{"idTag", "A-TAG"}}).data()["id"].get<core::Id>();
    tx = make_transaction(a, pile, 1, "A-TAG", 0, clock.now()).id;
    command =
        call("POST", path("/api/v1/piles/", pile, "/commands/reset"), a.token, {{"type", "Soft"}})
            .data()["commandId"]
            .get<core::Id>();
    b_station = make_station(b, "B-station");
    sink.dispatched.clear();
    events.clear();
  }
  Tenant a, b;
  core::Id station = 0, pile = 0, tag = 0, tx = 0, command = 0, b_station = 0;
};

TEST_F(IsolationTest, EveryIdEndpointIs404ForAnotherTenant) {
  struct Case {
    std::string method;
    std::string path;
    json body;
  };
  auto s = std::to_string(station), p = std::to_string(pile), t = std::to_string(tag),
       x = std::to_string(tx), c = std::to_string(command);
  std::vector<Case> cases = {
      {"GET", "/api/v1/stations/" + s, nullptr},
      {"PATCH", "/api/v1/stations/" + s, {{"name", "stolen"}}},
      {"DELETE", "/api/v1/stations/" + s, nullptr},
      {"POST", "/api/v1/stations/" + s + "/piles", {{"chargePointId", "B-CP"}}},
      {"GET", "/api/v1/piles/" + p, nullptr},
      {"PATCH", "/api/v1/piles/" + p, {{"name", "stolen"}}},
      {"DELETE", "/api/v1/piles/" + p, nullptr},
      {"POST", "/api/v1/piles/" + p + "/bind", {{"stationId", b_station}}},
      {"GET", "/api/v1/piles/" + p + "/status-history", nullptr},
      {"GET", "/api/v1/piles/" + p + "/commands", nullptr},
      {"POST", "/api/v1/piles/" + p + "/commands/reset", {{"type", "Hard"}}},
      {"POST", "/api/v1/piles/" + p + "/commands/start-transaction", {{"idTag", "B"}}},
      {"POST", "/api/v1/piles/" + p + "/commands/stop-transaction", {{"transactionId", tx}}},
      {"GET", "/api/v1/commands/" + c, nullptr},
      {"GET", "/api/v1/id-tags/" + t, nullptr},
      {"PATCH", "/api/v1/id-tags/" + t, {{"status", "Blocked"}}},
      {"DELETE", "/api/v1/id-tags/" + t, nullptr},
      {"GET", "/api/v1/transactions/" + x, nullptr},
  };
  for (const auto& k : cases) {
    auto r = call(k.method, k.path, b.token, k.body);
    EXPECT_EQ(r.status, 404) << k.method << " " << k.path << " " << r.body;
    EXPECT_EQ(r.code(), 40401) << k.method << " " << k.path;
    EXPECT_EQ(r.body.dump().find("A-"), std::string::npos) << r.body;
  }
  // A's ids used as filters/targets in B's requests reveal nothing either.
  auto moved = call("PATCH", path("/api/v1/piles/", make_pile(b, b_station, "B-CP2")), b.token,
                    {{"stationId", station}});
  EXPECT_EQ(moved.status, 404);

  // Nothing changed, nothing dispatched, no events for A's assets.
  EXPECT_TRUE(sink.dispatched.empty());
  for (const auto& e : events) EXPECT_NE(e.tenant_id(), a.id);
  EXPECT_EQ(call("GET", path("/api/v1/stations/", station), a.token).data()["name"], "A-station");
  auto ap = call("GET", path("/api/v1/piles/", pile), a.token);
  EXPECT_EQ(ap.data()["name"], "");
  EXPECT_EQ(ap.data()["stationId"], station);
  EXPECT_EQ(call("GET", path("/api/v1/id-tags/", tag), a.token).data()["status"], "Accepted");
  EXPECT_EQ(call("GET", path("/api/v1/piles/", pile, "/commands"), a.token).data()["total"], 1);
}

TEST_F(IsolationTest, ListsDoNotLeak) {
  auto total = [&](const std::string& p, std::map<std::string, std::string> q = {}) {
    auto r = call("GET", p, b.token, nullptr, q);
    EXPECT_EQ(r.status, 200) << p << r.body;
    return r.data()["total"].get<int>();
  };
  EXPECT_EQ(total("/api/v1/stations"), 1);  // B's own only
  EXPECT_EQ(total("/api/v1/stations", {{"q", "A-"}}), 0);
  EXPECT_EQ(total("/api/v1/piles"), 0);
  EXPECT_EQ(total("/api/v1/piles", {{"stationId", std::to_string(station)}}), 0);
  EXPECT_EQ(total("/api/v1/piles/unbound"), 0);  // bound piles are never "unbound"
  EXPECT_EQ(total("/api/v1/id-tags"), 0);
  EXPECT_EQ(total("/api/v1/transactions"), 0);
  EXPECT_EQ(total("/api/v1/transactions", {{"pileId", std::to_string(pile)}}), 0);
  EXPECT_EQ(total("/api/v1/transactions", {{"idTag", "A-TAG"}}), 0);
  // And A still sees its own.
  EXPECT_EQ(call("GET", "/api/v1/transactions", a.token).data()["total"], 1);
  EXPECT_EQ(call("GET", "/api/v1/piles", a.token).data()["total"], 1);
}

}  // namespace
}  // namespace ct::api::testing
