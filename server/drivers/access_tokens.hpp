// The seam between the API router and driver authentication: the router only needs to
// turn a bearer token of the app into the driver it names.
#pragma once

#include <string>
#include <variant>

#include "server/core/model.hpp"

namespace ct::drivers {

struct DriverPrincipal {
  core::Id tenant_id = 0;
  core::Id driver_id = 0;
};

enum class TokenProblem {
  Malformed,     // not a token of ours
  BadSignature,  // signed with another key, or altered
  Expired,       // past its expiry
  Revoked,       // the driver logged out everywhere, or was deleted, since it was issued
};

const char* to_string(TokenProblem p);

class AccessTokenVerifier {
 public:
  virtual ~AccessTokenVerifier() = default;
  virtual std::variant<DriverPrincipal, TokenProblem> verify_access(const std::string& token,
                                                                    core::UtcMillis now) = 0;
};

}  // namespace ct::drivers
