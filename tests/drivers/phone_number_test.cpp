// Phone numbers: one canonical spelling per number, and the masked display form.
#include "server/drivers/phone_number.hpp"

#include <gtest/gtest.h>

#include "server/drivers/driver_auth.hpp"

namespace ct::drivers {
namespace {

TEST(PhoneNumber, ChineseMobileSpellingsAreOneNumber) {
  for (const char* s : {"13800138000", "+8613800138000", "+86 138-0013-8000", "138 0013 8000",
                        "(+86) 138 0013 8000", "+86 (138) 0013-8000"}) {
    auto n = normalize_phone(s);
    ASSERT_TRUE(n) << s;
    EXPECT_EQ(*n, "+8613800138000") << s;
  }
  EXPECT_EQ(DriverAuth::normalize_phone("+86 138-0013-8000"), "+8613800138000");
}

TEST(PhoneNumber, OtherCountriesFollowE164) {
  EXPECT_EQ(normalize_phone("+49 151 1234 5678"), "+4915112345678");
  EXPECT_EQ(normalize_phone("+1 (415) 555-0100"), "+14155550100");
  EXPECT_EQ(normalize_phone("+12345678"), "+12345678");                // 8 digits
  EXPECT_EQ(normalize_phone("+123456789012345"), "+123456789012345");  // 15 digits
}

TEST(PhoneNumber, RefusesWhatCannotBeTexted) {
  for (const char* s : {"", "+", "1380013800",                   // 10 digits
                        "138001380001",                          // 12 digits
                        "23800138000",                           // 11 digits not starting with 1
                        "+1234567",                              // 7 digits
                        "+1234567890123456",                     // 16 digits
                        "+0123456789",                           // no country code starts with 0
                        "008613800138000", "+86 021 6321 0000",  // a Shanghai landline
                        "+8612345", "138.0013.8000", "138/0013/8000", "+86+13800138000",
                        "86+13800138000", "1380013800O", "１３８００１３８０００",  // full-width
                        "+86 138 0013 8000                                  "}) {
    EXPECT_FALSE(normalize_phone(s)) << s;
  }
}

TEST(PhoneNumber, MaskedKeepsThreeAndFour) {
  EXPECT_EQ(masked_phone("+8613800138000"), "138****8000");
  EXPECT_EQ(masked_phone("+4915112345678"), "491******5678");
  EXPECT_EQ(masked_phone("+12345678"), "123*5678");
}

}  // namespace
}  // namespace ct::drivers
