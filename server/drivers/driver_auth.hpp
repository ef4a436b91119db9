// Drivers sign in to the operator's app with their phone number and a code sent by SMS;
// the first sign-in creates the account. The app then holds a short-lived access token
// (a JWT, HS256, verified without the database except for the revocation check) and a
// long-lived refresh token (random, stored hashed, rotated on every use).
//
// What a sign-up creates: the driver, their wallet, and their app id tag (kind "app",
// registered in the tenant's id tags so that chargers accept the remote starts made with
// it). Logout revokes the refresh token; logout everywhere and account deletion also bump
// the driver's token version, which every access token carries, so older ones die at once.
// A used or revoked refresh token presented again is taken as stolen: all the driver's
// refresh tokens are revoked and the token version bumped (every session ends).
//
// Thread-safe: the API calls it from every I/O thread; checks and writes that must not
// interleave (rate limits, code use, sign-up, deletion) run in one store transaction.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "server/core/clock.hpp"
#include "server/drivers/access_tokens.hpp"
#include "server/drivers/driver.hpp"
#include "server/drivers/sms_sender.hpp"
#include "server/store/driver_store.hpp"
#include "server/store/order_store.hpp"
#include "server/store/store.hpp"
#include "server/store/wallet_store.hpp"

namespace ct::drivers {

struct DriverAuthConfig {
  std::int64_t access_ttl_ms = 15 * 60'000;
  std::int64_t refresh_ttl_ms = 30LL * 24 * 3'600'000;
  std::int64_t code_ttl_ms = 5 * 60'000;
  std::int64_t code_resend_ms = 60'000;  // one code per phone per minute
  int codes_per_hour = 5;                // per phone
  int code_attempts = 5;                 // wrong guesses before a code is dead
};

enum class AuthFailure {
  InvalidPhone,    // not a phone number we can text
  UnknownTenant,   // no such (enabled) operator
  TooSoon,         // a code was sent less than code_resend_ms ago
  TooManyCodes,    // codes_per_hour reached
  CodeInvalid,     // wrong, expired, used, or out of attempts
  RefreshInvalid,  // unknown, expired or already used refresh token
  AccountBusy,     // deletion refused: an order is running or money is owed or held
};
const char* to_string(AuthFailure f);

struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  core::UtcMillis access_expires_at = 0;
  core::UtcMillis refresh_expires_at = 0;
};

struct SignIn {
  Driver driver;
  TokenPair tokens;
  bool created = false;  // this sign-in created the account
};

struct CodeSent {
  core::UtcMillis expires_at = 0;
  core::UtcMillis resend_after = 0;
};

class DriverAuth final : public AccessTokenVerifier {
 public:
  // The signing key is kept in the store's settings ("driver_jwt_key"), generated on first
  // use, so tokens survive restarts and are shared by every node on one database.
  DriverAuth(store::Store& store, store::DriverStore& drivers, store::WalletStore& wallets,
             store::OrderStore& orders, SmsSender& sms, const core::Clock& clock,
             DriverAuthConfig config = {});

  std::variant<CodeSent, AuthFailure> request_code(core::Id tenant_id, const std::string& phone);
  std::variant<SignIn, AuthFailure> login(core::Id tenant_id, const std::string& phone,
                                          const std::string& code);
  // Rotation: the token is used up and a new pair issued. RefreshInvalid for an unknown,
  // expired, used or revoked token, or a driver or tenant that is gone.
  std::variant<TokenPair, AuthFailure> refresh(const std::string& refresh_token);
  // Revokes the refresh token (if given and the driver's); everywhere also kills every
  // access token issued so far.
  void logout(const DriverPrincipal& who, const std::string& refresh_token, bool everywhere);
  // AccountBusy while an order is open or unpaid or the wallet holds the driver's money;
  // nullopt once deleted (also when it already was). See driver_account_deletion.cpp.
  std::optional<AuthFailure> delete_account(const DriverPrincipal& who);

  // When the phone may ask for its next code (the resend interval after the latest one);
  // at or before now when it may ask at once. For the retry hint of a TooSoon refusal.
  core::UtcMillis code_resend_at(core::Id tenant_id, const std::string& phone);
  const DriverAuthConfig& config() const { return config_; }

  std::variant<DriverPrincipal, TokenProblem> verify_access(const std::string& token,
                                                            core::UtcMillis now) override;

  // Normalises a phone number ("+86 138-0013-8000" -> "+8613800138000"; 11 digits
  // starting with 1 get +86); nullopt when it is not one.
  static std::optional<std::string> normalize_phone(const std::string& phone);

 private:
  TokenPair issue(const Driver& d);
  const std::string& key();
  std::optional<AuthFailure> check_tenant(core::Id tenant_id);
  Driver sign_up(const core::TenantScope& scope, const std::string& phone);
  std::string unused_app_id_tag(const core::TenantScope& scope);
  std::optional<AuthFailure> busy_reason(const core::TenantScope& scope, core::Id driver_id);

  store::Store& store_;
  store::DriverStore& drivers_;
  store::WalletStore& wallets_;
  store::OrderStore& orders_;
  SmsSender& sms_;
  const core::Clock& clock_;
  DriverAuthConfig config_;
  std::mutex key_mu_;  // guards the first load of key_; it never changes afterwards
  std::string key_;
};

}  // namespace ct::drivers
