#include "simulator/twin/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "protocol/ocpp16/datetime.hpp"
#include "simulator/vehicle.hpp"

namespace ct::sim {

using nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& field, const std::string& why) {
  throw ScenarioError(field + ": " + why);
}

// Reads an optional member of an object, checking its type.
template <class T>
T get(const json& obj, const std::string& key, const std::string& path, T fallback) {
  if (!obj.contains(key) || obj[key].is_null()) return fallback;
  const auto& v = obj[key];
  std::string field = path.empty() ? key : path + "." + key;
  if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) fail(field, "must be a boolean");
  } else if constexpr (std::is_arithmetic_v<T>) {
    if (!v.is_number()) fail(field, "must be a number");
    if constexpr (std::is_integral_v<T>) {
      if (!v.is_number_integer()) fail(field, "must be an integer");
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) fail(field, "must be a string");
  }
  return v.get<T>();
}

void check_keys(const json& obj, const std::string& path, std::initializer_list<const char*> keys) {
  if (!obj.is_object()) fail(path.empty() ? "scenario" : path, "must be an object");
  std::set<std::string> known(keys.begin(), keys.end());
  for (const auto& [k, _] : obj.items()) {
    if (!known.count(k)) fail(path.empty() ? k : path + "." + k, "unknown field");
  }
}

Range get_range(const json& obj, const std::string& key, const std::string& path, Range fallback,
                double lo, double hi) {
  if (!obj.contains(key)) return fallback;
  const auto& v = obj[key];
  std::string field = path + "." + key;
  if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number())
    fail(field, "must be [min, max]");
  Range r{v[0].get<double>(), v[1].get<double>()};
  if (r.min > r.max || r.min < lo || r.max > hi)
    fail(field, "must satisfy " + std::to_string(static_cast<int>(lo)) +
                    " <= min <= max <= " + std::to_string(static_cast<int>(hi)));
  return r;
}

double in_range(double v, double lo, double hi, const std::string& field) {
  if (!(v >= lo && v <= hi)) {
    std::ostringstream os;
    os << "must be between " << lo << " and " << hi;
    fail(field, os.str());
  }
  return v;
}

std::string two_digits(int n) {
  return n < 10 ? "0" + std::to_string(n) : std::to_string(n);
}

std::string three_digits(int n) {
  return n < 10 ? "00" + std::to_string(n) : n < 100 ? "0" + std::to_string(n) : std::to_string(n);
}

std::string idx(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string digits(std::int64_t n, int width) {
  std::string d = std::to_string(n);
  return d.size() >= static_cast<std::size_t>(width)
             ? d
             : std::string(static_cast<std::size_t>(width) - d.size(), '0') + d;
}

bool all_digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// The pile list of a station; `id_for(i)` names the i-th pile when the spec has no explicit
// id, `ykc_code_for(i)` likewise for YKC piles (a pile code is 14 digits).
void parse_piles(const json& arr, const std::string& path, StationSpec& st,
                 const std::function<std::string(int)>& id_for,
                 const std::function<std::string(int)>& ykc_code_for) {
  if (!arr.is_array() || arr.empty()) fail(path, "must be a non-empty array");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const auto& p = arr[i];
    auto field = idx(path, i);
    check_keys(p, field, {"id", "idPrefix", "count", "protocol", "type", "powerKw", "connectors"});
    PileSpec spec;
    spec.protocol = get<std::string>(p, "protocol", field, "ocpp1.6");
    if (spec.protocol != "ocpp1.6" && spec.protocol != "ykc1.6")
      fail(field + ".protocol", "must be \"ocpp1.6\" or \"ykc1.6\"");
    const bool ykc = spec.protocol == "ykc1.6";
    // The YKC gateway reads a pile's CP56Time2a times as China Standard Time.
    if (ykc && st.utc_offset_minutes != 480)
      fail(field + ".protocol",
           "ykc1.6 piles keep China Standard Time: the station's "
           "utcOffsetMinutes must be 480");
    auto type = get<std::string>(p, "type", field, "DC");
    if (type != "AC" && type != "DC") fail(field + ".type", "must be \"AC\" or \"DC\"");
    spec.dc = type == "DC";
    double kw = in_range(get<double>(p, "powerKw", field, spec.dc ? 60.0 : 7.0), 1, 1000,
                         field + ".powerKw");
    spec.connector_power_w = static_cast<std::int64_t>(std::llround(kw * 1000.0));
    spec.connectors = static_cast<int>(
        in_range(get<int>(p, "connectors", field, 2), 1, 8, field + ".connectors"));
    int count =
        static_cast<int>(in_range(get<int>(p, "count", field, 1), 1, 100, field + ".count"));
    auto id = get<std::string>(p, "id", field, "");
    auto prefix = get<std::string>(p, "idPrefix", field, "");
    if (!id.empty() && count != 1) fail(field + ".id", "use idPrefix with count > 1");
    if (ykc && !id.empty() && (id.size() != 14 || !all_digits(id)))
      fail(field + ".id", "a ykc1.6 pile code is 14 digits");
    if (ykc && !prefix.empty() && (prefix.size() > 12 || !all_digits(prefix)))
      fail(field + ".idPrefix", "a ykc1.6 pile code prefix is 1..12 digits");
    for (int k = 1; k <= count; ++k) {
      PileSpec one = spec;
      if (ykc && id.empty()) {
        const int n = static_cast<int>(st.piles.size()) + 1;
        one.charge_point_id = prefix.empty()
                                  ? ykc_code_for(n)
                                  : prefix + digits(k, 14 - static_cast<int>(prefix.size()));
        if (one.charge_point_id.size() != 14)
          fail(field + ".count", "too many piles for the prefix");
      } else if (!id.empty()) {
        one.charge_point_id = id;
      } else if (!prefix.empty()) {
        one.charge_point_id = prefix + "-" + two_digits(k);
      } else {
        one.charge_point_id = id_for(static_cast<int>(st.piles.size()) + 1);
      }
      st.piles.push_back(std::move(one));
    }
  }
}

void parse_station_place(const json& s, const std::string& field, StationSpec& st) {
  st.latitude =
      in_range(get<double>(s, "latitude", field, st.latitude), -90, 90, field + ".latitude");
  st.longitude =
      in_range(get<double>(s, "longitude", field, st.longitude), -180, 180, field + ".longitude");
  st.time_zone = get<std::string>(s, "timeZone", field, st.time_zone);
  st.utc_offset_minutes =
      static_cast<int>(in_range(get<int>(s, "utcOffsetMinutes", field, st.utc_offset_minutes), -720,
                                840, field + ".utcOffsetMinutes"));
}

void parse_topology(const json& t, Scenario& sc) {
  check_keys(t, "topology", {"stations", "generate"});
  if (t.contains("stations")) {
    const auto& arr = t["stations"];
    if (!arr.is_array()) fail("topology.stations", "must be an array");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const auto& s = arr[i];
      auto field = idx("topology.stations", i);
      check_keys(s, field,
                 {"name", "latitude", "longitude", "timeZone", "utcOffsetMinutes", "piles"});
      StationSpec st;
      st.name = get<std::string>(s, "name", field, "");
      if (st.name.empty()) fail(field + ".name", "is required");
      parse_station_place(s, field, st);
      if (!s.contains("piles")) fail(field + ".piles", "is required");
      auto station_no = sc.stations.size() + 1;
      parse_piles(
          s["piles"], field + ".piles", st,
          [&](int k) {
            return "ST" + three_digits(static_cast<int>(station_no)) + "-" + two_digits(k);
          },
          [&](int k) {
            return "1" + digits(static_cast<std::int64_t>(station_no), 9) + digits(k, 4);
          });
      sc.stations.push_back(std::move(st));
    }
  }
  if (t.contains("generate")) {
    const auto& g = t["generate"];
    const std::string field = "topology.generate";
    check_keys(g, field,
               {"stations", "namePrefix", "idPrefix", "latitude", "longitude", "spreadKm",
                "timeZone", "utcOffsetMinutes", "piles"});
    int n = static_cast<int>(
        in_range(get<int>(g, "stations", field, 1), 1, 20'000, field + ".stations"));
    auto name_prefix = get<std::string>(g, "namePrefix", field, "Station");
    auto id_prefix = get<std::string>(g, "idPrefix", field, "GEN");
    double spread_km =
        in_range(get<double>(g, "spreadKm", field, 10.0), 0, 500, field + ".spreadKm");
    StationSpec proto;
    parse_station_place(g, field, proto);
    if (!g.contains("piles")) fail(field + ".piles", "is required");
    for (int i = 1; i <= n; ++i) {
      StationSpec st = proto;
      st.name = name_prefix + " " + three_digits(i);
      // A deterministic spiral around the centre (a golden-angle layout fills a disc evenly).
      double r_km = spread_km * std::sqrt((i - 0.5) / n);
      double a = i * 2.399963229728653;
      st.latitude = proto.latitude + r_km / 111.0 * std::sin(a);
      st.longitude =
          proto.longitude + r_km / (111.0 * std::cos(proto.latitude * M_PI / 180.0)) * std::cos(a);
      parse_piles(
          g["piles"], field + ".piles", st,
          [&](int k) { return id_prefix + "-" + three_digits(i) + "-" + two_digits(k); },
          [&](int k) { return "2" + digits(i, 9) + digits(k, 4); });
      sc.stations.push_back(std::move(st));
    }
  }
  if (sc.stations.empty()) fail("topology", "has no stations");
  // The CSMS's own rules (docs/api.md), so that a file `scenario check` passes also
  // provisions.
  std::set<std::string> ids, names;
  for (const auto& st : sc.stations) {
    if (st.name.empty() || st.name.size() > 100)
      fail("topology", "station name \"" + st.name + "\" must be 1..100 characters");
    if (!names.insert(st.name).second)
      fail("topology", "station name \"" + st.name + "\" appears twice");
    if (st.time_zone.empty() || st.time_zone.size() > 64)
      fail("topology", "timeZone must be 1..64 characters");
    for (const auto& p : st.piles) {
      const auto& id = p.charge_point_id;
      if (id.empty() || id.size() > 64)
        fail("topology", "chargePointId " + id + " must be 1..64 characters");
      for (unsigned char ch : id) {
        if (!std::isalnum(ch) && ch != '.' && ch != '_' && ch != ':' && ch != '-')
          fail("topology", "chargePointId " + id + " may only use A-Z a-z 0-9 . _ : -");
      }
      if (!ids.insert(id).second) fail("topology", "chargePointId " + id + " appears twice");
    }
  }
}

const std::array<double, 24> kCityProfile = {
    // Night valley, morning commute peak, midday plateau, evening peak.
    0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.7, 1.3, 1.6, 1.3, 1.0, 1.0,
    1.1, 1.0,  0.9, 1.0, 1.2,  1.6, 1.8, 1.6, 1.2, 0.9, 0.6, 0.35};

void parse_demand(const json& d, Scenario& sc) {
  check_keys(d, "demand", {"sessionsPerConnectorPerDay", "profile", "hourlyProfile"});
  sc.demand.sessions_per_connector_per_day =
      in_range(get<double>(d, "sessionsPerConnectorPerDay", "demand", 4.0), 0, 200,
               "demand.sessionsPerConnectorPerDay");
  auto profile = get<std::string>(d, "profile", "demand", "city");
  if (profile == "city") {
    sc.demand.hourly_profile = kCityProfile;
  } else if (profile == "flat") {
    sc.demand.hourly_profile.fill(1.0);
  } else {
    fail("demand.profile", "must be \"city\" or \"flat\" (or give hourlyProfile)");
  }
  if (d.contains("hourlyProfile")) {
    const auto& h = d["hourlyProfile"];
    if (!h.is_array() || h.size() != 24) fail("demand.hourlyProfile", "must be 24 numbers");
    double sum = 0;
    for (std::size_t i = 0; i < 24; ++i) {
      if (!h[i].is_number() || h[i].get<double>() < 0)
        fail(idx("demand.hourlyProfile", i), "must be a number >= 0");
      sc.demand.hourly_profile[i] = h[i].get<double>();
      sum += sc.demand.hourly_profile[i];
    }
    if (sum <= 0) fail("demand.hourlyProfile", "must not be all zero");
  }
}

void parse_population(const json& p, Scenario& sc) {
  const std::string f = "population";
  check_keys(p, f,
             {"drivers", "vehicleMix", "remoteStartShare", "appStopShare", "idleShare",
              "regularShare", "idleMinutes", "arrivalSocPct", "targetSocPct", "budgetMinutes"});
  auto& pop = sc.population;
  pop.drivers =
      static_cast<int>(in_range(get<int>(p, "drivers", f, 100), 1, 1'000'000, f + ".drivers"));
  if (p.contains("vehicleMix")) {
    const auto& m = p["vehicleMix"];
    if (!m.is_object() || m.empty()) fail(f + ".vehicleMix", "must be an object of weights");
    for (const auto& [k, v] : m.items()) {
      if (!find_vehicle_preset(k)) fail(f + ".vehicleMix." + k, "unknown vehicle preset");
      if (!v.is_number() || v.get<double>() < 0) fail(f + ".vehicleMix." + k, "must be >= 0");
      pop.vehicle_mix[k] = v.get<double>();
    }
  }
  pop.remote_start_share = in_range(get<double>(p, "remoteStartShare", f, pop.remote_start_share),
                                    0, 1, f + ".remoteStartShare");
  pop.app_stop_share =
      in_range(get<double>(p, "appStopShare", f, pop.app_stop_share), 0, 1, f + ".appStopShare");
  pop.idle_share = in_range(get<double>(p, "idleShare", f, pop.idle_share), 0, 1, f + ".idleShare");
  pop.regular_share =
      in_range(get<double>(p, "regularShare", f, pop.regular_share), 0, 1, f + ".regularShare");
  pop.idle_minutes = get_range(p, "idleMinutes", f, pop.idle_minutes, 0, 24 * 60);
  pop.arrival_soc_pct = get_range(p, "arrivalSocPct", f, pop.arrival_soc_pct, 0, 100);
  pop.target_soc_pct = get_range(p, "targetSocPct", f, pop.target_soc_pct, 1, 100);
  pop.budget_minutes = get_range(p, "budgetMinutes", f, pop.budget_minutes, 1, 48 * 60);
}

const std::set<std::string> kFaultKinds = {
    "connection_drop", "offline",    "reboot",     "power_cut",       "connector_fault",
    "meter_glitch",    "clock_skew", "frame_loss", "frame_duplicate", "slow_responses"};

void parse_faults(const json& arr, Scenario& sc) {
  if (!arr.is_array()) fail("faults", "must be an array");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const auto& j = arr[i];
    auto field = idx("faults", i);
    check_keys(j, field,
               {"kind", "at", "ratePerChargerPerDay", "share", "duration", "probability", "delayMs",
                "skewMs", "from", "until", "note"});
    FaultSpec f;
    f.kind = get<std::string>(j, "kind", field, "");
    if (!kFaultKinds.count(f.kind)) fail(field + ".kind", "unknown kind \"" + f.kind + "\"");
    if (j.contains("at")) {
      const auto& at = j["at"];
      if (!at.is_array()) fail(field + ".at", "must be an array of durations from the start");
      for (std::size_t k = 0; k < at.size(); ++k)
        f.at_ms.push_back(parse_duration(at[k], idx(field + ".at", k)));
    }
    f.rate_per_charger_per_day = in_range(get<double>(j, "ratePerChargerPerDay", field, 0), 0,
                                          10'000, field + ".ratePerChargerPerDay");
    f.share = in_range(get<double>(j, "share", field, 1.0), 0, 1, field + ".share");
    if (j.contains("duration")) f.duration_ms = parse_duration(j["duration"], field + ".duration");
    f.probability = in_range(get<double>(j, "probability", field, 0), 0, 1, field + ".probability");
    f.delay_ms = static_cast<Millis>(
        in_range(get<double>(j, "delayMs", field, 0), 0, 600'000, field + ".delayMs"));
    f.skew_ms = static_cast<Millis>(
        in_range(get<double>(j, "skewMs", field, 0), -86'400'000, 86'400'000, field + ".skewMs"));
    if (j.contains("from")) f.from_ms = parse_duration(j["from"], field + ".from");
    if (j.contains("until")) f.until_ms = parse_duration(j["until"], field + ".until");
    bool wire = f.kind == "frame_loss" || f.kind == "frame_duplicate" || f.kind == "slow_responses";
    if (!wire && f.kind != "clock_skew" && f.at_ms.empty() && f.rate_per_charger_per_day <= 0)
      fail(field, "needs \"at\" or \"ratePerChargerPerDay\"");
    if ((f.kind == "frame_loss" || f.kind == "frame_duplicate") && f.probability <= 0)
      fail(field + ".probability", "is required for " + f.kind);
    if (f.kind == "slow_responses" && f.delay_ms <= 0) fail(field + ".delayMs", "is required");
    if (f.kind == "offline" && f.duration_ms <= 0) fail(field + ".duration", "is required");
    sc.faults.push_back(std::move(f));
  }
}

void parse_expectations(const json& arr, Scenario& sc) {
  if (!arr.is_array()) fail("expectations", "must be an array");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const auto& j = arr[i];
    Expectation e;
    if (j.is_string()) {
      e.check = j.get<std::string>();
    } else if (j.is_object() && j.contains("check") && j["check"].is_string()) {
      e.check = j["check"].get<std::string>();
      e.params = j;
      e.params.erase("check");
    } else {
      fail(idx("expectations", i), "must be a check name or {\"check\": name, ...}");
    }
    sc.expectations.push_back(std::move(e));
  }
}

}  // namespace

Millis parse_duration(const json& v, const std::string& field) {
  if (v.is_number()) {
    double s = v.get<double>();
    if (!std::isfinite(s) || s < 0) fail(field, "must not be negative");
    return static_cast<Millis>(std::llround(s * 1000.0));
  }
  if (!v.is_string()) fail(field, "must be a duration such as \"90s\", \"15m\", \"2h\" or \"1d\"");
  auto s = v.get<std::string>();
  if (s.size() < 2) fail(field, "must be a duration such as \"90s\", \"15m\", \"2h\" or \"1d\"");
  char unit = s.back();
  std::int64_t mult = unit == 's'   ? 1'000
                      : unit == 'm' ? 60'000
                      : unit == 'h' ? 3'600'000
                      : unit == 'd' ? 86'400'000
                                    : 0;
  if (mult == 0) fail(field, "unit must be s, m, h or d");
  try {
    std::size_t used = 0;
    auto number = s.substr(0, s.size() - 1);
    // Plain decimals only: stod would also take " 2", "+2", "1e3", "inf" and "nan".
    if (number.empty() || !std::isdigit(static_cast<unsigned char>(number[0])) ||
        number.find_first_not_of("0123456789.") != std::string::npos)
      throw std::invalid_argument("");
    double n = std::stod(number, &used);
    if (used != number.size() || !std::isfinite(n) || n < 0) throw std::invalid_argument("");
    return static_cast<Millis>(std::llround(n * static_cast<double>(mult)));
  } catch (const std::exception&) {
    fail(field, "\"" + s + "\" is not a duration");
  }
}

std::string driver_id_tag(int index) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "DRV%05d", index);
  return buf;
}

std::string driver_card_tag(int index) {
  return "DA" + digits(index, 14);
}

bool Scenario::has_protocol(const std::string& protocol) const {
  for (const auto& s : stations) {
    for (const auto& p : s.piles) {
      if (p.protocol == protocol) return true;
    }
  }
  return false;
}

int Scenario::pile_count() const {
  int n = 0;
  for (const auto& s : stations) n += static_cast<int>(s.piles.size());
  return n;
}

int Scenario::connector_count() const {
  int n = 0;
  for (const auto& s : stations)
    for (const auto& p : s.piles) n += p.connectors;
  return n;
}

Scenario parse_scenario(const json& j) {
  check_keys(
      j, "",
      {"$schema", "name", "description", "seed", "start", "duration", "drain", "stepMs",
       "chargerSettings", "topology", "population", "demand", "faults", "expectations", "tariff"});
  Scenario sc;
  sc.name = get<std::string>(j, "name", "", "");
  if (sc.name.empty()) fail("name", "is required");
  sc.description = get<std::string>(j, "description", "", "");
  sc.seed = get<std::uint64_t>(j, "seed", "", 1);
  auto start = get<std::string>(j, "start", "", "2026-01-05T00:00:00Z");
  auto dt = ocpp16::parse_datetime(start);
  if (!dt) fail("start", "must be an RFC 3339 date-time");
  sc.start_ms = dt->epoch_ms;
  if (!j.contains("duration")) fail("duration", "is required");
  sc.duration_ms = parse_duration(j["duration"], "duration");
  if (sc.duration_ms <= 0) fail("duration", "must be positive");
  if (j.contains("drain")) sc.drain_ms = parse_duration(j["drain"], "drain");
  sc.step_ms =
      static_cast<Millis>(in_range(get<double>(j, "stepMs", "", 1000), 100, 60'000, "stepMs"));
  if (j.contains("chargerSettings")) {
    const auto& c = j["chargerSettings"];
    check_keys(c, "chargerSettings", {"heartbeatIntervalS", "meterValueSampleIntervalS"});
    sc.heartbeat_interval_s =
        static_cast<int>(in_range(get<int>(c, "heartbeatIntervalS", "chargerSettings", 300), 10,
                                  86'400, "chargerSettings.heartbeatIntervalS"));
    sc.meter_value_sample_interval_s =
        static_cast<int>(in_range(get<int>(c, "meterValueSampleIntervalS", "chargerSettings", 60),
                                  0, 3'600, "chargerSettings.meterValueSampleIntervalS"));
  }
  if (!j.contains("topology")) fail("topology", "is required");
  parse_topology(j["topology"], sc);
  parse_population(j.value("population", json::object()), sc);
  if (sc.population.vehicle_mix.empty()) {
    for (const auto& v : vehicle_presets()) sc.population.vehicle_mix[v.preset] = 1.0;
  }
  parse_demand(j.value("demand", json::object()), sc);
  if (j.contains("faults")) parse_faults(j["faults"], sc);
  if (j.contains("expectations")) parse_expectations(j["expectations"], sc);
  if (j.contains("tariff")) {
    // Checked in full by the CSMS when provisioned (its errors name the field).
    if (!j["tariff"].is_object()) fail("tariff", "must be a tariff version object");
    sc.tariff = j["tariff"];
  }
  return sc;
}

Scenario load_scenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ScenarioError(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = json::parse(ss.str(), nullptr, false, true);
  if (j.is_discarded()) throw ScenarioError(path + ": not valid JSON");
  try {
    return parse_scenario(j);
  } catch (const ScenarioError& e) {
    throw ScenarioError(path + ": " + e.what());
  }
}

}  // namespace ct::sim
