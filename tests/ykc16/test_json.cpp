// Display JSON: human units, codes, times, and reading it back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "protocol/ykc16/codec.hpp"
#include "protocol/ykc16/flags.hpp"
#include "protocol/ykc16/json.hpp"
#include "tests/ykc16/samples.hpp"

namespace ct::ykc16 {
namespace {

using samples::bytes;

Json describe(const samples::Sample& s) {
  return describe_frame(bytes(s.hex));
}

TEST(Json, RealtimeDataInHumanUnits) {
  const Json j = describe(samples::kRealtimeSwapped);
  EXPECT_EQ(j["type"], "0x13");
  EXPECT_EQ(j["name"], "Real-time data");
  EXPECT_EQ(j["nameZh"], "上传实时监测数据");
  EXPECT_EQ(j["direction"], "pile->platform");
  EXPECT_EQ(j["sequence"], 0xBDBB);
  EXPECT_EQ(j["encryption"], "0x00 none");
  EXPECT_EQ(j["length"], 0x40);
  EXPECT_EQ(j["crc"]["status"], "swapped");
  EXPECT_EQ(j["crc"]["expected"], "73 93");
  EXPECT_EQ(j["crc"]["actual"], "93 73");
  EXPECT_FALSE(j.contains("error"));
  const Json& b = j["body"];
  EXPECT_EQ(b["serial"], "20231212000010000000001005713600");
  EXPECT_EQ(b["gun"], 2);
  EXPECT_EQ(b["status"], "0x03 charging");
  EXPECT_EQ(b["homed"], "0x02 unknown");
  EXPECT_EQ(b["outputVoltage"], "373.2 V");
  EXPECT_EQ(b["outputCurrent"], "101.2 A");
  EXPECT_EQ(b["gunTemperature"], "34 °C");
  EXPECT_EQ(b["soc"], "78 %");
  EXPECT_EQ(b["chargingTime"], "16 min");
  EXPECT_EQ(b["energy"], "8.8000 kWh");
  EXPECT_EQ(b["amount"], "9.3280 yuan");
  EXPECT_EQ(b["hardwareFaults"], "0x0000 (none)");
  // Wire order is kept.
  EXPECT_EQ(b.begin().key(), "serial");
}

TEST(Json, TransactionRecordTimesPricesAndStopReason) {
  const Json b = describe(samples::kTransactionRecordSwapped)["body"];
  EXPECT_EQ(b["startTime"]["local"], "2023-12-13 17:04:14.000");
  EXPECT_EQ(b["startTime"]["utc"], "2023-12-13T09:04:14.000Z");
  EXPECT_EQ(b["startTime"]["offset"], "+08:00");
  EXPECT_EQ(b["startTime"]["dayOfWeek"], 3);
  EXPECT_EQ(b["sharp"]["unitPrice"], "1.50000 yuan/kWh");
  EXPECT_EQ(b["valley"]["energy"], "0.1650 kWh");
  EXPECT_EQ(b["valley"]["amount"], "0.1400 yuan");
  EXPECT_EQ(b["meterStart"], "0.0000 kWh");
  EXPECT_EQ(b["tradeType"], "0x01 app");
  EXPECT_EQ(b["stopReason"], "0x40 app_remote_stop");
  EXPECT_EQ(b["physicalCard"], "0000000000000000");

  JsonOptions utc;
  utc.utc_offset = UtcOffset{0};
  const Json u = describe_frame(bytes(samples::kTransactionRecordSwapped.hex), utc);
  EXPECT_EQ(u["body"]["startTime"]["utc"], "2023-12-13T17:04:14.000Z");
}

TEST(Json, BillingModelSlotsAsSegments) {
  BillingModelSet m;
  m.peak = {100000, 40000};
  for (std::size_t i = 0; i < 16; ++i) m.slots[i] = TariffPeriod::Valley;
  for (std::size_t i = 16; i < 48; ++i) m.slots[i] = TariffPeriod::Peak;
  m.slots[47] = static_cast<TariffPeriod>(9);
  const Json b = message_to_json(m);
  EXPECT_EQ(b["peak"]["electricity"], "1.00000 yuan/kWh");
  ASSERT_EQ(b["slots"].size(), 3U);
  EXPECT_EQ(b["slots"][0], (Json{{"from", "00:00"}, {"to", "08:00"}, {"period", "0x03 valley"}}));
  EXPECT_EQ(b["slots"][1]["to"], "23:30");
  EXPECT_EQ(b["slots"][2]["period"], "0x09 (unknown)");
  const auto back = message_from_json(0x58, b);
  ASSERT_TRUE(std::holds_alternative<Message>(back)) << std::get<std::string>(back);
  EXPECT_EQ(std::get<BillingModelSet>(std::get<Message>(back)), m);

  Json gap = b;
  gap["slots"].erase(1);
  const auto refused = message_from_json(0x58, gap);
  ASSERT_TRUE(std::holds_alternative<std::string>(refused));
  EXPECT_NE(std::get<std::string>(refused).find("slots: no segment covers minute 480"),
            std::string::npos)
      << std::get<std::string>(refused);
}

TEST(Json, UnknownCodesStopCategoriesAndFlags) {
  TransactionRecord r;
  r.stop_reason = static_cast<StopReason>(0x47);
  RealtimeData d;
  d.status = static_cast<GunStatus>(0x07);
  d.hardware_faults = flags::kEmergencyStop | flags::kDoorOpen | 0x8000;
  EXPECT_EQ(message_to_json(r)["stopReason"], "0x47 (reserved, finished)");
  const Json j = message_to_json(d);
  EXPECT_EQ(j["status"], "0x07 (unknown)");
  EXPECT_EQ(j["hardwareFaults"], "0x9001 (emergency_stop, door_open, 0x8000)");
  const auto back = message_from_json(0x13, j);
  ASSERT_TRUE(std::holds_alternative<Message>(back)) << std::get<std::string>(back);
  EXPECT_EQ(std::get<RealtimeData>(std::get<Message>(back)), d);
}

TEST(Json, NonPrintableTextAsHex) {
  Login login;
  login.program_version = std::string("V1\x01", 3);
  const Json j = message_to_json(login);
  EXPECT_EQ(j["programVersion"], (Json{{"hex", "5631010000000000"}}));
  const auto back = message_from_json(0x01, j);
  ASSERT_TRUE(std::holds_alternative<Message>(back));
  EXPECT_EQ(std::get<Login>(std::get<Message>(back)).program_version, login.program_version);
}

TEST(Json, HandWrittenInputIsLenientAboutFormAndStrictAboutMeaning) {
  const Json frame = Json::parse(R"({
    "type": "RealtimeData", "sequence": 7,
    "body": {"pileCode": "32010200000001", "gun": 1, "status": "charging",
             "outputVoltage": 373.2, "outputCurrent": "101.2 A", "gunTemperature": "-5",
             "energy": "1.5", "hardwareFaults": 1,
             "serial": "1"}})");
  const auto parsed = frame_from_json(frame);
  ASSERT_TRUE(std::holds_alternative<JsonFrame>(parsed)) << std::get<std::string>(parsed);
  const auto& jf = std::get<JsonFrame>(parsed);
  EXPECT_EQ(jf.sequence, 7);
  const auto& d = std::get<RealtimeData>(jf.message);
  EXPECT_EQ(d.status, GunStatus::Charging);
  EXPECT_EQ(d.output_voltage_dv, 3732);
  EXPECT_EQ(d.output_current_da, 1012);
  EXPECT_EQ(d.gun_temperature_c, -5);
  EXPECT_EQ(d.energy_e4_kwh, 15000U);
  EXPECT_EQ(d.hardware_faults, 1);
  EXPECT_EQ(d.serial.digits(), "00000000000000000000000000000001");

  auto refused = [](const char* text) {
    const auto r = frame_from_json(Json::parse(text));
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string();
  };
  EXPECT_NE(refused(R"({"type":"0x13","body":{"outputVoltage":"373.25 V"}})").find("outputVoltage"),
            std::string::npos);
  EXPECT_NE(refused(R"({"type":"0x13","body":{"outputvoltage":"1"}})").find("unknown field"),
            std::string::npos);
  EXPECT_NE(refused(R"({"type":"0x13","body":{"status":"0x03 idle"}})").find("the name says 0x02"),
            std::string::npos);
  EXPECT_NE(refused(R"({"type":"0x13","body":{"gun":100}})").find("gun"), std::string::npos);
  EXPECT_NE(refused(R"({"type":"0x13","body":{"outputVoltage":"10 A"}})").find("outputVoltage"),
            std::string::npos);
  EXPECT_NE(refused(R"({"type":"0x07"})").find("not a YKC 1.6 frame type"), std::string::npos);
  EXPECT_NE(refused(R"({"type":"0x03","encryption":"0x01 3des"})").find("unencrypted"),
            std::string::npos);
  EXPECT_NE(refused(R"({"type":"0x03","body":{"pileCode":"123456789012345"}})").find("pileCode"),
            std::string::npos);
  EXPECT_NE(refused(R"({"type":"0x44","body":{"cards":[{"physicalCard":"D14B0A54"}]}})")
                .find("cards[0].physicalCard"),
            std::string::npos);
}

TEST(Json, TimesFromUtc) {
  const Json frame = Json::parse(
      R"({"type":"0x56","body":{"pileCode":"55031412782305","time":{"utc":"2020-03-16T09:14:47.000Z"}}})");
  const auto parsed = frame_from_json(frame);
  ASSERT_TRUE(std::holds_alternative<JsonFrame>(parsed)) << std::get<std::string>(parsed);
  const auto wire =
      std::get<std::vector<std::uint8_t>>(encode_frame(std::get<JsonFrame>(parsed).message));
  EXPECT_EQ(to_hex(std::span(wire).subspan(13, 7)), "98 B7 0E 11 10 03 14");
}

TEST(Json, DescribeEveryKindOfProblem) {
  Json j = describe_frame(bytes("68 0C 00 00 00 02 55 03 14 12 78 23 05 00 DA 4D"));
  EXPECT_EQ(j["crc"]["status"], "bad");
  EXPECT_EQ(j["crc"]["expected"], "DA 4C");
  EXPECT_EQ(j["crc"]["actual"], "DA 4D");
  EXPECT_EQ(j["error"]["kind"], "bad_crc");
  EXPECT_EQ(j["body"]["pileCode"], "55031412782305");  // still shown

  j = describe_frame(bytes("68 0C 00"));
  EXPECT_EQ(j["error"]["kind"], "length_mismatch");
  EXPECT_EQ(j["raw"], "68 0C 00");

  j = describe_frame(std::get<std::vector<std::uint8_t>>(
      build_frame({1, kEncryption3Des, 0x13}, std::vector<std::uint8_t>(60))));
  EXPECT_EQ(j["error"]["kind"], "encrypted");
  EXPECT_EQ(j["encryption"], "0x01 3des");
  EXPECT_TRUE(j.contains("bodyHex"));

  j = describe_frame(std::get<std::vector<std::uint8_t>>(build_frame({1, 0, 0xF0}, {})));
  EXPECT_EQ(j["name"], "unknown");
  EXPECT_EQ(j["direction"], "platform->pile");
  EXPECT_EQ(j["error"]["kind"], "unknown_type");
}

TEST(Json, DescribeOutputEncodesBackToTheSameFrame) {
  for (const auto& s : samples::kAll) {
    const auto wire = bytes(s.hex);
    const auto parsed = frame_from_json(describe_frame(wire));
    ASSERT_TRUE(std::holds_alternative<JsonFrame>(parsed)) << s.name;
    const auto& jf = std::get<JsonFrame>(parsed);
    const auto again = std::get<std::vector<std::uint8_t>>(encode_frame(jf.message, jf.sequence));
    auto expected = wire;
    if (s.crc == CrcStatus::Swapped) std::swap(expected[expected.size() - 2], expected.back());
    EXPECT_EQ(to_hex(again), to_hex(expected)) << s.name;
  }
}

TEST(Json, FrameAndErrorEvents) {
  const auto decoded = decode_frame(bytes(samples::kHeartbeat.hex));
  const Json f = frame_to_json(std::get<Frame>(decoded));
  EXPECT_EQ(f["name"], "Heartbeat");
  EXPECT_EQ(f["crc"]["status"], "ok");
  EXPECT_EQ(f["body"]["gunState"], "0x00 normal");

  FrameError garbage;
  garbage.kind = ErrorKind::Garbage;
  garbage.skipped = 3;
  garbage.detail = "skipped 3 bytes";
  const Json g = error_to_json(garbage);
  EXPECT_EQ(g["error"]["kind"], "garbage");
  EXPECT_EQ(g["error"]["skipped"], 3);
  EXPECT_FALSE(g.contains("type"));
}

}  // namespace
}  // namespace ct::ykc16
