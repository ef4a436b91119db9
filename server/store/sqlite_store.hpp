// Factories for the embedded SQLite store (SqlStore over SqliteConnection).
#pragma once

#include <memory>
#include <string>

#include "server/core/clock.hpp"
#include "server/store/store.hpp"

namespace ct::store {

// Opens (creating if needed) a SQLite database file and applies pending migrations. The
// parent directory must exist (the caller creates it). ":memory:" is allowed. The clock,
// which must outlive the store, supplies timestamps that callers leave at 0; without one
// the system clock is used. Throws StoreError if the file cannot be opened or its schema
// is newer than this program.
std::unique_ptr<Store> open_sqlite_store(const std::string& path);
std::unique_ptr<Store> open_sqlite_store(const std::string& path, const core::Clock& clock);

// Applies pending migrations to the database file and returns the resulting schema
// version (for `chargetwin db migrate`).
int migrate_sqlite(const std::string& path);

// The applied schema version of a database file, without migrating it: 0 if the file
// does not exist or has no migrations yet.
int sqlite_schema_version(const std::string& path);

}  // namespace ct::store
