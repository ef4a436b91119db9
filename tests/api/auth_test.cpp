// Authentication, authorization (platform vs tenant), routing errors and bootstrap.
#include "server/core/secrets.hpp"
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

using AuthTest = ApiTest;

TEST_F(AuthTest, MissingTokenIs401) {
  auto r = call("GET", "/api/v1/stations", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), 40101);
  EXPECT_TRUE(r.data().is_null());
  // Unknown routes do not answer without a token either.
  EXPECT_EQ(call("GET", "/api/v1/nothing", "").status, 401);
}

TEST_F(AuthTest, MalformedAuthorizationHeaderIs401) {
  HttpRequest req;
  req.method = "GET";
  req.path = "/api/v1/stations";
  req.headers["authorization"] = "Basic dXNlcjpwYXNz";
  auto r = to_resp(router->handle(req));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), 40101);
}

TEST_F(AuthTest, UnknownTokenIs401) {
  auto r = call("GET", "/api/v1/stations", "ctt_nope");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), 40102);
}

TEST_F(AuthTest, BearerSchemeIsCaseInsensitive) {
  auto a = make_tenant("acme");
  HttpRequest req;
  req.method = "GET";
  req.path = "/api/v1/stations";
  req.headers["authorization"] = "bearer " + a.token;
  EXPECT_EQ(router->handle(req).status, 200);
}

TEST_F(AuthTest, RevokedTokenIs401) {
  auto a = make_tenant("acme");
  ASSERT_EQ(call("GET", "/api/v1/stations", a.token).status, 200);
  auto list = call("GET", path("/api/v1/tenants/", a.id, "/api-tokens"), kPlatform);
  auto token_id = list.data()["items"][0]["id"].get<core::Id>();
  auto del =
      call("DELETE", path("/api/v1/tenants/", a.id, "/api-tokens/" + std::to_string(token_id)),
           kPlatform);
  EXPECT_EQ(del.status, 200);
  auto r = call("GET", "/api/v1/stations", a.token);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), 40103);
}

TEST_F(AuthTest, DisabledTenantTokenIs401AndReenableRestores) {
  auto a = make_tenant("acme");
  auto p = call("PATCH", path("/api/v1/tenants/", a.id), kPlatform, {{"enabled", false}});
  ASSERT_EQ(p.status, 200);
  auto r = call("GET", "/api/v1/stations", a.token);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.code(), 40104);
  call("PATCH", path("/api/v1/tenants/", a.id), kPlatform, {{"enabled", true}});
  EXPECT_EQ(call("GET", "/api/v1/stations", a.token).status, 200);
}

TEST_F(AuthTest, TenantTokenOnPlatformEndpointIs403) {
  auto a = make_tenant("acme");
  for (auto [m, p] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/tenants"},
           {"POST", "/api/v1/tenants"},
           {"GET", path("/api/v1/tenants/", a.id)},
           {"PATCH", path("/api/v1/tenants/", a.id)},
           {"GET", path("/api/v1/tenants/", a.id, "/api-tokens")},
           {"POST", path("/api/v1/tenants/", a.id, "/api-tokens")},
           {"DELETE", path("/api/v1/tenants/", a.id, "/api-tokens/1")}}) {
    auto r = call(m, p, a.token, json::object());
    EXPECT_EQ(r.status, 403) << m << " " << p;
    EXPECT_EQ(r.code(), 40301);
  }
}

TEST_F(AuthTest, PlatformTokenOnTenantEndpointIs403) {
  for (auto [m, p] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/stations"},
           {"POST", "/api/v1/stations"},
           {"GET", "/api/v1/stations/1"},
           {"GET", "/api/v1/piles"},
           {"GET", "/api/v1/piles/1"},
           {"POST", "/api/v1/piles/1/bind"},
           {"GET", "/api/v1/id-tags"},
           {"GET", "/api/v1/transactions"},
           {"GET", "/api/v1/commands/1"},
           {"POST", "/api/v1/piles/1/commands/reset"}}) {
    auto r = call(m, p, kPlatform, json::object());
    EXPECT_EQ(r.status, 403) << m << " " << p;
    EXPECT_EQ(r.code(), 40302);
  }
}

TEST_F(AuthTest, UnknownRouteIs404AndWrongMethodIs405WithAllow) {
  auto a = make_tenant("acme");
  auto r = call("GET", "/api/v1/nothing", a.token);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), 40402);
  auto m = call("PUT", "/api/v1/stations/1", a.token, json::object());
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.code(), 40501);
  EXPECT_EQ(m.headers.at("Allow"), "DELETE, GET, PATCH");
  auto u = call("DELETE", "/api/v1/piles/unbound", a.token);
  EXPECT_EQ(u.status, 405);
  EXPECT_EQ(u.headers.at("Allow"), "GET");
}

TEST_F(AuthTest, AuthenticateForWebSocket) {
  auto a = make_tenant("acme");
  HttpRequest req;
  req.headers["authorization"] = "Bearer " + a.token;
  auto p = router->authenticate(req);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->platform_admin);
  EXPECT_EQ(p->tenant_id, a.id);
  EXPECT_EQ(p->label, "acme-ops");
  req.headers["authorization"] = std::string("Bearer ") + kPlatform;
  p = router->authenticate(req);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->platform_admin);
  req.headers["authorization"] = "Bearer wrong";
  EXPECT_FALSE(router->authenticate(req));
  req.headers.clear();
  EXPECT_FALSE(router->authenticate(req));
}

TEST_F(AuthTest, BootstrapGeneratesOnceThenKeepsOrReplaces) {
  auto fresh = store::open_sqlite_store(":memory:");
  auto first = ensure_platform_token(*fresh, std::nullopt);
  ASSERT_TRUE(first.generated);
  EXPECT_EQ(first.token.rfind("ctp_", 0), 0u);
  EXPECT_EQ(fresh->get_setting("platform_token_sha256"), core::sha256_hex(first.token));
  auto again = ensure_platform_token(*fresh, std::nullopt);
  EXPECT_FALSE(again.generated);
  EXPECT_TRUE(again.token.empty());
  EXPECT_EQ(fresh->get_setting("platform_token_sha256"), core::sha256_hex(first.token));
  auto replaced = ensure_platform_token(*fresh, std::string("ctp_new"));
  EXPECT_FALSE(replaced.generated);
  EXPECT_EQ(fresh->get_setting("platform_token_sha256"), core::sha256_hex("ctp_new"));
}

TEST_F(AuthTest, BootstrapStoresRequestedTokenOnFirstStart) {
  auto fresh = store::open_sqlite_store(":memory:");
  auto r = ensure_platform_token(*fresh, std::string("ctp_chosen"));
  EXPECT_FALSE(r.generated);
  EXPECT_EQ(fresh->get_setting("platform_token_sha256"), core::sha256_hex("ctp_chosen"));
}

TEST_F(AuthTest, OldPlatformTokenStopsWorkingAfterReplacement) {
  ensure_platform_token(*store, std::string("ctp_rotated"));
  EXPECT_EQ(call("GET", "/api/v1/tenants", kPlatform).status, 401);
  EXPECT_EQ(call("GET", "/api/v1/tenants", "ctp_rotated").status, 200);
}

}  // namespace
}  // namespace ct::api::testing
