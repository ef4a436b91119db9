// Fixture for store tests: a fresh SQLite database FILE in a unique temp directory
// (removed afterwards), a ManualClock, and helpers to build rows.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "server/core/clock.hpp"
#include "server/store/sql_store.hpp"
#include "server/store/sqlite_connection.hpp"

namespace ct::test {

using core::TenantScope;

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("ct_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
             std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class StoreTest : public ::testing::Test {
 protected:
  using Id = core::Id;

  StoreTest() : db_path_((dir_.path() / "ct.db").string()) { open(); }

  void open() { store_ = store::open_sqlite_store(db_path_, clock_); }
  void reopen() {
    store_.reset();
    open();
  }
  store::Store& s() { return *store_; }

  // A second, raw connection to the same file, for checks the interface cannot make.
  std::int64_t scalar(const std::string& sql) {
    store::SqliteConnection raw(db_path_);
    auto st = raw.prepare(sql);
    EXPECT_TRUE(st->step()) << sql;
    return st->column_int64(0);
  }

  core::Tenant tenant(const std::string& name) {
    core::Tenant t;
    t.name = name;
    return s().create_tenant(t);
  }
  core::Station station(Id tenant_id, const std::string& name = "Depot") {
    core::Station st;
    st.name = name;
    return s().create_station(TenantScope::of(tenant_id), st);
  }
  core::Pile pile(Id tenant_id, std::optional<Id> station_id, const std::string& cpid,
                  int connectors = 2) {
    core::Pile p;
    p.station_id = station_id;
    p.charge_point_id = cpid;
    p.name = "Pile " + cpid;
    for (int i = 1; i <= connectors; ++i) {
      core::Connector c;
      c.connector_id = i;
      c.max_power_w = 7000 * i;
      c.type = "Type2";
      p.connectors.push_back(c);
    }
    return s().create_pile(TenantScope::of(tenant_id), p);
  }
  core::IdTag tag(Id tenant_id, const std::string& id_tag, const std::string& holder = "") {
    core::IdTag t;
    t.id_tag = id_tag;
    t.holder = holder;
    return s().create_id_tag(TenantScope::of(tenant_id), t);
  }
  core::Transaction start(const core::Pile& p, int connector, const std::string& id_tag,
                          std::int64_t meter_start = 1000, core::UtcMillis at = 1'700'000'100'000) {
    core::Transaction t;
    t.tenant_id = p.tenant_id;
    t.pile_id = p.id;
    t.charge_point_id = p.charge_point_id;
    t.connector_id = connector;
    t.id_tag = id_tag;
    t.meter_start_wh = meter_start;
    t.started_at = at;
    return s().create_transaction(t);
  }

  TempDir dir_;
  std::string db_path_;
  core::ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<store::Store> store_;
};

}  // namespace ct::test
