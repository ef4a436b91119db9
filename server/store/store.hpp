// The Store seam: everything the CSMS persists goes through this interface, so the
// core and API never see SQL. SqliteStore is the embedded implementation; a
// PostgreSQL driver implements the same interface with the same SQL.
//
// Error model: methods return std::optional / bool for expected absence; a unique
// violation throws ConflictError (the API maps it to 409); any other database failure
// throws StoreError (the operation ends, state is unchanged).
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/core/model.hpp"

namespace ct::store {

using core::Id;
using core::TenantScope;
using core::UtcMillis;

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ConflictError : public StoreError {
 public:
  using StoreError::StoreError;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

struct PageRequest {
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

struct StationFilter {
  std::string q;  // substring of name or address
  PageRequest page;
};

struct PileFilter {
  std::optional<Id> station_id;
  std::string status;          // connector-0 status, exact
  std::optional<bool> online;  // socket up
  std::string q;               // substring of chargePointId, name, vendor or model
  PageRequest page;
};

struct IdTagFilter {
  std::string q;       // substring of idTag or holder
  std::string status;  // exact
  PageRequest page;
};

struct TransactionFilter {
  std::optional<Id> pile_id;
  std::optional<Id> station_id;
  std::string id_tag;
  std::string state;              // "active" or "stopped"
  std::optional<UtcMillis> from;  // started_at >= from
  std::optional<UtcMillis> to;    // started_at < to
  PageRequest page;
};

// Fields from BootNotification.
struct BootInfo {
  std::string vendor;
  std::string model;
  std::string serial_number;
  std::string firmware_version;
  std::string iccid;
  std::string imsi;
  std::string meter_type;
  std::string meter_serial_number;
  std::string protocol;  // create_unbound_pile: "ykc1.6" for a YKC pile; empty: ocpp1.6
};

struct StopInfo {
  std::int64_t meter_stop_wh = 0;
  UtcMillis stopped_at = 0;
  std::string reason;
  std::string id_tag;
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs fn inside one database transaction; rolls back if fn throws.
  virtual void in_transaction(const std::function<void()>& fn) = 0;

  // Key/value settings for the platform (e.g. the bootstrap token hash).
  virtual std::optional<std::string> get_setting(const std::string& key) = 0;
  virtual void put_setting(const std::string& key, const std::string& value) = 0;

  // --- Platform: tenants and API tokens --------------------------------------
  virtual core::Tenant create_tenant(const core::Tenant& t) = 0;  // name unique
  virtual std::optional<core::Tenant> get_tenant(Id id) = 0;
  virtual Page<core::Tenant> list_tenants(const PageRequest& page) = 0;
  virtual bool update_tenant(const core::Tenant& t) = 0;  // false: no such tenant

  virtual core::ApiToken create_api_token(const core::ApiToken& t) = 0;
  virtual std::optional<core::ApiToken> find_api_token_by_hash(const std::string& hash) = 0;
  virtual std::vector<core::ApiToken> list_api_tokens(Id tenant_id) = 0;
  virtual bool revoke_api_token(Id tenant_id, Id token_id) = 0;

  // --- Stations ----------------------------------------------------------------
  virtual core::Station create_station(const TenantScope& s, const core::Station& st) = 0;
  virtual std::optional<core::Station> get_station(const TenantScope& s, Id id) = 0;
  virtual Page<core::Station> list_stations(const TenantScope& s, const StationFilter& f) = 0;
  virtual bool update_station(const TenantScope& s, const core::Station& st) = 0;
  // Throws ConflictError while piles are attached.
  virtual bool delete_station(const TenantScope& s, Id id) = 0;

  // --- Piles and connectors ----------------------------------------------------
  // chargePointId is unique across the platform: duplicates throw ConflictError.
  virtual core::Pile create_pile(const TenantScope& s, const core::Pile& p) = 0;
  virtual std::optional<core::Pile> get_pile(const TenantScope& s, Id id) = 0;
  virtual Page<core::Pile> list_piles(const TenantScope& s, const PileFilter& f) = 0;
  // Updates static attributes (name, vendor, model, type, power, protocol, enabled,
  // password_hash, station_id, connectors' max power/type; adds/removes connectors).
  virtual bool update_pile(const TenantScope& s, const core::Pile& p) = 0;
  virtual bool delete_pile(const TenantScope& s, Id id) = 0;

  // Unbound piles: recorded when an unknown charger boots (tenant 0, no station).
  virtual Page<core::Pile> list_unbound_piles(const PageRequest& page) = 0;
  virtual core::Pile create_unbound_pile(const std::string& charge_point_id, const BootInfo& info,
                                         UtcMillis at) = 0;
  // Claims an unbound pile for a tenant's station; false if not unbound or not found.
  virtual bool bind_pile(const TenantScope& s, Id pile_id, Id station_id) = 0;

  // Gateway lookups: the charger only knows its own id. The returned row carries its
  // tenant_id, from which the gateway builds the scope for everything after.
  virtual std::optional<core::Pile> find_pile_by_charge_point_id(const std::string& cpid) = 0;
  virtual std::optional<core::Pile> get_pile_by_id(Id pile_id) = 0;

  virtual void record_boot(Id pile_id, const BootInfo& info, UtcMillis at) = 0;
  virtual void touch_heartbeat(Id pile_id, UtcMillis at) = 0;
  virtual void set_online(Id pile_id, bool online) = 0;
  virtual void set_all_offline() = 0;
  virtual void set_firmware_status(Id pile_id, const std::string& status) = 0;
  virtual void set_diagnostics_status(Id pile_id, const std::string& status) = 0;
  // Applies a StatusNotification: updates the pile (connector 0) or the connector
  // (creating it if the charger reports one we did not know) and appends history.
  virtual void apply_status(const core::StatusEvent& ev) = 0;
  virtual Page<core::StatusEvent> list_status_history(const TenantScope& s, Id pile_id,
                                                      const PageRequest& page) = 0;
  virtual void set_connector_transaction(Id pile_id, int connector_id,
                                         std::optional<std::int64_t> transaction_id) = 0;

  // --- Id tags -------------------------------------------------------------------
  virtual core::IdTag create_id_tag(const TenantScope& s,
                                    const core::IdTag& t) = 0;  // unique per tenant
  virtual std::optional<core::IdTag> get_id_tag(const TenantScope& s, Id id) = 0;
  virtual std::optional<core::IdTag> find_id_tag(const TenantScope& s,
                                                 const std::string& id_tag) = 0;
  virtual Page<core::IdTag> list_id_tags(const TenantScope& s, const IdTagFilter& f) = 0;
  virtual bool update_id_tag(const TenantScope& s, const core::IdTag& t) = 0;
  virtual bool delete_id_tag(const TenantScope& s, Id id) = 0;

  // --- Transactions and meter samples -------------------------------------------
  // Content key of a StartTransaction, used to answer a resend with the same id.
  virtual std::optional<core::Transaction> find_transaction_by_start(Id pile_id, int connector_id,
                                                                     const std::string& id_tag,
                                                                     std::int64_t meter_start_wh,
                                                                     UtcMillis started_at) = 0;
  virtual core::Transaction create_transaction(const core::Transaction& t) = 0;  // assigns id
  virtual std::optional<core::Transaction> get_transaction(const TenantScope& s,
                                                           std::int64_t id) = 0;
  virtual std::optional<core::Transaction> get_transaction_of_pile(Id pile_id, std::int64_t id) = 0;
  virtual std::optional<core::Transaction> active_transaction_on(Id pile_id, int connector_id) = 0;
  virtual std::int64_t count_active_transactions_for_tag(const TenantScope& s,
                                                         const std::string& id_tag) = 0;
  // false when the transaction was already stopped (the resend is then a no-op).
  virtual bool stop_transaction(Id pile_id, std::int64_t id, const StopInfo& stop) = 0;
  virtual Page<core::Transaction> list_transactions(const TenantScope& s,
                                                    const TransactionFilter& f) = 0;
  virtual void insert_meter_samples(const std::vector<core::MeterSample>& samples) = 0;
  virtual std::vector<core::MeterSample> list_meter_samples(const TenantScope& s,
                                                            std::int64_t transaction_id) = 0;

  // --- Commands and charger messages --------------------------------------------
  virtual core::Command create_command(const core::Command& c) = 0;  // assigns id
  virtual void update_command(const core::Command& c) = 0;
  virtual std::optional<core::Command> get_command(const TenantScope& s, Id id) = 0;
  // Gateway lookup: a charger's answer names only the command id it was sent with.
  virtual std::optional<core::Command> get_command_by_id(Id id) = 0;
  virtual Page<core::Command> list_commands(const TenantScope& s, Id pile_id,
                                            const PageRequest& page) = 0;
  // Commands left pending/sent by a previous run (marked failed at start-up).
  virtual std::int64_t fail_unfinished_commands(UtcMillis at, const std::string& why) = 0;

  virtual void insert_charger_message(const core::ChargerMessage& m) = 0;
};

}  // namespace ct::store
