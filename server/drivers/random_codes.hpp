// Random values of the sign-in flow, from OpenSSL's CSPRNG (never std::rand or <random>:
// a guessable code or id tag would let anyone sign in or charge on someone's account).
#pragma once

#include <string>

namespace ct::drivers {

// n decimal digits, uniformly distributed (rejection sampling, no modulo bias).
std::string random_digits(int n);
// n characters of 0-9A-F.
std::string random_upper_hex(int n);

}  // namespace ct::drivers
