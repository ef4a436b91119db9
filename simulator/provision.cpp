#include "simulator/provision.hpp"

#include <cstdio>
#include <map>

#include "simulator/csms_api.hpp"
#include "simulator/http_client.hpp"
#include "simulator/tariffs.hpp"

namespace ct::sim {

namespace {

using nlohmann::json;

std::string padded(const char* prefix, int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%04d", prefix, index);
  return buf;
}

// Decimal degrees as a string with exactly 6 decimals (the API refuses more).
std::string degrees(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

// The demo's provisioning speaks of its own failures as ProvisionError.
template <class F>
auto guarded(F&& f) {
  try {
    return f();
  } catch (const ApiError& e) {
    throw ProvisionError(std::string("provisioning: ") + e.what());
  }
}

class Api {
 public:
  explicit Api(const ProvisionOptions& o) : api_(http_csms_api(o.host, o.port)) {}

  HttpReply call(const std::string& method, const std::string& target, const std::string& token,
                 const json& body = nullptr) const {
    return guarded([&] { return api_.call(method, target, token, body); });
  }
  json expect(const std::string& method, const std::string& target, const std::string& token,
              const json& body, std::initializer_list<int> ok) const {
    return guarded([&] { return api_.expect(method, target, token, body, ok); });
  }
  std::vector<json> list(const std::string& target, const std::string& token) const {
    return guarded([&] { return api_.list(target, token); });
  }

 private:
  CsmsApi api_;
};

}  // namespace

DemoPileSpec demo_pile_spec(int index) {
  DemoPileSpec s;
  s.charge_point_id = padded("SIM-", index);
  s.dc = index % 3 != 0;
  s.connector_max_w = s.dc ? 60'000 : 7'000;
  s.connectors = 2;
  return s;
}

std::string demo_id_tag(int index) {
  return padded("SIMTAG", index);
}

int demo_id_tag_count(int chargers) {
  return std::max(10, 2 * chargers);
}

std::vector<ChargerConfig> demo_charger_configs(int total, int first, int count) {
  if (count < 0) count = total - first;
  // A window rather than every tag: the tag list is copied into each charger's config,
  // and all 2 * total tags in each of 10,000 chargers would take gigabytes. Windows of
  // neighbouring chargers overlap, so drivers still share chargers.
  constexpr int kTagsPerCharger = 10;
  const int tags = demo_id_tag_count(total);
  std::vector<ChargerConfig> out;
  out.reserve(static_cast<std::size_t>(std::max(0, count)));
  for (int i = first; i < first + count; ++i) {
    auto spec = demo_pile_spec(i + 1);
    ChargerConfig c;
    c.charge_point_id = spec.charge_point_id;
    c.vendor = "ChargeTwin";
    c.model = spec.dc ? "SimDC120" : "SimAC14";
    c.connectors = spec.connectors;
    c.max_power_w = spec.connector_max_w;
    c.dc = spec.dc;
    c.id_tags.clear();
    for (int k = 0; k < kTagsPerCharger; ++k)
      c.id_tags.push_back(demo_id_tag((2 * i + k) % tags + 1));
    out.push_back(std::move(c));
  }
  return out;
}

std::string demo_ykc_pile_code(int index) {
  return padded("3101150000", index);
}

std::string demo_ykc_card(int index) {
  return padded("00000000DE00", index);
}

int demo_ykc_card_count(int piles) {
  return std::max(4, 2 * piles);
}

std::vector<YkcChargerConfig> demo_ykc_configs(int count, double speed) {
  const auto real = [speed](std::int64_t ms) {
    return static_cast<std::int64_t>(static_cast<double>(ms) * std::max(1.0, speed));
  };
  const int cards = demo_ykc_card_count(count);
  std::vector<YkcChargerConfig> out;
  for (int i = 1; i <= count; ++i) {
    YkcChargerConfig c;
    c.pile_code = demo_ykc_pile_code(i);
    c.guns = 2;
    c.dc = true;
    c.max_power_w = 60'000;
    c.response_timeout_ms = real(10'000);
    // Heartbeats every 10 s of wall time: the gateway's three-missed rule runs on it.
    c.heartbeat_interval_s = std::max<std::int64_t>(10, real(10'000) / 1000);
    // A driver every few minutes per gun, for 5 to 20 minutes: busy enough to watch at 1x.
    c.mean_interarrival_s = 300;
    c.min_session_budget_s = 5 * 60;
    c.max_session_budget_s = 20 * 60;
    c.cards.clear();
    for (int k = 0; k < 4; ++k) c.cards.push_back(demo_ykc_card((2 * (i - 1) + k) % cards + 1));
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

// Creates the pile, or finds it when it exists (in this tenant, or unbound after it logged
// in before it was provisioned); the pile's id.
std::int64_t ensure_pile(const Api& api, const std::string& tt, std::int64_t station,
                         const std::string& charge_point_id, const json& body) {
  auto r = api.call("POST", "/api/v1/stations/" + std::to_string(station) + "/piles", tt, body);
  if (r.status == 201) return r.data()["id"].get<std::int64_t>();
  if (r.status != 409) {
    throw ProvisionError("provisioning: POST pile " + charge_point_id + " -> " +
                         std::to_string(r.status) + " " + r.body);
  }
  for (const auto& p : api.list("/api/v1/piles?q=" + url_encode(charge_point_id), tt)) {
    if (p.value("chargePointId", "") == charge_point_id) return p["id"].get<std::int64_t>();
  }
  for (const auto& p : api.list("/api/v1/piles/unbound", tt)) {
    if (p.value("chargePointId", "") == charge_point_id) {
      auto b = api.expect("POST",
                          "/api/v1/piles/" + std::to_string(p["id"].get<std::int64_t>()) + "/bind",
                          tt, {{"stationId", station}}, {200});
      return b["id"].get<std::int64_t>();
    }
  }
  throw ProvisionError("provisioning: chargePointId " + charge_point_id +
                       " belongs to another tenant");
}

}  // namespace

ProvisionResult provision_demo(const ProvisionOptions& o) {
  Api api(o);
  const std::string& pt = o.platform_token;
  ProvisionResult out;

  // Tenant: reuse by name.
  for (const auto& t : api.list("/api/v1/tenants", pt)) {
    if (t.value("name", "") == kDemoTenantName) out.tenant_id = t["id"].get<std::int64_t>();
  }
  if (out.tenant_id == 0) {
    auto t = api.expect("POST", "/api/v1/tenants", pt, {{"name", kDemoTenantName}}, {201});
    out.tenant_id = t["id"].get<std::int64_t>();
  }
  auto tok = api.expect("POST", "/api/v1/tenants/" + std::to_string(out.tenant_id) + "/api-tokens",
                        pt, {{"label", "demo-fleet"}}, {201});
  out.tenant_token = tok["token"].get<std::string>();
  const std::string& tt = out.tenant_token;

  // Stations: one per 10 piles, reused by name.
  std::map<std::string, std::int64_t> stations;
  for (const auto& s : api.list("/api/v1/stations?q=" + url_encode("Demo Station"), tt)) {
    stations[s.value("name", "")] = s["id"].get<std::int64_t>();
  }
  int n_stations = (o.chargers + 9) / 10;
  for (int i = 1; i <= n_stations; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "Demo Station %02d", i);
    auto it = stations.find(name);
    if (it != stations.end()) {
      out.station_ids.push_back(it->second);
      continue;
    }
    // Spread around People's Square, Shanghai.
    double lat = 31.230416 + 0.011 * ((i * 7) % 11 - 5);
    double lon = 121.473701 + 0.013 * ((i * 5) % 13 - 6);
    auto s = api.expect("POST", "/api/v1/stations", tt,
                        {{"name", name},
                         {"address", std::to_string(100 + i) + " Demo Road"},
                         {"city", "Shanghai"},
                         {"latitude", degrees(lat)},
                         {"longitude", degrees(lon)},
                         {"timeZone", "Asia/Shanghai"},
                         {"openingHours", "00:00-24:00"}},
                        {201});
    out.station_ids.push_back(s["id"].get<std::int64_t>());
  }

  // Every demo station is priced with the time-of-use tariff (its orders get bills).
  std::int64_t tariff_id = 0;
  for (const auto& t : api.list("/api/v1/tariffs", tt)) {
    if (t.value("name", "") == "Demo TOU") tariff_id = t["id"].get<std::int64_t>();
  }
  if (tariff_id == 0) {
    tariff_id = api.expect("POST", "/api/v1/tariffs", tt,
                           {{"name", "Demo TOU"}, {"version", time_of_use_tariff()}}, {201})["id"]
                    .get<std::int64_t>();
  }
  for (auto station : out.station_ids) {
    api.expect("PUT", "/api/v1/stations/" + std::to_string(station) + "/tariff", tt,
               {{"tariffId", tariff_id}}, {200});
  }

  // Piles: create; on 409 find it in this tenant, else claim it from the unbound list
  // (a simulated charger that connected before it was provisioned).
  for (int i = 1; i <= o.chargers; ++i) {
    auto spec = demo_pile_spec(i);
    auto station = out.station_ids[static_cast<std::size_t>((i - 1) / 10)];
    json connectors = json::array();
    for (int c = 1; c <= spec.connectors; ++c) {
      connectors.push_back({{"connectorId", c},
                            {"maxPowerW", spec.connector_max_w},
                            {"type", spec.dc ? "GBT-DC" : "GBT-AC"}});
    }
    json body{{"chargePointId", spec.charge_point_id},
              {"name", "Bay " + std::to_string(i)},
              {"vendor", "ChargeTwin"},
              {"model", spec.dc ? "SimDC120" : "SimAC14"},
              {"currentType", spec.dc ? "DC" : "AC"},
              {"maxPowerW", spec.connector_max_w * spec.connectors},
              {"connectors", connectors}};
    const auto pile_id = ensure_pile(api, tt, station, spec.charge_point_id, body);
    out.pile_ids.push_back(pile_id);
    out.charge_point_ids.push_back(spec.charge_point_id);
  }

  // YKC piles: one station of their own (China Standard Time, as the piles keep).
  if (o.ykc_piles > 0) {
    std::int64_t station = 0;
    for (const auto& s : api.list("/api/v1/stations?q=" + url_encode("Demo Station YKC"), tt)) {
      if (s.value("name", "") == "Demo Station YKC") station = s["id"].get<std::int64_t>();
    }
    if (station == 0) {
      station = api.expect("POST", "/api/v1/stations", tt,
                           {{"name", "Demo Station YKC"},
                            {"address", "1 YKC Road"},
                            {"city", "Shanghai"},
                            {"latitude", degrees(31.224361)},
                            {"longitude", degrees(121.469170)},
                            {"timeZone", "Asia/Shanghai"},
                            {"openingHours", "00:00-24:00"}},
                           {201})["id"]
                    .get<std::int64_t>();
    }
    out.station_ids.push_back(station);
    api.expect("PUT", "/api/v1/stations/" + std::to_string(station) + "/tariff", tt,
               {{"tariffId", tariff_id}}, {200});
    for (int i = 1; i <= o.ykc_piles; ++i) {
      const auto code = demo_ykc_pile_code(i);
      json connectors = json::array();
      for (int c = 1; c <= 2; ++c)
        connectors.push_back({{"connectorId", c}, {"maxPowerW", 60'000}, {"type", "GBT-DC"}});
      json body{{"chargePointId", code}, {"name", "YKC bay " + std::to_string(i)},
                {"protocol", "ykc1.6"},  {"vendor", "ChargeTwin"},
                {"model", "SimYKC60"},   {"currentType", "DC"},
                {"maxPowerW", 120'000},  {"connectors", connectors}};
      out.pile_ids.push_back(ensure_pile(api, tt, station, code, body));
      out.charge_point_ids.push_back(code);
    }
    for (int i = 1; i <= demo_ykc_card_count(o.ykc_piles); ++i) {
      auto card = demo_ykc_card(i);
      api.expect("POST", "/api/v1/id-tags", tt,
                 {{"idTag", card},
                  {"kind", "rfid"},
                  {"status", "Accepted"},
                  {"holder", "Demo YKC card " + std::to_string(i)}},
                 {201, 409});
      out.id_tags.push_back(card);
    }
  }

  // Id tags: 409 = already there.
  for (int i = 1; i <= demo_id_tag_count(o.chargers); ++i) {
    auto tag = demo_id_tag(i);
    api.expect(
        "POST", "/api/v1/id-tags", tt,
        {{"idTag", tag}, {"status", "Accepted"}, {"holder", "Demo driver " + std::to_string(i)}},
        {201, 409});
    out.id_tags.push_back(tag);
  }
  return out;
}

}  // namespace ct::sim
