// Streaming decoder: reassembles YKC frames from TCP chunks of any size.
//
// feed() consumes every byte it is given, keeps unfinished input across calls and returns,
// in stream order, one event per frame completed by these bytes: a Frame, or a FrameError
// saying why a frame was refused (bad CRC, encrypted, unknown type, wrong body size, invalid
// field) or how many bytes outside any frame were skipped (Garbage).
//
// Resynchronisation. The decoder starts "in sync" (the next byte should start a frame) and
// stays so after every frame it consumed by its length byte. Bytes that do not start a frame
// are skipped up to the next 0x68; a 0x68 followed by a length below 4 is skipped too. While
// in sync, a complete frame with a bad CRC is refused whole (the peer delimited it, one error
// per frame). After skipped bytes a 0x68 may be a false start inside garbage, so a candidate
// whose CRC fails is not reported: its start byte is counted as garbage and the scan resumes
// at the next byte, so a real frame hidden inside it is still found. Skipped bytes are
// reported as one Garbage event just before the next frame or error.
//
// A frame whose CRC bytes come high byte first is accepted (CrcStatus::Swapped on the
// event) and counted in stats().crc_swapped.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "protocol/ykc16/frame.hpp"

namespace ct::ykc16 {

using DecodeEvent = std::variant<Frame, FrameError>;

struct DecoderStats {
  std::uint64_t bytes = 0;           // consumed by feed()
  std::uint64_t frames = 0;          // Frame events
  std::uint64_t frame_bytes = 0;     // bytes of those frames
  std::uint64_t rejected_bytes = 0;  // bytes of refused frames (FrameError::raw)
  std::uint64_t garbage_bytes = 0;   // bytes reported in Garbage events
  std::uint64_t crc_ok = 0;          // frames (delivered or refused later) with a correct CRC
  std::uint64_t crc_swapped = 0;     // ... with the CRC bytes swapped
  std::array<std::uint64_t, kErrorKindCount> errors{};  // events per ErrorKind

  std::uint64_t count(ErrorKind kind) const noexcept {
    return errors[static_cast<std::size_t>(kind)];
  }
};

class FrameDecoder {
 public:
  void feed(std::span<const std::uint8_t> chunk, std::vector<DecodeEvent>& events);
  std::vector<DecodeEvent> feed(std::span<const std::uint8_t> chunk);

  // End of stream: reports what is still held (skipped bytes, an unfinished frame) as one
  // Garbage event and empties the decoder. Stats are kept.
  std::vector<DecodeEvent> finish();

  // Forgets held input without reporting it (a new connection). Stats are kept.
  void reset() noexcept;

  const DecoderStats& stats() const noexcept { return stats_; }
  // Bytes held for an unfinished frame, and skipped bytes not yet reported.
  std::size_t buffered_bytes() const noexcept { return buffer_.size(); }
  std::size_t pending_garbage_bytes() const noexcept { return garbage_run_; }

 private:
  void emit_garbage(std::vector<DecodeEvent>& events, bool at_end);
  void emit(DecodeEvent event, std::size_t size, std::vector<DecodeEvent>& events);

  std::vector<std::uint8_t> buffer_;  // undecided bytes, starting with 0x68 when non-empty
  std::size_t garbage_run_ = 0;
  bool in_sync_ = true;
  DecoderStats stats_;
};

}  // namespace ct::ykc16
