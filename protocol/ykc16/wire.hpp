// Frame constants, the frame header, the CRC verdict and the error values every decoder
// returns. Nothing here throws: a decoder answers with a value or with one of these.
//
//   +------+-----+---------+-----+------+----------------+---------+
//   | 0x68 | LEN | SEQ (2) | ENC | TYPE | BODY (LEN - 4) | CRC (2) |
//   +------+-----+---------+-----+------+----------------+---------+
//
// LEN counts SEQ + ENC + TYPE + BODY, so a frame is LEN + 4 bytes. SEQ is little-endian (a
// reply repeats the request's sequence; encoding the decoded value reproduces its bytes).
// The CRC is CRC-16/MODBUS over SEQ..BODY, low byte first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ct::ykc16 {

inline constexpr std::uint8_t kStartByte = 0x68;
inline constexpr std::size_t kHeaderSize = 6;  // start, LEN, SEQ (2), ENC, TYPE
inline constexpr std::size_t kCrcSize = 2;
inline constexpr std::size_t kMinLength = 4;    // LEN of a frame with an empty body
inline constexpr std::size_t kMaxLength = 255;  // LEN is one byte
inline constexpr std::size_t kMaxBodySize = kMaxLength - 4;
inline constexpr std::size_t kMaxFrameSize = kMaxLength + 4;

inline constexpr std::uint8_t kEncryptionNone = 0x00;
inline constexpr std::uint8_t kEncryption3Des = 0x01;

struct FrameHeader {
  std::uint16_t sequence = 0;
  std::uint8_t encryption = kEncryptionNone;
  std::uint8_t type = 0;
  bool operator==(const FrameHeader&) const = default;
};

enum class CrcStatus : std::uint8_t {
  Ok,       // low byte first, as specified
  Swapped,  // high byte first: some piles do this; accepted, and counted apart
  Bad,
};
std::string_view to_string(CrcStatus status) noexcept;

struct CrcCheck {
  CrcStatus status = CrcStatus::Ok;
  std::uint16_t expected = 0;  // CRC-16/MODBUS of SEQ..BODY
  std::uint16_t received = 0;  // the two CRC bytes read low byte first
  bool operator==(const CrcCheck&) const = default;
};

enum class ErrorKind : std::uint8_t {
  Garbage,                // bytes outside any frame were skipped (stream decoder)
  NotAFrame,              // no start byte 0x68, or a length byte below 4
  LengthMismatch,         // the bytes given are not exactly LEN + 4 (one-frame parsing)
  BadCrc,                 // neither byte order of the CRC matches
  Encrypted,              // ENC 0x01 (3DES): the key scheme is not public
  InvalidEncryptionFlag,  // ENC neither 0x00 nor 0x01
  UnknownType,            // a type code 1.6 does not define
  BodySize,               // the body length does not fit the type
  InvalidField,           // a field's bytes are not valid (e.g. a BCD nibble above 9)
};
inline constexpr std::size_t kErrorKindCount = 9;
std::string_view to_string(ErrorKind kind) noexcept;

struct FrameError {
  ErrorKind kind = ErrorKind::NotAFrame;
  std::string detail;  // one line for humans
  std::string field;   // InvalidField: the field's JSON path, e.g. "cards[2].logicalCard"
  std::optional<FrameHeader> header;
  std::optional<CrcCheck> crc;
  std::size_t skipped = 0;        // Garbage: how many bytes
  std::vector<std::uint8_t> raw;  // the rejected frame as received (empty for Garbage)
  bool operator==(const FrameError&) const = default;
};

// A message that cannot be represented on the wire (a gun number above 99 in a BCD field,
// a string longer than its field, more list items than the length byte allows).
struct EncodeError {
  std::string field;
  std::string detail;
  bool operator==(const EncodeError&) const = default;
};

}  // namespace ct::ykc16
