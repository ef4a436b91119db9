// CRC, BCD, hex text, CP56Time2a and the catalogue.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "protocol/ykc16/bcd.hpp"
#include "protocol/ykc16/catalogue.hpp"
#include "protocol/ykc16/cp56time2a.hpp"
#include "protocol/ykc16/crc.hpp"
#include "protocol/ykc16/flags.hpp"
#include "protocol/ykc16/hex.hpp"
#include "tests/ykc16/samples.hpp"

namespace ct::ykc16 {
namespace {

std::span<const std::uint8_t> text_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(Crc, CheckValueOfTheStandardString) {
  EXPECT_EQ(crc16_modbus(text_bytes("123456789")), 0x4B37);
  EXPECT_EQ(crc16_modbus({}), 0xFFFF);
}

TEST(Crc, LoginResponseBodyGivesTheDocumentedValue) {
  // Spec 6.2: CRC over SEQ..BODY is 0x4CDA, sent as DA 4C.
  const auto frame = samples::bytes(samples::kLoginResponseSpec.hex);
  EXPECT_EQ(crc16_modbus(std::span(frame).subspan(2, frame[1])), 0x4CDA);
  EXPECT_EQ(crc_low(0x4CDA), 0xDA);
  EXPECT_EQ(crc_high(0x4CDA), 0x4C);
  EXPECT_EQ(byte_swapped(0x4CDA), 0xDA4C);
}

TEST(Bcd, ParsesPadsAndRefuses) {
  const auto code = PileCode::parse("32010600019236");
  ASSERT_TRUE(code);
  EXPECT_EQ(code->digits(), "32010600019236");
  EXPECT_EQ(PileCode::parse("123")->digits(), "00000000000123");
  EXPECT_FALSE(PileCode::parse(""));
  EXPECT_FALSE(PileCode::parse("320106000192361"));  // 15 digits
  EXPECT_FALSE(PileCode::parse("3201060001923A"));
  EXPECT_FALSE(PileCode::parse(" 3201"));
  EXPECT_TRUE(PileCode{}.is_zero());
}

TEST(Bcd, WireRoundTripAndInvalidNibbles) {
  const std::array<std::uint8_t, 7> wire{0x55, 0x03, 0x14, 0x12, 0x78, 0x23, 0x05};
  const auto code = PileCode::from_wire(wire);
  ASSERT_TRUE(code);
  EXPECT_EQ(code->str(), "55031412782305");
  std::array<std::uint8_t, 7> back{};
  code->to_wire(back);
  EXPECT_EQ(back, wire);

  const std::array<std::uint8_t, 7> bad{0x55, 0x03, 0x1A, 0x12, 0x78, 0x23, 0x05};
  EXPECT_FALSE(PileCode::from_wire(bad));
  EXPECT_EQ(first_non_bcd_byte(bad), 2U);
  EXPECT_EQ(bcd_to_number(0x42), 42);
  EXPECT_FALSE(bcd_to_number(0x4A));
  EXPECT_EQ(number_to_bcd(99), 0x99);
  EXPECT_FALSE(number_to_bcd(100));
}

TEST(Hex, AcceptsTheUsualPasteFormats) {
  const std::vector<std::uint8_t> expected{0x68, 0x0C, 0x00, 0xAB};
  for (const char* text : {"68 0C 00 AB", "680C00ab", "0x68,0x0C,0x00,0xAB", "68:0C:00:AB",
                           "  68\t0C-00 AB\r\n", "0x680C00AB", "0x68 0xC 0x0 AB"}) {
    const auto parsed = parse_hex(text);
    ASSERT_TRUE(std::holds_alternative<std::vector<std::uint8_t>>(parsed)) << text;
    EXPECT_EQ(std::get<std::vector<std::uint8_t>>(parsed), expected) << text;
  }
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_hex("68 0C0")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_hex("68 ZZ")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_hex("0x")));
  EXPECT_EQ(to_hex(expected), "68 0C 00 AB");
  EXPECT_EQ(to_hex(expected, '\0'), "680C00AB");
}

TEST(Cp56Time2a, SpecExampleIsTheSixteenthOfMarch2020) {
  const std::array<std::uint8_t, 7> wire{0x98, 0xB7, 0x0E, 0x11, 0x10, 0x03, 0x14};
  const Cp56Time2a t = decode_cp56(wire);
  EXPECT_EQ(t.milliseconds, 47000);
  EXPECT_EQ(t.minute, 14);
  EXPECT_EQ(t.hour, 17);
  EXPECT_EQ(t.day, 16);
  EXPECT_EQ(t.month, 3);
  EXPECT_EQ(t.year, 20);
  EXPECT_EQ(format_local(t), "2020-03-16 17:14:47.000");
  // Beijing 17:14:47 is 09:14:47 UTC.
  EXPECT_EQ(to_utc_ms(t), 1584350087000);
  EXPECT_EQ(format_utc(*to_utc_ms(t)), "2020-03-16T09:14:47.000Z");
  EXPECT_EQ(to_utc_ms(t, UtcOffset{0}), 1584350087000 + 8 * 3600 * 1000);
  std::array<std::uint8_t, 7> back{};
  ASSERT_TRUE(encode_cp56(t, back));
  EXPECT_EQ(back, wire);
}

TEST(Cp56Time2a, KeepsFlagsReservedBitsAndImpossibleDates) {
  const std::array<std::uint8_t, 7> wire{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  const Cp56Time2a t = decode_cp56(wire);
  EXPECT_TRUE(t.invalid);
  EXPECT_TRUE(t.summer_time);
  EXPECT_EQ(t.day_of_week, 7);
  EXPECT_EQ(t.reserved, 0xFF);
  EXPECT_FALSE(is_valid_civil(t));
  EXPECT_FALSE(to_utc_ms(t));
  std::array<std::uint8_t, 7> back{};
  ASSERT_TRUE(encode_cp56(t, back));
  EXPECT_EQ(back, wire);

  const Cp56Time2a zero = decode_cp56(std::array<std::uint8_t, 7>{});
  EXPECT_EQ(format_local(zero), "2000-00-00 00:00:00.000");
  EXPECT_EQ(parse_local("2000-00-00 00:00:00.000"), zero);
  EXPECT_FALSE(to_utc_ms(zero));

  Cp56Time2a too_wide;
  too_wide.minute = 64;
  EXPECT_FALSE(fits_cp56(too_wide));
  EXPECT_FALSE(encode_cp56(too_wide, back));
}

TEST(Cp56Time2a, ConversionsAtAnyOffset) {
  const auto t = make_cp56(2024, 2, 29, 23, 59, 59, 999);
  ASSERT_TRUE(t);
  for (const int minutes : {480, 0, -300, 345, 840}) {
    const auto utc = to_utc_ms(*t, UtcOffset{minutes});
    ASSERT_TRUE(utc);
    EXPECT_EQ(from_utc_ms(*utc, UtcOffset{minutes}), t) << minutes;
  }
  EXPECT_FALSE(make_cp56(2023, 2, 29, 0, 0, 0));
  EXPECT_FALSE(make_cp56(1999, 12, 31, 0, 0, 0));
  EXPECT_FALSE(from_utc_ms(0));  // 1970 is before the 7-bit year's 2000
  // Midnight UTC on 2000-01-01 is already 08:00 in China.
  EXPECT_EQ(format_local(*from_utc_ms(946684800000)), "2000-01-01 08:00:00.000");
}

TEST(Cp56Time2a, TextForms) {
  EXPECT_EQ(parse_local("2024-12-18T17:15:30"), make_cp56(2024, 12, 18, 17, 15, 30));
  EXPECT_FALSE(parse_local("2024-12-18 17:15"));
  EXPECT_FALSE(parse_local("1999-12-18 17:15:30.000"));
  EXPECT_FALSE(parse_local("2024-16-18 17:15:30.000"));  // month beyond 4 bits
  EXPECT_EQ(format_offset(kChinaStandardTime), "+08:00");
  EXPECT_EQ(format_offset(UtcOffset{-330}), "-05:30");
  EXPECT_EQ(parse_offset("+08:00"), kChinaStandardTime);
  EXPECT_EQ(parse_offset("+8"), kChinaStandardTime);
  EXPECT_EQ(parse_offset("-0530"), UtcOffset{-330});
  EXPECT_EQ(parse_offset("Z"), UtcOffset{0});
  EXPECT_FALSE(parse_offset("08:00"));
  EXPECT_FALSE(parse_offset("+15:00"));
}

TEST(Catalogue, FiftyOneTypesWithParityDirections) {
  EXPECT_EQ(message_catalogue().size(), 51U);
  for (const MessageInfo& info : message_catalogue()) {
    EXPECT_EQ(info.direction, direction_by_parity(info.type)) << info.identifier;
    EXPECT_EQ(find_message_info(info.type), &info);
  }
  EXPECT_EQ(find_message_info(0x07), nullptr);
  EXPECT_EQ(find_message_info(0x3D), nullptr);  // 1.7's transaction record
  const MessageInfo* a3 = find_message_info(0xA3);
  ASSERT_NE(a3, nullptr);
  EXPECT_EQ(a3->direction, Direction::PileToPlatform);  // the spec's section 4 says otherwise
  EXPECT_EQ(message_info<RealtimeData>().name_zh, "上传实时监测数据");
  EXPECT_EQ(to_string(Direction::PlatformToPile), "platform->pile");
  EXPECT_EQ(message_info<OfflineCardSync>().shape, BodyShape::Counted);
  EXPECT_EQ(message_info<OfflineCardClearResponse>().shape, BodyShape::Repeated);
}

TEST(Enums, UnknownCodesHaveNoNameAndStopReasonsHaveCategories) {
  EXPECT_EQ(to_string(GunStatus::Charging), "charging");
  EXPECT_EQ(to_string(static_cast<GunStatus>(7)), "");
  EXPECT_FALSE(is_known(static_cast<GunStatus>(7)));
  EXPECT_EQ(enum_from_name<TariffPeriod>("valley"), TariffPeriod::Valley);
  EXPECT_EQ(stop_category(StopReason::AppRemoteStop), StopCategory::Finished);
  EXPECT_EQ(stop_category(static_cast<StopReason>(0x47)), StopCategory::Finished);
  EXPECT_EQ(stop_category(StopReason::StartBmsNotReady), StopCategory::StartFailed);
  EXPECT_EQ(stop_category(static_cast<StopReason>(0x58)), StopCategory::StartFailed);
  EXPECT_EQ(stop_category(StopReason::AbnormalCcsTimeout), StopCategory::Abnormal);
  EXPECT_EQ(stop_category(StopReason::UnknownReason), StopCategory::Unknown);
  EXPECT_EQ(stop_category(static_cast<StopReason>(0x00)), StopCategory::Unlisted);
}

TEST(Flags, DescribeNamesGroupsAndStrayBits) {
  EXPECT_EQ(describe_flags(0, flags::kHardwareFaults, 16), "none");
  EXPECT_EQ(describe_flags(flags::kEmergencyStop | flags::kDoorOpen, flags::kHardwareFaults, 16),
            "emergency_stop, door_open");
  EXPECT_EQ(describe_flags(0x4000, flags::kHardwareFaults, 16), "0x4000");
  EXPECT_EQ(describe_flags(0x01 | 0x08, flags::kBmsStopReasons, 8),
            "soc_target_reached, total_voltage_setpoint_reached=untrusted");
  EXPECT_EQ(describe_flags(0x0000, flags::kBmsStatus, 16), "charge_permit=forbidden");
  EXPECT_EQ(describe_flags(0x1002, flags::kBmsStatus, 16),
            "cell_voltage=low, charge_permit=allowed");
  EXPECT_EQ(group_value(0x1002, flags::kBmsStatus, "charge_permit"), 1U);
  EXPECT_FALSE(group_value(0x1002, flags::kBmsStatus, "nope"));
}

}  // namespace
}  // namespace ct::ykc16
