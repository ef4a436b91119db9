#include "protocol/ocpp16/rpc.hpp"

#include <cstdint>
#include <utility>

namespace ct::ocpp16 {
namespace {

using nlohmann::json;

// Bracket nesting depth of a JSON text, ignoring brackets inside strings. Returns as soon as
// the limit is exceeded. Malformed text is left to the JSON parser.
bool nesting_exceeds(std::string_view text, std::size_t limit) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  bool escape = false;
  for (const char ch : text) {
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (ch == '\\') {
        escape = true;
      } else if (ch == '"') {
        in_string = false;
      }
      continue;
    }
    switch (ch) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > limit) return true;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return false;
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

FrameError error(ErrorCode code, std::string description, std::string id = {}, int type = 0) {
  return FrameError{code, std::move(description), std::move(id), type};
}

}  // namespace

std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

std::variant<Frame, FrameError> parse_frame(std::string_view text) noexcept {
  try {
    if (nesting_exceeds(text, kMaxNestingDepth)) {
      return error(ErrorCode::FormationViolation, "JSON nesting too deep");
    }
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return error(ErrorCode::FormationViolation, "message is not valid JSON");
    if (!j.is_array()) return error(ErrorCode::ProtocolError, "message is not a JSON array");
    auto& a = j.get_ref<json::array_t&>();
    if (a.empty()) return error(ErrorCode::ProtocolError, "message is an empty JSON array");

    std::string id;
    bool id_ok = false;
    if (a.size() >= 2 && a[1].is_string()) {
      auto& s = a[1].get_ref<std::string&>();
      if (utf8_length(s) <= kMaxUniqueIdLength) {
        id = std::move(s);
        id_ok = true;
      }
    }

    int type = 0;
    if (a[0].is_number_unsigned()) {
      const auto v = a[0].get<std::uint64_t>();
      if (v >= 2 && v <= 4) type = static_cast<int>(v);
    } else if (a[0].is_number_integer()) {
      const auto v = a[0].get<std::int64_t>();
      if (v >= 2 && v <= 4) type = static_cast<int>(v);
    } else {
      return error(ErrorCode::ProtocolError, "MessageTypeId is not an integer", id);
    }
    if (type == 0) return error(ErrorCode::ProtocolError, "unknown MessageTypeId", id);

    if (a.size() < 2 || !a[1].is_string()) {
      return error(ErrorCode::ProtocolError, "UniqueId is missing or not a string", {}, type);
    }
    if (!id_ok) {
      return error(ErrorCode::ProtocolError, "UniqueId is longer than 36 characters", {}, type);
    }

    switch (type) {
      case kMessageTypeCall: {
        if (a.size() != 4) {
          return error(ErrorCode::ProtocolError, "CALL must have exactly 4 elements", id, type);
        }
        if (!a[2].is_string()) {
          return error(ErrorCode::ProtocolError, "CALL Action is not a string", id, type);
        }
        if (!a[3].is_object()) {
          return error(ErrorCode::FormationViolation, "CALL payload is not a JSON object", id,
                       type);
        }
        return Frame{Call{std::move(id), std::move(a[2].get_ref<std::string&>()), std::move(a[3])}};
      }
      case kMessageTypeCallResult: {
        if (a.size() != 3) {
          return error(ErrorCode::ProtocolError, "CALLRESULT must have exactly 3 elements", id,
                       type);
        }
        if (!a[2].is_object()) {
          return error(ErrorCode::FormationViolation, "CALLRESULT payload is not a JSON object", id,
                       type);
        }
        return Frame{CallResult{std::move(id), std::move(a[2])}};
      }
      default: {
        if (a.size() != 5) {
          return error(ErrorCode::ProtocolError, "CALLERROR must have exactly 5 elements", id,
                       type);
        }
        if (!a[2].is_string()) {
          return error(ErrorCode::ProtocolError, "CALLERROR errorCode is not a string", id, type);
        }
        const auto code = error_code_from_string(a[2].get_ref<const std::string&>());
        if (!code) {
          return error(ErrorCode::ProtocolError, "CALLERROR errorCode is not a known error code",
                       id, type);
        }
        if (!a[3].is_string()) {
          return error(ErrorCode::ProtocolError, "CALLERROR errorDescription is not a string", id,
                       type);
        }
        if (!a[4].is_object()) {
          return error(ErrorCode::ProtocolError, "CALLERROR errorDetails is not a JSON object", id,
                       type);
        }
        return Frame{CallError{std::move(id), *code, std::move(a[3].get_ref<std::string&>()),
                               std::move(a[4])}};
      }
    }
  } catch (...) {
    return error(ErrorCode::InternalError, "internal error while parsing frame");
  }
}

std::string serialize(const Call& call) {
  std::string out = "[2,";
  out += dump(json(call.unique_id));
  out += ',';
  out += dump(json(call.action));
  out += ',';
  out += dump(call.payload);
  out += ']';
  return out;
}

std::string serialize(const CallResult& result) {
  std::string out = "[3,";
  out += dump(json(result.unique_id));
  out += ',';
  out += dump(result.payload);
  out += ']';
  return out;
}

std::string serialize(const CallError& err) {
  std::string out = "[4,";
  out += dump(json(err.unique_id));
  out += ",\"";
  out += to_string(err.code);
  out += "\",";
  out += dump(json(err.description));
  out += ',';
  out += dump(err.details);
  out += ']';
  return out;
}

std::string serialize(const Frame& frame) {
  return std::visit([](const auto& f) { return serialize(f); }, frame);
}

}  // namespace ct::ocpp16
