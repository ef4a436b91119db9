// The JSON side of the layout tables (layouts.hpp): one render and one parse per codec kind.
#include "protocol/ykc16/json.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <type_traits>

#include "protocol/ykc16/catalogue.hpp"
#include "protocol/ykc16/codec.hpp"
#include "protocol/ykc16/hex.hpp"
#include "protocol/ykc16/layouts.hpp"
#include "protocol/ykc16/tariff.hpp"

namespace ct::ykc16 {
namespace {

using namespace layout;

struct Ctx {
  const JsonOptions& options;
};

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
  bool fail(std::string why) {
    detail = std::move(why);
    return false;
  }
};

std::string hex_code(unsigned value, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*X", digits, value);
  return buf;
}

constexpr std::int64_t pow10(int n) noexcept {
  std::int64_t v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

std::string format_decimal(std::int64_t value, int decimals) {
  const bool negative = value < 0;
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(value + 1)) + 1 : static_cast<std::uint64_t>(value);
  const auto scale = static_cast<std::uint64_t>(pow10(decimals));
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / scale);
  if (decimals > 0) {
    std::string frac = std::to_string(magnitude % scale);
    out += "." + std::string(static_cast<std::size_t>(decimals) - frac.size(), '0') + frac;
  }
  return out;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Exact decimal text -> value x 10^decimals; refuses more fraction digits than that.
std::optional<std::int64_t> parse_decimal(std::string_view s, int decimals) noexcept {
  s = trim(s);
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  std::int64_t whole = 0;
  std::size_t i = 0;
  std::size_t digits = 0;
  // 13 integer digits cover every wire field (at most 40 bits) and keep the scaled value,
  // at most 10^13 x 10^5, far from overflowing.
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    if (digits >= 13) return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
  }
  std::int64_t frac = 0;
  int frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
      if (++frac_digits > decimals) return std::nullopt;
      frac = frac * 10 + (s[i] - '0');
    }
  }
  if (digits == 0 || i != s.size()) return std::nullopt;
  const std::int64_t value = whole * pow10(decimals) + frac * pow10(decimals - frac_digits);
  return negative ? -value : value;
}

// A quantity given as "373.2 V", "373.2" or 373.2, scaled to the wire's resolution.
bool parse_quantity(const Json& j, const Unit& unit, std::int64_t& out, Failure& f) {
  const std::string display =
      unit.symbol.empty() ? "a number" : "a number of " + std::string(unit.symbol);
  if (j.is_number_integer()) {
    const auto v = j.is_number_unsigned() ? static_cast<long double>(j.get<std::uint64_t>())
                                          : static_cast<long double>(j.get<std::int64_t>());
    const long double scaled = v * static_cast<long double>(pow10(unit.decimals));
    if (std::fabs(scaled) > 9.0e15L) return f.fail("out of range");
    out = static_cast<std::int64_t>(scaled);
    return true;
  }
  if (j.is_number_float()) {
    const long double scaled =
        static_cast<long double>(j.get<double>()) * static_cast<long double>(pow10(unit.decimals));
    if (!std::isfinite(scaled) || std::fabs(scaled) > 9.0e15L) return f.fail("out of range");
    out = static_cast<std::int64_t>(std::llround(scaled));
    return true;
  }
  if (!j.is_string()) return f.fail("expected " + display);
  std::string_view text = trim(j.get_ref<const std::string&>());
  if (!unit.symbol.empty() && text.size() >= unit.symbol.size() &&
      text.substr(text.size() - unit.symbol.size()) == unit.symbol) {
    text.remove_suffix(unit.symbol.size());
  }
  const auto value = parse_decimal(text, unit.decimals);
  if (!value) {
    return f.fail("expected " + display + " with at most " + std::to_string(unit.decimals) +
                  " decimals, got \"" + j.get_ref<const std::string&>() + "\"");
  }
  out = *value;
  return true;
}

Json quantity(std::int64_t value, const Unit& unit) {
  if (unit.symbol.empty() && unit.decimals == 0) return Json(value);
  std::string text = format_decimal(value, unit.decimals);
  if (!unit.symbol.empty()) text += " " + std::string(unit.symbol);
  return Json(text);
}

constexpr std::uint64_t max_of_width(std::size_t width) noexcept {
  return width >= 8 ? std::numeric_limits<std::uint64_t>::max()
                    : (std::uint64_t{1} << (8 * width)) - 1;
}

// A code or bit field: "0x03 ...", "0x03", 3; the hex is authoritative.
bool parse_hex_code(const Json& j, std::uint64_t max, std::uint64_t& out, std::string& rest,
                    Failure& f) {
  if (j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0)) {
    out = j.get<std::uint64_t>();
    if (out > max) return f.fail(std::to_string(out) + " is above " + std::to_string(max));
    return true;
  }
  if (!j.is_string()) return f.fail("expected a code such as \"0x01\"");
  const std::string_view s = trim(j.get_ref<const std::string&>());
  if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
  std::size_t i = 2;
  std::uint64_t v = 0;
  for (; i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i])); ++i) {
    if (i - 2 >= 8) return f.fail("too many hex digits");
    const char c = s[i];
    v = v * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  if (i == 2 || (i < s.size() && s[i] != ' ' && s[i] != '(')) {
    return f.fail("expected a code such as \"0x01\", got \"" + std::string(s) + "\"");
  }
  if (v > max)
    return f.fail(std::string(s.substr(0, i)) + " is above " +
                  hex_code(static_cast<unsigned>(max), 2));
  out = v;
  rest = std::string(trim(s.substr(i)));
  return true;
}

std::string hh_mm(unsigned minute_of_day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u:%02u", minute_of_day / 60, minute_of_day % 60);
  return buf;
}

std::optional<unsigned> parse_hh_mm(const Json& j) {
  if (!j.is_string()) return std::nullopt;
  const std::string& s = j.get_ref<const std::string&>();
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  unsigned h = 0, m = 0;
  for (int i : {0, 1}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    h = h * 10 + static_cast<unsigned>(s[i] - '0');
  }
  for (int i : {3, 4}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    m = m * 10 + static_cast<unsigned>(s[i] - '0');
  }
  if (m > 59 || h * 60 + m > kMinutesPerDay) return std::nullopt;
  return h * 60 + m;
}

template <class T>
Json render_fields(const T& message, const Ctx& ctx);
template <class T>
bool parse_fields(const Json& j, T& out, const Ctx& ctx, Failure& f);

// ---- render ---------------------------------------------------------------------------

template <std::size_t W, class M>
Json render(const Uint<W>& c, const M& v, const Ctx&) {
  return quantity(static_cast<std::int64_t>(v), c.unit);
}

template <std::size_t W, class M>
Json render(const Offset<W>& c, const M& v, const Ctx&) {
  return quantity(static_cast<std::int64_t>(v), c.unit);
}

Json render(const BcdNumber&, const std::uint8_t& v, const Ctx&) {
  return Json(v);
}

template <std::size_t N>
Json render(const Digits&, const BcdDigits<N>& v, const Ctx&) {
  return Json(v.str());
}

template <std::size_t N>
Json render(const Raw&, const std::array<std::uint8_t, N>& v, const Ctx&) {
  return Json(to_hex(v, '\0'));
}

template <std::size_t N>
Json render(const Text<N>& c, const std::string& v, const Ctx&) {
  const bool printable = v.size() <= N && std::all_of(v.begin(), v.end(), [](char ch) {
                           return ch >= 0x20 && ch < 0x7F;
                         });
  if (printable) return Json(v);
  // As on the wire: padded to the field and, for reversed fields, reversed back.
  std::array<std::uint8_t, N> bytes{};
  std::copy_n(v.begin(), std::min(v.size(), N), bytes.begin());
  if (c.reversed) std::reverse(bytes.begin(), bytes.end());
  return Json{{"hex", to_hex(bytes, '\0')}};
}

Json render(const Time&, const Cp56Time2a& v, const Ctx& ctx) {
  Json out = Json::object();
  out["local"] = format_local(v);
  if (const auto utc = to_utc_ms(v, ctx.options.utc_offset)) {
    out["utc"] = format_utc(*utc);
    out["offset"] = format_offset(ctx.options.utc_offset);
  }
  if (v.day_of_week != 0) out["dayOfWeek"] = v.day_of_week;
  if (v.invalid) out["invalid"] = true;
  if (v.summer_time) out["summerTime"] = true;
  if (v.reserved != 0) out["reservedBits"] = hex_code(v.reserved, 2);
  return out;
}

template <class E>
std::string code_text(E v) {
  const auto code = static_cast<std::uint8_t>(v);
  // Unknown codes get a parenthesised remark, which no code name can be mistaken for.
  std::string name(to_string(v));
  if constexpr (std::is_same_v<E, StopReason>) {
    const StopCategory category = stop_category(v);
    if (name.empty() && category != StopCategory::Unlisted) {
      name = "(reserved, " + std::string(to_string(category)) + ")";
    }
  }
  return hex_code(code, 2) + " " + (name.empty() ? "(unknown)" : name);
}

template <class E>
Json render(const Code&, const E& v, const Ctx&) {
  return Json(code_text(v));
}

template <std::size_t W, class M>
Json render(const Flags<W>& c, const M& v, const Ctx&) {
  return Json(hex_code(static_cast<unsigned>(v), static_cast<int>(2 * W)) + " (" +
              describe_flags(v, c.groups, static_cast<unsigned>(8 * W)) + ")");
}

template <class M>
Json render(const Nested&, const M& v, const Ctx& ctx) {
  return render_fields(v, ctx);
}

Json render(const Slots&, const DaySlots& v, const Ctx&) {
  Json out = Json::array();
  for (const TariffSegment& s : segments_from_slots(v)) {
    out.push_back(Json{{"from", hh_mm(s.begin_minute)},
                       {"to", hh_mm(s.end_minute)},
                       {"period", code_text(s.period)}});
  }
  return out;
}

Json render(const Cell&, const CellVoltage& v, const Ctx&) {
  return Json{{"voltage", quantity(v.voltage_cv, unit::kCentiVolt)}, {"group", v.group}};
}

template <class E, class V>
Json render(const CountedList<E>& c, const std::vector<V>& v, const Ctx& ctx) {
  Json out = Json::array();
  for (const V& item : v) out.push_back(render(c.elem, item, ctx));
  return out;
}

template <class E, class V>
Json render(const RepeatedList<E>& c, const std::vector<V>& v, const Ctx& ctx) {
  Json out = Json::array();
  for (const V& item : v) out.push_back(render(c.elem, item, ctx));
  return out;
}

template <class T>
Json render_fields(const T& message, const Ctx& ctx) {
  Json out = Json::object();
  for_each_field<T>([&](const auto& fld) {
    out[std::string(fld.key)] = render(fld.codec, message.*(fld.member), ctx);
    return true;
  });
  return out;
}

// ---- parse ----------------------------------------------------------------------------

template <class M>
bool store_checked(std::int64_t value, std::int64_t low, std::int64_t high, M& out, Failure& f) {
  if (value < low || value > high) {
    return f.fail(std::to_string(value) + " (in wire units) is outside " + std::to_string(low) +
                  ".." + std::to_string(high));
  }
  out = static_cast<M>(value);
  return true;
}

template <std::size_t W, class M>
bool parse(const Uint<W>& c, const Json& j, M& out, const Ctx&, Failure& f) {
  std::int64_t v = 0;
  if (!parse_quantity(j, c.unit, v, f)) return false;
  const auto high = std::min<std::uint64_t>(max_of_width(W), std::numeric_limits<M>::max());
  return store_checked(v, 0, static_cast<std::int64_t>(high), out, f);
}

template <std::size_t W, class M>
bool parse(const Offset<W>& c, const Json& j, M& out, const Ctx&, Failure& f) {
  std::int64_t v = 0;
  if (!parse_quantity(j, c.unit, v, f)) return false;
  return store_checked(v, c.offset, c.offset + static_cast<std::int64_t>(max_of_width(W)), out, f);
}

bool parse(const BcdNumber&, const Json& j, std::uint8_t& out, const Ctx&, Failure& f) {
  if (!j.is_number_integer()) return f.fail("expected a number 0..99");
  return store_checked(j.get<std::int64_t>(), 0, 99, out, f);
}

template <std::size_t N>
bool parse(const Digits&, const Json& j, BcdDigits<N>& out, const Ctx&, Failure& f) {
  const auto value =
      j.is_string() ? BcdDigits<N>::parse(j.get_ref<const std::string&>()) : std::nullopt;
  if (!value) return f.fail("expected a string of up to " + std::to_string(2 * N) + " digits");
  out = *value;
  return true;
}

template <std::size_t N>
bool parse_bytes(const Json& j, std::array<std::uint8_t, N>& out, Failure& f) {
  if (!j.is_string()) return f.fail("expected " + std::to_string(N) + " bytes of hex");
  auto bytes = parse_hex(j.get_ref<const std::string&>());
  if (auto* err = std::get_if<std::string>(&bytes)) return f.fail(*err);
  const auto& v = std::get<std::vector<std::uint8_t>>(bytes);
  if (v.size() != N) {
    return f.fail("expected " + std::to_string(N) + " bytes of hex, got " +
                  std::to_string(v.size()));
  }
  std::copy(v.begin(), v.end(), out.begin());
  return true;
}

template <std::size_t N>
bool parse(const Raw&, const Json& j, std::array<std::uint8_t, N>& out, const Ctx&, Failure& f) {
  return parse_bytes(j, out, f);
}

template <std::size_t N>
bool parse(const Text<N>& c, const Json& j, std::string& out, const Ctx&, Failure& f) {
  if (j.is_object()) {
    if (j.size() != 1 || !j.contains("hex")) return f.fail("expected a string or {\"hex\": ...}");
    std::array<std::uint8_t, N> bytes{};
    if (!parse_bytes(j["hex"], bytes, f)) return false;
    if (c.reversed) std::reverse(bytes.begin(), bytes.end());
    out.assign(bytes.begin(), bytes.end());
    while (!out.empty() && out.back() == '\0') out.pop_back();
    return true;
  }
  if (!j.is_string()) return f.fail("expected a string");
  const std::string& s = j.get_ref<const std::string&>();
  if (s.size() > N) return f.fail("longer than the field's " + std::to_string(N) + " bytes");
  if (!std::all_of(s.begin(), s.end(), [](char ch) { return ch > 0 && ch < 0x7F; })) {
    return f.fail("not ASCII (use {\"hex\": ...} for raw bytes)");
  }
  out = s;
  return true;
}

bool parse(const Time&, const Json& j, Cp56Time2a& out, const Ctx& ctx, Failure& f) {
  if (j.is_string()) {
    const auto t = parse_local(j.get_ref<const std::string&>());
    if (!t) return f.fail("expected \"YYYY-MM-DD hh:mm:ss.mmm\" (local time)");
    out = *t;
    return true;
  }
  if (!j.is_object()) return f.fail("expected a time object or \"YYYY-MM-DD hh:mm:ss.mmm\"");
  for (const auto& [key, value] : j.items()) {
    if (key != "local" && key != "utc" && key != "offset" && key != "dayOfWeek" &&
        key != "invalid" && key != "summerTime" && key != "reservedBits") {
      return f.fail("unknown key '" + key + "'");
    }
  }
  Cp56Time2a t;
  if (j.contains("local")) {
    const auto local = j["local"].is_string()
                           ? parse_local(j["local"].get_ref<const std::string&>())
                           : std::nullopt;
    if (!local) return f.fail("local: expected \"YYYY-MM-DD hh:mm:ss.mmm\"");
    t = *local;
  } else if (j.contains("utc")) {
    UtcOffset offset = ctx.options.utc_offset;
    if (j.contains("offset")) {
      const auto parsed = j["offset"].is_string()
                              ? parse_offset(j["offset"].get_ref<const std::string&>())
                              : std::nullopt;
      if (!parsed) return f.fail("offset: expected \"+08:00\"");
      offset = *parsed;
    }
    const std::string text = j["utc"].is_string() ? j["utc"].get<std::string>() : "";
    const auto utc = text.size() > 1 && (text.back() == 'Z' || text.back() == 'z')
                         ? parse_local(std::string_view(text).substr(0, text.size() - 1))
                         : std::nullopt;
    const auto ms = utc ? to_utc_ms(*utc, UtcOffset{0}) : std::nullopt;
    const auto local = ms ? from_utc_ms(*ms, offset) : std::nullopt;
    if (!local) return f.fail("utc: expected \"YYYY-MM-DDThh:mm:ss.mmmZ\" within 2000..2127");
    t = *local;
  } else {
    return f.fail("expected \"local\" or \"utc\"");
  }
  if (j.contains("dayOfWeek")) {
    if (!j["dayOfWeek"].is_number_integer()) return f.fail("dayOfWeek: expected 0..7");
    if (!store_checked(j["dayOfWeek"].get<std::int64_t>(), 0, 7, t.day_of_week, f)) return false;
  }
  for (const auto& [key, flag] :
       {std::pair{"invalid", &t.invalid}, std::pair{"summerTime", &t.summer_time}}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_boolean()) return f.fail(std::string(key) + ": expected true or false");
    *flag = j[key].get<bool>();
  }
  if (j.contains("reservedBits")) {
    std::uint64_t bits = 0;
    std::string rest;
    if (!parse_hex_code(j["reservedBits"], 0xFF, bits, rest, f)) {
      if (f.detail.empty()) f.detail = "reservedBits: expected \"0x00\"";
      return false;
    }
    t.reserved = static_cast<std::uint8_t>(bits);
  }
  out = t;
  return true;
}

template <class E>
bool parse(const Code&, const Json& j, E& out, const Ctx&, Failure& f) {
  std::uint64_t code = 0;
  std::string rest;
  if (parse_hex_code(j, 0xFF, code, rest, f)) {
    // "0x03 idle" is a contradiction worth reporting; an unknown name is just decoration.
    const auto named = rest.empty() ? std::nullopt : enum_from_name<E>(rest);
    if (named && static_cast<std::uint64_t>(*named) != code) {
      return f.fail("\"" + j.get<std::string>() + "\": the name says " +
                    hex_code(static_cast<unsigned>(*named), 2));
    }
    out = static_cast<E>(code);
    return true;
  }
  if (!f.detail.empty()) return false;
  if (const auto named = enum_from_name<E>(trim(j.get_ref<const std::string&>()))) {
    out = *named;
    return true;
  }
  std::string names;
  for (const EnumEntry& e : enum_entries<E>())
    names += (names.empty() ? "" : ", ") + std::string(e.name);
  return f.fail("unknown code \"" + j.get<std::string>() + "\" (known: " + names + ")");
}

template <std::size_t W, class M>
bool parse(const Flags<W>&, const Json& j, M& out, const Ctx&, Failure& f) {
  std::uint64_t value = 0;
  std::string rest;
  if (!parse_hex_code(j, max_of_width(W), value, rest, f)) {
    if (f.detail.empty()) f.detail = "expected a hex value such as \"0x0000\"";
    return false;
  }
  out = static_cast<M>(value);
  return true;
}

template <class M>
bool parse(const Nested&, const Json& j, M& out, const Ctx& ctx, Failure& f) {
  return parse_fields(j, out, ctx, f);
}

bool parse(const Slots&, const Json& j, DaySlots& out, const Ctx& ctx, Failure& f) {
  if (!j.is_array()) return f.fail("expected an array of {from, to, period}");
  if (j.size() == kSlotsPerDay &&
      std::none_of(j.begin(), j.end(), [](const Json& e) { return e.is_object(); })) {
    for (std::size_t i = 0; i < kSlotsPerDay; ++i) {
      if (!parse(Code{}, j[i], out[i], ctx, f)) {
        f.prefix("[" + std::to_string(i) + "]");
        return false;
      }
    }
    return true;
  }
  std::vector<TariffSegment> segments;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const Json& e = j[i];
    const auto from = e.is_object() && e.contains("from") ? parse_hh_mm(e["from"]) : std::nullopt;
    const auto to = e.is_object() && e.contains("to") ? parse_hh_mm(e["to"]) : std::nullopt;
    TariffSegment s;
    if (!from || !to || !e.contains("period") || e.size() != 3) {
      f.fail("expected {\"from\": \"hh:mm\", \"to\": \"hh:mm\", \"period\": ...}");
      f.prefix("[" + std::to_string(i) + "]");
      return false;
    }
    if (!parse(Code{}, e["period"], s.period, ctx, f)) {
      f.prefix("[" + std::to_string(i) + "].period");
      return false;
    }
    s.begin_minute = static_cast<std::uint16_t>(*from);
    s.end_minute = static_cast<std::uint16_t>(*to);
    segments.push_back(s);
  }
  auto slots = slots_from_segments(segments);
  if (auto* err = std::get_if<std::string>(&slots)) return f.fail(*err);
  out = std::get<DaySlots>(slots);
  return true;
}

bool parse(const Cell&, const Json& j, CellVoltage& out, const Ctx& ctx, Failure& f) {
  if (!j.is_object()) return f.fail("expected {\"voltage\": ..., \"group\": ...}");
  for (const auto& [key, value] : j.items()) {
    if (key != "voltage" && key != "group") return f.fail("unknown key '" + key + "'");
  }
  CellVoltage v;
  if (j.contains("voltage")) {
    if (!parse(Uint<2>{unit::kCentiVolt}, j["voltage"], v.voltage_cv, ctx, f)) {
      f.prefix("voltage");
      return false;
    }
    if (v.voltage_cv > 0x0FFF) return f.fail("voltage: at most 40.95 V (12 bits)");
  }
  if (j.contains("group")) {
    if (!j["group"].is_number_integer()) return f.fail("group: expected 0..15");
    if (!store_checked(j["group"].get<std::int64_t>(), 0, 15, v.group, f)) return false;
  }
  out = v;
  return true;
}

template <class E, class V>
bool parse_items(const E& elem, const Json& j, std::vector<V>& out, const Ctx& ctx, Failure& f) {
  if (!j.is_array()) return f.fail("expected an array");
  out.clear();
  for (std::size_t i = 0; i < j.size(); ++i) {
    V item{};
    if (!parse(elem, j[i], item, ctx, f)) {
      f.prefix("[" + std::to_string(i) + "]");
      return false;
    }
    out.push_back(std::move(item));
  }
  return true;
}

template <class E, class V>
bool parse(const CountedList<E>& c, const Json& j, std::vector<V>& out, const Ctx& ctx,
           Failure& f) {
  return parse_items(c.elem, j, out, ctx, f);
}

template <class E, class V>
bool parse(const RepeatedList<E>& c, const Json& j, std::vector<V>& out, const Ctx& ctx,
           Failure& f) {
  return parse_items(c.elem, j, out, ctx, f);
}

template <class T>
bool parse_fields(const Json& j, T& out, const Ctx& ctx, Failure& f) {
  if (!j.is_object()) return f.fail("expected an object");
  for (const auto& item : j.items()) {
    const bool matches_none =
        for_each_field<T>([&](const auto& fld) { return fld.key != item.key(); });
    if (matches_none) return f.fail("unknown field '" + item.key() + "'");
  }
  return for_each_field<T>([&](const auto& fld) {
    const auto it = j.find(std::string(fld.key));
    if (it == j.end()) return true;
    if (parse(fld.codec, *it, out.*(fld.member), ctx, f)) return true;
    f.prefix(fld.key);
    return false;
  });
}

// ---- frames ---------------------------------------------------------------------------

std::string encryption_text(std::uint8_t flag) {
  const char* name = flag == kEncryptionNone   ? "none"
                     : flag == kEncryption3Des ? "3des"
                                               : "invalid";
  return hex_code(flag, 2) + " " + name;
}

std::string crc_bytes(std::uint16_t crc) {
  const std::array<std::uint8_t, 2> bytes{static_cast<std::uint8_t>(crc & 0xFF),
                                          static_cast<std::uint8_t>(crc >> 8)};
  return to_hex(bytes);
}

void add_header(Json& out, const FrameHeader& header) {
  const MessageInfo* info = find_message_info(header.type);
  out["type"] = hex_code(header.type, 2);
  out["name"] = info != nullptr ? std::string(info->name) : std::string("unknown");
  if (info != nullptr) out["nameZh"] = std::string(info->name_zh);
  out["direction"] =
      std::string(to_string(info != nullptr ? info->direction : direction_by_parity(header.type)));
  out["sequence"] = header.sequence;
  out["encryption"] = encryption_text(header.encryption);
}

Json error_object(const FrameError& error) {
  Json e = Json::object();
  e["kind"] = std::string(to_string(error.kind));
  e["detail"] = error.detail;
  if (!error.field.empty()) e["field"] = error.field;
  if (error.kind == ErrorKind::Garbage) e["skipped"] = error.skipped;
  return e;
}

std::optional<std::uint8_t> type_from_json(const Json& j) {
  if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (v >= 0 && v <= 0xFF) return static_cast<std::uint8_t>(v);
    return std::nullopt;
  }
  if (!j.is_string()) return std::nullopt;
  const std::string_view s = trim(j.get_ref<const std::string&>());
  for (const MessageInfo& info : message_catalogue()) {
    if (info.identifier == s) return info.type;
  }
  std::uint64_t code = 0;
  std::string rest;
  Failure ignored;
  if (parse_hex_code(j, 0xFF, code, rest, ignored)) return static_cast<std::uint8_t>(code);
  return std::nullopt;
}

}  // namespace

Json message_to_json(const Message& message, const JsonOptions& options) {
  const Ctx ctx{options};
  return std::visit([&](const auto& m) { return render_fields(m, ctx); }, message);
}

std::variant<Message, std::string> message_from_json(std::uint8_t type, const Json& body,
                                                     const JsonOptions& options) {
  const Ctx ctx{options};
  Failure f;
  auto finish = [&](auto message) -> std::variant<Message, std::string> {
    if (!parse_fields(body, message, ctx, f)) {
      return f.field.empty() ? f.detail : f.field + ": " + f.detail;
    }
    return Message(std::move(message));
  };
  switch (type) {
#define CT_YKC16_FROM_JSON(code, T, dir, size, item, zh, en) \
  case code: return finish(T{});
    CT_YKC16_MESSAGES(CT_YKC16_FROM_JSON)
#undef CT_YKC16_FROM_JSON
    default: break;
  }
  return "type " + hex_code(type, 2) + " is not a YKC 1.6 frame type";
}

Json frame_to_json(const Frame& frame, const JsonOptions& options) {
  Json out = Json::object();
  add_header(out, frame.header);
  out["crc"] = Json{{"status", std::string(to_string(frame.crc))}};
  out["body"] = message_to_json(frame.message, options);
  return out;
}

Json error_to_json(const FrameError& error) {
  Json out = Json::object();
  if (error.header) add_header(out, *error.header);
  if (error.crc) {
    out["crc"] = Json{{"status", std::string(to_string(error.crc->status))},
                      {"expected", crc_bytes(error.crc->expected)},
                      {"actual", crc_bytes(error.crc->received)}};
  }
  out["error"] = error_object(error);
  if (!error.raw.empty()) out["raw"] = to_hex(error.raw);
  return out;
}

Json describe_frame(std::span<const std::uint8_t> bytes, const JsonOptions& options) {
  auto split = split_frame(bytes);
  if (const auto* err = std::get_if<FrameError>(&split)) {
    Json out = Json::object();
    out["error"] = error_object(*err);
    out["raw"] = to_hex(bytes);
    return out;
  }
  const RawFrame& raw = std::get<RawFrame>(split);
  Json out = Json::object();
  add_header(out, raw.header);
  out["length"] = bytes[1];
  Json crc = Json{{"status", std::string(to_string(raw.crc.status))}};
  if (raw.crc.status != CrcStatus::Ok) {
    crc["expected"] = crc_bytes(raw.crc.expected);
    crc["actual"] = crc_bytes(raw.crc.received);
  }
  out["crc"] = crc;
  auto decoded = decode_raw_frame(raw);
  if (const auto* message = std::get_if<Message>(&decoded)) {
    out["body"] = message_to_json(*message, options);
    if (raw.crc.status == CrcStatus::Bad) {
      FrameError e;
      e.kind = ErrorKind::BadCrc;
      e.detail = "CRC bytes " + crc_bytes(raw.crc.received) + ", expected " +
                 crc_bytes(raw.crc.expected) + "; the platform refuses this frame";
      out["error"] = error_object(e);
    }
  } else {
    out["bodyHex"] = to_hex(raw.body);
    out["error"] = error_object(std::get<FrameError>(decoded));
  }
  return out;
}

std::variant<JsonFrame, std::string> frame_from_json(const Json& frame,
                                                     const JsonOptions& options) {
  if (!frame.is_object()) return std::string("a frame must be a JSON object");
  for (const auto& item : frame.items()) {
    const std::string& k = item.key();
    if (k != "type" && k != "sequence" && k != "body" && k != "encryption" && k != "name" &&
        k != "nameZh" && k != "direction" && k != "length" && k != "crc" && k != "error" &&
        k != "bodyHex" && k != "raw") {
      return "unknown key '" + k + "'";
    }
  }
  if (!frame.contains("type")) return std::string("missing \"type\"");
  const auto type = type_from_json(frame["type"]);
  if (!type)
    return std::string("type: expected \"0x13\", 19 or a message name such as \"RealtimeData\"");
  JsonFrame out;
  if (frame.contains("sequence")) {
    const Json& s = frame["sequence"];
    if (!s.is_number_integer() || s.get<std::int64_t>() < 0 || s.get<std::int64_t>() > 0xFFFF) {
      return std::string("sequence: expected 0..65535");
    }
    out.sequence = static_cast<std::uint16_t>(s.get<std::int64_t>());
  }
  if (frame.contains("encryption")) {
    std::uint64_t flag = 0;
    std::string rest;
    Failure f;
    if (!parse_hex_code(frame["encryption"], 0xFF, flag, rest, f) || flag != kEncryptionNone) {
      return std::string("encryption: only unencrypted frames (0x00) can be encoded");
    }
  }
  const Json body = frame.contains("body") ? frame["body"] : Json::object();
  auto message = message_from_json(*type, body, options);
  if (auto* err = std::get_if<std::string>(&message)) return "body." + *err;
  out.message = std::move(std::get<Message>(message));
  return out;
}

}  // namespace ct::ykc16
