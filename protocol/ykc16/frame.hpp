// One frame at a time: split a complete frame into header, body and CRC verdict; decode it
// into a typed message; build frames to send.
//
// Checks, in order: start byte and length (NotAFrame / LengthMismatch), CRC (BadCrc; a CRC
// sent high byte first is accepted as CrcStatus::Swapped), encryption flag (Encrypted for
// 0x01, whose key scheme is not public; InvalidEncryptionFlag for anything but 0x00), type
// (UnknownType), body size for the type (BodySize), fields (InvalidField).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "protocol/ykc16/messages.hpp"
#include "protocol/ykc16/wire.hpp"

namespace ct::ykc16 {

// A frame cut at its boundaries, CRC judged but not enforced.
struct RawFrame {
  FrameHeader header;
  std::vector<std::uint8_t> body;
  CrcCheck crc;
  bool operator==(const RawFrame&) const = default;
};

// A frame the platform may act on: CRC ok or swapped, unencrypted, known type, valid body.
struct Frame {
  FrameHeader header;
  CrcStatus crc = CrcStatus::Ok;
  Message message;
  bool operator==(const Frame&) const = default;
};

// LEN + 4 when `prefix` starts with 0x68 followed by a length byte of at least 4.
std::optional<std::size_t> frame_size(std::span<const std::uint8_t> prefix) noexcept;

// `bytes` must be exactly one frame (LEN + 4 bytes).
std::variant<RawFrame, FrameError> split_frame(std::span<const std::uint8_t> bytes);

// Encryption flag, type, body size and fields; the CRC verdict is left to the caller, so
// that a tool can still show what a frame with a wrong CRC says.
std::variant<Message, FrameError> decode_raw_frame(const RawFrame& raw);

// All checks, a bad CRC included: what the stream decoder does with each complete frame.
// Errors carry the header and CRC verdict when known and the frame's bytes in `raw`.
std::variant<Frame, FrameError> decode_frame(std::span<const std::uint8_t> bytes);

// A complete frame around `body`, CRC low byte first. Fails only when the body exceeds
// kMaxBodySize.
std::variant<std::vector<std::uint8_t>, EncodeError> build_frame(
    const FrameHeader& header, std::span<const std::uint8_t> body);

// The message's frame, unencrypted. A reply takes the sequence number of its request.
std::variant<std::vector<std::uint8_t>, EncodeError> encode_frame(const Message& message,
                                                                  std::uint16_t sequence = 0);

}  // namespace ct::ykc16
