// Pure helpers: path matching, RFC 3339 parsing, decimal degrees, body field reading.
#include <gtest/gtest.h>

#include "server/api/decimal_e6.hpp"
#include "server/api/envelope.hpp"
#include "server/api/json_fields.hpp"
#include "server/api/query_params.hpp"
#include "server/api/rfc3339.hpp"
#include "server/api/router.hpp"
#include "server/core/clock.hpp"

namespace ct::api {
namespace {

TEST(PathRouter, CapturesParamsAndPrefersLiterals) {
  PathRouter<int> r;
  r.add("GET", "/api/v1/piles/{pileId}", 1);
  r.add("GET", "/api/v1/piles/unbound", 2);
  r.add("POST", "/api/v1/piles/{pileId}/commands/{name}", 3);
  auto m = r.match("GET", "/api/v1/piles/42");
  ASSERT_TRUE(m && m->target);
  EXPECT_EQ(*m->target, 1);
  EXPECT_EQ(m->params.at("pileId"), "42");
  m = r.match("GET", "/api/v1/piles/unbound");
  ASSERT_TRUE(m && m->target);
  EXPECT_EQ(*m->target, 2);
  m = r.match("POST", "/api/v1/piles/7/commands/reset");
  ASSERT_TRUE(m && m->target);
  EXPECT_EQ(m->params.at("pileId"), "7");
  EXPECT_EQ(m->params.at("name"), "reset");
}

TEST(PathRouter, UnknownPathAndWrongMethod) {
  PathRouter<int> r;
  r.add("GET", "/api/v1/stations/{id}", 1);
  r.add("DELETE", "/api/v1/stations/{id}", 2);
  EXPECT_FALSE(r.match("GET", "/api/v1/nothing"));
  EXPECT_FALSE(r.match("GET", "/api/v1/stations/1/extra"));
  auto m = r.match("PUT", "/api/v1/stations/1");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->target, nullptr);
  EXPECT_EQ(m->allowed, (std::vector<std::string>{"DELETE", "GET"}));
  // A trailing slash names the same resource.
  EXPECT_TRUE(r.match("GET", "/api/v1/stations/1/"));
}

TEST(Rfc3339, ParsesZonesAndFractions) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2026-01-01T00:00:00.250Z"), 1'767'225'600'250);
  EXPECT_EQ(parse_rfc3339("2026-01-01T08:00:00+08:00"), 1'767'225'600'000);
  EXPECT_EQ(parse_rfc3339("2025-12-31T23:00:00-01:00"), 1'767'225'600'000);
  EXPECT_EQ(parse_rfc3339("2026-01-01T00:00:00.1234567Z"), 1'767'225'600'123);
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), 1'709'164'800'000);
  auto t = parse_rfc3339(core::format_utc(1'767'225'600'999));
  EXPECT_EQ(t, 1'767'225'600'999);
}

TEST(Rfc3339, RejectsMalformed) {
  for (const char* bad :
       {"", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T00:00Z", "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00+0800", "2026-01-01T00:00:00Zx", "tomorrow"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(DecimalE6, ParsesExactly) {
  EXPECT_EQ(parse_decimal_e6("31.230416", 90'000'000), 31'230'416);
  EXPECT_EQ(parse_decimal_e6("-121.473701", 180'000'000), -121'473'701);
  EXPECT_EQ(parse_decimal_e6("0.000001", 90'000'000), 1);
  EXPECT_EQ(parse_decimal_e6("90", 90'000'000), 90'000'000);
  EXPECT_EQ(parse_decimal_e6("12.5000000", 90'000'000), 12'500'000);  // trailing zeros ok
  EXPECT_FALSE(parse_decimal_e6("31.2304161", 90'000'000));           // 7 significant decimals
  EXPECT_FALSE(parse_decimal_e6("90.000001", 90'000'000));
  EXPECT_FALSE(parse_decimal_e6("1e-3", 90'000'000));
  EXPECT_FALSE(parse_decimal_e6(".5", 90'000'000));
  EXPECT_FALSE(parse_decimal_e6("5.", 90'000'000));
  EXPECT_FALSE(parse_decimal_e6("", 90'000'000));
}

TEST(DecimalE6, JsonRoundTrip) {
  for (std::int64_t e6 : {31'230'416LL, -121'473'701LL, 1LL, 0LL, 89'999'999LL, 179'999'999LL,
                          -33'868'820LL, 151'209'296LL, 100'000LL}) {
    nlohmann::json j = e6_to_json(e6);
    auto reparsed = nlohmann::json::parse(j.dump());
    auto text = json_number_text(reparsed);
    ASSERT_TRUE(text);
    EXPECT_EQ(parse_decimal_e6(*text, 180'000'000), e6) << *text;
  }
  EXPECT_EQ(e6_to_json(31'230'416).dump(), "31.230416");
}

TEST(Fields, NamesTheFieldOnEveryError) {
  auto f = Fields::parse(R"({"name":5,"n":"x","extra":1})");
  try {
    f.req_string("name", 1, 10);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidField);
    EXPECT_EQ(e.field(), "name");
  }
  try {
    f.req_int("missing", 0, 1);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kMissingField);
    EXPECT_EQ(e.field(), "missing");
  }
  f.opt_string("n", 1, 5);
  try {
    f.reject_unknown();
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnknownField);
    EXPECT_EQ(e.field(), "extra");
  }
}

TEST(Fields, RejectsNonObjectBodies) {
  for (const char* bad : {"[1]", "\"x\"", "{", "nul"}) {
    try {
      Fields::parse(bad);
      FAIL() << bad;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidJson);
      EXPECT_EQ(e.status(), 400);
    }
  }
  EXPECT_NO_THROW(Fields::parse(""));
}

TEST(QueryParams, PagingBounds) {
  EXPECT_EQ(page_of({}).limit, 50);
  EXPECT_EQ(page_of({{"limit", "500"}, {"offset", "3"}}).offset, 3);
  for (auto q : std::vector<Query>{{{"limit", "0"}},
                                   {{"limit", "501"}},
                                   {{"limit", "x"}},
                                   {{"offset", "-1"}},
                                   {{"offset", "1.5"}}}) {
    EXPECT_THROW(page_of(q), ApiError);
  }
}

TEST(Envelope, Shapes) {
  auto ok = nlohmann::json::parse(ok_response(200, {{"a", 1}}).body);
  EXPECT_EQ(ok, nlohmann::json::parse(R"({"code":0,"data":{"a":1},"message":"success"})"));
  auto r = error_response(ErrorCode::kInvalidField, "name must be a string", "name");
  EXPECT_EQ(r.status, 400);
  auto err = nlohmann::json::parse(r.body);
  EXPECT_EQ(err["code"], 40003);
  EXPECT_TRUE(err["data"].is_null());
  EXPECT_EQ(err["field"], "name");
  EXPECT_EQ(http_status_of(ErrorCode::kPileOffline), 503);
  EXPECT_EQ(http_status_of(ErrorCode::kUnsupportedByProtocol), 422);
}

}  // namespace
}  // namespace ct::api
