#include "simulator/twin/provisioning.hpp"

#include <cstdio>

#include "simulator/tariffs.hpp"

namespace ct::sim {

using nlohmann::json;

namespace {

// The API takes at most six decimals.
std::string degrees(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

}  // namespace

ScenarioAccounts provision_scenario(const CsmsApi& api, const std::string& pt, const Scenario& sc) {
  ScenarioAccounts out;
  const std::string tenant_name = "Scenario " + sc.name;
  for (const auto& t : api.list("/api/v1/tenants", pt)) {
    if (t.value("name", "") == tenant_name) out.tenant_id = t["id"].get<std::int64_t>();
  }
  if (out.tenant_id == 0) {
    auto t = api.expect("POST", "/api/v1/tenants", pt, {{"name", tenant_name}}, {201});
    out.tenant_id = t["id"].get<std::int64_t>();
  }
  auto tok = api.expect("POST", "/api/v1/tenants/" + std::to_string(out.tenant_id) + "/api-tokens",
                        pt, {{"label", "scenario-runner"}}, {201});
  out.tenant_token = tok["token"].get<std::string>();
  const auto& tt = out.tenant_token;

  std::map<std::string, std::int64_t> stations;
  for (const auto& s : api.list("/api/v1/stations", tt)) {
    stations[s.value("name", "")] = s["id"].get<std::int64_t>();
  }
  std::map<std::string, std::int64_t> piles;
  for (const auto& p : api.list("/api/v1/piles", tt)) {
    piles[p.value("chargePointId", "")] = p["id"].get<std::int64_t>();
  }
  // One tariff prices every station of the scenario; reused by name on a kept database.
  const std::string tariff_name = "Scenario " + sc.name;
  std::int64_t tariff_id = 0;
  for (const auto& t : api.list("/api/v1/tariffs", tt)) {
    if (t.value("name", "") == tariff_name) tariff_id = t["id"].get<std::int64_t>();
  }
  if (tariff_id == 0) {
    auto t = api.expect(
        "POST", "/api/v1/tariffs", tt,
        {{"name", tariff_name}, {"version", sc.tariff.empty() ? time_of_use_tariff() : sc.tariff}},
        {201});
    tariff_id = t["id"].get<std::int64_t>();
  }
  for (const auto& st : sc.stations) {
    std::int64_t station_id = 0;
    if (auto it = stations.find(st.name); it != stations.end()) {
      station_id = it->second;
    } else {
      auto s = api.expect("POST", "/api/v1/stations", tt,
                          {{"name", st.name},
                           {"latitude", degrees(st.latitude)},
                           {"longitude", degrees(st.longitude)},
                           {"timeZone", st.time_zone},
                           {"openingHours", "00:00-24:00"}},
                          {201});
      station_id = s["id"].get<std::int64_t>();
    }
    api.expect("PUT", "/api/v1/stations/" + std::to_string(station_id) + "/tariff", tt,
               {{"tariffId", tariff_id}}, {200});
    for (const auto& p : st.piles) {
      if (auto it = piles.find(p.charge_point_id); it != piles.end()) {
        out.pile_ids[p.charge_point_id] = it->second;
        continue;
      }
      json connectors = json::array();
      for (int c = 1; c <= p.connectors; ++c) {
        connectors.push_back({{"connectorId", c},
                              {"maxPowerW", p.connector_power_w},
                              {"type", p.dc ? "GBT-DC" : "GBT-AC"}});
      }
      json body{{"chargePointId", p.charge_point_id},
                {"vendor", "ChargeTwin"},
                {"model", p.dc ? "TwinDC" : "TwinAC"},
                {"currentType", p.dc ? "DC" : "AC"},
                {"maxPowerW", p.connector_power_w * p.connectors},
                {"protocol", p.protocol},
                {"connectors", connectors}};
      auto r =
          api.call("POST", "/api/v1/stations/" + std::to_string(station_id) + "/piles", tt, body);
      if (r.status == 201) {
        out.pile_ids[p.charge_point_id] = r.data()["id"].get<std::int64_t>();
        continue;
      }
      if (r.status != 409) {
        throw ApiError("POST pile " + p.charge_point_id + " -> " + std::to_string(r.status) + " " +
                       r.body);
      }
      // Known to the platform but not this tenant's: an unbound charger that connected
      // before it was provisioned can be claimed; anything else belongs to someone else.
      for (const auto& u : api.list("/api/v1/piles/unbound", tt)) {
        if (u.value("chargePointId", "") != p.charge_point_id) continue;
        auto b = api.expect(
            "POST", "/api/v1/piles/" + std::to_string(u["id"].get<std::int64_t>()) + "/bind", tt,
            {{"stationId", station_id}}, {200});
        out.pile_ids[p.charge_point_id] = b["id"].get<std::int64_t>();
      }
      if (!out.pile_ids.count(p.charge_point_id)) {
        throw ApiError("chargePointId " + p.charge_point_id + " belongs to another tenant");
      }
    }
  }
  const bool ykc = sc.has_protocol("ykc1.6");
  for (int i = 1; i <= sc.population.drivers; ++i) {
    api.expect("POST", "/api/v1/id-tags", tt,
               {{"idTag", driver_id_tag(i)},
                {"kind", "rfid"},
                {"status", "Accepted"},
                {"holder", "Simulated driver " + std::to_string(i)}},
               {201, 409});
    if (ykc) {
      api.expect("POST", "/api/v1/id-tags", tt,
                 {{"idTag", driver_card_tag(i)},
                  {"kind", "rfid"},
                  {"status", "Accepted"},
                  {"holder", "Simulated driver " + std::to_string(i) + " (card at YKC piles)"}},
                 {201, 409});
    }
  }
  return out;
}

}  // namespace ct::sim
