// Coordinates travel as decimal degrees in JSON ("latitude": 31.230416) and are stored
// as int64 micro-degrees. Conversion works on decimal text, never on float arithmetic.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ct::api {

// "31.230416" -> 31230416; "-0.5" -> -500000. nullopt for anything but an optional
// sign, digits and at most 6 decimals (no exponent), or when |value| > max_abs_e6.
std::optional<std::int64_t> parse_decimal_e6(std::string_view text, std::int64_t max_abs_e6);

// A JSON number (or numeric string) as decimal text. A float is printed in its
// shortest round-trip form, which reproduces the digits the client sent.
std::optional<std::string> json_number_text(const nlohmann::json& v);

// 31230416 -> the JSON number 31.230416 (the double nearest the exact decimal).
nlohmann::json e6_to_json(std::int64_t e6);

}  // namespace ct::api
