// Orders and their audit trail. Tenant scoped like the rest of the Store; same error
// model (store.hpp). The order service is the only writer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/orders/order.hpp"
#include "server/store/store.hpp"

namespace ct::store {

struct OrderFilter {
  std::optional<Id> station_id;
  std::optional<Id> pile_id;
  std::optional<Id> driver_id;
  std::string state;              // exact state name; empty = any
  std::optional<UtcMillis> from;  // created_at >= from
  std::optional<UtcMillis> to;    // created_at < to
  bool unpaid_only = false;       // debt_fen > 0
  PageRequest page;
};

class OrderStore {
 public:
  virtual ~OrderStore() = default;

  // Assigns id and order_no. Throws ConflictError when another order holds the
  // connector (the orders_connector_busy constraint).
  virtual orders::Order create_order(const orders::Order& o) = 0;
  // Writes every mutable field (state, money, times, ...). Throws ConflictError as above.
  virtual void update_order(const orders::Order& o) = 0;
  virtual std::optional<orders::Order> get_order(const TenantScope& s, Id id) = 0;
  virtual std::optional<orders::Order> get_order_by_id(Id id) = 0;  // gateway side
  virtual std::optional<orders::Order> find_order_by_transaction(std::int64_t transaction_id) = 0;
  // The order holding the connector, if any.
  virtual std::optional<orders::Order> order_holding(Id pile_id, int connector_id) = 0;
  // Orders in one of the given states (the service's timers and restarts), oldest first.
  virtual std::vector<orders::Order> orders_in_states(const std::vector<std::string>& states,
                                                      std::int64_t limit) = 0;
  // Orders of one pile in one of the given states.
  virtual std::vector<orders::Order> pile_orders_in_states(
      Id pile_id, const std::vector<std::string>& states) = 0;
  // The newest stopped order of the connector whose vehicle has not left yet (idle fee).
  virtual std::optional<orders::Order> awaiting_unplug(Id pile_id, int connector_id) = 0;
  // Newest first.
  virtual Page<orders::Order> list_orders(const TenantScope& s, const OrderFilter& f) = 0;

  virtual void add_order_event(const orders::OrderEventRecord& e) = 0;
  virtual std::vector<orders::OrderEventRecord> list_order_events(const TenantScope& s,
                                                                  Id order_id) = 0;
};

}  // namespace ct::store
