#include "server/store/migrations.hpp"

#include <gtest/gtest.h>

#include "server/store/sqlite_connection.hpp"
#include "server/store/sqlite_store.hpp"
#include "tests/store/store_fixture.hpp"

namespace ct::test {
namespace {

using store::SqliteConnection;

std::int64_t scalar_on(store::SqlConnection& c, const std::string& sql) {
  auto st = c.prepare(sql);
  EXPECT_TRUE(st->step()) << sql;
  return st->column_int64(0);
}

TEST(Migrations, AreNumberedWithoutGapsAndUsePortableTypes) {
  const auto& all = store::migrations();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i) + 1);
    // Money, energy and time are integers; no SQLite-only syntax in the portable text.
    EXPECT_EQ(all[i].ddl.find("REAL"), std::string::npos) << all[i].name;
    EXPECT_EQ(all[i].ddl.find("AUTOINCREMENT"), std::string::npos) << all[i].name;
    EXPECT_EQ(all[i].ddl.find("DATETIME"), std::string::npos) << all[i].name;
  }
  EXPECT_EQ(store::latest_schema_version(), all.back().version);
}

TEST(Migrations, FreshFileMigratesToLatestAndIsIdempotent) {
  TempDir dir;
  std::string path = (dir.path() / "m.db").string();
  EXPECT_EQ(store::sqlite_schema_version(path), 0);  // no file yet
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(store::migrate_sqlite(path), store::latest_schema_version());
  EXPECT_EQ(store::sqlite_schema_version(path), store::latest_schema_version());
  EXPECT_EQ(store::migrate_sqlite(path), store::latest_schema_version());

  SqliteConnection c(path);
  EXPECT_EQ(scalar_on(c, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(store::migrations().size()));
  for (const char* table :
       {"settings", "tenants", "api_tokens", "stations", "piles", "connectors", "id_tags",
        "transactions", "meter_samples", "status_events", "commands", "charger_messages"}) {
    EXPECT_EQ(scalar_on(c, std::string("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                       "AND name = '") +
                               table + "'"),
              1)
        << table;
  }
  EXPECT_EQ(scalar_on(c,
                      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = "
                      "'transactions_start_key'"),
            1);
  EXPECT_EQ(scalar_on(c,
                      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = "
                      "'meter_samples_transaction'"),
            1);
}

TEST(Migrations, RefusesADatabaseNewerThanTheProgram) {
  TempDir dir;
  std::string path = (dir.path() / "m.db").string();
  store::migrate_sqlite(path);
  {
    SqliteConnection c(path);
    c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
  }
  EXPECT_THROW(store::migrate_sqlite(path), store::StoreError);
  EXPECT_THROW(store::open_sqlite_store(path), store::StoreError);
  EXPECT_EQ(store::sqlite_schema_version(path), 999);
}

TEST(Migrations, MemoryDatabaseWorks) {
  auto s = store::open_sqlite_store(":memory:");
  core::Tenant t;
  t.name = "mem";
  EXPECT_EQ(s->create_tenant(t).id, 1);
}

}  // namespace
}  // namespace ct::test
