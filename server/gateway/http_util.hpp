// Small pure helpers for the HTTP edge, kept out of the Beast file so they can be
// unit-tested without sockets.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace ct::gateway {

struct Target {
  std::string path;  // percent-decoded
  std::map<std::string, std::string> query;
};

std::optional<std::string> percent_decode(const std::string& s, bool plus_as_space);
Target split_target(const std::string& target);
// "/ocpp/CP-001" -> "CP-001"; nullopt for an empty id, extra segments or > 64 chars.
std::optional<std::string> charge_point_id_from_path(const std::string& path);
// True when the comma-separated Sec-WebSocket-Protocol list contains `wanted`.
bool offers_subprotocol(const std::string& header, const std::string& wanted);
// "Basic base64(user:password)" -> {user, password}.
std::optional<std::pair<std::string, std::string>> parse_basic_auth(const std::string& header);
std::optional<std::string> base64_decode(const std::string& in);
std::string lower(std::string s);

}  // namespace ct::gateway
