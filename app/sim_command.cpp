#include "app/sim_command.hpp"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include "server/core/log.hpp"
#include "simulator/fleet.hpp"
#include "simulator/provision.hpp"

namespace ct::app {
namespace {

struct SimOptions {
  std::string target = "ws://127.0.0.1:8080/ocpp";
  int chargers = 10;
  std::uint64_t seed = 1;
  double speed = 1.0;
  double duration_s = 0;  // 0 = until Ctrl+C
  std::string provision_token;
  std::string api;
  double mean_interarrival_s = 1800;
  int threads = 1;
  int status_every_s = 5;
  std::string log_level = "warn";
  std::string log_format = "text";
};

struct Url {
  std::string scheme, host, path;
  std::uint16_t port = 0;
};

// scheme://host:port[/path]
std::optional<Url> parse_url(const std::string& text, const std::string& scheme,
                             std::uint16_t default_port) {
  auto sep = text.find("://");
  if (sep == std::string::npos || text.substr(0, sep) != scheme) return std::nullopt;
  Url u;
  u.scheme = scheme;
  auto rest = text.substr(sep + 3);
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!u.path.empty() && u.path.back() == '/') u.path.pop_back();
  auto colon = authority.rfind(':');
  u.host = authority.substr(0, colon);
  u.port = default_port;
  if (colon != std::string::npos) {
    try {
      int p = std::stoi(authority.substr(colon + 1));
      if (p <= 0 || p > 65535) return std::nullopt;
      u.port = static_cast<std::uint16_t>(p);
    } catch (...) {
      return std::nullopt;
    }
  }
  if (u.host.empty()) return std::nullopt;
  return u;
}

int run_sim(const SimOptions& o) {
  log::init(o.log_level, o.log_format);
  auto target = parse_url(o.target, "ws", 80);
  if (!target) {
    std::fprintf(stderr, "error: --target must be ws://HOST:PORT/PATH, got '%s'\n",
                 o.target.c_str());
    return 2;
  }
  if (!o.provision_token.empty()) {
    auto api =
        o.api.empty() ? Url{"http", target->host, "", target->port} : parse_url(o.api, "http", 80);
    if (!api) {
      std::fprintf(stderr, "error: --api must be http://HOST:PORT, got '%s'\n", o.api.c_str());
      return 2;
    }
    try {
      sim::ProvisionOptions po;
      po.host = api->host;
      po.port = api->port;
      po.platform_token = o.provision_token;
      po.chargers = o.chargers;
      auto r = sim::provision_demo(po);
      std::printf("provisioned tenant '%s' (id %lld): %zu piles, %zu id tags\n  tenant token: %s\n",
                  sim::kDemoTenantName, static_cast<long long>(r.tenant_id), r.pile_ids.size(),
                  r.id_tags.size(), r.tenant_token.c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      return 1;
    }
  }

  sim::FleetConfig fc;
  fc.host = target->host;
  fc.port = target->port;
  fc.path = target->path;
  fc.chargers = sim::demo_charger_configs(o.chargers);
  for (auto& c : fc.chargers) {
    c.mean_interarrival_s = o.mean_interarrival_s;
    c.call_timeout_ms = static_cast<std::int64_t>(30'000 * std::max(1.0, o.speed));
  }
  fc.seed = o.seed;
  fc.speed = o.speed;
  fc.threads = o.threads;

  // Block the stop signals in every thread (the fleet's threads inherit the mask); this
  // thread takes them with sigtimedwait between status lines.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  sim::Fleet fleet(fc);
  try {
    fleet.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: cannot start the fleet: %s\n", e.what());
    return 1;
  }
  std::printf("simulating %d chargers -> %s (seed %llu, speed %gx)%s\n", o.chargers,
              o.target.c_str(), static_cast<unsigned long long>(o.seed), o.speed,
              o.duration_s > 0 ? "" : "; Ctrl+C to stop");
  std::fflush(stdout);

  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  auto end = o.duration_s > 0
                 ? start + std::chrono::milliseconds(static_cast<std::int64_t>(o.duration_s * 1000))
                 : clock::time_point::max();
  auto next_status = start + std::chrono::seconds(o.status_every_s);
  while (true) {
    auto now = clock::now();
    if (now >= end) break;
    if (now >= next_status) {
      auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - start).count();
      std::printf("[%llds] %s\n", static_cast<long long>(elapsed),
                  sim::format_stats(fleet.stats()).c_str());
      std::fflush(stdout);
      next_status += std::chrono::seconds(o.status_every_s);
    }
    auto wait = std::min(end, next_status) - clock::now();
    auto ms = std::max<std::int64_t>(
        1, std::chrono::duration_cast<std::chrono::milliseconds>(wait).count());
    timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1'000'000)};
    if (sigtimedwait(&stop_signals, nullptr, &ts) > 0) break;
  }
  fleet.stop();
  std::printf("final: %s\n", sim::format_stats(fleet.stats()).c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace

void add_sim_command(CLI::App& app) {
  auto opts = std::make_shared<SimOptions>();
  auto* s = app.add_subcommand("sim", "Run simulated OCPP 1.6J chargers against a CSMS");
  s->add_option("--target", opts->target,
                "OCPP endpoint; chargers connect to TARGET/{chargePointId}")
      ->envname("CHARGETWIN_SIM_TARGET")
      ->capture_default_str();
  s->add_option("--chargers", opts->chargers, "Number of chargers (SIM-0001..)")
      ->check(CLI::Range(1, 20000))
      ->capture_default_str();
  s->add_option("--seed", opts->seed, "Random seed (same seed, same drivers)")
      ->capture_default_str();
  s->add_option("--speed", opts->speed, "Virtual seconds per real second")
      ->check(CLI::Range(0.1, 100000.0))
      ->capture_default_str();
  s->add_option("--duration", opts->duration_s,
                "Stop after this many real seconds (0 = until Ctrl+C)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  s->add_option("--provision-token", opts->provision_token,
                "Platform-admin token: provision the 'Demo Fleet' tenant, piles and id tags first")
      ->envname("CHARGETWIN_SIM_PROVISION_TOKEN");
  s->add_option("--api", opts->api,
                "REST API base for provisioning (default: the target's host:port)");
  s->add_option("--mean-interarrival", opts->mean_interarrival_s,
                "Mean virtual seconds between drivers at one connector")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  s->add_option("--threads", opts->threads, "I/O threads")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();
  s->add_option("--status-every", opts->status_every_s, "Seconds between status lines")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  s->add_option("--log-level", opts->log_level, "debug, info, warn, error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  s->add_option("--log-format", opts->log_format, "json or text")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
  s->callback([opts] {
    int rc = run_sim(*opts);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace ct::app
