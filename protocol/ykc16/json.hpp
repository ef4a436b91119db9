// Display JSON for YKC frames, for people (the `chargetwin ykc` tool) and for logs, and the
// inverse so that a frame can be written by hand or edited and re-encoded.
//
// Each field appears under its camelCase name in wire order, with its value in human units:
//   quantities   "373.2 V", "8.8000 kWh", "9.3280 yuan", "1.30000 yuan/kWh", "34 °C",
//                "16 min" - exact decimal strings at the wire's resolution
//   codes        "0x03 charging"; unknown codes "0x07 (unknown)" (the hex is what counts)
//   bit fields   "0x1001 (emergency_stop, door_open)"
//   identifiers  digit strings; raw byte fields (card numbers, ICCID) as hex
//   ASCII        strings, or {"hex": "..."} when the bytes are not printable
//   times        {"local": "2023-12-13 17:04:14.000", "utc": "2023-12-13T09:04:14.000Z",
//                 "offset": "+08:00"} - "utc" assumes the pile runs on JsonOptions::utc_offset
//   tariff slots [{"from": "00:00", "to": "07:00", "period": "0x03 valley"}, ...]
//
// Reading accepts the same shapes, plus plain numbers in the displayed unit (373.2) and code
// names without the hex ("charging"). In an object, unknown keys are refused and missing
// keys keep the field's zero value. Nothing here throws on bad input.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <variant>

#include "protocol/ykc16/cp56time2a.hpp"
#include "protocol/ykc16/frame.hpp"
#include "protocol/ykc16/messages.hpp"

namespace ct::ykc16 {

using Json = nlohmann::ordered_json;

struct JsonOptions {
  UtcOffset utc_offset = kChinaStandardTime;  // the piles' local time, for "utc"
};

// The body's fields.
Json message_to_json(const Message& message, const JsonOptions& options = {});
std::variant<Message, std::string> message_from_json(std::uint8_t type, const Json& body,
                                                     const JsonOptions& options = {});

// A delivered frame: type, name, nameZh, direction, sequence, encryption, crc, body.
Json frame_to_json(const Frame& frame, const JsonOptions& options = {});
// A refusal: the error (kind, detail, field), what is known of the header, the raw bytes.
Json error_to_json(const FrameError& error);

// Everything the bytes of one frame say: as frame_to_json plus the length and the CRC bytes
// expected and actual, and "error" when the decoder would refuse the frame. When only the
// CRC is wrong the body is still decoded and shown. When the body cannot be decoded it is
// shown as "bodyHex".
Json describe_frame(std::span<const std::uint8_t> bytes, const JsonOptions& options = {});

// frame_to_json / describe_frame output back to a message: "type" ("0x13", 19 or
// "RealtimeData"), "sequence" (default 0) and "body" are read, the other keys those
// functions write are ignored. Only unencrypted frames can be written.
struct JsonFrame {
  std::uint16_t sequence = 0;
  Message message;
};
std::variant<JsonFrame, std::string> frame_from_json(const Json& frame,
                                                     const JsonOptions& options = {});

}  // namespace ct::ykc16
