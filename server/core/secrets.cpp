#include "server/core/secrets.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace ct::core {
namespace {

constexpr int kPbkdf2Iterations = 20000;

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0x0f];
  }
  return out;
}

bool from_hex(std::string_view hex, std::vector<unsigned char>& out) {
  if (hex.size() % 2 != 0) return false;
  out.resize(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned v = 0;
    auto r = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, v, 16);
    if (r.ec != std::errc{} || r.ptr != hex.data() + 2 * i + 2) return false;
    out[i] = static_cast<unsigned char>(v);
  }
  return true;
}

std::vector<unsigned char> pbkdf2(std::string_view password, const std::vector<unsigned char>& salt,
                                  int iterations) {
  std::vector<unsigned char> out(32);
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(out.size()), out.data()) != 1) {
    throw std::runtime_error("PBKDF2 failed");
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  return to_hex(digest.data(), digest.size());
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(),
           &len) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return to_hex(digest.data(), len);
}

std::string random_token(std::string_view prefix) {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("no randomness available for a token");
  }
  return std::string(prefix) + to_hex(bytes.data(), bytes.size());
}

std::string hash_password(std::string_view password) {
  std::vector<unsigned char> salt(16);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("no randomness available for a salt");
  }
  auto hash = pbkdf2(password, salt, kPbkdf2Iterations);
  return "pbkdf2-sha256$" + std::to_string(kPbkdf2Iterations) + "$" +
         to_hex(salt.data(), salt.size()) + "$" + to_hex(hash.data(), hash.size());
}

bool verify_password(std::string_view password, std::string_view encoded) {
  constexpr std::string_view kScheme = "pbkdf2-sha256$";
  if (encoded.substr(0, kScheme.size()) != kScheme) return false;
  encoded.remove_prefix(kScheme.size());
  auto d1 = encoded.find('$');
  if (d1 == std::string_view::npos) return false;
  auto d2 = encoded.find('$', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  int iterations = 0;
  auto iters = encoded.substr(0, d1);
  auto r = std::from_chars(iters.data(), iters.data() + iters.size(), iterations);
  if (r.ec != std::errc{} || iterations <= 0 || iterations > 10'000'000) return false;
  std::vector<unsigned char> salt;
  if (!from_hex(encoded.substr(d1 + 1, d2 - d1 - 1), salt)) return false;
  auto expected = encoded.substr(d2 + 1);
  auto actual = pbkdf2(password, salt, iterations);
  return equal_constant_time(to_hex(actual.data(), actual.size()), expected);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ct::core
