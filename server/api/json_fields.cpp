#include "server/api/json_fields.hpp"

#include "server/api/decimal_e6.hpp"
#include "server/api/rfc3339.hpp"

namespace ct::api {

namespace {
// Length in characters (UTF-8 code points), not bytes.
std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string join(std::initializer_list<const char*> xs) {
  std::string out;
  for (const char* x : xs) {
    if (!out.empty()) out += ", ";
    out += x;
  }
  return out;
}
}  // namespace

Fields Fields::parse(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Fields(nlohmann::json::object());
  }
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    throw ApiError(ErrorCode::kInvalidJson, "request body is not valid JSON");
  }
  if (!j.is_object()) {
    throw ApiError(ErrorCode::kInvalidJson, "request body must be a JSON object");
  }
  return Fields(std::move(j));
}

Fields::Fields(nlohmann::json object, std::string prefix)
    : obj_(std::move(object)), prefix_(std::move(prefix)) {}

bool Fields::has(const char* name) const {
  return obj_.contains(name);
}

bool Fields::is_null(const char* name) const {
  auto it = obj_.find(name);
  return it != obj_.end() && it->is_null();
}

std::string Fields::full_name(const std::string& name) const {
  return prefix_.empty() ? name : prefix_ + "." + name;
}

void Fields::invalid(const std::string& name, const std::string& why) const {
  throw ApiError(ErrorCode::kInvalidField, full_name(name) + " " + why, full_name(name));
}

const nlohmann::json* Fields::get(const char* name) {
  read_.insert(name);
  auto it = obj_.find(name);
  return it == obj_.end() ? nullptr : &*it;
}

const nlohmann::json* Fields::raw(const char* name) {
  return get(name);
}

std::string Fields::text_of(const char* name, const nlohmann::json& v, std::size_t min_len,
                            std::size_t max_len) const {
  if (!v.is_string()) invalid(name, "must be a string");
  auto s = v.get<std::string>();
  auto n = utf8_length(s);
  if (n < min_len || n > max_len) {
    if (min_len > 0 && n == 0) invalid(name, "must not be empty");
    invalid(name, "must be " + std::to_string(min_len) + ".." + std::to_string(max_len) +
                      " characters long");
  }
  return s;
}

std::int64_t Fields::int_of(const char* name, const nlohmann::json& v, std::int64_t min,
                            std::int64_t max) const {
  std::int64_t x = 0;
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
      invalid(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    x = v.get<std::int64_t>();
  } else {
    invalid(name, "must be an integer");
  }
  if (x < min || x > max) {
    invalid(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return x;
}

std::string Fields::req_string(const char* name, std::size_t min_len, std::size_t max_len) {
  const auto* v = get(name);
  if (v == nullptr || v->is_null()) {
    throw ApiError(ErrorCode::kMissingField, full_name(name) + " is required", full_name(name));
  }
  return text_of(name, *v, min_len, max_len);
}

std::optional<std::string> Fields::opt_string(const char* name, std::size_t min_len,
                                              std::size_t max_len) {
  const auto* v = get(name);
  if (v == nullptr) return std::nullopt;
  return text_of(name, *v, min_len, max_len);
}

std::int64_t Fields::req_int(const char* name, std::int64_t min, std::int64_t max) {
  const auto* v = get(name);
  if (v == nullptr || v->is_null()) {
    throw ApiError(ErrorCode::kMissingField, full_name(name) + " is required", full_name(name));
  }
  return int_of(name, *v, min, max);
}

std::optional<std::int64_t> Fields::opt_int(const char* name, std::int64_t min, std::int64_t max) {
  const auto* v = get(name);
  if (v == nullptr) return std::nullopt;
  return int_of(name, *v, min, max);
}

std::optional<bool> Fields::opt_bool(const char* name) {
  const auto* v = get(name);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) invalid(name, "must be true or false");
  return v->get<bool>();
}

std::string Fields::req_enum(const char* name, std::initializer_list<const char*> allowed) {
  const auto* v = get(name);
  if (v == nullptr || v->is_null()) {
    throw ApiError(ErrorCode::kMissingField,
                   full_name(name) + " is required (one of " + join(allowed) + ")",
                   full_name(name));
  }
  read_.erase(name);
  auto s = opt_enum(name, allowed);
  return *s;
}

std::optional<std::string> Fields::opt_enum(const char* name,
                                            std::initializer_list<const char*> allowed) {
  const auto* v = get(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) {
    auto s = v->get<std::string>();
    for (const char* a : allowed) {
      if (s == a) return s;
    }
  }
  invalid(name, "must be one of " + join(allowed));
}

std::optional<std::int64_t> Fields::opt_degrees_e6(const char* name, int max_abs_degrees) {
  const auto* v = get(name);
  if (v == nullptr) return std::nullopt;
  auto text = json_number_text(*v);
  std::optional<std::int64_t> e6;
  if (text) e6 = parse_decimal_e6(*text, std::int64_t{max_abs_degrees} * 1'000'000);
  if (!e6) {
    invalid(name, "must be decimal degrees between -" + std::to_string(max_abs_degrees) + " and " +
                      std::to_string(max_abs_degrees) + " with at most 6 decimals");
  }
  return e6;
}

std::optional<std::optional<core::UtcMillis>> Fields::opt_nullable_time(const char* name) {
  const auto* v = get(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_null()) return std::optional<core::UtcMillis>{};
  std::optional<core::UtcMillis> t;
  if (v->is_string()) t = parse_rfc3339(v->get<std::string>());
  if (!t) invalid(name, "must be an RFC 3339 time such as 2026-01-31T08:00:00Z");
  return t;
}

std::optional<nlohmann::json> Fields::opt_object(const char* name) {
  const auto* v = get(name);
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) invalid(name, "must be a JSON object");
  return *v;
}

std::optional<nlohmann::json> Fields::opt_array(const char* name) {
  const auto* v = get(name);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) invalid(name, "must be a JSON array");
  return *v;
}

void Fields::reject_unknown() const {
  for (const auto& [key, _] : obj_.items()) {
    if (read_.count(key) == 0) {
      throw ApiError(ErrorCode::kUnknownField,
                     full_name(key) + " is not a field this endpoint accepts", full_name(key));
    }
  }
}

}  // namespace ct::api
