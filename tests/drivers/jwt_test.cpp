// HS256 access tokens: round trip, tampering, algorithm confusion, expiry.
#include "server/drivers/jwt.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>
#include <variant>
#include <vector>

namespace ct::drivers::jwt {
namespace {

constexpr std::string_view kKey =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr core::UtcMillis kNow = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

Claims claims() {
  Claims c;
  c.driver_id = 42;
  c.tenant_id = 7;
  c.token_version = 3;
  c.issued_at_s = kNow / 1000;
  c.expires_at_s = kNow / 1000 + 900;
  return c;
}

struct Parts {
  std::string header, payload, signature;
};

Parts split(const std::string& token) {
  auto a = token.find('.');
  auto b = token.find('.', a + 1);
  return {token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
}

std::string join(const Parts& p) {
  return p.header + "." + p.payload + "." + p.signature;
}

std::string hmac(std::string_view key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return std::string(reinterpret_cast<const char*>(mac), len);
}

std::string encode_json(const nlohmann::json& j) {
  return base64url_encode(j.dump());
}

Problem problem_of(const std::variant<Claims, Problem>& v) {
  EXPECT_TRUE(std::holds_alternative<Problem>(v));
  return std::holds_alternative<Problem>(v) ? std::get<Problem>(v) : Problem::Malformed;
}

TEST(Base64Url, RoundTripsEveryLengthWithoutPadding) {
  std::string bytes;
  for (int n = 0; n < 40; ++n) {
    auto text = base64url_encode(bytes);
    EXPECT_EQ(text.find('='), std::string::npos);
    EXPECT_EQ(text.find('+'), std::string::npos);
    EXPECT_EQ(text.find('/'), std::string::npos);
    auto back = base64url_decode(text);
    ASSERT_TRUE(back) << n;
    EXPECT_EQ(*back, bytes);
    bytes += static_cast<char>(0xF0 + n);  // high bytes reach '-' and '_'
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(Base64Url, RefusesPaddingForeignCharactersAndNonCanonicalBits) {
  EXPECT_FALSE(base64url_decode("QQ=="));
  EXPECT_FALSE(base64url_decode("QQ+/"));
  EXPECT_FALSE(base64url_decode("Q"));   // 6 bits cannot be a byte
  EXPECT_TRUE(base64url_decode("QQ"));   // "A"
  EXPECT_FALSE(base64url_decode("QR"));  // "A" with a stray trailing bit
}

TEST(Jwt, RoundTrip) {
  auto token = sign(claims(), kKey);
  auto v = verify(token, kKey, kNow);
  ASSERT_TRUE(std::holds_alternative<Claims>(v));
  EXPECT_EQ(std::get<Claims>(v), claims());

  auto p = split(token);
  auto header = nlohmann::json::parse(*base64url_decode(p.header));
  EXPECT_EQ(header, nlohmann::json::parse(R"({"alg":"HS256","typ":"JWT"})"));
  auto payload = nlohmann::json::parse(*base64url_decode(p.payload));
  EXPECT_EQ(payload["iss"], "chargetwin");
  EXPECT_EQ(payload["sub"], "42");
  EXPECT_EQ(payload["tid"], 7);
  EXPECT_EQ(payload["ver"], 3);
  EXPECT_EQ(payload["iat"], kNow / 1000);
  EXPECT_EQ(payload["exp"], kNow / 1000 + 900);
}

TEST(Jwt, KnownVectorMatchesAnIndependentImplementation) {
  // Computed with Python: hmac.new(key, b"<header>.<payload>", hashlib.sha256), base64url.
  Claims c;
  c.driver_id = 1;
  c.tenant_id = 1;
  c.token_version = 1;
  c.issued_at_s = 1'700'000'000;
  c.expires_at_s = 1'700'000'900;
  EXPECT_EQ(sign(c, "secret"),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            "eyJleHAiOjE3MDAwMDA5MDAsImlhdCI6MTcwMDAwMDAwMCwiaXNzIjoiY2hhcmdldHdpbiIsInN1YiI6IjEi"
            "LCJ0aWQiOjEsInZlciI6MX0."
            "fEW5_8NS9Hb3RPa-qhK73d2pc9rLKOJPUISVIVnGpvU");
}

TEST(Jwt, TamperedPayloadIsRefused) {
  auto p = split(sign(claims(), kKey));
  auto payload = nlohmann::json::parse(*base64url_decode(p.payload));
  payload["sub"] = "43";  // become another driver
  p.payload = encode_json(payload);
  EXPECT_EQ(problem_of(verify(join(p), kKey, kNow)), Problem::BadSignature);
}

TEST(Jwt, TamperedSignatureAndOtherKeyAreRefused) {
  auto token = sign(claims(), kKey);
  auto p = split(token);
  p.signature[3] = p.signature[3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(problem_of(verify(join(p), kKey, kNow)), Problem::BadSignature);
  EXPECT_EQ(problem_of(verify(token, "another key", kNow)), Problem::BadSignature);
  p = split(token);
  p.signature.clear();
  EXPECT_EQ(problem_of(verify(join(p), kKey, kNow)), Problem::BadSignature);
}

TEST(Jwt, AlgNoneAndOtherAlgorithmsAreRefused) {
  auto p = split(sign(claims(), kKey));
  for (const char* alg : {"none", "None", "HS512", "RS256", "hs256", ""}) {
    Parts forged = p;
    forged.header = encode_json({{"alg", alg}, {"typ", "JWT"}});
    EXPECT_EQ(problem_of(verify(join(forged), kKey, kNow)), Problem::BadSignature) << alg;
    forged.signature.clear();  // the classic "alg":"none" token has no signature
    EXPECT_EQ(problem_of(verify(join(forged), kKey, kNow)), Problem::BadSignature) << alg;
  }
  Parts no_alg = p;
  no_alg.header = encode_json({{"typ", "JWT"}});
  EXPECT_EQ(problem_of(verify(join(no_alg), kKey, kNow)), Problem::BadSignature);
}

TEST(Jwt, ExpiresAtExp) {
  auto token = sign(claims(), kKey);
  auto exp_ms = claims().expires_at_s * 1000;
  EXPECT_TRUE(std::holds_alternative<Claims>(verify(token, kKey, exp_ms - 1)));
  EXPECT_EQ(problem_of(verify(token, kKey, exp_ms)), Problem::Expired);
  EXPECT_EQ(problem_of(verify(token, kKey, exp_ms + 86'400'000)), Problem::Expired);
}

TEST(Jwt, MalformedTokensAreRefused) {
  auto token = sign(claims(), kKey);
  for (const std::string& bad :
       {std::string(), std::string("ctt_0123"), std::string("a.b"), std::string("a.b.c.d"),
        token + ".", std::string("!!.!!.!!"), std::string(3000, 'a')}) {
    EXPECT_EQ(problem_of(verify(bad, kKey, kNow)), Problem::Malformed) << bad;
  }
}

TEST(Jwt, ForeignClaimsAreMalformedEvenWhenSigned) {
  // Correctly signed, but not claims we issue: signing alone does not make a token ours.
  auto base = nlohmann::json::parse(*base64url_decode(split(sign(claims(), kKey)).payload));
  std::vector<nlohmann::json> payloads;
  for (const char* drop : {"iss", "sub", "tid", "ver", "iat", "exp"}) {
    auto p = base;
    p.erase(drop);
    payloads.push_back(p);
  }
  auto other_issuer = base;
  other_issuer["iss"] = "someone-else";
  payloads.push_back(other_issuer);
  for (const nlohmann::json& sub :
       {nlohmann::json(42), nlohmann::json("042"), nlohmann::json("-4"), nlohmann::json("4x")}) {
    auto p = base;
    p["sub"] = sub;
    payloads.push_back(p);
  }
  auto text_version = base;
  text_version["ver"] = "3";
  payloads.push_back(text_version);
  auto zero_tenant = base;
  zero_tenant["tid"] = 0;
  payloads.push_back(zero_tenant);
  for (const auto& payload : payloads) {
    std::string input = split(sign(claims(), kKey)).header + "." + encode_json(payload);
    std::string token = input + "." + base64url_encode(hmac(kKey, input));
    EXPECT_EQ(problem_of(verify(token, kKey, kNow)), Problem::Malformed) << payload;
  }
  // The same path with our own claims passes, so the refusals above are the claims'.
  std::string input = split(sign(claims(), kKey)).header + "." + encode_json(base);
  EXPECT_TRUE(std::holds_alternative<Claims>(
      verify(input + "." + base64url_encode(hmac(kKey, input)), kKey, kNow)));
}

}  // namespace
}  // namespace ct::drivers::jwt
