// Tenant endpoints: id tags.
#include "tests/api/api_fixture.hpp"

namespace ct::api::testing {
namespace {

class IdTagsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a = make_tenant("acme");
    b = make_tenant("beta");
  }
  Tenant a, b;
};

TEST_F(IdTagsTest, CrudRoundTrip) {
  auto r = call("POST", "/api/v1/id-tags", a.token,
                {{"idTag", "04A2B3C4D5"},
                 {"holder", "Ann"},
                 {"expiryDate", "2027-01-01T08:00:00+08:00"},
                 {"kind", "rfid"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = r.data()["id"].get<core::Id>();
  EXPECT_EQ(r.data()["status"], "Accepted");
  EXPECT_EQ(r.data()["expiryDate"], "2027-01-01T00:00:00.000Z");
  EXPECT_EQ(events.back().asset_changed().kind(), "id_tag");

  auto p = call("PATCH", path("/api/v1/id-tags/", id), a.token,
                {{"status", "Blocked"}, {"expiryDate", nullptr}});
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.data()["status"], "Blocked");
  EXPECT_TRUE(p.data()["expiryDate"].is_null());
  auto g = call("GET", path("/api/v1/id-tags/", id), a.token);
  EXPECT_EQ(g.data()["status"], "Blocked");
  EXPECT_TRUE(g.data()["expiryDate"].is_null());
  EXPECT_EQ(g.data()["holder"], "Ann");

  EXPECT_EQ(call("DELETE", path("/api/v1/id-tags/", id), a.token).status, 200);
  EXPECT_EQ(call("GET", path("/api/v1/id-tags/", id), a.token).status, 404);
  EXPECT_EQ(call("DELETE", path("/api/v1/id-tags/", id), a.token).status, 404);
  EXPECT_EQ(call("PATCH", path("/api/v1/id-tags/", id), a.token, {{"holder", "x"}}).status, 404);
}

TEST_F(IdTagsTest, Validation) {
  struct Case {
    json body;
    std::string field;
  };
  for (const auto& c : std::vector<Case>{
           {json::object(), "idTag"},
           {{{"idTag", ""}}, "idTag"},
           {{{"idTag", std::string(21, 'A')}}, "idTag"},
           {{{"idTag", "tab\there"}}, "idTag"},
           {{{"idTag", "T1"}, {"status", "Invalid"}}, "status"},
           {{{"idTag", "T1"}, {"kind", "nfc"}}, "kind"},
           {{{"idTag", "T1"}, {"expiryDate", "2027-01-01"}}, "expiryDate"},
           {{{"idTag", "T1"}, {"parentIdTag", std::string(21, 'P')}}, "parentIdTag"},
       }) {
    auto r = call("POST", "/api/v1/id-tags", a.token, c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(r.field(), c.field) << c.body;
  }
}

TEST_F(IdTagsTest, DuplicatePerTenant) {
  ASSERT_EQ(call("POST", "/api/v1/id-tags", a.token, {{"idTag", "T1"}}).status, 201);
  auto dup = call("POST", "/api/v1/id-tags", a.token, {{"idTag", "T1"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.code(), 40901);
  EXPECT_EQ(dup.field(), "idTag");
  // Another tenant may use the same card number.
  EXPECT_EQ(call("POST", "/api/v1/id-tags", b.token, {{"idTag", "T1"}}).status, 201);
  auto t2 = call("POST", "/api/v1/id-tags", a.token, {{"idTag", "T2"}});
  auto rename = call("PATCH", path("/api/v1/id-tags/", t2.data()["id"].get<core::Id>()), a.token,
                     {{"idTag", "T1"}});
  EXPECT_EQ(rename.status, 409);
}

TEST_F(IdTagsTest, ListFilters) {
  call("POST", "/api/v1/id-tags", a.token, {{"idTag", "CARD-1"}, {"holder", "Ann"}});
  call("POST", "/api/v1/id-tags", a.token, {{"idTag", "CARD-2"}, {"status", "Blocked"}});
  call("POST", "/api/v1/id-tags", a.token, {{"idTag", "APP-1"}, {"kind", "app"}});
  auto total = [&](std::map<std::string, std::string> q) {
    return call("GET", "/api/v1/id-tags", a.token, nullptr, q).data()["total"].get<int>();
  };
  EXPECT_EQ(total({}), 3);
  EXPECT_EQ(total({{"q", "card"}}), 2);
  EXPECT_EQ(total({{"q", "ann"}}), 1);
  EXPECT_EQ(total({{"status", "Blocked"}}), 1);
  EXPECT_EQ(call("GET", "/api/v1/id-tags", a.token, nullptr, {{"status", "x"}}).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/id-tags", b.token).data()["total"], 0);
}

}  // namespace
}  // namespace ct::api::testing
