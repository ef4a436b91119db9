// Body codecs: wire details that the samples do not cover, and what the encoder refuses.
#include <gtest/gtest.h>

#include "protocol/ykc16/codec.hpp"
#include "protocol/ykc16/hex.hpp"

namespace ct::ykc16 {
namespace {

using Bytes = std::vector<std::uint8_t>;

template <class T>
Bytes encode_ok(const T& m) {
  auto r = encode_body(m);
  if (auto* err = std::get_if<EncodeError>(&r)) {
    ADD_FAILURE() << err->field << ": " << err->detail;
    return {};
  }
  return std::get<Bytes>(r);
}

template <class T>
EncodeError encode_fails(const T& m) {
  auto r = encode_body(m);
  if (!std::holds_alternative<EncodeError>(r)) {
    ADD_FAILURE() << "encoded " << to_hex(std::get<Bytes>(r));
    return {};
  }
  return std::get<EncodeError>(r);
}

TEST(Codec, VinIsReversedOnTheWireOnlyIn0x31And0xA1) {
  StartRequest start;
  start.vin = "LSVAX6052K2000001";
  const Bytes wire = encode_ok(start);
  ASSERT_EQ(wire.size(), 51U);
  EXPECT_EQ(std::string(wire.end() - 17, wire.end()), "1000002K2506XAVSL");
  EXPECT_EQ(std::get<StartRequest>(decode_body<StartRequest>(wire)).vin, start.vin);

  // A shorter value: zero padding after the text, i.e. leading zeros on the wire.
  start.vin = "ABC";
  const Bytes shorter = encode_ok(start);
  EXPECT_EQ(to_hex(std::span(shorter).last(3), '\0'), "434241");
  EXPECT_EQ(shorter[34], 0x00);
  EXPECT_EQ(std::get<StartRequest>(decode_body<StartRequest>(shorter)).vin, "ABC");

  TransactionRecord record;
  record.vin = "LSVAX6052K2000001";
  const Bytes bill = encode_ok(record);
  EXPECT_EQ(std::string(bill.begin() + 124, bill.begin() + 141), record.vin);
}

TEST(Codec, OffsetsAndPackedFieldsAtTheirLimits) {
  RealtimeData d;
  d.gun_temperature_c = -50;
  d.battery_max_temperature_c = 205;
  Bytes wire = encode_ok(d);
  EXPECT_EQ(wire[31], 0x00);
  EXPECT_EQ(wire[41], 0xFF);
  d.gun_temperature_c = -51;
  EXPECT_EQ(encode_fails(d).field, "gunTemperature");
  d.gun_temperature_c = 206;
  EXPECT_EQ(encode_fails(d).field, "gunTemperature");

  BmsDemand demand;
  demand.current_demand_da = -4000;
  demand.highest_cell = {4095, 15};
  wire = encode_ok(demand);
  EXPECT_EQ(wire[26], 0x00);
  EXPECT_EQ(wire[27], 0x00);
  EXPECT_EQ(wire[33], 0xFF);
  EXPECT_EQ(wire[34], 0xFF);
  demand.highest_cell.group = 16;
  EXPECT_EQ(encode_fails(demand).field, "highestCell");
  demand.highest_cell = {};
  demand.current_demand_da = 61536;  // 0xFFFF - 4000 is the largest
  EXPECT_EQ(encode_fails(demand).field, "currentDemand");

  BmsStatus status;
  status.highest_cell_number = 0;  // wire value + 1, so 0 cannot be sent
  EXPECT_EQ(encode_fails(status).field, "highestCellNumber");
  status.highest_cell_number = 256;
  const Bytes bms = encode_ok(status);
  ASSERT_EQ(bms.size(), 31U);
  EXPECT_EQ(bms[24], 0xFF);

  TransactionRecord record;
  record.meter_end_e4_kwh = (std::uint64_t{1} << 40) - 1;
  EXPECT_EQ(encode_ok(record).size(), 158U);
  record.meter_end_e4_kwh = std::uint64_t{1} << 40;
  EXPECT_EQ(encode_fails(record).field, "meterEnd");
}

TEST(Codec, RefusesWhatTheWireCannotCarry) {
  Heartbeat hb;
  hb.gun = 100;
  EXPECT_EQ(encode_fails(hb).field, "gun");
  ParkingLockStatus lock;  // BIN gun: any byte
  lock.gun = 200;
  const Bytes lock_wire = encode_ok(lock);
  ASSERT_EQ(lock_wire.size(), 16U);
  EXPECT_EQ(lock_wire[7], 200);

  Login login;
  login.program_version = "V4.1.50-rc1";
  EXPECT_EQ(encode_fails(login).field, "programVersion");
  login.program_version = std::string("V4\0", 3);
  EXPECT_EQ(encode_fails(login).field, "programVersion");
  login.program_version = std::string("A\0B", 3);  // inner NUL survives the padding
  EXPECT_EQ(std::get<Login>(decode_body<Login>(encode_ok(login))).program_version,
            login.program_version);

  TimeSync sync;
  sync.time.hour = 32;
  EXPECT_EQ(encode_fails(sync).field, "time");

  OfflineCardClear clear;
  clear.cards.resize(31);  // 8 + 31 * 8 = 256 > 251
  const EncodeError too_many = encode_fails(clear);
  EXPECT_NE(too_many.detail.find("does not fit the length byte"), std::string::npos);
  OfflineCardSync sync_cards;
  sync_cards.cards.resize(256);
  EXPECT_EQ(encode_fails(sync_cards).field, "cards");
}

TEST(Codec, ListsWithAndWithoutCount) {
  OfflineCardSync sync;
  sync.cards.push_back(
      {*LogicalCardNo::parse("1000000573"), PhysicalCardNo{0, 0, 0, 0, 0xD1, 0x4B, 0x0A, 0x54}});
  sync.cards.push_back({});
  const Bytes wire = encode_ok(sync);
  EXPECT_EQ(wire.size(), 8U + 2 * 16);
  EXPECT_EQ(wire[7], 2);
  EXPECT_EQ(std::get<OfflineCardSync>(decode_body<OfflineCardSync>(wire)), sync);

  OfflineCardQueryResponse query;
  query.results.push_back({PhysicalCardNo{1}, CardPresence::Present});
  query.results.push_back({PhysicalCardNo{2}, CardPresence::Absent});
  const Bytes q = encode_ok(query);
  EXPECT_EQ(q.size(), 7U + 2 * 9);
  EXPECT_EQ(std::get<OfflineCardQueryResponse>(decode_body<OfflineCardQueryResponse>(q)), query);

  EXPECT_TRUE(std::holds_alternative<OfflineCardQueryResponse>(
      decode_body<OfflineCardQueryResponse>(Bytes(7, 0x00))));
  const auto partial = decode_body<OfflineCardQueryResponse>(Bytes(7 + 5, 0x00));
  ASSERT_TRUE(std::holds_alternative<FrameError>(partial));
  EXPECT_EQ(std::get<FrameError>(partial).kind, ErrorKind::BodySize);

  Bytes bad_card = wire;
  bad_card[8 + 16 + 3] = 0x0F;  // logical card of the second item
  const auto err = std::get<FrameError>(decode_body<OfflineCardSync>(bad_card));
  EXPECT_EQ(err.kind, ErrorKind::InvalidField);
  EXPECT_EQ(err.field, "cards[1].logicalCard");
}

TEST(Codec, UnknownCodesAreKeptBothWays) {
  RealtimeData d;
  d.status = static_cast<GunStatus>(0x07);
  d.plugged = static_cast<PlugState>(0xFF);
  const Bytes wire = encode_ok(d);
  const auto back = std::get<RealtimeData>(decode_body<RealtimeData>(wire));
  EXPECT_EQ(static_cast<int>(back.status), 7);
  EXPECT_EQ(back, d);
}

template <class T>
void expect_default_round_trips() {
  const T m{};
  const Bytes wire = encode_ok(m);
  EXPECT_EQ(wire.size(), MessageTraits<T>::body_size);
  const auto back = decode_body<T>(wire);
  ASSERT_TRUE(std::holds_alternative<T>(back)) << std::get<FrameError>(back).detail;
  EXPECT_EQ(std::get<T>(back), m);
}

TEST(Codec, EveryDefaultMessageEncodesToItsBodySize) {
#define CT_YKC16_DEFAULT(code, T, dir, size, item, zh, en) expect_default_round_trips<T>();
  CT_YKC16_MESSAGES(CT_YKC16_DEFAULT)
#undef CT_YKC16_DEFAULT
}

TEST(Codec, DispatchByTypeCode) {
  const Bytes body = encode_ok(RemoteStop{*PileCode::parse("32010200000001"), 2});
  const auto m = decode_message(0x36, body);
  ASSERT_TRUE(std::holds_alternative<Message>(m));
  EXPECT_EQ(type_of(std::get<Message>(m)), 0x36);
  EXPECT_EQ(std::get<RemoteStop>(std::get<Message>(m)).gun, 2);
  EXPECT_EQ(std::get<FrameError>(decode_message(0x37, body)).kind, ErrorKind::UnknownType);
  EXPECT_EQ(std::get<FrameError>(decode_message(0x34, body)).kind, ErrorKind::BodySize);
  EXPECT_EQ(static_cast<std::uint8_t>(FrameType::TransactionRecord), 0x3B);
  EXPECT_EQ(MessageTraits<ParallelRemoteStart>::type, 0xA4);
}

}  // namespace
}  // namespace ct::ykc16
