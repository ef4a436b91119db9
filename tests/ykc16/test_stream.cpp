// The streaming decoder: reassembly from arbitrary chunks, resynchronisation, CRC tolerance,
// refusals and their counters.
#include <gtest/gtest.h>

#include <random>

#include "protocol/ykc16/codec.hpp"
#include "protocol/ykc16/frame_decoder.hpp"
#include "tests/ykc16/samples.hpp"

namespace ct::ykc16 {
namespace {

using samples::bytes;
using Bytes = std::vector<std::uint8_t>;

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes all_samples() {
  Bytes out;
  for (const auto& s : samples::kAll) {
    const Bytes b = bytes(s.hex);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

Bytes frame_with(FrameHeader header, const Bytes& body) {
  return std::get<Bytes>(build_frame(header, body));
}

Bytes heartbeat(std::uint16_t sequence) {
  Heartbeat hb;
  hb.pile_code = *PileCode::parse("32010200000001");
  hb.gun = 1;
  return std::get<Bytes>(encode_frame(hb, sequence));
}

std::vector<DecodeEvent> feed_in_chunks(FrameDecoder& d, const Bytes& stream,
                                        const std::vector<std::size_t>& sizes) {
  std::vector<DecodeEvent> events;
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < stream.size(); ++i) {
    const std::size_t n = std::min(sizes[i % sizes.size()], stream.size() - pos);
    d.feed(std::span(stream).subspan(pos, n), events);
    pos += n;
  }
  return events;
}

std::vector<std::string> summary(const std::vector<DecodeEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (const auto* f = std::get_if<Frame>(&e)) {
      out.push_back("frame " + std::to_string(f->header.type) + "/" +
                    std::to_string(f->header.sequence) + " " + std::string(to_string(f->crc)));
    } else {
      const auto& err = std::get<FrameError>(e);
      out.push_back(std::string(to_string(err.kind)) + " " + std::to_string(err.skipped) + " " +
                    std::to_string(err.raw.size()));
    }
  }
  return out;
}

void expect_accounted(const FrameDecoder& d) {
  const DecoderStats& s = d.stats();
  EXPECT_EQ(s.bytes, s.frame_bytes + s.rejected_bytes + s.garbage_bytes + d.buffered_bytes() +
                         d.pending_garbage_bytes());
}

TEST(FrameDecoder, DecodesEverySampleFromOneChunk) {
  FrameDecoder d;
  const Bytes stream = all_samples();
  const auto events = d.feed(stream);
  ASSERT_EQ(events.size(), std::size(samples::kAll));
  for (std::size_t i = 0; i < events.size(); ++i) {
    ASSERT_TRUE(std::holds_alternative<Frame>(events[i])) << samples::kAll[i].name;
    EXPECT_EQ(std::get<Frame>(events[i]).crc, samples::kAll[i].crc) << samples::kAll[i].name;
  }
  EXPECT_EQ(d.stats().frames, events.size());
  EXPECT_EQ(d.stats().crc_swapped, 8U);
  EXPECT_EQ(d.stats().crc_ok + d.stats().crc_swapped, events.size());
  EXPECT_EQ(d.stats().bytes, stream.size());
  EXPECT_EQ(d.buffered_bytes(), 0U);
  expect_accounted(d);
}

TEST(FrameDecoder, OneByteChunksGiveTheSameEvents) {
  const Bytes stream = all_samples();
  FrameDecoder whole;
  const auto expected = whole.feed(stream);
  FrameDecoder bytewise;
  const auto events = feed_in_chunks(bytewise, stream, {1});
  EXPECT_EQ(events, expected);
  EXPECT_EQ(bytewise.stats().bytes, stream.size());
}

TEST(FrameDecoder, RandomChunkingsGiveTheSameEvents) {
  const Bytes stream = concat({all_samples(), Bytes{0x01, 0x02, 0x68, 0x02}, all_samples(),
                               Bytes{0x68, 0xFF, 0x00}, heartbeat(7)});
  FrameDecoder whole;
  auto expected = whole.feed(stream);
  std::mt19937 rng(20240601);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 16; ++i)
      sizes.push_back(std::uniform_int_distribution<std::size_t>(1, 300)(rng));
    FrameDecoder d;
    EXPECT_EQ(summary(feed_in_chunks(d, stream, sizes)), summary(expected)) << "round " << round;
    EXPECT_EQ(d.stats().frames, whole.stats().frames);
    expect_accounted(d);
  }
}

TEST(FrameDecoder, ResynchronisesAfterGarbage) {
  FrameDecoder d;
  const Bytes stream = concat({Bytes{0x00, 0xFF, 0x12, 0x34, 0x56}, heartbeat(1)});
  const auto events = d.feed(stream);
  ASSERT_EQ(events.size(), 2U);
  const auto& garbage = std::get<FrameError>(events[0]);
  EXPECT_EQ(garbage.kind, ErrorKind::Garbage);
  EXPECT_EQ(garbage.skipped, 5U);
  EXPECT_EQ(std::get<Frame>(events[1]).header.sequence, 1);
  EXPECT_EQ(d.stats().garbage_bytes, 5U);
  EXPECT_EQ(d.stats().count(ErrorKind::Garbage), 1U);
}

TEST(FrameDecoder, StartBytesInsideGarbageDoNotHideTheNextFrame) {
  // 0x68 with a length below 4, then 0x68 with a length that would swallow the real frame:
  // after garbage neither may cost the frame that follows.
  FrameDecoder d;
  const Bytes stream = concat({Bytes{0xAA, 0x68, 0x02, 0x68, 0x30, 0x00}, heartbeat(2),
                               heartbeat(3), Bytes(40, 0x00), heartbeat(4)});
  std::vector<DecodeEvent> events = d.feed(stream);
  const auto more = d.finish();
  events.insert(events.end(), more.begin(), more.end());
  std::vector<std::uint16_t> sequences;
  std::size_t skipped = 0;
  for (const auto& e : events) {
    if (const auto* f = std::get_if<Frame>(&e)) sequences.push_back(f->header.sequence);
    if (const auto* err = std::get_if<FrameError>(&e)) {
      EXPECT_EQ(err->kind, ErrorKind::Garbage) << err->detail;
      skipped += err->skipped;
    }
  }
  EXPECT_EQ(sequences, (std::vector<std::uint16_t>{2, 3, 4}));
  EXPECT_EQ(skipped, 6U + 40U);
  EXPECT_EQ(d.stats().count(ErrorKind::BadCrc), 0U);
  expect_accounted(d);
}

TEST(FrameDecoder, SwappedCrcIsAcceptedAndCounted) {
  FrameDecoder d;
  const auto events = d.feed(bytes(samples::kHeartbeatSwapped.hex));
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(std::get<Frame>(events[0]).crc, CrcStatus::Swapped);
  EXPECT_EQ(d.stats().crc_swapped, 1U);
  EXPECT_EQ(d.stats().crc_ok, 0U);
}

TEST(FrameDecoder, BadCrcIsRejectedCountedAndSkippedWhole) {
  Bytes bad = heartbeat(5);
  bad.back() ^= 0x01;
  FrameDecoder d;
  const auto events = d.feed(concat({heartbeat(4), bad, heartbeat(6)}));
  ASSERT_EQ(events.size(), 3U);
  const auto& err = std::get<FrameError>(events[1]);
  EXPECT_EQ(err.kind, ErrorKind::BadCrc);
  ASSERT_TRUE(err.crc);
  EXPECT_EQ(err.crc->status, CrcStatus::Bad);
  EXPECT_EQ(err.raw, bad);
  ASSERT_TRUE(err.header);
  EXPECT_EQ(err.header->sequence, 5);
  EXPECT_EQ(std::get<Frame>(events[2]).header.sequence, 6);
  EXPECT_EQ(d.stats().count(ErrorKind::BadCrc), 1U);
  EXPECT_EQ(d.stats().frames, 2U);
  EXPECT_EQ(d.stats().rejected_bytes, bad.size());
}

TEST(FrameDecoder, WrongBodySizePerTypeIsRefused) {
  // A heartbeat body (9 bytes) sent as a login (0x01 needs 30).
  Bytes body = std::get<Bytes>(encode_message(Heartbeat{}));
  FrameDecoder d;
  const auto events = d.feed(frame_with({3, kEncryptionNone, 0x01}, body));
  ASSERT_EQ(events.size(), 1U);
  const auto& err = std::get<FrameError>(events[0]);
  EXPECT_EQ(err.kind, ErrorKind::BodySize);
  EXPECT_NE(err.detail.find("0x01 (Login) body is 9 bytes, the type has 30"), std::string::npos)
      << err.detail;
  EXPECT_EQ(d.stats().count(ErrorKind::BodySize), 1U);
  EXPECT_EQ(d.stats().crc_ok, 1U);
}

TEST(FrameDecoder, EncryptedFramesAreRefused) {
  const Bytes body = std::get<Bytes>(encode_message(Heartbeat{}));
  FrameDecoder d;
  const auto events = d.feed(
      concat({frame_with({1, kEncryption3Des, 0x03}, body), frame_with({2, 0x02, 0x03}, body)}));
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(std::get<FrameError>(events[0]).kind, ErrorKind::Encrypted);
  EXPECT_NE(std::get<FrameError>(events[0]).detail.find("not public"), std::string::npos);
  EXPECT_EQ(std::get<FrameError>(events[1]).kind, ErrorKind::InvalidEncryptionFlag);
  EXPECT_EQ(d.stats().count(ErrorKind::Encrypted), 1U);
}

TEST(FrameDecoder, UnknownTypesAndInvalidFieldsAreRefused) {
  Bytes body = std::get<Bytes>(encode_message(Heartbeat{}));
  FrameDecoder d;
  auto events = d.feed(frame_with({1, kEncryptionNone, 0x3D}, body));
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(std::get<FrameError>(events[0]).kind, ErrorKind::UnknownType);

  body[3] = 0xAB;  // inside the BCD pile code
  events = d.feed(frame_with({2, kEncryptionNone, 0x03}, body));
  ASSERT_EQ(events.size(), 1U);
  const auto& err = std::get<FrameError>(events[0]);
  EXPECT_EQ(err.kind, ErrorKind::InvalidField);
  EXPECT_EQ(err.field, "pileCode");
  EXPECT_NE(err.detail.find("byte 3 (0xAB) is not BCD"), std::string::npos) << err.detail;
}

TEST(FrameDecoder, FinishReportsAnUnfinishedFrame) {
  FrameDecoder d;
  const Bytes hb = heartbeat(9);
  EXPECT_TRUE(d.feed(std::span(hb).first(10)).empty());
  EXPECT_EQ(d.buffered_bytes(), 10U);
  const auto events = d.finish();
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(std::get<FrameError>(events[0]).skipped, 10U);
  EXPECT_EQ(d.buffered_bytes(), 0U);
  expect_accounted(d);
  // And the decoder is ready for the next stream.
  EXPECT_EQ(d.feed(hb).size(), 1U);
}

TEST(FrameDecoder, ResetForgetsPartialInput) {
  FrameDecoder d;
  const Bytes hb = heartbeat(9);
  (void)d.feed(std::span(hb).first(5));
  d.reset();
  const auto events = d.feed(hb);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<Frame>(events[0]));
}

TEST(OneFrame, SplitReportsLengthProblems) {
  EXPECT_EQ(std::get<FrameError>(split_frame({})).kind, ErrorKind::NotAFrame);
  EXPECT_EQ(std::get<FrameError>(split_frame(Bytes{0x69, 0x04})).kind, ErrorKind::NotAFrame);
  EXPECT_EQ(std::get<FrameError>(split_frame(Bytes{0x68, 0x03, 0, 0, 0, 0, 0})).kind,
            ErrorKind::NotAFrame);
  Bytes hb = heartbeat(1);
  hb.push_back(0x00);
  EXPECT_EQ(std::get<FrameError>(split_frame(hb)).kind, ErrorKind::LengthMismatch);
  hb.resize(hb.size() - 2);
  EXPECT_EQ(std::get<FrameError>(split_frame(hb)).kind, ErrorKind::LengthMismatch);
  EXPECT_EQ(frame_size(Bytes{0x68, 0x0D}), 17U);
  EXPECT_FALSE(frame_size(Bytes{0x68}));
}

TEST(OneFrame, BadCrcStillSplitsSoToolsCanShowTheBody) {
  Bytes hb = heartbeat(1);
  hb.back() ^= 0xFF;
  const auto split = split_frame(hb);
  ASSERT_TRUE(std::holds_alternative<RawFrame>(split));
  EXPECT_EQ(std::get<RawFrame>(split).crc.status, CrcStatus::Bad);
  EXPECT_TRUE(std::holds_alternative<Message>(decode_raw_frame(std::get<RawFrame>(split))));
  EXPECT_EQ(std::get<FrameError>(decode_frame(hb)).kind, ErrorKind::BadCrc);
}

TEST(OneFrame, EncoderAlwaysSendsTheCrcLowByteFirst) {
  const Bytes lr = bytes(samples::kLoginResponseSpec.hex);
  LoginResponse m;
  m.pile_code = *PileCode::parse("55031412782305");
  EXPECT_EQ(std::get<Bytes>(encode_frame(m, 0)), lr);
  EXPECT_TRUE(std::holds_alternative<EncodeError>(build_frame({}, Bytes(kMaxBodySize + 1))));
  EXPECT_EQ(std::get<Bytes>(build_frame({}, Bytes(kMaxBodySize))).size(), kMaxFrameSize);
}

}  // namespace
}  // namespace ct::ykc16
