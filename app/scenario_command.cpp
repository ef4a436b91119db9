#include "app/scenario_command.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "server/core/log.hpp"
#include "simulator/csms_api.hpp"
#include "simulator/twin/scenario_runner.hpp"

namespace ct::app {

namespace {

struct ScenarioOptions {
  std::string file;
  bool in_process = false;
  std::string target;
  std::string ykc_target;
  std::string platform_token;
  std::uint64_t seed = 0;
  bool seed_given = false;
  double speed = -1;
  std::string duration;
  std::string report;
  std::string event_log;
  std::string db;
  std::string source_addresses;
  bool quiet = false;
  std::string log_level = "warn";
  std::string log_format = "text";
};

std::string clock_text(sim::Millis ms) {
  char buf[32];
  auto minutes = ms / 60'000;
  std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(minutes / 60),
                static_cast<long long>(minutes % 60));
  return buf;
}

std::vector<std::string> split_addresses(const std::string& s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    auto comma = s.find(',', pos);
    auto part = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

int run(const ScenarioOptions& o) {
  log::init(o.log_level, o.log_format);
  sim::Scenario sc;
  try {
    sc = sim::load_scenario(o.file);
  } catch (const sim::ScenarioError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  sim::RunOptions run;
  if (!o.target.empty() && o.in_process) {
    std::fprintf(stderr, "error: --in-process and --target exclude each other\n");
    return 2;
  }
  if (!o.ykc_target.empty() && o.target.empty()) {
    std::fprintf(stderr,
                 "error: --ykc-target needs --target too (the OCPP endpoint, whose host:port "
                 "serves the API)\n");
    return 2;
  }
  if (!o.target.empty()) {
    run.mode = sim::RunOptions::Mode::Network;
    run.target = o.target;
    run.ykc_target = o.ykc_target;
    run.platform_token = o.platform_token;
    run.speed = o.speed > 0 ? o.speed : 1.0;
  } else {
    run.speed = o.speed > 0 ? o.speed : 0.0;
  }
  if (o.seed_given) run.seed = o.seed;
  if (!o.duration.empty()) {
    try {
      run.duration_ms = sim::parse_duration(nlohmann::json(o.duration), "--duration");
    } catch (const sim::ScenarioError& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      return 2;
    }
  }
  run.db_path = o.db;
  run.event_log_path = o.event_log;
  run.source_addresses = split_addresses(o.source_addresses);
  bool tty = isatty(STDERR_FILENO) != 0;
  sim::Millis next_line = 0;
  if (!o.quiet) {
    run.on_progress = [&](const sim::RunProgress& p) {
      if (tty) {
        std::fprintf(stderr, "\r%s\033[K", format_progress(p, 24).c_str());
      } else if (p.simulated_ms >= next_line) {
        // Logs and CI: a line per tenth of the run instead of a redrawn bar.
        std::fprintf(stderr, "%s\n", format_progress(p, 24).c_str());
        next_line = p.simulated_ms + std::max<sim::Millis>(p.duration_ms / 10, 60'000);
      }
    };
  }
  sim::RunReport report;
  try {
    report = sim::run_scenario(sc, run);
  } catch (const std::exception& e) {
    if (tty && !o.quiet) std::fprintf(stderr, "\n");
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  if (tty && !o.quiet) std::fprintf(stderr, "\n");
  std::string report_path = o.report.empty() ? sc.name + ".report.json" : o.report;
  {
    std::ofstream out(report_path, std::ios::trunc);
    out << sim::to_json(report).dump(2) << '\n';
    if (!out) {
      std::fprintf(stderr, "error: cannot write the report to %s\n", report_path.c_str());
      return 2;
    }
  }
  std::cout << sim::summary_text(report) << "report: " << report_path << '\n';
  return report.passed() ? 0 : 1;
}

}  // namespace

std::string format_progress(const sim::RunProgress& p, int width) {
  double frac = p.duration_ms > 0
                    ? static_cast<double>(p.simulated_ms) / static_cast<double>(p.duration_ms)
                    : 1.0;
  int filled = static_cast<int>(std::min(1.0, frac) * width);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '-');
  const auto& s = p.stats;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "[%s] %s/%s sim | online %d/%d | sessions %lld (%lld done) | %.1f kWh | "
                "errors %lld%s",
                bar.c_str(), clock_text(p.simulated_ms).c_str(), clock_text(p.duration_ms).c_str(),
                s.links_up, s.chargers, static_cast<long long>(s.sessions_started),
                static_cast<long long>(s.sessions_stopped), static_cast<double>(s.energy_wh) / 1e3,
                static_cast<long long>(s.call_errors_received + s.call_errors_sent),
                p.draining ? " | draining" : "");
  return buf;
}

void add_scenario_command(CLI::App& app) {
  auto o = std::make_shared<ScenarioOptions>();
  auto* sc = app.add_subcommand("scenario", "Run digital-twin scenarios (scenarios/*.json)");
  sc->require_subcommand(1);

  auto* run_cmd = sc->add_subcommand("run", "Run a scenario and check its expectations");
  run_cmd->add_option("file", o->file, "Scenario file (JSON, see docs/scenarios.md)")->required();
  run_cmd->add_flag("--in-process", o->in_process,
                    "Run against the real server core in this process on a virtual clock "
                    "(the default)");
  run_cmd->add_option("--target", o->target,
                      "Run against the CSMS at this URL instead, e.g. ws://127.0.0.1:8080/ocpp");
  run_cmd->add_option("--ykc-target", o->ykc_target,
                      "Network mode: where ykc1.6 piles connect (the server's --ykc-listen), "
                      "e.g. 127.0.0.1:8767");
  run_cmd
      ->add_option("--platform-token", o->platform_token,
                   "Network mode: a ChargeTwin platform token, to provision the scenario and "
                   "check the CSMS's records")
      ->envname("CHARGETWIN_PLATFORM_TOKEN");
  run_cmd->add_option("--seed", o->seed, "Seed (overrides the scenario's)")
      ->each([o](const std::string&) { o->seed_given = true; });
  run_cmd
      ->add_option("--speed", o->speed,
                   "Virtual seconds per real second (default: as fast as possible in-process, "
                   "1 in network mode)")
      ->check(CLI::PositiveNumber);
  run_cmd->add_option("--duration", o->duration,
                      "Override the scenario's duration (e.g. 3h); the drain still follows");
  run_cmd->add_option("--report", o->report,
                      "Where to write the JSON report (default NAME.report.json)");
  run_cmd->add_option("--event-log", o->event_log, "Write every frame, in order, to this file");
  run_cmd->add_option("--db", o->db, "In-process: keep the server's SQLite database here");
  run_cmd->add_option("--source-addresses", o->source_addresses,
                      "Network mode: local addresses to connect from, comma-separated");
  run_cmd->add_flag("--quiet", o->quiet, "No progress output");
  run_cmd->add_option("--log-level", o->log_level, "Server and simulator log level")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  run_cmd->add_option("--log-format", o->log_format, "json or text")
      ->check(CLI::IsMember({"json", "text"}));
  run_cmd->callback([o] {
    int rc = run(*o);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });

  auto* check = sc->add_subcommand("check", "Validate scenario files without running them");
  auto files = std::make_shared<std::vector<std::string>>();
  check->add_option("files", *files, "Scenario files")->required();
  check->callback([files] {
    int bad = 0;
    for (const auto& f : *files) {
      if (f.ends_with(".schema.json")) continue;  // `scenario check scenarios/*.json`
      try {
        auto s = sim::load_scenario(f);
        sim::validate_expectations(s);
        std::printf("%s: ok (%s: %zu stations, %d piles, %d connectors)\n", f.c_str(),
                    s.name.c_str(), s.stations.size(), s.pile_count(), s.connector_count());
      } catch (const sim::ScenarioError& e) {
        std::printf("%s\n", e.what());
        ++bad;
      }
    }
    if (bad > 0) throw CLI::RuntimeError(1);
  });
}

}  // namespace ct::app
