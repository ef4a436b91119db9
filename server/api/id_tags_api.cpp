// Tenant endpoints: id tags (RFID cards and app identities) used for authorization.
#include "server/api/asset_events.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"

namespace ct::api {
namespace {

// OCPP IdToken is a CiString20: printable ASCII.
void check_id_token(Fields& f, const char* name, const std::string& v) {
  for (unsigned char ch : v) {
    if (ch < 0x20 || ch > 0x7e) f.invalid(name, "must contain printable ASCII characters only");
  }
}

core::IdTag load_id_tag(Call& c) {
  auto id = c.id_param("id", "id tag");
  auto t = c.ctx.store.get_id_tag(c.scope(), id);
  if (!t) throw_not_found("id tag " + std::to_string(id));
  return *t;
}

void read_id_tag_fields(Fields& f, core::IdTag& t) {
  if (auto v = f.opt_enum("status", {"Accepted", "Blocked", "Expired"})) t.status = *v;
  if (auto v = f.opt_nullable_time("expiryDate")) t.expiry = *v;
  if (auto v = f.opt_string("parentIdTag", 0, 20)) {
    check_id_token(f, "parentIdTag", *v);
    t.parent_id_tag = *v;
  }
  if (auto v = f.opt_enum("kind", {"rfid", "app"})) t.kind = *v;
  if (auto v = f.opt_string("holder", 0, 100)) t.holder = *v;
}

void reject_duplicate(Call& c, const std::string& id_tag, core::Id self) {
  auto other = c.ctx.store.find_id_tag(c.scope(), id_tag);
  if (other && other->id != self) {
    throw ApiError(ErrorCode::kDuplicate,
                   "idTag " + id_tag + " already exists (id " + std::to_string(other->id) + ")",
                   "idTag");
  }
}

Reply create_id_tag(Call& c) {
  auto f = c.body();
  core::IdTag t;
  t.tenant_id = c.who.tenant_id;
  t.id_tag = f.req_string("idTag", 1, 20);
  check_id_token(f, "idTag", t.id_tag);
  read_id_tag_fields(f, t);
  f.reject_unknown();
  reject_duplicate(c, t.id_tag, 0);
  t.created_at = t.updated_at = c.now();
  t = c.ctx.store.create_id_tag(c.scope(), t);
  publish_asset_changed(c.ctx, t.tenant_id, "id_tag", t.id, "created");
  return {201, id_tag_json(t)};
}

Reply list_id_tags(Call& c) {
  store::IdTagFilter filter;
  filter.q = query_text(c.req.query, "q");
  filter.status = query_enum(c.req.query, "status", {"Accepted", "Blocked", "Expired"});
  filter.page = page_of(c.req.query);
  auto p = c.ctx.store.list_id_tags(c.scope(), filter);
  return {200, page_json(json_array(p.items, id_tag_json), p.total, filter.page.limit,
                         filter.page.offset)};
}

Reply get_id_tag(Call& c) {
  return {200, id_tag_json(load_id_tag(c))};
}

Reply patch_id_tag(Call& c) {
  auto t = load_id_tag(c);
  auto f = c.body();
  if (auto v = f.opt_string("idTag", 1, 20)) {
    check_id_token(f, "idTag", *v);
    t.id_tag = *v;
  }
  read_id_tag_fields(f, t);
  f.reject_unknown();
  reject_duplicate(c, t.id_tag, t.id);
  t.updated_at = c.now();
  if (!c.ctx.store.update_id_tag(c.scope(), t)) throw_not_found("id tag " + std::to_string(t.id));
  publish_asset_changed(c.ctx, t.tenant_id, "id_tag", t.id, "updated");
  return {200, id_tag_json(t)};
}

Reply delete_id_tag(Call& c) {
  auto t = load_id_tag(c);
  if (!c.ctx.store.delete_id_tag(c.scope(), t.id)) {
    throw_not_found("id tag " + std::to_string(t.id));
  }
  publish_asset_changed(c.ctx, t.tenant_id, "id_tag", t.id, "deleted");
  return {200, {{"id", t.id}, {"deleted", true}}};
}

}  // namespace

void add_id_tag_routes(Routes& r) {
  r.add("POST", "/api/v1/id-tags", {Access::Tenant, create_id_tag});
  r.add("GET", "/api/v1/id-tags", {Access::Tenant, list_id_tags});
  r.add("GET", "/api/v1/id-tags/{id}", {Access::Tenant, get_id_tag});
  r.add("PATCH", "/api/v1/id-tags/{id}", {Access::Tenant, patch_id_tag});
  r.add("DELETE", "/api/v1/id-tags/{id}", {Access::Tenant, delete_id_tag});
}

}  // namespace ct::api
