#include "server/api/asset_events.hpp"

namespace ct::api {

void publish_asset_changed(ApiContext& ctx, core::Id tenant_id, const std::string& kind,
                           core::Id id, const std::string& change, core::Id pile_id,
                           const std::string& charge_point_id) {
  ct::events::Event ev;
  ev.set_at_ms(ctx.clock.now());
  ev.set_tenant_id(tenant_id);
  ev.set_pile_id(pile_id);
  ev.set_charge_point_id(charge_point_id);
  auto* body = ev.mutable_asset_changed();
  body->set_kind(kind);
  body->set_id(id);
  body->set_change(change);
  ctx.bus.publish(std::move(ev));
}

}  // namespace ct::api
