// `chargetwin scenario run|check`: runs a scenario file in-process (the real server core
// on a virtual clock) or against a CSMS at a ws:// URL, with a progress bar, a summary,
// a JSON report, and an exit code that says whether every expectation held.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace ct::sim {
struct RunProgress;
}

namespace ct::app {

void add_scenario_command(CLI::App& app);

// One progress line: bar, simulated time, sessions, energy, errors (exposed for tests).
std::string format_progress(const sim::RunProgress& p, int width);

}  // namespace ct::app
