#include "simulator/twin/world.hpp"

#include <algorithm>
#include <cstdio>

#include "server/core/log.hpp"
#include "simulator/csms_api.hpp"
#include "simulator/twin/in_process_link.hpp"
#include "simulator/vehicle.hpp"
#include "simulator/ykc_sim_charger.hpp"

namespace ct::sim {

namespace {

constexpr Millis kDayMs = 86'400'000;
constexpr Millis kMinuteMs = 60'000;

bool is_wire_fault(const std::string& kind) {
  return kind == "frame_loss" || kind == "frame_duplicate" || kind == "slow_responses";
}

}  // namespace

World::World(const Scenario& scenario, std::uint64_t seed, WorldLinks links)
    : scenario_(scenario),
      links_(std::move(links)),
      rng_(splitmix64(seed ^ 0xD21E5ULL)),
      fault_rng_(splitmix64(seed ^ 0xFA017ULL)) {
  for (int i = 1; i <= scenario_.population.drivers; ++i) driver_tags_.push_back(driver_id_tag(i));
  const auto& prof = scenario_.demand.hourly_profile;
  double sum = 0;
  profile_max_ = 0;
  for (double w : prof) {
    sum += w;
    profile_max_ = std::max(profile_max_, w);
  }
  profile_mean_ = sum / 24.0;

  int index = 0;
  for (const auto& spec : scenario_.stations) {
    Station st;
    st.spec = &spec;
    for (const auto& pile : spec.piles) {
      const auto pile_seed = splitmix64(seed + static_cast<std::uint64_t>(index));
      const bool ykc = pile.protocol == "ykc1.6";
      if (ykc) {
        if (!links_.ykc_transport)
          throw ScenarioError("pile " + pile.charge_point_id +
                              ": ykc1.6 piles need a YKC link (in-process, or --ykc-target "
                              "HOST:PORT in network mode)");
        YkcChargerConfig cfg;
        cfg.pile_code = pile.charge_point_id;
        cfg.guns = pile.connectors;
        cfg.dc = pile.dc;
        cfg.max_power_w = pile.connector_power_w;
        cfg.self_arrivals = false;
        cfg.cards.clear();
        // Real-time data while charging as often as an OCPP charger samples its meter.
        cfg.realtime_interval_charging_s = scenario_.meter_value_sample_interval_s;
        cfg.bms_interval_s = scenario_.meter_value_sample_interval_s;
        chargers_.push_back(make_ykc_twin_pile(std::make_unique<YkcSimCharger>(
            std::move(cfg), pile_seed, links_.ykc_transport(pile.charge_point_id),
            links_.reconnect)));
      } else {
        ChargerConfig cfg;
        cfg.charge_point_id = pile.charge_point_id;
        cfg.vendor = "ChargeTwin";
        cfg.model = pile.dc ? "TwinDC" : "TwinAC";
        cfg.connectors = pile.connectors;
        cfg.max_power_w = pile.connector_power_w;
        cfg.dc = pile.dc;
        cfg.self_arrivals = false;
        cfg.heartbeat_interval_s = scenario_.heartbeat_interval_s;
        cfg.meter_value_sample_interval_s = scenario_.meter_value_sample_interval_s;
        chargers_.push_back(make_ocpp_twin_pile(std::make_unique<SimCharger>(
            std::move(cfg), pile_seed, links_.transport(pile.charge_point_id), links_.reconnect)));
      }
      for (int c = 1; c <= pile.connectors; ++c) st.connectors.push_back({index, c, pile.dc, ykc});
      ++index;
    }
    double per_day =
        scenario_.demand.sessions_per_connector_per_day * static_cast<double>(st.connectors.size());
    st.rate_max_per_ms =
        profile_mean_ > 0 ? per_day * (profile_max_ / profile_mean_) / static_cast<double>(kDayMs)
                          : 0;
    stations_.push_back(std::move(st));
  }
  for (const auto& f : scenario_.faults) {
    if (is_wire_fault(f.kind) && links_.wire == nullptr) {
      warnings_.push_back(f.kind + " needs the in-process wire; ignored in network mode");
    }
  }
}

World::~World() = default;

void World::set_frame_observer(FrameObserver observer) {
  for (auto& c : chargers_) c->set_frame_observer(observer);
}

void World::start(Millis now) {
  start_ = now;
  last_release_check_ = now;
  plan_faults(now);
  for (auto& c : chargers_) c->start(now);
  for (auto& st : stations_) schedule_arrival(st, now);
}

void World::step(Millis now) {
  if (shut_down_) return;
  apply_wire_faults(now);
  while (next_fault_ < faults_.size() && faults_[next_fault_].at <= now) {
    fire(faults_[next_fault_], now);
    ++next_fault_;
  }
  if (demand_on_) {
    for (auto& st : stations_) {
      while (st.rate_max_per_ms > 0 && st.next_arrival <= now) {
        Millis at = st.next_arrival;
        // Thinning: candidates come at the peak rate and are kept in proportion to the
        // profile's weight at their local hour.
        double keep =
            scenario_.demand.hourly_profile[static_cast<std::size_t>(local_hour(st, at))] /
            profile_max_;
        if (rng_.uniform01() < keep) arrive(st, now);
        schedule_arrival(st, at);
      }
    }
  } else {
    for (auto& st : stations_) {
      if (st.next_arrival <= now) schedule_arrival(st, now);
    }
  }
  for (std::size_t i = 0; i < chargers_.size(); ++i) {
    auto& c = *chargers_[i];
    c.step(now);
    for (const auto& r : c.take_driver_requests()) carry_out(static_cast<int>(i), r, now);
  }
  if (now - last_release_check_ >= 10'000) {
    release_drivers(now);
    last_release_check_ = now;
  }
}

int World::local_hour(const Station& st, Millis t) const {
  Millis local = t + static_cast<Millis>(st.spec->utc_offset_minutes) * kMinuteMs;
  Millis in_day = ((local % kDayMs) + kDayMs) % kDayMs;
  return static_cast<int>(in_day / 3'600'000);
}

void World::schedule_arrival(Station& st, Millis after) {
  if (st.rate_max_per_ms <= 0) return;
  st.next_arrival =
      after + std::max<Millis>(1, static_cast<Millis>(rng_.exponential(1.0 / st.rate_max_per_ms)));
}

void World::arrive(Station& st, Millis now) {
  ++counters_.arrivals;
  const auto& pop = scenario_.population;
  // A driver who is not already charging somewhere: a regular of this station (driver i
  // lives near station i mod stations) or anybody.
  const auto n_drivers = static_cast<std::int64_t>(driver_tags_.size());
  const auto n_stations = static_cast<std::int64_t>(stations_.size());
  const auto home = static_cast<std::int64_t>(&st - stations_.data());
  bool regular = n_drivers > home && rng_.uniform01() < pop.regular_share;
  int driver = -1;
  for (int attempt = 0; attempt < 8 && driver < 0; ++attempt) {
    std::int64_t d =
        regular ? home + n_stations * rng_.uniform_int(0, (n_drivers - 1 - home) / n_stations)
                : rng_.uniform_int(0, n_drivers - 1);
    if (!busy_drivers_.count(static_cast<int>(d))) driver = static_cast<int>(d);
  }
  // The vehicle, by the scenario's mix.
  double total = 0;
  for (const auto& [_, w] : pop.vehicle_mix) total += w;
  double r = rng_.uniform01() * total;
  const VehicleSpec* vehicle = nullptr;
  for (const auto& [name, w] : pop.vehicle_mix) {
    vehicle = find_vehicle_preset(name);
    if (r < w) break;
    r -= w;
  }
  Visit v;
  if (vehicle) v.vehicle = *vehicle;
  v.arrival_soc_pct = pick(pop.arrival_soc_pct);
  v.target_soc_pct = std::max(v.arrival_soc_pct + 1.0, pick(pop.target_soc_pct));
  v.start = rng_.uniform01() < pop.remote_start_share ? StartMethod::Remote : StartMethod::Rfid;
  v.stop = rng_.uniform01() < pop.app_stop_share ? StopMethod::App : StopMethod::AtCharger;
  v.budget_ms = static_cast<Millis>(pick(pop.budget_minutes) * kMinuteMs);
  v.idle_after_full_ms = rng_.uniform01() < pop.idle_share
                             ? static_cast<Millis>(pick(pop.idle_minutes) * kMinuteMs)
                             : rng_.uniform_int(1, 5) * kMinuteMs;
  if (driver < 0) {
    ++counters_.turned_away;
    return;
  }
  v.id_tag = driver_tags_[static_cast<std::size_t>(driver)];
  auto usable = [&](const ConnectorRef& ref) {
    const auto& m = *chargers_[static_cast<std::size_t>(ref.charger)];
    // The app shows only online chargers; a driver with a card tries any free bay (the
    // charger may start offline from its authorization cache).
    if (v.start == StartMethod::Remote && m.registration() != Registration::Accepted) return false;
    return m.connector_status(ref.connector) == ConnectorStatus::Available;
  };
  // A regular goes to their usual bay when it is free; others (and regulars whose bay is
  // taken) to the fastest free connector, any among equals.
  const ConnectorRef* ref = nullptr;
  if (regular && !st.connectors.empty()) {
    const auto& usual =
        st.connectors[static_cast<std::size_t>(driver / n_stations) % st.connectors.size()];
    if (usable(usual)) ref = &usual;
  }
  if (ref == nullptr) {
    std::vector<const ConnectorRef*> free_dc, free_ac;
    for (const auto& c : st.connectors) {
      if (usable(c)) (c.dc ? free_dc : free_ac).push_back(&c);
    }
    auto& pool = !free_dc.empty() ? free_dc : free_ac;
    if (pool.empty()) {
      ++counters_.turned_away;
      return;
    }
    ref = pool[static_cast<std::size_t>(
        rng_.uniform_int(0, static_cast<std::int64_t>(pool.size()) - 1))];
  }
  auto& charger = *chargers_[static_cast<std::size_t>(ref->charger)];
  // At a YKC pile the driver's card is read as its 8-byte number (the same card, as a
  // YKC id tag); the app account stays the same.
  if (ref->ykc && v.start == StartMethod::Rfid) v.id_tag = driver_card_tag(driver + 1);
  if (!charger.plug_in(ref->connector, std::move(v), now)) {
    ++counters_.turned_away;
    return;
  }
  busy_drivers_.insert(driver);
  visits_.push_back({driver, ref->charger, ref->connector, now});
}

void World::release_drivers(Millis now) {
  // A driver is free again once the bay is: the connector left the session's states.
  std::erase_if(visits_, [&](const ActiveVisit& v) {
    if (now - v.since < 1'000) return false;
    auto s = chargers_[static_cast<std::size_t>(v.charger)]->connector_status(v.connector);
    bool done = s == ConnectorStatus::Available || s == ConnectorStatus::Unavailable ||
                s == ConnectorStatus::Faulted;
    if (done) busy_drivers_.erase(v.driver);
    return done;
  });
}

void World::carry_out(int charger, const DriverRequest& r, Millis now) {
  if (r.kind == DriverRequest::Kind::RemoteStart)
    ++counters_.remote_starts_requested;
  else
    ++counters_.remote_stops_requested;
  if (links_.api == nullptr) {
    ++counters_.driver_requests_refused;
    return;
  }
  const auto& cpid = chargers_[static_cast<std::size_t>(charger)]->id();
  auto it = links_.pile_ids.find(cpid);
  if (it == links_.pile_ids.end()) {
    ++counters_.driver_requests_refused;
    return;
  }
  std::string base = "/api/v1/piles/" + std::to_string(it->second) + "/commands/";
  nlohmann::json body;
  std::string target;
  if (r.kind == DriverRequest::Kind::RemoteStart) {
    target = base + "start-transaction";
    body = {{"connectorId", r.connector_id}, {"idTag", r.id_tag}};
  } else {
    target = base + "stop-transaction";
    // A YKC pile names its session by serial: the app knows the CSMS's transaction.
    auto tx = r.transaction_id ? r.transaction_id : active_transaction(it->second, r.connector_id);
    if (!tx) {
      ++counters_.driver_requests_refused;
      log::debug("twin_driver_request_refused",
                 {{"chargePointId", cpid},
                  {"connectorId", r.connector_id},
                  {"at", now},
                  {"reason", "no active transaction on the connector"}});
      return;
    }
    body = {{"transactionId", *tx}};
  }
  try {
    auto reply = links_.api->call("POST", target, links_.tenant_token, body);
    if (reply.status != 202) {
      ++counters_.driver_requests_refused;
      log::debug("twin_driver_request_refused",
                 {{"chargePointId", cpid}, {"status", reply.status}, {"body", reply.body}});
    }
  } catch (const ApiError& e) {
    ++counters_.driver_requests_refused;
    log::warn("twin_driver_request_failed", {{"chargePointId", cpid}, {"error", e.what()}});
  }
}

std::optional<std::int64_t> World::active_transaction(std::int64_t pile_id, int connector) {
  try {
    auto reply = links_.api->call(
        "GET", "/api/v1/transactions?state=active&pileId=" + std::to_string(pile_id),
        links_.tenant_token, nullptr);
    if (reply.status != 200) return std::nullopt;
    const auto data = reply.data();  // kept: iterating a temporary's member would dangle
    for (const auto& t : data["items"]) {
      if (t.value("connectorId", 0) == connector) return t["id"].get<std::int64_t>();
    }
  } catch (const std::exception& e) {
    log::warn("twin_transaction_lookup_failed", {{"pileId", pile_id}, {"error", e.what()}});
  }
  return std::nullopt;
}

// ---- faults ----------------------------------------------------------------------------------

void World::plan_faults(Millis now) {
  const int n = static_cast<int>(chargers_.size());
  for (std::size_t s = 0; s < scenario_.faults.size(); ++s) {
    const auto& f = scenario_.faults[s];
    if (is_wire_fault(f.kind)) continue;
    if (f.kind == "clock_skew") {
      for (int i = 0; i < n; ++i) {
        if (fault_rng_.uniform01() < f.share) {
          chargers_[static_cast<std::size_t>(i)]->set_clock_skew_ms(f.skew_ms);
          ++counters_.faults[f.kind];
        }
      }
      continue;
    }
    for (Millis at : f.at_ms) {
      for (int i = 0; i < n; ++i) {
        if (f.share >= 1.0 || fault_rng_.uniform01() < f.share) faults_.push_back({now + at, s, i});
      }
    }
    if (f.rate_per_charger_per_day > 0) {
      double mean_ms = static_cast<double>(kDayMs) / f.rate_per_charger_per_day;
      for (int i = 0; i < n; ++i) {
        for (Millis t = now + static_cast<Millis>(fault_rng_.exponential(mean_ms));
             t < now + scenario_.duration_ms;
             t += std::max<Millis>(1'000, static_cast<Millis>(fault_rng_.exponential(mean_ms)))) {
          faults_.push_back({t, s, i});
        }
      }
    }
  }
  std::sort(faults_.begin(), faults_.end());
}

void World::fire(const FaultEvent& e, Millis now) {
  const auto& f = scenario_.faults[e.spec];
  auto& c = *chargers_[static_cast<std::size_t>(e.charger)];
  auto& m = c;
  if (e.recover) {
    m.recover_connector(e.connector, now);
    return;
  }
  ++counters_.faults[f.kind];
  auto random_connector = [&] {
    return static_cast<int>(fault_rng_.uniform_int(1, m.connectors()));
  };
  if (f.kind == "connection_drop") {
    c.drop(now);
  } else if (f.kind == "offline") {
    c.go_offline(now, f.duration_ms);
  } else if (f.kind == "reboot") {
    c.reboot(now, false, f.duration_ms > 0 ? f.duration_ms : fault_rng_.uniform_int(20, 90) * 1000);
  } else if (f.kind == "power_cut") {
    c.reboot(now, true, f.duration_ms > 0 ? f.duration_ms : fault_rng_.uniform_int(60, 600) * 1000);
  } else if (f.kind == "meter_glitch") {
    m.inject_meter_glitch(random_connector(), now);
  } else if (f.kind == "connector_fault") {
    int connector = random_connector();
    m.fault_connector(connector, now);
    Millis repair = f.duration_ms > 0 ? f.duration_ms : 10 * kMinuteMs;
    FaultEvent r{now + repair, e.spec, e.charger, true, connector};
    // Keep the remaining timeline sorted (the repair may land after later faults).
    auto pos = std::upper_bound(faults_.begin() + static_cast<std::ptrdiff_t>(next_fault_) + 1,
                                faults_.end(), r);
    faults_.insert(pos, r);
  }
}

void World::apply_wire_faults(Millis now) {
  if (links_.wire == nullptr) return;
  WireFaults w;
  Millis t = now - start_;
  for (const auto& f : scenario_.faults) {
    if (!is_wire_fault(f.kind)) continue;
    Millis until = f.until_ms >= 0 ? f.until_ms : scenario_.duration_ms;
    if (t < f.from_ms || t >= until) continue;
    if (f.kind == "frame_loss") w.loss = std::max(w.loss, f.probability);
    if (f.kind == "frame_duplicate") w.duplicate = std::max(w.duplicate, f.probability);
    if (f.kind == "slow_responses") w.delay_ms = std::max(w.delay_ms, f.delay_ms);
  }
  *links_.wire = w;
}

bool World::settled() const {
  for (const auto& c : chargers_) {
    if (!c->online() || !c->quiescent()) return false;
  }
  return true;
}

void World::shut_down(Millis now) {
  if (shut_down_) return;
  shut_down_ = true;
  for (auto& c : chargers_) c->shut_down(now);
}

WorldStats World::stats() const {
  WorldStats s = counters_;
  s.chargers = static_cast<int>(chargers_.size());
  s.connectors = scenario_.connector_count();
  for (const auto& c : chargers_) {
    const auto ms = c->stats();
    if (c->link_up()) ++s.links_up;
    s.sessions_started += ms.sessions_started;
    s.sessions_stopped += ms.sessions_stopped;
    s.sessions_started_offline += ms.sessions_started_offline;
    s.energy_wh += ms.delivered_wh;
    s.call_errors_received += ms.errors_received;
    s.call_errors_sent += ms.errors_sent;
    s.forbidden_transitions += ms.forbidden_transitions;
    s.connection_failures += ms.connection_failures;
    auto& p = s.by_protocol[std::string(c->protocol())];
    ++p.chargers;
    p.sessions_stopped += ms.sessions_stopped;
    p.energy_wh += ms.delivered_wh;
    p.records_after_login += ms.records_after_login;
  }
  return s;
}

}  // namespace ct::sim
