#include "protocol/ykc16/frame_decoder.hpp"

#include <algorithm>
#include <string>

namespace ct::ykc16 {

void FrameDecoder::feed(std::span<const std::uint8_t> chunk, std::vector<DecodeEvent>& events) {
  stats_.bytes += chunk.size();
  buffer_.insert(buffer_.end(), chunk.begin(), chunk.end());
  std::size_t pos = 0;
  while (pos < buffer_.size()) {
    if (buffer_[pos] != kStartByte) {
      const auto next =
          std::find(buffer_.begin() + static_cast<std::ptrdiff_t>(pos), buffer_.end(), kStartByte);
      const auto at = static_cast<std::size_t>(next - buffer_.begin());
      garbage_run_ += at - pos;
      in_sync_ = false;
      pos = at;
      continue;
    }
    if (buffer_.size() - pos < 2) break;
    const std::size_t len = buffer_[pos + 1];
    if (len < kMinLength) {
      garbage_run_ += 1;
      in_sync_ = false;
      pos += 1;
      continue;
    }
    const std::size_t total = len + 4;
    if (buffer_.size() - pos < total) break;
    const std::span<const std::uint8_t> candidate(buffer_.data() + pos, total);
    auto decoded = decode_frame(candidate);
    const auto* err = std::get_if<FrameError>(&decoded);
    if (err != nullptr && err->kind == ErrorKind::BadCrc && !in_sync_) {
      garbage_run_ += 1;
      pos += 1;
      continue;
    }
    if (err != nullptr && err->crc && err->crc->status != CrcStatus::Bad) {
      ++(err->crc->status == CrcStatus::Ok ? stats_.crc_ok : stats_.crc_swapped);
    } else if (const auto* frame = std::get_if<Frame>(&decoded)) {
      ++(frame->crc == CrcStatus::Ok ? stats_.crc_ok : stats_.crc_swapped);
    }
    emit_garbage(events, false);
    emit(std::move(decoded), total, events);
    pos += total;
    in_sync_ = true;
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos));
}

std::vector<DecodeEvent> FrameDecoder::feed(std::span<const std::uint8_t> chunk) {
  std::vector<DecodeEvent> events;
  feed(chunk, events);
  return events;
}

std::vector<DecodeEvent> FrameDecoder::finish() {
  std::vector<DecodeEvent> events;
  garbage_run_ += buffer_.size();
  const bool inside_frame = !buffer_.empty();
  buffer_.clear();
  emit_garbage(events, inside_frame);
  in_sync_ = true;
  return events;
}

void FrameDecoder::reset() noexcept {
  buffer_.clear();
  garbage_run_ = 0;
  in_sync_ = true;
}

void FrameDecoder::emit_garbage(std::vector<DecodeEvent>& events, bool at_end) {
  if (garbage_run_ == 0) return;
  FrameError e;
  e.kind = ErrorKind::Garbage;
  e.skipped = garbage_run_;
  e.detail = "skipped " + std::to_string(garbage_run_) + " byte" + (garbage_run_ == 1 ? "" : "s") +
             (at_end ? "; the stream ended inside a frame" : " that belong to no frame");
  stats_.garbage_bytes += garbage_run_;
  garbage_run_ = 0;
  ++stats_.errors[static_cast<std::size_t>(ErrorKind::Garbage)];
  events.emplace_back(std::move(e));
}

void FrameDecoder::emit(DecodeEvent event, std::size_t size, std::vector<DecodeEvent>& events) {
  if (const auto* err = std::get_if<FrameError>(&event)) {
    ++stats_.errors[static_cast<std::size_t>(err->kind)];
    stats_.rejected_bytes += size;
  } else {
    ++stats_.frames;
    stats_.frame_bytes += size;
  }
  events.push_back(std::move(event));
}

}  // namespace ct::ykc16
