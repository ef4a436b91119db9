// DataTransfer routing by vendorId.
#include "tests/core/charge_point_fixture.hpp"

namespace ct::test {
namespace {

class DataTransferTest : public ChargePointTest {
 protected:
  void SetUp() override { standard_setup(); }
};

TEST_F(DataTransferTest, BuiltinVendorEchoes) {
  json r = ok("CP1", "DataTransfer",
              {{"vendorId", "ChargeTwin"}, {"messageId", "echo"}, {"data", "{\"x\":1}"}});
  EXPECT_EQ(r, json({{"status", "Accepted"}, {"data", "{\"x\":1}"}}));
}

TEST_F(DataTransferTest, BuiltinVendorUnknownMessage) {
  json r = ok("CP1", "DataTransfer", {{"vendorId", "ChargeTwin"}, {"messageId", "nope"}});
  EXPECT_EQ(r["status"], "UnknownMessageId");
}

TEST_F(DataTransferTest, UnknownVendor) {
  json r = ok("CP1", "DataTransfer", {{"vendorId", "com.other"}, {"data", "x"}});
  EXPECT_EQ(r, json({{"status", "UnknownVendorId"}}));
}

TEST_F(DataTransferTest, EveryDataTransferIsKeptVerbatim) {
  clock_.set(1'750'000'000'000);
  ok("CP1", "DataTransfer", {{"vendorId", "com.other"}, {"data", "x"}});
  ok("CP1", "DataTransfer", {{"vendorId", "ChargeTwin"}, {"messageId", "echo"}});
  ASSERT_EQ(store_.charger_messages.size(), 2u);
  const auto& m = store_.charger_messages[0];
  EXPECT_EQ(m.action, "DataTransfer");
  EXPECT_EQ(m.pile_id, pile_.id);
  EXPECT_EQ(m.tenant_id, tenant_.id);
  EXPECT_EQ(m.received_at, 1'750'000'000'000);
  EXPECT_EQ(json::parse(m.payload_json), json({{"vendorId", "com.other"}, {"data", "x"}}));
}

TEST_F(DataTransferTest, RegisteredVendorGetsPileAndRequest) {
  std::string seen_cpid;
  core::Id seen_pile = 0;
  svc().register_vendor("com.acme",
                        [&](const core::Pile& p, const ocpp16::DataTransferRequest& req) {
                          seen_cpid = p.charge_point_id;
                          seen_pile = p.id;
                          ocpp16::DataTransferResponse resp;
                          resp.status = ocpp16::DataTransferStatus::Rejected;
                          resp.data = "seen:" + req.data.value_or("");
                          return resp;
                        });
  json r = ok("CP1", "DataTransfer", {{"vendorId", "com.acme"}, {"messageId", "m"}, {"data", "d"}});
  EXPECT_EQ(r, json({{"status", "Rejected"}, {"data", "seen:d"}}));
  EXPECT_EQ(seen_cpid, "CP1");
  EXPECT_EQ(seen_pile, pile_.id);
}

TEST_F(DataTransferTest, ThrowingVendorAnswersRejected) {
  svc().register_vendor(
      "com.bug",
      [](const core::Pile&, const ocpp16::DataTransferRequest&) -> ocpp16::DataTransferResponse {
        throw std::runtime_error("boom");
      });
  EXPECT_EQ(ok("CP1", "DataTransfer", {{"vendorId", "com.bug"}})["status"], "Rejected");
}

}  // namespace
}  // namespace ct::test
