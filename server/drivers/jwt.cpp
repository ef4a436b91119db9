#include "server/drivers/jwt.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "server/core/secrets.hpp"

namespace ct::drivers::jwt {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Longer tokens are not ours; refusing them early bounds the work an attacker can cause.
constexpr std::size_t kMaxTokenLength = 2048;

int value_of(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  if (key.empty()) throw std::logic_error("jwt: empty signing key");
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(),
           &len) == nullptr) {
    throw std::runtime_error("jwt: HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), len);
}

// The header every token of ours carries; built once, so signing is deterministic.
const std::string& encoded_header() {
  static const std::string h = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  return h;
}

std::optional<nlohmann::json> json_object_of(std::string_view part) {
  auto text = base64url_decode(part);
  if (!text) return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::optional<std::int64_t> int_claim(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

// sub is a decimal string ("42"): no sign, no leading zero, positive.
std::optional<core::Id> id_of(const nlohmann::json& payload) {
  auto it = payload.find("sub");
  if (it == payload.end() || !it->is_string()) return std::nullopt;
  const auto& s = it->get_ref<const std::string&>();
  if (s.empty() || s[0] == '0') return std::nullopt;
  core::Id v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc{} || r.ptr != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

std::optional<Claims> claims_of(const nlohmann::json& payload) {
  auto iss = payload.find("iss");
  if (iss == payload.end() || !iss->is_string() || iss->get<std::string>() != kIssuer)
    return std::nullopt;
  auto sub = id_of(payload);
  auto tid = int_claim(payload, "tid");
  auto ver = int_claim(payload, "ver");
  auto iat = int_claim(payload, "iat");
  auto exp = int_claim(payload, "exp");
  if (!sub || !tid || !ver || !iat || !exp || *tid <= 0 || *ver < 0 ||
      *ver > std::numeric_limits<int>::max())
    return std::nullopt;
  Claims c;
  c.driver_id = *sub;
  c.tenant_id = *tid;
  c.token_version = static_cast<int>(*ver);
  c.issued_at_s = *iat;
  c.expires_at_s = *exp;
  return c;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                      (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                      std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    std::uint32_t v = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                      (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = value_of(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero: "AB" and "AC" would otherwise both decode to one byte.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string sign(const Claims& claims, std::string_view key) {
  nlohmann::json payload = {{"iss", kIssuer},
                            {"sub", std::to_string(claims.driver_id)},
                            {"tid", claims.tenant_id},
                            {"ver", claims.token_version},
                            {"iat", claims.issued_at_s},
                            {"exp", claims.expires_at_s}};
  std::string signing_input = encoded_header() + "." + base64url_encode(payload.dump());
  return signing_input + "." + base64url_encode(hmac_sha256(key, signing_input));
}

std::variant<Claims, Problem> verify(std::string_view token, std::string_view key,
                                     core::UtcMillis now) {
  if (token.size() > kMaxTokenLength) return Problem::Malformed;
  auto dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return Problem::Malformed;
  auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return Problem::Malformed;
  auto header_part = token.substr(0, dot1);
  auto payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
  auto signature_part = token.substr(dot2 + 1);

  auto header = json_object_of(header_part);
  if (!header) return Problem::Malformed;
  // The algorithm is ours to choose, not the token's: anything but HS256 ("none",
  // "HS512", "RS256" with our key as a public key) is refused before any other check.
  auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string() || alg->get<std::string>() != "HS256")
    return Problem::BadSignature;
  if (header->contains("crit")) return Problem::Malformed;  // extensions we do not implement

  auto signature = base64url_decode(signature_part);
  if (!signature) return Problem::Malformed;
  auto expected = hmac_sha256(key, token.substr(0, dot2));
  if (!core::equal_constant_time(*signature, expected)) return Problem::BadSignature;

  auto payload = json_object_of(payload_part);
  if (!payload) return Problem::Malformed;
  auto claims = claims_of(*payload);
  if (!claims) return Problem::Malformed;
  // Seconds to ms without overflow: an exp too large to convert is never reached, one
  // at or before the epoch always has been.
  constexpr std::int64_t kMaxSeconds = std::numeric_limits<std::int64_t>::max() / 1000;
  const auto exp = claims->expires_at_s;
  if (exp <= 0 || (exp < kMaxSeconds && now >= exp * 1000)) return Problem::Expired;
  return *claims;
}

}  // namespace ct::drivers::jwt
