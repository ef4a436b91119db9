// Driver app: the driver's profile, vehicles, favourite stations and account deletion.
#include "server/wallet/ledger.hpp"
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

constexpr const char* kPhone = "+8613800138000";

class AppProfileTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a = make_tenant("acme");
    d = sign_in_driver(a, kPhone);
  }
  Tenant a;
  Driver d;
};

TEST_F(AppProfileTest, GetAndPatchMe) {
  auto me = call("GET", "/api/v1/app/me", d.access_token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.data()["id"], d.id);
  EXPECT_EQ(me.data()["phone"], kPhone);
  EXPECT_EQ(me.data()["nickname"], "138****8000");
  EXPECT_EQ(me.data()["idTag"], d.id_tag);
  EXPECT_EQ(me.data()["createdAt"], "2026-01-01T00:00:00.000Z");

  auto p = call("PATCH", "/api/v1/app/me", d.access_token, {{"nickname", "小明"}});
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.data()["nickname"], "小明");
  EXPECT_EQ(call("GET", "/api/v1/app/me", d.access_token).data()["nickname"], "小明");

  for (const json& bad : {json(""), json(std::string(51, 'x')), json(7), json("a\nb")}) {
    auto r = call("PATCH", "/api/v1/app/me", d.access_token, {{"nickname", bad}});
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.field(), "nickname");
  }
  auto unknown = call("PATCH", "/api/v1/app/me", d.access_token, {{"phone", "+8613900139000"}});
  EXPECT_EQ(unknown.code(), 40004);
  EXPECT_EQ(unknown.field(), "phone");
}

TEST_F(AppProfileTest, Vehicles) {
  auto r = call("POST", "/api/v1/app/me/vehicles", d.access_token,
                {{"plate", "沪a12345"}, {"vin", "lsvaa4180e2123456"}, {"model", "ID.4"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.data()["plate"], "沪A12345");
  EXPECT_EQ(r.data()["vin"], "LSVAA4180E2123456");
  EXPECT_EQ(r.data()["model"], "ID.4");
  auto vehicle = r.data()["id"].get<core::Id>();
  auto plain = call("POST", "/api/v1/app/me/vehicles", d.access_token, {{"plate", "B-XY 123"}});
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(plain.data()["vin"], "");

  auto list = call("GET", "/api/v1/app/me/vehicles", d.access_token);
  ASSERT_EQ(list.data()["items"].size(), 2u);
  EXPECT_EQ(list.data()["items"][0]["id"], vehicle);

  EXPECT_EQ(call("POST", "/api/v1/app/me/vehicles", d.access_token, {{"plate", "沪A12345"}}).code(),
            40901);

  // Another driver neither sees nor deletes them.
  auto other = sign_in_driver(a, "+8613900139000");
  EXPECT_TRUE(call("GET", "/api/v1/app/me/vehicles", other.access_token).data()["items"].empty());
  EXPECT_EQ(call("DELETE", path("/api/v1/app/me/vehicles/", vehicle), other.access_token).status,
            404);

  auto del = call("DELETE", path("/api/v1/app/me/vehicles/", vehicle), d.access_token);
  ASSERT_EQ(del.status, 200);
  EXPECT_TRUE(del.data()["deleted"].get<bool>());
  EXPECT_EQ(call("DELETE", path("/api/v1/app/me/vehicles/", vehicle), d.access_token).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/app/me/vehicles/abc", d.access_token).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/app/me/vehicles", d.access_token).data()["items"].size(), 1u);
}

TEST_F(AppProfileTest, VehicleValidation) {
  struct Case {
    json body;
    std::string field;
    int code;
  };
  for (const auto& c : std::vector<Case>{
           {json::object(), "plate", 40002},
           {{{"plate", ""}}, "plate", 40003},
           {{{"plate", std::string(17, 'A')}}, "plate", 40003},
           {{{"plate", "AB1"}, {"vin", "LSVAA4180E212345"}}, "vin", 40003},    // 16
           {{{"plate", "AB1"}, {"vin", "LSVAA4180E21234567"}}, "vin", 40003},  // 18
           {{{"plate", "AB1"}, {"vin", "LSVAA4180I2123456"}}, "vin", 40003},   // I
           {{{"plate", "AB1"}, {"vin", "LSVAA4180O2123456"}}, "vin", 40003},   // O
           {{{"plate", "AB1"}, {"vin", "LSVAA4180Q2123456"}}, "vin", 40003},   // Q
           {{{"plate", "AB1"}, {"vin", "LSVAA4180-2123456"}}, "vin", 40003},
           {{{"plate", "AB1"}, {"model", std::string(51, 'm')}}, "model", 40003},
           {{{"plate", "AB1"}, {"color", "red"}}, "color", 40004},
       }) {
    auto r = call("POST", "/api/v1/app/me/vehicles", d.access_token, c.body);
    EXPECT_EQ(r.code(), c.code) << c.body;
    EXPECT_EQ(r.field(), c.field) << c.body;
  }
  // 16 characters (not bytes) are fine.
  EXPECT_EQ(call("POST", "/api/v1/app/me/vehicles", d.access_token,
                 {{"plate", "沪沪沪沪沪沪沪沪A1234567"}})
                .status,
            201);
  for (int i = 1; i < 10; ++i) {
    ASSERT_EQ(call("POST", "/api/v1/app/me/vehicles", d.access_token,
                   {{"plate", "P" + std::to_string(i)}})
                  .status,
              201);
  }
  EXPECT_EQ(call("POST", "/api/v1/app/me/vehicles", d.access_token, {{"plate", "P11"}}).code(),
            40902);
}

TEST_F(AppProfileTest, FavouritesAreIdempotentAndTenantScoped) {
  auto s1 = make_station(a, "Airport");
  auto s2 = make_station(a, "Bund");
  auto b = make_tenant("beta");
  auto foreign = make_station(b, "Beta Station");

  auto put = call("PUT", path("/api/v1/app/me/favourites/", s2), d.access_token);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_TRUE(put.data()["favourite"].get<bool>());
  EXPECT_EQ(call("PUT", path("/api/v1/app/me/favourites/", s2), d.access_token).status, 200);
  clock.advance(1000);
  EXPECT_EQ(call("PUT", path("/api/v1/app/me/favourites/", s1), d.access_token).status, 200);
  EXPECT_EQ(call("PUT", path("/api/v1/app/me/favourites/", foreign), d.access_token).status, 404);
  EXPECT_EQ(call("PUT", "/api/v1/app/me/favourites/999", d.access_token).status, 404);

  auto list = call("GET", "/api/v1/app/me/favourites", d.access_token);
  ASSERT_EQ(list.status, 200) << list.body;
  const auto& items = list.data()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["id"], s2);  // in the order they were added
  EXPECT_EQ(items[0]["name"], "Bund");
  EXPECT_EQ(items[1]["id"], s1);
  EXPECT_TRUE(items[0]["distanceM"].is_null());
  EXPECT_EQ(items[0]["connectors"], json({{"total", 0}, {"free", 0}}));
  EXPECT_TRUE(items[0]["priceNow"].is_null());

  // Tenant B's driver sees none of them and cannot touch A's stations.
  auto other = sign_in_driver(b, kPhone);
  EXPECT_TRUE(call("GET", "/api/v1/app/me/favourites", other.access_token).data()["items"].empty());
  EXPECT_EQ(call("DELETE", path("/api/v1/app/me/favourites/", s1), other.access_token).status, 404);

  auto del = call("DELETE", path("/api/v1/app/me/favourites/", s2), d.access_token);
  ASSERT_EQ(del.status, 200);
  EXPECT_FALSE(del.data()["favourite"].get<bool>());
  EXPECT_EQ(call("DELETE", path("/api/v1/app/me/favourites/", s2), d.access_token).status, 200);
  EXPECT_EQ(call("DELETE", "/api/v1/app/me/favourites/999", d.access_token).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/app/me/favourites", d.access_token).data()["items"].size(), 1u);

  // A station the operator deletes drops out of the list.
  call("DELETE", path("/api/v1/stations/", s1), a.token);
  EXPECT_TRUE(call("GET", "/api/v1/app/me/favourites", d.access_token).data()["items"].empty());
}

TEST_F(AppProfileTest, DeleteAccountRefusedWithMoneyThenDone) {
  auto scope = core::TenantScope::of(a.id);
  ASSERT_TRUE(
      store->post_entries(scope, d.id, {wallet::recharge(1000, "sandbox", "test:1")}, clock.now()));
  auto refused = call("DELETE", "/api/v1/app/me", d.access_token);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.code(), 40902);
  EXPECT_EQ(call("GET", "/api/v1/app/me", d.access_token).status, 200);

  auto w = store->get_wallet(scope, d.id);
  wallet::Entry out;
  out.kind = wallet::EntryKind::Adjustment;
  out.reference = "test:2";
  wallet::Line cash;
  cash.wallet_account = wallet::WalletAccount::Cash;
  cash.amount = -w.balances.cash;
  wallet::Line adj;
  adj.tenant_account = wallet::TenantAccount::Adjustments;
  adj.amount = w.balances.cash;
  out.lines = {cash, adj};
  ASSERT_TRUE(store->post_entries(scope, d.id, {out}, clock.now()));
  call("POST", "/api/v1/app/me/vehicles", d.access_token, {{"plate", "沪A12345"}});

  auto del = call("DELETE", "/api/v1/app/me", d.access_token);
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_TRUE(del.data()["deleted"].get<bool>());
  EXPECT_EQ(call("GET", "/api/v1/app/me", d.access_token).code(), 40113);
  auto tag = call("GET", "/api/v1/id-tags", a.token, nullptr, {{"q", d.id_tag}});
  EXPECT_EQ(tag.data()["items"][0]["status"], "Blocked");
  EXPECT_TRUE(store->list_vehicles(scope, d.id).empty());

  clock.advance(60'000);
  auto again = sign_in_driver(a, kPhone);
  EXPECT_NE(again.id, d.id);
}

}  // namespace
}  // namespace ct::api::testing
