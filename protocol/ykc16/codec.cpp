// The binary side of the layout tables (layouts.hpp): one read and one write per codec kind.
#include "protocol/ykc16/codec.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>

#include "protocol/ykc16/layouts.hpp"

namespace ct::ykc16 {
namespace {

using namespace layout;

#define CT_YKC16_CHECK_LAYOUT(code, T, dir, size, item, zh, en)      \
  static_assert(fixed_size<T>() == (size), "layout of " #T           \
                                           " disagrees with the "    \
                                           "catalogue's body size"); \
  static_assert(item_size<T>() == (item), "list item size of " #T);
CT_YKC16_MESSAGES(CT_YKC16_CHECK_LAYOUT)
#undef CT_YKC16_CHECK_LAYOUT

std::string hex_byte(std::uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

// Where a failure happened, built from the innermost field outwards.
struct Failure {
  std::string field;
  std::string detail;
  void prefix(std::string_view key) {
    if (field.empty()) {
      field = std::string(key);
    } else if (field.front() == '[') {
      field = std::string(key) + field;
    } else {
      field = std::string(key) + "." + field;
    }
  }
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> data) noexcept : data_(data) {}
  std::size_t remaining() const noexcept { return data_.size() - pos_; }
  // Empty optional when fewer than n bytes are left.
  std::optional<std::span<const std::uint8_t>> take(std::size_t n) noexcept {
    if (n > remaining()) return std::nullopt;
    auto out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
};

std::uint64_t read_le(std::span<const std::uint8_t> bytes) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) v = (v << 8) | bytes[i];
  return v;
}

void write_le(std::vector<std::uint8_t>& out, std::uint64_t v, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

constexpr std::uint64_t max_of_width(std::size_t width) noexcept {
  return width >= 8 ? std::numeric_limits<std::uint64_t>::max()
                    : (std::uint64_t{1} << (8 * width)) - 1;
}

bool truncated(Failure& f) {
  f.detail = "body ends inside this field";
  return false;
}

template <class T>
bool read_fields(Reader& r, T& out, Failure& f);
template <class T>
bool write_fields(std::vector<std::uint8_t>& out, const T& in, Failure& f);

// ---- read -----------------------------------------------------------------------------

template <std::size_t W, class M>
bool read(const Uint<W>&, Reader& r, M& out, Failure& f) {
  static_assert(std::is_unsigned_v<M> && W <= sizeof(M));
  const auto bytes = r.take(W);
  if (!bytes) return truncated(f);
  out = static_cast<M>(read_le(*bytes));
  return true;
}

template <std::size_t W, class M>
bool read(const Offset<W>& c, Reader& r, M& out, Failure& f) {
  const auto bytes = r.take(W);
  if (!bytes) return truncated(f);
  out = static_cast<M>(static_cast<std::int64_t>(read_le(*bytes)) + c.offset);
  return true;
}

template <std::size_t W, class M>
bool read(const Flags<W>&, Reader& r, M& out, Failure& f) {
  static_assert(std::is_unsigned_v<M> && W == sizeof(M));
  const auto bytes = r.take(W);
  if (!bytes) return truncated(f);
  out = static_cast<M>(read_le(*bytes));
  return true;
}

bool read(const BcdNumber&, Reader& r, std::uint8_t& out, Failure& f) {
  const auto bytes = r.take(1);
  if (!bytes) return truncated(f);
  const auto value = bcd_to_number((*bytes)[0]);
  if (!value) {
    f.detail = hex_byte((*bytes)[0]) + " is not a BCD number";
    return false;
  }
  out = *value;
  return true;
}

template <std::size_t N>
bool read(const Digits&, Reader& r, BcdDigits<N>& out, Failure& f) {
  const auto bytes = r.take(N);
  if (!bytes) return truncated(f);
  const auto value = BcdDigits<N>::from_wire(bytes->template first<N>());
  if (!value) {
    const std::size_t at = first_non_bcd_byte(*bytes).value_or(0);
    f.detail = "byte " + std::to_string(at) + " (" + hex_byte((*bytes)[at]) + ") is not BCD";
    return false;
  }
  out = *value;
  return true;
}

template <std::size_t N>
bool read(const Raw&, Reader& r, std::array<std::uint8_t, N>& out, Failure& f) {
  const auto bytes = r.take(N);
  if (!bytes) return truncated(f);
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return true;
}

template <std::size_t N>
bool read(const Text<N>& c, Reader& r, std::string& out, Failure& f) {
  const auto bytes = r.take(N);
  if (!bytes) return truncated(f);
  out.assign(bytes->begin(), bytes->end());
  if (c.reversed) std::reverse(out.begin(), out.end());
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return true;
}

bool read(const Time&, Reader& r, Cp56Time2a& out, Failure& f) {
  const auto bytes = r.take(kCp56Size);
  if (!bytes) return truncated(f);
  out = decode_cp56(bytes->first<kCp56Size>());
  return true;
}

template <class E>
bool read(const Code&, Reader& r, E& out, Failure& f) {
  static_assert(is_code_enum_v<E>);
  const auto bytes = r.take(1);
  if (!bytes) return truncated(f);
  out = static_cast<E>((*bytes)[0]);
  return true;
}

template <class M>
bool read(const Nested&, Reader& r, M& out, Failure& f) {
  return read_fields(r, out, f);
}

bool read(const Slots&, Reader& r, std::array<TariffPeriod, kSlotsPerDay>& out, Failure& f) {
  const auto bytes = r.take(kSlotsPerDay);
  if (!bytes) return truncated(f);
  for (std::size_t i = 0; i < kSlotsPerDay; ++i) out[i] = static_cast<TariffPeriod>((*bytes)[i]);
  return true;
}

bool read(const Cell&, Reader& r, CellVoltage& out, Failure& f) {
  const auto bytes = r.take(2);
  if (!bytes) return truncated(f);
  const auto v = static_cast<std::uint16_t>(read_le(*bytes));
  out.voltage_cv = v & 0x0FFF;
  out.group = static_cast<std::uint8_t>(v >> 12);
  return true;
}

template <class E, class V>
bool read_item(const E& elem, Reader& r, std::vector<V>& out, Failure& f) {
  V item{};
  if (!read(elem, r, item, f)) {
    f.prefix("[" + std::to_string(out.size()) + "]");
    return false;
  }
  out.push_back(std::move(item));
  return true;
}

template <class E, class V>
bool read(const CountedList<E>& c, Reader& r, std::vector<V>& out, Failure& f) {
  const auto count = r.take(1);
  if (!count) return truncated(f);
  out.clear();
  for (unsigned i = 0; i < (*count)[0]; ++i) {
    if (!read_item(c.elem, r, out, f)) return false;
  }
  return true;
}

template <class E, class V>
bool read(const RepeatedList<E>& c, Reader& r, std::vector<V>& out, Failure& f) {
  out.clear();
  while (r.remaining() > 0) {
    if (!read_item(c.elem, r, out, f)) return false;
  }
  return true;
}

template <class T>
bool read_fields(Reader& r, T& out, Failure& f) {
  return for_each_field<T>([&](const auto& fld) {
    if (read(fld.codec, r, out.*(fld.member), f)) return true;
    f.prefix(fld.key);
    return false;
  });
}

// ---- write ----------------------------------------------------------------------------

bool out_of_range(Failure& f, std::int64_t value, std::int64_t low, std::uint64_t high) {
  f.detail = std::to_string(value) + " is outside the wire range " + std::to_string(low) + ".." +
             std::to_string(high);
  return false;
}

template <std::size_t W, class M>
bool write(const Uint<W>&, std::vector<std::uint8_t>& out, const M& v, Failure& f) {
  if (static_cast<std::uint64_t>(v) > max_of_width(W)) {
    return out_of_range(f, static_cast<std::int64_t>(v), 0, max_of_width(W));
  }
  write_le(out, v, W);
  return true;
}

template <std::size_t W, class M>
bool write(const Offset<W>& c, std::vector<std::uint8_t>& out, const M& v, Failure& f) {
  const std::int64_t raw = static_cast<std::int64_t>(v) - c.offset;
  if (raw < 0 || static_cast<std::uint64_t>(raw) > max_of_width(W)) {
    return out_of_range(f, static_cast<std::int64_t>(v), c.offset,
                        max_of_width(W) + static_cast<std::uint64_t>(c.offset));
  }
  write_le(out, static_cast<std::uint64_t>(raw), W);
  return true;
}

template <std::size_t W, class M>
bool write(const Flags<W>&, std::vector<std::uint8_t>& out, const M& v, Failure&) {
  write_le(out, v, W);
  return true;
}

bool write(const BcdNumber&, std::vector<std::uint8_t>& out, const std::uint8_t& v, Failure& f) {
  const auto bcd = number_to_bcd(v);
  if (!bcd) {
    f.detail = std::to_string(v) + " does not fit one BCD byte (0..99)";
    return false;
  }
  out.push_back(*bcd);
  return true;
}

template <std::size_t N>
bool write(const Digits&, std::vector<std::uint8_t>& out, const BcdDigits<N>& v, Failure&) {
  std::array<std::uint8_t, N> bytes{};
  v.to_wire(bytes);
  out.insert(out.end(), bytes.begin(), bytes.end());
  return true;
}

template <std::size_t N>
bool write(const Raw&, std::vector<std::uint8_t>& out, const std::array<std::uint8_t, N>& v,
           Failure&) {
  out.insert(out.end(), v.begin(), v.end());
  return true;
}

template <std::size_t N>
bool write(const Text<N>& c, std::vector<std::uint8_t>& out, const std::string& v, Failure& f) {
  if (v.size() > N) {
    f.detail = std::to_string(v.size()) + " characters do not fit the " + std::to_string(N) +
               "-byte field";
    return false;
  }
  if (!v.empty() && v.back() == '\0') {
    f.detail = "ends with a NUL byte, which the field's zero padding would absorb";
    return false;
  }
  std::array<std::uint8_t, N> bytes{};
  std::copy(v.begin(), v.end(), bytes.begin());
  if (c.reversed) std::reverse(bytes.begin(), bytes.end());
  out.insert(out.end(), bytes.begin(), bytes.end());
  return true;
}

bool write(const Time&, std::vector<std::uint8_t>& out, const Cp56Time2a& v, Failure& f) {
  std::array<std::uint8_t, kCp56Size> bytes{};
  if (!encode_cp56(v, bytes)) {
    f.detail = "a CP56Time2a field exceeds its bit width";
    return false;
  }
  out.insert(out.end(), bytes.begin(), bytes.end());
  return true;
}

template <class E>
bool write(const Code&, std::vector<std::uint8_t>& out, const E& v, Failure&) {
  out.push_back(static_cast<std::uint8_t>(v));
  return true;
}

template <class M>
bool write(const Nested&, std::vector<std::uint8_t>& out, const M& v, Failure& f) {
  return write_fields(out, v, f);
}

bool write(const Slots&, std::vector<std::uint8_t>& out,
           const std::array<TariffPeriod, kSlotsPerDay>& v, Failure&) {
  for (const TariffPeriod p : v) out.push_back(static_cast<std::uint8_t>(p));
  return true;
}

bool write(const Cell&, std::vector<std::uint8_t>& out, const CellVoltage& v, Failure& f) {
  if (v.voltage_cv > 0x0FFF || v.group > 0x0F) {
    f.detail = "voltage must be 0..4095 (0.01 V) and group 0..15";
    return false;
  }
  write_le(out, static_cast<std::uint64_t>(v.voltage_cv | (v.group << 12)), 2);
  return true;
}

template <class E, class V>
bool write_items(const E& elem, std::vector<std::uint8_t>& out, const std::vector<V>& items,
                 Failure& f) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!write(elem, out, items[i], f)) {
      f.prefix("[" + std::to_string(i) + "]");
      return false;
    }
  }
  return true;
}

template <class E, class V>
bool write(const CountedList<E>& c, std::vector<std::uint8_t>& out, const std::vector<V>& v,
           Failure& f) {
  if (v.size() > 0xFF) {
    f.detail = std::to_string(v.size()) + " items do not fit the count byte";
    return false;
  }
  out.push_back(static_cast<std::uint8_t>(v.size()));
  return write_items(c.elem, out, v, f);
}

template <class E, class V>
bool write(const RepeatedList<E>& c, std::vector<std::uint8_t>& out, const std::vector<V>& v,
           Failure& f) {
  return write_items(c.elem, out, v, f);
}

template <class T>
bool write_fields(std::vector<std::uint8_t>& out, const T& in, Failure& f) {
  return for_each_field<T>([&](const auto& fld) {
    if (write(fld.codec, out, in.*(fld.member), f)) return true;
    f.prefix(fld.key);
    return false;
  });
}

std::string type_label(const MessageInfo& info) {
  return hex_byte(info.type) + " (" + std::string(info.name) + ")";
}

FrameError body_size_error(std::string detail) {
  FrameError e;
  e.kind = ErrorKind::BodySize;
  e.detail = std::move(detail);
  return e;
}

}  // namespace

std::optional<FrameError> check_body_size(const MessageInfo& info,
                                          std::span<const std::uint8_t> body) {
  const std::size_t size = body.size();
  const std::string have = type_label(info) + " body is " + std::to_string(size) + " bytes";
  switch (info.shape) {
    case BodyShape::Fixed:
      if (size == info.body_size) return std::nullopt;
      return body_size_error(have + ", the type has " + std::to_string(info.body_size));
    case BodyShape::Counted: {
      if (size < info.body_size) {
        return body_size_error(have + ", the type has at least " + std::to_string(info.body_size));
      }
      const std::size_t count = body[info.body_size - 1];
      const std::size_t expected = info.body_size + count * info.item_size;
      if (size == expected) return std::nullopt;
      return body_size_error(have + "; a count of " + std::to_string(count) + " needs " +
                             std::to_string(expected));
    }
    case BodyShape::Repeated:
      if (size >= info.body_size && (size - info.body_size) % info.item_size == 0) {
        return std::nullopt;
      }
      return body_size_error(have + ", the type has " + std::to_string(info.body_size) + " + " +
                             std::to_string(info.item_size) + " per item");
  }
  return body_size_error(have);
}

template <class T>
std::variant<T, FrameError> decode_body(std::span<const std::uint8_t> body) {
  if (auto err = check_body_size(message_info<T>(), body)) return std::move(*err);
  T message{};
  Reader r(body);
  Failure f;
  if (!read_fields(r, message, f) || r.remaining() != 0) {
    FrameError e;
    e.kind = ErrorKind::InvalidField;
    e.field = f.field;
    e.detail = f.field.empty() ? "trailing bytes" : f.field + ": " + f.detail;
    return e;
  }
  return message;
}

template <class T>
std::variant<std::vector<std::uint8_t>, EncodeError> encode_body(const T& message) {
  std::vector<std::uint8_t> out;
  out.reserve(fixed_size<T>());
  Failure f;
  if (!write_fields(out, message, f)) return EncodeError{f.field, f.detail};
  if (out.size() > kMaxBodySize) {
    return EncodeError{"", "a body of " + std::to_string(out.size()) +
                               " bytes does not fit the length byte (at most " +
                               std::to_string(kMaxBodySize) + ")"};
  }
  return out;
}

#define CT_YKC16_INSTANTIATE(code, T, dir, size, item, zh, en)                        \
  template std::variant<T, FrameError> decode_body<T>(std::span<const std::uint8_t>); \
  template std::variant<std::vector<std::uint8_t>, EncodeError> encode_body<T>(const T&);
CT_YKC16_MESSAGES(CT_YKC16_INSTANTIATE)
#undef CT_YKC16_INSTANTIATE

std::variant<Message, FrameError> decode_message(std::uint8_t type,
                                                 std::span<const std::uint8_t> body) {
  auto lift = [](auto result) -> std::variant<Message, FrameError> {
    if (auto* err = std::get_if<FrameError>(&result)) return std::move(*err);
    return Message(std::move(std::get<0>(result)));
  };
  switch (type) {
#define CT_YKC16_DISPATCH(code, T, dir, size, item, zh, en) \
  case code: return lift(decode_body<T>(body));
    CT_YKC16_MESSAGES(CT_YKC16_DISPATCH)
#undef CT_YKC16_DISPATCH
    default: break;
  }
  FrameError e;
  e.kind = ErrorKind::UnknownType;
  e.detail = "type " + hex_byte(type) + " is not a YKC 1.6 frame type";
  return e;
}

std::variant<std::vector<std::uint8_t>, EncodeError> encode_message(const Message& message) {
  return std::visit([](const auto& m) { return encode_body(m); }, message);
}

}  // namespace ct::ykc16
