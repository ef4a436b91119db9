#include "server/gateway/http_util.hpp"

#include <algorithm>
#include <cctype>

namespace ct::gateway {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::optional<std::string> percent_decode(const std::string& s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Target split_target(const std::string& target) {
  Target t;
  auto q = target.find('?');
  std::string raw_path = target.substr(0, q);
  t.path = percent_decode(raw_path, false).value_or(raw_path);
  if (q == std::string::npos) return t;
  std::string query = target.substr(q + 1);
  std::size_t pos = 0;
  while (pos <= query.size()) {
    auto amp = query.find('&', pos);
    std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string k = pair.substr(0, eq);
      std::string v = eq == std::string::npos ? "" : pair.substr(eq + 1);
      auto dk = percent_decode(k, true);
      auto dv = percent_decode(v, true);
      if (dk && dv) t.query[*dk] = *dv;
    }
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return t;
}

std::optional<std::string> charge_point_id_from_path(const std::string& path) {
  const std::string prefix = "/ocpp/";
  if (path.rfind(prefix, 0) != 0) return std::nullopt;
  std::string id = path.substr(prefix.size());
  if (id.empty() || id.size() > 64) return std::nullopt;
  for (char c : id) {
    if (c == '/' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
  }
  return id;
}

bool offers_subprotocol(const std::string& header, const std::string& wanted) {
  std::size_t pos = 0;
  while (pos <= header.size()) {
    auto comma = header.find(',', pos);
    auto item =
        trim(header.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (lower(item) == lower(wanted)) return true;
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return false;
}

std::optional<std::string> base64_decode(const std::string& in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0;
  int bits = -8;
  std::size_t padding = 0;
  for (char c : in) {
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return std::nullopt;  // data after padding
    auto idx = kAlphabet.find(c);
    if (idx == std::string::npos) return std::nullopt;
    val = (val << 6) + static_cast<int>(idx);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xff));
      bits -= 8;
    }
  }
  if (padding > 2) return std::nullopt;
  return out;
}

std::optional<std::pair<std::string, std::string>> parse_basic_auth(const std::string& header) {
  auto h = trim(header);
  if (h.size() < 6 || lower(h.substr(0, 6)) != "basic ") return std::nullopt;
  auto decoded = base64_decode(trim(h.substr(6)));
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace ct::gateway
