#include "server/drivers/random_codes.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace ct::drivers {
namespace {

unsigned char random_byte() {
  unsigned char b = 0;
  if (RAND_bytes(&b, 1) != 1) throw std::runtime_error("no randomness available");
  return b;
}

}  // namespace

std::string random_digits(int n) {
  std::string out;
  out.reserve(static_cast<std::size_t>(n));
  while (static_cast<int>(out.size()) < n) {
    // 250 = 25 * 10: bytes 250..255 would favour the digits 0..5, so they are redrawn.
    unsigned char b = random_byte();
    if (b >= 250) continue;
    out += static_cast<char>('0' + b % 10);
  }
  return out;
}

std::string random_upper_hex(int n) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out += kDigits[random_byte() & 0x0F];
  return out;
}

}  // namespace ct::drivers
