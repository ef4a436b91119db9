// Hex text <-> bytes, in the shapes frames are pasted in: "68 0C 00 ...", "680C00...",
// "0x68,0x0C,...", "68:0C:00".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ct::ykc16 {

// Upper case; `separator` between bytes ('\0' for none).
std::string to_hex(std::span<const std::uint8_t> bytes, char separator = ' ');

// Tokens are separated by whitespace, ':', ',', ';' or '-'; each token may start with "0x"
// or "0X" and holds an even number of hex digits, or a single digit for one byte ("0x8").
// Returns the bytes, or a one-line reason naming the offending token.
std::variant<std::vector<std::uint8_t>, std::string> parse_hex(std::string_view text);

}  // namespace ct::ykc16
