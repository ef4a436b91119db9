// Platform endpoints: tenants and API tokens.
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

using TenantsTest = ApiTest;

TEST_F(TenantsTest, CreateGetListPatch) {
  auto r = call("POST", "/api/v1/tenants", kPlatform, {{"name", "Acme"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.code(), 0);
  EXPECT_EQ(r.body["message"], "success");
  auto id = r.data()["id"].get<core::Id>();
  EXPECT_EQ(r.data()["name"], "Acme");
  EXPECT_EQ(r.data()["enabled"], true);
  EXPECT_EQ(r.data()["createdAt"], "2026-01-01T00:00:00.000Z");

  auto g = call("GET", path("/api/v1/tenants/", id), kPlatform);
  EXPECT_EQ(g.status, 200);
  EXPECT_EQ(g.data()["name"], "Acme");

  call("POST", "/api/v1/tenants", kPlatform, {{"name", "Beta"}, {"enabled", false}});
  auto l = call("GET", "/api/v1/tenants", kPlatform);
  EXPECT_EQ(l.data()["total"], 2);
  EXPECT_EQ(l.data()["limit"], 50);
  EXPECT_EQ(l.data()["offset"], 0);
  EXPECT_EQ(l.data()["items"][1]["enabled"], false);

  clock.advance(1000);
  auto p = call("PATCH", path("/api/v1/tenants/", id), kPlatform, {{"name", "Acme Energy"}});
  EXPECT_EQ(p.status, 200);
  EXPECT_EQ(p.data()["name"], "Acme Energy");
  EXPECT_EQ(call("GET", path("/api/v1/tenants/", id), kPlatform).data()["name"], "Acme Energy");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().asset_changed().kind(), "tenant");
  EXPECT_EQ(events.back().asset_changed().change(), "updated");
  EXPECT_EQ(events.back().tenant_id(), id);
}

TEST_F(TenantsTest, Validation) {
  auto r = call("POST", "/api/v1/tenants", kPlatform, json::object());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.code(), 40002);
  EXPECT_EQ(r.field(), "name");
  r = call("POST", "/api/v1/tenants", kPlatform, {{"name", ""}});
  EXPECT_EQ(r.code(), 40003);
  EXPECT_EQ(r.field(), "name");
  r = call("POST", "/api/v1/tenants", kPlatform, {{"name", "x"}, {"enabled", "yes"}});
  EXPECT_EQ(r.field(), "enabled");
  r = call("POST", "/api/v1/tenants", kPlatform, {{"name", "x"}, {"nmae", "typo"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.code(), 40004);
  EXPECT_EQ(r.field(), "nmae");
  r = call_raw("POST", "/api/v1/tenants", kPlatform, "{not json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.code(), 40001);
  r = call_raw("POST", "/api/v1/tenants", kPlatform, "[]");
  EXPECT_EQ(r.code(), 40001);
  EXPECT_EQ(call("GET", "/api/v1/tenants", kPlatform).data()["total"], 0);
}

TEST_F(TenantsTest, DuplicateNameIs409) {
  call("POST", "/api/v1/tenants", kPlatform, {{"name", "Acme"}});
  auto r = call("POST", "/api/v1/tenants", kPlatform, {{"name", "Acme"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), 40901);
}

TEST_F(TenantsTest, UnknownTenantIs404) {
  EXPECT_EQ(call("GET", "/api/v1/tenants/999", kPlatform).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/tenants/abc", kPlatform).code(), 40401);
  EXPECT_EQ(call("PATCH", "/api/v1/tenants/999", kPlatform, {{"name", "x"}}).status, 404);
  EXPECT_EQ(call("POST", "/api/v1/tenants/999/api-tokens", kPlatform, {{"label", "x"}}).status,
            404);
  EXPECT_EQ(call("GET", "/api/v1/tenants/999/api-tokens", kPlatform).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/tenants/999/api-tokens/1", kPlatform).status, 404);
}

TEST_F(TenantsTest, TokensShownOnceNeverHashed) {
  auto a = make_tenant("acme");
  auto t = call("POST", path("/api/v1/tenants/", a.id, "/api-tokens"), kPlatform,
                {{"label", "billing"}});
  ASSERT_EQ(t.status, 201);
  auto plain = t.data()["token"].get<std::string>();
  EXPECT_EQ(plain.rfind("ctt_", 0), 0u);
  EXPECT_FALSE(t.data().contains("tokenHash"));
  EXPECT_EQ(call("GET", "/api/v1/stations", plain).status, 200);

  auto l = call("GET", path("/api/v1/tenants/", a.id, "/api-tokens"), kPlatform);
  ASSERT_EQ(l.status, 200);
  EXPECT_EQ(l.data()["total"], 2);
  for (const auto& item : l.data()["items"]) {
    EXPECT_FALSE(item.contains("token"));
    EXPECT_FALSE(item.contains("tokenHash"));
    EXPECT_EQ(l.body.dump().find(plain), std::string::npos);
  }
  auto missing_label =
      call("POST", path("/api/v1/tenants/", a.id, "/api-tokens"), kPlatform, json::object());
  EXPECT_EQ(missing_label.status, 400);
  EXPECT_EQ(missing_label.field(), "label");
}

TEST_F(TenantsTest, RevokeOtherTenantsTokenIs404) {
  auto a = make_tenant("acme");
  auto b = make_tenant("beta");
  auto lb = call("GET", path("/api/v1/tenants/", b.id, "/api-tokens"), kPlatform);
  auto b_token = lb.data()["items"][0]["id"].get<core::Id>();
  auto r = call("DELETE", path("/api/v1/tenants/", a.id, "/api-tokens/" + std::to_string(b_token)),
                kPlatform);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(call("GET", "/api/v1/stations", b.token).status, 200);
}

TEST_F(TenantsTest, Paging) {
  for (int i = 0; i < 7; ++i) {
    call("POST", "/api/v1/tenants", kPlatform, {{"name", "t" + std::to_string(i)}});
  }
  auto r = call("GET", "/api/v1/tenants", kPlatform, nullptr, {{"limit", "3"}, {"offset", "5"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.data()["total"], 7);
  EXPECT_EQ(r.data()["limit"], 3);
  EXPECT_EQ(r.data()["offset"], 5);
  ASSERT_EQ(r.data()["items"].size(), 2u);
  EXPECT_EQ(r.data()["items"][0]["name"], "t5");
  auto bad = call("GET", "/api/v1/tenants", kPlatform, nullptr, {{"limit", "501"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.code(), 40005);
  EXPECT_EQ(bad.field(), "limit");
  bad = call("GET", "/api/v1/tenants", kPlatform, nullptr, {{"offset", "-2"}});
  EXPECT_EQ(bad.field(), "offset");
}

}  // namespace
}  // namespace ct::api::testing
