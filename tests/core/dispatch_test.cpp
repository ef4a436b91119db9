// Dispatch: which CALLs get a CALLERROR, and which code.
#include "tests/core/charge_point_fixture.hpp"

namespace ct::test {
namespace {

class DispatchTest : public ChargePointTest {
 protected:
  void SetUp() override { standard_setup(); }
};

TEST_F(DispatchTest, UnknownActionIsNotImplemented) {
  ocpp16::Call c{"abc-1", "FrobnicateWidget", json::object()};
  auto out = svc().handle_call("CP1", c);
  ASSERT_TRUE(std::holds_alternative<ocpp16::CallError>(out));
  auto e = std::get<ocpp16::CallError>(out);
  EXPECT_EQ(e.unique_id, "abc-1");
  EXPECT_EQ(e.code, ocpp16::ErrorCode::NotImplemented);
  EXPECT_NE(e.description.find("FrobnicateWidget"), std::string::npos);
  EXPECT_TRUE(e.details.is_object());
}

TEST_F(DispatchTest, ActionNamesAreCaseSensitive) {
  EXPECT_EQ(err("CP1", "heartbeat", json::object()).code, ocpp16::ErrorCode::NotImplemented);
}

TEST_F(DispatchTest, CentralSystemActionFromChargerIsNotSupported) {
  for (const char* action :
       {"RemoteStartTransaction", "Reset", "GetConfiguration", "UnlockConnector"}) {
    SCOPED_TRACE(action);
    EXPECT_EQ(err("CP1", action, json::object()).code, ocpp16::ErrorCode::NotSupported);
  }
}

TEST_F(DispatchTest, MissingRequiredFieldIsOccurenceConstraintViolation) {
  auto e = err("CP1", "BootNotification", {{"chargePointVendor", "Acme"}});
  EXPECT_EQ(e.code, ocpp16::ErrorCode::OccurenceConstraintViolation);
  EXPECT_NE(e.description.find("chargePointModel"), std::string::npos) << e.description;
}

TEST_F(DispatchTest, WrongTypeIsTypeConstraintViolation) {
  auto e = err(
      "CP1", "StartTransaction",
      {{"connectorId", "one"}, {"idTag", "TAG1"}, {"meterStart", 0}, {"timestamp", now_text()}});
  EXPECT_EQ(e.code, ocpp16::ErrorCode::TypeConstraintViolation);
  EXPECT_NE(e.description.find("connectorId"), std::string::npos) << e.description;
}

TEST_F(DispatchTest, BadEnumIsPropertyConstraintViolation) {
  auto e = err("CP1", "StatusNotification",
               {{"connectorId", 1}, {"errorCode", "NoError"}, {"status", "Sleeping"}});
  EXPECT_EQ(e.code, ocpp16::ErrorCode::PropertyConstraintViolation);
  EXPECT_NE(e.description.find("status"), std::string::npos) << e.description;
}

TEST_F(DispatchTest, TooLongStringIsPropertyConstraintViolation) {
  auto e = err("CP1", "Authorize", {{"idTag", std::string(21, 'A')}});
  EXPECT_EQ(e.code, ocpp16::ErrorCode::PropertyConstraintViolation);
  EXPECT_NE(e.description.find("idTag"), std::string::npos) << e.description;
}

TEST_F(DispatchTest, BadTimestampIsPropertyConstraintViolation) {
  auto e =
      err("CP1", "StartTransaction",
          {{"connectorId", 1}, {"idTag", "TAG1"}, {"meterStart", 0}, {"timestamp", "yesterday"}});
  EXPECT_EQ(e.code, ocpp16::ErrorCode::PropertyConstraintViolation);
}

TEST_F(DispatchTest, UnknownPropertyIsFormationViolation) {
  auto e = err("CP1", "Heartbeat", {{"surprise", 1}});
  EXPECT_EQ(e.code, ocpp16::ErrorCode::FormationViolation);
}

TEST_F(DispatchTest, NonObjectPayloadIsFormationViolation) {
  EXPECT_EQ(err("CP1", "Heartbeat", json::array()).code, ocpp16::ErrorCode::FormationViolation);
}

TEST_F(DispatchTest, EmptyMeterValueArrayIsOccurenceConstraintViolation) {
  auto e = err("CP1", "MeterValues", {{"connectorId", 1}, {"meterValue", json::array()}});
  EXPECT_EQ(e.code, ocpp16::ErrorCode::OccurenceConstraintViolation);
}

TEST_F(DispatchTest, ConnectorIdOutOfRangeIsPropertyConstraintViolation) {
  auto neg = err("CP1", "StatusNotification",
                 {{"connectorId", -1}, {"errorCode", "NoError"}, {"status", "Available"}});
  EXPECT_EQ(neg.code, ocpp16::ErrorCode::PropertyConstraintViolation);
  EXPECT_NE(neg.description.find("connectorId"), std::string::npos);
  // A transaction is on a real connector, never the charger itself.
  auto zero =
      err("CP1", "StartTransaction",
          {{"connectorId", 0}, {"idTag", "TAG1"}, {"meterStart", 0}, {"timestamp", now_text()}});
  EXPECT_EQ(zero.code, ocpp16::ErrorCode::PropertyConstraintViolation);
  auto huge =
      err("CP1", "MeterValues",
          {{"connectorId", 1LL << 40},
           {"meterValue", json::array({{{"timestamp", now_text()},
                                        {"sampledValue", json::array({{{"value", "1"}}})}}})}});
  EXPECT_EQ(huge.code, ocpp16::ErrorCode::PropertyConstraintViolation);
  EXPECT_TRUE(store_.list_transactions(core::TenantScope::of(tenant_.id), {}).items.empty());
}

TEST_F(DispatchTest, InvalidCallChangesNothing) {
  err("CP1", "StartTransaction", {{"connectorId", 1}, {"idTag", "TAG1"}, {"meterStart", 0}});
  EXPECT_TRUE(store_.list_transactions(core::TenantScope::of(tenant_.id), {}).items.empty());
  EXPECT_TRUE(events_.empty());
}

TEST_F(DispatchTest, UnexpectedExceptionIsInternalError) {
  // A bug (an exception that is not a StoreError) becomes a CALLERROR, not a crash and
  // not a made-up protocol answer.
  store_.crash = {"find_pile_by_charge_point_id"};
  auto e = err("CP1", "BootNotification", {{"chargePointVendor", "V"}, {"chargePointModel", "M"}});
  EXPECT_EQ(e.code, ocpp16::ErrorCode::InternalError);
  store_.crash.clear();
  EXPECT_EQ(ok("CP1", "BootNotification",
               {{"chargePointVendor", "V"}, {"chargePointModel", "M"}})["status"],
            "Accepted");
}

TEST_F(DispatchTest, ThrowingVendorHandlerOfAnyTypeIsRejected) {
  svc().register_vendor(
      "com.bad",
      [](const core::Pile&, const ocpp16::DataTransferRequest&) -> ocpp16::DataTransferResponse {
        throw 42;  // not even a std::exception
      });
  EXPECT_EQ(ok("CP1", "DataTransfer", {{"vendorId", "com.bad"}})["status"], "Rejected");
}

TEST_F(DispatchTest, MeterValuesStoreFailureIsInternalErrorSoTheChargerRetries) {
  store_.fail = {"insert_meter_samples"};
  auto e =
      err("CP1", "MeterValues",
          {{"connectorId", 1},
           {"meterValue", json::array({{{"timestamp", now_text()},
                                        {"sampledValue", json::array({{{"value", "1"}}})}}})}});
  EXPECT_EQ(e.code, ocpp16::ErrorCode::InternalError);
}

TEST_F(DispatchTest, StoreDownStillAnswersNonTransactionCallsWithProtocolStatus) {
  store_.fail = {"*"};
  EXPECT_EQ(ok("CP1", "Authorize", {{"idTag", "TAG1"}})["idTagInfo"]["status"], "Invalid");
  EXPECT_TRUE(ok("CP1", "Heartbeat", json::object()).contains("currentTime"));
  EXPECT_EQ(ok("CP1", "StatusNotification",
               {{"connectorId", 1}, {"errorCode", "NoError"}, {"status", "Available"}}),
            json::object());
  EXPECT_EQ(ok("CP1", "DataTransfer", {{"vendorId", "ChargeTwin"}})["status"], "Rejected");
  EXPECT_EQ(ok("CP1", "FirmwareStatusNotification", {{"status", "Idle"}}), json::object());
  EXPECT_EQ(err("CP1", "StopTransaction",
                {{"transactionId", 1}, {"meterStop", 1}, {"timestamp", now_text()}})
                .code,
            ocpp16::ErrorCode::InternalError);
}

}  // namespace
}  // namespace ct::test
