// DriverAuth: SMS codes, sign-in and sign-up, token issue, refresh rotation, logout and
// access-token verification. Account deletion is in driver_account_deletion.cpp.
#include "server/drivers/driver_auth.hpp"

#include "server/core/log.hpp"
#include "server/core/secrets.hpp"
#include "server/drivers/jwt.hpp"
#include "server/drivers/phone_number.hpp"
#include "server/drivers/random_codes.hpp"

namespace ct::drivers {
namespace {

constexpr const char* kKeySetting = "driver_jwt_key";
constexpr const char* kRefreshPrefix = "ctr_";
constexpr std::int64_t kHourMs = 3'600'000;
constexpr int kCodeDigits = 6;
constexpr const char* kAppTagPrefix = "APP";
constexpr int kAppTagRandomChars = 12;  // "APP" + 12 = 15 of OCPP's 20 characters
constexpr int kAppTagAttempts = 8;

}  // namespace

const char* to_string(AuthFailure f) {
  switch (f) {
    case AuthFailure::InvalidPhone: return "invalid_phone";
    case AuthFailure::UnknownTenant: return "unknown_tenant";
    case AuthFailure::TooSoon: return "too_soon";
    case AuthFailure::TooManyCodes: return "too_many_codes";
    case AuthFailure::CodeInvalid: return "code_invalid";
    case AuthFailure::RefreshInvalid: return "refresh_invalid";
    case AuthFailure::AccountBusy: return "account_busy";
  }
  return "unknown";
}

DriverAuth::DriverAuth(store::Store& store, store::DriverStore& drivers,
                       store::WalletStore& wallets, store::OrderStore& orders, SmsSender& sms,
                       const core::Clock& clock, DriverAuthConfig config)
    : store_(store),
      drivers_(drivers),
      wallets_(wallets),
      orders_(orders),
      sms_(sms),
      clock_(clock),
      config_(config) {}

std::optional<std::string> DriverAuth::normalize_phone(const std::string& phone) {
  return drivers::normalize_phone(phone);
}

const std::string& DriverAuth::key() {
  {
    std::lock_guard lock(key_mu_);
    if (!key_.empty()) return key_;
  }
  // Loaded without holding key_mu_: a thread inside a store transaction may call key(),
  // and waiting here for a thread that waits for the store would deadlock. Two threads
  // loading at once read the same key (read-or-create in one transaction, which also
  // makes the nodes sharing the database agree on one key).
  std::string loaded;
  store_.in_transaction([&] {
    auto stored = store_.get_setting(kKeySetting);
    if (stored && !stored->empty()) {
      loaded = *stored;
    } else {
      loaded = core::random_token("");  // 32 random bytes as 64 hex characters
      store_.put_setting(kKeySetting, loaded);
    }
  });
  std::lock_guard lock(key_mu_);
  if (key_.empty()) key_ = std::move(loaded);
  return key_;
}

std::optional<AuthFailure> DriverAuth::check_tenant(core::Id tenant_id) {
  if (tenant_id <= 0) return AuthFailure::UnknownTenant;
  auto t = store_.get_tenant(tenant_id);
  if (!t || !t->enabled) return AuthFailure::UnknownTenant;
  return std::nullopt;
}

core::UtcMillis DriverAuth::code_resend_at(core::Id tenant_id, const std::string& phone) {
  auto normalized = normalize_phone(phone);
  if (!normalized || tenant_id <= 0) return clock_.now();
  auto latest = drivers_.latest_sms_code(core::TenantScope::of(tenant_id), *normalized);
  return latest ? latest->created_at + config_.code_resend_ms : clock_.now();
}

std::variant<CodeSent, AuthFailure> DriverAuth::request_code(core::Id tenant_id,
                                                             const std::string& phone) {
  auto normalized = normalize_phone(phone);
  if (!normalized) return AuthFailure::InvalidPhone;
  if (auto f = check_tenant(tenant_id)) return *f;
  const auto scope = core::TenantScope::of(tenant_id);
  const auto now = clock_.now();

  // Check and record under one transaction so that two requests at once cannot both pass
  // the limits; the SMS itself goes out afterwards, holding no lock over the network.
  std::optional<AuthFailure> refused;
  SmsCode stored;
  std::string code;
  store_.in_transaction([&] {
    auto latest = drivers_.latest_sms_code(scope, *normalized);
    if (latest && now - latest->created_at < config_.code_resend_ms) {
      refused = AuthFailure::TooSoon;
      return;
    }
    if (drivers_.count_sms_codes_since(scope, *normalized, now - kHourMs) >=
        config_.codes_per_hour) {
      refused = AuthFailure::TooManyCodes;
      return;
    }
    code = random_digits(kCodeDigits);
    SmsCode c;
    c.tenant_id = tenant_id;
    c.phone = *normalized;
    c.code_hash = core::sha256_hex(code);
    c.created_at = now;
    c.expires_at = now + config_.code_ttl_ms;
    stored = drivers_.create_sms_code(scope, c);
  });
  if (refused) return *refused;

  sms_.send_code(tenant_id, *normalized, code);
  return CodeSent{stored.expires_at, now + config_.code_resend_ms};
}

std::string DriverAuth::unused_app_id_tag(const core::TenantScope& scope) {
  // Random rather than derived from the driver id: the driver row needs its tag before
  // the id exists, and a random tag tells nobody how many drivers the operator has.
  for (int i = 0; i < kAppTagAttempts; ++i) {
    std::string tag = kAppTagPrefix + random_upper_hex(kAppTagRandomChars);
    if (!store_.find_id_tag(scope, tag) && !drivers_.find_driver_by_id_tag(scope, tag)) return tag;
  }
  // 16^12 values: reaching this means the randomness is broken, not bad luck.
  throw std::runtime_error("could not find an unused app id tag");
}

Driver DriverAuth::sign_up(const core::TenantScope& scope, const std::string& phone) {
  const auto now = clock_.now();
  Driver d;
  d.tenant_id = scope.tenant_id();
  d.phone = phone;
  d.nickname = masked_phone(phone);
  d.id_tag = unused_app_id_tag(scope);
  d.token_version = 1;
  d.created_at = d.updated_at = now;
  d = drivers_.create_driver(scope, d);

  // Registered like a card so that the charger's Authorize/StartTransaction for a remote
  // start made from the app is accepted by the ordinary id tag rules.
  core::IdTag tag;
  tag.tenant_id = scope.tenant_id();
  tag.id_tag = d.id_tag;
  tag.kind = "app";
  tag.status = "Accepted";
  tag.holder = phone;
  tag.created_at = tag.updated_at = now;
  store_.create_id_tag(scope, tag);

  wallets_.get_wallet(scope, d.id);  // creates the empty wallet
  log::info("driver_signed_up", {{"tenantId", d.tenant_id}, {"driverId", d.id}});
  return d;
}

std::variant<SignIn, AuthFailure> DriverAuth::login(core::Id tenant_id, const std::string& phone,
                                                    const std::string& code) {
  auto normalized = normalize_phone(phone);
  if (!normalized) return AuthFailure::InvalidPhone;
  if (auto f = check_tenant(tenant_id)) return *f;
  const auto scope = core::TenantScope::of(tenant_id);
  const auto now = clock_.now();

  std::variant<SignIn, AuthFailure> out = AuthFailure::CodeInvalid;
  // One transaction: the code is used at most once even when two logins race, and a
  // sign-up creates the driver, the id tag and the wallet together or not at all. A
  // refusal returns normally, so the attempt counted on the code is committed.
  store_.in_transaction([&] {
    auto c = drivers_.latest_sms_code(scope, *normalized);
    if (!c || c->used || now >= c->expires_at || c->attempts >= config_.code_attempts) return;
    if (!core::equal_constant_time(core::sha256_hex(code), c->code_hash)) {
      ++c->attempts;
      drivers_.update_sms_code(*c);
      return;
    }
    c->used = true;
    drivers_.update_sms_code(*c);

    SignIn s;
    if (auto existing = drivers_.find_driver_by_phone(scope, *normalized)) {
      s.driver = *existing;
    } else {
      s.driver = sign_up(scope, *normalized);
      s.created = true;
    }
    s.tokens = issue(s.driver);
    out = std::move(s);
  });
  return out;
}

TokenPair DriverAuth::issue(const Driver& d) {
  const auto now = clock_.now();
  jwt::Claims claims;
  claims.driver_id = d.id;
  claims.tenant_id = d.tenant_id;
  claims.token_version = d.token_version;
  claims.issued_at_s = now / 1000;
  claims.expires_at_s = (now + config_.access_ttl_ms) / 1000;

  TokenPair pair;
  pair.access_token = jwt::sign(claims, key());
  pair.access_expires_at = claims.expires_at_s * 1000;
  pair.refresh_token = core::random_token(kRefreshPrefix);
  pair.refresh_expires_at = now + config_.refresh_ttl_ms;

  RefreshToken t;
  t.tenant_id = d.tenant_id;
  t.driver_id = d.id;
  t.token_hash = core::sha256_hex(pair.refresh_token);  // the token itself is never stored
  t.created_at = now;
  t.expires_at = pair.refresh_expires_at;
  drivers_.create_refresh_token(t);
  return pair;
}

std::variant<TokenPair, AuthFailure> DriverAuth::refresh(const std::string& refresh_token) {
  if (refresh_token.empty()) return AuthFailure::RefreshInvalid;
  const auto now = clock_.now();
  auto t = drivers_.find_refresh_token(core::sha256_hex(refresh_token));
  if (!t) return AuthFailure::RefreshInvalid;
  const auto scope = core::TenantScope::of(t->tenant_id);

  // A rotated-away token coming back means two parties hold it: the driver and a thief.
  // We cannot tell which one is asking, so every session of the driver ends, access
  // tokens included (token version), and the driver signs in again with a code.
  auto reuse = [&] {
    log::warn("driver_refresh_token_reused",
              {{"tenantId", t->tenant_id}, {"driverId", t->driver_id}, {"refreshTokenId", t->id}});
    store_.in_transaction([&] {
      drivers_.revoke_driver_refresh_tokens(t->driver_id);
      if (auto d = drivers_.get_driver(scope, t->driver_id); d && !d->deleted) {
        ++d->token_version;
        d->updated_at = now;
        drivers_.update_driver(scope, *d);
      }
    });
    return AuthFailure::RefreshInvalid;
  };
  if (t->revoked) return reuse();
  if (now >= t->expires_at) return AuthFailure::RefreshInvalid;
  if (check_tenant(t->tenant_id)) return AuthFailure::RefreshInvalid;
  auto d = drivers_.get_driver(scope, t->driver_id);
  if (!d || d->deleted) return AuthFailure::RefreshInvalid;
  // The conditional revoke is the rotation's lock: of two requests racing with one
  // token, exactly one revokes it; the other is treated as the reuse it looks like.
  if (!drivers_.revoke_refresh_token(t->id)) return reuse();
  return issue(*d);
}

void DriverAuth::logout(const DriverPrincipal& who, const std::string& refresh_token,
                        bool everywhere) {
  const auto scope = core::TenantScope::of(who.tenant_id);
  if (!refresh_token.empty()) {
    // Only the caller's own token: a token of someone else is left alone (and its
    // existence not revealed).
    auto t = drivers_.find_refresh_token(core::sha256_hex(refresh_token));
    if (t && t->driver_id == who.driver_id && t->tenant_id == who.tenant_id)
      drivers_.revoke_refresh_token(t->id);
  }
  if (!everywhere) return;
  store_.in_transaction([&] {
    drivers_.revoke_driver_refresh_tokens(who.driver_id);
    if (auto d = drivers_.get_driver(scope, who.driver_id); d && !d->deleted) {
      ++d->token_version;
      d->updated_at = clock_.now();
      drivers_.update_driver(scope, *d);
    }
  });
}

std::variant<DriverPrincipal, TokenProblem> DriverAuth::verify_access(const std::string& token,
                                                                      core::UtcMillis now) {
  auto v = jwt::verify(token, key(), now);
  if (auto* p = std::get_if<jwt::Problem>(&v)) {
    switch (*p) {
      case jwt::Problem::Malformed: return TokenProblem::Malformed;
      case jwt::Problem::BadSignature: return TokenProblem::BadSignature;
      case jwt::Problem::Expired: return TokenProblem::Expired;
    }
    return TokenProblem::Malformed;
  }
  const auto& c = std::get<jwt::Claims>(v);
  // A validly signed token still dies with its driver, its token version (logout
  // everywhere, deletion) and its tenant (disabling an operator stops its app at once,
  // as it stops its API tokens).
  if (check_tenant(c.tenant_id)) return TokenProblem::Revoked;
  auto d = drivers_.get_driver(core::TenantScope::of(c.tenant_id), c.driver_id);
  if (!d || d->deleted || d->token_version != c.token_version) return TokenProblem::Revoked;
  return DriverPrincipal{c.tenant_id, c.driver_id};
}

}  // namespace ct::drivers
