#include "protocol/ykc16/frame.hpp"

#include <cstdio>
#include <string>

#include "protocol/ykc16/codec.hpp"
#include "protocol/ykc16/crc.hpp"

namespace ct::ykc16 {
namespace {

std::string hex_byte(std::uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

FrameError not_a_frame(ErrorKind kind, std::string detail) {
  FrameError e;
  e.kind = kind;
  e.detail = std::move(detail);
  return e;
}

}  // namespace

std::string_view to_string(CrcStatus status) noexcept {
  switch (status) {
    case CrcStatus::Ok: return "ok";
    case CrcStatus::Swapped: return "swapped";
    case CrcStatus::Bad: return "bad";
  }
  return "bad";
}

std::string_view to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::Garbage: return "garbage";
    case ErrorKind::NotAFrame: return "not_a_frame";
    case ErrorKind::LengthMismatch: return "length_mismatch";
    case ErrorKind::BadCrc: return "bad_crc";
    case ErrorKind::Encrypted: return "encrypted";
    case ErrorKind::InvalidEncryptionFlag: return "invalid_encryption_flag";
    case ErrorKind::UnknownType: return "unknown_type";
    case ErrorKind::BodySize: return "body_size";
    case ErrorKind::InvalidField: return "invalid_field";
  }
  return "not_a_frame";
}

std::optional<std::size_t> frame_size(std::span<const std::uint8_t> prefix) noexcept {
  if (prefix.size() < 2 || prefix[0] != kStartByte || prefix[1] < kMinLength) return std::nullopt;
  return static_cast<std::size_t>(prefix[1]) + 4;
}

std::variant<RawFrame, FrameError> split_frame(std::span<const std::uint8_t> bytes) {
  if (bytes.empty() || bytes[0] != kStartByte) {
    return not_a_frame(
        ErrorKind::NotAFrame,
        bytes.empty() ? "no bytes" : "starts with " + hex_byte(bytes[0]) + ", not 0x68");
  }
  if (bytes.size() < 2) return not_a_frame(ErrorKind::LengthMismatch, "no length byte");
  const auto size = frame_size(bytes);
  if (!size) {
    return not_a_frame(ErrorKind::NotAFrame, "length byte " + hex_byte(bytes[1]) +
                                                 " is below 4 (sequence, flag and type)");
  }
  if (bytes.size() != *size) {
    return not_a_frame(ErrorKind::LengthMismatch, "length byte " + hex_byte(bytes[1]) + " means " +
                                                      std::to_string(*size) + " bytes, got " +
                                                      std::to_string(bytes.size()));
  }
  const std::size_t len = bytes[1];
  RawFrame raw;
  raw.header.sequence = static_cast<std::uint16_t>(bytes[2] | (bytes[3] << 8));
  raw.header.encryption = bytes[4];
  raw.header.type = bytes[5];
  raw.body.assign(bytes.begin() + kHeaderSize,
                  bytes.begin() + 2 + static_cast<std::ptrdiff_t>(len));
  raw.crc.expected = crc16_modbus(bytes.subspan(2, len));
  raw.crc.received = static_cast<std::uint16_t>(bytes[2 + len] | (bytes[3 + len] << 8));
  if (raw.crc.received == raw.crc.expected) {
    raw.crc.status = CrcStatus::Ok;
  } else if (raw.crc.received == byte_swapped(raw.crc.expected)) {
    raw.crc.status = CrcStatus::Swapped;
  } else {
    raw.crc.status = CrcStatus::Bad;
  }
  return raw;
}

std::variant<Message, FrameError> decode_raw_frame(const RawFrame& raw) {
  if (raw.header.encryption == kEncryption3Des) {
    return not_a_frame(ErrorKind::Encrypted,
                       "body is 3DES-encrypted (flag 0x01); the key scheme is not public, so "
                       "encrypted frames are refused");
  }
  if (raw.header.encryption != kEncryptionNone) {
    return not_a_frame(ErrorKind::InvalidEncryptionFlag,
                       "encryption flag " + hex_byte(raw.header.encryption) +
                           " is neither 0x00 (clear) nor 0x01 (3DES)");
  }
  return decode_message(raw.header.type, raw.body);
}

std::variant<Frame, FrameError> decode_frame(std::span<const std::uint8_t> bytes) {
  auto split = split_frame(bytes);
  if (auto* err = std::get_if<FrameError>(&split)) {
    err->raw.assign(bytes.begin(), bytes.end());
    return std::move(*err);
  }
  const RawFrame& raw = std::get<RawFrame>(split);
  auto fail = [&](FrameError e) {
    e.header = raw.header;
    e.crc = raw.crc;
    e.raw.assign(bytes.begin(), bytes.end());
    return e;
  };
  if (raw.crc.status == CrcStatus::Bad) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "CRC bytes %02X %02X, expected %02X %02X",
                  crc_low(raw.crc.received), crc_high(raw.crc.received), crc_low(raw.crc.expected),
                  crc_high(raw.crc.expected));
    return fail(not_a_frame(ErrorKind::BadCrc, buf));
  }
  auto decoded = decode_raw_frame(raw);
  if (auto* err = std::get_if<FrameError>(&decoded)) return fail(std::move(*err));
  return Frame{raw.header, raw.crc.status, std::move(std::get<Message>(decoded))};
}

std::variant<std::vector<std::uint8_t>, EncodeError> build_frame(
    const FrameHeader& header, std::span<const std::uint8_t> body) {
  if (body.size() > kMaxBodySize) {
    return EncodeError{
        "", "a body of " + std::to_string(body.size()) + " bytes does not fit the length byte"};
  }
  std::vector<std::uint8_t> out;
  out.reserve(body.size() + kHeaderSize + kCrcSize);
  out.push_back(kStartByte);
  out.push_back(static_cast<std::uint8_t>(body.size() + 4));
  out.push_back(static_cast<std::uint8_t>(header.sequence & 0xFF));
  out.push_back(static_cast<std::uint8_t>(header.sequence >> 8));
  out.push_back(header.encryption);
  out.push_back(header.type);
  out.insert(out.end(), body.begin(), body.end());
  const std::uint16_t crc = crc16_modbus(std::span(out).subspan(2));
  out.push_back(crc_low(crc));
  out.push_back(crc_high(crc));
  return out;
}

std::variant<std::vector<std::uint8_t>, EncodeError> encode_frame(const Message& message,
                                                                  std::uint16_t sequence) {
  auto body = encode_message(message);
  if (auto* err = std::get_if<EncodeError>(&body)) return std::move(*err);
  return build_frame(FrameHeader{sequence, kEncryptionNone, type_of(message)},
                     std::get<std::vector<std::uint8_t>>(body));
}

}  // namespace ct::ykc16
