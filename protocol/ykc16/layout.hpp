// The wire layout of every message as data: for each struct, its fields in wire order with
// the codec that maps the member to bytes (and, in json.cpp, to display JSON). codec.cpp,
// json.cpp and the property tests all walk these tables, so a field is described once.
// Internal to the library and its tests; the public API is codec.hpp / json.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "protocol/ykc16/bcd.hpp"
#include "protocol/ykc16/flags.hpp"
#include "protocol/ykc16/messages.hpp"

namespace ct::ykc16::layout {

// How a number is shown: "373.2 V" is a wire value 3732 with {"V", 1}.
struct Unit {
  std::string_view symbol;
  int decimals = 0;
};

namespace unit {
inline constexpr Unit kNone{"", 0};
inline constexpr Unit kVersion{"", 1};  // protocol version x 10 -> "1.6"
inline constexpr Unit kDeciVolt{"V", 1};
inline constexpr Unit kCentiVolt{"V", 2};
inline constexpr Unit kDeciAmp{"A", 1};
inline constexpr Unit kDeciAmpHour{"Ah", 1};
inline constexpr Unit kE1Kwh{"kWh", 1};
inline constexpr Unit kE4Kwh{"kWh", 4};
inline constexpr Unit kE2Yuan{"yuan", 2};
inline constexpr Unit kE4Yuan{"yuan", 4};
inline constexpr Unit kE5YuanPerKwh{"yuan/kWh", 5};
inline constexpr Unit kMinutes{"min", 0};
inline constexpr Unit kPercent{"%", 0};
inline constexpr Unit kPermille{"%", 1};
inline constexpr Unit kCelsius{"°C", 0};
inline constexpr Unit kKilowatt{"kW", 0};
}  // namespace unit

// ---- codecs ---------------------------------------------------------------------------

// Unsigned little-endian integer of W bytes (W may be narrower than the member).
template <std::size_t W>
struct Uint {
  Unit unit = unit::kNone;
};
// Little-endian W-byte wire value; the member holds wire + offset (signed member).
template <std::size_t W>
struct Offset {
  std::int32_t offset = 0;
  Unit unit = unit::kNone;
};
struct BcdNumber {};  // one BCD byte, member std::uint8_t 0..99
struct Digits {};     // member BcdDigits<N>, N bytes
struct Raw {};        // member std::array<std::uint8_t, N>, N bytes as they are
template <std::size_t N>
struct Text {  // member std::string, ASCII zero-padded to N bytes
  bool reversed = false;
};
struct Time {};  // member Cp56Time2a, 7 bytes
struct Code {};  // member a code enum, 1 byte
template <std::size_t W>
struct Flags {  // member unsigned, W bytes little-endian, groups for display
  std::span<const BitGroup> groups;
};
struct Nested {};  // member a struct with its own Layout
struct Slots {};   // member std::array<TariffPeriod, 48>, 48 bytes
struct Cell {};    // member CellVoltage, 2 bytes: 12-bit voltage + 4-bit group
// A count byte, then that many items (member std::vector).
template <class Elem>
struct CountedList {
  Elem elem{};
};
// Items up to the end of the body, no count (member std::vector).
template <class Elem>
struct RepeatedList {
  Elem elem{};
};

template <class S, class M, class C>
struct Field {
  std::string_view key;  // JSON key (camelCase)
  M S::*member;
  C codec;
};

template <class S, class M, class C>
constexpr Field<S, M, C> field(std::string_view key, M S::*member, C codec) {
  return Field<S, M, C>{key, member, codec};
}

template <class T>
struct Layout;

// ---- sizes ----------------------------------------------------------------------------

template <class T>
constexpr std::size_t fixed_size() noexcept;

template <std::size_t W, class M>
constexpr std::size_t wire_size(const Uint<W>&, const M*) noexcept {
  return W;
}
template <std::size_t W, class M>
constexpr std::size_t wire_size(const Offset<W>&, const M*) noexcept {
  return W;
}
template <std::size_t W, class M>
constexpr std::size_t wire_size(const Flags<W>&, const M*) noexcept {
  return W;
}
template <class M>
constexpr std::size_t wire_size(const BcdNumber&, const M*) noexcept {
  return 1;
}
template <std::size_t N>
constexpr std::size_t wire_size(const Digits&, const BcdDigits<N>*) noexcept {
  return N;
}
template <std::size_t N>
constexpr std::size_t wire_size(const Raw&, const std::array<std::uint8_t, N>*) noexcept {
  return N;
}
template <std::size_t N, class M>
constexpr std::size_t wire_size(const Text<N>&, const M*) noexcept {
  return N;
}
template <class M>
constexpr std::size_t wire_size(const Time&, const M*) noexcept {
  return kCp56Size;
}
template <class M>
constexpr std::size_t wire_size(const Code&, const M*) noexcept {
  return 1;
}
template <class M>
constexpr std::size_t wire_size(const Nested&, const M*) noexcept {
  return fixed_size<M>();
}
template <class M>
constexpr std::size_t wire_size(const Slots&, const M*) noexcept {
  return kSlotsPerDay;
}
template <class M>
constexpr std::size_t wire_size(const Cell&, const M*) noexcept {
  return 2;
}
// Lists contribute their count byte to the fixed part; items are counted by item_size.
template <class E, class M>
constexpr std::size_t wire_size(const CountedList<E>&, const M*) noexcept {
  return 1;
}
template <class E, class M>
constexpr std::size_t wire_size(const RepeatedList<E>&, const M*) noexcept {
  return 0;
}

template <class C>
struct is_list : std::false_type {};
template <class E>
struct is_list<CountedList<E>> : std::true_type {};
template <class E>
struct is_list<RepeatedList<E>> : std::true_type {};

template <class S, class M, class C>
constexpr std::size_t field_wire_size(const Field<S, M, C>& f) noexcept {
  return wire_size(f.codec, static_cast<const M*>(nullptr));
}

template <class T>
constexpr std::size_t fixed_size() noexcept {
  return std::apply([](const auto&... f) { return (std::size_t{0} + ... + field_wire_size(f)); },
                    Layout<T>::fields);
}

template <class S, class M, class C>
constexpr std::size_t field_item_size(const Field<S, M, C>& f) noexcept {
  if constexpr (is_list<C>::value) {
    return wire_size(f.codec.elem, static_cast<const typename M::value_type*>(nullptr));
  } else {
    return 0;
  }
}

// Bytes per list item, 0 for a message without a list.
template <class T>
constexpr std::size_t item_size() noexcept {
  return std::apply([](const auto&... f) { return (std::size_t{0} + ... + field_item_size(f)); },
                    Layout<T>::fields);
}

// Calls fn(field) for each field in wire order while fn returns true; returns false if any
// call returned false.
template <class T, class Fn>
constexpr bool for_each_field(Fn&& fn) {
  return std::apply([&fn](const auto&... f) { return (... && fn(f)); }, Layout<T>::fields);
}

}  // namespace ct::ykc16::layout
