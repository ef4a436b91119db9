// DriverAuth::delete_account: a driver closes their account from the app.
//
// Refused while it would lose track of money or a session: an order that is running or
// may still bill (created, starting, charging, stopping, abnormal), an unpaid order, or
// a wallet holding the driver's money (cash balance, or anything frozen: holds and
// refunds on their way). Gift money alone does not block; it is forfeited with the
// account (it was never the driver's to take out).
//
// What deletion does: the phone becomes "deleted:<id>" (freeing the number for a new
// account), nickname and vehicles (plates, VINs) and favourites are removed as personal
// data, the app id tag is blocked and its holder anonymised, and every token dies
// (refresh tokens revoked, token version bumped). The driver row, wallet, orders and
// journal stay: they are the operator's records of what was charged and paid.
#include <array>

#include "server/core/log.hpp"
#include "server/drivers/driver_auth.hpp"
#include "server/orders/order_state.hpp"

namespace ct::drivers {
namespace {

// States in which an order is not over: it holds a connector, or (abnormal) waits for
// the charger's late stop, which will bill it.
constexpr std::array kOpenStates = {orders::OrderState::Created, orders::OrderState::Starting,
                                    orders::OrderState::Charging, orders::OrderState::Stopping,
                                    orders::OrderState::Abnormal};

}  // namespace

std::optional<AuthFailure> DriverAuth::busy_reason(const core::TenantScope& scope,
                                                   core::Id driver_id) {
  store::OrderFilter f;
  f.driver_id = driver_id;
  f.page.limit = 1;
  for (auto state : kOpenStates) {
    f.state = orders::to_string(state);
    if (orders_.list_orders(scope, f).total > 0) return AuthFailure::AccountBusy;
  }
  f.state.clear();
  f.unpaid_only = true;
  if (orders_.list_orders(scope, f).total > 0) return AuthFailure::AccountBusy;
  const auto b = wallets_.get_wallet(scope, driver_id).balances;
  if (b.balance() > 0 || b.frozen() > 0) return AuthFailure::AccountBusy;
  return std::nullopt;
}

std::optional<AuthFailure> DriverAuth::delete_account(const DriverPrincipal& who) {
  const auto scope = core::TenantScope::of(who.tenant_id);
  std::optional<AuthFailure> refused;
  // The checks and the deletion in one transaction: no order can start, and no money
  // arrive, between "nothing is open" and the account being gone.
  store_.in_transaction([&] {
    auto d = drivers_.get_driver(scope, who.driver_id);
    if (!d || d->deleted) return;  // already gone: nothing to do
    if ((refused = busy_reason(scope, d->id))) return;

    const auto now = clock_.now();
    const std::string anonymous = "deleted:" + std::to_string(d->id);
    d->phone = anonymous;
    d->nickname.clear();
    d->deleted = true;
    d->deleted_at = now;
    d->updated_at = now;
    ++d->token_version;
    drivers_.update_driver(scope, *d);
    drivers_.revoke_driver_refresh_tokens(d->id);

    if (auto tag = store_.find_id_tag(scope, d->id_tag)) {
      tag->status = "Blocked";
      tag->holder = anonymous;
      tag->updated_at = now;
      store_.update_id_tag(scope, *tag);
    }
    for (const auto& v : drivers_.list_vehicles(scope, d->id))
      drivers_.delete_vehicle(scope, d->id, v.id);
    for (auto station_id : drivers_.list_favourites(scope, d->id))
      drivers_.remove_favourite(scope, d->id, station_id);
    log::info("driver_deleted", {{"tenantId", d->tenant_id}, {"driverId", d->id}});
  });
  return refused;
}

}  // namespace ct::drivers
