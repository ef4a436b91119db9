// Typed reading of query parameters: paging (limit 1..500, default 50; offset >= 0)
// and list filters. Invalid values throw ApiError 400 (40005) naming the parameter.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "server/store/store.hpp"

namespace ct::api {

using Query = std::map<std::string, std::string>;

inline constexpr std::int64_t kDefaultLimit = 50;
inline constexpr std::int64_t kMaxLimit = 500;

store::PageRequest page_of(const Query& q);
std::optional<core::Id> query_id(const Query& q, const std::string& name);
std::optional<bool> query_bool(const Query& q, const std::string& name);
std::optional<core::UtcMillis> query_time(const Query& q, const std::string& name);
// Empty string when absent; otherwise must be one of allowed (when allowed is non-empty).
std::string query_text(const Query& q, const std::string& name, std::size_t max_len = 200);
std::string query_enum(const Query& q, const std::string& name,
                       std::initializer_list<const char*> allowed);

// Positive int64 from a decimal string; nullopt otherwise. Used for {id} path params.
std::optional<std::int64_t> parse_positive_id(const std::string& s);

}  // namespace ct::api
