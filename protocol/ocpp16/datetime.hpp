// OCPP dateTime values (JSON schema format "date-time" = RFC 3339 date-time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ct::ocpp16 {

// Milliseconds since 1970-01-01T00:00:00Z (UTC). Sub-millisecond precision is truncated.
struct DateTime {
  std::int64_t epoch_ms = 0;
  auto operator<=>(const DateTime&) const = default;
};

// Parses an RFC 3339 date-time:  YYYY-MM-DD "T" HH:MM:SS [ "." 1*DIGIT ] ( "Z" / ("+"/"-") HH:MM )
//  * "T" and "Z" may be lower case (RFC 3339 section 5.6); a space separator is rejected.
//  * month/day ranges are checked (including leap years); hour 0-23, minute 0-59,
//    second 0-60 (a leap second 60 is accepted and maps to the next second); offset hours
//    0-23, offset minutes 0-59.
//  * fractional seconds of any length; truncated to milliseconds.
//  * deviation from plain RFC 3339: the instant, converted to UTC, must lie within years
//    0000..9999 so that format_datetime() can always represent it.
std::optional<DateTime> parse_datetime(std::string_view rfc3339) noexcept;

// "YYYY-MM-DDTHH:MM:SS.mmmZ" in UTC. Values outside years 0000..9999 are clamped to that range.
std::string format_datetime(DateTime value);

}  // namespace ct::ocpp16
