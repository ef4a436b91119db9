#include "server/core/ocpp/authorize.hpp"

#include "server/core/log.hpp"

namespace ct::core {
namespace {

ocpp16::IdTagInfo info_with(ocpp16::AuthorizationStatus status, const IdTag& tag) {
  ocpp16::IdTagInfo info;
  info.status = status;
  if (tag.expiry) info.expiry_date = ocpp16::DateTime{*tag.expiry};
  if (!tag.parent_id_tag.empty()) info.parent_id_tag = tag.parent_id_tag;
  return info;
}

}  // namespace

ocpp16::IdTagInfo invalid_id_tag_info() {
  ocpp16::IdTagInfo info;
  info.status = ocpp16::AuthorizationStatus::Invalid;
  return info;
}

ocpp16::IdTagInfo authorize_id_tag(const ServiceContext& ctx, const std::optional<Pile>& pile,
                                   const std::string& id_tag, const TagCheck& check) {
  if (!pile || !pile->bound || pile->tenant_id == 0 || !pile->enabled) {
    return invalid_id_tag_info();
  }
  auto tenant = ctx.store.get_tenant(pile->tenant_id);
  if (!tenant || !tenant->enabled) return invalid_id_tag_info();

  const auto scope = TenantScope::of(pile->tenant_id);
  auto tag = ctx.store.find_id_tag(scope, id_tag);
  if (!tag) return invalid_id_tag_info();
  if (tag->status == "Blocked") return info_with(ocpp16::AuthorizationStatus::Blocked, *tag);
  if (tag->status == "Expired" || (tag->expiry && *tag->expiry < ctx.clock.now())) {
    return info_with(ocpp16::AuthorizationStatus::Expired, *tag);
  }
  if (tag->status != "Accepted") return info_with(ocpp16::AuthorizationStatus::Invalid, *tag);

  if (check.concurrency) {
    std::int64_t active = ctx.store.count_active_transactions_for_tag(scope, id_tag);
    if (check.exclude_transaction) {
      auto own = ctx.store.get_transaction(scope, *check.exclude_transaction);
      if (own && own->state == "active" && own->id_tag == id_tag) --active;
    }
    if (active > 0) return info_with(ocpp16::AuthorizationStatus::ConcurrentTx, *tag);
  }
  return info_with(ocpp16::AuthorizationStatus::Accepted, *tag);
}

nlohmann::json handle_authorize(const ServiceContext& ctx, const CallContext& call,
                                const ocpp16::AuthorizeRequest& req) {
  ocpp16::AuthorizeResponse resp;
  resp.id_tag_info = authorize_id_tag(ctx, call.pile, req.id_tag, TagCheck{});
  log::info("authorize", {{"chargePointId", call.charge_point_id},
                          {"idTag", req.id_tag},
                          {"status", ocpp16::to_string(resp.id_tag_info.status)}});
  return ocpp16::encode(resp);
}

}  // namespace ct::core
