// Sans-IO OCPP-J 1.6 RPC framing: parse a WebSocket text message into a frame, and
// serialize frames back to text.
//
//   CALL        [2, "<UniqueId>", "<Action>", {<payload>}]
//   CALLRESULT  [3, "<UniqueId>", {<payload>}]
//   CALLERROR   [4, "<UniqueId>", "<errorCode>", "<errorDescription>", {<errorDetails>}]
//
// parse_frame() never throws and is total over arbitrary bytes. Error code conventions
// (OCPP-J 1.6 section 4.2.3), chosen so that the server can answer a CALL with a CALLERROR:
//
//   condition                                                   code                unique_id
//   ----------------------------------------------------------  ------------------  ---------
//   not valid JSON (syntax error, invalid UTF-8, number         FormationViolation  empty
//     overflow, trailing garbage) -- "syntactically incorrect"
//   JSON nested deeper than kMaxNestingDepth                    FormationViolation  empty
//   not a JSON array / empty array                              ProtocolError       empty
//   MessageTypeId not an integer, or not 2/3/4                  ProtocolError       if readable
//   UniqueId missing / not a string / longer than 36 chars      ProtocolError       empty
//   wrong number of elements for the MessageTypeId              ProtocolError       if readable
//   CALL Action not a string                                    ProtocolError       filled
//   CALLERROR errorCode not a string or not a known code,       ProtocolError       filled
//     errorDescription not a string, errorDetails not an object
//   CALL / CALLRESULT payload not a JSON object                 FormationViolation  filled
//
// "Readable" unique id: element 1 is a string of at most 36 characters (Unicode code points).
// An empty string is accepted as a unique id (the spec only imposes a maximum length).
// Unknown action names are NOT a frame error: Call::action keeps the raw string; map it with
// action_from_string() and answer NotImplemented when it is unknown.
// Payload contents are not checked here; use validate_request()/validate_response().
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/ocpp16/error_code.hpp"

namespace ct::ocpp16 {

inline constexpr std::size_t kMaxUniqueIdLength = 36;
inline constexpr std::size_t kMaxNestingDepth = 64;

inline constexpr int kMessageTypeCall = 2;
inline constexpr int kMessageTypeCallResult = 3;
inline constexpr int kMessageTypeCallError = 4;

struct Call {
  std::string unique_id;
  std::string action;
  nlohmann::json payload;
  bool operator==(const Call&) const = default;
};

struct CallResult {
  std::string unique_id;
  nlohmann::json payload;
  bool operator==(const CallResult&) const = default;
};

struct CallError {
  std::string unique_id;
  ErrorCode code;
  std::string description;
  nlohmann::json details = nlohmann::json::object();
  bool operator==(const CallError&) const = default;
};

using Frame = std::variant<Call, CallResult, CallError>;

struct FrameError {
  ErrorCode code;
  std::string description;
  std::string unique_id;  // empty if it could not be read
  // The MessageTypeId (2, 3 or 4) when it could be read, else 0. A server should only answer
  // with a CALLERROR when this is 2 (a CALL) and unique_id is set.
  int message_type_id = 0;
};

std::variant<Frame, FrameError> parse_frame(std::string_view text) noexcept;

// Serialization never throws on invalid UTF-8 inside strings (it is replaced by U+FFFD).
std::string serialize(const Call& call);
std::string serialize(const CallResult& result);
std::string serialize(const CallError& error);
std::string serialize(const Frame& frame);

// Number of Unicode code points in a UTF-8 string (continuation bytes are not counted).
std::size_t utf8_length(std::string_view s) noexcept;

}  // namespace ct::ocpp16
