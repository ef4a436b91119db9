// Test double: a Store that forwards to a real one, can be told to fail chosen methods
// with StoreError ("*" fails all), and records the meter samples and charger messages written
// through it. Generated from server/store/store.hpp; regenerate when the interface changes.
#pragma once

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace ct::test {

using namespace ct::store;  // NOLINT: mirrors the interface's own spelling

class FaultyStore final : public Store {
 public:
  explicit FaultyStore(Store& inner) : inner_(inner) {}

  std::set<std::string> fail;   // method names that throw StoreError; "*" for all
  std::set<std::string> crash;  // method names that throw std::logic_error (a bug)
  std::vector<core::MeterSample> inserted_samples;
  std::vector<core::ChargerMessage> charger_messages;

  void in_transaction(const std::function<void()>& fn) override {
    check("in_transaction");
    inner_.in_transaction(fn);
  }
  std::optional<std::string> get_setting(const std::string& key) override {
    check("get_setting");
    return inner_.get_setting(key);
  }
  void put_setting(const std::string& key, const std::string& value) override {
    check("put_setting");
    inner_.put_setting(key, value);
  }
  core::Tenant create_tenant(const core::Tenant& t) override {
    check("create_tenant");
    return inner_.create_tenant(t);
  }
  std::optional<core::Tenant> get_tenant(Id id) override {
    check("get_tenant");
    return inner_.get_tenant(id);
  }
  Page<core::Tenant> list_tenants(const PageRequest& page) override {
    check("list_tenants");
    return inner_.list_tenants(page);
  }
  bool update_tenant(const core::Tenant& t) override {
    check("update_tenant");
    return inner_.update_tenant(t);
  }
  core::ApiToken create_api_token(const core::ApiToken& t) override {
    check("create_api_token");
    return inner_.create_api_token(t);
  }
  std::optional<core::ApiToken> find_api_token_by_hash(const std::string& hash) override {
    check("find_api_token_by_hash");
    return inner_.find_api_token_by_hash(hash);
  }
  std::vector<core::ApiToken> list_api_tokens(Id tenant_id) override {
    check("list_api_tokens");
    return inner_.list_api_tokens(tenant_id);
  }
  bool revoke_api_token(Id tenant_id, Id token_id) override {
    check("revoke_api_token");
    return inner_.revoke_api_token(tenant_id, token_id);
  }
  core::Station create_station(const TenantScope& s, const core::Station& st) override {
    check("create_station");
    return inner_.create_station(s, st);
  }
  std::optional<core::Station> get_station(const TenantScope& s, Id id) override {
    check("get_station");
    return inner_.get_station(s, id);
  }
  Page<core::Station> list_stations(const TenantScope& s, const StationFilter& f) override {
    check("list_stations");
    return inner_.list_stations(s, f);
  }
  bool update_station(const TenantScope& s, const core::Station& st) override {
    check("update_station");
    return inner_.update_station(s, st);
  }
  bool delete_station(const TenantScope& s, Id id) override {
    check("delete_station");
    return inner_.delete_station(s, id);
  }
  core::Pile create_pile(const TenantScope& s, const core::Pile& p) override {
    check("create_pile");
    return inner_.create_pile(s, p);
  }
  std::optional<core::Pile> get_pile(const TenantScope& s, Id id) override {
    check("get_pile");
    return inner_.get_pile(s, id);
  }
  Page<core::Pile> list_piles(const TenantScope& s, const PileFilter& f) override {
    check("list_piles");
    return inner_.list_piles(s, f);
  }
  bool update_pile(const TenantScope& s, const core::Pile& p) override {
    check("update_pile");
    return inner_.update_pile(s, p);
  }
  bool delete_pile(const TenantScope& s, Id id) override {
    check("delete_pile");
    return inner_.delete_pile(s, id);
  }
  Page<core::Pile> list_unbound_piles(const PageRequest& page) override {
    check("list_unbound_piles");
    return inner_.list_unbound_piles(page);
  }
  core::Pile create_unbound_pile(const std::string& charge_point_id, const BootInfo& info,
                                 UtcMillis at) override {
    check("create_unbound_pile");
    return inner_.create_unbound_pile(charge_point_id, info, at);
  }
  bool bind_pile(const TenantScope& s, Id pile_id, Id station_id) override {
    check("bind_pile");
    return inner_.bind_pile(s, pile_id, station_id);
  }
  std::optional<core::Pile> find_pile_by_charge_point_id(const std::string& cpid) override {
    check("find_pile_by_charge_point_id");
    return inner_.find_pile_by_charge_point_id(cpid);
  }
  std::optional<core::Pile> get_pile_by_id(Id pile_id) override {
    check("get_pile_by_id");
    return inner_.get_pile_by_id(pile_id);
  }
  void record_boot(Id pile_id, const BootInfo& info, UtcMillis at) override {
    check("record_boot");
    inner_.record_boot(pile_id, info, at);
  }
  void touch_heartbeat(Id pile_id, UtcMillis at) override {
    check("touch_heartbeat");
    inner_.touch_heartbeat(pile_id, at);
  }
  void set_online(Id pile_id, bool online) override {
    check("set_online");
    inner_.set_online(pile_id, online);
  }
  void set_all_offline() override {
    check("set_all_offline");
    inner_.set_all_offline();
  }
  void set_firmware_status(Id pile_id, const std::string& status) override {
    check("set_firmware_status");
    inner_.set_firmware_status(pile_id, status);
  }
  void set_diagnostics_status(Id pile_id, const std::string& status) override {
    check("set_diagnostics_status");
    inner_.set_diagnostics_status(pile_id, status);
  }
  void apply_status(const core::StatusEvent& ev) override {
    check("apply_status");
    inner_.apply_status(ev);
  }
  Page<core::StatusEvent> list_status_history(const TenantScope& s, Id pile_id,
                                              const PageRequest& page) override {
    check("list_status_history");
    return inner_.list_status_history(s, pile_id, page);
  }
  void set_connector_transaction(Id pile_id, int connector_id,
                                 std::optional<std::int64_t> transaction_id) override {
    check("set_connector_transaction");
    inner_.set_connector_transaction(pile_id, connector_id, transaction_id);
  }
  core::IdTag create_id_tag(const TenantScope& s, const core::IdTag& t) override {
    check("create_id_tag");
    return inner_.create_id_tag(s, t);
  }
  std::optional<core::IdTag> get_id_tag(const TenantScope& s, Id id) override {
    check("get_id_tag");
    return inner_.get_id_tag(s, id);
  }
  std::optional<core::IdTag> find_id_tag(const TenantScope& s, const std::string& id_tag) override {
    check("find_id_tag");
    return inner_.find_id_tag(s, id_tag);
  }
  Page<core::IdTag> list_id_tags(const TenantScope& s, const IdTagFilter& f) override {
    check("list_id_tags");
    return inner_.list_id_tags(s, f);
  }
  bool update_id_tag(const TenantScope& s, const core::IdTag& t) override {
    check("update_id_tag");
    return inner_.update_id_tag(s, t);
  }
  bool delete_id_tag(const TenantScope& s, Id id) override {
    check("delete_id_tag");
    return inner_.delete_id_tag(s, id);
  }
  std::optional<core::Transaction> find_transaction_by_start(Id pile_id, int connector_id,
                                                             const std::string& id_tag,
                                                             std::int64_t meter_start_wh,
                                                             UtcMillis started_at) override {
    check("find_transaction_by_start");
    return inner_.find_transaction_by_start(pile_id, connector_id, id_tag, meter_start_wh,
                                            started_at);
  }
  core::Transaction create_transaction(const core::Transaction& t) override {
    check("create_transaction");
    return inner_.create_transaction(t);
  }
  std::optional<core::Transaction> get_transaction(const TenantScope& s, std::int64_t id) override {
    check("get_transaction");
    return inner_.get_transaction(s, id);
  }
  std::optional<core::Transaction> get_transaction_of_pile(Id pile_id, std::int64_t id) override {
    check("get_transaction_of_pile");
    return inner_.get_transaction_of_pile(pile_id, id);
  }
  std::optional<core::Transaction> active_transaction_on(Id pile_id, int connector_id) override {
    check("active_transaction_on");
    return inner_.active_transaction_on(pile_id, connector_id);
  }
  std::int64_t count_active_transactions_for_tag(const TenantScope& s,
                                                 const std::string& id_tag) override {
    check("count_active_transactions_for_tag");
    return inner_.count_active_transactions_for_tag(s, id_tag);
  }
  bool stop_transaction(Id pile_id, std::int64_t id, const StopInfo& stop) override {
    check("stop_transaction");
    return inner_.stop_transaction(pile_id, id, stop);
  }
  Page<core::Transaction> list_transactions(const TenantScope& s,
                                            const TransactionFilter& f) override {
    check("list_transactions");
    return inner_.list_transactions(s, f);
  }
  void insert_meter_samples(const std::vector<core::MeterSample>& samples) override {
    check("insert_meter_samples");
    inserted_samples.insert(inserted_samples.end(), samples.begin(), samples.end());
    inner_.insert_meter_samples(samples);
  }
  std::vector<core::MeterSample> list_meter_samples(const TenantScope& s,
                                                    std::int64_t transaction_id) override {
    check("list_meter_samples");
    return inner_.list_meter_samples(s, transaction_id);
  }
  core::Command create_command(const core::Command& c) override {
    check("create_command");
    return inner_.create_command(c);
  }
  void update_command(const core::Command& c) override {
    check("update_command");
    inner_.update_command(c);
  }
  std::optional<core::Command> get_command_by_id(Id id) override {
    check("get_command_by_id");
    return inner_.get_command_by_id(id);
  }
  std::optional<core::Command> get_command(const TenantScope& s, Id id) override {
    check("get_command");
    return inner_.get_command(s, id);
  }
  Page<core::Command> list_commands(const TenantScope& s, Id pile_id,
                                    const PageRequest& page) override {
    check("list_commands");
    return inner_.list_commands(s, pile_id, page);
  }
  std::int64_t fail_unfinished_commands(UtcMillis at, const std::string& why) override {
    check("fail_unfinished_commands");
    return inner_.fail_unfinished_commands(at, why);
  }
  void insert_charger_message(const core::ChargerMessage& m) override {
    check("insert_charger_message");
    charger_messages.push_back(m);
    inner_.insert_charger_message(m);
  }

 private:
  void check(const char* name) const {
    if (crash.count(name)) throw std::logic_error(std::string("injected bug: ") + name);
    if (fail.count("*") || fail.count(name))
      throw StoreError(std::string("injected failure: ") + name);
  }
  Store& inner_;
};

}  // namespace ct::test
