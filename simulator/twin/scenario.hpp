// A scenario: the world a run simulates (topology, drivers and their vehicles, demand,
// faults), how long, and what must hold at the end. Read from scenarios/*.json; the
// format is documented in docs/scenarios.md and scenarios/scenario.schema.json.
// Parsing expands generated topologies into explicit stations, so everything after the
// parser sees one shape.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "simulator/charger_transport.hpp"

namespace ct::sim {

struct PileSpec {
  std::string charge_point_id;
  std::string protocol = "ocpp1.6";
  bool dc = true;
  std::int64_t connector_power_w = 60'000;
  int connectors = 2;
};

struct StationSpec {
  std::string name;
  double latitude = 31.230416;
  double longitude = 121.473701;
  std::string time_zone = "Asia/Shanghai";
  int utc_offset_minutes = 480;  // used for the local-time demand profile
  std::vector<PileSpec> piles;
};

struct Range {
  double min = 0;
  double max = 0;
};

struct Population {
  int drivers = 100;                          // id tags DRV00001..
  std::map<std::string, double> vehicle_mix;  // preset -> weight
  double remote_start_share = 0.3;            // start from the app (server command API)
  double app_stop_share = 0.2;                // stop from the app
  double idle_share = 0.2;                    // leave the car parked after charging
  double regular_share = 0;  // arrivals by drivers whose home station this is (driver i's
                             // home is station i mod stations)
  Range idle_minutes{10, 45};
  Range arrival_soc_pct{10, 50};
  Range target_soc_pct{70, 95};
  Range budget_minutes{30, 180};
};

struct Demand {
  double sessions_per_connector_per_day = 4;
  std::array<double, 24> hourly_profile{};  // relative weights by local hour
};

// One line of the fault plan: either at fixed times or at a rate.
struct FaultSpec {
  std::string kind;  // connection_drop, offline, reboot, power_cut, connector_fault,
                     // meter_glitch, clock_skew, frame_loss, frame_duplicate, slow_responses
  std::vector<Millis> at_ms;  // offsets from the start
  double rate_per_charger_per_day = 0;
  double share = 1.0;                 // fraction of chargers hit (at-times faults, skew)
  Millis duration_ms = 0;             // offline, reboot, power_cut, connector_fault
  double probability = 0;             // frame_loss, frame_duplicate
  Millis delay_ms = 0;                // slow_responses
  Millis skew_ms = 0;                 // clock_skew
  Millis from_ms = 0, until_ms = -1;  // wire faults' window (-1: the whole run)
};

struct Expectation {
  std::string check;  // see expectations.hpp for the list
  nlohmann::json params = nlohmann::json::object();
};

struct Scenario {
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  Millis start_ms = 0;              // UTC
  Millis duration_ms = 0;           // demand and faults run this long
  Millis drain_ms = 4 * 3'600'000;  // then no new arrivals until all sessions end (bounded)
  Millis step_ms = 1'000;
  int heartbeat_interval_s = 300;
  int meter_value_sample_interval_s = 60;
  std::vector<StationSpec> stations;
  Population population;
  Demand demand;
  std::vector<FaultSpec> faults;
  std::vector<Expectation> expectations;
  // The tariff version every station is priced with (the body of POST
  // /api/v1/tariffs/{id}/versions, docs/api.md); empty: the built-in time-of-use tariff.
  nlohmann::json tariff = nlohmann::json::object();

  int pile_count() const;
  bool has_protocol(const std::string& protocol) const;
  int connector_count() const;
};

struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The id tag of driver `index` (1-based): DRV00001.
std::string driver_id_tag(int index);
// The same driver's card as a YKC pile reads it: the card's 8 bytes as 16 hex digits
// (DA00000000000001); provisioned beside driver_id_tag when the scenario has YKC piles.
std::string driver_card_tag(int index);

// Throws ScenarioError naming the offending field (e.g. "faults[2].kind: unknown kind").
Scenario parse_scenario(const nlohmann::json& j);
Scenario load_scenario(const std::string& path);

// "90s", "15m", "2h", "1d" or a number of seconds.
Millis parse_duration(const nlohmann::json& v, const std::string& field);

}  // namespace ct::sim
