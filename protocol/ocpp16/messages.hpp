// Typed OCPP 1.6J messages: one plain struct per request/response, nested types, and the
// decode/encode functions.
//
// Conventions: snake_case members mirror the schema's camelCase names; std::optional for
// optional fields (optional arrays are std::optional<std::vector<...>> so that "absent" and
// "empty" round-trip); std::int64_t for every "integer"; double for "number"; DateTime for
// "date-time"; enum classes from enums.hpp. String lengths are validated by decode(), not
// by the types.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocol/ocpp16/actions.hpp"
#include "protocol/ocpp16/datetime.hpp"
#include "protocol/ocpp16/enums.hpp"
#include "protocol/ocpp16/validation.hpp"

namespace ct::ocpp16 {

#define CT_OCPP16_EQ(T) bool operator==(const T&) const = default

// ---- nested types ---------------------------------------------------------------------

struct IdTagInfo {
  std::optional<DateTime> expiry_date;
  std::optional<std::string> parent_id_tag;  // maxLength 20
  AuthorizationStatus status = AuthorizationStatus::Accepted;
  CT_OCPP16_EQ(IdTagInfo);
};

struct SampledValue {
  std::string value;
  std::optional<ReadingContext> context;
  std::optional<ValueFormat> format;
  std::optional<Measurand> measurand;
  std::optional<Phase> phase;
  std::optional<Location> location;
  std::optional<UnitOfMeasure> unit;
  CT_OCPP16_EQ(SampledValue);
};

struct MeterValue {
  DateTime timestamp;
  std::vector<SampledValue> sampled_value;  // minItems 1 in MeterValues.req
  CT_OCPP16_EQ(MeterValue);
};

struct ChargingSchedulePeriod {
  std::int64_t start_period = 0;
  double limit = 0.0;  // multipleOf 0.1
  std::optional<std::int64_t> number_phases;
  CT_OCPP16_EQ(ChargingSchedulePeriod);
};

struct ChargingSchedule {
  std::optional<std::int64_t> duration;
  std::optional<DateTime> start_schedule;
  ChargingRateUnit charging_rate_unit = ChargingRateUnit::A;
  std::vector<ChargingSchedulePeriod> charging_schedule_period;
  std::optional<double> min_charging_rate;  // multipleOf 0.1
  CT_OCPP16_EQ(ChargingSchedule);
};

struct ChargingProfile {
  std::int64_t charging_profile_id = 0;
  std::optional<std::int64_t> transaction_id;
  std::int64_t stack_level = 0;
  ChargingProfilePurposeType charging_profile_purpose = ChargingProfilePurposeType::TxProfile;
  ChargingProfileKindType charging_profile_kind = ChargingProfileKindType::Absolute;
  std::optional<RecurrencyKindType> recurrency_kind;
  std::optional<DateTime> valid_from;
  std::optional<DateTime> valid_to;
  ChargingSchedule charging_schedule;
  CT_OCPP16_EQ(ChargingProfile);
};

struct KeyValue {
  std::string key;  // maxLength 50
  bool readonly = false;
  std::optional<std::string> value;  // maxLength 500
  CT_OCPP16_EQ(KeyValue);
};

struct AuthorizationData {
  std::string id_tag;  // maxLength 20
  std::optional<IdTagInfo> id_tag_info;
  CT_OCPP16_EQ(AuthorizationData);
};

// ---- messages -------------------------------------------------------------------------

struct AuthorizeRequest {
  std::string id_tag;
  CT_OCPP16_EQ(AuthorizeRequest);
};
struct AuthorizeResponse {
  IdTagInfo id_tag_info;
  CT_OCPP16_EQ(AuthorizeResponse);
};

struct BootNotificationRequest {
  std::string charge_point_vendor;                        // 20
  std::string charge_point_model;                         // 20
  std::optional<std::string> charge_point_serial_number;  // 25
  std::optional<std::string> charge_box_serial_number;    // 25
  std::optional<std::string> firmware_version;            // 50
  std::optional<std::string> iccid;                       // 20
  std::optional<std::string> imsi;                        // 20
  std::optional<std::string> meter_type;                  // 25
  std::optional<std::string> meter_serial_number;         // 25
  CT_OCPP16_EQ(BootNotificationRequest);
};
struct BootNotificationResponse {
  RegistrationStatus status = RegistrationStatus::Accepted;
  DateTime current_time;
  std::int64_t interval = 0;
  CT_OCPP16_EQ(BootNotificationResponse);
};

struct CancelReservationRequest {
  std::int64_t reservation_id = 0;
  CT_OCPP16_EQ(CancelReservationRequest);
};
struct CancelReservationResponse {
  CancelReservationStatus status = CancelReservationStatus::Accepted;
  CT_OCPP16_EQ(CancelReservationResponse);
};

struct ChangeAvailabilityRequest {
  std::int64_t connector_id = 0;
  AvailabilityType type = AvailabilityType::Operative;
  CT_OCPP16_EQ(ChangeAvailabilityRequest);
};
struct ChangeAvailabilityResponse {
  AvailabilityStatus status = AvailabilityStatus::Accepted;
  CT_OCPP16_EQ(ChangeAvailabilityResponse);
};

struct ChangeConfigurationRequest {
  std::string key;    // 50
  std::string value;  // 500
  CT_OCPP16_EQ(ChangeConfigurationRequest);
};
struct ChangeConfigurationResponse {
  ConfigurationStatus status = ConfigurationStatus::Accepted;
  CT_OCPP16_EQ(ChangeConfigurationResponse);
};

struct ClearCacheRequest {
  CT_OCPP16_EQ(ClearCacheRequest);
};
struct ClearCacheResponse {
  ClearCacheStatus status = ClearCacheStatus::Accepted;
  CT_OCPP16_EQ(ClearCacheResponse);
};

struct ClearChargingProfileRequest {
  std::optional<std::int64_t> id;
  std::optional<std::int64_t> connector_id;
  std::optional<ChargingProfilePurposeType> charging_profile_purpose;
  std::optional<std::int64_t> stack_level;
  CT_OCPP16_EQ(ClearChargingProfileRequest);
};
struct ClearChargingProfileResponse {
  ClearChargingProfileStatus status = ClearChargingProfileStatus::Accepted;
  CT_OCPP16_EQ(ClearChargingProfileResponse);
};

struct DataTransferRequest {
  std::string vendor_id;                  // 255
  std::optional<std::string> message_id;  // 50
  std::optional<std::string> data;
  CT_OCPP16_EQ(DataTransferRequest);
};
struct DataTransferResponse {
  DataTransferStatus status = DataTransferStatus::Accepted;
  std::optional<std::string> data;
  CT_OCPP16_EQ(DataTransferResponse);
};

struct DiagnosticsStatusNotificationRequest {
  DiagnosticsStatus status = DiagnosticsStatus::Idle;
  CT_OCPP16_EQ(DiagnosticsStatusNotificationRequest);
};
struct DiagnosticsStatusNotificationResponse {
  CT_OCPP16_EQ(DiagnosticsStatusNotificationResponse);
};

struct FirmwareStatusNotificationRequest {
  FirmwareStatus status = FirmwareStatus::Idle;
  CT_OCPP16_EQ(FirmwareStatusNotificationRequest);
};
struct FirmwareStatusNotificationResponse {
  CT_OCPP16_EQ(FirmwareStatusNotificationResponse);
};

struct GetCompositeScheduleRequest {
  std::int64_t connector_id = 0;
  std::int64_t duration = 0;
  std::optional<ChargingRateUnit> charging_rate_unit;
  CT_OCPP16_EQ(GetCompositeScheduleRequest);
};
struct GetCompositeScheduleResponse {
  GetCompositeScheduleStatus status = GetCompositeScheduleStatus::Accepted;
  std::optional<std::int64_t> connector_id;
  std::optional<DateTime> schedule_start;
  std::optional<ChargingSchedule> charging_schedule;
  CT_OCPP16_EQ(GetCompositeScheduleResponse);
};

struct GetConfigurationRequest {
  std::optional<std::vector<std::string>> key;  // items maxLength 50
  CT_OCPP16_EQ(GetConfigurationRequest);
};
struct GetConfigurationResponse {
  std::optional<std::vector<KeyValue>> configuration_key;
  std::optional<std::vector<std::string>> unknown_key;  // items maxLength 50
  CT_OCPP16_EQ(GetConfigurationResponse);
};

struct GetDiagnosticsRequest {
  std::string location;  // format uri
  std::optional<std::int64_t> retries;
  std::optional<std::int64_t> retry_interval;
  std::optional<DateTime> start_time;
  std::optional<DateTime> stop_time;
  CT_OCPP16_EQ(GetDiagnosticsRequest);
};
struct GetDiagnosticsResponse {
  std::optional<std::string> file_name;  // 255
  CT_OCPP16_EQ(GetDiagnosticsResponse);
};

struct GetLocalListVersionRequest {
  CT_OCPP16_EQ(GetLocalListVersionRequest);
};
struct GetLocalListVersionResponse {
  std::int64_t list_version = 0;
  CT_OCPP16_EQ(GetLocalListVersionResponse);
};

struct HeartbeatRequest {
  CT_OCPP16_EQ(HeartbeatRequest);
};
struct HeartbeatResponse {
  DateTime current_time;
  CT_OCPP16_EQ(HeartbeatResponse);
};

struct MeterValuesRequest {
  std::int64_t connector_id = 0;
  std::optional<std::int64_t> transaction_id;
  std::vector<MeterValue> meter_value;  // minItems 1
  CT_OCPP16_EQ(MeterValuesRequest);
};
struct MeterValuesResponse {
  CT_OCPP16_EQ(MeterValuesResponse);
};

struct RemoteStartTransactionRequest {
  std::optional<std::int64_t> connector_id;
  std::string id_tag;  // 20
  std::optional<ChargingProfile> charging_profile;
  CT_OCPP16_EQ(RemoteStartTransactionRequest);
};
struct RemoteStartTransactionResponse {
  RemoteStartStopStatus status = RemoteStartStopStatus::Accepted;
  CT_OCPP16_EQ(RemoteStartTransactionResponse);
};

struct RemoteStopTransactionRequest {
  std::int64_t transaction_id = 0;
  CT_OCPP16_EQ(RemoteStopTransactionRequest);
};
struct RemoteStopTransactionResponse {
  RemoteStartStopStatus status = RemoteStartStopStatus::Accepted;
  CT_OCPP16_EQ(RemoteStopTransactionResponse);
};

struct ReserveNowRequest {
  std::int64_t connector_id = 0;
  DateTime expiry_date;
  std::string id_tag;                        // 20
  std::optional<std::string> parent_id_tag;  // 20
  std::int64_t reservation_id = 0;
  CT_OCPP16_EQ(ReserveNowRequest);
};
struct ReserveNowResponse {
  ReservationStatus status = ReservationStatus::Accepted;
  CT_OCPP16_EQ(ReserveNowResponse);
};

struct ResetRequest {
  ResetType type = ResetType::Soft;
  CT_OCPP16_EQ(ResetRequest);
};
struct ResetResponse {
  ResetStatus status = ResetStatus::Accepted;
  CT_OCPP16_EQ(ResetResponse);
};

struct SendLocalListRequest {
  std::int64_t list_version = 0;
  std::optional<std::vector<AuthorizationData>> local_authorization_list;
  UpdateType update_type = UpdateType::Full;
  CT_OCPP16_EQ(SendLocalListRequest);
};
struct SendLocalListResponse {
  UpdateStatus status = UpdateStatus::Accepted;
  CT_OCPP16_EQ(SendLocalListResponse);
};

struct SetChargingProfileRequest {
  std::int64_t connector_id = 0;
  ChargingProfile cs_charging_profiles;
  CT_OCPP16_EQ(SetChargingProfileRequest);
};
struct SetChargingProfileResponse {
  ChargingProfileStatus status = ChargingProfileStatus::Accepted;
  CT_OCPP16_EQ(SetChargingProfileResponse);
};

struct StartTransactionRequest {
  std::int64_t connector_id = 0;
  std::string id_tag;  // 20
  std::int64_t meter_start = 0;
  std::optional<std::int64_t> reservation_id;
  DateTime timestamp;
  CT_OCPP16_EQ(StartTransactionRequest);
};
struct StartTransactionResponse {
  IdTagInfo id_tag_info;
  std::int64_t transaction_id = 0;
  CT_OCPP16_EQ(StartTransactionResponse);
};

struct StatusNotificationRequest {
  std::int64_t connector_id = 0;
  ChargePointErrorCode error_code = ChargePointErrorCode::NoError;
  std::optional<std::string> info;  // 50
  ChargePointStatus status = ChargePointStatus::Available;
  std::optional<DateTime> timestamp;
  std::optional<std::string> vendor_id;          // 255
  std::optional<std::string> vendor_error_code;  // 50
  CT_OCPP16_EQ(StatusNotificationRequest);
};
struct StatusNotificationResponse {
  CT_OCPP16_EQ(StatusNotificationResponse);
};

struct StopTransactionRequest {
  std::optional<std::string> id_tag;  // 20
  std::int64_t meter_stop = 0;
  DateTime timestamp;
  std::int64_t transaction_id = 0;
  std::optional<Reason> reason;
  // No minItems here; sampled values may not use unit "Hertz" (StopTransaction schema).
  std::optional<std::vector<MeterValue>> transaction_data;
  CT_OCPP16_EQ(StopTransactionRequest);
};
struct StopTransactionResponse {
  std::optional<IdTagInfo> id_tag_info;
  CT_OCPP16_EQ(StopTransactionResponse);
};

struct TriggerMessageRequest {
  MessageTrigger requested_message = MessageTrigger::Heartbeat;
  std::optional<std::int64_t> connector_id;
  CT_OCPP16_EQ(TriggerMessageRequest);
};
struct TriggerMessageResponse {
  TriggerMessageStatus status = TriggerMessageStatus::Accepted;
  CT_OCPP16_EQ(TriggerMessageResponse);
};

struct UnlockConnectorRequest {
  std::int64_t connector_id = 0;
  CT_OCPP16_EQ(UnlockConnectorRequest);
};
struct UnlockConnectorResponse {
  UnlockStatus status = UnlockStatus::Unlocked;
  CT_OCPP16_EQ(UnlockConnectorResponse);
};

struct UpdateFirmwareRequest {
  std::string location;  // format uri
  std::optional<std::int64_t> retries;
  DateTime retrieve_date;
  std::optional<std::int64_t> retry_interval;
  CT_OCPP16_EQ(UpdateFirmwareRequest);
};
struct UpdateFirmwareResponse {
  CT_OCPP16_EQ(UpdateFirmwareResponse);
};

#undef CT_OCPP16_EQ

// ---- message traits -------------------------------------------------------------------

// MessageTraits<XRequest>::action == Action::X, ::is_request == true; likewise for responses.
template <class T>
struct MessageTraits;
#define CT_OCPP16_TRAITS(name)                     \
  template <>                                      \
  struct MessageTraits<name##Request> {            \
    static constexpr Action action = Action::name; \
    static constexpr bool is_request = true;       \
    using Request = name##Request;                 \
    using Response = name##Response;               \
  };                                               \
  template <>                                      \
  struct MessageTraits<name##Response> {           \
    static constexpr Action action = Action::name; \
    static constexpr bool is_request = false;      \
    using Request = name##Request;                 \
    using Response = name##Response;               \
  };
CT_OCPP16_ACTIONS(CT_OCPP16_TRAITS)
#undef CT_OCPP16_TRAITS

// ---- decode / encode ------------------------------------------------------------------

// Validates `payload` fully (exactly as validate_request/validate_response for the message's
// action would) and fills T. Never throws. Available for every message struct above and for
// the nested types (IdTagInfo, SampledValue, MeterValue, ChargingSchedulePeriod,
// ChargingSchedule, ChargingProfile, KeyValue, AuthorizationData); nested types are validated
// with MeterValues.req rules (minItems 1, "Hertz" allowed).
template <class T>
std::variant<T, ValidationError> decode(const nlohmann::json& payload) noexcept;

// Encodes to the schema's JSON shape; absent optionals are omitted; DateTime values are
// written with format_datetime(). Available for the same set of types as decode.
template <class T>
nlohmann::json encode(const T& message);

// ---- meter value helpers --------------------------------------------------------------

// Integer Wh for Energy.* (register or interval, import/export, active/reactive) measurands
// whose unit is Wh or kWh. Absent measurand = Energy.Active.Import.Register, absent unit = Wh.
// The value is parsed as an exact decimal ([+-]digits[.digits][e[+-]digits], surrounding ASCII
// whitespace ignored); kWh is multiplied by 1000; results with more precision than 1 Wh are
// rounded half away from zero. nullopt for non-numeric values, other measurands/units,
// or results outside the int64 range.
std::optional<std::int64_t> energy_wh(const SampledValue& sample) noexcept;

// value x 1000 as an integer (same exact decimal parsing and rounding), in the sample's own
// unit (no unit conversion: "230.1" V -> 230100, "7.4" kW -> 7400). Intended for non-energy
// measurands but works for any numeric value; nullopt for non-numeric values / overflow.
std::optional<std::int64_t> scaled_milli(const SampledValue& sample) noexcept;

// Exact decimal helper used by the two functions above: round(text * 10^scale), half away
// from zero.
std::optional<std::int64_t> parse_scaled_decimal(std::string_view text, int scale) noexcept;

}  // namespace ct::ocpp16
