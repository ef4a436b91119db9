// Driver app: station search (distance, filters, order, paging), the station page, and
// the operator side of parkingFeeType / timeZone.
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

// People's Square, Shanghai, and points east of it along the same latitude: at this
// latitude one micro-degree of longitude is about 0.0950 m.
constexpr double kLat = 31.230416;
constexpr double kLng = 121.473701;

class AppStationsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a = make_tenant("acme");
    b = make_tenant("beta");
    d = sign_in_driver(a, "+8613800138000");
  }

  core::Id station_at(const Tenant& t, const std::string& name, double lng_offset_deg,
                      json extra = json::object()) {
    extra["name"] = name;
    extra["latitude"] = kLat;
    // Offsets with at most 6 decimals, sent as text so that nothing is rounded.
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", kLng + lng_offset_deg);
    extra["longitude"] = std::string(buf);
    auto r = call("POST", "/api/v1/stations", t.token, extra);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.data()["id"].get<core::Id>();
  }

  // A pile whose connectors are all Available, online or not.
  core::Id pile_at(const Tenant& t, core::Id station, const std::string& cpid, const char* type,
                   std::int64_t power_w, bool online, int connectors = 1) {
    json cs = json::array();
    for (int i = 1; i <= connectors; ++i) cs.push_back({{"connectorId", i}});
    auto id = make_pile(t, station, cpid,
                        {{"currentType", type}, {"maxPowerW", power_w}, {"connectors", cs}});
    for (int i = 1; i <= connectors; ++i) set_status(t, id, i, "Available");
    store->set_online(id, online);
    return id;
  }

  void set_status(const Tenant& t, core::Id pile, int connector, const std::string& status) {
    core::StatusEvent ev;
    ev.tenant_id = t.id;
    ev.pile_id = pile;
    ev.connector_id = connector;
    ev.status = status;
    ev.error_code = "NoError";
    ev.received_at = clock.now();
    store->apply_status(ev);
  }

  // Valley 00:00-08:00 local, flat the rest of the day; idle fee after 15 minutes.
  core::Id tariff_for(const Tenant& t, core::Id station, const std::string& name) {
    auto scope = core::TenantScope::of(t.id);
    store::Tariff tariff;
    tariff.name = name;
    tariff = store->create_tariff(scope, tariff);
    store::TariffVersionRecord v;
    v.tariff_id = tariff.id;
    v.tenant_id = t.id;
    v.created_by = "test";
    v.version.effective_from = clock.now() - 86'400'000;
    v.version.prices[billing::index_of(billing::Period::Valley)] =
        billing::PeriodPrice{30000, 20000};
    v.version.prices[billing::index_of(billing::Period::Flat)] = billing::PeriodPrice{70000, 40000};
    for (int i = 0; i < billing::kSlotsPerDay; ++i)
      v.version.slots[i] = i < 16 ? billing::Period::Valley : billing::Period::Flat;
    v.version.idle_fee = {15, 5000, 500000};
    store->add_tariff_version(scope, v);
    store->assign_tariff(scope, store::TariffTarget::Station, station, tariff.id, clock.now());
    return tariff.id;
  }

  Resp search(std::map<std::string, std::string> q) {
    return call("GET", "/api/v1/app/stations", d.access_token, nullptr, std::move(q));
  }

  static std::vector<std::string> names(const Resp& r) {
    std::vector<std::string> out;
    for (const auto& it : r.data()["items"]) out.push_back(it["name"].get<std::string>());
    return out;
  }

  std::map<std::string, std::string> here(std::map<std::string, std::string> q = {}) {
    q["lat"] = "31.230416";
    q["lng"] = "121.473701";
    return q;
  }

  Tenant a, b;
  Driver d;
};

TEST_F(AppStationsTest, NearestFirstWithinTheRadius) {
  station_at(a, "Mid", 0.030000);    // ~2.85 km
  station_at(a, "Far", 0.200000);    // ~19 km
  station_at(a, "Near", 0.010000);   // ~0.95 km
  station_at(a, "West", -0.020000);  // ~1.9 km
  station_at(b, "Beta Here", 0.0);   // another tenant's, right here
  auto r = search(here());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(names(r), (std::vector<std::string>{"Near", "West", "Mid"}));
  EXPECT_EQ(r.data()["total"], 3);
  EXPECT_EQ(r.data()["limit"], 20);
  EXPECT_EQ(r.data()["offset"], 0);
  auto near_m = r.data()["items"][0]["distanceM"].get<std::int64_t>();
  EXPECT_NEAR(near_m, 951, 5);
  EXPECT_EQ(r.data()["items"][0]["latitude"], kLat);

  auto wide = search(here({{"radiusM", "30000"}}));
  EXPECT_EQ(names(wide), (std::vector<std::string>{"Near", "West", "Mid", "Far"}));
  auto tight = search(here({{"radiusM", "1000"}}));
  EXPECT_EQ(names(tight), (std::vector<std::string>{"Near"}));
}

TEST_F(AppStationsTest, WithoutAPointAllByName) {
  station_at(a, "Zhongshan Park", 0.5);
  station_at(a, "Airport North", 0.9);
  station_at(a, "Bund", 0.01);
  station_at(b, "Airport Beta", 0.0);
  auto r = search({});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(names(r), (std::vector<std::string>{"Airport North", "Bund", "Zhongshan Park"}));
  EXPECT_TRUE(r.data()["items"][0]["distanceM"].is_null());
  EXPECT_EQ(names(search({{"q", "airport"}})), (std::vector<std::string>{"Airport North"}));

  auto page = search({{"limit", "1"}, {"offset", "1"}});
  EXPECT_EQ(page.data()["total"], 3);
  EXPECT_EQ(names(page), (std::vector<std::string>{"Bund"}));
  EXPECT_TRUE(search({{"offset", "5"}}).data()["items"].empty());
  auto huge = search({{"offset", "9223372036854775807"}, {"limit", "100"}});
  EXPECT_EQ(huge.status, 200);
  EXPECT_TRUE(huge.data()["items"].empty());
}

TEST_F(AppStationsTest, FiltersOnPilesParkingAndAvailability) {
  auto ac = station_at(a, "AC only", 0.001, {{"parkingFeeType", "free"}});
  auto dc = station_at(a, "DC fast", 0.002, {{"parkingFeeType", "paid"}});
  auto offline = station_at(a, "Offline", 0.003, {{"parkingFeeType", "free_while_charging"}});
  auto empty = station_at(a, "No piles", 0.004);
  (void)empty;
  pile_at(a, ac, "AC-1", "AC", 7000, true);
  auto dc_pile = pile_at(a, dc, "DC-1", "DC", 120000, true, 2);
  pile_at(a, offline, "OFF-1", "DC", 60000, false);

  EXPECT_EQ(names(search(here({{"type", "DC"}}))),
            (std::vector<std::string>{"DC fast", "Offline"}));
  EXPECT_EQ(names(search(here({{"type", "AC"}}))), (std::vector<std::string>{"AC only"}));
  EXPECT_EQ(names(search(here({{"minPowerKw", "60"}}))),
            (std::vector<std::string>{"DC fast", "Offline"}));
  EXPECT_EQ(names(search(here({{"minPowerKw", "60.001"}}))), (std::vector<std::string>{"DC fast"}));
  EXPECT_EQ(names(search(here({{"freeNow", "true"}}))),
            (std::vector<std::string>{"AC only", "DC fast"}));
  EXPECT_EQ(names(search(here({{"parkingFee", "paid"}}))), (std::vector<std::string>{"DC fast"}));
  EXPECT_EQ(names(search(here({{"parkingFee", "free"}}))), (std::vector<std::string>{"AC only"}));
  EXPECT_EQ(names(search(here({{"parkingFee", "free_while_charging"}}))),
            (std::vector<std::string>{"AC only", "Offline"}));
  EXPECT_EQ(names(search(here({{"type", "DC"}, {"freeNow", "true"}}))),
            (std::vector<std::string>{"DC fast"}));

  // Both connectors of the DC pile busy: no longer free.
  set_status(a, dc_pile, 1, "Charging");
  auto r = search(here({{"q", "DC fast"}}));
  ASSERT_EQ(r.data()["items"].size(), 1u);
  const auto& item = r.data()["items"][0];
  EXPECT_EQ(item["connectors"], json({{"total", 2}, {"free", 1}}));
  EXPECT_EQ(item["maxPowerKw"], 120);
  EXPECT_EQ(item["types"], json({"DC"}));
  EXPECT_EQ(item["parkingFeeType"], "paid");
  set_status(a, dc_pile, 2, "Preparing");
  EXPECT_EQ(names(search(here({{"freeNow", "true"}}))), (std::vector<std::string>{"AC only"}));

  auto ac_item = search(here({{"q", "AC only"}})).data()["items"][0];
  EXPECT_EQ(ac_item["maxPowerKw"], 7);
  auto off_item = search(here({{"q", "Offline"}})).data()["items"][0];
  EXPECT_EQ(off_item["connectors"], json({{"total", 1}, {"free", 0}}));
}

TEST_F(AppStationsTest, PriceNowFromTheStationsTariff) {
  auto priced = station_at(a, "Priced", 0.001);
  station_at(a, "Unpriced", 0.002);
  tariff_for(a, priced, "standard");
  auto r = search(here());
  ASSERT_EQ(r.data()["items"].size(), 2u);
  // 2026-01-01T00:00Z is 08:00 in Shanghai: the first flat half hour.
  EXPECT_EQ(r.data()["items"][0]["priceNow"], json({{"totalPriceE5", 110000},
                                                    {"electricityPriceE5", 70000},
                                                    {"servicePriceE5", 40000},
                                                    {"period", "flat"}}));
  EXPECT_TRUE(r.data()["items"][1]["priceNow"].is_null());
  clock.set(1'767'225'600'000 - 60'000);  // 07:59 local: still the valley price
  EXPECT_EQ(search(here()).data()["items"][0]["priceNow"]["period"], "valley");
}

TEST_F(AppStationsTest, ManyStationsAreAllSearched) {
  // More than the per-station pile reads and more than one store page of stations.
  for (int i = 0; i < 520; ++i) {
    core::Station st;
    st.name = "S" + std::to_string(1000 + i);
    st.latitude_e6 = 31'230'416;
    st.longitude_e6 = 121'473'701 + i * 10;
    store->create_station(core::TenantScope::of(a.id), st);
  }
  auto last = store->list_stations(core::TenantScope::of(a.id), {"S1519", {}}).items.at(0).id;
  pile_at(a, last, "LAST-1", "DC", 60000, true);
  auto r = search(here({{"type", "DC"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(names(r), (std::vector<std::string>{"S1519"}));
  auto all = search(here({{"limit", "100"}}));
  EXPECT_EQ(all.data()["total"], 520);
  EXPECT_EQ(all.data()["items"][0]["name"], "S1000");
  EXPECT_EQ(all.data()["items"][99]["name"], "S1099");
}

TEST_F(AppStationsTest, QueryValidationNamesTheParameter) {
  for (auto [q, field] : std::vector<std::pair<std::map<std::string, std::string>, std::string>>{
           {{{"lat", "31.2"}}, "lng"},
           {{{"lng", "121.4"}}, "lat"},
           {{{"lat", "91"}, {"lng", "121"}}, "lat"},
           {{{"lat", "31"}, {"lng", "east"}}, "lng"},
           {{{"lat", "31.1234567"}, {"lng", "121"}}, "lat"},
           {{{"radiusM", "0"}}, "radiusM"},
           {{{"radiusM", "100001"}}, "radiusM"},
           {{{"radiusM", "5km"}}, "radiusM"},
           {{{"type", "HPC"}}, "type"},
           {{{"minPowerKw", "-1"}}, "minPowerKw"},
           {{{"minPowerKw", "7.0001"}}, "minPowerKw"},
           {{{"minPowerKw", "fast"}}, "minPowerKw"},
           {{{"freeNow", "yes"}}, "freeNow"},
           {{{"parkingFee", "cheap"}}, "parkingFee"},
           {{{"q", std::string(101, 'q')}}, "q"},
           {{{"limit", "0"}}, "limit"},
           {{{"limit", "101"}}, "limit"},
           {{{"offset", "-1"}}, "offset"},
       }) {
    auto r = search(q);
    EXPECT_EQ(r.status, 400) << field;
    EXPECT_EQ(r.code(), 40005) << field;
    EXPECT_EQ(r.field(), field);
  }
  EXPECT_EQ(search({{"limit", "100"}, {"radiusM", "100000"}, {"minPowerKw", "7.4"}}).status, 200);
}

TEST_F(AppStationsTest, StationPage) {
  auto id = station_at(a, "People's Square", 0.001,
                       {{"address", "1 Renmin Ave"},
                        {"city", "Shanghai"},
                        {"openingHours", "00:00-24:00"},
                        {"parkingInfo", "B2, first 2 h free"},
                        {"parkingFeeType", "free_while_charging"}});
  auto online = pile_at(a, id, "CP-ON", "DC", 120000, true, 2);
  auto offline = pile_at(a, id, "CP-OFF", "AC", 7400, false);
  set_status(a, online, 2, "Charging");
  (void)offline;
  tariff_for(a, id, "standard");
  call("PUT", path("/api/v1/app/me/favourites/", id), d.access_token);

  auto r = call("GET", path("/api/v1/app/stations/", id), d.access_token, nullptr, here());
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& s = r.data();
  EXPECT_EQ(s["name"], "People's Square");
  EXPECT_EQ(s["address"], "1 Renmin Ave");
  EXPECT_EQ(s["city"], "Shanghai");
  EXPECT_EQ(s["openingHours"], "00:00-24:00");
  EXPECT_EQ(s["parkingInfo"], "B2, first 2 h free");
  EXPECT_EQ(s["parkingFeeType"], "free_while_charging");
  EXPECT_EQ(s["timeZone"], "Asia/Shanghai");
  EXPECT_NEAR(s["distanceM"].get<double>(), 95, 2);
  EXPECT_TRUE(s["isFavourite"].get<bool>());
  EXPECT_EQ(s["connectors"], json({{"total", 3}, {"free", 1}}));
  EXPECT_EQ(s["types"], json({"AC", "DC"}));
  EXPECT_EQ(s["priceNow"]["period"], "flat");
  EXPECT_EQ(s["idleFee"],
            json({{"graceMinutes", 15}, {"pricePerMinuteE4", 5000}, {"capE4", 500000}}));

  const auto& today = s["today"];
  EXPECT_EQ(today["date"], "2026-01-01");
  ASSERT_EQ(today["slots"].size(), 48u);
  EXPECT_EQ(today["slots"][0]["from"], "2025-12-31T16:00:00.000Z");
  EXPECT_EQ(today["slots"][0]["to"], "2025-12-31T16:30:00.000Z");
  EXPECT_EQ(today["slots"][0]["localStart"], "00:00");
  EXPECT_EQ(today["slots"][0]["period"], "valley");
  EXPECT_EQ(today["slots"][0]["totalPriceE5"], 50000);
  EXPECT_EQ(today["slots"][16]["localStart"], "08:00");
  EXPECT_EQ(today["slots"][16]["period"], "flat");
  EXPECT_EQ(today["slots"][16]["electricityPriceE5"], 70000);
  EXPECT_EQ(today["slots"][16]["servicePriceE5"], 40000);

  ASSERT_EQ(s["piles"].size(), 2u);
  const auto& p1 = s["piles"][0];
  EXPECT_EQ(p1["chargePointId"], "CP-ON");
  EXPECT_EQ(p1["currentType"], "DC");
  EXPECT_TRUE(p1["online"].get<bool>());
  EXPECT_EQ(p1["priceNow"], s["priceNow"]);
  ASSERT_EQ(p1["connectors"].size(), 2u);
  EXPECT_EQ(p1["connectors"][0],
            json({{"connectorId", 1}, {"type", ""}, {"maxPowerKw", 120}, {"status", "Available"}}));
  EXPECT_EQ(p1["connectors"][1]["status"], "Charging");
  const auto& p2 = s["piles"][1];
  EXPECT_EQ(p2["maxPowerKw"], 7.4);
  EXPECT_EQ(p2["connectors"][0]["status"], "Offline");  // reported Available, but no link

  call("DELETE", path("/api/v1/app/me/favourites/", id), d.access_token);
  auto again = call("GET", path("/api/v1/app/stations/", id), d.access_token);
  EXPECT_FALSE(again.data()["isFavourite"].get<bool>());
  EXPECT_TRUE(again.data()["distanceM"].is_null());
}

TEST_F(AppStationsTest, StationPageWithoutTariffAndOfAnotherTenant) {
  auto id = station_at(a, "Plain", 0.0);
  auto r = call("GET", path("/api/v1/app/stations/", id), d.access_token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.data()["priceNow"].is_null());
  EXPECT_TRUE(r.data()["idleFee"].is_null());
  EXPECT_TRUE(r.data()["today"]["slots"].empty());
  EXPECT_TRUE(r.data()["piles"].empty());

  auto foreign = station_at(b, "Beta", 0.0);
  auto f = call("GET", path("/api/v1/app/stations/", foreign), d.access_token);
  EXPECT_EQ(f.status, 404);
  EXPECT_EQ(f.code(), 40401);
  EXPECT_EQ(call("GET", "/api/v1/app/stations/0", d.access_token).status, 404);
  EXPECT_EQ(call("GET", path("/api/v1/app/stations/", id), a.token).code(), 40303);
}

TEST_F(AppStationsTest, OperatorSetsParkingFeeTypeAndAValidTimeZone) {
  auto r = call("POST", "/api/v1/stations", a.token, {{"name", "S"}});
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.data()["parkingFeeType"], "");
  auto id = r.data()["id"].get<core::Id>();
  auto p = call("PATCH", path("/api/v1/stations/", id), a.token, {{"parkingFeeType", "paid"}});
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.data()["parkingFeeType"], "paid");
  EXPECT_EQ(call("GET", path("/api/v1/stations/", id), a.token).data()["parkingFeeType"], "paid");
  auto bad = call("PATCH", path("/api/v1/stations/", id), a.token, {{"parkingFeeType", "cheap"}});
  EXPECT_EQ(bad.code(), 40003);
  EXPECT_EQ(bad.field(), "parkingFeeType");

  auto zone = call("POST", "/api/v1/stations", a.token, {{"name", "Z"}, {"timeZone", "Mars/Base"}});
  EXPECT_EQ(zone.status, 400);
  EXPECT_EQ(zone.code(), 40003);
  EXPECT_EQ(zone.field(), "timeZone");
  EXPECT_EQ(call("PATCH", path("/api/v1/stations/", id), a.token, {{"timeZone", "../etc/passwd"}})
                .field(),
            "timeZone");
  auto berlin =
      call("PATCH", path("/api/v1/stations/", id), a.token, {{"timeZone", "Europe/Berlin"}});
  EXPECT_EQ(berlin.status, 200);
  EXPECT_EQ(berlin.data()["timeZone"], "Europe/Berlin");
}

}  // namespace
}  // namespace ct::api::testing
