// CP56Time2a (IEC 60870-5-104 seven-byte time), as YKC uses it:
//
//   byte 0-1  milliseconds within the minute (seconds * 1000 + ms), little-endian
//   byte 2    D5-D0 minute, D6 reserved, D7 IV (invalid)
//   byte 3    D4-D0 hour, D6-D5 reserved, D7 SU (summer time)
//   byte 4    D4-D0 day of month, D7-D5 day of week (1 = Monday .. 7 = Sunday; most piles send 0)
//   byte 5    D3-D0 month, D7-D4 reserved
//   byte 6    D6-D0 year - 2000, D7 reserved
//
// The fields are the charger's LOCAL civil time; the frame carries no zone. Piles on the
// YKC platform run on China Standard Time, hence the default offset +08:00 of the
// conversions below. A server that knows better (a pile abroad) passes its own offset.
//
// Cp56Time2a keeps every bit of the seven bytes, including reserved bits and impossible
// dates (an all-zero time is common for "not set"), so decode -> encode is byte-exact and a
// capture is never rejected for its clock. Whether the fields name a real instant is a
// separate question: is_valid_civil() / to_utc_ms().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ct::ykc16 {

inline constexpr std::size_t kCp56Size = 7;

// Fixed offset of local civil time from UTC, in minutes (east positive).
struct UtcOffset {
  std::int32_t minutes = 480;
  bool operator==(const UtcOffset&) const = default;
};
inline constexpr UtcOffset kChinaStandardTime{480};

struct Cp56Time2a {
  std::uint16_t milliseconds = 0;  // within the minute, 0..59999 for a valid time
  std::uint8_t minute = 0;         // 6 bits
  std::uint8_t hour = 0;           // 5 bits
  std::uint8_t day = 0;            // day of month, 5 bits
  std::uint8_t day_of_week = 0;    // 3 bits, 0 = not given
  std::uint8_t month = 0;          // 4 bits
  std::uint8_t year = 0;           // years after 2000, 7 bits
  bool invalid = false;            // IV
  bool summer_time = false;        // SU
  // The eight reserved bits, packed: bit 0 = byte 2 D6, bits 1-2 = byte 3 D5-D6,
  // bits 3-6 = byte 5 D4-D7, bit 7 = byte 6 D7. Zero on every pile seen so far.
  std::uint8_t reserved = 0;
  bool operator==(const Cp56Time2a&) const = default;
};

Cp56Time2a decode_cp56(std::span<const std::uint8_t, kCp56Size> wire) noexcept;

// Whether every field fits its bit width (encode_cp56 refuses values that do not).
bool fits_cp56(const Cp56Time2a& time) noexcept;
bool encode_cp56(const Cp56Time2a& time, std::span<std::uint8_t, kCp56Size> out) noexcept;

// A real calendar instant: month 1-12, day within the month, hour < 24, minute < 60,
// milliseconds < 60000. The IV / SU flags and the day of week are not consulted.
bool is_valid_civil(const Cp56Time2a& time) noexcept;

// Civil time fields -> Cp56Time2a (day of week 0, flags clear); nullopt unless valid and
// the year is within 2000..2127.
std::optional<Cp56Time2a> make_cp56(int year, int month, int day, int hour, int minute, int second,
                                    int millisecond = 0) noexcept;

// Local civil time at `offset` -> UTC epoch milliseconds; nullopt unless is_valid_civil.
std::optional<std::int64_t> to_utc_ms(const Cp56Time2a& time,
                                      UtcOffset offset = kChinaStandardTime) noexcept;
// UTC epoch milliseconds -> local civil time at `offset`; nullopt outside 2000..2127.
std::optional<Cp56Time2a> from_utc_ms(std::int64_t utc_ms,
                                      UtcOffset offset = kChinaStandardTime) noexcept;

// "YYYY-MM-DD hh:mm:ss.mmm" of the raw fields (seconds = milliseconds / 1000), printed even
// when they are not a valid date ("2000-00-00 00:00:00.000"), so it round-trips losslessly
// through parse_local (flags and reserved bits excepted: they are separate fields).
std::string format_local(const Cp56Time2a& time);
// Accepts format_local's output, with 'T' instead of the space, or without ".mmm".
// Each field must fit its bit width; flags and reserved bits of the result are clear.
std::optional<Cp56Time2a> parse_local(std::string_view text) noexcept;

// "YYYY-MM-DDThh:mm:ss.mmmZ".
std::string format_utc(std::int64_t utc_ms);
// "+08:00", "-05:30"; parse_offset also takes "Z", "+8" and "+0800".
std::string format_offset(UtcOffset offset);
std::optional<UtcOffset> parse_offset(std::string_view text) noexcept;

}  // namespace ct::ykc16
