// Provisions a scenario's world in the CSMS through its REST API, as an operator would:
// a tenant named after the scenario, its stations and piles, and one id tag per driver.
// Idempotent, so a scenario can run again against the same server: what exists (409) is
// looked up and reused; only the tenant token is new every time.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "simulator/csms_api.hpp"
#include "simulator/twin/scenario.hpp"

namespace ct::sim {

struct ScenarioAccounts {
  std::int64_t tenant_id = 0;
  std::string tenant_token;
  std::map<std::string, std::int64_t> pile_ids;  // chargePointId -> pile id
};

// Throws ApiError with the failing call and the server's answer.
ScenarioAccounts provision_scenario(const CsmsApi& api, const std::string& platform_token,
                                    const Scenario& scenario);

}  // namespace ct::sim
