// libFuzzer target: arbitrary bytes -> the YKC 1.6 stream decoder, fed whole and in chunks
// whose sizes come from the input itself. The two feeds must report the same events and
// account for every byte; every accepted frame must survive encode -> decode and the display
// JSON round trip; the same bytes as one frame go through describe_frame, and a frame it
// decodes must re-encode to exactly those bytes. Any crash, sanitizer report or violated
// invariant (abort) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <span>
#include <variant>
#include <vector>

#include "protocol/ykc16/frame_decoder.hpp"
#include "protocol/ykc16/json.hpp"

namespace {

using namespace ct::ykc16;
using Bytes = std::vector<std::uint8_t>;

void require(bool condition) {
  if (!condition) std::abort();
}

void check_frame(const Frame& frame) {
  const auto encoded = encode_frame(frame.message, frame.header.sequence);
  require(std::holds_alternative<Bytes>(encoded));
  const auto again = decode_frame(std::get<Bytes>(encoded));
  require(std::holds_alternative<Frame>(again));
  require(std::get<Frame>(again).message == frame.message);
  require(std::get<Frame>(again).crc == CrcStatus::Ok);

  const Json text = Json::parse(frame_to_json(frame).dump());
  const auto parsed = frame_from_json(text);
  require(std::holds_alternative<JsonFrame>(parsed));
  require(std::get<JsonFrame>(parsed).message == frame.message);
}

void check_one_frame(std::span<const std::uint8_t> data) {
  const Json described = describe_frame(data);
  (void)described.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (described.contains("error")) return;
  const auto parsed = frame_from_json(described);
  require(std::holds_alternative<JsonFrame>(parsed));
  const auto& jf = std::get<JsonFrame>(parsed);
  const auto encoded = encode_frame(jf.message, jf.sequence);
  require(std::holds_alternative<Bytes>(encoded));
  Bytes expected(data.begin(), data.end());
  if (described["crc"]["status"] == "swapped")
    std::swap(expected[expected.size() - 2], expected.back());
  require(std::get<Bytes>(encoded) == expected);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);

  FrameDecoder whole;
  std::vector<DecodeEvent> expected = whole.feed(input);

  FrameDecoder chunked;
  std::vector<DecodeEvent> events;
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < size; ++i) {
    const std::size_t n = std::min<std::size_t>(1 + data[i % size] % 97, size - pos);
    chunked.feed(input.subspan(pos, n), events);
    pos += n;
  }
  require(events == expected);

  const DecoderStats& s = chunked.stats();
  require(s.bytes == size);
  require(s.bytes == s.frame_bytes + s.rejected_bytes + s.garbage_bytes + chunked.buffered_bytes() +
                         chunked.pending_garbage_bytes());
  require(chunked.buffered_bytes() <= kMaxFrameSize);
  (void)chunked.finish();
  require(s.bytes == s.frame_bytes + s.rejected_bytes + s.garbage_bytes);

  for (const DecodeEvent& e : events) {
    if (const auto* frame = std::get_if<Frame>(&e)) {
      check_frame(*frame);
    } else {
      (void)error_to_json(std::get<FrameError>(e)).dump();
    }
  }
  check_one_frame(input);
  return 0;
}
