// A minimal driver seam under SqlStore: "one SQL dialect, two drivers".
//
// SqlStore and the migrations are written once against these two interfaces; SQLite
// implements them today (sqlite_connection.hpp), a PostgreSQL driver (libpq) can implement
// them later without touching any query.
//
// Conventions every driver follows:
//   * SQL text is written with positional `?` placeholders. SQLite accepts them as is; a
//     PostgreSQL driver rewrites them with numbered_placeholders() ("?" -> "$1", "$2", ...)
//     and should prepare with explicit parameter types (INT8 for bind_int64, TEXT for
//     bind_text) so that no parameter is left as "unknown".
//   * bind indexes are 1-based, column indexes 0-based (as in both C APIs).
//   * A unique/primary-key violation throws ConflictError (SQLite SQLITE_CONSTRAINT_UNIQUE /
//     _PRIMARYKEY, PostgreSQL SQLSTATE 23505); every other failure throws StoreError with the
//     driver's message.
//   * The SQL itself stays portable: ON CONFLICT ... DO UPDATE/NOTHING, RETURNING,
//     LIMIT ? OFFSET ?, COUNT(*), LOWER(), LIKE ? ESCAPE '\', SAVEPOINT. No engine-specific
//     functions in queries; engine-specific statements (BEGIN IMMEDIATE) live in the driver.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ct::store {

enum class SqlDialect { Sqlite, Postgres };

class SqlStatement {
 public:
  virtual ~SqlStatement() = default;

  // Ends any running step sequence and clears all bindings; the statement can be reused.
  // Never throws.
  virtual void reset() noexcept = 0;

  virtual void bind_int64(int index, std::int64_t value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_null(int index) = 0;

  // Runs the statement to the next row: true when a row is available, false when done.
  virtual bool step() = 0;

  virtual int column_count() const = 0;
  virtual bool column_is_null(int column) const = 0;
  virtual std::int64_t column_int64(int column) const = 0;
  virtual std::string column_text(int column) const = 0;
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  virtual SqlDialect dialect() const = 0;

  // Prepares one statement written with `?` placeholders.
  virtual std::unique_ptr<SqlStatement> prepare(std::string_view sql) = 0;

  // Runs one or more `;`-separated statements without parameters (DDL, SAVEPOINT ...).
  virtual void exec(std::string_view sql) = 0;

  // Rows changed by the most recent INSERT/UPDATE/DELETE on this connection.
  virtual std::int64_t changes() const = 0;

  // Outermost transaction control. SQLite takes the write lock up front (BEGIN IMMEDIATE);
  // PostgreSQL issues BEGIN. rollback() never throws.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

// Rewrites `?` placeholders to `$1`, `$2`, ... (PostgreSQL), leaving `?` inside '...'
// string literals, "..." quoted identifiers and -- comments untouched.
std::string numbered_placeholders(std::string_view sql);

// The DDL token for an auto-assigned, never-reused 64-bit primary key column.
//   SQLite:     INTEGER PRIMARY KEY AUTOINCREMENT
//   PostgreSQL: BIGSERIAL PRIMARY KEY
const char* auto_id_column(SqlDialect d);

// Substitutes the per-dialect tokens in portable DDL text: `{{ID}}` -> auto_id_column(d).
std::string render_ddl(std::string_view ddl, SqlDialect d);

}  // namespace ct::store
