// WebSocket handshake admission.
#include "server/core/secrets.hpp"
#include "tests/core/charge_point_fixture.hpp"

namespace ct::test {
namespace {

class AdmissionTest : public ChargePointTest {
 protected:
  void SetUp() override {
    standard_setup();
    auto secured = make_pile(tenant_, station_, "CPSEC");
    secured.password_hash = core::hash_password("s3cret-s3cret");
    ASSERT_TRUE(store_.update_pile(core::TenantScope::of(tenant_.id), secured));
  }
};

TEST_F(AdmissionTest, UnknownChargerIsAdmitted) {
  auto a = svc().admit("NEWCP", std::nullopt, std::nullopt);
  EXPECT_TRUE(a.allowed);
  EXPECT_EQ(a.http_status, 200);
}

TEST_F(AdmissionTest, PileWithoutPasswordIsAdmittedWithOrWithoutCredentials) {
  EXPECT_TRUE(svc().admit("CP1", std::nullopt, std::nullopt).allowed);
  EXPECT_TRUE(svc().admit("CP1", "CP1", "whatever").allowed);
}

TEST_F(AdmissionTest, PasswordIsRequiredAndChecked) {
  auto none = svc().admit("CPSEC", std::nullopt, std::nullopt);
  EXPECT_FALSE(none.allowed);
  EXPECT_EQ(none.http_status, 401);
  auto wrong = svc().admit("CPSEC", "CPSEC", "nope");
  EXPECT_FALSE(wrong.allowed);
  EXPECT_EQ(wrong.http_status, 401);
  auto wrong_user = svc().admit("CPSEC", "CP1", "s3cret-s3cret");
  EXPECT_FALSE(wrong_user.allowed);
  EXPECT_EQ(wrong_user.http_status, 401);
  auto right = svc().admit("CPSEC", "CPSEC", "s3cret-s3cret");
  EXPECT_TRUE(right.allowed);
  EXPECT_EQ(right.http_status, 200);
}

TEST_F(AdmissionTest, DisabledPileIsAdmittedAndRejectedAtBoot) {
  auto p = reload(pile_);
  p.enabled = false;
  ASSERT_TRUE(store_.update_pile(core::TenantScope::of(tenant_.id), p));
  EXPECT_TRUE(svc().admit("CP1", std::nullopt, std::nullopt).allowed);
  EXPECT_EQ(ok("CP1", "BootNotification",
               {{"chargePointVendor", "V"}, {"chargePointModel", "M"}})["status"],
            "Rejected");
}

TEST_F(AdmissionTest, MalformedChargePointIdIsBadRequest) {
  for (std::string id :
       {std::string(), std::string("has space"), std::string(65, 'x'), std::string("tab\tid")}) {
    SCOPED_TRACE(id);
    auto a = svc().admit(id, std::nullopt, std::nullopt);
    EXPECT_FALSE(a.allowed);
    EXPECT_EQ(a.http_status, 400);
  }
}

TEST_F(AdmissionTest, StoreFailureIsServiceUnavailable) {
  store_.fail = {"find_pile_by_charge_point_id"};
  auto a = svc().admit("CP1", std::nullopt, std::nullopt);
  EXPECT_FALSE(a.allowed);
  EXPECT_EQ(a.http_status, 503);
}

}  // namespace
}  // namespace ct::test
