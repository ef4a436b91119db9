// Typed reading of a JSON request body. Every failure throws ApiError with status 400
// and the offending field's name (nested as "connectors[0].maxPowerW"), so a client
// knows exactly what to fix. reject_unknown() refuses fields the endpoint does not take.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "server/api/error_codes.hpp"
#include "server/core/model.hpp"

namespace ct::api {

class Fields {
 public:
  // Parses a request body; an empty body reads as {}. Throws 40001 unless an object.
  static Fields parse(const std::string& body);
  explicit Fields(nlohmann::json object, std::string prefix = {});

  // Present in the body (null counts as present).
  bool has(const char* name) const;
  bool is_null(const char* name) const;

  std::string req_string(const char* name, std::size_t min_len, std::size_t max_len);
  std::optional<std::string> opt_string(const char* name, std::size_t min_len, std::size_t max_len);
  std::int64_t req_int(const char* name, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> opt_int(const char* name, std::int64_t min, std::int64_t max);
  std::optional<bool> opt_bool(const char* name);
  std::string req_enum(const char* name, std::initializer_list<const char*> allowed);
  std::optional<std::string> opt_enum(const char* name, std::initializer_list<const char*> allowed);
  // Decimal degrees with at most 6 decimals, |value| <= max_abs_degrees.
  std::optional<std::int64_t> opt_degrees_e6(const char* name, int max_abs_degrees);
  // Absent: nullopt. null: an empty optional inside (clear). Else an RFC 3339 time.
  std::optional<std::optional<core::UtcMillis>> opt_nullable_time(const char* name);
  // Raw access (marks the field as read); nullptr when absent.
  const nlohmann::json* raw(const char* name);
  // A nested object / array field, for structured payloads.
  std::optional<nlohmann::json> opt_object(const char* name);
  std::optional<nlohmann::json> opt_array(const char* name);

  // Full name of a field for error messages ("connectors[0].type").
  std::string full_name(const std::string& name) const;
  [[noreturn]] void invalid(const std::string& name, const std::string& why) const;

  // Throws 40004 naming the first field nobody read.
  void reject_unknown() const;

 private:
  const nlohmann::json* get(const char* name);
  std::string text_of(const char* name, const nlohmann::json& v, std::size_t min_len,
                      std::size_t max_len) const;
  std::int64_t int_of(const char* name, const nlohmann::json& v, std::int64_t min,
                      std::int64_t max) const;

  nlohmann::json obj_;
  std::string prefix_;
  std::set<std::string> read_;
};

}  // namespace ct::api
