// The REST API over real HTTP: status codes, envelope, and tenant isolation as a client
// sees them (the router's own suite covers every endpoint without sockets).
#include <gtest/gtest.h>

#include "tests/integration/server_fixture.hpp"

namespace ct::testing {
namespace {

using nlohmann::json;

class RestApiTest : public ServerFixture {};

TEST_F(RestApiTest, TokensAreRequiredAndScoped) {
  auto none = http_request(port_, "GET", "/api/v1/stations");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json()["code"], 40101);
  EXPECT_FALSE(none.json()["message"].get<std::string>().empty());
  EXPECT_EQ(http_request(port_, "GET", "/api/v1/stations", "ctt_nonsense").status, 401);
  EXPECT_EQ(api("GET", "/api/v1/tenants").status, 403) << "a tenant token is not platform admin";
  EXPECT_EQ(api("GET", "/api/v1/stations", nullptr, kPlatformToken).status, 403);
}

TEST_F(RestApiTest, StationCrudWithValidationAndNotFound) {
  auto created = api("POST", "/api/v1/stations",
                     {{"name", "Pudong Hub"},
                      {"latitude", 31.230416},
                      {"longitude", 121.473701},
                      {"timeZone", "Asia/Shanghai"},
                      {"openingHours", "00:00-24:00"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = created.json();
  EXPECT_EQ(body["code"], 0);
  EXPECT_EQ(body["message"], "success");
  EXPECT_EQ(body["data"]["latitude"], 31.230416) << "coordinates round-trip exactly";
  auto id = std::to_string(body["data"]["id"].get<std::int64_t>());

  auto bad = api("POST", "/api/v1/stations", {{"name", "X"}, {"latitude", 123.0}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["field"], "latitude");

  auto not_json = http_request(port_, "POST", "/api/v1/stations", tenant_token_, "{oops");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.json()["code"], 40001);

  auto patched = api("PATCH", "/api/v1/stations/" + id, {{"name", "Pudong Hub 2"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(api("GET", "/api/v1/stations/" + id).json()["data"]["name"], "Pudong Hub 2");

  auto list = api("GET", "/api/v1/stations?limit=1&offset=0");
  EXPECT_EQ(list.json()["data"]["total"], 1);
  EXPECT_EQ(api("GET", "/api/v1/stations?limit=0").status, 400);

  EXPECT_EQ(api("DELETE", "/api/v1/stations/" + id).status, 200);
  EXPECT_EQ(api("GET", "/api/v1/stations/" + id).status, 404);
  EXPECT_EQ(api("GET", "/api/v1/stations/999999").status, 404);
}

TEST_F(RestApiTest, DuplicatesConflictAcrossThePlatform) {
  create_pile(tenant_token_, "CP-UNIQUE");
  auto other = create_tenant("Rival");
  auto station = create_station(other, "Rival station");
  auto dup = api("POST", "/api/v1/stations/" + std::to_string(station) + "/piles",
                 {{"chargePointId", "CP-UNIQUE"}}, other);
  EXPECT_EQ(dup.status, 409) << "chargePointId is unique across tenants";
  create_id_tag(tenant_token_, "CARD-1");
  EXPECT_EQ(api("POST", "/api/v1/id-tags", {{"idTag", "CARD-1"}}).status, 409);
  EXPECT_EQ(api("POST", "/api/v1/id-tags", {{"idTag", "CARD-1"}}, other).status, 201)
      << "id tags are unique per tenant only";
}

TEST_F(RestApiTest, AnotherTenantsIdsAreNotFoundEverywhere) {
  auto pile_id = create_pile(tenant_token_, "CP-A");
  create_id_tag(tenant_token_, "TAG-A");
  auto ws = boot_charger("CP-A");
  auto start = ws->call("StartTransaction", {{"connectorId", 1},
                                             {"idTag", "TAG-A"},
                                             {"meterStart", 0},
                                             {"timestamp", "2026-11-23T10:00:00Z"}});
  auto tx = std::to_string(start[2]["transactionId"].get<std::int64_t>());
  auto cmd = api("POST", "/api/v1/piles/" + std::to_string(pile_id) + "/commands/clear-cache",
                 json::object());
  ASSERT_EQ(cmd.status, 202);
  auto cmd_id = std::to_string(cmd.json()["data"]["commandId"].get<std::int64_t>());
  auto pile = api("GET", "/api/v1/piles/" + std::to_string(pile_id)).json()["data"];
  auto station = std::to_string(pile["stationId"].get<std::int64_t>());
  auto tags = api("GET", "/api/v1/id-tags").json()["data"]["items"];
  auto tag_id = std::to_string(tags[0]["id"].get<std::int64_t>());
  auto p = std::to_string(pile_id);

  auto b = create_tenant("Intruder");
  struct Probe {
    std::string method, path;
    json body;
  };
  std::vector<Probe> probes = {
      {"GET", "/api/v1/stations/" + station, nullptr},
      {"PATCH", "/api/v1/stations/" + station, {{"name", "mine now"}}},
      {"DELETE", "/api/v1/stations/" + station, nullptr},
      {"POST", "/api/v1/stations/" + station + "/piles", {{"chargePointId", "CP-B"}}},
      {"GET", "/api/v1/piles/" + p, nullptr},
      {"PATCH", "/api/v1/piles/" + p, {{"name", "mine now"}}},
      {"DELETE", "/api/v1/piles/" + p, nullptr},
      {"GET", "/api/v1/piles/" + p + "/status-history", nullptr},
      {"GET", "/api/v1/piles/" + p + "/commands", nullptr},
      {"POST", "/api/v1/piles/" + p + "/commands/reset", {{"type", "Hard"}}},
      {"GET", "/api/v1/id-tags/" + tag_id, nullptr},
      {"PATCH", "/api/v1/id-tags/" + tag_id, {{"status", "Blocked"}}},
      {"DELETE", "/api/v1/id-tags/" + tag_id, nullptr},
      {"GET", "/api/v1/transactions/" + tx, nullptr},
      {"GET", "/api/v1/commands/" + cmd_id, nullptr},
  };
  for (const auto& probe : probes) {
    auto r = api(probe.method, probe.path, probe.body, b);
    EXPECT_EQ(r.status, 404) << probe.method << " " << probe.path << " " << r.body;
  }
  for (const auto* list :
       {"/api/v1/stations", "/api/v1/piles", "/api/v1/id-tags", "/api/v1/transactions"}) {
    EXPECT_EQ(api("GET", list, nullptr, b).json()["data"]["total"], 0) << list;
  }
  // Nothing changed for the owner.
  EXPECT_EQ(api("GET", "/api/v1/piles/" + p).json()["data"]["name"], pile["name"]);
  EXPECT_EQ(api("GET", "/api/v1/id-tags/" + tag_id).json()["data"]["status"], "Accepted");
}

TEST_F(RestApiTest, OversizedBodiesAreRefused) {
  // The limit is checked on the declared length, before the body is read.
  auto answer = raw_exchange(port_,
                             "POST /api/v1/stations HTTP/1.1\r\nHost: x\r\n"
                             "Authorization: Bearer " +
                                 tenant_token_ +
                                 "\r\nContent-Type: application/json\r\n"
                                 "Content-Length: 2097152\r\n\r\n{\"name\":\"");
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
  EXPECT_NE(answer.find("41301"), std::string::npos);
  EXPECT_EQ(api("GET", "/api/v1/stations").status, 200) << "the server is fine afterwards";
}

}  // namespace
}  // namespace ct::testing
