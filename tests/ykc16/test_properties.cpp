// RapidCheck properties. Messages are generated from the layout tables, so every field of
// every type gets arbitrary wire-representable values (unknown codes, odd dates and all).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

#include "protocol/ykc16/codec.hpp"
#include "protocol/ykc16/frame_decoder.hpp"
#include "protocol/ykc16/json.hpp"
#include "protocol/ykc16/layouts.hpp"
#include "protocol/ykc16/tariff.hpp"

namespace ct::ykc16 {
namespace {

using namespace layout;
using Bytes = std::vector<std::uint8_t>;

template <class M>
struct Tag {};

constexpr std::uint64_t max_of_width(std::size_t width) {
  return (std::uint64_t{1} << (8 * width)) - 1;
}

template <class T>
rc::Gen<T> gen_message();

// Values near the ends of a range are where codecs break, so they come up often.
rc::Gen<std::uint64_t> gen_raw(std::uint64_t max) {
  return rc::gen::weightedOneOf<std::uint64_t>(
      {{4, rc::gen::inRange<std::uint64_t>(0, max + 1)},
       {1, rc::gen::element<std::uint64_t>(0, 1, max - 1, max)}});
}

template <class T, std::size_t W, class M>
rc::Gen<M> gen_field(const Uint<W>&, Tag<M>) {
  return rc::gen::map(gen_raw(max_of_width(W)), [](std::uint64_t v) { return static_cast<M>(v); });
}

template <class T, std::size_t W, class M>
rc::Gen<M> gen_field(const Offset<W>& c, Tag<M>) {
  const std::int64_t offset = c.offset;
  return rc::gen::map(gen_raw(max_of_width(W)), [offset](std::uint64_t v) {
    return static_cast<M>(static_cast<std::int64_t>(v) + offset);
  });
}

template <class T, std::size_t W, class M>
rc::Gen<M> gen_field(const Flags<W>&, Tag<M>) {
  return rc::gen::arbitrary<M>();
}

template <class T>
rc::Gen<std::uint8_t> gen_field(const BcdNumber&, Tag<std::uint8_t>) {
  return rc::gen::inRange<std::uint8_t>(0, 100);
}

template <class T, std::size_t N>
rc::Gen<BcdDigits<N>> gen_field(const Digits&, Tag<BcdDigits<N>>) {
  return rc::gen::map(
      rc::gen::container<std::string>(2 * N, rc::gen::inRange('0', static_cast<char>('9' + 1))),
      [](const std::string& s) { return *BcdDigits<N>::parse(s); });
}

template <class T, std::size_t N>
rc::Gen<std::array<std::uint8_t, N>> gen_field(const Raw&, Tag<std::array<std::uint8_t, N>>) {
  return rc::gen::arbitrary<std::array<std::uint8_t, N>>();
}

template <class T, std::size_t N>
rc::Gen<std::string> gen_field(const Text<N>&, Tag<std::string>) {
  return rc::gen::map(rc::gen::arbitrary<std::string>(), [](std::string s) {
    if (s.size() > N) s.resize(N);
    while (!s.empty() && s.back() == '\0') s.pop_back();
    return s;
  });
}

template <class T>
rc::Gen<Cp56Time2a> gen_field(const Time&, Tag<Cp56Time2a>) {
  return rc::gen::build<Cp56Time2a>(
      rc::gen::set(&Cp56Time2a::milliseconds),
      rc::gen::set(&Cp56Time2a::minute, rc::gen::inRange<std::uint8_t>(0, 64)),
      rc::gen::set(&Cp56Time2a::hour, rc::gen::inRange<std::uint8_t>(0, 32)),
      rc::gen::set(&Cp56Time2a::day, rc::gen::inRange<std::uint8_t>(0, 32)),
      rc::gen::set(&Cp56Time2a::day_of_week, rc::gen::inRange<std::uint8_t>(0, 8)),
      rc::gen::set(&Cp56Time2a::month, rc::gen::inRange<std::uint8_t>(0, 16)),
      rc::gen::set(&Cp56Time2a::year, rc::gen::inRange<std::uint8_t>(0, 128)),
      rc::gen::set(&Cp56Time2a::invalid), rc::gen::set(&Cp56Time2a::summer_time),
      rc::gen::set(&Cp56Time2a::reserved));
}

template <class T, class E>
rc::Gen<E> gen_field(const Code&, Tag<E>) {
  return rc::gen::map(rc::gen::arbitrary<std::uint8_t>(),
                      [](std::uint8_t v) { return static_cast<E>(v); });
}

template <class T, class M>
rc::Gen<M> gen_field(const Nested&, Tag<M>) {
  return gen_message<M>();
}

template <class T>
rc::Gen<DaySlots> gen_field(const Slots&, Tag<DaySlots>) {
  return rc::gen::map(rc::gen::arbitrary<std::array<std::uint8_t, kSlotsPerDay>>(),
                      [](const auto& raw) {
                        DaySlots slots{};
                        for (std::size_t i = 0; i < kSlotsPerDay; ++i)
                          slots[i] = static_cast<TariffPeriod>(raw[i]);
                        return slots;
                      });
}

template <class T>
rc::Gen<CellVoltage> gen_field(const Cell&, Tag<CellVoltage>) {
  return rc::gen::build<CellVoltage>(
      rc::gen::set(&CellVoltage::voltage_cv, rc::gen::inRange<std::uint16_t>(0, 4096)),
      rc::gen::set(&CellVoltage::group, rc::gen::inRange<std::uint8_t>(0, 16)));
}

template <class T, class E, class V>
rc::Gen<std::vector<V>> gen_items(const E& elem) {
  constexpr std::size_t max_items = (kMaxBodySize - fixed_size<T>()) / item_size<T>();
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, max_items + 1), [elem](std::size_t n) {
    return rc::gen::container<std::vector<V>>(n, gen_field<T>(elem, Tag<V>{}));
  });
}

template <class T, class E, class V>
rc::Gen<std::vector<V>> gen_field(const CountedList<E>& c, Tag<std::vector<V>>) {
  return gen_items<T, E, V>(c.elem);
}

template <class T, class E, class V>
rc::Gen<std::vector<V>> gen_field(const RepeatedList<E>& c, Tag<std::vector<V>>) {
  return gen_items<T, E, V>(c.elem);
}

template <class T>
rc::Gen<T> gen_message() {
  return rc::gen::exec([] {
    T m{};
    for_each_field<T>([&m](const auto& f) {
      using M = std::remove_cvref_t<decltype(m.*(f.member))>;
      m.*(f.member) = *gen_field<T>(f.codec, Tag<M>{});
      return true;
    });
    return m;
  });
}

template <class T>
void check_round_trip(const T& m, std::uint16_t sequence) {
  // Body.
  const auto body = encode_body(m);
  RC_ASSERT(std::holds_alternative<Bytes>(body));
  const auto decoded = decode_body<T>(std::get<Bytes>(body));
  RC_ASSERT(std::holds_alternative<T>(decoded));
  RC_ASSERT(std::get<T>(decoded) == m);
  // Frame.
  const auto frame = encode_frame(m, sequence);
  RC_ASSERT(std::holds_alternative<Bytes>(frame));
  const auto parsed = decode_frame(std::get<Bytes>(frame));
  RC_ASSERT(std::holds_alternative<Frame>(parsed));
  const Frame& f = std::get<Frame>(parsed);
  RC_ASSERT(f.crc == CrcStatus::Ok);
  RC_ASSERT(f.header.sequence == sequence);
  RC_ASSERT(std::get<T>(f.message) == m);
  // Display JSON, through its text form.
  const Json j = Json::parse(frame_to_json(f).dump());
  const auto back = frame_from_json(j);
  RC_ASSERT(std::holds_alternative<JsonFrame>(back));
  RC_ASSERT(std::get<JsonFrame>(back).sequence == sequence);
  RC_ASSERT(std::get<T>(std::get<JsonFrame>(back).message) == m);
}

#define CT_YKC16_ROUND_TRIP(code, T, dir, size, item, zh, en)                  \
  RC_GTEST_PROP(RoundTrip, T, ()) {                                            \
    check_round_trip(*gen_message<T>(), *rc::gen::arbitrary<std::uint16_t>()); \
  }
CT_YKC16_MESSAGES(CT_YKC16_ROUND_TRIP)
#undef CT_YKC16_ROUND_TRIP

// Splits `stream` at the given sizes (cycled) and feeds the pieces.
std::vector<DecodeEvent> feed_chunked(FrameDecoder& d, const Bytes& stream,
                                      const std::vector<std::size_t>& sizes) {
  std::vector<DecodeEvent> events;
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < stream.size(); ++i) {
    const std::size_t n =
        std::min(std::max<std::size_t>(1, sizes[i % sizes.size()]), stream.size() - pos);
    d.feed(std::span(stream).subspan(pos, n), events);
    pos += n;
  }
  return events;
}

RC_GTEST_PROP(Stream, ArbitraryBytesAreAllConsumedWhateverTheChunking, (const Bytes& stream)) {
  const auto sizes = *rc::gen::nonEmpty(
      rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, 300)));
  FrameDecoder whole;
  const auto expected = whole.feed(stream);
  FrameDecoder chunked;
  const auto events = feed_chunked(chunked, stream, sizes);
  RC_ASSERT(events == expected);
  const DecoderStats& s = chunked.stats();
  RC_ASSERT(s.bytes == stream.size());
  RC_ASSERT(s.bytes == s.frame_bytes + s.rejected_bytes + s.garbage_bytes +
                           chunked.buffered_bytes() + chunked.pending_garbage_bytes());
  (void)chunked.finish();
  RC_ASSERT(s.bytes == s.frame_bytes + s.rejected_bytes + s.garbage_bytes);
  RC_ASSERT(chunked.buffered_bytes() == 0U);
}

RC_GTEST_PROP(Stream, FrameLikeBytesAreAllConsumed, ()) {
  // Start bytes, plausible lengths and real frames make the decoder work harder than
  // uniform bytes do.
  const auto pieces = *rc::gen::container<std::vector<Bytes>>(rc::gen::oneOf(
      rc::gen::container<Bytes>(rc::gen::element<std::uint8_t>(0x68, 0x00, 0x04, 0x0D, 0xFF)),
      rc::gen::map(gen_message<Heartbeat>(),
                   [](const Heartbeat& hb) { return std::get<Bytes>(encode_frame(hb, 1)); })));
  Bytes stream;
  for (const Bytes& p : pieces) stream.insert(stream.end(), p.begin(), p.end());
  FrameDecoder d;
  const auto events = feed_chunked(d, stream, {1, 7, 64});
  (void)d.finish();
  const DecoderStats& s = d.stats();
  RC_ASSERT(s.bytes == stream.size());
  RC_ASSERT(s.bytes == s.frame_bytes + s.rejected_bytes + s.garbage_bytes);
  for (const auto& e : events) {
    if (const auto* f = std::get_if<Frame>(&e)) {
      // Whatever was accepted re-encodes to a frame that decodes to the same message.
      const auto again =
          decode_frame(std::get<Bytes>(encode_frame(f->message, f->header.sequence)));
      RC_ASSERT(std::get<Frame>(again).message == f->message);
    }
  }
}

RC_GTEST_PROP(Stream, ConcatenatedFramesAreAllRecovered, ()) {
  const auto messages = *rc::gen::container<std::vector<RealtimeData>>(gen_message<RealtimeData>());
  Bytes stream;
  for (const auto& m : messages) {
    const Bytes f = std::get<Bytes>(encode_frame(m, 3));
    stream.insert(stream.end(), f.begin(), f.end());
  }
  const auto sizes = *rc::gen::nonEmpty(
      rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, 100)));
  FrameDecoder d;
  const auto events = feed_chunked(d, stream, sizes);
  RC_ASSERT(events.size() == messages.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    RC_ASSERT(std::get<RealtimeData>(std::get<Frame>(events[i]).message) == messages[i]);
  }
}

RC_GTEST_PROP(OneFrame, DescribeIsTotal, (const Bytes& bytes)) {
  (void)describe_frame(bytes).dump();
  (void)decode_frame(bytes);
  // And with a valid envelope around arbitrary bodies of every type.
  const auto type =
      *rc::gen::elementOf(std::vector<std::uint8_t>{0x01, 0x13, 0x3B, 0x44, 0x45, 0x58, 0x94});
  Bytes body = bytes;
  if (body.size() > kMaxBodySize) body.resize(kMaxBodySize);
  const Bytes frame = std::get<Bytes>(build_frame({0, kEncryptionNone, type}, body));
  const Json j = describe_frame(frame);
  (void)j.dump();
  if (!j.contains("error")) {
    // A body that decodes re-encodes to exactly itself.
    const auto parsed = frame_from_json(j);
    RC_ASSERT(std::holds_alternative<JsonFrame>(parsed));
    RC_ASSERT(std::get<Bytes>(encode_frame(std::get<JsonFrame>(parsed).message, 0)) == frame);
  }
}

}  // namespace
}  // namespace ct::ykc16
