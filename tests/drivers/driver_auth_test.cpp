// DriverAuth on the real SQLite store: codes, sign-up, tokens, refresh rotation, logout,
// account deletion.
#include "server/drivers/driver_auth.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "server/core/secrets.hpp"
#include "server/drivers/jwt.hpp"
#include "server/store/sql_store.hpp"
#include "server/wallet/ledger.hpp"

namespace ct::drivers {
namespace {

constexpr const char* kPhone = "+8613800138000";

class CapturingSms final : public SmsSender {
 public:
  struct Sent {
    core::Id tenant_id;
    std::string phone;
    std::string code;
  };
  void send_code(core::Id tenant_id, const std::string& phone, const std::string& code) override {
    sent.push_back({tenant_id, phone, code});
  }
  std::vector<Sent> sent;
};

template <class T, class V>
const T& ok(const V& v) {
  EXPECT_TRUE(std::holds_alternative<T>(v));
  return std::get<T>(v);
}

template <class V>
AuthFailure failure(const V& v) {
  EXPECT_TRUE(std::holds_alternative<AuthFailure>(v));
  return std::holds_alternative<AuthFailure>(v) ? std::get<AuthFailure>(v)
                                                : AuthFailure::InvalidPhone;
}

TokenProblem problem(const std::variant<DriverPrincipal, TokenProblem>& v) {
  EXPECT_TRUE(std::holds_alternative<TokenProblem>(v));
  return std::holds_alternative<TokenProblem>(v) ? std::get<TokenProblem>(v)
                                                 : TokenProblem::Malformed;
}

class DriverAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    db_ = std::filesystem::path(::testing::TempDir()) /
          (std::string("ct_drivers_") + info->test_suite_name() + "_" + info->name() + ".db");
    remove_db();
    store = store::open_sqlite_sql_store(db_.string(), clock);
    core::Tenant t;
    t.name = "acme";
    tenant = store->create_tenant(t).id;
    auth = make_auth();
  }

  void TearDown() override {
    auth.reset();
    store.reset();
    remove_db();
  }

  void remove_db() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(db_.string() + suffix);
  }

  std::unique_ptr<DriverAuth> make_auth() {
    return std::make_unique<DriverAuth>(*store, *store, *store, *store, sms, clock, config);
  }

  core::TenantScope scope() const { return core::TenantScope::of(tenant); }

  // Asks for a code and returns the one "texted".
  std::string code_for(const std::string& phone = kPhone) {
    auto before = sms.sent.size();
    ok<CodeSent>(auth->request_code(tenant, phone));
    EXPECT_EQ(sms.sent.size(), before + 1);
    return sms.sent.back().code;
  }

  SignIn sign_in(const std::string& phone = kPhone) {
    auto code = code_for(phone);
    return ok<SignIn>(auth->login(tenant, phone, code));
  }

  static std::string wrong(const std::string& code) {
    std::string w = code;
    w[0] = w[0] == '9' ? '0' : static_cast<char>(w[0] + 1);
    return w;
  }

  orders::Order order_of(core::Id driver_id, orders::OrderState state, int connector) {
    orders::Order o;
    o.tenant_id = tenant;
    o.driver_id = driver_id;
    o.pile_id = 1;
    o.charge_point_id = "CP-1";
    o.connector_id = connector;
    o.id_tag = "TAG";
    o.state = state;
    return store->create_order(o);
  }

  void post(core::Id driver_id, const wallet::Entry& e) {
    ASSERT_TRUE(store->post_entries(scope(), driver_id, {e}, clock.now()));
  }

  core::ManualClock clock{1'767'225'600'000};  // 2026-01-01T00:00:00Z
  DriverAuthConfig config;
  CapturingSms sms;
  std::unique_ptr<store::SqlStore> store;
  std::unique_ptr<DriverAuth> auth;
  core::Id tenant = 0;

 private:
  std::filesystem::path db_;
};

// --- codes ---------------------------------------------------------------------------

TEST_F(DriverAuthTest, CodeIsSixRandomDigitsStoredOnlyAsItsHash) {
  auto sent = ok<CodeSent>(auth->request_code(tenant, "138 0013 8000"));
  EXPECT_EQ(sent.expires_at, clock.now() + config.code_ttl_ms);
  EXPECT_EQ(sent.resend_after, clock.now() + config.code_resend_ms);
  ASSERT_EQ(sms.sent.size(), 1u);
  EXPECT_EQ(sms.sent[0].tenant_id, tenant);
  EXPECT_EQ(sms.sent[0].phone, kPhone);  // normalised before sending
  const auto& code = sms.sent[0].code;
  ASSERT_EQ(code.size(), 6u);
  EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos);
  auto stored = store->latest_sms_code(scope(), kPhone);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->code_hash, core::sha256_hex(code));
  EXPECT_EQ(stored->attempts, 0);
  EXPECT_FALSE(stored->used);
}

TEST_F(DriverAuthTest, CodesVary) {
  std::set<std::string> codes;
  for (int i = 0; i < 5; ++i) {
    codes.insert(code_for("+8613800138" + std::to_string(100 + i)));
  }
  EXPECT_GT(codes.size(), 1u);  // five equal random codes: 1 in 10^24
}

TEST_F(DriverAuthTest, ResendIntervalAndHourlyLimit) {
  code_for();
  EXPECT_EQ(failure(auth->request_code(tenant, kPhone)), AuthFailure::TooSoon);
  EXPECT_EQ(auth->code_resend_at(tenant, kPhone), clock.now() + config.code_resend_ms);
  clock.advance(config.code_resend_ms - 1);
  EXPECT_EQ(failure(auth->request_code(tenant, kPhone)), AuthFailure::TooSoon);
  clock.advance(1);
  code_for();
  for (int i = 2; i < config.codes_per_hour; ++i) {
    clock.advance(config.code_resend_ms);
    code_for();
  }
  clock.advance(config.code_resend_ms);
  EXPECT_EQ(failure(auth->request_code(tenant, kPhone)), AuthFailure::TooManyCodes);
  EXPECT_EQ(sms.sent.size(), static_cast<std::size_t>(config.codes_per_hour));
  // Another number is not affected.
  code_for("+8613900139000");
  // An hour after the first code, the window has room again.
  clock.set(1'767'225'600'000 + 3'600'001);
  code_for();
}

TEST_F(DriverAuthTest, InvalidPhoneAndUnknownOrDisabledTenant) {
  EXPECT_EQ(failure(auth->request_code(tenant, "12345")), AuthFailure::InvalidPhone);
  EXPECT_EQ(failure(auth->login(tenant, "call me", "123456")), AuthFailure::InvalidPhone);
  EXPECT_EQ(failure(auth->request_code(999, kPhone)), AuthFailure::UnknownTenant);
  EXPECT_EQ(failure(auth->request_code(0, kPhone)), AuthFailure::UnknownTenant);
  auto t = *store->get_tenant(tenant);
  t.enabled = false;
  store->update_tenant(t);
  EXPECT_EQ(failure(auth->request_code(tenant, kPhone)), AuthFailure::UnknownTenant);
  EXPECT_EQ(failure(auth->login(tenant, kPhone, "123456")), AuthFailure::UnknownTenant);
  EXPECT_TRUE(sms.sent.empty());
}

// --- sign-in -------------------------------------------------------------------------

TEST_F(DriverAuthTest, FirstLoginCreatesDriverIdTagAndWallet) {
  auto s = sign_in("138-0013-8000");
  EXPECT_TRUE(s.created);
  EXPECT_GT(s.driver.id, 0);
  EXPECT_EQ(s.driver.tenant_id, tenant);
  EXPECT_EQ(s.driver.phone, kPhone);
  EXPECT_EQ(s.driver.nickname, "138****8000");
  EXPECT_EQ(s.driver.token_version, 1);
  ASSERT_EQ(s.driver.id_tag.size(), 15u);
  EXPECT_EQ(s.driver.id_tag.rfind("APP", 0), 0u);
  EXPECT_EQ(s.driver.id_tag.find_first_not_of("0123456789ABCDEF", 3), std::string::npos);

  auto tag = store->find_id_tag(scope(), s.driver.id_tag);
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->kind, "app");
  EXPECT_EQ(tag->status, "Accepted");
  EXPECT_EQ(tag->holder, kPhone);
  auto ledger = store->verify_ledger();
  EXPECT_EQ(ledger.wallets, 1);
  EXPECT_TRUE(ledger.ok());

  auto stored = store->get_driver(scope(), s.driver.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->id_tag, s.driver.id_tag);
  EXPECT_TRUE(store->latest_sms_code(scope(), kPhone)->used);
}

TEST_F(DriverAuthTest, LaterLoginFindsTheSameDriver) {
  auto first = sign_in();
  clock.advance(config.code_resend_ms);
  auto second = sign_in("+86 138 0013 8000");
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.driver.id, first.driver.id);
  EXPECT_EQ(second.driver.id_tag, first.driver.id_tag);
  EXPECT_EQ(store->list_id_tags(scope(), {}).total, 1);
  EXPECT_EQ(store->verify_ledger().wallets, 1);
  EXPECT_EQ(store->list_drivers(scope(), "", {}).total, 1);
}

TEST_F(DriverAuthTest, DriversOfTwoTenantsAreSeparate) {
  core::Tenant other;
  other.name = "beta";
  auto beta = store->create_tenant(other).id;
  auto a = sign_in();
  ok<CodeSent>(auth->request_code(beta, kPhone));  // no TooSoon: limits are per tenant
  auto b = ok<SignIn>(auth->login(beta, kPhone, sms.sent.back().code));
  EXPECT_TRUE(b.created);
  EXPECT_NE(a.driver.id, b.driver.id);
  EXPECT_EQ(b.driver.tenant_id, beta);
  // A code of one tenant does not sign in at the other.
  clock.advance(config.code_resend_ms);
  auto code = code_for();
  EXPECT_EQ(failure(auth->login(beta, kPhone, code)), AuthFailure::CodeInvalid);
}

TEST_F(DriverAuthTest, WrongCodesCountAndKillTheCode) {
  auto code = code_for();
  for (int i = 0; i < config.code_attempts - 1; ++i)
    EXPECT_EQ(failure(auth->login(tenant, kPhone, wrong(code))), AuthFailure::CodeInvalid);
  EXPECT_EQ(store->latest_sms_code(scope(), kPhone)->attempts, config.code_attempts - 1);
  // One guess left: the right code still works.
  ok<SignIn>(auth->login(tenant, kPhone, code));

  clock.advance(config.code_resend_ms);
  code = code_for();
  for (int i = 0; i < config.code_attempts; ++i)
    EXPECT_EQ(failure(auth->login(tenant, kPhone, wrong(code))), AuthFailure::CodeInvalid);
  EXPECT_EQ(failure(auth->login(tenant, kPhone, code)), AuthFailure::CodeInvalid);
  EXPECT_EQ(failure(auth->login(tenant, kPhone, "")), AuthFailure::CodeInvalid);
  EXPECT_EQ(store->latest_sms_code(scope(), kPhone)->attempts, config.code_attempts);
}

TEST_F(DriverAuthTest, CodeExpiresAndIsSingleUse) {
  auto code = code_for();
  clock.advance(config.code_ttl_ms);
  EXPECT_EQ(failure(auth->login(tenant, kPhone, code)), AuthFailure::CodeInvalid);

  code = code_for();
  clock.advance(config.code_ttl_ms - 1);
  ok<SignIn>(auth->login(tenant, kPhone, code));
  EXPECT_EQ(failure(auth->login(tenant, kPhone, code)), AuthFailure::CodeInvalid);
}

TEST_F(DriverAuthTest, OnlyTheLatestCodeSignsIn) {
  auto first = code_for();
  clock.advance(config.code_resend_ms);
  auto second = code_for();
  if (first != second) {
    EXPECT_EQ(failure(auth->login(tenant, kPhone, first)), AuthFailure::CodeInvalid);
  }
  ok<SignIn>(auth->login(tenant, kPhone, second));
}

TEST_F(DriverAuthTest, LoginWithoutACode) {
  EXPECT_EQ(failure(auth->login(tenant, kPhone, "123456")), AuthFailure::CodeInvalid);
  EXPECT_EQ(store->list_drivers(scope(), "", {}).total, 0);
}

// --- access tokens -----------------------------------------------------------------

TEST_F(DriverAuthTest, AccessTokenNamesTheDriverUntilItExpires) {
  auto s = sign_in();
  EXPECT_EQ(s.tokens.access_expires_at, clock.now() + config.access_ttl_ms);
  EXPECT_EQ(s.tokens.refresh_expires_at, clock.now() + config.refresh_ttl_ms);
  EXPECT_EQ(s.tokens.refresh_token.rfind("ctr_", 0), 0u);
  auto who = ok<DriverPrincipal>(auth->verify_access(s.tokens.access_token, clock.now()));
  EXPECT_EQ(who.tenant_id, tenant);
  EXPECT_EQ(who.driver_id, s.driver.id);
  EXPECT_EQ(problem(auth->verify_access(s.tokens.access_token, s.tokens.access_expires_at)),
            TokenProblem::Expired);
  EXPECT_EQ(problem(auth->verify_access("ctt_0123", clock.now())), TokenProblem::Malformed);
  auto tampered = s.tokens.access_token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(problem(auth->verify_access(tampered, clock.now())), TokenProblem::BadSignature);
}

TEST_F(DriverAuthTest, SigningKeyIsKeptInTheStoreAndShared) {
  auto s = sign_in();
  auto key = store->get_setting("driver_jwt_key");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 64u);
  // Another DriverAuth on the same database (a restart, another node) accepts the token.
  auto again = make_auth();
  ok<DriverPrincipal>(again->verify_access(s.tokens.access_token, clock.now()));
  // A token signed with another key is refused.
  jwt::Claims c{s.driver.id, tenant, 1, clock.now() / 1000, clock.now() / 1000 + 60};
  EXPECT_EQ(problem(auth->verify_access(jwt::sign(c, "not our key"), clock.now())),
            TokenProblem::BadSignature);
}

TEST_F(DriverAuthTest, DisabledTenantRevokesAccess) {
  auto s = sign_in();
  auto t = *store->get_tenant(tenant);
  t.enabled = false;
  store->update_tenant(t);
  EXPECT_EQ(problem(auth->verify_access(s.tokens.access_token, clock.now())),
            TokenProblem::Revoked);
  EXPECT_EQ(failure(auth->refresh(s.tokens.refresh_token)), AuthFailure::RefreshInvalid);
}

// --- refresh -------------------------------------------------------------------------

TEST_F(DriverAuthTest, RefreshRotates) {
  auto s = sign_in();
  clock.advance(60'000);
  auto p2 = ok<TokenPair>(auth->refresh(s.tokens.refresh_token));
  EXPECT_NE(p2.refresh_token, s.tokens.refresh_token);
  EXPECT_EQ(p2.access_expires_at, clock.now() + config.access_ttl_ms);
  ok<DriverPrincipal>(auth->verify_access(p2.access_token, clock.now()));
  // The old access token stays valid until it expires (only the refresh token rotates).
  ok<DriverPrincipal>(auth->verify_access(s.tokens.access_token, clock.now()));
  auto p3 = ok<TokenPair>(auth->refresh(p2.refresh_token));
  ok<DriverPrincipal>(auth->verify_access(p3.access_token, clock.now()));
  // Only the hash is stored.
  EXPECT_FALSE(store->find_refresh_token(p3.refresh_token));
  EXPECT_TRUE(store->find_refresh_token(core::sha256_hex(p3.refresh_token)));
}

TEST_F(DriverAuthTest, ReusedRefreshTokenEndsEverySession) {
  auto s = sign_in();
  auto p2 = ok<TokenPair>(auth->refresh(s.tokens.refresh_token));
  // Another device of the same driver.
  clock.advance(config.code_resend_ms);
  auto other = sign_in();
  // The first refresh token comes back: stolen.
  EXPECT_EQ(failure(auth->refresh(s.tokens.refresh_token)), AuthFailure::RefreshInvalid);
  EXPECT_EQ(failure(auth->refresh(p2.refresh_token)), AuthFailure::RefreshInvalid);
  EXPECT_EQ(failure(auth->refresh(other.tokens.refresh_token)), AuthFailure::RefreshInvalid);
  EXPECT_EQ(problem(auth->verify_access(p2.access_token, clock.now())), TokenProblem::Revoked);
  EXPECT_EQ(problem(auth->verify_access(other.tokens.access_token, clock.now())),
            TokenProblem::Revoked);
  // Signing in again works.
  clock.advance(config.code_resend_ms);
  auto fresh = sign_in();
  ok<DriverPrincipal>(auth->verify_access(fresh.tokens.access_token, clock.now()));
}

TEST_F(DriverAuthTest, RefreshTokenExpiresAndUnknownOnesFail) {
  auto s = sign_in();
  EXPECT_EQ(failure(auth->refresh("")), AuthFailure::RefreshInvalid);
  EXPECT_EQ(failure(auth->refresh("ctr_unknown")), AuthFailure::RefreshInvalid);
  EXPECT_EQ(failure(auth->refresh(s.tokens.access_token)), AuthFailure::RefreshInvalid);
  clock.advance(config.refresh_ttl_ms);
  EXPECT_EQ(failure(auth->refresh(s.tokens.refresh_token)), AuthFailure::RefreshInvalid);
}

// --- logout --------------------------------------------------------------------------

TEST_F(DriverAuthTest, LogoutRevokesItsRefreshToken) {
  auto s = sign_in();
  DriverPrincipal who{tenant, s.driver.id};
  clock.advance(config.code_resend_ms);
  auto other_device = sign_in();
  auth->logout(who, s.tokens.refresh_token, false);
  // The access token lives out its few minutes; the refresh token was the session. The
  // driver's other sessions are not touched.
  ok<DriverPrincipal>(auth->verify_access(s.tokens.access_token, clock.now()));
  EXPECT_TRUE(store->find_refresh_token(core::sha256_hex(s.tokens.refresh_token))->revoked);
  auto rotated = ok<TokenPair>(auth->refresh(other_device.tokens.refresh_token));
  // The logged-out token coming back is treated like any reused one: every session ends.
  EXPECT_EQ(failure(auth->refresh(s.tokens.refresh_token)), AuthFailure::RefreshInvalid);
  EXPECT_EQ(problem(auth->verify_access(s.tokens.access_token, clock.now())),
            TokenProblem::Revoked);
  EXPECT_EQ(failure(auth->refresh(rotated.refresh_token)), AuthFailure::RefreshInvalid);
}

TEST_F(DriverAuthTest, LogoutEverywhereRevokesAccessTokens) {
  auto phone_a = sign_in();
  clock.advance(config.code_resend_ms);
  auto phone_b = sign_in();
  auth->logout({tenant, phone_a.driver.id}, "", true);
  EXPECT_EQ(problem(auth->verify_access(phone_a.tokens.access_token, clock.now())),
            TokenProblem::Revoked);
  EXPECT_EQ(problem(auth->verify_access(phone_b.tokens.access_token, clock.now())),
            TokenProblem::Revoked);
  EXPECT_EQ(store->get_driver(scope(), phone_a.driver.id)->token_version, 2);
  EXPECT_TRUE(store->find_refresh_token(core::sha256_hex(phone_b.tokens.refresh_token))->revoked);
  EXPECT_EQ(failure(auth->refresh(phone_b.tokens.refresh_token)), AuthFailure::RefreshInvalid);
  clock.advance(config.code_resend_ms);
  auto again = sign_in();
  ok<DriverPrincipal>(auth->verify_access(again.tokens.access_token, clock.now()));
}

TEST_F(DriverAuthTest, LogoutLeavesOtherDriversTokensAlone) {
  auto a = sign_in();
  auto b = sign_in("+8613900139000");
  auth->logout({tenant, a.driver.id}, b.tokens.refresh_token, false);
  ok<TokenPair>(auth->refresh(b.tokens.refresh_token));
}

// --- deletion ------------------------------------------------------------------------

TEST_F(DriverAuthTest, DeletionRefusedWhileAnOrderIsOpen) {
  auto s = sign_in();
  DriverPrincipal who{tenant, s.driver.id};
  int connector = 1;
  for (auto state :
       {orders::OrderState::Created, orders::OrderState::Starting, orders::OrderState::Charging,
        orders::OrderState::Stopping, orders::OrderState::Abnormal}) {
    auto o = order_of(s.driver.id, state, connector++);
    EXPECT_EQ(auth->delete_account(who), AuthFailure::AccountBusy) << orders::to_string(state);
    o.state = orders::OrderState::Settled;
    store->update_order(o);
  }
  // Orders that are over (settled, paid) do not block.
  EXPECT_EQ(auth->delete_account(who), std::nullopt);
}

TEST_F(DriverAuthTest, DeletionRefusedWithAnUnpaidOrder) {
  auto s = sign_in();
  auto o = order_of(s.driver.id, orders::OrderState::Settled, 1);
  o.debt_fen = 120;
  store->update_order(o);
  DriverPrincipal who{tenant, s.driver.id};
  EXPECT_EQ(auth->delete_account(who), AuthFailure::AccountBusy);
  o.debt_fen = 0;
  store->update_order(o);
  EXPECT_EQ(auth->delete_account(who), std::nullopt);
}

TEST_F(DriverAuthTest, DeletionRefusedWithMoneyButNotForGiftAlone) {
  auto s = sign_in();
  DriverPrincipal who{tenant, s.driver.id};
  post(s.driver.id, wallet::gift(500, "promo:1", "welcome"));
  // Held gift is frozen: an order may still use it.
  auto w = store->get_wallet(scope(), s.driver.id);
  auto hold = wallet::adjust_hold(w.balances, {}, 300, "order:1");
  ASSERT_TRUE(hold);
  post(s.driver.id, hold->entry);
  EXPECT_EQ(auth->delete_account(who), AuthFailure::AccountBusy);
  w = store->get_wallet(scope(), s.driver.id);
  auto release = wallet::adjust_hold(w.balances, hold->hold, 0, "order:1");
  ASSERT_TRUE(release);
  post(s.driver.id, release->entry);
  // Cash blocks.
  post(s.driver.id, wallet::recharge(1000, "sandbox", "payment:1"));
  EXPECT_EQ(auth->delete_account(who), AuthFailure::AccountBusy);
  EXPECT_FALSE(store->get_driver(scope(), s.driver.id)->deleted);
}

TEST_F(DriverAuthTest, GiftAloneIsForfeitedAndDeletionErasesTheAccount) {
  auto s = sign_in();
  DriverPrincipal who{tenant, s.driver.id};
  post(s.driver.id, wallet::gift(500, "promo:1", "welcome"));
  drivers::Vehicle v;
  v.driver_id = s.driver.id;
  v.plate = "沪A12345";
  store->add_vehicle(scope(), v);
  core::Station st;
  st.name = "S";
  auto station = store->create_station(scope(), st);
  store->add_favourite(scope(), s.driver.id, station.id, clock.now());

  clock.advance(1000);
  EXPECT_EQ(auth->delete_account(who), std::nullopt);
  auto d = store->get_driver(scope(), s.driver.id);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->deleted);
  EXPECT_EQ(d->deleted_at, clock.now());
  EXPECT_EQ(d->phone, "deleted:" + std::to_string(d->id));
  EXPECT_EQ(d->nickname, "");
  EXPECT_EQ(d->token_version, 2);
  auto tag = store->find_id_tag(scope(), s.driver.id_tag);
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->status, "Blocked");
  EXPECT_EQ(tag->holder, d->phone);
  EXPECT_TRUE(store->list_vehicles(scope(), d->id).empty());
  EXPECT_TRUE(store->list_favourites(scope(), d->id).empty());
  EXPECT_EQ(problem(auth->verify_access(s.tokens.access_token, clock.now())),
            TokenProblem::Revoked);
  EXPECT_EQ(failure(auth->refresh(s.tokens.refresh_token)), AuthFailure::RefreshInvalid);
  // Deleting twice is a no-op.
  EXPECT_EQ(auth->delete_account(who), std::nullopt);

  // The number is free: signing in again creates a new account with a new id tag.
  clock.advance(config.code_resend_ms);
  auto again = sign_in();
  EXPECT_TRUE(again.created);
  EXPECT_NE(again.driver.id, s.driver.id);
  EXPECT_NE(again.driver.id_tag, s.driver.id_tag);
  EXPECT_EQ(again.driver.phone, kPhone);
}

TEST(AuthNames, EveryFailureAndProblemHasAName) {
  for (auto f : {AuthFailure::InvalidPhone, AuthFailure::UnknownTenant, AuthFailure::TooSoon,
                 AuthFailure::TooManyCodes, AuthFailure::CodeInvalid, AuthFailure::RefreshInvalid,
                 AuthFailure::AccountBusy})
    EXPECT_STRNE(to_string(f), "unknown");
  EXPECT_STREQ(to_string(TokenProblem::Malformed), "malformed");
  EXPECT_STREQ(to_string(TokenProblem::BadSignature), "bad_signature");
  EXPECT_STREQ(to_string(TokenProblem::Expired), "expired");
  EXPECT_STREQ(to_string(TokenProblem::Revoked), "revoked");
}

}  // namespace
}  // namespace ct::drivers
