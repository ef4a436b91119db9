// Scenario files: what the parser accepts, how it expands topologies, and that every
// mistake is named by its field.
#include "simulator/twin/scenario.hpp"

#include <gtest/gtest.h>

#include "simulator/twin/expectations.hpp"

namespace ct::sim {
namespace {

using nlohmann::json;

json minimal() {
  return json::parse(R"({
    "name": "t", "duration": "1h",
    "topology": {"stations": [{"name": "S", "piles": [{"id": "P-1"}]}]}
  })");
}

std::string error_of(const json& j) {
  try {
    parse_scenario(j);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(ScenarioTest, MinimalScenarioGetsTheDocumentedDefaults) {
  auto sc = parse_scenario(minimal());
  EXPECT_EQ(sc.name, "t");
  EXPECT_EQ(sc.duration_ms, 3'600'000);
  EXPECT_EQ(sc.step_ms, 1'000);
  EXPECT_EQ(sc.drain_ms, 4 * 3'600'000);
  ASSERT_EQ(sc.stations.size(), 1u);
  ASSERT_EQ(sc.stations[0].piles.size(), 1u);
  const auto& p = sc.stations[0].piles[0];
  EXPECT_EQ(p.charge_point_id, "P-1");
  EXPECT_TRUE(p.dc);
  EXPECT_EQ(p.connectors, 2);
  EXPECT_EQ(p.connector_power_w, 60'000);
  EXPECT_EQ(sc.stations[0].utc_offset_minutes, 480);
  // Every preset, equally weighted, when no mix is given.
  EXPECT_EQ(sc.population.vehicle_mix.size(), 5u);
  EXPECT_EQ(sc.connector_count(), 2);
}

TEST(ScenarioTest, GeneratedTopologyHasUniqueIdsAndSpreadStations) {
  auto j = minimal();
  j["topology"] = json::parse(R"({"generate": {"stations": 30, "idPrefix": "G", "spreadKm": 10,
      "piles": [{"type": "DC", "powerKw": 120, "connectors": 2, "count": 3},
                {"type": "AC", "powerKw": 7, "connectors": 1, "count": 2}]}})");
  auto sc = parse_scenario(j);
  ASSERT_EQ(sc.stations.size(), 30u);
  EXPECT_EQ(sc.pile_count(), 150);
  EXPECT_EQ(sc.connector_count(), 30 * 8);
  EXPECT_EQ(sc.stations[0].piles[0].charge_point_id, "G-001-01");
  EXPECT_EQ(sc.stations[29].piles[4].charge_point_id, "G-030-05");
  EXPECT_FALSE(sc.stations[0].piles[4].dc);
  EXPECT_EQ(sc.stations[0].piles[4].connector_power_w, 7'000);
  // Stations lie within the spread (1 degree of latitude is ~111 km) and not on one spot.
  double min_lat = 90, max_lat = -90;
  for (const auto& s : sc.stations) {
    EXPECT_LT(std::abs(s.latitude - 31.230416), 10.0 / 111.0 + 1e-9);
    min_lat = std::min(min_lat, s.latitude);
    max_lat = std::max(max_lat, s.latitude);
  }
  EXPECT_GT(max_lat - min_lat, 0.05);
}

TEST(ScenarioTest, IdPrefixNumbersPilesOfOneSpec) {
  auto j = minimal();
  j["topology"]["stations"][0]["piles"] = json::parse(R"([{"idPrefix": "X", "count": 3}])");
  auto sc = parse_scenario(j);
  ASSERT_EQ(sc.stations[0].piles.size(), 3u);
  EXPECT_EQ(sc.stations[0].piles[2].charge_point_id, "X-03");
}

TEST(ScenarioTest, YkcPilesAreNamedByFourteenDigitPileCodes) {
  auto j = minimal();
  j["topology"]["stations"][0]["piles"] = json::parse(R"([
      {"id": "P-1"},
      {"id": "32010200000001", "protocol": "ykc1.6"},
      {"idPrefix": "320103", "count": 2, "protocol": "ykc1.6", "type": "AC", "connectors": 1},
      {"protocol": "ykc1.6", "count": 2}])");
  j["topology"]["generate"] =
      json::parse(R"({"stations": 2, "piles": [{"protocol": "ykc1.6"}, {"count": 1}]})");
  auto sc = parse_scenario(j);
  const auto& p = sc.stations[0].piles;
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[0].protocol, "ocpp1.6");
  EXPECT_EQ(p[1].charge_point_id, "32010200000001");
  EXPECT_EQ(p[1].protocol, "ykc1.6");
  // A prefix is filled up to 14 digits with the pile's number.
  EXPECT_EQ(p[2].charge_point_id, "32010300000001");
  EXPECT_EQ(p[3].charge_point_id, "32010300000002");
  EXPECT_FALSE(p[3].dc);
  // Without id or prefix: 1 + the station's number (9 digits) + the pile's (4 digits).
  EXPECT_EQ(p[4].charge_point_id, "10000000010005");
  EXPECT_EQ(p[5].charge_point_id, "10000000010006");
  // Generated stations: 2 + station + pile; their OCPP piles keep the usual names.
  ASSERT_EQ(sc.stations.size(), 3u);
  EXPECT_EQ(sc.stations[2].piles[0].charge_point_id, "20000000020001");
  EXPECT_EQ(sc.stations[2].piles[1].charge_point_id, "GEN-002-02");
  EXPECT_TRUE(sc.has_protocol("ykc1.6"));
  EXPECT_FALSE(parse_scenario(minimal()).has_protocol("ykc1.6"));
}

TEST(ScenarioTest, YkcPileCodesAndTheirTimeZoneAreChecked) {
  auto pile = [](const char* spec) {
    auto j = minimal();
    j["topology"]["stations"][0]["piles"] = json::array({json::parse(spec)});
    return j;
  };
  EXPECT_EQ(error_of(pile(R"({"id": "3201020000001", "protocol": "ykc1.6"})")),
            "topology.stations[0].piles[0].id: a ykc1.6 pile code is 14 digits");
  EXPECT_EQ(error_of(pile(R"({"id": "P-1", "protocol": "ykc1.6"})")),
            "topology.stations[0].piles[0].id: a ykc1.6 pile code is 14 digits");
  EXPECT_EQ(error_of(pile(R"({"idPrefix": "YKC", "count": 2, "protocol": "ykc1.6"})")),
            "topology.stations[0].piles[0].idPrefix: a ykc1.6 pile code prefix is 1..12 digits");
  EXPECT_EQ(error_of(pile(R"({"idPrefix": "320102000000", "count": 100, "protocol": "ykc1.6"})")),
            "topology.stations[0].piles[0].count: too many piles for the prefix");
  EXPECT_EQ(error_of(pile(R"({"id": "P-1", "protocol": "ocpp2.0.1"})")),
            "topology.stations[0].piles[0].protocol: must be \"ocpp1.6\" or \"ykc1.6\"");
  auto j = pile(R"({"id": "32010200000001", "protocol": "ykc1.6"})");
  j["topology"]["stations"][0]["utcOffsetMinutes"] = 60;
  EXPECT_NE(error_of(j).find("China Standard Time"), std::string::npos) << error_of(j);
}

TEST(ScenarioTest, DurationsTakeUnitsOrSeconds) {
  EXPECT_EQ(parse_duration("90s", "d"), 90'000);
  EXPECT_EQ(parse_duration("15m", "d"), 900'000);
  EXPECT_EQ(parse_duration("1.5h", "d"), 5'400'000);
  EXPECT_EQ(parse_duration("1d", "d"), 86'400'000);
  EXPECT_EQ(parse_duration(30, "d"), 30'000);
  EXPECT_THROW(parse_duration("10x", "d"), ScenarioError);
  EXPECT_THROW(parse_duration("m", "d"), ScenarioError);
  EXPECT_THROW(parse_duration("-5m", "d"), ScenarioError);
}

TEST(ScenarioTest, MistakesNameTheirField) {
  auto j = minimal();
  j["durration"] = "1h";
  EXPECT_EQ(error_of(j), "durration: unknown field");

  j = minimal();
  j.erase("duration");
  EXPECT_EQ(error_of(j), "duration: is required");

  j = minimal();
  j["topology"]["stations"][0]["piles"][0]["type"] = "AD";
  EXPECT_EQ(error_of(j), "topology.stations[0].piles[0].type: must be \"AC\" or \"DC\"");

  j = minimal();
  j["faults"] = json::parse(R"([{"kind": "reboot", "at": ["5m"]}, {"kind": "meteor"}])");
  EXPECT_EQ(error_of(j), "faults[1].kind: unknown kind \"meteor\"");

  j = minimal();
  j["faults"] = json::parse(R"([{"kind": "reboot"}])");
  EXPECT_EQ(error_of(j), "faults[0]: needs \"at\" or \"ratePerChargerPerDay\"");

  j = minimal();
  j["population"] = json::parse(R"({"vehicleMix": {"tractor": 1}})");
  EXPECT_EQ(error_of(j), "population.vehicleMix.tractor: unknown vehicle preset");

  j = minimal();
  j["demand"] = json::parse(R"({"hourlyProfile": [1, 2]})");
  EXPECT_EQ(error_of(j), "demand.hourlyProfile: must be 24 numbers");

  j = minimal();
  j["population"] = json::parse(R"({"targetSocPct": [90, 80]})");
  EXPECT_NE(error_of(j).find("population.targetSocPct"), std::string::npos);

  j = minimal();
  j["topology"]["stations"][0]["piles"] = json::parse(R"([{"id": "D"}, {"id": "D"}])");
  EXPECT_EQ(error_of(j), "topology: chargePointId D appears twice");
}

TEST(ScenarioTest, WhatTheCsmsWouldRefuseIsRefusedHere) {
  auto j = minimal();
  j["topology"]["stations"][0]["piles"][0]["id"] = "P 1";
  EXPECT_EQ(error_of(j), "topology: chargePointId P 1 may only use A-Z a-z 0-9 . _ : -");

  j = minimal();
  j["topology"] = json::parse(R"({"generate": {"stations": 2, "idPrefix": ")" +
                              std::string(60, 'X') + R"(", "piles": [{"count": 1}]}})");
  EXPECT_NE(error_of(j).find("must be 1..64 characters"), std::string::npos) << error_of(j);

  j = minimal();
  j["topology"]["stations"].push_back(j["topology"]["stations"][0]);
  j["topology"]["stations"][1]["piles"][0]["id"] = "P-2";
  EXPECT_EQ(error_of(j), "topology: station name \"S\" appears twice");

  j = minimal();
  j["topology"]["stations"][0]["name"] = std::string(101, 'n');
  EXPECT_NE(error_of(j).find("must be 1..100 characters"), std::string::npos);
}

TEST(ScenarioTest, DurationsAreLiteralDecimals) {
  for (const char* bad : {"1e3s", "infh", "nanh", " 2h", "+2h", ".5h", "2..5h"}) {
    EXPECT_THROW(parse_duration(bad, "d"), ScenarioError) << bad;
  }
  EXPECT_EQ(parse_duration("0.5h", "d"), 1'800'000);
}

TEST(ScenarioTest, ExpectationParametersAreCheckedBeforeARun) {
  auto with = [](const char* expectations) {
    auto j = minimal();
    j["expectations"] = json::parse(expectations);
    try {
      validate_expectations(parse_scenario(j));
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(with(R"([{"check": "min_sessions", "min": 3}])"), "");
  EXPECT_EQ(with(R"([{"check": "min_sessions", "mni": 3}])"),
            "expectations[0].mni: min_sessions takes no such parameter");
  EXPECT_EQ(with(R"([{"check": "min_sessions", "min": "3"}])"),
            "expectations[0].min: must be an integer >= 0");
  EXPECT_EQ(with(R"(["settled", {"check": "no_unexpected_call_errors", "max": -1}])"),
            "expectations[1].max: must be an integer >= 0");
  EXPECT_EQ(with(R"([{"check": "settled", "min": 1}])"),
            "expectations[0].min: settled takes no such parameter");
}

TEST(ScenarioTest, UnknownExpectationIsRefusedBeforeARun) {
  auto j = minimal();
  j["expectations"] = json::parse(R"(["settled", {"check": "everything_fine"}])");
  auto sc = parse_scenario(j);
  ASSERT_EQ(sc.expectations.size(), 2u);
  try {
    validate_expectations(sc);
    FAIL() << "accepted an unknown check";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "expectations[1]: unknown check \"everything_fine\"");
  }
}

TEST(ScenarioTest, ExpectationParametersAreKept) {
  auto j = minimal();
  j["expectations"] = json::parse(R"([{"check": "min_sessions", "min": 42}])");
  auto sc = parse_scenario(j);
  EXPECT_EQ(sc.expectations[0].check, "min_sessions");
  EXPECT_EQ(sc.expectations[0].params.value("min", 0), 42);
}

}  // namespace
}  // namespace ct::sim
