// Runs a scenario end to end: provisions it in the CSMS, runs the world for its duration
// (demand and faults), drains (no new drivers until every session has ended and every
// charger is back), checks the expectations and reports.
//  * in-process: the real server core (CsmsCore on a SQLite file) on a manual clock,
//    chargers on in-memory links; as fast as the machine goes, or paced with `speed`.
//    Deterministic: same scenario and seed -> same event log hash.
//  * network: chargers on WebSockets to any OCPP 1.6J CSMS at a ws:// URL, on a clock
//    running `speed` times faster than the wall clock. With the platform token of a
//    ChargeTwin server the run is provisioned and judged through its REST API.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "simulator/twin/expectations.hpp"
#include "simulator/twin/scenario.hpp"
#include "simulator/twin/world.hpp"

namespace ct::sim {

struct RunProgress {
  Millis simulated_ms = 0;  // since the start
  Millis duration_ms = 0;   // the scenario's duration (draining comes after)
  bool draining = false;
  WorldStats stats;
};

struct RunOptions {
  enum class Mode { InProcess, Network };
  Mode mode = Mode::InProcess;
  std::string target;                 // network: ws://host:port/path (chargers at {path}/{id})
  std::string ykc_target;             // network: host:port of the YKC gateway (ykc1.6 piles)
  std::string platform_token;         // network: for provisioning and the CSMS-side checks
  std::optional<std::uint64_t> seed;  // overrides the scenario's
  std::optional<Millis> duration_ms;  // overrides the scenario's (e.g. a short CI run)
  double speed = 0;     // virtual seconds per wall second; 0: as fast as possible (in-process)
  std::string db_path;  // in-process: SQLite file; empty: a temporary one
  std::string event_log_path;                 // every frame as a line, for diffing two runs
  std::vector<std::string> source_addresses;  // network: local addresses to spread over
  std::function<void(const RunProgress&)> on_progress;  // called every ~`progress_every_ms`
  Millis progress_every_ms = 250;                       // of wall time
};

struct RunReport {
  std::string scenario;
  std::string mode;  // "in-process" or "network"
  std::uint64_t seed = 0;
  double speed = 0;
  Millis start_ms = 0;
  Millis duration_ms = 0;
  Millis simulated_ms = 0;  // duration + drain actually used
  Millis wall_ms = 0;
  bool settled = false;
  std::string log_hash;  // FNV-1a 64 of the event log, hex
  std::int64_t frames = 0;
  WorldStats stats;
  std::vector<ExpectationResult> expectations;
  std::vector<std::string> warnings;

  bool passed() const;
};

// Throws ScenarioError / ApiError when the run cannot be set up.
RunReport run_scenario(const Scenario& scenario, const RunOptions& options);

nlohmann::json to_json(const RunReport& report);
// The summary for people: totals, then one line per expectation.
std::string summary_text(const RunReport& report);

}  // namespace ct::sim
