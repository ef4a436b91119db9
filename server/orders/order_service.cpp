#include "server/orders/order_service.hpp"

#include <algorithm>
#include <cstdlib>

#include "server/billing/bill_json.hpp"
#include "server/billing/money.hpp"
#include "server/core/log.hpp"
#include "server/core/metrics.hpp"
#include "server/orders/pricing.hpp"
#include "server/wallet/ledger.hpp"

namespace ct::orders {

namespace {

using ct::events::Event;
using ErrC = OrderErrorCode;

constexpr UtcMillis kTimerPeriodMs = 1'000;
// A charger that starts after the start timeout still charges: the late transaction is
// matched to the order it was meant for if it comes within this long of the request.
constexpr UtcMillis kLateStartWindowMs = 15 * 60'000;
// How often a charging order's running energy and amount are written without a change of
// state or hold.
constexpr UtcMillis kRunningSaveEveryMs = 5 * 60'000;
// How far (1e-4 yuan) a charger's own bill may be from ours before the order is flagged.
constexpr std::int64_t kChargerBillToleranceE4 = 100;

OrderError err(ErrC c, std::string m) {
  return OrderError{c, std::move(m)};
}

bool connector_free(const std::string& status) {
  return status == "Available" || status == "Preparing";
}

std::string ref(const Order& o) {
  return "order:" + std::to_string(o.id);
}

const core::Connector* find_connector(const core::Pile& p, int id) {
  for (const auto& c : p.connectors) {
    if (c.connector_id == id) return &c;
  }
  return nullptr;
}

}  // namespace

const char* to_string(OrderErrorCode c) {
  switch (c) {
    case ErrC::NotFound: return "not_found";
    case ErrC::Conflict: return "conflict";
    case ErrC::PileOffline: return "pile_offline";
    case ErrC::NoTariff: return "no_tariff";
    case ErrC::InsufficientBalance: return "insufficient_balance";
    case ErrC::UnpaidOrder: return "unpaid_order";
    case ErrC::Invalid: return "invalid";
  }
  return "unknown";
}

OrderService::OrderService(OrderStores stores, bus::Bus& bus, commands::CommandIssuer& commands,
                           const core::Clock& clock)
    : stores_(stores), bus_(bus), commands_(commands), clock_(clock) {
  auto& m = metrics::registry();
  m.describe("chargetwin_order_transitions_total", "counter",
             "Order state changes by the state entered");
  m.describe("chargetwin_order_balance_stops_total", "counter",
             "Orders stopped by the server because the wallet would not cover more");
  m.describe("chargetwin_bill_mismatch_total", "counter",
             "Orders whose charger billed (YKC 0x3B) more than a fen away from the platform");
  subscription_ = bus_.subscribe([this](const Event& e) { enqueue(e); });
}

OrderService::~OrderService() {
  bus_.unsubscribe(subscription_);
}

void OrderService::enqueue(const Event& e) {
  switch (e.body_case()) {
    case Event::kTransactionStarted:
    case Event::kMeterSampled:
    case Event::kTransactionStopped:
    case Event::kChargerDisconnected:
    case Event::kStatusChanged:
    case Event::kCommandUpdated: {
      std::lock_guard lock(inbox_mu_);
      inbox_.push_back(e);
      break;
    }
    default: break;
  }
}

bool OrderService::has_pending() const {
  std::lock_guard lock(inbox_mu_);
  return !inbox_.empty();
}

std::size_t OrderService::pump() {
  std::lock_guard lock(mu_);
  std::deque<Event> batch;
  {
    std::lock_guard in(inbox_mu_);
    batch.swap(inbox_);
  }
  std::size_t handled = 0;
  if (!batch.empty()) {
    // One database transaction for the batch (one commit instead of several per event);
    // each event in its own savepoint, so that one failing event undoes only itself.
    stores_.core.in_transaction([&] {
      for (const auto& e : batch) {
        try {
          stores_.core.in_transaction([&] { handle(e); });
        } catch (const std::exception& ex) {
          // The event is lost for orders but not for the CSMS (the transaction is stored);
          // the order shows the gap (stays charging or abnormal) and an operator can close
          // it.
          log::error("order_event_failed", {{"chargePointId", e.charge_point_id()},
                                            {"event", static_cast<int>(e.body_case())},
                                            {"error", ex.what()}});
        }
        ++handled;
        ++stats_.events;
      }
    });
  }
  auto now = clock_.now();
  if (now >= next_timer_check_) {
    next_timer_check_ = now + kTimerPeriodMs;
    try {
      check_timers(now);
    } catch (const std::exception& ex) {
      log::error("order_timers_failed", {{"error", ex.what()}});
    }
  }
  return handled;
}

void OrderService::handle(const Event& e) {
  switch (e.body_case()) {
    case Event::kTransactionStarted: on_transaction_started(e); break;
    case Event::kMeterSampled: on_meter_sampled(e); break;
    case Event::kTransactionStopped: on_transaction_stopped(e); break;
    case Event::kChargerDisconnected: on_disconnected(e); break;
    case Event::kStatusChanged: on_status(e); break;
    case Event::kCommandUpdated: on_command(e); break;
    default: break;
  }
}

// ---- transitions, persistence, events ---------------------------------------------------

bool OrderService::move(Order& o, OrderEvent event, const std::string& actor,
                        const std::string& detail) {
  auto to = next_state(o.state, event);
  if (!to) {
    log::warn("order_transition_refused", {{"orderId", o.id},
                                           {"chargePointId", o.charge_point_id},
                                           {"state", to_string(o.state)},
                                           {"event", to_string(event)}});
    return false;
  }
  OrderEventRecord rec;
  rec.tenant_id = o.tenant_id;
  rec.order_id = o.id;
  rec.at = clock_.now();
  rec.event = to_string(event);
  rec.from_state = to_string(o.state);
  rec.to_state = to_string(*to);
  rec.actor = actor;
  rec.detail = detail;
  o.state = *to;
  stores_.orders.add_order_event(rec);
  metrics::registry().inc("chargetwin_order_transitions_total", {{"state", to_string(*to)}});
  log::info("order_state", {{"orderId", o.id},
                            {"orderNo", o.order_no},
                            {"chargePointId", o.charge_point_id},
                            {"transactionId", o.transaction_id ? nlohmann::json(*o.transaction_id)
                                                               : nlohmann::json()},
                            {"from", rec.from_state},
                            {"to", rec.to_state},
                            {"event", rec.event}});
  return true;
}

void OrderService::save(Order& o, const std::string& event) {
  o.updated_at = clock_.now();
  stores_.orders.update_order(o);
  publish(o, event);
}

void OrderService::publish(const Order& o, const std::string& event) {
  Event ev;
  ev.set_at_ms(clock_.now());
  ev.set_tenant_id(o.tenant_id);
  ev.set_pile_id(o.pile_id);
  ev.set_charge_point_id(o.charge_point_id);
  auto* b = ev.mutable_order_updated();
  b->set_order_id(o.id);
  b->set_order_no(o.order_no);
  b->set_state(to_string(o.state));
  b->set_event(event);
  b->set_driver_id(o.driver_id.value_or(0));
  b->set_connector_id(o.connector_id);
  b->set_transaction_id(o.transaction_id.value_or(0));
  b->set_energy_wh(o.energy_wh);
  b->set_amount_e4(o.amount_e4);
  b->set_payable_fen(o.payable_fen);
  b->set_debt_fen(o.debt_fen);
  bus_.publish(std::move(ev));
}

std::optional<billing::TariffVersion> OrderService::version_in_force(const core::TenantScope& s,
                                                                     Id tariff_id, UtcMillis at,
                                                                     Id* version_id) {
  auto sched = schedule_of(stores_.tariffs, s, tariff_id);
  if (!sched) return std::nullopt;
  const auto* v = sched->in_force_at(at);
  if (v == nullptr) return std::nullopt;
  if (version_id != nullptr) *version_id = v->id;
  return *v;
}

// ---- the driver's app ---------------------------------------------------------------------

OrderResult<Order> OrderService::start_for_driver(const core::TenantScope& s,
                                                  const drivers::Driver& driver, Id pile_id,
                                                  int connector_id) {
  std::lock_guard lock(mu_);
  auto now = clock_.now();
  auto pile = stores_.core.get_pile(s, pile_id);
  if (!pile || !pile->bound) return err(ErrC::NotFound, "pile " + std::to_string(pile_id));
  const auto* conn = find_connector(*pile, connector_id);
  if (conn == nullptr)
    return err(ErrC::NotFound,
               "connector " + std::to_string(connector_id) + " of pile " + pile->charge_point_id);
  if (!pile->enabled) return err(ErrC::Conflict, "pile " + pile->charge_point_id + " is disabled");
  if (!commands_.is_online(pile->charge_point_id))
    return err(ErrC::PileOffline, "pile " + pile->charge_point_id + " is offline");
  if (!connector_free(conn->status))
    return err(ErrC::Conflict, "connector " + std::to_string(connector_id) + " is " + conn->status);
  if (stores_.orders.order_holding(pile->id, connector_id) ||
      stores_.core.active_transaction_on(pile->id, connector_id))
    return err(ErrC::Conflict, "connector " + std::to_string(connector_id) + " is in use");

  store::OrderFilter unpaid;
  unpaid.driver_id = driver.id;
  unpaid.unpaid_only = true;
  unpaid.page.limit = 1;
  if (auto owed = stores_.orders.list_orders(s, unpaid); owed.total > 0) {
    return err(ErrC::UnpaidOrder, "order " + owed.items.front().order_no + " has " +
                                      std::to_string(owed.items.front().debt_fen) +
                                      " fen unpaid; pay it first");
  }
  auto tariff_id = tariff_of_pile(stores_.tariffs, s, *pile);
  Id version_id = 0;
  if (!tariff_id || !version_in_force(s, *tariff_id, now, &version_id))
    return err(ErrC::NoTariff, "no tariff prices pile " + pile->charge_point_id);
  auto policy = stores_.wallets.get_tenant_policy(s);
  auto wallet = stores_.wallets.get_wallet(s, driver.id);
  if (wallet.balances.available() < policy.min_start_balance_fen) {
    return err(ErrC::InsufficientBalance,
               "available balance " + std::to_string(wallet.balances.available()) +
                   " fen is below the minimum of " + std::to_string(policy.min_start_balance_fen) +
                   " fen to start");
  }

  Order o;
  o.tenant_id = s.tenant_id();
  o.driver_id = driver.id;
  o.station_id = pile->station_id;
  o.pile_id = pile->id;
  o.charge_point_id = pile->charge_point_id;
  o.connector_id = connector_id;
  o.id_tag = driver.id_tag;
  o.start_method = StartMethod::App;
  o.state = OrderState::Created;
  o.tariff_id = tariff_id;
  o.tariff_version_id = version_id;
  o.created_at = now;
  o.start_deadline_at = now + policy.start_timeout_s * 1000;
  try {
    o = stores_.orders.create_order(o);
  } catch (const store::ConflictError&) {
    return err(ErrC::Conflict,
               "connector " + std::to_string(connector_id) + " was just taken by another driver");
  }
  ++stats_.orders_created;
  const std::string actor = "driver:" + std::to_string(driver.id);
  try {
    auto cmd = commands_.issue(*pile, "RemoteStartTransaction",
                               {{"connectorId", connector_id}, {"idTag", driver.id_tag}}, actor);
    o.start_command_id = cmd.id;
    move(o, OrderEvent::RemoteStartSent, actor, "command " + std::to_string(cmd.id));
    save(o, "remote_start_sent");
  } catch (const std::exception& e) {
    o.failure_reason = "the charger could not be reached";
    move(o, OrderEvent::StartRefused, "system", e.what());
    save(o, "start_refused");
    return err(ErrC::PileOffline, "pile " + pile->charge_point_id + " could not be reached");
  }
  return o;
}

OrderResult<Order> OrderService::stop_for_driver(const core::TenantScope& s, Id driver_id,
                                                 Id order_id) {
  std::lock_guard lock(mu_);
  auto o = stores_.orders.get_order(s, order_id);
  if (!o || o->driver_id != driver_id)
    return err(ErrC::NotFound, "order " + std::to_string(order_id));
  if (o->state == OrderState::Stopping) return *o;  // asked twice: the first stop is on its way
  if (o->state != OrderState::Charging)
    return err(ErrC::Conflict, std::string("order is ") + to_string(o->state));
  if (!request_stop(*o, "App", "driver:" + std::to_string(driver_id)))
    return err(ErrC::PileOffline, "pile " + o->charge_point_id + " is offline");
  return *o;
}

OrderResult<Order> OrderService::operator_stop(const core::TenantScope& s, Id order_id,
                                               const std::string& actor) {
  std::lock_guard lock(mu_);
  auto o = stores_.orders.get_order(s, order_id);
  if (!o) return err(ErrC::NotFound, "order " + std::to_string(order_id));
  if (o->state == OrderState::Stopping) return *o;
  if (o->state != OrderState::Charging)
    return err(ErrC::Conflict, std::string("order is ") + to_string(o->state));
  if (!request_stop(*o, "Operator", actor))
    return err(ErrC::PileOffline, "pile " + o->charge_point_id + " is offline");
  return *o;
}

bool OrderService::request_stop(Order& o, const std::string& reason, const std::string& actor) {
  auto pile = stores_.core.get_pile_by_id(o.pile_id);
  if (!pile || !o.transaction_id || !commands_.is_online(o.charge_point_id)) return false;
  try {
    auto cmd = commands_.issue(*pile, "RemoteStopTransaction",
                               {{"transactionId", *o.transaction_id}}, actor);
    o.stop_command_id = cmd.id;
  } catch (const std::exception&) {
    return false;
  }
  o.stop_reason = reason;
  move(o, OrderEvent::StopRequested, actor, reason);
  save(o, "stop_requested");
  return true;
}

OrderResult<Order> OrderService::pay_debt(const core::TenantScope& s, Id driver_id, Id order_id) {
  std::lock_guard lock(mu_);
  auto o = stores_.orders.get_order(s, order_id);
  if (!o || o->driver_id != driver_id)
    return err(ErrC::NotFound, "order " + std::to_string(order_id));
  if (o->debt_fen <= 0) return err(ErrC::Conflict, "order " + o->order_no + " owes nothing");
  auto w = stores_.wallets.get_wallet(s, driver_id);
  if (w.balances.available() < o->debt_fen)
    return err(ErrC::InsufficientBalance, "available balance " +
                                              std::to_string(w.balances.available()) +
                                              " fen is below the " + std::to_string(o->debt_fen) +
                                              " fen owed; recharge first");
  auto debt = o->debt_fen;
  o->debt_fen = 0;
  charge_extra(*o, debt, "debt_paid");
  return *o;
}

std::vector<Order> OrderService::pay_debts(const core::TenantScope& s, Id driver_id) {
  std::lock_guard lock(mu_);
  store::OrderFilter f;
  f.driver_id = driver_id;
  f.unpaid_only = true;
  f.page.limit = 100;
  auto owed = stores_.orders.list_orders(s, f).items;
  std::reverse(owed.begin(), owed.end());  // oldest first
  std::vector<Order> changed;
  for (auto& o : owed) {
    auto before = o.debt_fen;
    auto debt = o.debt_fen;
    o.debt_fen = 0;
    charge_extra(o, debt, "debt_paid");
    if (o.debt_fen != before) changed.push_back(o);
    if (o.debt_fen > 0) break;  // the wallet is empty
  }
  return changed;
}

OrderResult<LiveOrder> OrderService::live(const core::TenantScope& s, Id order_id) {
  std::lock_guard lock(mu_);
  auto o = stores_.orders.get_order(s, order_id);
  if (!o) return err(ErrC::NotFound, "order " + std::to_string(order_id));
  LiveOrder out;
  out.order = *o;
  auto now = clock_.now();
  if (o->started_at)
    out.elapsed_ms = std::max<UtcMillis>(0, o->stopped_at.value_or(now) - *o->started_at);
  if (o->transaction_id) {
    std::optional<UtcMillis> power_at, soc_at;
    for (const auto& m : stores_.core.list_meter_samples(s, *o->transaction_id)) {
      if (!m.normalized || !m.phase.empty()) continue;
      if (m.measurand == "Power.Active.Import" && (!power_at || m.timestamp >= *power_at)) {
        power_at = m.timestamp;
        out.power_w = m.unit == "kW" ? *m.normalized : *m.normalized / 1000;
      } else if (m.measurand == "SoC" && (!soc_at || m.timestamp >= *soc_at)) {
        soc_at = m.timestamp;
        out.soc_permille = *m.normalized / 100;  // normalized is % x1000
      }
    }
  }
  if (!o->bill_json.empty()) {
    auto parsed = billing::bill_from_json(nlohmann::json::parse(o->bill_json, nullptr, false));
    if (auto* b = std::get_if<billing::Bill>(&parsed)) out.bill = *b;
  } else if (o->tariff_version_id && o->started_at && o->meter_start_wh && o->transaction_id) {
    auto version = stores_.tariffs.get_tariff_version(s, *o->tariff_version_id);
    if (version) {
      billing::TimeZone zone = billing::TimeZone::utc();
      if (o->station_id) {
        if (auto st = stores_.core.get_station(s, *o->station_id)) zone = zone_of(*st);
      }
      billing::LiveSession session{*o->started_at, *o->meter_start_wh,
                                   energy_readings(stores_.core, s, *o->transaction_id)};
      auto at = std::max(now, *o->started_at);
      // The charger's clock may run ahead of ours: the newest reading counts, whatever its
      // timestamp.
      for (const auto& r : session.samples) at = std::max(at, r.at);
      auto b = billing::running_bill(version->version, zone, session, at);
      if (auto* bill = std::get_if<billing::Bill>(&b)) out.bill = *bill;
    }
  }
  return out;
}

// ---- operators --------------------------------------------------------------------------

OrderResult<Order> OrderService::operator_close(const core::TenantScope& s, Id order_id,
                                                const std::string& reason,
                                                const std::string& actor) {
  std::lock_guard lock(mu_);
  if (reason.empty()) return err(ErrC::Invalid, "a reason is required to close an order by hand");
  auto o = stores_.orders.get_order(s, order_id);
  if (!o) return err(ErrC::NotFound, "order " + std::to_string(order_id));
  if (o->state != OrderState::Abnormal)
    return err(ErrC::Conflict,
               std::string("only abnormal orders can be closed by hand; this one is ") +
                   to_string(o->state));
  // Billed up to the last reading the charger delivered: nothing after it is known.
  std::int64_t stop_wh = o->meter_start_wh.value_or(0);
  UtcMillis stop_at = o->started_at.value_or(o->created_at);
  if (o->transaction_id) {
    for (const auto& r : energy_readings(stores_.core, s, *o->transaction_id)) {
      if (r.at >= stop_at) {
        stop_at = r.at;
        stop_wh = r.register_wh;
      }
    }
  }
  finish(*o, stop_wh, stop_at, clock_.now(), "Operator", OrderEvent::OperatorClosed, actor, reason);
  return *o;
}

OrderResult<Order> OrderService::refund(const core::TenantScope& s, Id order_id,
                                        const std::string& reason, const std::string& actor) {
  std::lock_guard lock(mu_);
  if (reason.empty()) return err(ErrC::Invalid, "a reason is required to refund an order");
  auto o = stores_.orders.get_order(s, order_id);
  if (!o) return err(ErrC::NotFound, "order " + std::to_string(order_id));
  if (o->state != OrderState::Settled)
    return err(ErrC::Conflict, std::string("only settled orders can be refunded; this one is ") +
                                   to_string(o->state));
  if (o->driver_id && (o->charged_cash_fen > 0 || o->charged_gift_fen > 0)) {
    auto e = wallet::order_refund(o->charged_cash_fen, o->charged_gift_fen, ref(*o), reason);
    if (!stores_.wallets.post_entries(s, *o->driver_id, {e}, clock_.now()))
      return err(ErrC::Conflict, "the wallet refused the refund entry");
  }
  o->debt_fen = 0;
  move(*o, OrderEvent::Refund, actor, reason);
  save(*o, "refund");
  return *o;
}

// ---- what chargers do --------------------------------------------------------------------

std::optional<Order> OrderService::revivable_start(const core::Pile& pile, int connector,
                                                   const std::string& id_tag, UtcMillis now) {
  std::optional<Order> best;
  for (auto& o : stores_.orders.pile_orders_in_states(pile.id, {"start_failed"})) {
    if (o.connector_id != connector || o.id_tag != id_tag || o.transaction_id) continue;
    if (now - o.created_at > kLateStartWindowMs) continue;
    best = o;  // the newest one wins
  }
  return best;
}

void OrderService::on_transaction_started(const Event& e) {
  const auto& t = e.transaction_started();
  if (e.tenant_id() == 0) return;  // unbound charger: nobody to bill
  if (stores_.orders.find_order_by_transaction(t.transaction_id())) return;  // a resend
  auto s = core::TenantScope::of(e.tenant_id());
  auto pile = stores_.core.get_pile_by_id(e.pile_id());
  if (!pile) return;
  const int connector = t.connector_id();
  const auto now = clock_.now();

  // The vehicle of an earlier order on this connector has left, or a new one could not
  // have started.
  if (auto prev = stores_.orders.awaiting_unplug(pile->id, connector)) {
    prev->unplugged_at = std::max(now, prev->stopped_at.value_or(now));
    // Treated like an unplug now: an idle fee up to here.
    bill(*prev);
    save(*prev, "unplugged");
  }

  std::optional<Order> order;
  if (auto holding = stores_.orders.order_holding(pile->id, connector)) {
    if ((holding->state == OrderState::Created || holding->state == OrderState::Starting) &&
        holding->id_tag == t.id_tag()) {
      order = holding;
    } else if (holding->state == OrderState::Created || holding->state == OrderState::Starting) {
      holding->failure_reason = "the connector was started by another id tag";
      move(*holding, OrderEvent::StartRefused, "charger", holding->failure_reason);
      save(*holding, "start_refused");
    } else {
      // A new transaction on the connector means the charger has ended the old one
      // without telling us (yet): the old order waits for its late stop, off the connector.
      holding->failure_reason = "the charger started another transaction on the connector";
      move(*holding, OrderEvent::ChargerLost, "charger", holding->failure_reason);
      save(*holding, "charger_lost");
    }
  }
  if (!order) order = revivable_start(*pile, connector, t.id_tag(), now);

  if (!order) {
    Order o;
    o.tenant_id = e.tenant_id();
    o.station_id = pile->station_id;
    o.pile_id = pile->id;
    o.charge_point_id = pile->charge_point_id;
    o.connector_id = connector;
    o.id_tag = t.id_tag();
    o.start_method = StartMethod::Card;
    o.state = OrderState::Created;
    o.created_at = now;
    if (auto d = stores_.drivers.find_driver_by_id_tag(s, t.id_tag())) o.driver_id = d->id;
    o.tariff_id = tariff_of_pile(stores_.tariffs, s, *pile);
    Id version_id = 0;
    if (o.tariff_id && version_in_force(s, *o.tariff_id, t.started_at_ms(), &version_id)) {
      o.tariff_version_id = version_id;
    } else if (o.tariff_id && version_in_force(s, *o.tariff_id, now, &version_id)) {
      // The charger's clock is behind the first version: the one in force now bills it.
      o.tariff_version_id = version_id;
    } else {
      o.add_flag("no_tariff");
    }
    try {
      o = stores_.orders.create_order(o);
    } catch (const store::ConflictError&) {
      // Another order still holds the connector (it could not be moved off above).
      o.state = OrderState::Created;
      log::warn("order_connector_taken", {{"chargePointId", pile->charge_point_id},
                                          {"connectorId", connector},
                                          {"transactionId", t.transaction_id()}});
      return;
    }
    ++stats_.orders_created;
    order = o;
  }

  auto& o = *order;
  o.transaction_id = t.transaction_id();
  o.meter_start_wh = t.meter_start_wh();
  o.started_at = t.started_at_ms();
  o.energy_wh = 0;
  move(o, OrderEvent::ChargerStarted, "charger",
       "transaction " + std::to_string(t.transaction_id()));
  try {
    save(o, "charger_started");
  } catch (const store::ConflictError&) {
    // A revived order whose connector another order holds now.
    log::warn("order_revive_conflict", {{"orderId", o.id}, {"chargePointId", o.charge_point_id}});
    return;
  }
  Progress fresh;
  fresh.last_at = t.started_at_ms();
  fresh.last_register_wh = t.meter_start_wh();
  progress_[o.id] = std::move(fresh);
}

OrderService::Progress& OrderService::progress_of(Order& o) {
  auto it = progress_.find(o.id);
  if (it == progress_.end()) {
    // Not seen since this process started: price from the start again (the running
    // energy and amount are recounted; the final bill never depends on them).
    Progress fresh;
    fresh.last_at = o.started_at.value_or(0);
    fresh.last_register_wh = o.meter_start_wh.value_or(0);
    it = progress_.emplace(o.id, std::move(fresh)).first;
  }
  return it->second;
}

void OrderService::price_increment(Order& o, Progress& p, UtcMillis at, std::int64_t register_wh) {
  // A reading below the last one (a glitch, or a reset) or before it prices nothing and
  // does not move the base: the running amount only grows with the register, and the
  // final bill sorts the readings out from all the samples.
  if (register_wh <= p.last_register_wh || at < p.last_at) return;
  const std::int64_t delta = register_wh - p.last_register_wh;
  p.energy_wh += delta;
  if (o.tariff_version_id) {
    if (!p.version) {
      // Loaded once per order: the version an order is billed with never changes.
      auto s = core::TenantScope::of(o.tenant_id);
      if (auto v = stores_.tariffs.get_tariff_version(s, *o.tariff_version_id))
        p.version = v->version;
      p.zone = billing::TimeZone::utc();
      if (o.station_id) {
        if (auto st = stores_.core.get_station(s, *o.station_id)) p.zone = zone_of(*st);
      }
    }
    if (p.version) {
      billing::SessionMeter piece{p.last_at, p.last_register_wh, at, register_wh, {}};
      auto b = billing::compute_bill(*p.version, *p.zone, piece, {});
      if (auto* bill = std::get_if<billing::Bill>(&b)) {
        p.amount_e4 += bill->total_e4;
        p.last_interval_fen = billing::payable_fen_of(bill->total_e4);
      }
    }
  }
  p.last_at = at;
  p.last_register_wh = register_wh;
}

void OrderService::apply_progress(Order& o, const Progress& p) {
  o.energy_wh = p.energy_wh;
  o.amount_e4 = p.amount_e4;
  o.payable_fen = billing::payable_fen_of(p.amount_e4);
}

void OrderService::hold_running_amount(Order& o, Progress& p) {
  if (!o.driver_id) return;
  auto s = core::TenantScope::of(o.tenant_id);
  auto w = stores_.wallets.get_wallet(s, *o.driver_id);
  wallet::Hold hold{o.hold_cash_fen, o.hold_gift_fen};
  if (auto change = wallet::adjust_hold(w.balances, hold, o.payable_fen, ref(o))) {
    if (stores_.wallets.post_entries(s, *o.driver_id, {change->entry}, clock_.now())) {
      o.hold_cash_fen = change->hold.cash;
      o.hold_gift_fen = change->hold.gift;
      w = stores_.wallets.get_wallet(s, *o.driver_id);
    }
  }
  if (o.state != OrderState::Charging) return;
  // Funds this order may still use: its hold plus what is available. Stop before the next
  // interval would cost more than that.
  const std::int64_t funds = o.hold_cash_fen + o.hold_gift_fen + w.balances.available();
  if (o.payable_fen + p.last_interval_fen >= funds && p.last_interval_fen > 0) {
    log::info("order_balance_exhausted", {{"orderId", o.id},
                                          {"chargePointId", o.charge_point_id},
                                          {"payableFen", o.payable_fen},
                                          {"fundsFen", funds}});
    if (request_stop(o, "BalanceExhausted", "system")) {
      ++stats_.balance_stops;
      metrics::registry().inc("chargetwin_order_balance_stops_total");
    }
  }
}

void OrderService::on_meter_sampled(const Event& e) {
  const auto& m = e.meter_sampled();
  if (m.transaction_id() == 0 || m.energy_wh() < 0) return;
  auto o = stores_.orders.find_order_by_transaction(m.transaction_id());
  if (!o) return;
  if (o->state == OrderState::Abnormal) {
    move(*o, OrderEvent::ChargerResumed, "charger", "meter values arrived");
  }
  if (o->state != OrderState::Charging && o->state != OrderState::Stopping) {
    save(*o, "charger_resumed");
    return;
  }
  auto& p = progress_of(*o);
  if (m.power_mw() >= 0) p.power_w = m.power_mw() / 1000;
  price_increment(*o, p, m.energy_at_ms() != 0 ? m.energy_at_ms() : clock_.now(), m.energy_wh());
  apply_progress(*o, p);
  const auto held = o->hold_cash_fen + o->hold_gift_fen;
  const auto state = o->state;
  hold_running_amount(*o, p);
  // The running energy and amount are for lists and the event stream (the bill never
  // depends on them): written when the hold or the state changed, else every few minutes,
  // so that a busy network does not rewrite every order row at every sample.
  const auto now = clock_.now();
  if (o->state != state || o->hold_cash_fen + o->hold_gift_fen != held ||
      now - p.saved_at >= kRunningSaveEveryMs) {
    p.saved_at = now;
    save(*o, "meter");
  } else {
    publish(*o, "meter");
  }
}

void OrderService::on_status(const Event& e) {
  const auto& st = e.status_changed();
  if (st.connector_id() == 0) return;
  const auto at = e.at_ms() != 0 ? e.at_ms() : clock_.now();
  if (auto o = stores_.orders.order_holding(e.pile_id(), st.connector_id())) {
    if (o->state == OrderState::Charging || o->state == OrderState::Stopping) {
      auto& p = progress_of(*o);
      if (st.status() == "SuspendedEV") {
        if (!p.suspended_since) p.suspended_since = at;
      } else if (st.status() == "Charging") {
        p.suspended_since.reset();
      }
    }
    return;
  }
  // The bay is free again: the vehicle of the last order has left.
  const auto& s = st.status();
  if (s != "Available" && s != "Unavailable" && s != "Faulted" && s != "Preparing") return;
  auto o = stores_.orders.awaiting_unplug(e.pile_id(), st.connector_id());
  if (!o) return;
  o->unplugged_at = std::max(at, o->charging_ended_at.value_or(at));
  bill(*o);
  save(*o, "unplugged");
}

void OrderService::on_transaction_stopped(const Event& e) {
  const auto& t = e.transaction_stopped();
  auto o = stores_.orders.find_order_by_transaction(t.transaction_id());
  if (!o) return;
  if (o->state != OrderState::Charging && o->state != OrderState::Stopping &&
      o->state != OrderState::Abnormal)
    return;  // already finished: a resend
  const std::string reason =
      o->state == OrderState::Stopping && !o->stop_reason.empty() ? o->stop_reason : t.reason();
  o->charger_bill_json = t.charger_bill_json();
  if (!t.charger_bill_json().empty() && t.charger_amount_e4() >= 0)
    o->charger_amount_e4 = t.charger_amount_e4();
  finish(*o, t.meter_stop_wh(), t.stopped_at_ms(), e.at_ms() != 0 ? e.at_ms() : clock_.now(),
         reason, OrderEvent::ChargerStopped, "charger",
         "transaction " + std::to_string(t.transaction_id()) + " " + t.reason());
}

void OrderService::finish(Order& o, std::int64_t meter_stop_wh, UtcMillis stopped_at,
                          UtcMillis server_at, const std::string& reason, OrderEvent event,
                          const std::string& actor, const std::string& detail) {
  auto p = progress_.find(o.id);
  o.meter_stop_wh = meter_stop_wh;
  o.stopped_at = std::max(stopped_at, o.started_at.value_or(stopped_at));
  o.stop_reason = reason;
  // Idle time is measured on the server's clock at both ends (the unplug is too).
  o.charging_ended_at =
      p != progress_.end() && p->second.suspended_since ? *p->second.suspended_since : server_at;
  if (p != progress_.end()) progress_.erase(p);
  move(o, event, actor, detail);
  bill(o);
  settle(o);
}

void OrderService::bill(Order& o) {
  auto r = recompute_bill(stores_.core, stores_.tariffs, o);
  if (!r) {
    // No tariff version (card order on an unpriced pile) or not finished: energy only.
    if (o.meter_start_wh && o.meter_stop_wh)
      o.energy_wh = std::max<std::int64_t>(0, *o.meter_stop_wh - *o.meter_start_wh);
    return;
  }
  if (r->error) {
    o.add_flag("bill_error");
    log::error(
        "order_bill_failed",
        {{"orderId", o.id}, {"chargePointId", o.charge_point_id}, {"error", r->error->message}});
    return;
  }
  const auto& b = r->bill;
  if (b.meter_reset) o.add_flag("meter_reset");
  check_charger_bill(o, b);
  o.energy_wh = b.energy_wh;
  o.amount_e4 = b.total_e4;
  o.idle_fee_e4 = b.idle_fee_e4;
  const std::int64_t before = o.payable_fen;
  o.payable_fen = b.payable_fen;
  o.bill_json = billing::bill_to_json(b).dump();
  // A settled order whose bill grew (the idle fee, once the vehicle left) is charged the
  // difference.
  if (o.state == OrderState::Settled && o.payable_fen > before) {
    charge_extra(o, o.payable_fen - before, "idle_fee");
  }
}

void OrderService::check_charger_bill(Order& o, const billing::Bill& b) {
  if (!o.charger_amount_e4 || o.has_flag("bill_mismatch")) return;
  // The charger's total covers energy and service (no idle fee).
  const std::int64_t ours = b.electricity_amount_e4 + b.service_amount_e4;
  // A pile rounds its own way (per sample, by truncation): up to a fen apart is rounding;
  // more is a pile billing differently, which an operator wants to know.
  if (std::llabs(*o.charger_amount_e4 - ours) > kChargerBillToleranceE4) {
    o.add_flag("bill_mismatch");
    metrics::registry().inc("chargetwin_bill_mismatch_total");
    log::warn("order_bill_mismatch", {{"orderId", o.id},
                                      {"chargePointId", o.charge_point_id},
                                      {"ourAmountE4", ours},
                                      {"chargerAmountE4", *o.charger_amount_e4}});
  }
}

void OrderService::settle(Order& o) {
  if (o.state != OrderState::Finished) return;
  const auto now = clock_.now();
  if (!o.driver_id) {
    o.add_flag("external_payment");
  } else {
    auto s = core::TenantScope::of(o.tenant_id);
    auto w = stores_.wallets.get_wallet(s, *o.driver_id);
    wallet::Hold hold{o.hold_cash_fen, o.hold_gift_fen};
    const auto gift_before = w.balances.gift + hold.gift;
    const auto cash_before = w.balances.cash + hold.cash;
    auto st = wallet::settle(w.balances, hold, o.payable_fen, ref(o));
    if (!stores_.wallets.post_entries(s, *o.driver_id, st.entries, now)) {
      log::error("order_settle_refused", {{"orderId", o.id}, {"chargePointId", o.charge_point_id}});
      o.add_flag("settle_failed");
      save(o, "settle_failed");
      return;
    }
    auto after = stores_.wallets.get_wallet(s, *o.driver_id);
    o.charged_gift_fen += gift_before - after.balances.gift;
    o.charged_cash_fen += cash_before - after.balances.cash;
    o.hold_cash_fen = 0;
    o.hold_gift_fen = 0;
    o.debt_fen = st.debt;
  }
  o.settled_at = now;
  move(o, OrderEvent::Settle, "system",
       "payable " + std::to_string(o.payable_fen) + " fen, debt " + std::to_string(o.debt_fen));
  ++stats_.settled;
  save(o, "settle");
}

void OrderService::charge_extra(Order& o, std::int64_t extra_fen, const std::string& why) {
  if (extra_fen <= 0) return;
  if (!o.driver_id) {
    save(o, why);
    return;
  }
  auto s = core::TenantScope::of(o.tenant_id);
  auto w = stores_.wallets.get_wallet(s, *o.driver_id);
  auto st = wallet::charge(w.balances, extra_fen, ref(o));
  if (!st.entries.empty() &&
      !stores_.wallets.post_entries(s, *o.driver_id, st.entries, clock_.now())) {
    o.debt_fen += extra_fen;
    save(o, why);
    return;
  }
  auto after = stores_.wallets.get_wallet(s, *o.driver_id);
  o.charged_gift_fen += w.balances.gift - after.balances.gift;
  o.charged_cash_fen += w.balances.cash - after.balances.cash;
  o.debt_fen += st.debt;
  OrderEventRecord rec;
  rec.tenant_id = o.tenant_id;
  rec.order_id = o.id;
  rec.at = clock_.now();
  rec.event = why;
  rec.from_state = rec.to_state = to_string(o.state);
  rec.actor = "system";
  rec.detail = "charged " + std::to_string(st.charged) + " fen, debt " + std::to_string(o.debt_fen);
  stores_.orders.add_order_event(rec);
  save(o, why);
}

void OrderService::on_disconnected(const Event& e) {
  for (auto& o : stores_.orders.pile_orders_in_states(e.pile_id(), {"charging", "stopping"})) {
    o.failure_reason = "the charger disconnected while charging";
    move(o, OrderEvent::ChargerLost, "charger", e.charger_disconnected().reason());
    save(o, "charger_lost");
  }
}

void OrderService::on_command(const Event& e) {
  const auto& c = e.command_updated();
  const auto& status = c.status();
  const bool failed = status == "rejected" || status == "timed_out" || status == "failed";
  if (!failed) return;
  if (c.action() == "RemoteStartTransaction") {
    for (auto& o : stores_.orders.pile_orders_in_states(e.pile_id(), {"created", "starting"})) {
      if (o.start_command_id != c.command_id()) continue;
      o.failure_reason = "the charger answered the remote start: " + status;
      move(o, OrderEvent::StartRefused, "charger", status);
      save(o, "start_refused");
    }
  } else if (c.action() == "RemoteStopTransaction") {
    for (auto& o : stores_.orders.pile_orders_in_states(e.pile_id(), {"stopping"})) {
      if (o.stop_command_id != c.command_id()) continue;
      move(o, OrderEvent::StopRefused, "charger", status);
      save(o, "stop_refused");
    }
  }
}

void OrderService::check_timers(UtcMillis now) {
  for (auto& o : stores_.orders.orders_in_states({"starting"}, 1000)) {
    if (!o.start_deadline_at || now < *o.start_deadline_at) continue;
    o.failure_reason = "the charger did not start within the start timeout";
    move(o, OrderEvent::StartTimedOut, "system", o.failure_reason);
    ++stats_.start_timeouts;
    save(o, "start_timed_out");
  }
}

void OrderService::recover_after_restart() {
  std::lock_guard lock(mu_);
  for (auto& o : stores_.orders.orders_in_states({"charging", "stopping"}, 100'000)) {
    o.failure_reason = "the server restarted while the order was charging";
    move(o, OrderEvent::ChargerLost, "system", o.failure_reason);
    save(o, "charger_lost");
  }
}

OrderService::Stats OrderService::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace ct::orders
