// libFuzzer target: arbitrary bytes -> parse_frame; for CALLs with a known action the payload
// goes through validate_request, the typed decode and an encode -> decode round trip, which
// must be stable. CALLRESULT payloads are checked against every action's response schema.
// Any crash, sanitizer report or violated invariant (abort) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "protocol/ocpp16/codec.hpp"

namespace {

using namespace ct::ocpp16;
using nlohmann::json;

void require(bool condition) {
  if (!condition) std::abort();
}

template <class T>
void round_trip(const json& payload) {
  const auto validated = MessageTraits<T>::is_request
                             ? validate_request(MessageTraits<T>::action, payload)
                             : validate_response(MessageTraits<T>::action, payload);
  const auto decoded = decode<T>(payload);
  // decode() accepts exactly what the validator accepts.
  require(validated.has_value() == std::holds_alternative<ValidationError>(decoded));
  if (const auto* err = std::get_if<ValidationError>(&decoded)) {
    require(err->code == validated->code && err->path == validated->path);
    return;
  }
  const T& first = std::get<T>(decoded);
  const json encoded = encode(first);
  const auto again = decode<T>(encoded);
  require(std::holds_alternative<T>(again));
  require(std::get<T>(again) == first);
  require(encode(std::get<T>(again)) == encoded);
  // And through the wire format.
  const auto reparsed = parse_frame(serialize(CallResult{"fuzz", encoded}));
  require(std::holds_alternative<Frame>(reparsed));
}

void check_request(Action action, const json& payload) {
  switch (action) {
#define CT_FUZZ_CASE(name) \
  case Action::name: round_trip<name##Request>(payload); break;
    CT_OCPP16_ACTIONS(CT_FUZZ_CASE)
#undef CT_FUZZ_CASE
  }
}

void check_response(Action action, const json& payload) {
  switch (action) {
#define CT_FUZZ_CASE(name) \
  case Action::name: round_trip<name##Response>(payload); break;
    CT_OCPP16_ACTIONS(CT_FUZZ_CASE)
#undef CT_FUZZ_CASE
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_frame(text);
  if (const auto* err = std::get_if<FrameError>(&parsed)) {
    require(err->unique_id.size() <= kMaxUniqueIdLength * 4);
    return 0;
  }
  const Frame& frame = std::get<Frame>(parsed);
  // Serialization of a parsed frame parses back to the same frame.
  const auto again = parse_frame(serialize(frame));
  require(std::holds_alternative<Frame>(again) && std::get<Frame>(again) == frame);

  if (const auto* call = std::get_if<Call>(&frame)) {
    if (const auto action = action_from_string(call->action)) check_request(*action, call->payload);
  } else if (const auto* result = std::get_if<CallResult>(&frame)) {
    for (const Action action : all_actions()) check_response(action, result->payload);
  }
  return 0;
}
