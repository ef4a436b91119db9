// End-of-run checks: what the simulated chargers know to be true (their registers,
// their sessions, their connector states) against what the CSMS recorded, read back
// through its REST API. Each check reports on its own, with the first offenders named.
//
//  settled                    every session ended and every charger is back online before
//                             the drain deadline
//  transactions_closed        no transaction is left active in the CSMS, and every session
//                             a charger started was acknowledged as stopped
//  transactions_stored        the CSMS holds exactly the chargers' transactions: none
//                             missing, none it made up
//  energy_matches_register    per transaction, the CSMS's meterStart/meterStop equal the
//                             charger's register readings at start and stop
//  connectors_in_sync         every connector's status in the CSMS equals the charger's
//                             (no stale state after the last reconnect)
//  chargers_online            every charger is connected and accepted, and the CSMS shows
//                             exactly those online
//  no_unexpected_call_errors  CALLERRORs in either direction <= "max" (default 0)
//  min_sessions               at least "min" sessions completed (default 1)
//  state_machine_respected    no charger attempted a connector transition OCPP forbids
//  orders_billed              every completed session is a settled order of the charger's
//                             energy whose stored bill equals its recomputation
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "simulator/twin/scenario.hpp"

namespace ct::sim {

class CsmsApi;
class World;

struct ExpectationResult {
  std::string check;
  bool passed = false;
  bool skipped = false;  // could not be checked (no access to the CSMS's records): not a failure
  std::string detail;
};

struct RunEvidence {
  const World& world;
  const CsmsApi* api = nullptr;  // null: checks that need the CSMS's records are skipped
  std::string tenant_token;
  bool settled = false;
  // Transactions the CSMS held before the run (an earlier run against the same server):
  // not this run's business.
  std::set<std::int64_t> earlier_transactions;
  // Virtual seconds per server second when the piles' clocks run ahead of the server's (a
  // network run at --speed above 1); 1 when they agree (in-process, or real time). A YKC
  // pile's real-time data carries no time, so the server prices it by its own clock: at
  // speed above 1 its bill cannot agree with the pile's, and bill_mismatch is only noted.
  double pile_clock_speed = 1.0;
};

const std::vector<std::string>& known_checks();
// Throws ScenarioError for a check name it does not know.
void validate_expectations(const Scenario& scenario);
std::vector<ExpectationResult> check_expectations(const Scenario& scenario,
                                                  const RunEvidence& evidence);

}  // namespace ct::sim
