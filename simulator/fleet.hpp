// Network mode: N SimChargers, each on its own WebSocket link from a shared WsLinkPool
// (subprotocol ocpp1.6, path {path}/{chargePointId}; I/O threads and source addresses in
// the pool). One simulation thread steps every charger each tick with a sped-up clock,
// and in between steps the chargers whose links have events, so the models stay
// single-threaded; a dropped connection is retried with exponential backoff and seeded
// jitter (SimCharger). YKC 1.6 piles (YkcSimCharger) may run beside them on plain TCP links
// to the server's YKC port, stepped every tick.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "simulator/charger_model.hpp"
#include "simulator/ykc_charger_model.hpp"

namespace ct::sim {

// Virtual time for network mode: now = start + speed * (steady time elapsed since start).
// Starts at the wall clock so that timestamps look current at 1x.
class SpeedClock {
 public:
  explicit SpeedClock(double speed);
  Millis now() const;
  double speed() const { return speed_; }

 private:
  double speed_;
  Millis start_ms_;
  std::chrono::steady_clock::time_point start_;
};

struct FleetConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string path = "/ocpp";  // charger URL = ws://host:port{path}/{chargePointId}
  std::vector<ChargerConfig> chargers;
  std::uint64_t seed = 1;
  double speed = 1.0;  // virtual seconds per real second
  std::chrono::milliseconds tick{200};
  int threads = 1;  // I/O threads of the link pool
  // Real time (scaled to virtual time by `speed` for the chargers' ReconnectPolicy).
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{30'000};
  // Local addresses to connect from, round-robin (e.g. 127.0.0.1..127.0.0.8 to get past
  // ~28k ephemeral ports per source/destination pair); empty = the OS chooses.
  std::vector<std::string> source_addresses;
  // Global index of chargers[0] when a run is split across processes: charger i gets the
  // seed splitmix64(seed + index_offset + i), so a shard simulates each of its chargers
  // exactly as the unsharded run would.
  std::uint64_t index_offset = 0;
  // 云快充 1.6 piles, connecting to host:ykc_port (the server's --ykc-listen).
  std::vector<YkcChargerConfig> ykc_piles;
  std::uint16_t ykc_port = 0;
  // Their own clock: 0x13 real-time data carries no time, so the server prices it by its
  // own clock, and a pile running faster than real time bills differently (bill_mismatch).
  double ykc_speed = 1.0;
};

struct FleetStats {
  int chargers = 0;
  int connected = 0;
  int accepted = 0;  // connected and Accepted at boot (a YKC pile: logged in)
  std::int64_t sessions_started = 0;
  std::int64_t sessions_stopped = 0;
  std::int64_t energy_wh = 0;  // delivered by the whole fleet, running sessions included
  std::int64_t call_errors_received = 0;
  std::int64_t connection_failures = 0;  // failed connects + dropped connections
};

// One line for people: "chargers 10/10 connected, sessions 4 started / 2 stopped, ...".
std::string format_stats(const FleetStats& s);

class Fleet {
 public:
  explicit Fleet(FleetConfig config);
  ~Fleet();  // stop()
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  // Resolves the host and starts connecting every charger; throws if the host does not
  // resolve or a source address is not an IP address. Returns at once.
  void start();
  // Stops the simulation thread, closes every connection (WebSocket close, bounded to
  // ~5 s in all) and joins the I/O threads. Idempotent.
  void stop();
  // Thread-safe: totals the simulation thread publishes after every tick.
  FleetStats stats() const;
  const FleetConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ct::sim
