// Valid OCPP 1.6J payloads for every action (request and response), written by hand from the
// official schemas. Date-times use the canonical encoder format so that decode -> encode
// reproduces the input exactly.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "protocol/ocpp16/actions.hpp"

namespace ct::ocpp16::test {

struct Fixture {
  Action action;
  bool request;
  const char* json;
  // Paths of every required property present in `json` (as JSON-pointer-ish paths without the
  // leading slash). Any other property in `json` is optional.
  std::set<std::string> required;
};

inline const std::vector<Fixture>& fixtures() {
  static const std::vector<Fixture> kFixtures = {
      // ---- Authorize
      {Action::Authorize, true, R"({"idTag":"TAG-0001"})", {"idTag"}},
      {Action::Authorize,
       false,
       R"({"idTagInfo":{"status":"Accepted","expiryDate":"2030-01-01T00:00:00.000Z","parentIdTag":"PARENT"}})",
       {"idTagInfo", "idTagInfo/status"}},
      // ---- BootNotification
      {Action::BootNotification,
       true,
       R"({"chargePointVendor":"VendorX","chargePointModel":"ModelY","chargePointSerialNumber":"CP-SN-1","chargeBoxSerialNumber":"CB-SN-1","firmwareVersion":"1.2.3","iccid":"8931","imsi":"2620","meterType":"EMH","meterSerialNumber":"M-1"})",
       {"chargePointVendor", "chargePointModel"}},
      {Action::BootNotification,
       true,
       R"({"chargePointVendor":"V","chargePointModel":"M"})",
       {"chargePointVendor", "chargePointModel"}},
      {Action::BootNotification,
       false,
       R"({"status":"Accepted","currentTime":"2024-03-01T12:00:00.000Z","interval":300})",
       {"status", "currentTime", "interval"}},
      // ---- CancelReservation
      {Action::CancelReservation, true, R"({"reservationId":42})", {"reservationId"}},
      {Action::CancelReservation, false, R"({"status":"Rejected"})", {"status"}},
      // ---- ChangeAvailability
      {Action::ChangeAvailability,
       true,
       R"({"connectorId":1,"type":"Inoperative"})",
       {"connectorId", "type"}},
      {Action::ChangeAvailability, false, R"({"status":"Scheduled"})", {"status"}},
      // ---- ChangeConfiguration
      {Action::ChangeConfiguration,
       true,
       R"({"key":"HeartbeatInterval","value":"300"})",
       {"key", "value"}},
      {Action::ChangeConfiguration, false, R"({"status":"RebootRequired"})", {"status"}},
      // ---- ClearCache
      {Action::ClearCache, true, R"({})", {}},
      {Action::ClearCache, false, R"({"status":"Accepted"})", {"status"}},
      // ---- ClearChargingProfile
      {Action::ClearChargingProfile,
       true,
       R"({"id":7,"connectorId":1,"chargingProfilePurpose":"TxDefaultProfile","stackLevel":0})",
       {}},
      {Action::ClearChargingProfile, false, R"({"status":"Unknown"})", {"status"}},
      // ---- DataTransfer
      {Action::DataTransfer,
       true,
       R"({"vendorId":"com.example","messageId":"Ping","data":"{\"a\":1}"})",
       {"vendorId"}},
      {Action::DataTransfer, false, R"({"status":"UnknownVendorId","data":"pong"})", {"status"}},
      // ---- DiagnosticsStatusNotification
      {Action::DiagnosticsStatusNotification, true, R"({"status":"Uploaded"})", {"status"}},
      {Action::DiagnosticsStatusNotification, false, R"({})", {}},
      // ---- FirmwareStatusNotification
      {Action::FirmwareStatusNotification, true, R"({"status":"InstallationFailed"})", {"status"}},
      {Action::FirmwareStatusNotification, false, R"({})", {}},
      // ---- GetCompositeSchedule
      {Action::GetCompositeSchedule,
       true,
       R"({"connectorId":1,"duration":3600,"chargingRateUnit":"W"})",
       {"connectorId", "duration"}},
      {Action::GetCompositeSchedule,
       false,
       R"({"status":"Accepted","connectorId":1,"scheduleStart":"2024-03-01T12:00:00.000Z","chargingSchedule":{"duration":3600,"startSchedule":"2024-03-01T12:00:00.000Z","chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":16.0,"numberPhases":3},{"startPeriod":1800,"limit":10.5}],"minChargingRate":6.1}})",
       {"status", "chargingSchedule/chargingRateUnit", "chargingSchedule/chargingSchedulePeriod",
        "chargingSchedule/chargingSchedulePeriod/0/startPeriod",
        "chargingSchedule/chargingSchedulePeriod/0/limit",
        "chargingSchedule/chargingSchedulePeriod/1/startPeriod",
        "chargingSchedule/chargingSchedulePeriod/1/limit"}},
      // ---- GetConfiguration
      {Action::GetConfiguration,
       true,
       R"({"key":["HeartbeatInterval","MeterValueSampleInterval"]})",
       {}},
      {Action::GetConfiguration, true, R"({})", {}},
      {Action::GetConfiguration,
       false,
       R"({"configurationKey":[{"key":"HeartbeatInterval","readonly":false,"value":"300"},{"key":"NumberOfConnectors","readonly":true}],"unknownKey":["Foo"]})",
       {"configurationKey/0/key", "configurationKey/0/readonly", "configurationKey/1/key",
        "configurationKey/1/readonly"}},
      // ---- GetDiagnostics
      {Action::GetDiagnostics,
       true,
       R"({"location":"ftp://user:pw@example.com/diag/","retries":3,"retryInterval":60,"startTime":"2024-03-01T00:00:00.000Z","stopTime":"2024-03-02T00:00:00.000Z"})",
       {"location"}},
      {Action::GetDiagnostics, false, R"({"fileName":"diag-2024.zip"})", {}},
      // ---- GetLocalListVersion
      {Action::GetLocalListVersion, true, R"({})", {}},
      {Action::GetLocalListVersion, false, R"({"listVersion":5})", {"listVersion"}},
      // ---- Heartbeat
      {Action::Heartbeat, true, R"({})", {}},
      {Action::Heartbeat, false, R"({"currentTime":"2024-03-01T12:00:00.123Z"})", {"currentTime"}},
      // ---- MeterValues
      {Action::MeterValues,
       true,
       R"({"connectorId":1,"transactionId":17,"meterValue":[{"timestamp":"2024-03-01T12:00:00.000Z","sampledValue":[{"value":"12345","context":"Sample.Periodic","format":"Raw","measurand":"Energy.Active.Import.Register","location":"Outlet","unit":"Wh"},{"value":"230.1","measurand":"Voltage","phase":"L1-N","unit":"V"},{"value":"50","measurand":"Frequency","unit":"Hertz"}]}]})",
       {"connectorId", "meterValue", "meterValue/0/timestamp", "meterValue/0/sampledValue",
        "meterValue/0/sampledValue/0/value", "meterValue/0/sampledValue/1/value",
        "meterValue/0/sampledValue/2/value"}},
      {Action::MeterValues, false, R"({})", {}},
      // ---- RemoteStartTransaction
      {Action::RemoteStartTransaction,
       true,
       R"({"connectorId":1,"idTag":"TAG-1","chargingProfile":{"chargingProfileId":1,"transactionId":5,"stackLevel":0,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Recurring","recurrencyKind":"Daily","validFrom":"2024-01-01T00:00:00.000Z","validTo":"2025-01-01T00:00:00.000Z","chargingSchedule":{"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":11000.0}]}}})",
       {"idTag", "chargingProfile/chargingProfileId", "chargingProfile/stackLevel",
        "chargingProfile/chargingProfilePurpose", "chargingProfile/chargingProfileKind",
        "chargingProfile/chargingSchedule", "chargingProfile/chargingSchedule/chargingRateUnit",
        "chargingProfile/chargingSchedule/chargingSchedulePeriod",
        "chargingProfile/chargingSchedule/chargingSchedulePeriod/0/startPeriod",
        "chargingProfile/chargingSchedule/chargingSchedulePeriod/0/limit"}},
      {Action::RemoteStartTransaction, false, R"({"status":"Accepted"})", {"status"}},
      // ---- RemoteStopTransaction
      {Action::RemoteStopTransaction, true, R"({"transactionId":17})", {"transactionId"}},
      {Action::RemoteStopTransaction, false, R"({"status":"Rejected"})", {"status"}},
      // ---- ReserveNow
      {Action::ReserveNow,
       true,
       R"({"connectorId":2,"expiryDate":"2024-03-01T13:00:00.000Z","idTag":"TAG-2","parentIdTag":"GROUP","reservationId":9})",
       {"connectorId", "expiryDate", "idTag", "reservationId"}},
      {Action::ReserveNow, false, R"({"status":"Occupied"})", {"status"}},
      // ---- Reset
      {Action::Reset, true, R"({"type":"Hard"})", {"type"}},
      {Action::Reset, false, R"({"status":"Accepted"})", {"status"}},
      // ---- SendLocalList
      {Action::SendLocalList,
       true,
       R"({"listVersion":3,"updateType":"Differential","localAuthorizationList":[{"idTag":"A1","idTagInfo":{"status":"Blocked","expiryDate":"2030-01-01T00:00:00.000Z","parentIdTag":"P"}},{"idTag":"A2"}]})",
       {"listVersion", "updateType", "localAuthorizationList/0/idTag",
        "localAuthorizationList/0/idTagInfo/status", "localAuthorizationList/1/idTag"}},
      {Action::SendLocalList, false, R"({"status":"VersionMismatch"})", {"status"}},
      // ---- SetChargingProfile
      {Action::SetChargingProfile,
       true,
       R"({"connectorId":0,"csChargingProfiles":{"chargingProfileId":2,"stackLevel":1,"chargingProfilePurpose":"ChargePointMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":{"duration":86400,"startSchedule":"2024-03-01T00:00:00.000Z","chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":32.0,"numberPhases":3},{"startPeriod":3600,"limit":0.3}],"minChargingRate":0.1}}})",
       {"connectorId", "csChargingProfiles", "csChargingProfiles/chargingProfileId",
        "csChargingProfiles/stackLevel", "csChargingProfiles/chargingProfilePurpose",
        "csChargingProfiles/chargingProfileKind", "csChargingProfiles/chargingSchedule",
        "csChargingProfiles/chargingSchedule/chargingRateUnit",
        "csChargingProfiles/chargingSchedule/chargingSchedulePeriod",
        "csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/startPeriod",
        "csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit",
        "csChargingProfiles/chargingSchedule/chargingSchedulePeriod/1/startPeriod",
        "csChargingProfiles/chargingSchedule/chargingSchedulePeriod/1/limit"}},
      {Action::SetChargingProfile, false, R"({"status":"NotSupported"})", {"status"}},
      // ---- StartTransaction
      {Action::StartTransaction,
       true,
       R"({"connectorId":1,"idTag":"TAG-1","meterStart":1000,"reservationId":9,"timestamp":"2024-03-01T12:00:00.000Z"})",
       {"connectorId", "idTag", "meterStart", "timestamp"}},
      {Action::StartTransaction,
       false,
       R"({"idTagInfo":{"status":"ConcurrentTx"},"transactionId":123})",
       {"idTagInfo", "idTagInfo/status", "transactionId"}},
      // ---- StatusNotification
      {Action::StatusNotification,
       true,
       R"({"connectorId":1,"errorCode":"NoError","info":"ok","status":"Charging","timestamp":"2024-03-01T12:00:00.000Z","vendorId":"com.example","vendorErrorCode":"E0"})",
       {"connectorId", "errorCode", "status"}},
      {Action::StatusNotification, false, R"({})", {}},
      // ---- StopTransaction
      {Action::StopTransaction,
       true,
       R"({"idTag":"TAG-1","meterStop":21000,"timestamp":"2024-03-01T14:00:00.000Z","transactionId":123,"reason":"EVDisconnected","transactionData":[{"timestamp":"2024-03-01T12:00:00.000Z","sampledValue":[{"value":"1000","context":"Transaction.Begin","unit":"Wh"}]},{"timestamp":"2024-03-01T14:00:00.000Z","sampledValue":[{"value":"21.0","context":"Transaction.End","unit":"kWh"}]}]})",
       {"meterStop", "timestamp", "transactionId", "transactionData/0/timestamp",
        "transactionData/0/sampledValue", "transactionData/0/sampledValue/0/value",
        "transactionData/1/timestamp", "transactionData/1/sampledValue",
        "transactionData/1/sampledValue/0/value"}},
      {Action::StopTransaction,
       false,
       R"({"idTagInfo":{"status":"Accepted","expiryDate":"2030-01-01T00:00:00.000Z"}})",
       {"idTagInfo/status"}},
      {Action::StopTransaction, false, R"({})", {}},
      // ---- TriggerMessage
      {Action::TriggerMessage,
       true,
       R"({"requestedMessage":"StatusNotification","connectorId":1})",
       {"requestedMessage"}},
      {Action::TriggerMessage, false, R"({"status":"NotImplemented"})", {"status"}},
      // ---- UnlockConnector
      {Action::UnlockConnector, true, R"({"connectorId":1})", {"connectorId"}},
      {Action::UnlockConnector, false, R"({"status":"UnlockFailed"})", {"status"}},
      // ---- UpdateFirmware
      {Action::UpdateFirmware,
       true,
       R"({"location":"https://fw.example.com/cp/v2.bin?sig=a%20b","retries":2,"retrieveDate":"2024-03-02T03:00:00.000Z","retryInterval":120})",
       {"location", "retrieveDate"}},
      {Action::UpdateFirmware, false, R"({})", {}},
  };
  return kFixtures;
}

}  // namespace ct::ocpp16::test
