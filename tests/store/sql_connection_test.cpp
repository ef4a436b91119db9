#include "server/store/sql_connection.hpp"

#include <gtest/gtest.h>

#include "server/store/sqlite_connection.hpp"
#include "server/store/store.hpp"
#include "tests/store/store_fixture.hpp"

namespace ct::test {
namespace {

using store::ConflictError;
using store::SqliteConnection;
using store::StoreError;

TEST(NumberedPlaceholders, RewritesInOrder) {
  EXPECT_EQ(store::numbered_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
}

TEST(NumberedPlaceholders, LeavesQuotedTextAndCommentsAlone) {
  EXPECT_EQ(
      store::numbered_placeholders("SELECT '?', \"a?b\" FROM t WHERE x = ? -- why?\nAND y = ?"),
      "SELECT '?', \"a?b\" FROM t WHERE x = $1 -- why?\nAND y = $2");
  EXPECT_EQ(store::numbered_placeholders("SELECT 'it''s ?' WHERE a = ?"),
            "SELECT 'it''s ?' WHERE a = $1");
  EXPECT_EQ(store::numbered_placeholders("LIKE ? ESCAPE '\\'"), "LIKE $1 ESCAPE '\\'");
}

TEST(RenderDdl, SubstitutesAutoIdPerDialect) {
  const std::string ddl = "CREATE TABLE a (id {{ID}}, x TEXT); CREATE TABLE b (id {{ID}})";
  EXPECT_EQ(store::render_ddl(ddl, store::SqlDialect::Sqlite),
            "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT); "
            "CREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT)");
  EXPECT_EQ(store::render_ddl(ddl, store::SqlDialect::Postgres),
            "CREATE TABLE a (id BIGSERIAL PRIMARY KEY, x TEXT); "
            "CREATE TABLE b (id BIGSERIAL PRIMARY KEY)");
}

class SqliteConnectionTest : public ::testing::Test {
 protected:
  std::string text_of(SqliteConnection& c, const std::string& sql) {
    auto st = c.prepare(sql);
    EXPECT_TRUE(st->step());
    return st->column_text(0);
  }
  TempDir dir_;
  std::string path_ = (dir_.path() / "conn.db").string();
};

TEST_F(SqliteConnectionTest, AppliesPragmas) {
  SqliteConnection c(path_);
  EXPECT_EQ(text_of(c, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(text_of(c, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(text_of(c, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(text_of(c, "PRAGMA busy_timeout"), "5000");
}

TEST_F(SqliteConnectionTest, MapsUniqueViolationToConflictAndOthersToStoreError) {
  SqliteConnection c(path_);
  c.exec(
      "CREATE TABLE p (id INTEGER PRIMARY KEY); "
      "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, pid BIGINT REFERENCES p (id))");
  auto ins = c.prepare("INSERT INTO t (name, pid) VALUES (?, ?)");
  ins->bind_text(1, "a");
  ins->bind_null(2);
  EXPECT_FALSE(ins->step());
  EXPECT_EQ(c.changes(), 1);

  ins->reset();
  ins->bind_text(1, "a");
  ins->bind_null(2);
  EXPECT_THROW(ins->step(), ConflictError);

  ins->reset();
  ins->bind_text(1, "b");
  ins->bind_int64(2, 42);  // no such parent: a foreign-key failure is not a conflict
  try {
    ins->step();
    FAIL() << "expected StoreError";
  } catch (const ConflictError&) {
    FAIL() << "foreign-key failure reported as conflict";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("FOREIGN KEY"), std::string::npos) << e.what();
  }

  // The statement is still usable after failures.
  ins->reset();
  ins->bind_text(1, "c");
  ins->bind_null(2);
  EXPECT_FALSE(ins->step());

  auto count = c.prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count->step());
  EXPECT_EQ(count->column_int64(0), 2);
}

TEST_F(SqliteConnectionTest, SyntaxErrorsCarryTheSqliteMessage) {
  SqliteConnection c(path_);
  try {
    c.prepare("SELEC 1");
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
  }
  EXPECT_THROW(c.exec("CREATE TABLE"), StoreError);
}

TEST_F(SqliteConnectionTest, RollbackUndoesAndNullsRoundTrip) {
  SqliteConnection c(path_);
  c.exec("CREATE TABLE t (a BIGINT, b TEXT)");
  c.begin();
  c.exec("INSERT INTO t VALUES (1, 'x')");
  c.rollback();
  c.begin();
  auto ins = c.prepare("INSERT INTO t VALUES (?, ?)");
  ins->bind_null(1);
  ins->bind_text(2, std::string("nul\0byte", 8));
  ins->step();
  ins.reset();
  c.commit();
  auto st = c.prepare("SELECT a, b FROM t");
  ASSERT_TRUE(st->step());
  EXPECT_TRUE(st->column_is_null(0));
  EXPECT_EQ(st->column_text(1), std::string("nul\0byte", 8));
  EXPECT_FALSE(st->step());
}

TEST_F(SqliteConnectionTest, OpenFailsWithStoreError) {
  EXPECT_THROW(SqliteConnection((dir_.path() / "missing-dir" / "x.db").string()), StoreError);
}

}  // namespace
}  // namespace ct::test
