// Hand-written encoding of the OCPP 1.6J JSON schemas, plus the generic validation /
// decode / encode engine driven by it.
//
// Each struct has a Schema<T> specialization listing its properties in schema order with
// (wire name, member pointer, maxLength, flags). The C++ member type determines the JSON
// type: std::string -> string, std::int64_t -> integer, double -> number, bool -> boolean,
// DateTime -> string/date-time, schema enum -> string/enum, std::vector -> array,
// std::optional -> not required, other structs -> object with additionalProperties:false.
#include "protocol/ocpp16/codec.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ct::ocpp16 {
namespace {

using nlohmann::json;

enum Flags : unsigned {
  kNone = 0,
  kUri = 1U << 0,                   // string format "uri"
  kMultipleOfTenth = 1U << 1,       // number multipleOf 0.1
  kMinItems1 = 1U << 2,             // array minItems 1
  kMinItems1NotInStopTx = 1U << 3,  // minItems 1, except inside StopTransaction.transactionData
  kNoHertzInStopTx = 1U << 4,       // UnitOfMeasure "Hertz" not allowed inside StopTransaction
  kEnterStopTx = 1U << 5,           // subtree is StopTransaction.transactionData
};

template <class S, class M>
struct Field {
  std::string_view name;
  M S::*member;
  std::size_t max_length;
  unsigned flags;
};

template <class S, class M>
constexpr Field<S, M> fld(std::string_view name, M S::*member, std::size_t max_length = 0,
                          unsigned flags = kNone) {
  return Field<S, M>{name, member, max_length, flags};
}

template <class T>
struct Schema;

#define CT_SCHEMA(T, ...)                                        \
  template <>                                                    \
  struct Schema<T> {                                             \
    static constexpr auto fields = std::make_tuple(__VA_ARGS__); \
  };

// clang-format off
CT_SCHEMA(IdTagInfo,
          fld("expiryDate", &IdTagInfo::expiry_date),
          fld("parentIdTag", &IdTagInfo::parent_id_tag, 20),
          fld("status", &IdTagInfo::status))
CT_SCHEMA(SampledValue,
          fld("value", &SampledValue::value),
          fld("context", &SampledValue::context),
          fld("format", &SampledValue::format),
          fld("measurand", &SampledValue::measurand),
          fld("phase", &SampledValue::phase),
          fld("location", &SampledValue::location),
          fld("unit", &SampledValue::unit, 0, kNoHertzInStopTx))
CT_SCHEMA(MeterValue,
          fld("timestamp", &MeterValue::timestamp),
          fld("sampledValue", &MeterValue::sampled_value, 0, kMinItems1NotInStopTx))
CT_SCHEMA(ChargingSchedulePeriod,
          fld("startPeriod", &ChargingSchedulePeriod::start_period),
          fld("limit", &ChargingSchedulePeriod::limit, 0, kMultipleOfTenth),
          fld("numberPhases", &ChargingSchedulePeriod::number_phases))
CT_SCHEMA(ChargingSchedule,
          fld("duration", &ChargingSchedule::duration),
          fld("startSchedule", &ChargingSchedule::start_schedule),
          fld("chargingRateUnit", &ChargingSchedule::charging_rate_unit),
          fld("chargingSchedulePeriod", &ChargingSchedule::charging_schedule_period),
          fld("minChargingRate", &ChargingSchedule::min_charging_rate, 0, kMultipleOfTenth))
CT_SCHEMA(ChargingProfile,
          fld("chargingProfileId", &ChargingProfile::charging_profile_id),
          fld("transactionId", &ChargingProfile::transaction_id),
          fld("stackLevel", &ChargingProfile::stack_level),
          fld("chargingProfilePurpose", &ChargingProfile::charging_profile_purpose),
          fld("chargingProfileKind", &ChargingProfile::charging_profile_kind),
          fld("recurrencyKind", &ChargingProfile::recurrency_kind),
          fld("validFrom", &ChargingProfile::valid_from),
          fld("validTo", &ChargingProfile::valid_to),
          fld("chargingSchedule", &ChargingProfile::charging_schedule))
CT_SCHEMA(KeyValue,
          fld("key", &KeyValue::key, 50),
          fld("readonly", &KeyValue::readonly),
          fld("value", &KeyValue::value, 500))
CT_SCHEMA(AuthorizationData,
          fld("idTag", &AuthorizationData::id_tag, 20),
          fld("idTagInfo", &AuthorizationData::id_tag_info))

CT_SCHEMA(AuthorizeRequest, fld("idTag", &AuthorizeRequest::id_tag, 20))
CT_SCHEMA(AuthorizeResponse, fld("idTagInfo", &AuthorizeResponse::id_tag_info))
CT_SCHEMA(BootNotificationRequest,
          fld("chargePointVendor", &BootNotificationRequest::charge_point_vendor, 20),
          fld("chargePointModel", &BootNotificationRequest::charge_point_model, 20),
          fld("chargePointSerialNumber", &BootNotificationRequest::charge_point_serial_number, 25),
          fld("chargeBoxSerialNumber", &BootNotificationRequest::charge_box_serial_number, 25),
          fld("firmwareVersion", &BootNotificationRequest::firmware_version, 50),
          fld("iccid", &BootNotificationRequest::iccid, 20),
          fld("imsi", &BootNotificationRequest::imsi, 20),
          fld("meterType", &BootNotificationRequest::meter_type, 25),
          fld("meterSerialNumber", &BootNotificationRequest::meter_serial_number, 25))
CT_SCHEMA(BootNotificationResponse,
          fld("status", &BootNotificationResponse::status),
          fld("currentTime", &BootNotificationResponse::current_time),
          fld("interval", &BootNotificationResponse::interval))
CT_SCHEMA(CancelReservationRequest,
          fld("reservationId", &CancelReservationRequest::reservation_id))
CT_SCHEMA(CancelReservationResponse, fld("status", &CancelReservationResponse::status))
CT_SCHEMA(ChangeAvailabilityRequest,
          fld("connectorId", &ChangeAvailabilityRequest::connector_id),
          fld("type", &ChangeAvailabilityRequest::type))
CT_SCHEMA(ChangeAvailabilityResponse, fld("status", &ChangeAvailabilityResponse::status))
CT_SCHEMA(ChangeConfigurationRequest,
          fld("key", &ChangeConfigurationRequest::key, 50),
          fld("value", &ChangeConfigurationRequest::value, 500))
CT_SCHEMA(ChangeConfigurationResponse, fld("status", &ChangeConfigurationResponse::status))
CT_SCHEMA(ClearCacheRequest)
CT_SCHEMA(ClearCacheResponse, fld("status", &ClearCacheResponse::status))
CT_SCHEMA(ClearChargingProfileRequest,
          fld("id", &ClearChargingProfileRequest::id),
          fld("connectorId", &ClearChargingProfileRequest::connector_id),
          fld("chargingProfilePurpose", &ClearChargingProfileRequest::charging_profile_purpose),
          fld("stackLevel", &ClearChargingProfileRequest::stack_level))
CT_SCHEMA(ClearChargingProfileResponse, fld("status", &ClearChargingProfileResponse::status))
CT_SCHEMA(DataTransferRequest,
          fld("vendorId", &DataTransferRequest::vendor_id, 255),
          fld("messageId", &DataTransferRequest::message_id, 50),
          fld("data", &DataTransferRequest::data))
CT_SCHEMA(DataTransferResponse,
          fld("status", &DataTransferResponse::status),
          fld("data", &DataTransferResponse::data))
CT_SCHEMA(DiagnosticsStatusNotificationRequest,
          fld("status", &DiagnosticsStatusNotificationRequest::status))
CT_SCHEMA(DiagnosticsStatusNotificationResponse)
CT_SCHEMA(FirmwareStatusNotificationRequest,
          fld("status", &FirmwareStatusNotificationRequest::status))
CT_SCHEMA(FirmwareStatusNotificationResponse)
CT_SCHEMA(GetCompositeScheduleRequest,
          fld("connectorId", &GetCompositeScheduleRequest::connector_id),
          fld("duration", &GetCompositeScheduleRequest::duration),
          fld("chargingRateUnit", &GetCompositeScheduleRequest::charging_rate_unit))
CT_SCHEMA(GetCompositeScheduleResponse,
          fld("status", &GetCompositeScheduleResponse::status),
          fld("connectorId", &GetCompositeScheduleResponse::connector_id),
          fld("scheduleStart", &GetCompositeScheduleResponse::schedule_start),
          fld("chargingSchedule", &GetCompositeScheduleResponse::charging_schedule))
CT_SCHEMA(GetConfigurationRequest, fld("key", &GetConfigurationRequest::key, 50))
CT_SCHEMA(GetConfigurationResponse,
          fld("configurationKey", &GetConfigurationResponse::configuration_key),
          fld("unknownKey", &GetConfigurationResponse::unknown_key, 50))
CT_SCHEMA(GetDiagnosticsRequest,
          fld("location", &GetDiagnosticsRequest::location, 0, kUri),
          fld("retries", &GetDiagnosticsRequest::retries),
          fld("retryInterval", &GetDiagnosticsRequest::retry_interval),
          fld("startTime", &GetDiagnosticsRequest::start_time),
          fld("stopTime", &GetDiagnosticsRequest::stop_time))
CT_SCHEMA(GetDiagnosticsResponse, fld("fileName", &GetDiagnosticsResponse::file_name, 255))
CT_SCHEMA(GetLocalListVersionRequest)
CT_SCHEMA(GetLocalListVersionResponse,
          fld("listVersion", &GetLocalListVersionResponse::list_version))
CT_SCHEMA(HeartbeatRequest)
CT_SCHEMA(HeartbeatResponse, fld("currentTime", &HeartbeatResponse::current_time))
CT_SCHEMA(MeterValuesRequest,
          fld("connectorId", &MeterValuesRequest::connector_id),
          fld("transactionId", &MeterValuesRequest::transaction_id),
          fld("meterValue", &MeterValuesRequest::meter_value, 0, kMinItems1))
CT_SCHEMA(MeterValuesResponse)
CT_SCHEMA(RemoteStartTransactionRequest,
          fld("connectorId", &RemoteStartTransactionRequest::connector_id),
          fld("idTag", &RemoteStartTransactionRequest::id_tag, 20),
          fld("chargingProfile", &RemoteStartTransactionRequest::charging_profile))
CT_SCHEMA(RemoteStartTransactionResponse, fld("status", &RemoteStartTransactionResponse::status))
CT_SCHEMA(RemoteStopTransactionRequest,
          fld("transactionId", &RemoteStopTransactionRequest::transaction_id))
CT_SCHEMA(RemoteStopTransactionResponse, fld("status", &RemoteStopTransactionResponse::status))
CT_SCHEMA(ReserveNowRequest,
          fld("connectorId", &ReserveNowRequest::connector_id),
          fld("expiryDate", &ReserveNowRequest::expiry_date),
          fld("idTag", &ReserveNowRequest::id_tag, 20),
          fld("parentIdTag", &ReserveNowRequest::parent_id_tag, 20),
          fld("reservationId", &ReserveNowRequest::reservation_id))
CT_SCHEMA(ReserveNowResponse, fld("status", &ReserveNowResponse::status))
CT_SCHEMA(ResetRequest, fld("type", &ResetRequest::type))
CT_SCHEMA(ResetResponse, fld("status", &ResetResponse::status))
CT_SCHEMA(SendLocalListRequest,
          fld("listVersion", &SendLocalListRequest::list_version),
          fld("localAuthorizationList", &SendLocalListRequest::local_authorization_list),
          fld("updateType", &SendLocalListRequest::update_type))
CT_SCHEMA(SendLocalListResponse, fld("status", &SendLocalListResponse::status))
CT_SCHEMA(SetChargingProfileRequest,
          fld("connectorId", &SetChargingProfileRequest::connector_id),
          fld("csChargingProfiles", &SetChargingProfileRequest::cs_charging_profiles))
CT_SCHEMA(SetChargingProfileResponse, fld("status", &SetChargingProfileResponse::status))
CT_SCHEMA(StartTransactionRequest,
          fld("connectorId", &StartTransactionRequest::connector_id),
          fld("idTag", &StartTransactionRequest::id_tag, 20),
          fld("meterStart", &StartTransactionRequest::meter_start),
          fld("reservationId", &StartTransactionRequest::reservation_id),
          fld("timestamp", &StartTransactionRequest::timestamp))
CT_SCHEMA(StartTransactionResponse,
          fld("idTagInfo", &StartTransactionResponse::id_tag_info),
          fld("transactionId", &StartTransactionResponse::transaction_id))
CT_SCHEMA(StatusNotificationRequest,
          fld("connectorId", &StatusNotificationRequest::connector_id),
          fld("errorCode", &StatusNotificationRequest::error_code),
          fld("info", &StatusNotificationRequest::info, 50),
          fld("status", &StatusNotificationRequest::status),
          fld("timestamp", &StatusNotificationRequest::timestamp),
          fld("vendorId", &StatusNotificationRequest::vendor_id, 255),
          fld("vendorErrorCode", &StatusNotificationRequest::vendor_error_code, 50))
CT_SCHEMA(StatusNotificationResponse)
CT_SCHEMA(StopTransactionRequest,
          fld("idTag", &StopTransactionRequest::id_tag, 20),
          fld("meterStop", &StopTransactionRequest::meter_stop),
          fld("timestamp", &StopTransactionRequest::timestamp),
          fld("transactionId", &StopTransactionRequest::transaction_id),
          fld("reason", &StopTransactionRequest::reason),
          fld("transactionData", &StopTransactionRequest::transaction_data, 0, kEnterStopTx))
CT_SCHEMA(StopTransactionResponse, fld("idTagInfo", &StopTransactionResponse::id_tag_info))
CT_SCHEMA(TriggerMessageRequest,
          fld("requestedMessage", &TriggerMessageRequest::requested_message),
          fld("connectorId", &TriggerMessageRequest::connector_id))
CT_SCHEMA(TriggerMessageResponse, fld("status", &TriggerMessageResponse::status))
CT_SCHEMA(UnlockConnectorRequest, fld("connectorId", &UnlockConnectorRequest::connector_id))
CT_SCHEMA(UnlockConnectorResponse, fld("status", &UnlockConnectorResponse::status))
CT_SCHEMA(UpdateFirmwareRequest,
          fld("location", &UpdateFirmwareRequest::location, 0, kUri),
          fld("retries", &UpdateFirmwareRequest::retries),
          fld("retrieveDate", &UpdateFirmwareRequest::retrieve_date),
          fld("retryInterval", &UpdateFirmwareRequest::retry_interval))
CT_SCHEMA(UpdateFirmwareResponse)
// clang-format on
#undef CT_SCHEMA

// ---- type classification ----------------------------------------------------------------

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

template <class F>
using member_t = std::remove_cvref_t<decltype(std::declval<F>().member)>;
template <class F>
struct field_member;
template <class S, class M>
struct field_member<Field<S, M>> {
  using type = M;
};

// ---- validation -------------------------------------------------------------------------

struct Ctx {
  std::string path;
  bool in_stop_tx = false;
};

using Result = std::optional<ValidationError>;

ValidationError fail(ErrorCode code, const Ctx& ctx, std::string message) {
  return ValidationError{code, ctx.path, std::move(message)};
}

void append_escaped(std::string& out, std::string_view name) {
  for (const char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

class PathScope {
 public:
  PathScope(Ctx& ctx, std::string_view segment) : ctx_(ctx), old_size_(ctx.path.size()) {
    if (!ctx_.path.empty()) ctx_.path += '/';
    append_escaped(ctx_.path, segment);
  }
  PathScope(Ctx& ctx, std::size_t index) : ctx_(ctx), old_size_(ctx.path.size()) {
    if (!ctx_.path.empty()) ctx_.path += '/';
    ctx_.path += std::to_string(index);
  }
  ~PathScope() { ctx_.path.resize(old_size_); }
  PathScope(const PathScope&) = delete;
  PathScope& operator=(const PathScope&) = delete;

 private:
  Ctx& ctx_;
  std::size_t old_size_;
};

const char* type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::string: return "string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "decimal number";
    case json::value_t::object: return "object";
    case json::value_t::array: return "array";
    default: return "unsupported value";
  }
}

ValidationError type_error(const Ctx& ctx, const char* expected, const json& j) {
  return fail(ErrorCode::TypeConstraintViolation, ctx,
              std::string("expected ") + expected + ", got " + type_name(j));
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Absolute URI per RFC 3986 at the character level: scheme ":" then only unreserved /
// reserved characters and %HH escapes.
bool is_uri(std::string_view s) {
  std::size_t i = 0;
  if (s.empty() || !is_alpha(s[0])) return false;
  while (i < s.size() &&
         (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) {
    ++i;
  }
  if (i >= s.size() || s[i] != ':') return false;
  constexpr std::string_view kAllowed = "-._~:/?#[]@!$&'()*+,;=";
  for (++i; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
      i += 2;
    } else if (!is_alpha(c) && !is_digit(c) && kAllowed.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// multipleOf 0.1 decided on the shortest round-trip decimal representation of the double
// (what the sender most plausibly wrote): at most one digit after the decimal point once the
// exponent is applied.
bool is_multiple_of_tenth(double v) {
  if (!std::isfinite(v)) return false;
  const std::string s = json(v).dump();  // shortest round-trip, e.g. "0.3", "1e-05", "16.0"
  std::string_view mant = s;
  long exp = 0;
  if (const auto e = s.find_first_of("eE"); e != std::string::npos) {
    mant = std::string_view(s).substr(0, e);
    exp = std::strtol(s.c_str() + e + 1, nullptr, 10);
  }
  long frac_digits = 0;
  if (const auto dot = mant.find('.'); dot != std::string_view::npos) {
    std::string_view frac = mant.substr(dot + 1);
    while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
    frac_digits = static_cast<long>(frac.size());
  }
  return frac_digits - exp <= 1;
}

template <class T>
Result check_object(const json& j, Ctx& ctx);

template <class T>
Result check(const json& j, Ctx& ctx, std::size_t max_length, unsigned flags) {
  if constexpr (is_optional<T>::value) {
    return check<typename T::value_type>(j, ctx, max_length, flags);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) return type_error(ctx, "string", j);
    const auto& s = j.get_ref<const std::string&>();
    if (max_length != 0 && utf8_length(s) > max_length) {
      return fail(ErrorCode::PropertyConstraintViolation, ctx,
                  "string longer than " + std::to_string(max_length) + " characters");
    }
    if ((flags & kUri) != 0 && !is_uri(s)) {
      return fail(ErrorCode::PropertyConstraintViolation, ctx, "not a valid URI");
    }
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    if (j.is_number_unsigned()) {
      if (j.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return fail(ErrorCode::PropertyConstraintViolation, ctx,
                    "integer out of the supported 64-bit range");
      }
      return std::nullopt;
    }
    if (j.is_number_integer()) return std::nullopt;
    return type_error(ctx, "integer", j);
  } else if constexpr (std::is_same_v<T, double>) {
    if (!j.is_number()) return type_error(ctx, "number", j);
    if (j.is_number_float() && !std::isfinite(j.get<double>())) {
      return type_error(ctx, "finite number", j);
    }
    if ((flags & kMultipleOfTenth) != 0 && j.is_number_float() &&
        !is_multiple_of_tenth(j.get<double>())) {
      return fail(ErrorCode::PropertyConstraintViolation, ctx, "number is not a multiple of 0.1");
    }
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) return type_error(ctx, "boolean", j);
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, DateTime>) {
    if (!j.is_string()) return type_error(ctx, "date-time string", j);
    if (!parse_datetime(j.get_ref<const std::string&>())) {
      return fail(ErrorCode::PropertyConstraintViolation, ctx,
                  "not an RFC 3339 date-time with time zone");
    }
    return std::nullopt;
  } else if constexpr (is_schema_enum_v<T>) {
    if (!j.is_string()) return type_error(ctx, "string", j);
    const auto& s = j.get_ref<const std::string&>();
    const auto v = from_string<T>(s);
    bool ok = v.has_value();
    if constexpr (std::is_same_v<T, UnitOfMeasure>) {
      if (ok && (flags & kNoHertzInStopTx) != 0 && ctx.in_stop_tx && *v == UnitOfMeasure::Hertz) {
        ok = false;
      }
    }
    if (!ok) {
      std::string shown = s.size() > 64 ? s.substr(0, 64) + "..." : s;
      return fail(ErrorCode::PropertyConstraintViolation, ctx,
                  "value \"" + shown + "\" is not allowed");
    }
    return std::nullopt;
  } else if constexpr (is_vector<T>::value) {
    if (!j.is_array()) return type_error(ctx, "array", j);
    const bool min1 =
        (flags & kMinItems1) != 0 || ((flags & kMinItems1NotInStopTx) != 0 && !ctx.in_stop_tx);
    if (min1 && j.empty()) {
      return fail(ErrorCode::OccurenceConstraintViolation, ctx,
                  "array must contain at least 1 item");
    }
    const unsigned item_flags = flags & (kUri | kMultipleOfTenth | kNoHertzInStopTx);
    std::size_t index = 0;
    for (const auto& item : j) {
      PathScope scope(ctx, index++);
      if (auto err = check<typename T::value_type>(item, ctx, max_length, item_flags)) return err;
    }
    return std::nullopt;
  } else {
    return check_object<T>(j, ctx);
  }
}

template <class T>
constexpr auto field_names() {
  return std::apply(
      [](const auto&... f) { return std::array<std::string_view, sizeof...(f)>{f.name...}; },
      Schema<T>::fields);
}

template <class T>
Result check_object(const json& j, Ctx& ctx) {
  if (!j.is_object()) return type_error(ctx, "object", j);
  Result result;
  std::apply(
      [&](const auto&... f) {
        auto one = [&](const auto& field) -> bool {
          using M = typename field_member<std::remove_cvref_t<decltype(field)>>::type;
          const auto it = j.find(field.name);
          PathScope scope(ctx, field.name);
          if (it == j.end()) {
            if constexpr (!is_optional<M>::value) {
              result = fail(ErrorCode::OccurenceConstraintViolation, ctx,
                            "required property is missing");
              return false;
            }
            return true;
          }
          const bool saved = ctx.in_stop_tx;
          if ((field.flags & kEnterStopTx) != 0) ctx.in_stop_tx = true;
          result = check<M>(*it, ctx, field.max_length, field.flags);
          ctx.in_stop_tx = saved;
          return !result.has_value();
        };
        (void)one;
        (void)(one(f) && ...);
      },
      Schema<T>::fields);
  if (result) return result;
  static constexpr auto kNames = field_names<T>();
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const auto& name : kNames) {
      if (name == key) {
        known = true;
        break;
      }
    }
    if (!known) {
      PathScope scope(ctx, key);
      return fail(ErrorCode::FormationViolation, ctx, "additional property is not allowed");
    }
  }
  return std::nullopt;
}

template <class T>
Result validate_top(const json& j, bool in_stop_tx = false) {
  Ctx ctx;
  ctx.in_stop_tx = in_stop_tx;
  if (!j.is_object()) {
    return ValidationError{ErrorCode::FormationViolation, "",
                           std::string("payload must be a JSON object, got ") + type_name(j)};
  }
  return check_object<T>(j, ctx);
}

// ---- decoding (input already validated) -------------------------------------------------

template <class T>
void fill(const json& j, T& out);

template <class T>
void fill_object(const json& j, T& out) {
  std::apply(
      [&](const auto&... f) {
        auto one = [&](const auto& field) {
          const auto it = j.find(field.name);
          if (it != j.end()) fill(*it, out.*(field.member));
        };
        (void)one;
        (one(f), ...);
      },
      Schema<T>::fields);
}

template <class T>
void fill(const json& j, T& out) {
  if constexpr (is_optional<T>::value) {
    fill(j, out.emplace());
  } else if constexpr (std::is_same_v<T, std::string>) {
    out = j.get_ref<const std::string&>();
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    out = j.is_number_unsigned() ? static_cast<std::int64_t>(j.get<std::uint64_t>())
                                 : j.get<std::int64_t>();
  } else if constexpr (std::is_same_v<T, double>) {
    out = j.get<double>();
  } else if constexpr (std::is_same_v<T, bool>) {
    out = j.get<bool>();
  } else if constexpr (std::is_same_v<T, DateTime>) {
    out = parse_datetime(j.get_ref<const std::string&>()).value();
  } else if constexpr (is_schema_enum_v<T>) {
    out = from_string<T>(j.get_ref<const std::string&>()).value();
  } else if constexpr (is_vector<T>::value) {
    out.clear();
    out.reserve(j.size());
    for (const auto& item : j) fill(item, out.emplace_back());
  } else {
    fill_object(j, out);
  }
}

// ---- encoding ---------------------------------------------------------------------------

template <class T>
json to_json(const T& v) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::int64_t> ||
                std::is_same_v<T, double> || std::is_same_v<T, bool>) {
    return json(v);
  } else if constexpr (std::is_same_v<T, DateTime>) {
    return json(format_datetime(v));
  } else if constexpr (is_schema_enum_v<T>) {
    return json(to_string(v));
  } else if constexpr (is_vector<T>::value) {
    json arr = json::array();
    arr.get_ref<json::array_t&>().reserve(v.size());
    for (const auto& item : v) arr.push_back(to_json(item));
    return arr;
  } else {
    json obj = json::object();
    std::apply(
        [&](const auto&... f) {
          auto one = [&](const auto& field) {
            const auto& m = v.*(field.member);
            using M = std::remove_cvref_t<decltype(m)>;
            if constexpr (is_optional<M>::value) {
              if (m) obj[std::string(field.name)] = to_json(*m);
            } else {
              obj[std::string(field.name)] = to_json(m);
            }
          };
          (void)one;
          (one(f), ...);
        },
        Schema<T>::fields);
    return obj;
  }
}

}  // namespace

// ---- public API -------------------------------------------------------------------------

std::optional<ValidationError> validate_request(Action action, const nlohmann::json& payload) {
  try {
    switch (action) {
#define CT_OCPP16_CASE(name) \
  case Action::name: return validate_top<name##Request>(payload);
      CT_OCPP16_ACTIONS(CT_OCPP16_CASE)
#undef CT_OCPP16_CASE
    }
    return ValidationError{ErrorCode::NotImplemented, "", "unknown action"};
  } catch (...) {
    return ValidationError{ErrorCode::InternalError, "", "internal error during validation"};
  }
}

std::optional<ValidationError> validate_response(Action action, const nlohmann::json& payload) {
  try {
    switch (action) {
#define CT_OCPP16_CASE(name) \
  case Action::name: return validate_top<name##Response>(payload);
      CT_OCPP16_ACTIONS(CT_OCPP16_CASE)
#undef CT_OCPP16_CASE
    }
    return ValidationError{ErrorCode::NotImplemented, "", "unknown action"};
  } catch (...) {
    return ValidationError{ErrorCode::InternalError, "", "internal error during validation"};
  }
}

template <class T>
std::variant<T, ValidationError> decode(const nlohmann::json& payload) noexcept {
  try {
    if (auto err = validate_top<T>(payload)) return std::move(*err);
    T out{};
    fill_object(payload, out);
    return out;
  } catch (...) {
    return ValidationError{ErrorCode::InternalError, "", "internal error during decoding"};
  }
}

template <class T>
nlohmann::json encode(const T& message) {
  return to_json(message);
}

#define CT_OCPP16_INSTANTIATE(T)                                                       \
  template std::variant<T, ValidationError> decode<T>(const nlohmann::json&) noexcept; \
  template nlohmann::json encode<T>(const T&);
#define CT_OCPP16_INSTANTIATE_ACTION(name) \
  CT_OCPP16_INSTANTIATE(name##Request)     \
  CT_OCPP16_INSTANTIATE(name##Response)
CT_OCPP16_ACTIONS(CT_OCPP16_INSTANTIATE_ACTION)
CT_OCPP16_INSTANTIATE(IdTagInfo)
CT_OCPP16_INSTANTIATE(SampledValue)
CT_OCPP16_INSTANTIATE(MeterValue)
CT_OCPP16_INSTANTIATE(ChargingSchedulePeriod)
CT_OCPP16_INSTANTIATE(ChargingSchedule)
CT_OCPP16_INSTANTIATE(ChargingProfile)
CT_OCPP16_INSTANTIATE(KeyValue)
CT_OCPP16_INSTANTIATE(AuthorizationData)
#undef CT_OCPP16_INSTANTIATE_ACTION
#undef CT_OCPP16_INSTANTIATE

}  // namespace ct::ocpp16
