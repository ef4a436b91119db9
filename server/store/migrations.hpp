// Numbered, versioned schema migrations, recorded in `schema_migrations`.
//
// Each migration is portable DDL (BIGINT / INTEGER / TEXT columns, `{{ID}}` for the
// auto-assigned primary key, see render_ddl) applied in one transaction together with its
// schema_migrations row, so a failed migration leaves the previous version intact.
// Migrations are append-only: never edit a released one, add the next number.
#pragma once

#include <string>
#include <vector>

#include "server/core/model.hpp"
#include "server/store/sql_connection.hpp"

namespace ct::store {

struct Migration {
  int version;       // 1, 2, 3, ... without gaps
  std::string name;  // short description, recorded with the version
  std::string ddl;   // portable DDL, `;`-separated
};

const std::vector<Migration>& migrations();

// The version the code expects (the last migration's number).
int latest_schema_version();

// The highest applied version; 0 for an empty database.
int schema_version(SqlConnection& conn);

// Applies every pending migration in order and returns the resulting version. Safe to run
// from two processes at once (the version is re-read inside the write transaction).
// Throws StoreError if the database is newer than this code.
int migrate(SqlConnection& conn, core::UtcMillis now);

}  // namespace ct::store
