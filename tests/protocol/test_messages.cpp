#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "protocol/ocpp16/codec.hpp"
#include "tests/protocol/fixtures.hpp"

namespace ct::ocpp16 {
namespace {

using nlohmann::json;
using test::Fixture;
using test::fixtures;

// decode + encode through the typed struct for (action, request/response).
std::variant<json, ValidationError> typed_round_trip(Action action, bool request, const json& j) {
  auto run = [&](auto tag) -> std::variant<json, ValidationError> {
    using T = typename decltype(tag)::type;
    auto decoded = decode<T>(j);
    if (auto* err = std::get_if<ValidationError>(&decoded)) return *err;
    return encode(std::get<T>(decoded));
  };
  switch (action) {
#define CASE(name)                                            \
  case Action::name:                                          \
    return request ? run(std::type_identity<name##Request>{}) \
                   : run(std::type_identity<name##Response>{});
    CT_OCPP16_ACTIONS(CASE)
#undef CASE
  }
  return ValidationError{ErrorCode::InternalError, "", "unreachable"};
}

std::optional<ValidationError> validate(Action action, bool request, const json& j) {
  return request ? validate_request(action, j) : validate_response(action, j);
}

std::string fixture_name(const testing::TestParamInfo<Fixture>& info) {
  return std::string(to_string(info.param.action)) + (info.param.request ? "Request" : "Response") +
         std::to_string(info.index);
}

// Every node below the root, as a JSON pointer ("/a/0/b").
void collect_pointers(const json& j, const std::string& prefix, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      const std::string p = prefix + "/" + k;
      out.push_back(p);
      collect_pointers(v, p, out);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      const std::string p = prefix + "/" + std::to_string(i);
      out.push_back(p);
      collect_pointers(j[i], p, out);
    }
  }
}

void collect_object_pointers(const json& j, const std::string& prefix,
                             std::vector<std::string>& out) {
  if (j.is_object()) out.push_back(prefix);
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) collect_object_pointers(v, prefix + "/" + k, out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      collect_object_pointers(j[i], prefix + "/" + std::to_string(i), out);
    }
  }
}

std::string strip(const std::string& pointer) {
  return pointer.empty() ? "" : pointer.substr(1);
}

class FixtureTest : public testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, ValidatesDecodesAndReencodesToEqualJson) {
  const auto& f = GetParam();
  const json in = json::parse(f.json);
  const auto err = validate(f.action, f.request, in);
  ASSERT_FALSE(err.has_value()) << err->path << ": " << err->message;
  const auto out = typed_round_trip(f.action, f.request, in);
  ASSERT_TRUE(std::holds_alternative<json>(out)) << std::get<ValidationError>(out).message;
  EXPECT_EQ(std::get<json>(out), in) << std::get<json>(out).dump();
}

TEST_P(FixtureTest, RemovingEachPropertyIsOccurrenceViolationIffRequired) {
  const auto& f = GetParam();
  const json in = json::parse(f.json);
  std::vector<std::string> pointers;
  collect_pointers(in, "", pointers);
  for (const auto& p : pointers) {
    const json::json_pointer ptr(p);
    const auto parent = ptr.parent_pointer();
    if (!in.at(parent).is_object()) continue;  // array items are not properties
    json mutated = in;
    mutated.at(parent).erase(ptr.back());
    const auto err = validate(f.action, f.request, mutated);
    if (f.required.count(strip(p)) != 0) {
      ASSERT_TRUE(err.has_value()) << "removing required " << p << " was accepted";
      EXPECT_EQ(err->code, ErrorCode::OccurenceConstraintViolation) << p;
      EXPECT_EQ(err->path, strip(p));
      EXPECT_TRUE(
          std::holds_alternative<ValidationError>(typed_round_trip(f.action, f.request, mutated)));
    } else {
      EXPECT_FALSE(err.has_value())
          << "removing optional " << p << " rejected: " << err->path << " " << err->message;
    }
  }
}

TEST_P(FixtureTest, WrongJsonTypeAnywhereIsTypeViolationAtThatPath) {
  const auto& f = GetParam();
  const json in = json::parse(f.json);
  std::vector<std::string> pointers;
  collect_pointers(in, "", pointers);
  for (const auto& p : pointers) {
    const json::json_pointer ptr(p);
    for (const json& replacement : {json(true), json(nullptr), json("x"), json(7), json(7.5),
                                    json::object(), json::array()}) {
      const json& original = in.at(ptr);
      // Skip replacements that have the same JSON type as the original value.
      if (original.type() == replacement.type() ||
          (original.is_number() && replacement.is_number()) ||
          (original.is_string() && replacement.is_string())) {
        continue;
      }
      json mutated = in;
      mutated[ptr] = replacement;
      const auto err = validate(f.action, f.request, mutated);
      ASSERT_TRUE(err.has_value()) << p << " := " << replacement.dump() << " accepted";
      // Integer given 7.5 is a type violation too; a decimal given 7 is valid (integers are
      // numbers), handled by the skip above.
      EXPECT_EQ(err->code, ErrorCode::TypeConstraintViolation) << p << " := " << replacement;
      EXPECT_EQ(err->path, strip(p)) << replacement;
    }
  }
}

TEST_P(FixtureTest, AdditionalPropertyInAnyObjectIsFormationViolation) {
  const auto& f = GetParam();
  const json in = json::parse(f.json);
  std::vector<std::string> objects;
  collect_object_pointers(in, "", objects);
  ASSERT_FALSE(objects.empty());
  for (const auto& p : objects) {
    json mutated = in;
    mutated[json::json_pointer(p)]["bogusProperty"] = "x";
    const auto err = validate(f.action, f.request, mutated);
    ASSERT_TRUE(err.has_value()) << p;
    EXPECT_EQ(err->code, ErrorCode::FormationViolation);
    EXPECT_EQ(err->path, strip(p + "/bogusProperty"));
    EXPECT_TRUE(
        std::holds_alternative<ValidationError>(typed_round_trip(f.action, f.request, mutated)));
  }
}

TEST_P(FixtureTest, NonObjectPayloadIsFormationViolation) {
  const auto& f = GetParam();
  for (const json& bad : {json::array(), json("x"), json(1), json(nullptr)}) {
    const auto err = validate(f.action, f.request, bad);
    ASSERT_TRUE(err.has_value());
    EXPECT_EQ(err->code, ErrorCode::FormationViolation);
    EXPECT_EQ(err->path, "");
  }
}

INSTANTIATE_TEST_SUITE_P(AllActions, FixtureTest, testing::ValuesIn(fixtures()), fixture_name);

TEST(Fixtures, CoverEveryActionRequestAndResponse) {
  for (const Action a : all_actions()) {
    bool req = false;
    bool resp = false;
    for (const auto& f : fixtures()) {
      if (f.action == a) (f.request ? req : resp) = true;
    }
    EXPECT_TRUE(req) << to_string(a);
    EXPECT_TRUE(resp) << to_string(a);
  }
}

// ---- targeted constraint cases ---------------------------------------------------------

struct BadCase {
  const char* name;
  Action action;
  bool request;
  const char* json;
  ErrorCode code;
  const char* path;
};

std::ostream& operator<<(std::ostream& os, const BadCase& c) {
  return os << c.name;
}

const std::vector<BadCase>& bad_cases() {
  using E = ErrorCode;
  static const std::vector<BadCase> kCases = {
      // integer vs decimal (draft-04: an integer has no fraction and no exponent)
      {"IntegerGivenFraction", Action::StartTransaction, true,
       R"({"connectorId":1.5,"idTag":"T","meterStart":0,"timestamp":"2024-01-01T00:00:00Z"})",
       E::TypeConstraintViolation, "connectorId"},
      {"IntegerGivenPointZero", Action::StartTransaction, true,
       R"({"connectorId":1,"idTag":"T","meterStart":2.0,"timestamp":"2024-01-01T00:00:00Z"})",
       E::TypeConstraintViolation, "meterStart"},
      {"IntegerGivenExponent", Action::RemoteStopTransaction, true, R"({"transactionId":1e3})",
       E::TypeConstraintViolation, "transactionId"},
      {"IntegerGivenString", Action::RemoteStopTransaction, true, R"({"transactionId":"1"})",
       E::TypeConstraintViolation, "transactionId"},
      {"IntegerBeyondInt64", Action::RemoteStopTransaction, true,
       R"({"transactionId":9223372036854775808})", E::PropertyConstraintViolation, "transactionId"},
      {"StringGivenNumber", Action::Authorize, true, R"({"idTag":12})", E::TypeConstraintViolation,
       "idTag"},
      {"StringGivenNull", Action::Authorize, true, R"({"idTag":null})", E::TypeConstraintViolation,
       "idTag"},
      {"BooleanGivenString", Action::GetConfiguration, false,
       R"({"configurationKey":[{"key":"K","readonly":"true"}]})", E::TypeConstraintViolation,
       "configurationKey/0/readonly"},
      {"NumberGivenString", Action::SetChargingProfile, true,
       R"({"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":"16"}]}}})",
       E::TypeConstraintViolation,
       "csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit"},
      // enums
      {"BadEnum", Action::StatusNotification, true,
       R"({"connectorId":1,"errorCode":"NoError","status":"Busy"})", E::PropertyConstraintViolation,
       "status"},
      {"EnumIsCaseSensitive", Action::Reset, true, R"({"type":"hard"})",
       E::PropertyConstraintViolation, "type"},
      {"BadNestedEnum", Action::MeterValues, true,
       R"({"connectorId":1,"meterValue":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[{"value":"1"},{"value":"2","unit":"MWh"}]}]})",
       E::PropertyConstraintViolation, "meterValue/0/sampledValue/1/unit"},
      {"HertzNotAllowedInStopTransaction", Action::StopTransaction, true,
       R"({"meterStop":1,"timestamp":"2024-01-01T00:00:00Z","transactionId":1,"transactionData":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[{"value":"50","unit":"Hertz"}]}]})",
       E::PropertyConstraintViolation, "transactionData/0/sampledValue/0/unit"},
      {"TriggerMessageUnknownMessage", Action::TriggerMessage, true,
       R"({"requestedMessage":"Authorize"})", E::PropertyConstraintViolation, "requestedMessage"},
      // maxLength (code points)
      {"IdTagTooLong", Action::Authorize, true, R"({"idTag":"123456789012345678901"})",
       E::PropertyConstraintViolation, "idTag"},
      {"VendorTooLong", Action::BootNotification, true,
       R"({"chargePointVendor":"ABCDEFGHIJKLMNOPQRSTU","chargePointModel":"M"})",
       E::PropertyConstraintViolation, "chargePointVendor"},
      {"ConfigValueTooLong", Action::ChangeConfiguration, true, nullptr /* built below */,
       E::PropertyConstraintViolation, "value"},
      {"ArrayItemTooLong", Action::GetConfiguration, true,
       R"({"key":["ok","012345678901234567890123456789012345678901234567890"]})",
       E::PropertyConstraintViolation, "key/1"},
      {"NestedParentIdTagTooLong", Action::SendLocalList, true,
       R"({"listVersion":1,"updateType":"Full","localAuthorizationList":[{"idTag":"A","idTagInfo":{"status":"Accepted","parentIdTag":"123456789012345678901"}}]})",
       E::PropertyConstraintViolation, "localAuthorizationList/0/idTagInfo/parentIdTag"},
      // date-time
      {"DateTimeWithoutZone", Action::StartTransaction, true,
       R"({"connectorId":1,"idTag":"T","meterStart":0,"timestamp":"2024-01-01T00:00:00"})",
       E::PropertyConstraintViolation, "timestamp"},
      {"DateTimeBadDay", Action::Heartbeat, false, nullptr, E::PropertyConstraintViolation,
       "currentTime"},
      {"DateTimeNotAString", Action::BootNotification, false,
       R"({"status":"Accepted","currentTime":1700000000,"interval":60})",
       E::TypeConstraintViolation, "currentTime"},
      {"NestedDateTime", Action::Authorize, false,
       R"({"idTagInfo":{"status":"Accepted","expiryDate":"tomorrow"}})",
       E::PropertyConstraintViolation, "idTagInfo/expiryDate"},
      // uri
      {"LocationNotUri", Action::UpdateFirmware, true,
       R"({"location":"not a uri","retrieveDate":"2024-01-01T00:00:00Z"})",
       E::PropertyConstraintViolation, "location"},
      {"LocationRelative", Action::GetDiagnostics, true, R"({"location":"/var/log"})",
       E::PropertyConstraintViolation, "location"},
      // minItems
      {"MeterValueEmpty", Action::MeterValues, true, R"({"connectorId":1,"meterValue":[]})",
       E::OccurenceConstraintViolation, "meterValue"},
      {"SampledValueEmpty", Action::MeterValues, true,
       R"({"connectorId":1,"meterValue":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[]}]})",
       E::OccurenceConstraintViolation, "meterValue/0/sampledValue"},
      // multipleOf 0.1
      {"LimitNotMultipleOfTenth", Action::SetChargingProfile, true,
       R"({"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":16.05}]}}})",
       E::PropertyConstraintViolation,
       "csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit"},
      {"MinRateNotMultipleOfTenth", Action::GetCompositeSchedule, false,
       R"({"status":"Accepted","chargingSchedule":{"chargingRateUnit":"W","chargingSchedulePeriod":[],"minChargingRate":0.01}})",
       E::PropertyConstraintViolation, "chargingSchedule/minChargingRate"},
      // bad nested items
      {"SampledValueItemNotObject", Action::MeterValues, true,
       R"({"connectorId":1,"meterValue":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":["1"]}]})",
       E::TypeConstraintViolation, "meterValue/0/sampledValue/0"},
      {"SampledValueMissingValue", Action::MeterValues, true,
       R"({"connectorId":1,"meterValue":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[{"value":"1"},{"unit":"Wh"}]}]})",
       E::OccurenceConstraintViolation, "meterValue/0/sampledValue/1/value"},
      {"TransactionDataMissingTimestamp", Action::StopTransaction, true,
       R"({"meterStop":1,"timestamp":"2024-01-01T00:00:00Z","transactionId":1,"transactionData":[{"sampledValue":[]}]})",
       E::OccurenceConstraintViolation, "transactionData/0/timestamp"},
      {"ScheduleMissingPeriods", Action::RemoteStartTransaction, true,
       R"({"idTag":"T","chargingProfile":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A"}}})",
       E::OccurenceConstraintViolation, "chargingProfile/chargingSchedule/chargingSchedulePeriod"},
      {"ConfigurationKeyAdditional", Action::GetConfiguration, false,
       R"({"configurationKey":[{"key":"K","readonly":true,"extra":1}]})", E::FormationViolation,
       "configurationKey/0/extra"},
      {"AdditionalPropertyPathEscaped", Action::Heartbeat, true, R"({"a/b~c":1})",
       E::FormationViolation, "a~1b~0c"},
      {"DataTransferDataMustBeString", Action::DataTransfer, true,
       R"({"vendorId":"v","data":{"a":1}})", E::TypeConstraintViolation, "data"},
  };
  return kCases;
}

class BadCaseTest : public testing::TestWithParam<BadCase> {};

json build_bad_json(const BadCase& c) {
  if (c.json != nullptr) return json::parse(c.json);
  if (std::string_view(c.name) == "ConfigValueTooLong") {
    return json{{"key", "K"}, {"value", std::string(501, 'v')}};
  }
  return json{{"currentTime", "2023-02-29T00:00:00Z"}};  // DateTimeBadDay (not a leap year)
}

TEST_P(BadCaseTest, ProducesExpectedCodeAndPath) {
  const auto& c = GetParam();
  const json j = build_bad_json(c);
  const auto err = validate(c.action, c.request, j);
  ASSERT_TRUE(err.has_value()) << j.dump();
  EXPECT_EQ(to_string(err->code), std::string(to_string(c.code))) << err->message;
  EXPECT_EQ(err->path, c.path) << err->message;
  EXPECT_FALSE(err->message.empty());
  const auto typed = typed_round_trip(c.action, c.request, j);
  ASSERT_TRUE(std::holds_alternative<ValidationError>(typed));
  EXPECT_EQ(std::get<ValidationError>(typed).code, err->code);
  EXPECT_EQ(std::get<ValidationError>(typed).path, err->path);
}

INSTANTIATE_TEST_SUITE_P(Constraints, BadCaseTest, testing::ValuesIn(bad_cases()),
                         [](const testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.name);
                         });

// ---- boundary / acceptance cases -------------------------------------------------------

TEST(Validation, MaxLengthIsInclusiveAndCountsCodePoints) {
  EXPECT_FALSE(validate_request(Action::Authorize, json{{"idTag", std::string(20, 'x')}}));
  // 20 x "ä" (2 bytes each in UTF-8) is 20 characters.
  std::string umlauts;
  for (int i = 0; i < 20; ++i) umlauts += "\xC3\xA4";
  EXPECT_FALSE(validate_request(Action::Authorize, json{{"idTag", umlauts}}));
  EXPECT_TRUE(validate_request(Action::Authorize, json{{"idTag", umlauts + "a"}}));
  EXPECT_FALSE(validate_request(Action::ChangeConfiguration,
                                json{{"key", "K"}, {"value", std::string(500, 'v')}}));
}

TEST(Validation, MultipleOfTenthUsesDecimalSemantics) {
  auto profile = [](const json& limit) {
    return json::parse(
        R"({"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":)" +
        limit.dump() + "}]}}}");
  };
  for (const char* ok : {"0.3", "0.7", "16", "16.0", "1.1", "1e-1", "123456.7", "-0.2", "0"}) {
    EXPECT_FALSE(validate_request(Action::SetChargingProfile, profile(json::parse(ok)))) << ok;
  }
  for (const char* bad : {"0.05", "16.15", "1e-2", "0.333"}) {
    const auto err = validate_request(Action::SetChargingProfile, profile(json::parse(bad)));
    ASSERT_TRUE(err) << bad;
    EXPECT_EQ(err->code, ErrorCode::PropertyConstraintViolation);
  }
}

TEST(Validation, HertzAllowedInMeterValuesButNotStopTransaction) {
  const auto mv = json::parse(
      R"({"connectorId":1,"meterValue":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[{"value":"50","unit":"Hertz"}]}]})");
  EXPECT_FALSE(validate_request(Action::MeterValues, mv));
  const auto st = json::parse(
      R"({"meterStop":1,"timestamp":"2024-01-01T00:00:00Z","transactionId":1,"transactionData":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[{"value":"50","unit":"Celsius"}]}]})");
  EXPECT_FALSE(validate_request(Action::StopTransaction, st));
}

TEST(Validation, StopTransactionAllowsEmptySampledValueAndTransactionData) {
  EXPECT_FALSE(validate_request(
      Action::StopTransaction,
      json::parse(
          R"({"meterStop":1,"timestamp":"2024-01-01T00:00:00Z","transactionId":1,"transactionData":[{"timestamp":"2024-01-01T00:00:00Z","sampledValue":[]}]})")));
  EXPECT_FALSE(validate_request(
      Action::StopTransaction,
      json::parse(
          R"({"meterStop":1,"timestamp":"2024-01-01T00:00:00Z","transactionId":1,"transactionData":[]})")));
}

TEST(Validation, RequiredReportedBeforeAdditionalProperty) {
  const auto err = validate_request(Action::Authorize, json{{"idtag", "x"}});
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, ErrorCode::OccurenceConstraintViolation);
  EXPECT_EQ(err->path, "idTag");
}

TEST(Validation, AcceptsOffsetsAndFractionsInDateTimes) {
  for (const char* ts : {"2024-01-01T00:00:00Z", "2024-01-01T08:00:00+08:00",
                         "2024-01-01t00:00:00.123456789z", "2024-02-29T23:59:60-05:30"}) {
    EXPECT_FALSE(validate_response(Action::Heartbeat, json{{"currentTime", ts}})) << ts;
  }
  for (const char* ts : {"2024-01-01 00:00:00Z", "2024-1-01T00:00:00Z", "2024-01-01T24:00:00Z",
                         "2024-01-01T00:00:00+0800", "2024-01-01T00:00:00.Z", "20240101T000000Z",
                         "", "2024-13-01T00:00:00Z", "2024-04-31T00:00:00Z"}) {
    const auto err = validate_response(Action::Heartbeat, json{{"currentTime", ts}});
    ASSERT_TRUE(err) << ts;
    EXPECT_EQ(err->code, ErrorCode::PropertyConstraintViolation) << ts;
  }
}

TEST(Validation, UriFormat) {
  auto req = [](const std::string& loc) {
    return json{{"location", loc}, {"retrieveDate", "2024-01-01T00:00:00Z"}};
  };
  for (const char* ok : {"http://a", "ftp://u:p@h:21/p?q=1#f", "urn:isbn:123", "s3+x.y-z:x"}) {
    EXPECT_FALSE(validate_request(Action::UpdateFirmware, req(ok))) << ok;
  }
  for (const char* bad : {"", "http", "1http://a", "http://a b", "http://a/%zz", "http://\xC3\xA4",
                          "://a", "http://a\"b"}) {
    EXPECT_TRUE(validate_request(Action::UpdateFirmware, req(bad))) << bad;
  }
}

// ---- typed API specifics ---------------------------------------------------------------

TEST(Decode, FillsTypedFields) {
  const auto r = decode<MeterValuesRequest>(json::parse(
      R"({"connectorId":2,"transactionId":9,"meterValue":[{"timestamp":"2024-01-01T00:00:01.5+01:00","sampledValue":[{"value":"7.5","measurand":"Power.Active.Import","unit":"kW","phase":"L2"}]}]})"));
  ASSERT_TRUE(std::holds_alternative<MeterValuesRequest>(r));
  const auto& m = std::get<MeterValuesRequest>(r);
  EXPECT_EQ(m.connector_id, 2);
  EXPECT_EQ(m.transaction_id, 9);
  ASSERT_EQ(m.meter_value.size(), 1U);
  EXPECT_EQ(m.meter_value[0].timestamp.epoch_ms, 1704067200000 - 3600000 + 1500);
  const auto& sv = m.meter_value[0].sampled_value.at(0);
  EXPECT_EQ(sv.value, "7.5");
  EXPECT_EQ(sv.measurand, Measurand::PowerActiveImport);
  EXPECT_EQ(sv.unit, UnitOfMeasure::kW);
  EXPECT_EQ(sv.phase, Phase::L2);
  EXPECT_FALSE(sv.context.has_value());
}

TEST(Encode, OmitsAbsentOptionalsAndFormatsDates) {
  StartTransactionRequest req;
  req.connector_id = 1;
  req.id_tag = "ABC";
  req.meter_start = 5;
  req.timestamp = DateTime{1704067200000};
  EXPECT_EQ(
      encode(req),
      json::parse(
          R"({"connectorId":1,"idTag":"ABC","meterStart":5,"timestamp":"2024-01-01T00:00:00.000Z"})"));
  StopTransactionRequest stop;
  stop.transaction_data = std::vector<MeterValue>{};
  EXPECT_TRUE(encode(stop).at("transactionData").is_array());
  EXPECT_FALSE(encode(StopTransactionRequest{}).contains("transactionData"));
  EXPECT_EQ(encode(HeartbeatRequest{}), json::object());
}

TEST(Decode, IsTotalOnHostileJson) {
  for (const json& j : {json(nullptr), json::array({1, 2}), json::parse(R"({"idTag":{"a":[]}})"),
                        json::parse(R"({"connectorId":-9223372036854775808,"meterValue":[{}]})")}) {
    EXPECT_TRUE(std::holds_alternative<ValidationError>(decode<AuthorizeRequest>(j)));
    EXPECT_TRUE(std::holds_alternative<ValidationError>(decode<MeterValuesRequest>(j)));
  }
  const auto r =
      decode<RemoteStopTransactionRequest>(json::parse(R"({"transactionId":9223372036854775807})"));
  ASSERT_TRUE(std::holds_alternative<RemoteStopTransactionRequest>(r));
  EXPECT_EQ(std::get<RemoteStopTransactionRequest>(r).transaction_id, INT64_MAX);
}

TEST(Enums, RoundTripAllValues) {
  for (const auto m : enum_values<Measurand>()) EXPECT_EQ(from_string<Measurand>(to_string(m)), m);
  EXPECT_EQ(enum_values<Measurand>().size(), 22U);
  EXPECT_EQ(enum_values<UnitOfMeasure>().size(), 18U);
  EXPECT_EQ(enum_values<ChargePointErrorCode>().size(), 16U);
  EXPECT_STREQ(to_string(Phase::L3_L1), "L3-L1");
  EXPECT_STREQ(to_string(ReadingContext::InterruptionBegin), "Interruption.Begin");
  EXPECT_FALSE(from_string<Phase>("l1").has_value());
}

}  // namespace
}  // namespace ct::ocpp16
