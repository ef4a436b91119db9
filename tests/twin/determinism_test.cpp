// The in-process twin is deterministic: the same scenario and seed give the same event
// log, byte for byte, faults included; another seed gives another run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "simulator/twin/scenario_runner.hpp"

namespace ct::sim {
namespace {

Scenario faulty_scenario() {
  return parse_scenario(nlohmann::json::parse(R"({
    "name": "determinism", "start": "2026-03-01T06:00:00Z", "duration": "90m", "drain": "4h",
    "topology": {"generate": {"stations": 3, "idPrefix": "DET",
      "piles": [{"type": "DC", "powerKw": 90, "connectors": 2, "count": 2},
                {"type": "AC", "powerKw": 7, "connectors": 1, "count": 1},
                {"protocol": "ykc1.6", "type": "DC", "powerKw": 60, "connectors": 2}]}},
    "population": {"drivers": 60, "remoteStartShare": 0.4, "appStopShare": 0.3,
                   "budgetMinutes": [10, 60]},
    "demand": {"sessionsPerConnectorPerDay": 40, "profile": "flat"},
    "faults": [
      {"kind": "connection_drop", "ratePerChargerPerDay": 8},
      {"kind": "reboot", "at": ["30m"], "share": 0.5},
      {"kind": "power_cut", "at": ["50m"], "share": 0.3, "duration": "3m"},
      {"kind": "meter_glitch", "ratePerChargerPerDay": 10},
      {"kind": "connector_fault", "ratePerChargerPerDay": 4, "duration": "10m"},
      {"kind": "clock_skew", "share": 0.5, "skewMs": 45000},
      {"kind": "frame_loss", "probability": 0.01},
      {"kind": "frame_duplicate", "probability": 0.01},
      {"kind": "slow_responses", "delayMs": 2000, "from": "10m", "until": "20m"}
    ],
    "expectations": ["settled", "transactions_closed", "transactions_stored",
                     "energy_matches_register", "connectors_in_sync", "chargers_online",
                     "state_machine_respected", {"check": "min_sessions", "min": 5}]
  })"));
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Run {
  RunReport report;
  std::string log;
};

Run run_with(std::uint64_t seed, const std::string& tag) {
  auto dir = std::filesystem::temp_directory_path() /
             ("ct-determinism-" + std::to_string(::getpid()) + "-" + tag);
  std::filesystem::create_directories(dir);
  RunOptions o;
  o.seed = seed;
  o.event_log_path = (dir / "events.log").string();
  Run r{run_scenario(faulty_scenario(), o), slurp(dir / "events.log")};
  std::filesystem::remove_all(dir);
  return r;
}

TEST(DeterminismTest, SameSeedSameEventLogDifferentSeedDifferentLog) {
  auto a = run_with(42, "a");
  auto b = run_with(42, "b");
  auto c = run_with(43, "c");

  // The run did something worth comparing, faults included, and still held up.
  EXPECT_GT(a.report.stats.sessions_stopped, 5);
  EXPECT_GT(a.report.stats.faults.at("reboot"), 0);
  EXPECT_GT(a.report.stats.faults.at("connection_drop"), 0);
  EXPECT_TRUE(a.report.passed()) << summary_text(a.report);
  // Both protocols are in the log.
  EXPECT_GT(a.report.stats.by_protocol.at("ykc1.6").sessions_stopped, 0);
  EXPECT_GT(a.report.stats.by_protocol.at("ocpp1.6").sessions_stopped, 0);

  EXPECT_EQ(a.report.log_hash, b.report.log_hash);
  EXPECT_EQ(a.report.frames, b.report.frames);
  EXPECT_EQ(a.log, b.log);  // byte for byte, not only the hash
  EXPECT_EQ(a.report.stats.energy_wh, b.report.stats.energy_wh);
  EXPECT_EQ(std::count(a.log.begin(), a.log.end(), '\n'), a.report.frames);

  EXPECT_NE(a.report.log_hash, c.report.log_hash);
  EXPECT_NE(a.log, c.log);
}

}  // namespace
}  // namespace ct::sim
