// Body codecs: bytes <-> typed message, for each of the 51 frame types.
//
// decode_body<T> checks the body size for the type first (BodySize), then decodes every
// field (InvalidField names the first bad one). It is total: any bytes give a T or an error.
// encode_body<T> is its inverse for every value it accepts: decode(encode(m)) == m, and for
// every body decode accepts, encode(decode(b)) == b byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "protocol/ykc16/catalogue.hpp"
#include "protocol/ykc16/messages.hpp"
#include "protocol/ykc16/wire.hpp"

namespace ct::ykc16 {

template <class T>
std::variant<T, FrameError> decode_body(std::span<const std::uint8_t> body);

template <class T>
std::variant<std::vector<std::uint8_t>, EncodeError> encode_body(const T& message);

// nullopt when `body` has a size the type allows; otherwise the BodySize error.
std::optional<FrameError> check_body_size(const MessageInfo& info,
                                          std::span<const std::uint8_t> body);

// Dispatch on the type code: UnknownType for codes 1.6 does not define.
std::variant<Message, FrameError> decode_message(std::uint8_t type,
                                                 std::span<const std::uint8_t> body);
std::variant<std::vector<std::uint8_t>, EncodeError> encode_message(const Message& message);

}  // namespace ct::ykc16
