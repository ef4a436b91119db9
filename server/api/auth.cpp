#include "server/api/auth.hpp"

#include <cctype>

#include "server/api/error_codes.hpp"
#include "server/core/log.hpp"
#include "server/core/secrets.hpp"

namespace ct::api {
namespace {

std::optional<std::string> bearer_token(const HttpRequest& req) {
  auto it = req.headers.find("authorization");
  if (it == req.headers.end()) return std::nullopt;
  const std::string& v = it->second;
  constexpr std::string_view kScheme = "bearer ";
  if (v.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(v[i])) != kScheme[i]) return std::nullopt;
  }
  auto start = v.find_first_not_of(' ', kScheme.size());
  if (start == std::string::npos) return std::nullopt;
  auto end = v.find_last_not_of(" \t");
  return v.substr(start, end - start + 1);
}

}  // namespace

std::optional<std::string> bearer_token_of(const HttpRequest& req) {
  return bearer_token(req);
}

BootstrapResult ensure_platform_token(store::Store& store,
                                      const std::optional<std::string>& requested) {
  BootstrapResult result;
  auto stored = store.get_setting(kPlatformTokenSetting);
  if (requested && !requested->empty()) {
    auto hash = core::sha256_hex(*requested);
    if (!stored) {
      store.put_setting(kPlatformTokenSetting, hash);
      log::info("platform_token_set", {{"source", "requested"}});
    } else if (!core::equal_constant_time(*stored, hash)) {
      store.put_setting(kPlatformTokenSetting, hash);
      log::warn("platform_token_replaced", {{"source", "requested"}});
    }
    return result;
  }
  if (stored) return result;
  result.generated = true;
  result.token = core::random_token("ctp_");
  store.put_setting(kPlatformTokenSetting, core::sha256_hex(result.token));
  log::info("platform_token_set", {{"source", "generated"}});
  return result;
}

Principal authenticate_or_throw(store::Store& store, const HttpRequest& req) {
  auto token = bearer_token(req);
  if (!token) {
    throw ApiError(ErrorCode::kMissingToken,
                   "missing bearer token: send the header 'Authorization: Bearer <token>'");
  }
  auto hash = core::sha256_hex(*token);
  auto platform = store.get_setting(kPlatformTokenSetting);
  if (platform && core::equal_constant_time(*platform, hash)) {
    return Principal{true, 0, "platform"};
  }
  auto t = store.find_api_token_by_hash(hash);
  if (!t) throw ApiError(ErrorCode::kInvalidToken, "unknown API token");
  if (t->revoked) throw ApiError(ErrorCode::kTokenRevoked, "this API token has been revoked");
  auto tenant = store.get_tenant(t->tenant_id);
  if (!tenant || !tenant->enabled) {
    throw ApiError(ErrorCode::kTenantDisabled, "the tenant of this API token is disabled");
  }
  return Principal{false, t->tenant_id, t->label};
}

}  // namespace ct::api
