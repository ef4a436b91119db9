// Bearer-token authentication and the platform-admin token bootstrap.
//   Platform token: its SHA-256 lives in settings key "platform_token_sha256".
//   Tenant tokens ("ctt_..."): SHA-256 looked up in api_tokens; revoked or tenant
//   disabled -> 401.
#pragma once

#include <optional>
#include <string>

#include "server/api/api_context.hpp"
#include "server/api/http.hpp"

namespace ct::api {

inline constexpr const char* kPlatformTokenSetting = "platform_token_sha256";

struct BootstrapResult {
  bool generated = false;
  std::string token;  // only when generated: print it once, it is never shown again
};

// First start: store the requested token's hash, or generate one (random_token("ctp_"))
// and return it. Later starts: a requested token different from the stored one replaces
// it (logged); none requested keeps the stored one.
BootstrapResult ensure_platform_token(store::Store& store,
                                      const std::optional<std::string>& requested);

// The bearer token of a request, if any.
std::optional<std::string> bearer_token_of(const HttpRequest& req);

// The caller of a request; throws ApiError 401 (40101..40104) when it cannot say.
Principal authenticate_or_throw(store::Store& store, const HttpRequest& req);

}  // namespace ct::api
