#include "server/core/ocpp/events.hpp"

namespace ct::core {

ct::events::Event make_event(UtcMillis at, Id tenant_id, Id pile_id,
                             const std::string& charge_point_id) {
  ct::events::Event ev;
  ev.set_at_ms(at);
  ev.set_tenant_id(tenant_id);
  ev.set_pile_id(pile_id);
  ev.set_charge_point_id(charge_point_id);
  return ev;
}

ct::events::Event make_event(UtcMillis at, const Pile& pile) {
  return make_event(at, pile.tenant_id, pile.id, pile.charge_point_id);
}

ct::events::Event make_event(UtcMillis at, const CallContext& call) {
  if (call.pile) return make_event(at, *call.pile);
  return make_event(at, 0, 0, call.charge_point_id);
}

}  // namespace ct::core
