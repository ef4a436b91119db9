// SqlStore: the Store written once over the SqlConnection seam (factories for SQLite are in
// sqlite_store.hpp).
//
// Semantics worth knowing (see also store.hpp):
//   * Tenant isolation: every TenantScope method filters by scope.tenant_id(); a row of
//     another tenant behaves exactly like a missing row (nullopt / false / not listed).
//     Writes always take tenant_id from the scope, never from the passed entity.
//   * A pile's station must belong to the pile's tenant (composite foreign key):
//     create_pile/update_pile with a foreign or missing station throw StoreError,
//     bind_pile returns false.
//   * Deleting a pile deletes its connectors only. Transactions, meter samples, status
//     events, commands and charger messages are history and are kept (still tenant
//     scoped, still readable by their own ids).
//   * Booleans are INTEGER 0/1 columns; money, energy, power, coordinates (e6) and time
//     (UTC ms) are BIGINT. No REAL columns.
//   * Ids are assigned by the database (AUTOINCREMENT / BIGSERIAL): start at 1, strictly
//     increasing, never reused, also across restarts and after deletes.
//   * Timestamps: created_at/updated_at come from the passed entity; a 0 means "now" by the
//     store's clock (SystemClock unless one is given). Updates set updated_at likewise.
//   * Ordering: tenants, stations, piles, id tags by id ascending; transactions by
//     started_at descending; status history and commands newest first; meter samples by
//     timestamp ascending.
//   * Text search (q) is a case-insensitive substring match (LOWER(..) LIKE, with %, _ and
//     \ escaped). Case folding of non-ASCII text differs between SQLite and PostgreSQL.
//   * id_tag matching is exact (case-sensitive).
//   * Binding an unbound pile moves what it reported while unbound (tenant 0: connectors,
//     status events, charger messages, ...) to the new tenant.
//   * Gateway writes: apply_status and set_connector_transaction(…, id) throw StoreError
//     for an unknown pile; the other per-pile setters and update_command are no-ops for
//     unknown ids. record_boot keeps vendor/model when the charger sends them empty.
//   * stop_transaction stores reason "Local" when none is given.
//   * Thread safety: one connection guarded by a recursive mutex; in_transaction holds it
//     for the whole function, so other threads wait and the same thread may nest calls.
//     Nested in_transaction joins the outer transaction through a SAVEPOINT: an inner
//     failure that the outer function catches undoes only the inner part.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/core/clock.hpp"
#include "server/store/driver_store.hpp"
#include "server/store/order_store.hpp"
#include "server/store/sql_connection.hpp"
#include "server/store/sqlite_store.hpp"
#include "server/store/store.hpp"
#include "server/store/tariff_store.hpp"
#include "server/store/wallet_store.hpp"
#include "server/store/ykc_store.hpp"

namespace ct::store {

class SqlStore;

// The SQLite store with every interface it implements (the server's composition needs
// them all; open_sqlite_store gives the core Store only).
std::unique_ptr<SqlStore> open_sqlite_sql_store(const std::string& path, const core::Clock& clock);

class SqlStore final : public Store,
                       public TariffStore,
                       public OrderStore,
                       public DriverStore,
                       public WalletStore,
                       public YkcStore {
 public:
  // The connection must already be migrated (see migrate()). clock may be null
  // (SystemClock) and must otherwise outlive the store.
  explicit SqlStore(std::unique_ptr<SqlConnection> conn, const core::Clock* clock = nullptr);
  ~SqlStore() override;

  void in_transaction(const std::function<void()>& fn) override;

  std::optional<std::string> get_setting(const std::string& key) override;
  void put_setting(const std::string& key, const std::string& value) override;

  core::Tenant create_tenant(const core::Tenant& t) override;
  std::optional<core::Tenant> get_tenant(Id id) override;
  Page<core::Tenant> list_tenants(const PageRequest& page) override;
  bool update_tenant(const core::Tenant& t) override;

  core::ApiToken create_api_token(const core::ApiToken& t) override;
  std::optional<core::ApiToken> find_api_token_by_hash(const std::string& hash) override;
  std::vector<core::ApiToken> list_api_tokens(Id tenant_id) override;
  bool revoke_api_token(Id tenant_id, Id token_id) override;

  core::Station create_station(const TenantScope& s, const core::Station& st) override;
  std::optional<core::Station> get_station(const TenantScope& s, Id id) override;
  Page<core::Station> list_stations(const TenantScope& s, const StationFilter& f) override;
  bool update_station(const TenantScope& s, const core::Station& st) override;
  bool delete_station(const TenantScope& s, Id id) override;

  core::Pile create_pile(const TenantScope& s, const core::Pile& p) override;
  std::optional<core::Pile> get_pile(const TenantScope& s, Id id) override;
  Page<core::Pile> list_piles(const TenantScope& s, const PileFilter& f) override;
  bool update_pile(const TenantScope& s, const core::Pile& p) override;
  bool delete_pile(const TenantScope& s, Id id) override;

  Page<core::Pile> list_unbound_piles(const PageRequest& page) override;
  core::Pile create_unbound_pile(const std::string& charge_point_id, const BootInfo& info,
                                 UtcMillis at) override;
  bool bind_pile(const TenantScope& s, Id pile_id, Id station_id) override;

  std::optional<core::Pile> find_pile_by_charge_point_id(const std::string& cpid) override;
  std::optional<core::Pile> get_pile_by_id(Id pile_id) override;

  void record_boot(Id pile_id, const BootInfo& info, UtcMillis at) override;
  void touch_heartbeat(Id pile_id, UtcMillis at) override;
  void set_online(Id pile_id, bool online) override;
  void set_all_offline() override;
  void set_firmware_status(Id pile_id, const std::string& status) override;
  void set_diagnostics_status(Id pile_id, const std::string& status) override;
  void apply_status(const core::StatusEvent& ev) override;
  Page<core::StatusEvent> list_status_history(const TenantScope& s, Id pile_id,
                                              const PageRequest& page) override;
  void set_connector_transaction(Id pile_id, int connector_id,
                                 std::optional<std::int64_t> transaction_id) override;

  core::IdTag create_id_tag(const TenantScope& s, const core::IdTag& t) override;
  std::optional<core::IdTag> get_id_tag(const TenantScope& s, Id id) override;
  std::optional<core::IdTag> find_id_tag(const TenantScope& s, const std::string& id_tag) override;
  Page<core::IdTag> list_id_tags(const TenantScope& s, const IdTagFilter& f) override;
  bool update_id_tag(const TenantScope& s, const core::IdTag& t) override;
  bool delete_id_tag(const TenantScope& s, Id id) override;

  std::optional<core::Transaction> find_transaction_by_start(Id pile_id, int connector_id,
                                                             const std::string& id_tag,
                                                             std::int64_t meter_start_wh,
                                                             UtcMillis started_at) override;
  core::Transaction create_transaction(const core::Transaction& t) override;
  std::optional<core::Transaction> get_transaction(const TenantScope& s, std::int64_t id) override;
  std::optional<core::Transaction> get_transaction_of_pile(Id pile_id, std::int64_t id) override;
  std::optional<core::Transaction> active_transaction_on(Id pile_id, int connector_id) override;
  std::int64_t count_active_transactions_for_tag(const TenantScope& s,
                                                 const std::string& id_tag) override;
  bool stop_transaction(Id pile_id, std::int64_t id, const StopInfo& stop) override;
  Page<core::Transaction> list_transactions(const TenantScope& s,
                                            const TransactionFilter& f) override;
  void insert_meter_samples(const std::vector<core::MeterSample>& samples) override;
  std::vector<core::MeterSample> list_meter_samples(const TenantScope& s,
                                                    std::int64_t transaction_id) override;

  core::Command create_command(const core::Command& c) override;
  void update_command(const core::Command& c) override;
  std::optional<core::Command> get_command(const TenantScope& s, Id id) override;
  std::optional<core::Command> get_command_by_id(Id id) override;
  Page<core::Command> list_commands(const TenantScope& s, Id pile_id,
                                    const PageRequest& page) override;
  std::int64_t fail_unfinished_commands(UtcMillis at, const std::string& why) override;

  void insert_charger_message(const core::ChargerMessage& m) override;

  // --- TariffStore (sql_store_tariffs.cpp) ---
  Tariff create_tariff(const TenantScope& s, const Tariff& t) override;
  std::optional<Tariff> get_tariff(const TenantScope& s, Id id) override;
  Page<Tariff> list_tariffs(const TenantScope& s, const PageRequest& page) override;
  bool update_tariff(const TenantScope& s, const Tariff& t) override;
  bool delete_tariff(const TenantScope& s, Id id) override;
  TariffVersionRecord add_tariff_version(const TenantScope& s,
                                         const TariffVersionRecord& v) override;
  std::vector<TariffVersionRecord> list_tariff_versions(const TenantScope& s,
                                                        Id tariff_id) override;
  std::optional<TariffVersionRecord> get_tariff_version(const TenantScope& s,
                                                        Id version_id) override;
  bool delete_future_tariff_version(const TenantScope& s, Id version_id, UtcMillis now) override;
  void assign_tariff(const TenantScope& s, TariffTarget target, Id target_id,
                     std::optional<Id> tariff_id, UtcMillis at) override;
  std::optional<Id> assigned_tariff(const TenantScope& s, TariffTarget target,
                                    Id target_id) override;

  // --- OrderStore (sql_store_orders.cpp) ---
  orders::Order create_order(const orders::Order& o) override;
  void update_order(const orders::Order& o) override;
  std::optional<orders::Order> get_order(const TenantScope& s, Id id) override;
  std::optional<orders::Order> get_order_by_id(Id id) override;
  std::optional<orders::Order> find_order_by_transaction(std::int64_t transaction_id) override;
  std::optional<orders::Order> order_holding(Id pile_id, int connector_id) override;
  std::vector<orders::Order> orders_in_states(const std::vector<std::string>& states,
                                              std::int64_t limit) override;
  std::vector<orders::Order> pile_orders_in_states(Id pile_id,
                                                   const std::vector<std::string>& states) override;
  std::optional<orders::Order> awaiting_unplug(Id pile_id, int connector_id) override;
  Page<orders::Order> list_orders(const TenantScope& s, const OrderFilter& f) override;
  void add_order_event(const orders::OrderEventRecord& e) override;
  std::vector<orders::OrderEventRecord> list_order_events(const TenantScope& s,
                                                          Id order_id) override;

  // --- DriverStore (sql_store_drivers.cpp) ---
  drivers::Driver create_driver(const TenantScope& s, const drivers::Driver& d) override;
  std::optional<drivers::Driver> get_driver(const TenantScope& s, Id id) override;
  std::optional<drivers::Driver> find_driver_by_phone(const TenantScope& s,
                                                      const std::string& phone) override;
  std::optional<drivers::Driver> find_driver_by_id_tag(const TenantScope& s,
                                                       const std::string& id_tag) override;
  Page<drivers::Driver> list_drivers(const TenantScope& s, const std::string& q,
                                     const PageRequest& page) override;
  bool update_driver(const TenantScope& s, const drivers::Driver& d) override;
  drivers::Vehicle add_vehicle(const TenantScope& s, const drivers::Vehicle& v) override;
  std::vector<drivers::Vehicle> list_vehicles(const TenantScope& s, Id driver_id) override;
  bool delete_vehicle(const TenantScope& s, Id driver_id, Id vehicle_id) override;
  std::optional<drivers::Vehicle> find_vehicle_by_vin(const TenantScope& s,
                                                      const std::string& vin) override;
  void add_favourite(const TenantScope& s, Id driver_id, Id station_id, UtcMillis at) override;
  bool remove_favourite(const TenantScope& s, Id driver_id, Id station_id) override;
  std::vector<Id> list_favourites(const TenantScope& s, Id driver_id) override;
  drivers::SmsCode create_sms_code(const TenantScope& s, const drivers::SmsCode& c) override;
  std::optional<drivers::SmsCode> latest_sms_code(const TenantScope& s,
                                                  const std::string& phone) override;
  std::int64_t count_sms_codes_since(const TenantScope& s, const std::string& phone,
                                     UtcMillis since) override;
  void update_sms_code(const drivers::SmsCode& c) override;
  drivers::RefreshToken create_refresh_token(const drivers::RefreshToken& t) override;
  std::optional<drivers::RefreshToken> find_refresh_token(const std::string& hash) override;
  bool revoke_refresh_token(Id id) override;
  void revoke_driver_refresh_tokens(Id driver_id) override;

  // --- WalletStore (sql_store_wallets.cpp) ---
  WalletRow get_wallet(const TenantScope& s, Id driver_id) override;
  bool post_entries(const TenantScope& s, Id driver_id, const std::vector<wallet::Entry>& entries,
                    UtcMillis at) override;
  Page<wallet::JournalRecord> list_journal(const TenantScope& s, Id driver_id,
                                           const PageRequest& page) override;
  LedgerCheck verify_ledger() override;
  wallet::Payment create_payment(const wallet::Payment& p) override;
  void update_payment(const wallet::Payment& p) override;
  std::optional<wallet::Payment> get_payment(const TenantScope& s, Id id) override;
  std::optional<wallet::Payment> find_payment_by_provider_order(
      const std::string& provider, const std::string& provider_order_id) override;
  Page<wallet::Payment> list_payments(const TenantScope& s, std::optional<Id> driver_id,
                                      const PageRequest& page) override;
  wallet::RefundRequest create_refund_request(const wallet::RefundRequest& r) override;
  void update_refund_request(const wallet::RefundRequest& r) override;
  std::optional<wallet::RefundRequest> get_refund_request(const TenantScope& s, Id id) override;
  Page<wallet::RefundRequest> list_refund_requests(const TenantScope& s, const std::string& status,
                                                   std::optional<Id> driver_id,
                                                   const PageRequest& page) override;
  wallet::TenantPolicy get_tenant_policy(const TenantScope& s) override;
  void put_tenant_policy(const TenantScope& s, const wallet::TenantPolicy& p) override;

  // --- YkcStore (sql_store_ykc.cpp) ---
  YkcSessionRow create_ykc_session(const YkcSessionRow& row) override;
  void update_ykc_session(const YkcSessionRow& row) override;
  std::optional<YkcSessionRow> find_ykc_session(Id pile_id, const std::string& serial) override;
  std::optional<YkcSessionRow> ykc_session_of_transaction(std::int64_t transaction_id) override;
  std::vector<YkcSessionRow> ykc_sessions_in_state(Id pile_id, const std::string& state) override;

  class Query;  // a cached prepared statement in use (implementation detail)

 private:
  struct CachedStatement {
    std::unique_ptr<SqlStatement> stmt;
    bool busy = false;
  };

  template <class F>
  auto tx(F&& fn) -> decltype(fn());
  void begin_level();
  void commit_level();
  void rollback_level() noexcept;
  UtcMillis now_or(UtcMillis v) const;

  void load_connectors(core::Pile& p);
  void write_connectors(Id pile_id, Id tenant_id, const std::vector<core::Connector>& cs);
  std::optional<Id> pile_tenant(Id pile_id);

  std::recursive_mutex mu_;
  std::unique_ptr<SqlConnection> conn_;
  std::unordered_map<std::string, CachedStatement> cache_;
  int depth_ = 0;
  core::SystemClock system_clock_;
  const core::Clock* clock_;

  friend class Query;
};

}  // namespace ct::store
