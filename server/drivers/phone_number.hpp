// Phone numbers as the drivers' login: one canonical spelling per number, so that
// "+86 138-0013-8000" and "13800138000" are the same account.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ct::drivers {

// "+<country code><number>" with 8..15 digits in all (E.164), or a Chinese mobile number
// of 11 digits starting with 1 (-> "+86..."); spaces, '-', '(' and ')' are ignored.
// Numbers under +86 must be such a mobile number too (only those receive SMS). nullopt
// for anything else: letters, other punctuation, a leading 0 after '+', "0086...".
std::optional<std::string> normalize_phone(std::string_view text);

// A normalized number for display with its middle hidden: "+8613800138000" ->
// "138****8000" (national digits for +86), "+4915112345678" -> "491******5678".
std::string masked_phone(const std::string& normalized);

}  // namespace ct::drivers
