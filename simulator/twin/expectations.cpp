#include "simulator/twin/expectations.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "simulator/csms_api.hpp"
#include "simulator/twin/world.hpp"

namespace ct::sim {

using nlohmann::json;

namespace {

// Names the first few offenders and how many there were in all.
class Offenders {
 public:
  void add(const std::string& what) {
    if (shown_.size() < 5) shown_.push_back(what);
    ++count_;
  }
  bool empty() const { return count_ == 0; }
  std::string text() const {
    std::ostringstream os;
    os << count_ << ": ";
    for (std::size_t i = 0; i < shown_.size(); ++i) os << (i ? "; " : "") << shown_[i];
    if (count_ > static_cast<std::int64_t>(shown_.size())) os << "; ...";
    return os.str();
  }

 private:
  std::vector<std::string> shown_;
  std::int64_t count_ = 0;
};

struct CsmsRecords {
  std::map<std::int64_t, json> transactions;                          // by id
  std::map<std::pair<std::string, std::string>, std::int64_t> named;  // (cpid, reference) -> id
  std::map<std::string, json> piles;                                  // by chargePointId
};

struct ChargerTx {
  std::string cpid;
  TwinSession session;
  std::string name() const {
    return cpid + (session.transaction_id
                       ? " transaction " + std::to_string(*session.transaction_id)
                       : " session " + session.reference);
  }
};

std::int64_t int_or(const json& j, const char* key, std::int64_t fallback) {
  return j.contains(key) && j[key].is_number_integer() ? j[key].get<std::int64_t>() : fallback;
}

}  // namespace

const std::vector<std::string>& known_checks() {
  static const std::vector<std::string> names = {"settled",
                                                 "transactions_closed",
                                                 "transactions_stored",
                                                 "energy_matches_register",
                                                 "connectors_in_sync",
                                                 "chargers_online",
                                                 "no_unexpected_call_errors",
                                                 "min_sessions",
                                                 "state_machine_respected",
                                                 "orders_billed"};
  return names;
}

void validate_expectations(const Scenario& sc) {
  const auto& known = known_checks();
  for (std::size_t i = 0; i < sc.expectations.size(); ++i) {
    const auto& e = sc.expectations[i];
    const std::string field = "expectations[" + std::to_string(i) + "]";
    if (std::find(known.begin(), known.end(), e.check) == known.end()) {
      throw ScenarioError(field + ": unknown check \"" + e.check + "\"");
    }
    // The only parameters there are: a count each, checked now rather than after a run.
    const char* param = e.check == "min_sessions"                ? "min"
                        : e.check == "no_unexpected_call_errors" ? "max"
                                                                 : nullptr;
    for (const auto& [k, v] : e.params.items()) {
      if (param == nullptr || k != param)
        throw ScenarioError(field + "." + k + ": " + e.check + " takes no such parameter");
      if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
        throw ScenarioError(field + "." + k + ": must be an integer >= 0");
    }
  }
}

std::vector<ExpectationResult> check_expectations(const Scenario& sc, const RunEvidence& ev) {
  const auto& chargers = ev.world.chargers();
  auto stats = ev.world.stats();

  // The CSMS's side, read once.
  std::optional<CsmsRecords> csms;
  std::string csms_error;
  bool needs_csms = false;
  for (const auto& e : sc.expectations) {
    needs_csms |= e.check == "transactions_closed" || e.check == "transactions_stored" ||
                  e.check == "energy_matches_register" || e.check == "connectors_in_sync" ||
                  e.check == "chargers_online" || e.check == "orders_billed";
  }
  if (needs_csms && ev.api != nullptr) {
    try {
      CsmsRecords r;
      for (auto& t : ev.api->list("/api/v1/transactions", ev.tenant_token)) {
        auto id = t["id"].get<std::int64_t>();
        if (ev.earlier_transactions.count(id)) continue;
        if (t["reference"].is_string())
          r.named[{t.value("chargePointId", ""), t["reference"].get<std::string>()}] = id;
        r.transactions[id] = t;
      }
      for (auto& p : ev.api->list("/api/v1/piles", ev.tenant_token))
        r.piles[p.value("chargePointId", "")] = p;
      csms = std::move(r);
    } catch (const std::exception& e) {
      csms_error = e.what();
    }
  }

  // The chargers' side: every session the CSMS should know, by the CSMS's transaction id.
  // OCPP sessions carry the id the CSMS gave; YKC sessions are found by their serial (a
  // session the CSMS does not know under its serial is `unmatched`).
  std::map<std::int64_t, ChargerTx> charger_txs;
  std::vector<ChargerTx> unmatched;
  for (const auto& c : chargers) {
    for (auto& r : c->sessions()) {
      ChargerTx tx{c->id(), std::move(r)};
      if (tx.session.transaction_id) {
        charger_txs[*tx.session.transaction_id] = std::move(tx);
      } else if (!tx.session.reference.empty()) {
        std::optional<std::int64_t> id;
        if (csms) {
          if (auto it = csms->named.find({tx.cpid, tx.session.reference}); it != csms->named.end())
            id = it->second;
        }
        if (id)
          charger_txs[*id] = std::move(tx);
        else
          unmatched.push_back(std::move(tx));
      }
    }
  }

  std::vector<ExpectationResult> out;
  for (const auto& e : sc.expectations) {
    ExpectationResult res{e.check, false, false, ""};
    bool uses_csms = e.check == "transactions_closed" || e.check == "transactions_stored" ||
                     e.check == "energy_matches_register" || e.check == "connectors_in_sync" ||
                     e.check == "chargers_online" || e.check == "orders_billed";
    if (uses_csms && !csms) {
      // Against a CSMS whose API we cannot read (any other vendor's) the check is skipped,
      // not failed; a ChargeTwin API that fails to answer is a failure.
      res.skipped = ev.api == nullptr;
      res.detail = ev.api == nullptr ? "skipped: no access to the CSMS's records (--platform-token)"
                                     : "reading the CSMS's records failed: " + csms_error;
      out.push_back(std::move(res));
      continue;
    }
    Offenders bad;
    if (e.check == "settled") {
      res.passed = ev.settled;
      std::int64_t open = 0, offline = 0;
      for (const auto& c : chargers) {
        if (!c->quiescent()) ++open;
        if (!c->online()) ++offline;
      }
      res.detail = ev.settled ? "all sessions ended, all chargers online"
                              : std::to_string(open) + " charger(s) still busy, " +
                                    std::to_string(offline) + " not online at the drain deadline";
    } else if (e.check == "transactions_closed") {
      for (const auto& [id, t] : csms->transactions) {
        if (t.value("state", "") == "active")
          bad.add("transaction " + std::to_string(id) + " on " + t.value("chargePointId", "") +
                  " still active in the CSMS");
      }
      for (const auto& [id, ct] : charger_txs) {
        if (!ct.session.stop_acknowledged) bad.add(ct.name() + " never acknowledged as stopped");
      }
      for (const auto& ct : unmatched) {
        if (!ct.session.stop_acknowledged) bad.add(ct.name() + " never acknowledged as stopped");
      }
      res.passed = bad.empty();
      res.detail = res.passed
                       ? std::to_string(csms->transactions.size()) + " transactions, all closed"
                       : bad.text();
    } else if (e.check == "transactions_stored") {
      for (const auto& [id, ct] : charger_txs) {
        if (!csms->transactions.count(id)) bad.add(ct.name() + " missing in the CSMS");
      }
      for (const auto& ct : unmatched) bad.add(ct.name() + " missing in the CSMS");
      for (const auto& [id, t] : csms->transactions) {
        if (!charger_txs.count(id))
          bad.add("transaction " + std::to_string(id) + " on " + t.value("chargePointId", "") +
                  " unknown to the charger");
      }
      res.passed = bad.empty();
      res.detail =
          res.passed ? std::to_string(charger_txs.size()) + " transactions match" : bad.text();
    } else if (e.check == "energy_matches_register") {
      std::int64_t checked = 0, energy = 0;
      for (const auto& [id, ct] : charger_txs) {
        auto it = csms->transactions.find(id);
        if (it == csms->transactions.end() || !ct.session.stop_acknowledged) continue;
        const auto& t = it->second;
        auto start = int_or(t, "meterStartWh", -1);
        auto stop = int_or(t, "meterStopWh", -1);
        const auto& r = ct.session;
        ++checked;
        energy += r.energy_wh();
        if (start != r.meter_start_wh || stop != r.meter_stop_wh) {
          bad.add(ct.name() + ": CSMS " + std::to_string(start) + ".." + std::to_string(stop) +
                  " Wh, pile " + std::to_string(r.meter_start_wh) + ".." +
                  std::to_string(r.meter_stop_wh) + " Wh (register " +
                  std::to_string(r.register_start_wh) + ".." + std::to_string(r.register_stop_wh) +
                  ")");
        }
      }
      res.passed = bad.empty();
      res.detail = res.passed ? std::to_string(checked) + " transactions, " +
                                    std::to_string(energy) + " Wh, all equal to the registers"
                              : bad.text();
    } else if (e.check == "connectors_in_sync") {
      std::int64_t checked = 0;
      for (const auto& c : chargers) {
        const auto& m = *c;
        auto it = csms->piles.find(c->id());
        if (it == csms->piles.end()) {
          bad.add(c->id() + " unknown to the CSMS");
          continue;
        }
        std::map<int, std::string> stored;
        for (const auto& k : it->second.value("connectors", json::array()))
          stored[k.value("connectorId", 0)] = k.value("status", "");
        for (int k = 1; k <= m.connectors(); ++k) {
          ++checked;
          std::string truth = to_string(m.connector_status(k));
          if (stored[k] != truth)
            bad.add(c->id() + "#" + std::to_string(k) + ": CSMS " + stored[k] + ", charger " +
                    truth);
        }
      }
      res.passed = bad.empty();
      res.detail = res.passed ? std::to_string(checked) + " connectors in sync" : bad.text();
    } else if (e.check == "chargers_online") {
      for (const auto& c : chargers) {
        bool up = c->online();
        auto it = csms->piles.find(c->id());
        bool shown = it != csms->piles.end() && it->second.value("online", false);
        if (!up) bad.add(c->id() + " not connected and accepted");
        if (up != shown)
          bad.add(c->id() + (shown ? " shown online" : " shown offline") + " by the CSMS");
      }
      res.passed = bad.empty();
      res.detail = res.passed ? std::to_string(chargers.size()) + " chargers online" : bad.text();
    } else if (e.check == "no_unexpected_call_errors") {
      auto max = e.params.value("max", std::int64_t{0});
      auto total = stats.call_errors_received + stats.call_errors_sent;
      res.passed = total <= max;
      res.detail = std::to_string(stats.call_errors_received) + " from the CSMS, " +
                   std::to_string(stats.call_errors_sent) + " from chargers (allowed " +
                   std::to_string(max) + ")";
    } else if (e.check == "min_sessions") {
      auto min = e.params.value("min", std::int64_t{1});
      res.passed = stats.sessions_stopped >= min;
      res.detail = std::to_string(stats.sessions_stopped) + " sessions completed (at least " +
                   std::to_string(min) + " expected)";
    } else if (e.check == "orders_billed") {
      // Every completed session is an order the CSMS settled, for the charger's energy,
      // with a stored bill that a recomputation from the stored samples agrees with.
      // A running server settles orders on its worker thread, a moment after the last
      // StopTransaction was answered: read until every completed session's order is final
      // (bounded; in-process the core is already up to date).
      std::map<std::int64_t, json> orders;
      for (int attempt = 0; attempt < 30; ++attempt) {
        orders.clear();
        for (auto& o : ev.api->list("/api/v1/orders", ev.tenant_token)) {
          if (o["transactionId"].is_number_integer())
            orders[o["transactionId"].get<std::int64_t>()] = o;
        }
        bool all_final = true;
        for (const auto& [id, ct] : charger_txs) {
          auto it = orders.find(id);
          if (!ct.session.stop_acknowledged) continue;
          if (it == orders.end() || it->second.value("state", "") != "settled") all_final = false;
        }
        if (all_final) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      std::int64_t checked = 0, fen = 0, clock_mismatches = 0;
      for (const auto& [id, ct] : charger_txs) {
        if (!ct.session.stop_acknowledged) continue;
        auto it = orders.find(id);
        if (it == orders.end()) {
          bad.add(ct.name() + " has no order");
          continue;
        }
        const auto& o = it->second;
        const auto order_id = o["id"].get<std::int64_t>();
        const auto name = "order " + o.value("orderNo", "?");
        const auto state = o.value("state", "");
        if (state != "settled" && state != "refunded") {
          bad.add(name + " is " + state + ", not settled");
          continue;
        }
        const auto energy = ct.session.energy_wh();
        if (int_or(o, "energyWh", -1) != energy) {
          bad.add(name + ": " + std::to_string(int_or(o, "energyWh", -1)) + " Wh billed, " +
                  std::to_string(energy) + " Wh delivered");
        }
        auto check = ev.api->expect("GET", "/api/v1/orders/" + std::to_string(order_id) + "/bill",
                                    ev.tenant_token, nullptr, {200});
        if (!check.value("agree", false)) {
          bad.add(name + ": the stored bill differs from its recomputation");
        } else if (check["recomputed"].is_object() &&
                   int_or(check["recomputed"], "payableFen", -1) != int_or(o, "payableFen", -2)) {
          bad.add(name + ": payable " + std::to_string(int_or(o, "payableFen", -2)) +
                  " fen, bill " + std::to_string(int_or(check["recomputed"], "payableFen", -1)));
        }
        // A YKC pile bills the session itself (0x3B): the platform flags a disagreement.
        for (const auto& f : o.value("flags", json::array())) {
          if (f != "bill_mismatch") continue;
          if (ev.pile_clock_speed != 1.0) {
            ++clock_mismatches;
            continue;
          }
          bad.add(name + ": the pile billed " + std::to_string(int_or(o, "chargerAmountE4", -1)) +
                  " (1e-4 yuan), the platform " + std::to_string(int_or(o, "amountE4", -1)));
        }
        ++checked;
        fen += int_or(o, "payableFen", 0);
      }
      for (const auto& ct : unmatched) {
        if (ct.session.stop_acknowledged) bad.add(ct.name() + " has no order");
      }
      for (const auto& [tx, o] : orders) {
        const auto state = o.value("state", "");
        if (state != "settled" && state != "refunded" && state != "start_failed" &&
            !ev.earlier_transactions.count(tx))
          bad.add("order " + o.value("orderNo", "?") + " left " + state);
      }
      res.passed = bad.empty();
      char money[64];
      std::snprintf(money, sizeof money, "%lld.%02lld yuan", static_cast<long long>(fen / 100),
                    static_cast<long long>(fen % 100));
      res.detail = res.passed ? std::to_string(checked) + " orders settled, " + money +
                                    ", every bill agrees with its recomputation"
                              : bad.text();
      if (clock_mismatches > 0) {
        char speed[32];
        std::snprintf(speed, sizeof speed, "%g", ev.pile_clock_speed);
        res.detail += "; " + std::to_string(clock_mismatches) +
                      " YKC piles' own bills differ from the platform's, as they must at speed " +
                      speed +
                      " (the server prices real-time data by its own clock; run at --speed 1 to "
                      "compare them)";
      }
    } else if (e.check == "state_machine_respected") {
      res.passed = stats.forbidden_transitions == 0;
      res.detail = std::to_string(stats.forbidden_transitions) + " forbidden transitions attempted";
    }
    out.push_back(std::move(res));
  }
  return out;
}

}  // namespace ct::sim
