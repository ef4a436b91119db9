// Internal to the SQL store implementation files (sql_store*.cpp): the prepared-statement
// cursor, WHERE-clause assembly and row helpers they share. Not part of the Store seam.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "server/store/sql_store.hpp"

namespace ct::store::sql {

using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;

inline constexpr std::int64_t kMaxLimit = 500;

struct Window {
  std::int64_t limit;
  std::int64_t offset;
};

inline Window window(const PageRequest& p) {
  return {std::clamp<std::int64_t>(p.limit, 1, kMaxLimit), std::max<std::int64_t>(p.offset, 0)};
}

// '%' + q with LIKE wildcards escaped by '\' + '%'; used as LOWER(col) LIKE LOWER(?) ESCAPE '\'.
inline std::string like_pattern(const std::string& q) {
  std::string out = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

inline std::string like(const char* column) {
  return std::string("LOWER(") + column + ") LIKE LOWER(?) ESCAPE '\\'";
}

// A WHERE clause assembled from optional filters, with its arguments in order.
struct Where {
  std::string sql;
  std::vector<Value> args;

  void add(const std::string& cond) { sql += sql.empty() ? " WHERE " + cond : " AND " + cond; }
  void add(const std::string& cond, Value v) {
    add(cond);
    args.push_back(std::move(v));
  }
  // (LOWER(a) LIKE ? OR LOWER(b) LIKE ? ...) with the same pattern for each column.
  void add_search(const std::string& q, std::initializer_list<const char*> columns) {
    std::string cond = "(";
    bool first = true;
    for (const char* c : columns) {
      if (!first) cond += " OR ";
      first = false;
      cond += like(c);
      args.emplace_back(like_pattern(q));
    }
    add(cond + ")");
  }
};

}  // namespace ct::store::sql

namespace ct::store {

using sql::Value;

// One use of a prepared statement from the cache (or a private one when the cached
// statement is already in use further up the stack). Binds positionally; resets on exit.
class SqlStore::Query {
 public:
  Query(SqlStore& store, const std::string& sql) : store_(store) {
    auto it = store.cache_.find(sql);
    if (it == store.cache_.end()) {
      it = store.cache_.emplace(sql, CachedStatement{store.conn_->prepare(sql), false}).first;
    }
    if (it->second.busy) {
      owned_ = store.conn_->prepare(sql);
      st_ = owned_.get();
    } else {
      entry_ = &it->second;
      entry_->busy = true;
      st_ = entry_->stmt.get();
    }
    st_->reset();
  }
  ~Query() {
    st_->reset();
    if (entry_ != nullptr) entry_->busy = false;
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  template <class... A>
  Query& bind(const A&... a) {
    (put(a), ...);
    return *this;
  }
  Query& bind_values(const std::vector<Value>& vs) {
    for (const Value& v : vs) put(v);
    return *this;
  }

  bool next() {
    col_ = 0;
    return st_->step();
  }
  // Runs to completion; returns the rows changed.
  std::int64_t run() {
    while (st_->step()) {
    }
    return store_.conn_->changes();
  }

  // Column readers advance a cursor: read columns in SELECT order.
  std::int64_t i64() { return st_->column_int64(col_++); }
  int i32() { return static_cast<int>(st_->column_int64(col_++)); }
  bool flag() { return st_->column_int64(col_++) != 0; }
  std::string text() { return st_->column_text(col_++); }
  std::optional<std::int64_t> opt_i64() {
    int c = col_++;
    if (st_->column_is_null(c)) return std::nullopt;
    return st_->column_int64(c);
  }
  std::optional<std::string> opt_text() {
    int c = col_++;
    if (st_->column_is_null(c)) return std::nullopt;
    return st_->column_text(c);
  }
  std::optional<int> opt_i32() {
    auto v = opt_i64();
    if (!v) return std::nullopt;
    return static_cast<int>(*v);
  }

 private:
  void put(std::int64_t v) { st_->bind_int64(++idx_, v); }
  void put(int v) { st_->bind_int64(++idx_, v); }
  void put(bool v) { st_->bind_int64(++idx_, v ? 1 : 0); }
  void put(const std::string& v) { st_->bind_text(++idx_, v); }
  void put(const char* v) { st_->bind_text(++idx_, v); }
  void put(std::nullopt_t) { st_->bind_null(++idx_); }
  template <class T>
  void put(const std::optional<T>& v) {
    if (v) {
      put(*v);
    } else {
      st_->bind_null(++idx_);
    }
  }
  void put(const Value& v) {
    if (auto* i = std::get_if<std::int64_t>(&v)) {
      put(*i);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      put(*s);
    } else {
      st_->bind_null(++idx_);
    }
  }

  SqlStore& store_;
  CachedStatement* entry_ = nullptr;
  std::unique_ptr<SqlStatement> owned_;
  SqlStatement* st_ = nullptr;
  int idx_ = 0;
  int col_ = 0;
};

template <class F>
auto SqlStore::tx(F&& fn) -> decltype(fn()) {
  begin_level();
  try {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      commit_level();
    } else {
      auto result = fn();
      commit_level();
      return result;
    }
  } catch (...) {
    rollback_level();
    throw;
  }
}

namespace sql {
using Query = SqlStore::Query;

template <class T, class Reader>
std::optional<T> first_row(Query& q, Reader read) {
  if (!q.next()) return std::nullopt;
  return read(q);
}

template <class T, class Reader>
std::vector<T> all_rows(Query& q, Reader read) {
  std::vector<T> out;
  while (q.next()) out.push_back(read(q));
  return out;
}

}  // namespace sql

}  // namespace ct::store
