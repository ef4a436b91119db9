#include "server/api/query_params.hpp"

#include <charconv>

#include "server/api/error_codes.hpp"
#include "server/api/rfc3339.hpp"

namespace ct::api {
namespace {

const std::string* find(const Query& q, const std::string& name) {
  auto it = q.find(name);
  return it == q.end() ? nullptr : &it->second;
}

[[noreturn]] void bad(const std::string& name, const std::string& why) {
  throw ApiError(ErrorCode::kInvalidQuery, "query parameter " + name + " " + why, name);
}

std::optional<std::int64_t> parse_int(const std::string& s) {
  std::int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::int64_t> parse_positive_id(const std::string& s) {
  auto v = parse_int(s);
  if (!v || *v <= 0) return std::nullopt;
  return v;
}

store::PageRequest page_of(const Query& q) {
  store::PageRequest p;
  p.limit = kDefaultLimit;
  p.offset = 0;
  if (const auto* s = find(q, "limit")) {
    auto v = parse_int(*s);
    if (!v || *v < 1 || *v > kMaxLimit) {
      bad("limit", "must be an integer between 1 and " + std::to_string(kMaxLimit));
    }
    p.limit = *v;
  }
  if (const auto* s = find(q, "offset")) {
    auto v = parse_int(*s);
    if (!v || *v < 0) bad("offset", "must be an integer >= 0");
    p.offset = *v;
  }
  return p;
}

std::optional<core::Id> query_id(const Query& q, const std::string& name) {
  const auto* s = find(q, name);
  if (s == nullptr) return std::nullopt;
  auto v = parse_positive_id(*s);
  if (!v) bad(name, "must be a positive integer id");
  return v;
}

std::optional<bool> query_bool(const Query& q, const std::string& name) {
  const auto* s = find(q, name);
  if (s == nullptr) return std::nullopt;
  if (*s == "true") return true;
  if (*s == "false") return false;
  bad(name, "must be true or false");
}

std::optional<core::UtcMillis> query_time(const Query& q, const std::string& name) {
  const auto* s = find(q, name);
  if (s == nullptr) return std::nullopt;
  auto t = parse_rfc3339(*s);
  if (!t) bad(name, "must be an RFC 3339 time such as 2026-01-31T08:00:00Z");
  return t;
}

std::string query_text(const Query& q, const std::string& name, std::size_t max_len) {
  const auto* s = find(q, name);
  if (s == nullptr) return {};
  if (s->size() > max_len) bad(name, "must be at most " + std::to_string(max_len) + " characters");
  return *s;
}

std::string query_enum(const Query& q, const std::string& name,
                       std::initializer_list<const char*> allowed) {
  const auto* s = find(q, name);
  if (s == nullptr) return {};
  std::string list;
  for (const char* a : allowed) {
    if (*s == a) return *s;
    if (!list.empty()) list += ", ";
    list += a;
  }
  bad(name, "must be one of " + list);
}

}  // namespace ct::api
