// Tenant endpoints: stations.
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

class StationsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a = make_tenant("acme");
  }
  Tenant a;
};

TEST_F(StationsTest, CreateWithExactCoordinates) {
  auto r = call("POST", "/api/v1/stations", a.token,
                json::parse(R"({"name":"People's Square","address":"1 Renmin Ave",
                  "city":"Shanghai","latitude":31.230416,"longitude":121.473701,
                  "openingHours":"00:00-24:00"})"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = r.data()["id"].get<core::Id>();
  auto st = store->get_station(core::TenantScope::of(a.id), id);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->latitude_e6, 31'230'416);
  EXPECT_EQ(st->longitude_e6, 121'473'701);
  auto g = call("GET", path("/api/v1/stations/", id), a.token);
  EXPECT_EQ(g.status, 200);
  // The JSON text carries exactly the digits that were sent.
  HttpRequest req;
  req.method = "GET";
  req.path = path("/api/v1/stations/", id);
  req.headers["authorization"] = "Bearer " + a.token;
  auto raw = router->handle(req).body;
  EXPECT_NE(raw.find("\"latitude\":31.230416"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\"longitude\":121.473701"), std::string::npos) << raw;
  EXPECT_EQ(g.data()["timeZone"], "Asia/Shanghai");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().asset_changed().kind(), "station");
  EXPECT_EQ(events.back().asset_changed().change(), "created");
  EXPECT_EQ(events.back().tenant_id(), a.id);
}

TEST_F(StationsTest, CoordinateValidation) {
  for (auto [field, value] :
       std::vector<std::pair<std::string, json>>{{"latitude", json::parse("31.2304161")},
                                                 {"latitude", 90.5},
                                                 {"longitude", -180.000001},
                                                 {"latitude", "north"},
                                                 {"longitude", true}}) {
    auto r = call("POST", "/api/v1/stations", a.token, {{"name", "S"}, {field, value}});
    EXPECT_EQ(r.status, 400) << field << value;
    EXPECT_EQ(r.code(), 40003);
    EXPECT_EQ(r.field(), field);
  }
  auto ok = call("POST", "/api/v1/stations", a.token,
                 {{"name", "S"}, {"latitude", -90}, {"longitude", "180.0"}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.data()["latitude"], -90.0);
}

TEST_F(StationsTest, PatchDeleteAndNotFound) {
  auto id = make_station(a, "Old");
  auto p =
      call("PATCH", path("/api/v1/stations/", id), a.token, {{"name", "New"}, {"latitude", 1.5}});
  ASSERT_EQ(p.status, 200);
  EXPECT_EQ(p.data()["name"], "New");
  EXPECT_EQ(p.data()["latitude"], 1.5);
  auto bad = call("PATCH", path("/api/v1/stations/", id), a.token, {{"name", 3}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.field(), "name");
  EXPECT_EQ(call("DELETE", path("/api/v1/stations/", id), a.token).status, 200);
  EXPECT_EQ(call("GET", path("/api/v1/stations/", id), a.token).status, 404);
  EXPECT_EQ(call("DELETE", path("/api/v1/stations/", id), a.token).status, 404);
  EXPECT_EQ(call("PATCH", "/api/v1/stations/999", a.token, {{"name", "x"}}).status, 404);
  EXPECT_EQ(events.back().asset_changed().change(), "deleted");
}

TEST_F(StationsTest, DeleteWithPilesIs409) {
  auto id = make_station(a);
  auto pile = make_pile(a, id, "CP-1");
  auto r = call("DELETE", path("/api/v1/stations/", id), a.token);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), 40903);
  EXPECT_EQ(call("GET", path("/api/v1/stations/", id), a.token).status, 200);
  call("DELETE", path("/api/v1/piles/", pile), a.token);
  EXPECT_EQ(call("DELETE", path("/api/v1/stations/", id), a.token).status, 200);
}

TEST_F(StationsTest, ListFilterAndPaging) {
  make_station(a, "Airport North");
  make_station(a, "Downtown");
  make_station(a, "Airport South");
  auto all = call("GET", "/api/v1/stations", a.token);
  EXPECT_EQ(all.data()["total"], 3);
  auto q = call("GET", "/api/v1/stations", a.token, nullptr, {{"q", "airport"}});
  EXPECT_EQ(q.data()["total"], 2);
  auto page = call("GET", "/api/v1/stations", a.token, nullptr,
                   {{"q", "airport"}, {"limit", "1"}, {"offset", "1"}});
  EXPECT_EQ(page.data()["total"], 2);
  ASSERT_EQ(page.data()["items"].size(), 1u);
  EXPECT_EQ(page.data()["items"][0]["name"], "Airport South");
}

}  // namespace
}  // namespace ct::api::testing
