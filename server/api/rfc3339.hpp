// Parsing RFC 3339 timestamps ("2026-11-23T10:00:00Z", "2026-11-23T18:00:00.250+08:00")
// into UTC epoch milliseconds. Output uses core::format_utc.
#pragma once

#include <optional>
#include <string_view>

#include "server/core/model.hpp"

namespace ct::api {

// nullopt when the text is not a valid RFC 3339 date-time with a zone (Z or +hh:mm).
// Fractions beyond milliseconds are truncated.
std::optional<core::UtcMillis> parse_rfc3339(std::string_view text);

}  // namespace ct::api
