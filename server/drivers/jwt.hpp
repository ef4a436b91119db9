// The app's access tokens: compact JWTs (RFC 7519) signed with HMAC-SHA256 (RFC 7518
// "HS256"), base64url without padding. Only what the drivers' app needs, nothing
// configurable: the header is always {"alg":"HS256","typ":"JWT"} and verification refuses
// every other algorithm (above all "none", and RS/HS confusion), so a token cannot pick
// how it is checked.
//
// Claims: iss "chargetwin", sub the driver id (a decimal string, as RFC 7519 wants a
// StringOrURI), tid the tenant id, ver the driver's token version, iat and exp in seconds
// since the epoch. A token is expired from its exp second on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "server/core/model.hpp"

namespace ct::drivers::jwt {

inline constexpr std::string_view kIssuer = "chargetwin";

struct Claims {
  core::Id driver_id = 0;  // sub
  core::Id tenant_id = 0;  // tid
  int token_version = 0;   // ver
  std::int64_t issued_at_s = 0;
  std::int64_t expires_at_s = 0;
  bool operator==(const Claims&) const = default;
};

enum class Problem {
  Malformed,     // not three base64url parts, not JSON, missing or mistyped claims
  BadSignature,  // another algorithm than HS256, another key, or altered
  Expired,       // now is at or past exp
};

// The signed token. key: the HMAC key bytes (any length; ours are 64 characters).
std::string sign(const Claims& claims, std::string_view key);

// Checks, in this order: shape, header (alg exactly "HS256"), signature (constant time),
// claims (iss, types), expiry against now (UTC ms).
std::variant<Claims, Problem> verify(std::string_view token, std::string_view key,
                                     core::UtcMillis now);

// RFC 4648 section 5 without padding. decode refuses padding, characters outside the
// alphabet and non-canonical trailing bits (so a token has exactly one spelling).
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace ct::drivers::jwt
