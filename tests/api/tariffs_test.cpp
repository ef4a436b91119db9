// Tariffs through the REST API: versions (immediate and scheduled), validation with field
// names, assignment to stations and piles, and a station's day of prices in its zone.
#include "tests/api/order_flow_fixture.hpp"

namespace ct::api::testing {
namespace {

constexpr core::UtcMillis kHour = 3'600'000;

// The standard version of order_flow_fixture.hpp with another flat electricity price.
json version_body(std::int64_t flat_price = 80'000) {
  auto v = standard_version();
  v["prices"]["flat"]["electricityPriceE5"] = flat_price;
  v["idleFee"] = {{"graceMinutes", 15}, {"pricePerMinuteE4", 5'000}, {"capE4", 500'000}};
  return v;
}

class TariffApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    acme = make_tenant("acme");
    other = make_tenant("other");
  }
  core::Id make_tariff(const Tenant& t, const std::string& name, json version = version_body()) {
    auto r = call("POST", "/api/v1/tariffs", t.token, {{"name", name}, {"version", version}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.data()["id"].get<core::Id>();
  }
  Tenant acme, other;
};

TEST_F(TariffApiTest, CreateWithAFirstVersionInForceNow) {
  auto r = call("POST", "/api/v1/tariffs", acme.token,
                {{"name", "Standard"}, {"description", "city"}, {"version", version_body()}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto& d = r.data();
  EXPECT_EQ(d["name"], "Standard");
  ASSERT_EQ(d["versions"].size(), 1u);
  const auto& v = d["versions"][0];
  EXPECT_EQ(v["versionNo"], 1);
  EXPECT_EQ(v["effectiveFrom"], core::format_utc(clock.now()));
  EXPECT_EQ(v["slots"].size(), 48u);
  EXPECT_EQ(v["slots"][0], "valley");
  EXPECT_EQ(v["slots"][16], "flat");
  EXPECT_EQ(v["slots"][20], "peak");
  EXPECT_EQ(v["slots"][24], "sharp");
  EXPECT_EQ(v["slots"][47], "flat");
  EXPECT_EQ(v["prices"]["peak"]["totalPriceE5"], 160'000);
  EXPECT_EQ(v["idleFee"]["capE4"], 500'000);
  EXPECT_EQ(d["currentVersionId"], v["id"]);
}

TEST_F(TariffApiTest, BadVersionsAreRefusedNamingTheField) {
  auto gap = version_body();
  gap["ranges"].erase(1);
  auto r = call("POST", "/api/v1/tariffs", acme.token, {{"name", "Gap"}, {"version", gap}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.field(), "version.ranges");
  EXPECT_NE(r.body["message"].get<std::string>().find("08:00"), std::string::npos);

  auto negative = version_body();
  negative["prices"]["flat"]["servicePriceE5"] = -1;
  r = call("POST", "/api/v1/tariffs", acme.token, {{"name", "Neg"}, {"version", negative}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.field(), "version.prices.flat.servicePriceE5");

  auto unpriced = version_body();
  unpriced["prices"].erase("sharp");
  r = call("POST", "/api/v1/tariffs", acme.token, {{"name", "Unpriced"}, {"version", unpriced}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.field().find("slots[24]"), std::string::npos) << r.body;

  auto both = version_body();
  both["slots"] = json::array();
  r = call("POST", "/api/v1/tariffs", acme.token, {{"name", "Both"}, {"version", both}});
  EXPECT_EQ(r.status, 400);

  auto past = version_body();
  past["effectiveFrom"] = core::format_utc(clock.now() - 2 * kHour);
  r = call("POST", "/api/v1/tariffs", acme.token, {{"name", "Past"}, {"version", past}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.field(), "version.effectiveFrom");

  auto odd = version_body();
  odd["ranges"][0]["to"] = "08:15";
  r = call("POST", "/api/v1/tariffs", acme.token, {{"name", "Odd"}, {"version", odd}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.field(), "version.ranges[0].to");

  // Nothing half-created.
  EXPECT_EQ(call("GET", "/api/v1/tariffs", acme.token).data()["total"], 0);
}

TEST_F(TariffApiTest, AScheduledVersionTakesOverAtItsTimeAndMayBeWithdrawnBefore) {
  auto id = make_tariff(acme, "Std");
  auto sched = version_body(90'000);
  sched["effectiveFrom"] = core::format_utc(clock.now() + 2 * kHour);
  auto v2 = call("POST", path("/api/v1/tariffs/", id, "/versions"), acme.token, sched);
  ASSERT_EQ(v2.status, 201) << v2.body;
  EXPECT_EQ(v2.data()["versionNo"], 2);

  auto t = call("GET", path("/api/v1/tariffs/", id), acme.token).data();
  EXPECT_EQ(t["currentVersionId"], t["versions"][0]["id"]);
  EXPECT_EQ(t["nextVersion"]["id"], v2.data()["id"]);

  // The same instant twice is ambiguous.
  auto dup = call("POST", path("/api/v1/tariffs/", id, "/versions"), acme.token, sched);
  EXPECT_EQ(dup.status, 409);

  clock.advance(3 * kHour);
  t = call("GET", path("/api/v1/tariffs/", id), acme.token).data();
  EXPECT_EQ(t["currentVersionId"], v2.data()["id"]);
  EXPECT_TRUE(t["nextVersion"].is_null());

  // In force now: it bills orders and cannot be withdrawn; a future one can.
  auto del = call(
      "DELETE",
      path("/api/v1/tariffs/", id, "/versions/") + std::to_string(v2.data()["id"].get<core::Id>()),
      acme.token);
  EXPECT_EQ(del.status, 409);
  auto v3body = version_body(95'000);
  v3body["effectiveFrom"] = core::format_utc(clock.now() + kHour);
  auto v3 = call("POST", path("/api/v1/tariffs/", id, "/versions"), acme.token, v3body);
  del = call(
      "DELETE",
      path("/api/v1/tariffs/", id, "/versions/") + std::to_string(v3.data()["id"].get<core::Id>()),
      acme.token);
  EXPECT_EQ(del.status, 200) << del.body;
}

TEST_F(TariffApiTest, StationPricesFollowTheStationsZoneAndThePileMayOverride) {
  auto std_id = make_tariff(acme, "Std");
  auto cheap = version_body(10'000);
  auto cheap_id = make_tariff(acme, "Cheap", cheap);
  auto st = make_station(acme, "Shanghai");
  auto pile = make_pile(acme, st, "CP-T1");

  // No tariff yet: a clear 422.
  auto none = call("GET", path("/api/v1/stations/", st, "/prices"), acme.token);
  EXPECT_EQ(none.status, 422);
  EXPECT_EQ(none.code(), 42202);

  ASSERT_EQ(
      call("PUT", path("/api/v1/stations/", st, "/tariff"), acme.token, {{"tariffId", std_id}})
          .status,
      200);
  // The tariff took effect at 2026-01-01T00:00Z, 08:00 in Shanghai: that day has no
  // price before it.
  auto first = call("GET", path("/api/v1/stations/", st, "/prices"), acme.token);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.data()["date"], "2026-01-01");
  ASSERT_EQ(first.data()["slots"].size(), 32u);
  EXPECT_EQ(first.data()["slots"][0]["localStart"], "08:00");
  // A day later, 08:00 again: the flat slot 16 of a full day.
  clock.advance(24 * kHour);
  auto p = call("GET", path("/api/v1/stations/", st, "/prices"), acme.token);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.data()["timeZone"], "Asia/Shanghai");
  EXPECT_EQ(p.data()["date"], "2026-01-02");
  ASSERT_EQ(p.data()["slots"].size(), 48u);
  EXPECT_EQ(p.data()["slots"][0]["from"], "2026-01-01T16:00:00.000Z");
  EXPECT_EQ(p.data()["slots"][0]["localStart"], "00:00");
  EXPECT_EQ(p.data()["now"]["slot"], 16);
  EXPECT_EQ(p.data()["now"]["period"], "flat");
  EXPECT_EQ(p.data()["now"]["totalPriceE5"], 130'000);

  // A day of another zone with a DST change has 46 slots.
  ASSERT_EQ(
      call("PATCH", path("/api/v1/stations/", st), acme.token, {{"timeZone", "Europe/Berlin"}})
          .status,
      200);
  auto dst = call("GET", path("/api/v1/stations/", st, "/prices"), acme.token, nullptr,
                  {{"date", "2026-03-29"}});
  ASSERT_EQ(dst.status, 200) << dst.body;
  EXPECT_EQ(dst.data()["slots"].size(), 46u);
  auto bad = call("GET", path("/api/v1/stations/", st, "/prices"), acme.token, nullptr,
                  {{"date", "2026-02-30"}});
  EXPECT_EQ(bad.status, 400);

  // The pile inherits the station's tariff until it gets its own.
  auto pt = call("GET", path("/api/v1/piles/", pile, "/tariff"), acme.token).data();
  EXPECT_TRUE(pt["tariffId"].is_null());
  EXPECT_EQ(pt["effectiveTariffId"], std_id);
  EXPECT_TRUE(pt["inherited"].get<bool>());
  ASSERT_EQ(
      call("PUT", path("/api/v1/piles/", pile, "/tariff"), acme.token, {{"tariffId", cheap_id}})
          .status,
      200);
  auto pp = call("GET", path("/api/v1/piles/", pile, "/prices"), acme.token).data();
  EXPECT_EQ(pp["tariffId"], cheap_id);
  ASSERT_EQ(pp["slots"].size(), 48u);
  EXPECT_EQ(pp["slots"][16]["period"], "flat");
  EXPECT_EQ(pp["slots"][16]["electricityPriceE5"], 10'000);

  // An assigned tariff cannot be deleted; unassigned it can.
  EXPECT_EQ(call("DELETE", path("/api/v1/tariffs/", cheap_id), acme.token).status, 409);
  ASSERT_EQ(
      call("PUT", path("/api/v1/piles/", pile, "/tariff"), acme.token, {{"tariffId", nullptr}})
          .status,
      200);
  EXPECT_EQ(call("DELETE", path("/api/v1/tariffs/", cheap_id), acme.token).status, 200);
}

TEST_F(TariffApiTest, AnotherTenantsTariffsAreInvisible) {
  auto id = make_tariff(acme, "Std");
  auto st = make_station(other, "Theirs");
  EXPECT_EQ(call("GET", path("/api/v1/tariffs/", id), other.token).status, 404);
  EXPECT_EQ(call("PATCH", path("/api/v1/tariffs/", id), other.token, {{"name", "x"}}).status, 404);
  EXPECT_EQ(call("DELETE", path("/api/v1/tariffs/", id), other.token).status, 404);
  EXPECT_EQ(
      call("POST", path("/api/v1/tariffs/", id, "/versions"), other.token, version_body()).status,
      404);
  auto assign =
      call("PUT", path("/api/v1/stations/", st, "/tariff"), other.token, {{"tariffId", id}});
  EXPECT_EQ(assign.status, 400);
  EXPECT_EQ(assign.field(), "tariffId");
  EXPECT_EQ(call("GET", "/api/v1/tariffs", other.token).data()["total"], 0);
  // The platform token is not a tenant.
  EXPECT_EQ(call("GET", "/api/v1/tariffs", kPlatform).status, 403);
}

}  // namespace
}  // namespace ct::api::testing
