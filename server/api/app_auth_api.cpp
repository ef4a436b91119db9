// Driver app endpoints: signing in with an SMS code, refreshing and ending sessions.
// The sign-in endpoints are public (nobody is signed in yet); logout needs the driver.
// Tokens never appear in error messages or logs.
#include <algorithm>
#include <limits>

#include "server/api/app_views.hpp"
#include "server/api/handler.hpp"
#include "server/drivers/driver_auth.hpp"

namespace ct::api {
namespace {

using drivers::AuthFailure;

constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
constexpr std::size_t kMaxPhoneLength = 32;
constexpr std::size_t kMaxCodeLength = 16;
constexpr std::size_t kMaxRefreshTokenLength = 200;

std::string seconds_text(std::int64_t ms) {
  return std::to_string((std::max<std::int64_t>(ms, 0) + 999) / 1000);
}

// tenant_id and phone name the request a code refusal is about (for its retry hint).
[[noreturn]] void throw_auth_failure(Call& c, AuthFailure f, core::Id tenant_id = 0,
                                     const std::string& phone = {}) {
  auto& auth = c.services().auth;
  switch (f) {
    case AuthFailure::InvalidPhone:
      throw ApiError(ErrorCode::kInvalidField,
                     "phone must be a mobile number: +<country code><number> (8 to 15 digits) "
                     "or 11 digits starting with 1",
                     "phone");
    case AuthFailure::UnknownTenant:
      throw ApiError(ErrorCode::kNotFound, "tenant " + std::to_string(tenant_id) + " not found");
    case AuthFailure::TooSoon:
      throw ApiError(ErrorCode::kTooManyRequests,
                     "a code was sent to this number moments ago; ask for another in " +
                         seconds_text(auth.code_resend_at(tenant_id, phone) - c.now()) + " s");
    case AuthFailure::TooManyCodes:
      throw ApiError(ErrorCode::kTooManyRequests,
                     "at most " + std::to_string(auth.config().codes_per_hour) +
                         " codes per hour are sent to one number; try again later");
    case AuthFailure::CodeInvalid:
      throw ApiError(ErrorCode::kSignInFailed,
                     "the code is wrong, expired or already used; ask for a new one");
    case AuthFailure::RefreshInvalid:
      throw ApiError(ErrorCode::kSignInFailed,
                     "the refresh token is not valid (expired, already used or revoked); "
                     "sign in again");
    case AuthFailure::AccountBusy:
      throw ApiError(ErrorCode::kStateConflict, "the account cannot be changed now");
  }
  throw ApiError(ErrorCode::kInternal, "unexpected sign-in failure");
}

Reply request_code(Call& c) {
  auto f = c.body();
  auto tenant_id = f.req_int("tenantId", 1, kMaxId);
  auto phone = f.req_string("phone", 1, kMaxPhoneLength);
  f.reject_unknown();
  auto& auth = c.services().auth;
  auto r = auth.request_code(tenant_id, phone);
  if (auto* fail = std::get_if<AuthFailure>(&r)) throw_auth_failure(c, *fail, tenant_id, phone);
  const auto& sent = std::get<drivers::CodeSent>(r);
  return {202,
          {{"expiresAt", core::format_utc(sent.expires_at)},
           {"resendAfter", core::format_utc(sent.resend_after)}}};
}

Reply login(Call& c) {
  auto f = c.body();
  auto tenant_id = f.req_int("tenantId", 1, kMaxId);
  auto phone = f.req_string("phone", 1, kMaxPhoneLength);
  auto code = f.req_string("code", 1, kMaxCodeLength);
  f.reject_unknown();
  auto& auth = c.services().auth;
  auto r = auth.login(tenant_id, phone, code);
  if (auto* fail = std::get_if<AuthFailure>(&r)) throw_auth_failure(c, *fail, tenant_id, phone);
  const auto& s = std::get<drivers::SignIn>(r);
  auto out = token_pair_json(s.tokens);
  out["driver"] = driver_json(s.driver);
  out["created"] = s.created;
  return {200, std::move(out)};
}

Reply refresh(Call& c) {
  auto f = c.body();
  auto token = f.req_string("refreshToken", 1, kMaxRefreshTokenLength);
  f.reject_unknown();
  auto& auth = c.services().auth;
  auto r = auth.refresh(token);
  if (auto* fail = std::get_if<AuthFailure>(&r)) throw_auth_failure(c, *fail);
  return {200, token_pair_json(std::get<drivers::TokenPair>(r))};
}

Reply logout(Call& c) {
  auto f = c.body();
  auto token = f.opt_string("refreshToken", 0, kMaxRefreshTokenLength).value_or("");
  bool everywhere = f.opt_bool("everywhere").value_or(false);
  f.reject_unknown();
  c.services().auth.logout({c.who.tenant_id, c.who.driver_id}, token, everywhere);
  return {200, {{"loggedOut", true}, {"everywhere", everywhere}}};
}

}  // namespace

void add_app_auth_routes(Routes& r) {
  r.add("POST", "/api/v1/app/auth/sms-code", {Access::Public, request_code});
  r.add("POST", "/api/v1/app/auth/login", {Access::Public, login});
  r.add("POST", "/api/v1/app/auth/refresh", {Access::Public, refresh});
  r.add("POST", "/api/v1/app/auth/logout", {Access::Driver, logout});
}

}  // namespace ct::api
