#include "simulator/twin/scenario_runner.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "server/core/clock.hpp"
#include "server/core/log.hpp"
#include "server/core/secrets.hpp"
#include "server/node/csms_core.hpp"
#include "simulator/csms_api.hpp"
#include "simulator/twin/in_process_api.hpp"
#include "simulator/twin/in_process_link.hpp"
#include "simulator/twin/provisioning.hpp"
#include "simulator/ws_transport.hpp"

namespace ct::sim {

using nlohmann::json;

namespace {

using WallClock = std::chrono::steady_clock;

// The run's event log: every frame on every link, in order, hashed as it goes (FNV-1a 64)
// and optionally written out.
class EventLog {
 public:
  explicit EventLog(const std::string& path) {
    if (!path.empty()) {
      file_.open(path, std::ios::trunc);
      if (!file_) throw ScenarioError(path + ": cannot write the event log");
    }
  }
  void record(Millis now, std::string_view cpid, bool outbound, std::string_view frame) {
    line_.clear();
    line_ += std::to_string(now);
    line_ += ' ';
    line_ += cpid;
    line_ += outbound ? " > " : " < ";
    line_ += frame;
    line_ += '\n';
    for (unsigned char c : line_) {
      hash_ ^= c;
      hash_ *= 0x100000001B3ULL;
    }
    ++frames_;
    if (file_.is_open()) file_ << line_;
  }
  std::string hash_hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_));
    return buf;
  }
  std::int64_t frames() const { return frames_; }

 private:
  std::ofstream file_;
  std::string line_;
  std::uint64_t hash_ = 0xCBF29CE484222325ULL;
  std::int64_t frames_ = 0;
};

// Drives a world from start to settled, pacing it to the wall clock when asked.
struct Loop {
  World& world;
  const RunOptions& options;
  Millis start = 0;
  Millis duration = 0;
  Millis drain = 0;
  Millis step = 1'000;
  std::function<void(Millis)> set_time;  // in-process: moves the manual clock
  std::function<Millis()> now;           // network: the paced clock
  std::function<void()> after_step;      // in-process: the server's background work

  // Returns the virtual time at which the run ended and whether it settled.
  std::pair<Millis, bool> run() {
    auto wall0 = WallClock::now();
    auto last_progress = wall0;
    world.start(start);
    Millis t = start;
    bool settled = false;
    bool draining = false;
    Millis last_settle_check = t;
    while (true) {
      t += step;
      if (!draining && t >= start + duration) {
        draining = true;
        world.set_demand(false);
      }
      if (options.speed > 0) {
        auto due = wall0 + std::chrono::microseconds(static_cast<std::int64_t>(
                               static_cast<double>(t - start) * 1000.0 / options.speed));
        std::this_thread::sleep_until(due);
      }
      if (set_time) set_time(t);
      world.step(t);
      if (after_step) after_step();
      if (draining && t - last_settle_check >= 5'000) {
        last_settle_check = t;
        if (world.settled()) {
          settled = true;
          break;
        }
        if (t >= start + duration + drain) break;
      }
      auto wall = WallClock::now();
      if (options.on_progress &&
          wall - last_progress >= std::chrono::milliseconds(options.progress_every_ms)) {
        last_progress = wall;
        options.on_progress({t - start, duration, draining, world.stats()});
      }
    }
    if (options.on_progress) options.on_progress({t - start, duration, true, world.stats()});
    return {t, settled};
  }
};

void fill_report(RunReport& r, const Scenario& sc, const RunOptions& o, std::uint64_t seed,
                 Millis duration) {
  r.scenario = sc.name;
  r.mode = o.mode == RunOptions::Mode::InProcess ? "in-process" : "network";
  r.seed = seed;
  r.speed = o.speed;
  r.start_ms = sc.start_ms;
  r.duration_ms = duration;
}

RunReport run_in_process(const Scenario& sc, const RunOptions& o, std::uint64_t seed,
                         Millis duration) {
  RunReport report;
  fill_report(report, sc, o, seed, duration);
  auto wall0 = WallClock::now();

  // A real SQLite file, as a deployment has; a temporary one unless asked to keep it.
  std::filesystem::path db = o.db_path;
  std::optional<std::filesystem::path> temp_dir;
  if (db.empty()) {
    auto dir = std::filesystem::temp_directory_path() /
               ("chargetwin-twin-" + core::random_token("").substr(0, 16));
    std::filesystem::create_directories(dir);
    temp_dir = dir;
    db = dir / "twin.db";
  }
  struct Cleanup {
    std::optional<std::filesystem::path> dir;
    ~Cleanup() {
      std::error_code ec;
      if (dir) std::filesystem::remove_all(*dir, ec);
    }
  } cleanup{temp_dir};

  core::ManualClock clock(sc.start_ms);
  node::CoreConfig cfg;
  cfg.db_path = db.string();
  cfg.charge_point.heartbeat_interval_s = sc.heartbeat_interval_s;
  std::string platform_token = core::random_token("ctp_");
  cfg.bootstrap_token = platform_token;
  {
    node::CsmsCore core(cfg, clock);
    auto api = in_process_csms_api(core);
    auto accounts = provision_scenario(api, platform_token, sc);
    // A kept --db may hold an earlier run's transactions: not this run's business.
    std::set<std::int64_t> earlier;
    for (const auto& t : api.list("/api/v1/transactions", accounts.tenant_token))
      earlier.insert(t["id"].get<std::int64_t>());
    InProcessCsms csms(core, gateway::RpcConfig{}, seed);

    WorldLinks links;
    links.transport = [&](const std::string& cpid) { return csms.link(cpid); };
    links.ykc_transport = [&](const std::string& code) { return csms.ykc_link(code); };
    links.api = &api;
    links.tenant_token = accounts.tenant_token;
    links.pile_ids = accounts.pile_ids;
    links.wire = &csms.faults();
    World world(sc, seed, std::move(links));
    EventLog log(o.event_log_path);
    world.set_frame_observer([&](Millis now, std::string_view cpid, bool out, std::string_view f) {
      log.record(now, cpid, out, f);
    });

    Loop loop{world, o, sc.start_ms, duration, sc.drain_ms, sc.step_ms, {}, {}, {}};
    loop.set_time = [&](Millis t) { clock.set(t); };
    // Queued order events and due payment notifications, at the same point of every step
    // (the node's worker thread does this on a timer).
    loop.after_step = [&] { core.run_background(); };
    auto [end, settled] = loop.run();
    report.simulated_ms = end - sc.start_ms;
    report.settled = settled;
    // Judged while every link is still up, as the CSMS sees it now.
    report.expectations =
        check_expectations(sc, {world, &api, accounts.tenant_token, settled, earlier});
    report.stats = world.stats();
    report.warnings = world.warnings();
    world.shut_down(end);
    report.log_hash = log.hash_hex();
    report.frames = log.frames();
  }
  report.wall_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(WallClock::now() - wall0).count();
  return report;
}

struct WsTarget {
  std::string host;
  std::uint16_t port = 80;
  std::string path;
};

// ws://host[:port][/path]
WsTarget parse_target(const std::string& url) {
  const std::string scheme = "ws://";
  if (url.rfind(scheme, 0) != 0) throw ScenarioError("--target must be ws://HOST:PORT/PATH");
  auto rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  WsTarget t;
  t.path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!t.path.empty() && t.path.back() == '/') t.path.pop_back();
  auto colon = authority.rfind(':');
  t.host = authority.substr(0, colon);
  if (colon != std::string::npos) {
    try {
      int p = std::stoi(authority.substr(colon + 1));
      if (p <= 0 || p > 65535) throw std::out_of_range("port");
      t.port = static_cast<std::uint16_t>(p);
    } catch (const std::exception&) {
      throw ScenarioError("--target: bad port in " + url);
    }
  }
  if (t.host.empty()) throw ScenarioError("--target: no host in " + url);
  return t;
}

// host:port, optionally as tcp://host:port
WsTarget parse_ykc_target(const std::string& spec) {
  auto rest = spec.rfind("tcp://", 0) == 0 ? spec.substr(6) : spec;
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  const auto colon = rest.rfind(':');
  WsTarget t;
  t.host = rest.substr(0, colon);
  if (colon == std::string::npos || t.host.empty())
    throw ScenarioError("--ykc-target must be HOST:PORT (the server's --ykc-listen), got " + spec);
  try {
    std::size_t used = 0;
    int p = std::stoi(rest.substr(colon + 1), &used);
    if (used != rest.size() - colon - 1 || p <= 0 || p > 65535) throw std::out_of_range("port");
    t.port = static_cast<std::uint16_t>(p);
  } catch (const std::exception&) {
    throw ScenarioError("--ykc-target: bad port in " + spec);
  }
  return t;
}

RunReport run_network(const Scenario& sc, const RunOptions& o, std::uint64_t seed,
                      Millis duration) {
  RunReport report;
  fill_report(report, sc, o, seed, duration);
  auto wall0 = WallClock::now();
  auto target = parse_target(o.target);

  WsLinkPoolConfig pool_cfg;
  pool_cfg.host = target.host;
  pool_cfg.port = target.port;
  pool_cfg.path = target.path;
  pool_cfg.source_addresses = o.source_addresses;
  WsLinkPool pool(pool_cfg);
  pool.start();
  // YKC piles dial the gateway's TCP port, from the same source addresses.
  std::optional<WsLinkPool> ykc_pool;
  if (!o.ykc_target.empty()) {
    auto ykc = parse_ykc_target(o.ykc_target);
    WsLinkPoolConfig ykc_cfg;
    ykc_cfg.framing = LinkFraming::RawTcp;
    ykc_cfg.host = ykc.host;
    ykc_cfg.port = ykc.port;
    ykc_cfg.source_addresses = o.source_addresses;
    ykc_pool.emplace(ykc_cfg);
    ykc_pool->start();
  }

  // A ChargeTwin server (given its platform token) is provisioned and judged through its
  // API; any other CSMS is driven all the same and judged on the chargers' side only.
  std::optional<CsmsApi> api;
  ScenarioAccounts accounts;
  std::set<std::int64_t> earlier;
  if (!o.platform_token.empty()) {
    api = http_csms_api(target.host, target.port);
    accounts = provision_scenario(*api, o.platform_token, sc);
    for (const auto& t : api->list("/api/v1/transactions", accounts.tenant_token))
      earlier.insert(t["id"].get<std::int64_t>());
  }

  WorldLinks links;
  std::size_t tag = 0;
  links.transport = [&](const std::string& cpid) { return pool.make_link(cpid, tag++); };
  if (ykc_pool) {
    links.ykc_transport = [&](const std::string& code) { return ykc_pool->make_link(code, tag++); };
  }
  links.api = api ? &*api : nullptr;
  links.tenant_token = accounts.tenant_token;
  links.pile_ids = accounts.pile_ids;
  World world(sc, seed, std::move(links));
  EventLog log(o.event_log_path);
  world.set_frame_observer([&](Millis now, std::string_view cpid, bool out, std::string_view f) {
    log.record(now, cpid, out, f);
  });

  // Real servers check timestamps against their own clock: the run starts now.
  Millis start = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  report.start_ms = start;
  RunOptions paced = o;
  if (paced.speed <= 0) paced.speed = 1.0;
  Loop loop{world, paced, start, duration, sc.drain_ms, sc.step_ms, {}, {}, {}};
  auto [end, settled] = loop.run();
  report.simulated_ms = end - start;
  report.settled = settled;
  report.expectations = check_expectations(
      sc, {world, api ? &*api : nullptr, accounts.tenant_token, settled, earlier, paced.speed});
  report.stats = world.stats();
  report.warnings = world.warnings();
  if (!api) {
    report.warnings.push_back(
        "no --platform-token: the scenario was not provisioned and checks that need the "
        "CSMS's records were not made");
  }
  world.shut_down(end);
  pool.drain(WallClock::now() + std::chrono::seconds(5));
  pool.stop();
  if (ykc_pool) {
    ykc_pool->drain(WallClock::now() + std::chrono::seconds(5));
    ykc_pool->stop();
  }
  report.log_hash = log.hash_hex();
  report.frames = log.frames();
  report.wall_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(WallClock::now() - wall0).count();
  return report;
}

}  // namespace

bool RunReport::passed() const {
  for (const auto& e : expectations) {
    if (!e.passed && !e.skipped) return false;
  }
  return true;
}

RunReport run_scenario(const Scenario& sc, const RunOptions& o) {
  validate_expectations(sc);
  std::uint64_t seed = o.seed.value_or(sc.seed);
  Millis duration = o.duration_ms.value_or(sc.duration_ms);
  if (o.mode == RunOptions::Mode::InProcess) return run_in_process(sc, o, seed, duration);
  return run_network(sc, o, seed, duration);
}

json to_json(const RunReport& r) {
  json faults = json::object();
  for (const auto& [k, v] : r.stats.faults) faults[k] = v;
  json protocols = json::object();
  for (const auto& [k, v] : r.stats.by_protocol)
    protocols[k] = {{"chargers", v.chargers},
                    {"sessionsStopped", v.sessions_stopped},
                    {"energyWh", v.energy_wh},
                    {"recordsAfterLogin", v.records_after_login}};
  json checks = json::array();
  for (const auto& e : r.expectations)
    checks.push_back(
        {{"check", e.check}, {"passed", e.passed}, {"skipped", e.skipped}, {"detail", e.detail}});
  const auto& s = r.stats;
  return {{"scenario", r.scenario},
          {"mode", r.mode},
          {"seed", r.seed},
          {"speed", r.speed},
          {"start", core::format_utc(r.start_ms)},
          {"durationMs", r.duration_ms},
          {"simulatedMs", r.simulated_ms},
          {"wallMs", r.wall_ms},
          {"settled", r.settled},
          {"eventLogHash", r.log_hash},
          {"frames", r.frames},
          {"passed", r.passed()},
          {"stats",
           {{"chargers", s.chargers},
            {"connectors", s.connectors},
            {"linksUp", s.links_up},
            {"arrivals", s.arrivals},
            {"turnedAway", s.turned_away},
            {"sessionsStarted", s.sessions_started},
            {"sessionsStopped", s.sessions_stopped},
            {"sessionsStartedOffline", s.sessions_started_offline},
            {"energyWh", s.energy_wh},
            {"remoteStartsRequested", s.remote_starts_requested},
            {"remoteStopsRequested", s.remote_stops_requested},
            {"driverRequestsRefused", s.driver_requests_refused},
            {"callErrorsFromCsms", s.call_errors_received},
            {"callErrorsFromChargers", s.call_errors_sent},
            {"forbiddenTransitions", s.forbidden_transitions},
            {"connectionFailures", s.connection_failures},
            {"faults", faults},
            {"byProtocol", protocols}}},
          {"expectations", checks},
          {"warnings", r.warnings}};
}

std::string summary_text(const RunReport& r) {
  const auto& s = r.stats;
  std::ostringstream os;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "scenario %s (%s, seed %llu): %.1f simulated hours in %.1f s\n"
                "  %d chargers, %d connectors; %lld arrivals (%lld turned away), "
                "%lld sessions started (%lld offline), %lld completed, %.1f kWh\n"
                "  remote starts %lld, app stops %lld (%lld refused); CALLERRORs %lld from the "
                "CSMS, %lld from chargers; %lld connection failures\n",
                r.scenario.c_str(), r.mode.c_str(), static_cast<unsigned long long>(r.seed),
                static_cast<double>(r.simulated_ms) / 3.6e6, static_cast<double>(r.wall_ms) / 1e3,
                s.chargers, s.connectors, static_cast<long long>(s.arrivals),
                static_cast<long long>(s.turned_away), static_cast<long long>(s.sessions_started),
                static_cast<long long>(s.sessions_started_offline),
                static_cast<long long>(s.sessions_stopped), static_cast<double>(s.energy_wh) / 1e3,
                static_cast<long long>(s.remote_starts_requested),
                static_cast<long long>(s.remote_stops_requested),
                static_cast<long long>(s.driver_requests_refused),
                static_cast<long long>(s.call_errors_received),
                static_cast<long long>(s.call_errors_sent),
                static_cast<long long>(s.connection_failures));
  os << buf;
  if (s.by_protocol.size() > 1 || s.by_protocol.count("ykc1.6")) {
    os << "  by protocol:";
    const char* sep = " ";
    for (const auto& [k, v] : s.by_protocol) {
      std::snprintf(buf, sizeof buf, "%s%s %d piles, %lld sessions, %.1f kWh", sep, k.c_str(),
                    v.chargers, static_cast<long long>(v.sessions_stopped),
                    static_cast<double>(v.energy_wh) / 1e3);
      os << buf;
      if (v.records_after_login > 0)
        os << " (" << v.records_after_login << " bills uploaded after a re-login)";
      sep = "; ";
    }
    os << '\n';
  }
  if (!s.faults.empty()) {
    os << "  faults:";
    for (const auto& [k, v] : s.faults) os << ' ' << k << '=' << v;
    os << '\n';
  }
  os << "  event log: " << r.frames << " frames, hash " << r.log_hash << '\n';
  for (const auto& w : r.warnings) os << "  warning: " << w << '\n';
  for (const auto& e : r.expectations)
    os << "  "
       << (e.passed    ? "PASS "
           : e.skipped ? "SKIP "
                       : "FAIL ")
       << e.check << ": " << e.detail << '\n';
  os << (r.passed() ? "PASSED" : "FAILED") << '\n';
  return os.str();
}

}  // namespace ct::sim
