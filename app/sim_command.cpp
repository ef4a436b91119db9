#include "app/sim_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/core/log.hpp"
#include "server/core/open_files.hpp"
#include "simulator/fleet.hpp"
#include "simulator/provision.hpp"
#include "simulator/ws_transport.hpp"

namespace ct::app {

ShardSlice shard_slice(int chargers, int shard, int shards) {
  auto lo = static_cast<long long>(chargers) * (shard - 1) / shards;
  auto hi = static_cast<long long>(chargers) * shard / shards;
  return {static_cast<int>(lo), static_cast<int>(hi - lo)};
}

std::vector<std::string> shard_source_addresses(const std::vector<std::string>& all, int shard,
                                                int shards) {
  if (all.empty()) return {};
  auto n = static_cast<int>(all.size());
  if (n < shards) return {all[static_cast<std::size_t>((shard - 1) % n)]};
  auto slice = shard_slice(n, shard, shards);
  return {all.begin() + slice.first, all.begin() + slice.first + slice.count};
}

namespace {

// One process per 10,000 chargers by default: each charger is one socket and the process
// limit here is 20,000 open files, which leaves room for the pool's own descriptors, logs
// and sockets still closing during a reconnect storm (a dropped link's socket is closed
// before the next attempt, and a charger-side close is bounded by the pool's timer).
constexpr int kDefaultPerProcess = 10'000;

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
  std::string source_addresses;  // "127.0.0.1-127.0.0.8" or a comma list
  int processes = 0;             // 0 = as many as --per-process asks for
  int per_process = kDefaultPerProcess;
  std::string shard;   // "i/N" in a child
  int status_fd = -1;  // a child writes one JSON status line per interval here
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

// "i/N" with 1 <= i <= N.
std::optional<std::pair<int, int>> parse_shard(const std::string& text) {
  int i = 0, n = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d/%d%c", &i, &n, &tail) != 2) return std::nullopt;
  if (n < 1 || i < 1 || i > n) return std::nullopt;
  return std::pair{i, n};
}

// Each charger holds a socket: lift the soft open-file limit to the hard one.
nlohmann::json stats_json(const sim::FleetStats& s) {
  return {{"chargers", s.chargers},
          {"connected", s.connected},
          {"accepted", s.accepted},
          {"sessionsStarted", s.sessions_started},
          {"sessionsStopped", s.sessions_stopped},
          {"energyWh", s.energy_wh},
          {"callErrors", s.call_errors_received},
          {"connectionFailures", s.connection_failures}};
}

sim::FleetStats stats_from_json(const nlohmann::json& j) {
  sim::FleetStats s;
  s.chargers = j.value("chargers", 0);
  s.connected = j.value("connected", 0);
  s.accepted = j.value("accepted", 0);
  s.sessions_started = j.value("sessionsStarted", std::int64_t{0});
  s.sessions_stopped = j.value("sessionsStopped", std::int64_t{0});
  s.energy_wh = j.value("energyWh", std::int64_t{0});
  s.call_errors_received = j.value("callErrors", std::int64_t{0});
  s.connection_failures = j.value("connectionFailures", std::int64_t{0});
  return s;
}

void add_stats(sim::FleetStats& total, const sim::FleetStats& s) {
  total.chargers += s.chargers;
  total.connected += s.connected;
  total.accepted += s.accepted;
  total.sessions_started += s.sessions_started;
  total.sessions_stopped += s.sessions_stopped;
  total.energy_wh += s.energy_wh;
  total.call_errors_received += s.call_errors_received;
  total.connection_failures += s.connection_failures;
}

// The whole line in one write(2): under PIPE_BUF, so lines of several children on one
// pipe never interleave.
void write_line(int fd, const std::string& line) {
  std::string l = line + "\n";
  std::size_t off = 0;
  while (off < l.size()) {
    auto n = ::write(fd, l.data() + off, l.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the parent went away; the run goes on
    off += static_cast<std::size_t>(n);
  }
}

int provision(const SimOptions& o, const Url& target) {
  auto api =
      o.api.empty() ? Url{"http", target.host, "", target.port} : parse_url(o.api, "http", 80);
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
    std::fflush(stdout);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}

// One process's fleet: the whole run, or shard `shard` of `shards` in a child.
int run_fleet(const SimOptions& o, const Url& target, const std::vector<std::string>& sources,
              int shard, int shards) {
  auto slice = shard_slice(o.chargers, shard, shards);
  std::string prefix =
      shards > 1 ? "[shard " + std::to_string(shard) + "/" + std::to_string(shards) + "] " : "";

  sim::FleetConfig fc;
  fc.host = target.host;
  fc.port = target.port;
  fc.path = target.path;
  fc.chargers = sim::demo_charger_configs(o.chargers, slice.first, slice.count);
  for (auto& c : fc.chargers) {
    c.mean_interarrival_s = o.mean_interarrival_s;
    c.call_timeout_ms = static_cast<std::int64_t>(30'000 * std::max(1.0, o.speed));
  }
  fc.seed = o.seed;
  fc.index_offset = static_cast<std::uint64_t>(slice.first);
  fc.speed = o.speed;
  fc.threads = o.threads;
  fc.source_addresses = shard_source_addresses(sources, shard, shards);

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
    std::fprintf(stderr, "%serror: cannot start the fleet: %s\n", prefix.c_str(), e.what());
    return 1;
  }
  std::printf("%ssimulating %d chargers (SIM-%04d..) -> %s (seed %llu, speed %gx)%s\n",
              prefix.c_str(), slice.count, slice.first + 1, o.target.c_str(),
              static_cast<unsigned long long>(o.seed), o.speed,
              o.duration_s > 0 || shards > 1 ? "" : "; Ctrl+C to stop");
  std::fflush(stdout);

  auto report = [&](long long elapsed, bool final) {
    auto s = fleet.stats();
    if (final) {
      std::printf("%sfinal: %s\n", prefix.c_str(), sim::format_stats(s).c_str());
    } else {
      std::printf("%s[%llds] %s\n", prefix.c_str(), elapsed, sim::format_stats(s).c_str());
    }
    std::fflush(stdout);
    if (o.status_fd >= 0) {
      auto j = stats_json(s);
      j["shard"] = shard;
      j["elapsed"] = elapsed;
      j["final"] = final;
      write_line(o.status_fd, j.dump());
    }
  };

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
      report(std::chrono::duration_cast<std::chrono::seconds>(now - start).count(), false);
      next_status += std::chrono::seconds(o.status_every_s);
    }
    auto wait = std::min(end, next_status) - clock::now();
    auto ms = std::max<std::int64_t>(
        1, std::chrono::duration_cast<std::chrono::milliseconds>(wait).count());
    timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1'000'000)};
    if (sigtimedwait(&stop_signals, nullptr, &ts) > 0) break;
  }
  fleet.stop();
  report(std::chrono::duration_cast<std::chrono::seconds>(clock::now() - start).count(), true);
  return 0;
}

// ---- the parent of a sharded run ----

struct Child {
  int shard = 0;
  pid_t pid = -1;
  int fd = -1;  // read end of its status pipe
  std::string buffer;
  std::optional<sim::FleetStats> latest;
  long long latest_elapsed = -1;
  bool final = false;
  bool exited = false;
  int status = 0;
};

std::vector<std::string> child_args(const SimOptions& o, int shard, int shards) {
  auto num = [](double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return std::string(buf);
  };
  std::vector<std::string> a{"chargetwin",
                             "sim",
                             "--target",
                             o.target,
                             "--chargers",
                             std::to_string(o.chargers),
                             "--seed",
                             std::to_string(o.seed),
                             "--speed",
                             num(o.speed),
                             "--duration",
                             num(o.duration_s),
                             "--mean-interarrival",
                             num(o.mean_interarrival_s),
                             "--threads",
                             std::to_string(o.threads),
                             "--status-every",
                             std::to_string(o.status_every_s),
                             "--log-level",
                             o.log_level,
                             "--log-format",
                             o.log_format,
                             "--shard",
                             std::to_string(shard) + "/" + std::to_string(shards),
                             "--status-fd",
                             "3"};
  // The whole list: the child takes its own slice of it, by its shard number.
  if (!o.source_addresses.empty()) {
    a.push_back("--source-addresses");
    a.push_back(o.source_addresses);
  }
  return a;
}

// The environment minus the provisioning token: the parent provisions once, and a child
// must not pick the token up from CHARGETWIN_SIM_PROVISION_TOKEN and provision again.
std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string v(*e);
    if (v.rfind("CHARGETWIN_SIM_PROVISION_TOKEN=", 0) == 0) continue;
    env.push_back(std::move(v));
  }
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Takes complete lines from the child's pipe; false at end of file.
bool read_child(Child& c) {
  char buf[4096];
  while (true) {
    auto n = ::read(c.fd, buf, sizeof buf);
    if (n > 0) {
      c.buffer.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    ::close(c.fd);
    c.fd = -1;  // end of file (or an error, which ends the pipe as well)
    break;
  }
  std::size_t nl;
  while ((nl = c.buffer.find('\n')) != std::string::npos) {
    auto line = c.buffer.substr(0, nl);
    c.buffer.erase(0, nl + 1);
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    c.latest = stats_from_json(j);
    c.latest_elapsed = j.value("elapsed", -1LL);
    if (j.value("final", false)) c.final = true;
  }
  return c.fd >= 0;
}

int run_parent(const SimOptions& o, int shards) {
  // SIGINT/SIGTERM are forwarded to the children, SIGCHLD reaps them; all through a
  // signalfd, so that one poll() waits for signals and status lines alike.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGCHLD);
  sigset_t old_mask;
  pthread_sigmask(SIG_BLOCK, &sigs, &old_mask);
  int sfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) {
    std::fprintf(stderr, "error: signalfd: %s\n", std::strerror(errno));
    return 1;
  }
  // The children keep SIGINT/SIGTERM blocked through exec (they block them anyway, and a
  // signal sent before they do stays pending instead of killing them); SIGCHLD is ours.
  sigset_t child_mask = old_mask;
  sigaddset(&child_mask, SIGINT);
  sigaddset(&child_mask, SIGTERM);
  sigdelset(&child_mask, SIGCHLD);

  std::printf("sharding %d chargers over %d processes\n", o.chargers, shards);
  std::fflush(stdout);
  auto env = child_environment();
  auto envp = c_strings(env);
  pid_t parent_pid = getpid();
  std::vector<Child> children(static_cast<std::size_t>(shards));
  for (int i = 0; i < shards; ++i) {
    auto& c = children[static_cast<std::size_t>(i)];
    c.shard = i + 1;
    auto args = child_args(o, c.shard, shards);
    auto argv = c_strings(args);
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
      std::fprintf(stderr, "error: pipe: %s\n", std::strerror(errno));
      return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {
      // Only async-signal-safe calls until exec.
      prctl(PR_SET_PDEATHSIG, SIGTERM);  // a parent killed outright takes its shards along
      if (getppid() != parent_pid) _exit(1);
      setpgid(0, 0);  // Ctrl+C reaches the parent only, which forwards it once
      if (p[1] == 3) {
        fcntl(3, F_SETFD, 0);
      } else {
        dup2(p[1], 3);
      }
      sigprocmask(SIG_SETMASK, &child_mask, nullptr);
      execve("/proc/self/exe", argv.data(), envp.data());
      _exit(127);
    }
    ::close(p[1]);
    if (pid < 0) {
      ::close(p[0]);
      std::fprintf(stderr, "error: fork: %s\n", std::strerror(errno));
      for (auto& other : children) {
        if (other.pid > 0) kill(other.pid, SIGTERM);
      }
      shards = i;
      children.resize(static_cast<std::size_t>(i));
      break;
    }
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    c.pid = pid;
    c.fd = p[0];
  }
  bool failed = static_cast<int>(children.size()) != shards || children.empty();

  auto forward = [&](int sig) {
    for (auto& c : children) {
      if (!c.exited) kill(c.pid, sig);
    }
  };
  long long printed_elapsed = -1;
  auto print_totals = [&] {
    // One fleet line per interval, once every running child has reported it.
    long long elapsed = -1;
    for (auto& c : children) {
      if (c.final || c.fd < 0) continue;
      if (c.latest_elapsed <= printed_elapsed) return;
      elapsed = elapsed < 0 ? c.latest_elapsed : std::min(elapsed, c.latest_elapsed);
    }
    if (elapsed < 0) return;
    sim::FleetStats total;
    for (auto& c : children) {
      if (c.latest) add_stats(total, *c.latest);
    }
    std::printf("[%llds] fleet: %s\n", elapsed, sim::format_stats(total).c_str());
    std::fflush(stdout);
    printed_elapsed = elapsed;
  };

  // time_point::max(): no kill scheduled (not an optional: GCC's -O2 flow analysis takes
  // an engaged optional<time_point> for possibly uninitialised).
  constexpr auto kNever = std::chrono::steady_clock::time_point::max();
  auto kill_at = kNever;
  while (true) {
    bool running = false;
    for (auto& c : children) running = running || !c.exited || c.fd >= 0;
    if (!running) break;
    std::vector<pollfd> fds{{sfd, POLLIN, 0}};
    for (auto& c : children) {
      if (c.fd >= 0) fds.push_back({c.fd, POLLIN, 0});
    }
    int timeout_ms = -1;
    if (kill_at != kNever) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      kill_at - std::chrono::steady_clock::now())
                      .count();
      if (left <= 0) {
        // The children had their grace period to close their connections.
        forward(SIGKILL);
        kill_at = kNever;
      } else {
        timeout_ms = static_cast<int>(left);
      }
    }
    if (poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) break;
    signalfd_siginfo si{};
    while (::read(sfd, &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
      if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM) {
        forward(static_cast<int>(si.ssi_signo));
        if (kill_at == kNever)
          kill_at = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      }
    }
    // Reap whoever exited (SIGCHLD may coalesce, so ask for each child).
    for (auto& c : children) {
      if (c.exited) continue;
      int status = 0;
      if (waitpid(c.pid, &status, WNOHANG) == c.pid) {
        c.exited = true;
        c.status = status;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
          std::fprintf(stderr, "error: shard %d/%d (pid %d) %s %d\n", c.shard, shards,
                       static_cast<int>(c.pid),
                       WIFEXITED(status) ? "exited with status" : "was killed by signal",
                       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
          if (!failed) {
            // A fleet with a shard missing is not the fleet asked for: stop the rest.
            failed = true;
            forward(SIGTERM);
            if (kill_at == kNever)
              kill_at = std::chrono::steady_clock::now() + std::chrono::seconds(20);
          }
        }
      }
    }
    for (auto& c : children) {
      if (c.fd >= 0) read_child(c);
    }
    print_totals();
  }
  ::close(sfd);
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);

  sim::FleetStats total;
  for (auto& c : children) {
    if (c.latest) add_stats(total, *c.latest);
  }
  std::printf("final: fleet: %s\n", sim::format_stats(total).c_str());
  std::fflush(stdout);
  return failed ? 1 : 0;
}

int run_sim(const SimOptions& o) {
  log::init(o.log_level, o.log_format);
  core::raise_open_file_limit();
  auto target = parse_url(o.target, "ws", 80);
  if (!target) {
    std::fprintf(stderr, "error: --target must be ws://HOST:PORT/PATH, got '%s'\n",
                 o.target.c_str());
    return 2;
  }
  std::vector<std::string> sources;
  if (!o.source_addresses.empty()) {
    try {
      sources = sim::parse_source_addresses(o.source_addresses);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: --source-addresses: %s\n", e.what());
      return 2;
    }
  }

  if (!o.shard.empty()) {
    auto shard = parse_shard(o.shard);
    if (!shard) {
      std::fprintf(stderr, "error: --shard must be I/N with 1 <= I <= N, got '%s'\n",
                   o.shard.c_str());
      return 2;
    }
    // A shard never provisions: its parent did, once, for the whole fleet.
    return run_fleet(o, *target, sources, shard->first, shard->second);
  }

  int shards = o.processes > 0 ? o.processes : (o.chargers + o.per_process - 1) / o.per_process;
  shards = std::clamp(shards, 1, o.chargers);
  if (shards == 1 && o.chargers + 100 > core::open_file_limit() && core::open_file_limit() > 0) {
    log::warn("sim_open_file_limit_low",
              {{"chargers", o.chargers}, {"openFileLimit", core::open_file_limit()}});
  }
  if (!o.provision_token.empty()) {
    if (int rc = provision(o, *target); rc != 0) return rc;
  }
  if (shards == 1) return run_fleet(o, *target, sources, 1, 1);
  return run_parent(o, shards);
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
      ->check(CLI::Range(1, 100000))
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
  s->add_option("--threads", opts->threads, "I/O threads (per process)")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();
  s->add_option("--status-every", opts->status_every_s, "Seconds between status lines")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  s->add_option("--source-addresses", opts->source_addresses,
                "Local addresses to connect from, round-robin: a range 127.0.0.1-127.0.0.8 or a "
                "comma list (each gives ~28k ports towards one server; shards get disjoint "
                "slices)");
  s->add_option("--processes", opts->processes,
                "Split the fleet over this many processes (0 = one per --per-process chargers)")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  s->add_option("--per-process", opts->per_process,
                "Most chargers in one process before the fleet is split (each is a socket)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  // Internal: how the parent of a sharded run starts its children.
  s->add_option("--shard", opts->shard, "Run only shard I/N of the fleet (set by the parent)")
      ->group("");
  s->add_option("--status-fd", opts->status_fd,
                "Write one JSON status line per interval to this descriptor (set by the parent)")
      ->check(CLI::NonNegativeNumber)
      ->group("");
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
