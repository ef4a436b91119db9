#include "simulator/fleet.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "server/core/log.hpp"
#include "simulator/sim_charger.hpp"
#include "simulator/ws_transport.hpp"
#include "simulator/ykc_sim_charger.hpp"

namespace ct::sim {

SpeedClock::SpeedClock(double speed)
    : speed_(speed > 0 ? speed : 1.0),
      start_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count()),
      start_(std::chrono::steady_clock::now()) {}

Millis SpeedClock::now() const {
  auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start_);
  return start_ms_ + static_cast<Millis>(static_cast<double>(elapsed.count()) * speed_ / 1000.0);
}

std::string format_stats(const FleetStats& s) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "chargers %d/%d connected (%d accepted), sessions %lld started / %lld stopped, "
                "energy %.1f kWh, CALLERRORs %lld, connection failures %lld",
                s.connected, s.chargers, s.accepted, static_cast<long long>(s.sessions_started),
                static_cast<long long>(s.sessions_stopped),
                static_cast<double>(s.energy_wh) / 1000.0,
                static_cast<long long>(s.call_errors_received),
                static_cast<long long>(s.connection_failures));
  return buf;
}

namespace {

// What a stop() waits for at most: the close handshakes of every link (the pool's own
// close timeout bounds each one; this bounds them all).
constexpr auto kStopGrace = std::chrono::seconds(5);
// How long stop() lets running sessions end (StopTransaction sent and answered).
constexpr auto kSessionGrace = std::chrono::seconds(3);

}  // namespace

struct Fleet::Impl {
  explicit Impl(FleetConfig c)
      : config(std::move(c)), clock(config.speed), ykc_clock(config.ykc_speed) {}

  // The simulation thread: every charger is stepped each tick; in between, only the
  // chargers whose links reported something (so an answer is handled within
  // milliseconds, not at the next tick).
  void run() {
    auto now = clock.now();
    for (auto& c : chargers) c->start(now);
    for (auto& c : ykc_chargers) c->start(ykc_clock.now());
    publish();
    std::vector<std::size_t> ready;
    auto next_tick = std::chrono::steady_clock::now() + config.tick;
    while (!stopping.load()) {
      ready.clear();
      pool->wait_ready(next_tick, ready);
      if (stopping.load()) break;
      now = clock.now();
      for (auto tag : ready) chargers[tag]->step(now);
      step_ready_ykc_piles(ykc_clock.now());
      auto t = std::chrono::steady_clock::now();
      if (t < next_tick) continue;
      for (auto& c : chargers) c->step(now);
      for (auto& c : ykc_chargers) c->step(ykc_clock.now());
      publish();
      next_tick += config.tick;
      // Behind by more than a tick (a stall, or too many chargers for one thread): skip
      // the missed ticks instead of running them back to back.
      if (next_tick < t) next_tick = t + config.tick;
    }
    // Sessions end before the links do, so that the CSMS is not left with transactions
    // nobody will ever stop; bounded, since a CSMS may never answer.
    now = clock.now();
    for (auto& c : chargers) c->model().end_all_sessions(now);
    for (auto& c : ykc_chargers) c->model().end_all_sessions(ykc_clock.now());
    auto deadline = std::chrono::steady_clock::now() + kSessionGrace;
    while (std::chrono::steady_clock::now() < deadline) {
      now = clock.now();
      bool done = true;
      for (auto& c : chargers) {
        c->step(now);
        // Only what can still reach the CSMS is worth waiting for.
        if (c->link_up() && c->model().registration() == Registration::Accepted &&
            !c->model().transactions_settled())
          done = false;
      }
      if (ykc_pool) ykc_pool->wait_ready(std::chrono::steady_clock::now(), ykc_ready);
      ykc_ready.clear();
      for (auto& c : ykc_chargers) {
        c->step(ykc_clock.now());
        if (c->link_up() && c->model().registration() == Registration::Accepted &&
            !c->model().transactions_settled())
          done = false;
      }
      if (done) break;
      ready.clear();
      pool->wait_ready(std::min(deadline, std::chrono::steady_clock::now() + config.tick), ready);
    }
    // Then each link sends what it has queued and does the WebSocket close handshake.
    now = clock.now();
    for (auto& c : chargers) c->shut_down(now);
    for (auto& c : ykc_chargers) c->shut_down(ykc_clock.now());
    publish();
  }

  // The YKC piles whose links have events (the loop waits on the OCPP pool, so these are
  // taken when it wakes: at the latest every tick).
  void step_ready_ykc_piles(Millis now) {
    if (!ykc_pool) return;
    ykc_ready.clear();
    ykc_pool->wait_ready(std::chrono::steady_clock::now(), ykc_ready);
    for (auto tag : ykc_ready) ykc_chargers[tag]->step(now);
  }

  // Totals for stats(), from the simulation thread (the only one touching the models).
  void publish() {
    int connected = 0, accepted = 0;
    std::int64_t started = 0, stopped = 0, energy = 0, call_errors = 0, failures = 0;
    // OCPP chargers and YKC piles alike (SimCharger / YkcSimCharger).
    auto add = [&](const auto& c) {
      const auto& m = c->model();
      if (c->link_up()) {
        ++connected;
        if (m.registration() == Registration::Accepted) ++accepted;
      }
      started += m.stats().sessions_started;
      stopped += m.stats().sessions_stopped;
      energy += m.delivered_wh();
      failures += c->connection_failures();
    };
    for (const auto& c : chargers) {
      add(c);
      call_errors += c->model().stats().call_errors_received;
    }
    for (const auto& c : ykc_chargers) add(c);
    stats_connected.store(connected);
    stats_accepted.store(accepted);
    stats_sessions_started.store(started);
    stats_sessions_stopped.store(stopped);
    stats_energy_wh.store(energy);
    stats_call_errors.store(call_errors);
    stats_failures.store(failures);
  }

  FleetConfig config;
  SpeedClock clock;
  SpeedClock ykc_clock;
  std::unique_ptr<WsLinkPool> pool;
  std::vector<std::unique_ptr<SimCharger>> chargers;  // simulation thread only, once started
  std::unique_ptr<WsLinkPool> ykc_pool;               // plain TCP, when there are YKC piles
  std::vector<std::unique_ptr<YkcSimCharger>> ykc_chargers;
  std::vector<std::size_t> ykc_ready;
  std::thread sim;
  std::atomic<bool> stopping{false};
  bool started = false;
  bool stopped = false;
  std::atomic<int> stats_connected{0};
  std::atomic<int> stats_accepted{0};
  std::atomic<std::int64_t> stats_sessions_started{0};
  std::atomic<std::int64_t> stats_sessions_stopped{0};
  std::atomic<std::int64_t> stats_energy_wh{0};
  std::atomic<std::int64_t> stats_call_errors{0};
  std::atomic<std::int64_t> stats_failures{0};
};

Fleet::Fleet(FleetConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Fleet::~Fleet() {
  stop();
}

const FleetConfig& Fleet::config() const {
  return impl_->config;
}

void Fleet::start() {
  auto& d = *impl_;
  if (d.started) return;
  const auto& cfg = d.config;
  WsLinkPoolConfig pc;
  pc.host = cfg.host;
  pc.port = cfg.port;
  pc.path = cfg.path;
  pc.threads = std::clamp(cfg.threads, 1, 8);
  pc.source_addresses = cfg.source_addresses;
  auto pool = std::make_unique<WsLinkPool>(std::move(pc));
  pool->start();  // throws when the host does not resolve: nothing else has started yet
  // The backoff is configured in real time; the chargers count in virtual time.
  ReconnectPolicy policy;
  policy.initial_ms =
      static_cast<Millis>(static_cast<double>(cfg.backoff_initial.count()) * d.clock.speed());
  policy.max_ms =
      static_cast<Millis>(static_cast<double>(cfg.backoff_max.count()) * d.clock.speed());
  d.chargers.reserve(cfg.chargers.size());
  for (std::size_t i = 0; i < cfg.chargers.size(); ++i) {
    auto seed = splitmix64(cfg.seed + cfg.index_offset + i);
    auto link = pool->make_link(cfg.chargers[i].charge_point_id, i);
    d.chargers.push_back(
        std::make_unique<SimCharger>(cfg.chargers[i], seed, std::move(link), policy));
  }
  if (!cfg.ykc_piles.empty()) {
    WsLinkPoolConfig yc;
    yc.framing = LinkFraming::RawTcp;
    yc.host = cfg.host;
    yc.port = cfg.ykc_port;
    yc.source_addresses = cfg.source_addresses;
    d.ykc_pool = std::make_unique<WsLinkPool>(std::move(yc));
    d.ykc_pool->start();
    ReconnectPolicy ykc_policy;
    ykc_policy.initial_ms =
        static_cast<Millis>(static_cast<double>(cfg.backoff_initial.count()) * d.ykc_clock.speed());
    ykc_policy.max_ms =
        static_cast<Millis>(static_cast<double>(cfg.backoff_max.count()) * d.ykc_clock.speed());
    for (std::size_t i = 0; i < cfg.ykc_piles.size(); ++i) {
      auto seed = splitmix64(cfg.seed + 1'000'000'007ULL + i);
      d.ykc_chargers.push_back(std::make_unique<YkcSimCharger>(
          cfg.ykc_piles[i], seed, d.ykc_pool->make_link(cfg.ykc_piles[i].pile_code, i),
          ykc_policy));
    }
  }
  d.pool = std::move(pool);
  d.started = true;
  d.sim = std::thread([&d] { d.run(); });
  log::info("sim_fleet_started",
            {{"chargers", cfg.chargers.size()},
             {"ykcPiles", cfg.ykc_piles.size()},
             {"target", "ws://" + cfg.host + ":" + std::to_string(cfg.port) + cfg.path},
             {"speed", cfg.speed},
             {"seed", cfg.seed},
             {"indexOffset", cfg.index_offset},
             {"sourceAddresses", cfg.source_addresses.size()}});
}

void Fleet::stop() {
  auto& d = *impl_;
  if (!d.started || d.stopped) return;
  d.stopped = true;
  auto deadline = std::chrono::steady_clock::now() + kStopGrace;
  d.stopping.store(true);
  d.pool->wake();
  d.sim.join();
  bool drained = d.pool->drain(deadline);
  auto left = d.pool->sockets();
  d.pool->stop();
  if (d.ykc_pool) {
    drained = d.ykc_pool->drain(deadline) && drained;
    left += d.ykc_pool->sockets();
    d.ykc_pool->stop();
  }
  // The links go before the pool object (they would keep its internals alive anyway).
  d.chargers.clear();
  d.ykc_chargers.clear();
  d.pool.reset();
  d.ykc_pool.reset();
  log::info(
      "sim_fleet_stopped",
      {{"summary", format_stats(stats())}, {"closedCleanly", drained}, {"socketsLeft", left}});
}

FleetStats Fleet::stats() const {
  const auto& d = *impl_;
  FleetStats out;
  out.chargers = static_cast<int>(d.config.chargers.size() + d.config.ykc_piles.size());
  out.connected = d.stats_connected.load();
  out.accepted = d.stats_accepted.load();
  out.sessions_started = d.stats_sessions_started.load();
  out.sessions_stopped = d.stats_sessions_stopped.load();
  out.energy_wh = d.stats_energy_wh.load();
  out.call_errors_received = d.stats_call_errors.load();
  out.connection_failures = d.stats_failures.load();
  return out;
}

}  // namespace ct::sim
