// SQLite driver for the SqlConnection seam. Not thread-safe by itself: SqlStore serialises
// all use of one connection behind its mutex.
#pragma once

#include <memory>
#include <string>

#include "server/store/sql_connection.hpp"

struct sqlite3;

namespace ct::store {

class SqliteConnection final : public SqlConnection {
 public:
  // Opens (creating if needed) the database file; ":memory:" is allowed. Applies
  // journal_mode=WAL, busy_timeout, foreign_keys=ON and synchronous=NORMAL.
  // Throws StoreError when the file cannot be opened.
  explicit SqliteConnection(const std::string& path, int busy_timeout_ms = 5000);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  SqlDialect dialect() const override { return SqlDialect::Sqlite; }
  std::unique_ptr<SqlStatement> prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t changes() const override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;

  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Throws ConflictError for unique/primary-key violations, StoreError for anything else.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view context);

}  // namespace ct::store
