#include <gtest/gtest.h>

#include <set>
#include <string>

#include "protocol/ocpp16/actions.hpp"
#include "protocol/ocpp16/error_code.hpp"
#include "protocol/ocpp16/rpc.hpp"

namespace ct::ocpp16 {
namespace {

using nlohmann::json;

Frame ok(std::string_view text) {
  auto r = parse_frame(text);
  if (auto* e = std::get_if<FrameError>(&r)) {
    ADD_FAILURE() << text << " -> " << to_string(e->code) << ": " << e->description;
    return CallResult{};
  }
  return std::get<Frame>(r);
}

FrameError bad(std::string_view text) {
  auto r = parse_frame(text);
  if (!std::holds_alternative<FrameError>(r)) {
    ADD_FAILURE() << text << " parsed";
    return FrameError{ErrorCode::GenericError, "", ""};
  }
  return std::get<FrameError>(r);
}

TEST(ParseFrame, Call) {
  const auto f =
      ok(R"([2,"19223201","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}])");
  const auto& call = std::get<Call>(f);
  EXPECT_EQ(call.unique_id, "19223201");
  EXPECT_EQ(call.action, "BootNotification");
  EXPECT_EQ(call.payload, json::parse(R"({"chargePointVendor":"V","chargePointModel":"M"})"));
}

TEST(ParseFrame, CallWithWhitespaceAndUnknownActionIsStillACall) {
  const auto f = ok(" [ 2 , \"a\" , \"FooBar\" , { } ]\n");
  EXPECT_EQ(std::get<Call>(f).action, "FooBar");
  EXPECT_FALSE(action_from_string("FooBar").has_value());
}

TEST(ParseFrame, CallResult) {
  const auto f =
      ok(R"([3,"id-1",{"status":"Accepted","currentTime":"2024-01-01T00:00:00Z","interval":300}])");
  const auto& r = std::get<CallResult>(f);
  EXPECT_EQ(r.unique_id, "id-1");
  EXPECT_EQ(r.payload.at("interval"), 300);
}

TEST(ParseFrame, CallError) {
  const auto f = ok(R"([4,"id-2","NotImplemented","Unknown action",{"x":1}])");
  const auto& e = std::get<CallError>(f);
  EXPECT_EQ(e.unique_id, "id-2");
  EXPECT_EQ(e.code, ErrorCode::NotImplemented);
  EXPECT_EQ(e.description, "Unknown action");
  EXPECT_EQ(e.details, json::parse(R"({"x":1})"));
}

TEST(ParseFrame, CallErrorAcceptsFieldSpellingAliases) {
  EXPECT_EQ(std::get<CallError>(ok(R"([4,"a","FormatViolation","",{}])")).code,
            ErrorCode::FormationViolation);
  EXPECT_EQ(std::get<CallError>(ok(R"([4,"a","OccurrenceConstraintViolation","",{}])")).code,
            ErrorCode::OccurenceConstraintViolation);
}

TEST(ParseFrame, UniqueIdLengthLimitIs36Characters) {
  const std::string id36(36, 'a');
  EXPECT_EQ(std::get<Call>(ok("[2,\"" + id36 + "\",\"Heartbeat\",{}]")).unique_id, id36);
  std::string id36_unicode;
  for (int i = 0; i < 36; ++i) id36_unicode += "\xE2\x82\xAC";  // euro sign
  EXPECT_EQ(std::get<Call>(ok("[2,\"" + id36_unicode + "\",\"Heartbeat\",{}]")).unique_id,
            id36_unicode);
  const auto e = bad("[2,\"" + id36 + "a\",\"Heartbeat\",{}]");
  EXPECT_EQ(e.code, ErrorCode::ProtocolError);
  EXPECT_EQ(e.unique_id, "");
  EXPECT_EQ(e.message_type_id, 2);
  EXPECT_EQ(std::get<Call>(ok(R"([2,"","Heartbeat",{}])")).unique_id, "");
}

struct BadFrame {
  const char* name;
  const char* text;
  ErrorCode code;
  const char* unique_id;
  int message_type_id;
};

class BadFrameTest : public testing::TestWithParam<BadFrame> {};

TEST_P(BadFrameTest, ReportsCodeAndUniqueId) {
  const auto& c = GetParam();
  const auto e = bad(c.text);
  EXPECT_EQ(std::string(to_string(e.code)), to_string(c.code)) << e.description;
  EXPECT_EQ(e.unique_id, c.unique_id);
  EXPECT_EQ(e.message_type_id, c.message_type_id);
  EXPECT_FALSE(e.description.empty());
}

const BadFrame kBadFrames[] = {
    {"Empty", "", ErrorCode::FormationViolation, "", 0},
    {"NotJson", "hello", ErrorCode::FormationViolation, "", 0},
    {"TruncatedJson", R"([2,"id","Heartbeat",{})", ErrorCode::FormationViolation, "", 0},
    {"TrailingGarbage", R"([2,"id","Heartbeat",{}] x)", ErrorCode::FormationViolation, "", 0},
    {"InvalidUtf8", "[2,\"id\",\"Heartbeat\",{\"a\":\"\xFF\"}]", ErrorCode::FormationViolation, "",
     0},
    {"Object", R"({"a":1})", ErrorCode::ProtocolError, "", 0},
    {"Number", "2", ErrorCode::ProtocolError, "", 0},
    {"EmptyArray", "[]", ErrorCode::ProtocolError, "", 0},
    {"TypeIdString", R"(["2","id","Heartbeat",{}])", ErrorCode::ProtocolError, "id", 0},
    {"TypeIdFloat", R"([2.0,"id","Heartbeat",{}])", ErrorCode::ProtocolError, "id", 0},
    {"TypeIdUnknown", R"([5,"id","Heartbeat",{}])", ErrorCode::ProtocolError, "id", 0},
    {"TypeIdNegative", R"([-2,"id",{}])", ErrorCode::ProtocolError, "id", 0},
    {"TypeIdHuge", R"([18446744073709551615,"id",{}])", ErrorCode::ProtocolError, "id", 0},
    {"OnlyTypeId", "[2]", ErrorCode::ProtocolError, "", 2},
    {"IdNotString", R"([2,1,"Heartbeat",{}])", ErrorCode::ProtocolError, "", 2},
    {"CallTooShort", R"([2,"id","Heartbeat"])", ErrorCode::ProtocolError, "id", 2},
    {"CallTooLong", R"([2,"id","Heartbeat",{},{}])", ErrorCode::ProtocolError, "id", 2},
    {"CallActionNotString", R"([2,"id",7,{}])", ErrorCode::ProtocolError, "id", 2},
    {"CallPayloadArray", R"([2,"id","Heartbeat",[]])", ErrorCode::FormationViolation, "id", 2},
    {"CallPayloadNull", R"([2,"id","Heartbeat",null])", ErrorCode::FormationViolation, "id", 2},
    {"CallPayloadString", R"([2,"id","Heartbeat","{}"])", ErrorCode::FormationViolation, "id", 2},
    {"ResultTooShort", R"([3,"id"])", ErrorCode::ProtocolError, "id", 3},
    {"ResultTooLong", R"([3,"id",{},{}])", ErrorCode::ProtocolError, "id", 3},
    {"ResultPayloadNotObject", R"([3,"id",1])", ErrorCode::FormationViolation, "id", 3},
    {"ErrorTooShort", R"([4,"id","GenericError","x"])", ErrorCode::ProtocolError, "id", 4},
    {"ErrorCodeNotString", R"([4,"id",1,"x",{}])", ErrorCode::ProtocolError, "id", 4},
    {"ErrorCodeUnknown", R"([4,"id","Oops","x",{}])", ErrorCode::ProtocolError, "id", 4},
    {"ErrorDescriptionNotString", R"([4,"id","GenericError",null,{}])", ErrorCode::ProtocolError,
     "id", 4},
    {"ErrorDetailsNotObject", R"([4,"id","GenericError","x",[]])", ErrorCode::ProtocolError, "id",
     4},
};

INSTANTIATE_TEST_SUITE_P(Shapes, BadFrameTest, testing::ValuesIn(kBadFrames),
                         [](const testing::TestParamInfo<BadFrame>& info) {
                           return std::string(info.param.name);
                         });

TEST(ParseFrame, NestingLimit) {
  std::string ok_text = "[2,\"id\",\"DataTransfer\",";
  std::string deep = ok_text;
  for (std::size_t i = 0; i < kMaxNestingDepth - 1; ++i) ok_text += "{\"a\":";
  ok_text += "1";
  for (std::size_t i = 0; i < kMaxNestingDepth - 1; ++i) ok_text += "}";
  ok_text += "]";
  EXPECT_TRUE(std::holds_alternative<Frame>(parse_frame(ok_text)));
  for (std::size_t i = 0; i < 100000; ++i) deep += "[";
  const auto e = bad(deep);
  EXPECT_EQ(e.code, ErrorCode::FormationViolation);
  // Brackets inside strings do not count.
  EXPECT_TRUE(std::holds_alternative<Frame>(parse_frame("[2,\"id\",\"DataTransfer\",{\"data\":\"" +
                                                        std::string(1000, '[') + "\\\"\"}]")));
}

TEST(Serialize, CallCallResultCallError) {
  EXPECT_EQ(serialize(Call{"1", "Heartbeat", json::object()}), R"([2,"1","Heartbeat",{}])");
  EXPECT_EQ(serialize(CallResult{"1", json{{"currentTime", "2024-01-01T00:00:00.000Z"}}}),
            R"([3,"1",{"currentTime":"2024-01-01T00:00:00.000Z"}])");
  EXPECT_EQ(serialize(CallError{"1", ErrorCode::OccurenceConstraintViolation, "missing \"x\""}),
            R"([4,"1","OccurenceConstraintViolation","missing \"x\"",{}])");
}

TEST(Serialize, RoundTripsThroughParse) {
  const Frame frames[] = {
      Call{"abc", "StatusNotification", json{{"connectorId", 1}}},
      CallResult{"abc", json{{"status", "Accepted"}}},
      CallError{"abc", ErrorCode::TypeConstraintViolation, "d\u00e9j\u00e0", json{{"k", {1, 2}}}},
  };
  for (const auto& f : frames) {
    const auto text = serialize(f);
    const auto parsed = parse_frame(text);
    ASSERT_TRUE(std::holds_alternative<Frame>(parsed)) << text;
    EXPECT_EQ(std::get<Frame>(parsed), f) << text;
  }
}

TEST(Serialize, DoesNotThrowOnInvalidUtf8) {
  EXPECT_NO_THROW((void)serialize(Call{"\xFF", "A", json{{"k", "\xC3"}}}));
}

TEST(ErrorCodes, RoundTripWireNames) {
  const ErrorCode all[] = {ErrorCode::NotImplemented,
                           ErrorCode::NotSupported,
                           ErrorCode::InternalError,
                           ErrorCode::ProtocolError,
                           ErrorCode::SecurityError,
                           ErrorCode::FormationViolation,
                           ErrorCode::PropertyConstraintViolation,
                           ErrorCode::OccurenceConstraintViolation,
                           ErrorCode::TypeConstraintViolation,
                           ErrorCode::GenericError};
  std::set<std::string> names;
  for (const auto c : all) {
    names.insert(to_string(c));
    EXPECT_EQ(error_code_from_string(to_string(c)), c);
  }
  EXPECT_EQ(names.size(), 10U);
  EXPECT_STREQ(to_string(ErrorCode::OccurenceConstraintViolation), "OccurenceConstraintViolation");
  EXPECT_FALSE(error_code_from_string("notimplemented").has_value());
}

TEST(Actions, NamesInitiatorsAndList) {
  EXPECT_EQ(all_actions().size(), 28U);
  std::set<std::string> names;
  for (const auto a : all_actions()) {
    names.insert(to_string(a));
    EXPECT_EQ(action_from_string(to_string(a)), a);
  }
  EXPECT_EQ(names.size(), 28U);
  EXPECT_EQ(initiator(Action::DataTransfer), Initiator::Both);
  EXPECT_EQ(initiator(Action::BootNotification), Initiator::ChargePoint);
  EXPECT_EQ(initiator(Action::StopTransaction), Initiator::ChargePoint);
  EXPECT_EQ(initiator(Action::RemoteStartTransaction), Initiator::CentralSystem);
  EXPECT_EQ(initiator(Action::TriggerMessage), Initiator::CentralSystem);
  int cp = 0;
  for (const auto a : all_actions()) cp += initiator(a) == Initiator::ChargePoint ? 1 : 0;
  EXPECT_EQ(cp, 9);
  EXPECT_FALSE(action_from_string("heartbeat").has_value());
  EXPECT_FALSE(action_from_string("SignCertificate").has_value());
}

}  // namespace
}  // namespace ct::ocpp16
