// The simulated world of a scenario: every charger of its topology on a link to the CSMS,
// drivers arriving at stations with their vehicles, and the fault plan. Sans-IO and
// single-threaded: the runner calls step() with the virtual time; whatever the world
// needs from the outside comes through the links (ChargerTransport) and the CSMS's REST
// API (remote start/stop asked for by drivers in their app). With in-process links on a
// manual clock the same scenario and seed give the same run, frame for frame.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "simulator/rng.hpp"
#include "simulator/sim_charger.hpp"
#include "simulator/twin/scenario.hpp"
#include "simulator/twin/twin_pile.hpp"

namespace ct::sim {

class CsmsApi;
struct WireFaults;

struct ProtocolStats {
  int chargers = 0;
  std::int64_t sessions_stopped = 0;
  std::int64_t energy_wh = 0;
  std::int64_t records_after_login = 0;  // YKC: bills uploaded after a re-login
};

struct WorldStats {
  int chargers = 0;
  int connectors = 0;
  int links_up = 0;
  std::int64_t arrivals = 0;
  std::int64_t turned_away = 0;  // no free connector (or the charger refused the plug)
  std::int64_t sessions_started = 0;
  std::int64_t sessions_stopped = 0;
  std::int64_t sessions_started_offline = 0;  // from the chargers' authorization cache
  std::int64_t energy_wh = 0;
  std::int64_t remote_starts_requested = 0;
  std::int64_t remote_stops_requested = 0;
  std::int64_t driver_requests_refused = 0;  // the CSMS API said no
  std::int64_t call_errors_received = 0;     // CALLERRORs the CSMS sent to chargers
  std::int64_t call_errors_sent = 0;         // CALLERRORs chargers sent to the CSMS
  std::int64_t forbidden_transitions = 0;
  std::int64_t connection_failures = 0;
  std::map<std::string, std::int64_t> faults;  // injected, by kind
  std::map<std::string, ProtocolStats> by_protocol;
};

// How the world reaches the CSMS.
struct WorldLinks {
  std::function<std::unique_ptr<ChargerTransport>(const std::string& charge_point_id)> transport;
  // YKC piles (binary frames); null: the scenario's ykc1.6 piles cannot be simulated here.
  std::function<std::unique_ptr<ChargerTransport>(const std::string& pile_code)> ykc_transport;
  CsmsApi* api = nullptr;                        // for drivers' app requests; null: none are made
  std::string tenant_token;                      // bearer token for those requests
  std::map<std::string, std::int64_t> pile_ids;  // chargePointId -> the CSMS's pile id
  WireFaults* wire = nullptr;  // null: wire faults cannot be injected (network mode)
  ReconnectPolicy reconnect;
};

class World {
 public:
  World(const Scenario& scenario, std::uint64_t seed, WorldLinks links);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  void set_frame_observer(FrameObserver observer);

  // Connects every charger.
  void start(Millis now);
  // Advances everything to `now`. Drivers arrive only while demand is on; faults fire
  // only within the scenario's duration.
  void step(Millis now);
  void set_demand(bool on) { demand_on_ = on; }
  // True when every session has ended, every message is delivered and every charger
  // that should be online is connected and accepted.
  bool settled() const;
  void shut_down(Millis now);

  WorldStats stats() const;
  const std::vector<std::unique_ptr<TwinPile>>& chargers() const { return chargers_; }
  const Scenario& scenario() const { return scenario_; }
  const std::string& id_tag(int driver) const {
    return driver_tags_[static_cast<std::size_t>(driver)];
  }
  std::vector<std::string> warnings() const { return warnings_; }

 private:
  struct ConnectorRef {
    int charger = 0;
    int connector = 0;
    bool dc = true;
    bool ykc = false;
  };
  struct Station {
    const StationSpec* spec = nullptr;
    std::vector<ConnectorRef> connectors;
    double rate_max_per_ms = 0;  // peak arrival rate (thinning bound)
    Millis next_arrival = 0;
  };
  struct ActiveVisit {
    int driver = 0;
    int charger = 0;
    int connector = 0;
    Millis since = 0;
  };
  struct FaultEvent {
    Millis at = 0;
    std::size_t spec = 0;
    int charger = 0;
    bool recover = false;  // connector_fault: the repair
    int connector = 0;
    bool operator<(const FaultEvent& o) const {
      return at != o.at ? at < o.at : charger != o.charger ? charger < o.charger : spec < o.spec;
    }
  };

  void plan_faults(Millis now);
  void fire(const FaultEvent& e, Millis now);
  void apply_wire_faults(Millis now);
  void schedule_arrival(Station& st, Millis after);
  void arrive(Station& st, Millis now);
  void release_drivers(Millis now);
  void carry_out(int charger, const DriverRequest& r, Millis now);
  std::optional<std::int64_t> active_transaction(std::int64_t pile_id, int connector);
  int local_hour(const Station& st, Millis t) const;
  double pick(const Range& r) { return rng_.uniform(r.min, r.max); }

  const Scenario scenario_;
  WorldLinks links_;
  Rng rng_;        // drivers and vehicles
  Rng fault_rng_;  // the fault plan
  std::vector<std::unique_ptr<TwinPile>> chargers_;
  std::vector<Station> stations_;
  std::vector<std::string> driver_tags_;
  std::set<int> busy_drivers_;
  std::vector<ActiveVisit> visits_;
  std::vector<FaultEvent> faults_;  // sorted
  std::size_t next_fault_ = 0;
  std::vector<std::string> warnings_;
  WorldStats counters_;
  double profile_max_ = 1, profile_mean_ = 1;
  Millis start_ = 0;
  Millis last_release_check_ = 0;
  bool demand_on_ = true;
  bool shut_down_ = false;
};

}  // namespace ct::sim
