// Driver app: sign-in with SMS codes, refresh, logout, and how app endpoints answer
// missing, expired, revoked and foreign tokens.
#include "server/core/secrets.hpp"
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

constexpr const char* kPhone = "+8613800138000";

class AppAuthTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a = make_tenant("acme");
  }

  Resp request_code(core::Id tenant, const std::string& phone) {
    return call("POST", "/api/v1/app/auth/sms-code", "", {{"tenantId", tenant}, {"phone", phone}});
  }
  Resp login(core::Id tenant, const std::string& phone, const std::string& code) {
    return call("POST", "/api/v1/app/auth/login", "",
                {{"tenantId", tenant}, {"phone", phone}, {"code", code}});
  }

  Tenant a;
};

TEST_F(AppAuthTest, SmsCodeIsAcceptedWithItsTimes) {
  auto r = request_code(a.id, "138 0013 8000");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.code(), 0);
  EXPECT_EQ(r.data()["expiresAt"], "2026-01-01T00:05:00.000Z");
  EXPECT_EQ(r.data()["resendAfter"], "2026-01-01T00:01:00.000Z");
  EXPECT_EQ(sms.sent, 1);
  EXPECT_EQ(sms.last_code[kPhone].size(), 6u);
  // The code is in no response.
  EXPECT_EQ(r.body.dump().find(sms.last_code[kPhone]), std::string::npos);
}

TEST_F(AppAuthTest, SmsCodeValidation) {
  auto r = call("POST", "/api/v1/app/auth/sms-code", "", {{"phone", kPhone}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.code(), 40002);
  EXPECT_EQ(r.field(), "tenantId");
  r = request_code(a.id, "not a phone");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.code(), 40003);
  EXPECT_EQ(r.field(), "phone");
  r = request_code(a.id, "12345");
  EXPECT_EQ(r.field(), "phone");
  r = call("POST", "/api/v1/app/auth/sms-code", "",
           {{"tenantId", a.id}, {"phone", kPhone}, {"phon", kPhone}});
  EXPECT_EQ(r.code(), 40004);
  EXPECT_EQ(r.field(), "phon");
  r = call("POST", "/api/v1/app/auth/sms-code", "", {{"tenantId", "1"}, {"phone", kPhone}});
  EXPECT_EQ(r.field(), "tenantId");
  EXPECT_EQ(sms.sent, 0);
}

TEST_F(AppAuthTest, UnknownOrDisabledTenantIs404) {
  auto r = request_code(999, kPhone);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), 40401);
  call("PATCH", path("/api/v1/tenants/", a.id), kPlatform, {{"enabled", false}});
  EXPECT_EQ(request_code(a.id, kPhone).code(), 40401);
  EXPECT_EQ(login(a.id, kPhone, "123456").code(), 40401);
}

TEST_F(AppAuthTest, SmsCodeRateLimitsAre429WithRetryHint) {
  ASSERT_EQ(request_code(a.id, kPhone).status, 202);
  clock.advance(15'000);
  auto r = request_code(a.id, kPhone);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.code(), 42901);
  EXPECT_NE(r.body["message"].get<std::string>().find("45 s"), std::string::npos) << r.body;
  for (int i = 1; i < 5; ++i) {
    clock.advance(60'000);
    ASSERT_EQ(request_code(a.id, kPhone).status, 202);
  }
  clock.advance(60'000);
  r = request_code(a.id, kPhone);
  EXPECT_EQ(r.code(), 42901);
  EXPECT_NE(r.body["message"].get<std::string>().find("5 codes per hour"), std::string::npos);
}

TEST_F(AppAuthTest, LoginSignsUpOnceThenSignsIn) {
  request_code(a.id, kPhone);
  auto r = login(a.id, "+86 138-0013-8000", sms.last_code[kPhone]);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& d = r.data();
  EXPECT_EQ(d["tokenType"], "Bearer");
  EXPECT_TRUE(d["created"].get<bool>());
  EXPECT_EQ(d["accessExpiresAt"], "2026-01-01T00:15:00.000Z");
  EXPECT_EQ(d["refreshExpiresAt"], "2026-01-31T00:00:00.000Z");
  EXPECT_EQ(d["accessToken"].get<std::string>().find("eyJ"), 0u);
  EXPECT_EQ(d["refreshToken"].get<std::string>().find("ctr_"), 0u);
  EXPECT_EQ(d["driver"]["phone"], kPhone);
  EXPECT_EQ(d["driver"]["nickname"], "138****8000");
  EXPECT_EQ(d["driver"]["tenantId"], a.id);
  auto tag = d["driver"]["idTag"].get<std::string>();
  // The app id tag shows up among the tenant's id tags.
  auto tags = call("GET", "/api/v1/id-tags", a.token, nullptr, {{"q", tag}});
  ASSERT_EQ(tags.data()["total"], 1);
  EXPECT_EQ(tags.data()["items"][0]["kind"], "app");

  clock.advance(60'000);
  request_code(a.id, kPhone);
  auto again = login(a.id, kPhone, sms.last_code[kPhone]);
  ASSERT_EQ(again.status, 200);
  EXPECT_FALSE(again.data()["created"].get<bool>());
  EXPECT_EQ(again.data()["driver"]["id"], d["driver"]["id"]);
}

TEST_F(AppAuthTest, WrongOrReusedCodeIs401) {
  request_code(a.id, kPhone);
  auto code = sms.last_code[kPhone];
  auto wrong = std::string(code == "000000" ? "111111" : "000000");
  auto r = login(a.id, kPhone, wrong);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), 40114);
  EXPECT_EQ(r.body.dump().find(wrong), std::string::npos);
  EXPECT_EQ(login(a.id, kPhone, code).status, 200);
  EXPECT_EQ(login(a.id, kPhone, code).code(), 40114);
  auto missing =
      call("POST", "/api/v1/app/auth/login", "", {{"tenantId", a.id}, {"phone", kPhone}});
  EXPECT_EQ(missing.code(), 40002);
  EXPECT_EQ(missing.field(), "code");
  auto numeric = call("POST", "/api/v1/app/auth/login", "",
                      {{"tenantId", a.id}, {"phone", kPhone}, {"code", 123456}});
  EXPECT_EQ(numeric.field(), "code");
}

TEST_F(AppAuthTest, RefreshRotatesAndReuseEndsTheSessions) {
  auto d = sign_in_driver(a, kPhone);
  auto r = call("POST", "/api/v1/app/auth/refresh", "", {{"refreshToken", d.refresh_token}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.data()["tokenType"], "Bearer");
  auto next_refresh = r.data()["refreshToken"].get<std::string>();
  auto next_access = r.data()["accessToken"].get<std::string>();
  EXPECT_NE(next_refresh, d.refresh_token);
  EXPECT_EQ(call("GET", "/api/v1/app/me", next_access).status, 200);

  auto reused = call("POST", "/api/v1/app/auth/refresh", "", {{"refreshToken", d.refresh_token}});
  EXPECT_EQ(reused.status, 401);
  EXPECT_EQ(reused.code(), 40114);
  EXPECT_EQ(reused.body.dump().find(d.refresh_token), std::string::npos);
  EXPECT_EQ(call("POST", "/api/v1/app/auth/refresh", "", {{"refreshToken", next_refresh}}).code(),
            40114);
  EXPECT_EQ(call("GET", "/api/v1/app/me", next_access).code(), 40113);
  auto missing = call("POST", "/api/v1/app/auth/refresh", "", json::object());
  EXPECT_EQ(missing.field(), "refreshToken");
}

TEST_F(AppAuthTest, LogoutRevokesTheRefreshToken) {
  auto d = sign_in_driver(a, kPhone);
  auto r =
      call("POST", "/api/v1/app/auth/logout", d.access_token, {{"refreshToken", d.refresh_token}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.data()["loggedOut"].get<bool>());
  EXPECT_FALSE(r.data()["everywhere"].get<bool>());
  EXPECT_TRUE(store->find_refresh_token(core::sha256_hex(d.refresh_token))->revoked);
  // Logout needs the driver.
  EXPECT_EQ(call("POST", "/api/v1/app/auth/logout", "", json::object()).code(), 40101);
}

TEST_F(AppAuthTest, LogoutEverywhereRevokesAccessTokens) {
  auto phone1 = sign_in_driver(a, kPhone);
  clock.advance(60'000);
  auto phone2 = sign_in_driver(a, kPhone);
  auto r = call("POST", "/api/v1/app/auth/logout", phone1.access_token, {{"everywhere", true}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.data()["everywhere"].get<bool>());
  for (const auto& t : {phone1.access_token, phone2.access_token}) {
    auto me = call("GET", "/api/v1/app/me", t);
    EXPECT_EQ(me.status, 401);
    EXPECT_EQ(me.code(), 40113);
  }
  EXPECT_EQ(
      call("POST", "/api/v1/app/auth/refresh", "", {{"refreshToken", phone2.refresh_token}}).code(),
      40114);
  EXPECT_EQ(
      call("POST", "/api/v1/app/auth/logout", phone1.access_token, {{"everywhere", "yes"}}).status,
      401);  // the token is dead before the body is read
}

TEST_F(AppAuthTest, AppEndpointsAnswerTokenProblems) {
  auto d = sign_in_driver(a, kPhone);
  auto missing = call("GET", "/api/v1/app/me", "");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.code(), 40101);
  EXPECT_EQ(call("GET", "/api/v1/app/me", "garbage").code(), 40111);
  auto altered = d.access_token;
  altered[altered.size() - 2] = altered[altered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(call("GET", "/api/v1/app/me", altered).code(), 40111);
  auto tenant = call("GET", "/api/v1/app/me", a.token);
  EXPECT_EQ(tenant.status, 403);
  EXPECT_EQ(tenant.code(), 40303);
  EXPECT_EQ(call("GET", "/api/v1/app/stations", kPlatform).code(), 40303);
  // An app token is no tenant token.
  EXPECT_EQ(call("GET", "/api/v1/stations", d.access_token).status, 401);

  clock.advance(15 * 60'000);
  auto expired = call("GET", "/api/v1/app/me", d.access_token);
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.code(), 40112);
}

TEST_F(AppAuthTest, DisabledTenantRevokesAppTokens) {
  auto d = sign_in_driver(a, kPhone);
  call("PATCH", path("/api/v1/tenants/", a.id), kPlatform, {{"enabled", false}});
  EXPECT_EQ(call("GET", "/api/v1/app/me", d.access_token).code(), 40113);
  EXPECT_EQ(
      call("POST", "/api/v1/app/auth/refresh", "", {{"refreshToken", d.refresh_token}}).code(),
      40114);
}

TEST_F(AppAuthTest, DriversOfTwoTenantsAreSeparateAccounts) {
  auto b = make_tenant("beta");
  auto da = sign_in_driver(a, kPhone);
  auto db = sign_in_driver(b, kPhone);
  EXPECT_NE(da.id, db.id);
  auto me = call("GET", "/api/v1/app/me", db.access_token);
  EXPECT_EQ(me.data()["tenantId"], b.id);
}

}  // namespace
}  // namespace ct::api::testing
