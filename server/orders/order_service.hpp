// The order service: turns what chargers do (domain events on the bus) and what drivers
// and operators ask (API calls) into orders, bills and wallet movements.
//
// Threading. The bus delivers events synchronously on the publishing thread, often with
// the charge-point service's lock held; this service only queues them there (enqueue is
// a push under a small mutex) and handles them in pump(), which the node's order worker
// thread calls (and the in-process twin calls at fixed points of its step, so runs stay
// deterministic). Everything that changes orders runs under one mutex of this service:
// pump() and the API entry points. The service may publish and issue commands while
// holding it, because its own bus handler never takes it.
//
// Rules (docs/billing.md "Order state machine" and "Wallets"):
//  * An app start needs: the pile online and enabled, the connector free, no other order
//    on it, a tariff in force, no unpaid order of the driver and at least the tenant's
//    minimum start balance available. The order is created (the orders_connector_busy
//    constraint lets one of two concurrent scans win), then RemoteStartTransaction is
//    issued; the charger's StartTransaction with the driver's id tag on that connector
//    moves it to charging. A refused, failed or timed-out command, or no start within the
//    tenant's start timeout, ends it as start_failed (revived if the charger starts late).
//  * A transaction nobody asked for through the app (RFID at the charger) becomes a card
//    order, billed to the driver whose id tag it carries, if any.
//  * While charging, the running amount is held on the wallet; when the funds would not
//    cover the next sample interval the server stops the order (BalanceExhausted).
//  * StopTransaction finishes the order: the bill is computed from the stored samples and
//    the tariff version in force when it started, and settled at once: the hold is
//    released and the payable taken gift first, then cash; what the wallet cannot cover
//    is the order's debt. When the vehicle leaves (the connector is free again) the idle
//    fee is added and charged the same way.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "server/billing/bill.hpp"
#include "server/billing/tariff.hpp"
#include "server/billing/time_zone.hpp"
#include "server/bus/bus.hpp"
#include "server/commands/command_issuer.hpp"
#include "server/core/clock.hpp"
#include "server/drivers/driver.hpp"
#include "server/orders/order.hpp"
#include "server/store/driver_store.hpp"
#include "server/store/order_store.hpp"
#include "server/store/store.hpp"
#include "server/store/tariff_store.hpp"
#include "server/store/wallet_store.hpp"

namespace ct::orders {

struct OrderStores {
  store::Store& core;
  store::TariffStore& tariffs;
  store::OrderStore& orders;
  store::DriverStore& drivers;
  store::WalletStore& wallets;
};

enum class OrderErrorCode {
  NotFound,             // no such order / pile / connector for this tenant or driver
  Conflict,             // the connector or order is not in a state that allows it
  PileOffline,          // the charger is not connected
  NoTariff,             // nothing prices this pile
  InsufficientBalance,  // below the tenant's minimum start balance
  UnpaidOrder,          // the driver owes money from an earlier order
  Invalid,              // a bad argument (reason missing, ...)
};

struct OrderError {
  OrderErrorCode code = OrderErrorCode::Invalid;
  std::string message;
};

template <class T>
using OrderResult = std::variant<T, OrderError>;

// What a driver's app shows of a running order.
struct LiveOrder {
  Order order;
  std::optional<billing::Bill> bill;  // the exact bill so far (charging) or the final one
  std::optional<std::int64_t> power_w;
  std::optional<std::int64_t> soc_permille;  // state of charge in 0.1 %, when reported
  std::int64_t elapsed_ms = 0;
};

class OrderService {
 public:
  OrderService(OrderStores stores, bus::Bus& bus, commands::CommandIssuer& commands,
               const core::Clock& clock);
  ~OrderService();
  OrderService(const OrderService&) = delete;
  OrderService& operator=(const OrderService&) = delete;

  // Handles the queued events and due timers; returns the number of events handled.
  std::size_t pump();
  bool has_pending() const;
  // Called once at start-up (the store says every pile is offline): orders left charging
  // by a previous run are abnormal until their charger reports again.
  void recover_after_restart();

  // ---- the driver's app ----
  OrderResult<Order> start_for_driver(const core::TenantScope& s, const drivers::Driver& driver,
                                      Id pile_id, int connector_id);
  OrderResult<Order> stop_for_driver(const core::TenantScope& s, Id driver_id, Id order_id);
  // Pays an order's debt from the wallet as far as it goes.
  OrderResult<Order> pay_debt(const core::TenantScope& s, Id driver_id, Id order_id);
  // Pays every debt of the driver, oldest first, as far as the wallet goes (after a
  // recharge). Returns the orders that changed.
  std::vector<Order> pay_debts(const core::TenantScope& s, Id driver_id);
  OrderResult<LiveOrder> live(const core::TenantScope& s, Id order_id);

  // ---- operators ----
  OrderResult<Order> operator_stop(const core::TenantScope& s, Id order_id,
                                   const std::string& actor);
  // Closes an abnormal order by hand: billed up to its last meter reading.
  OrderResult<Order> operator_close(const core::TenantScope& s, Id order_id,
                                    const std::string& reason, const std::string& actor);
  OrderResult<Order> refund(const core::TenantScope& s, Id order_id, const std::string& reason,
                            const std::string& actor);

  // Counters for metrics and tests.
  struct Stats {
    std::int64_t events = 0;
    std::int64_t orders_created = 0;
    std::int64_t settled = 0;
    std::int64_t balance_stops = 0;
    std::int64_t start_timeouts = 0;
  };
  Stats stats() const;

 private:
  struct Progress {  // per charging order, in memory: what the next sample is priced from
    UtcMillis last_at = 0;
    std::int64_t last_register_wh = 0;
    std::int64_t last_interval_fen = 0;        // what the last interval cost (the stop margin)
    std::optional<UtcMillis> suspended_since;  // SuspendedEV since (server time)
    std::optional<std::int64_t> power_w;
    std::optional<billing::TariffVersion> version;  // what the order is billed with
    std::optional<billing::TimeZone> zone;          // of its station
    UtcMillis saved_at = 0;      // server time the running figures were last written
    std::int64_t energy_wh = 0;  // running figures of the order (the row lags behind)
    std::int64_t amount_e4 = 0;
  };

  void enqueue(const ct::events::Event& e);
  void handle(const ct::events::Event& e);
  void check_timers(UtcMillis now);

  void on_transaction_started(const ct::events::Event& e);
  void on_meter_sampled(const ct::events::Event& e);
  void on_transaction_stopped(const ct::events::Event& e);
  void on_disconnected(const ct::events::Event& e);
  void on_status(const ct::events::Event& e);
  void on_command(const ct::events::Event& e);

  // Applies `event` through the transition table; false (order unchanged) when refused.
  bool move(Order& o, OrderEvent event, const std::string& actor, const std::string& detail = {});
  void save(Order& o, const std::string& event);
  void publish(const Order& o, const std::string& event);

  std::optional<Order> revivable_start(const core::Pile& pile, int connector,
                                       const std::string& id_tag, UtcMillis now);
  Progress& progress_of(Order& o);
  void price_increment(Order& o, Progress& p, UtcMillis at, std::int64_t register_wh);
  void apply_progress(Order& o, const Progress& p);
  void hold_running_amount(Order& o, Progress& p);
  void finish(Order& o, std::int64_t meter_stop_wh, UtcMillis stopped_at, UtcMillis server_at,
              const std::string& reason, OrderEvent event, const std::string& actor,
              const std::string& detail);
  void bill(Order& o);
  void check_charger_bill(Order& o, const billing::Bill& b);
  void settle(Order& o);
  void charge_extra(Order& o, std::int64_t extra_fen, const std::string& why);
  bool request_stop(Order& o, const std::string& reason, const std::string& actor);
  std::optional<billing::TariffVersion> version_in_force(const core::TenantScope& s, Id tariff_id,
                                                         UtcMillis at, Id* version_id);

  OrderStores stores_;
  bus::Bus& bus_;
  commands::CommandIssuer& commands_;
  const core::Clock& clock_;
  bus::SubscriptionId subscription_ = 0;

  mutable std::mutex inbox_mu_;
  std::deque<ct::events::Event> inbox_;

  mutable std::mutex mu_;  // everything below, and every order change
  std::map<Id, Progress> progress_;
  UtcMillis next_timer_check_ = 0;
  Stats stats_;
};

const char* to_string(OrderErrorCode c);

}  // namespace ct::orders
