// Hashing of bearer tokens and charger passwords (OpenSSL). Tokens are random and
// long, so a plain SHA-256 suffices for lookup; passwords get salted PBKDF2.
#pragma once

#include <string>
#include <string_view>

namespace ct::core {

std::string sha256_hex(std::string_view data);
// HMAC-SHA256 of data under key, as 64 hex characters (payment notification signatures).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// 32 random bytes as 64 hex characters, prefixed (e.g. "ctp_" platform, "ctt_" tenant).
std::string random_token(std::string_view prefix);
// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>"
std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, std::string_view encoded);
// Constant-time comparison of two strings of any length.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace ct::core
