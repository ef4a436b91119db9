#include "server/store/sqlite_connection.hpp"

#include <sqlite3.h>

#include <chrono>

#include "server/core/metrics.hpp"
#include "server/store/store.hpp"

namespace ct::store {

static void observe_write(std::chrono::steady_clock::time_point started) {
  metrics::registry().observe(
      "chargetwin_store_write_duration_seconds", {{"driver", "sqlite"}},
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

void throw_sqlite_error(sqlite3* db, int rc, std::string_view context) {
  std::string msg = "sqlite: ";
  msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  msg += " (";
  msg += std::to_string(rc);
  msg += ")";
  if (!context.empty()) {
    msg += " in: ";
    msg.append(context.substr(0, 200));
  }
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    throw ConflictError(msg);
  }
  throw StoreError(msg);
}

namespace {

class SqliteStatement final : public SqlStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* st, std::string sql)
      : db_(db), st_(st), sql_(std::move(sql)) {}
  ~SqliteStatement() override { sqlite3_finalize(st_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void reset() noexcept override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }

  void bind_int64(int index, std::int64_t value) override {
    check(sqlite3_bind_int64(st_, index, value));
  }
  void bind_text(int index, std::string_view value) override {
    check(
        sqlite3_bind_text64(st_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_null(int index) override { check(sqlite3_bind_null(st_, index)); }

  bool step() override {
    // Writes (and commits, below) are timed for the store-write-latency histogram.
    const bool write = sqlite3_stmt_readonly(st_) == 0;
    auto started =
        write ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    int rc = sqlite3_step(st_);
    if (write) observe_write(started);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // Leave the statement reusable; the error (with its extended code) was in rc.
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_reset(st_);
    throw_with(rc, msg);
  }

  int column_count() const override { return sqlite3_column_count(st_); }
  bool column_is_null(int column) const override {
    return sqlite3_column_type(st_, column) == SQLITE_NULL;
  }
  std::int64_t column_int64(int column) const override { return sqlite3_column_int64(st_, column); }
  std::string column_text(int column) const override {
    const unsigned char* p = sqlite3_column_text(st_, column);
    int n = sqlite3_column_bytes(st_, column);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), n);
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw_sqlite_error(db_, rc, sql_);
  }
  [[noreturn]] void throw_with(int rc, const std::string& errmsg) {
    std::string msg =
        "sqlite: " + errmsg + " (" + std::to_string(rc) + ") in: " + sql_.substr(0, 200);
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      throw ConflictError(msg);
    }
    throw StoreError(msg);
  }

  sqlite3* db_;
  sqlite3_stmt* st_;
  std::string sql_;
};

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, int busy_timeout_ms) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "sqlite: cannot open " + path + ": " +
                      (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  try {
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    // journal_mode returns a row ("wal", or "memory" for :memory:); exec ignores it.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

SqliteConnection::~SqliteConnection() {
  // Statements are owned by the caller and must be destroyed first; close_v2 defers
  // the close until then if they are not.
  sqlite3_close_v2(db_);
}

std::unique_ptr<SqlStatement> SqliteConnection::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &st, nullptr);
  if (rc != SQLITE_OK) throw_sqlite_error(db_, rc, sql);
  if (st == nullptr) throw StoreError("sqlite: empty statement");
  return std::make_unique<SqliteStatement>(db_, st, std::string(sql));
}

void SqliteConnection::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    int ext = sqlite3_extended_errcode(db_);
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    std::string full =
        "sqlite: " + msg + " (" + std::to_string(ext) + ") in: " + text.substr(0, 200);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
      throw ConflictError(full);
    }
    throw StoreError(full);
  }
}

std::int64_t SqliteConnection::changes() const {
  return sqlite3_changes64(db_);
}

void SqliteConnection::begin() {
  exec("BEGIN IMMEDIATE");
}

void SqliteConnection::commit() {
  auto started = std::chrono::steady_clock::now();
  exec("COMMIT");
  observe_write(started);
}

void SqliteConnection::rollback() noexcept {
  if (sqlite3_get_autocommit(db_) == 0) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

}  // namespace ct::store
