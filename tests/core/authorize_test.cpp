// Authorize: the id-tag decision for every status.
#include "tests/core/charge_point_fixture.hpp"

namespace ct::test {
namespace {

class AuthorizeTest : public ChargePointTest {
 protected:
  json authorize(const std::string& cpid, const std::string& tag) {
    return ok(cpid, "Authorize", {{"idTag", tag}})["idTagInfo"];
  }
};

TEST_F(AuthorizeTest, KnownTagIsAccepted) {
  standard_setup();
  json info = authorize("CP1", "TAG1");
  EXPECT_EQ(info, json({{"status", "Accepted"}}));
}

TEST_F(AuthorizeTest, AcceptedCarriesExpiryAndParent) {
  standard_setup();
  const core::UtcMillis expiry = clock_.now() + 86'400'000;
  make_tag(tenant_, "CHILD", "Accepted", expiry, "FLEET");
  json info = authorize("CP1", "CHILD");
  EXPECT_EQ(info["status"], "Accepted");
  EXPECT_EQ(parse_time(info["expiryDate"]), expiry);
  EXPECT_EQ(info["parentIdTag"], "FLEET");
}

TEST_F(AuthorizeTest, UnknownTagIsInvalid) {
  standard_setup();
  EXPECT_EQ(authorize("CP1", "NOPE")["status"], "Invalid");
}

TEST_F(AuthorizeTest, BlockedTag) {
  standard_setup();
  make_tag(tenant_, "BAD", "Blocked");
  EXPECT_EQ(authorize("CP1", "BAD")["status"], "Blocked");
}

TEST_F(AuthorizeTest, ExpiredStatus) {
  standard_setup();
  make_tag(tenant_, "OLD", "Expired");
  EXPECT_EQ(authorize("CP1", "OLD")["status"], "Expired");
}

TEST_F(AuthorizeTest, ExpiryIsJudgedByTheInjectedClock) {
  standard_setup();
  make_tag(tenant_, "SOON", "Accepted", clock_.now() + 60'000);
  EXPECT_EQ(authorize("CP1", "SOON")["status"], "Accepted");
  clock_.advance(60'001);
  EXPECT_EQ(authorize("CP1", "SOON")["status"], "Expired");
}

TEST_F(AuthorizeTest, TagOfAnotherTenantIsInvalid) {
  standard_setup();
  auto other = make_tenant("other");
  make_tag(other, "THEIRS");
  EXPECT_EQ(authorize("CP1", "THEIRS")["status"], "Invalid");
}

TEST_F(AuthorizeTest, TagChargingOnAnotherPileOfTheTenantIsConcurrentTx) {
  standard_setup();
  make_pile(tenant_, station_, "CP2");
  ok("CP2", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()));
  EXPECT_EQ(authorize("CP1", "TAG1")["status"], "ConcurrentTx");
}

TEST_F(AuthorizeTest, StoppedTransactionDoesNotMakeConcurrentTx) {
  standard_setup();
  json st = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()));
  ok("CP1", "StopTransaction",
     {{"transactionId", st["transactionId"]}, {"meterStop", 10}, {"timestamp", now_text()}});
  EXPECT_EQ(authorize("CP1", "TAG1")["status"], "Accepted");
}

TEST_F(AuthorizeTest, UnboundPileAnswersInvalid) {
  ok("NEW1", "BootNotification", {{"chargePointVendor", "V"}, {"chargePointModel", "M"}});
  EXPECT_EQ(authorize("NEW1", "TAG1")["status"], "Invalid");
}

TEST_F(AuthorizeTest, UnknownChargerAnswersInvalid) {
  EXPECT_EQ(authorize("GHOST", "TAG1")["status"], "Invalid");
}

TEST_F(AuthorizeTest, DisabledPileAnswersInvalid) {
  auto t = make_tenant("acme");
  make_pile(t, make_station(t), "CP1", 1, /*enabled=*/false);
  make_tag(t, "TAG1");
  EXPECT_EQ(authorize("CP1", "TAG1")["status"], "Invalid");
}

TEST_F(AuthorizeTest, DisabledTenantAnswersInvalid) {
  standard_setup();
  tenant_.enabled = false;
  ASSERT_TRUE(store_.update_tenant(tenant_));
  EXPECT_EQ(authorize("CP1", "TAG1")["status"], "Invalid");
}

TEST_F(AuthorizeTest, StoreFailureAnswersInvalidNotCallError) {
  standard_setup();
  store_.fail = {"find_id_tag"};
  EXPECT_EQ(authorize("CP1", "TAG1")["status"], "Invalid");
}

}  // namespace
}  // namespace ct::test
