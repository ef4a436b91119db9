// Platform endpoints: tenants and their API tokens.
#include "server/api/asset_events.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/core/secrets.hpp"

namespace ct::api {
namespace {

core::Tenant load_tenant(Call& c) {
  auto id = c.id_param("id", "tenant");
  auto t = c.ctx.store.get_tenant(id);
  if (!t) throw_not_found("tenant " + std::to_string(id));
  return *t;
}

Reply create_tenant(Call& c) {
  auto f = c.body();
  core::Tenant t;
  t.name = f.req_string("name", 1, 100);
  t.enabled = f.opt_bool("enabled").value_or(true);
  f.reject_unknown();
  t.created_at = t.updated_at = c.now();
  t = c.ctx.store.create_tenant(t);
  publish_asset_changed(c.ctx, t.id, "tenant", t.id, "created");
  return {201, tenant_json(t)};
}

Reply list_tenants(Call& c) {
  auto page = page_of(c.req.query);
  auto p = c.ctx.store.list_tenants(page);
  return {200, page_json(json_array(p.items, tenant_json), p.total, page.limit, page.offset)};
}

Reply get_tenant(Call& c) {
  return {200, tenant_json(load_tenant(c))};
}

Reply patch_tenant(Call& c) {
  auto t = load_tenant(c);
  auto f = c.body();
  if (auto v = f.opt_string("name", 1, 100)) t.name = *v;
  if (auto v = f.opt_bool("enabled")) t.enabled = *v;
  f.reject_unknown();
  t.updated_at = c.now();
  if (!c.ctx.store.update_tenant(t)) throw_not_found("tenant " + std::to_string(t.id));
  publish_asset_changed(c.ctx, t.id, "tenant", t.id, "updated");
  return {200, tenant_json(t)};
}

Reply create_token(Call& c) {
  auto tenant = load_tenant(c);
  auto f = c.body();
  core::ApiToken t;
  t.tenant_id = tenant.id;
  t.label = f.req_string("label", 1, 100);
  f.reject_unknown();
  std::string plain = core::random_token("ctt_");
  t.token_hash = core::sha256_hex(plain);
  t.created_at = c.now();
  t = c.ctx.store.create_api_token(t);
  auto j = api_token_json(t);
  j["token"] = plain;  // shown once; only its hash is stored
  return {201, j};
}

Reply list_tokens(Call& c) {
  auto tenant = load_tenant(c);
  auto page = page_of(c.req.query);
  auto all = c.ctx.store.list_api_tokens(tenant.id);
  auto items = nlohmann::json::array();
  auto total = static_cast<std::int64_t>(all.size());
  for (auto i = page.offset; i < total && i < page.offset + page.limit; ++i) {
    items.push_back(api_token_json(all[static_cast<std::size_t>(i)]));
  }
  return {200, page_json(std::move(items), total, page.limit, page.offset)};
}

Reply revoke_token(Call& c) {
  auto tenant = load_tenant(c);
  auto token_id = c.id_param("tokenId", "API token");
  if (!c.ctx.store.revoke_api_token(tenant.id, token_id)) {
    throw_not_found("API token " + std::to_string(token_id) + " of tenant " +
                    std::to_string(tenant.id));
  }
  return {200, {{"id", token_id}, {"revoked", true}}};
}

}  // namespace

void add_tenant_routes(Routes& r) {
  r.add("POST", "/api/v1/tenants", {Access::Platform, create_tenant});
  r.add("GET", "/api/v1/tenants", {Access::Platform, list_tenants});
  r.add("GET", "/api/v1/tenants/{id}", {Access::Platform, get_tenant});
  r.add("PATCH", "/api/v1/tenants/{id}", {Access::Platform, patch_tenant});
  r.add("POST", "/api/v1/tenants/{id}/api-tokens", {Access::Platform, create_token});
  r.add("GET", "/api/v1/tenants/{id}/api-tokens", {Access::Platform, list_tokens});
  r.add("DELETE", "/api/v1/tenants/{id}/api-tokens/{tokenId}", {Access::Platform, revoke_token});
}

}  // namespace ct::api
