// What is known about each frame type: names for display, direction and body size.
// Pile-originated types are odd and platform-originated types even (vendor section 4, whose
// table swaps 0xA3/0xA4 by mistake; the body sections and the parity rule agree on
// 0xA3 pile->platform, 0xA4 platform->pile).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "protocol/ykc16/messages.hpp"

namespace ct::ykc16 {

enum class BodyShape : std::uint8_t {
  Fixed,     // exactly body_size bytes
  Counted,   // body_size bytes ending with a count byte n, then n items of item_size
  Repeated,  // body_size bytes, then any number of items of item_size (no count)
};

struct MessageInfo {
  std::uint8_t type;
  std::string_view identifier;  // the struct's name, e.g. "RealtimeData"
  std::string_view name;        // English display name
  std::string_view name_zh;     // the vendor text's name
  Direction direction;
  BodyShape shape;
  std::size_t body_size;
  std::size_t item_size;
};

// nullptr for a type code 1.6 does not define.
const MessageInfo* find_message_info(std::uint8_t type) noexcept;
// All 51 types in code order.
std::span<const MessageInfo> message_catalogue() noexcept;

template <class T>
const MessageInfo& message_info() noexcept {
  return *find_message_info(MessageTraits<T>::type);
}

// "pile->platform" / "platform->pile".
std::string_view to_string(Direction direction) noexcept;
// What the parity rule says about a type code, known or not.
constexpr Direction direction_by_parity(std::uint8_t type) noexcept {
  return (type & 1U) != 0 ? Direction::PileToPlatform : Direction::PlatformToPile;
}

}  // namespace ct::ykc16
