// RapidCheck properties of the simulated charger under arbitrary fault plans: its energy
// registers never go down, and every StartTransaction the CSMS accepted is followed by
// exactly one StopTransaction once the faults end. The fault plan is a random sequence of
// link drops, reconnects, reboots, power cuts, connector faults, meter glitches, lost and
// refused answers, remote stops and time steps, against a CSMS that deduplicates resent
// messages by content as a real one must.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "simulator/charger_model.hpp"

namespace ct::sim {
namespace {

namespace o = ocpp16;
using nlohmann::json;

constexpr Millis kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;

enum class OpKind {
  Advance,
  Disconnect,
  Connect,
  Reboot,
  PowerCut,
  FaultConnector,
  RecoverConnector,
  MeterGlitch,
  LoseNextAnswers,
  RefuseNextAnswers,
  RemoteStop,
  ClockSkew,
};
constexpr int kOpKinds = 12;

struct Op {
  OpKind kind;
  int arg;  // 0..999, interpreted per kind
};

// The CSMS side: answers the charger's CALLs like a correct CSMS (a resent
// StartTransaction gets the transaction id it got the first time), unless the plan says
// to lose or refuse the next answers; records what it stored.
class FakeCsms {
 public:
  explicit FakeCsms(int attempts) : max_failures_per_message_(attempts - 1) {}

  void lose_next(int n) { lose_ += n; }
  void refuse_next(int n) { refuse_ += n; }
  void heal() { lose_ = refuse_ = 0; }

  // The frames the charger sent; answers CALLs (when `linked`) until it is quiet.
  void pump(ChargerModel& m, Millis now, bool linked) {
    for (int round = 0; round < 1000; ++round) {
      auto out = m.take_outbox();
      if (out.empty()) return;
      if (!linked) continue;  // the frames went nowhere
      for (const auto& f : out) {
        auto j = json::parse(f);
        if (j[0] != 2) continue;
        auto answer = handle(j, now);
        if (answer) m.on_text(answer->dump(), now);
      }
    }
  }

  std::set<std::int64_t> accepted_transactions() const { return accepted_; }
  // Distinct StopTransaction contents per transaction id (a resend is the same content).
  const std::map<std::int64_t, std::set<std::string>>& stops() const { return stops_; }

 private:
  std::optional<json> handle(const json& call, Millis now) {
    const auto action = call[2].get<std::string>();
    const auto& payload = call[3];
    // Transaction messages are retried by the charger a bounded number of times (the
    // OCPP TransactionMessageAttempts); a plan that fails the same message more often
    // than that makes the charger give it up, which is allowed, so the plan never does.
    const auto key = action + payload.dump();
    const bool may_fail = failures_[key] < max_failures_per_message_;
    if (may_fail && lose_ > 0) {
      --lose_;
      ++failures_[key];
      return std::nullopt;
    }
    if (may_fail && refuse_ > 0) {
      --refuse_;
      ++failures_[key];
      return json::array({4, call[1], "InternalError", "plan", json::object()});
    }
    return json::array({3, call[1], answer(action, payload, now)});
  }

  json answer(const std::string& action, const json& p, Millis now) {
    if (action == "BootNotification")
      return o::encode(
          o::BootNotificationResponse{o::RegistrationStatus::Accepted, o::DateTime{now}, 300});
    if (action == "Heartbeat") return o::encode(o::HeartbeatResponse{o::DateTime{now}});
    if (action == "Authorize")
      return o::encode(
          o::AuthorizeResponse{{std::nullopt, std::nullopt, o::AuthorizationStatus::Accepted}});
    if (action == "StartTransaction") {
      auto content =
          std::make_tuple(p["connectorId"].get<int>(), p["idTag"].get<std::string>(),
                          p["meterStart"].get<std::int64_t>(), p["timestamp"].get<std::string>());
      auto [it, fresh] = starts_.emplace(content, next_tx_);
      if (fresh) ++next_tx_;
      accepted_.insert(it->second);
      return o::encode(o::StartTransactionResponse{
          {std::nullopt, std::nullopt, o::AuthorizationStatus::Accepted}, it->second});
    }
    if (action == "StopTransaction") {
      json content = p;
      content.erase("transactionData");
      stops_[p["transactionId"].get<std::int64_t>()].insert(content.dump());
      return json::object();
    }
    return json::object();
  }

  int max_failures_per_message_;
  int lose_ = 0;
  int refuse_ = 0;
  std::map<std::string, int> failures_;
  std::map<std::tuple<int, std::string, std::int64_t, std::string>, std::int64_t> starts_;
  std::set<std::int64_t> accepted_;
  std::map<std::int64_t, std::set<std::string>> stops_;
  std::int64_t next_tx_ = 1;
};

ChargerConfig busy_config() {
  ChargerConfig c;
  c.charge_point_id = "SIM-PROP";
  c.connectors = 2;
  c.max_power_w = 60'000;
  c.id_tags = {"SIMTAG0001", "SIMTAG0002", "SIMTAG0003"};
  c.mean_interarrival_s = 15 * 60;  // sessions overlap with the faults
  c.min_session_budget_s = 5 * 60;
  c.max_session_budget_s = 60 * 60;
  return c;
}

struct FaultedRun {
  explicit FaultedRun(std::uint64_t seed) : model(busy_config(), seed), csms(attempts()) {}
  static int attempts() { return busy_config().transaction_message_attempts; }

  ChargerModel model;
  FakeCsms csms;
  Millis now = kStart;
  bool linked = false;
  std::map<int, std::int64_t> last_register;
  bool register_decreased = false;  // checked after every step of the plan

  void pump() { csms.pump(model, now, linked); }
  void connect() {
    if (linked) return;
    linked = true;
    model.on_connected(now);
    pump();
  }
  void disconnect() {
    if (!linked) return;
    linked = false;
    model.on_disconnected(now);
    pump();
  }
  void advance(Millis by) {
    for (Millis t = 0; t < by; t += 10 * kSecond) {
      now += 10 * kSecond;
      model.on_tick(now);
      pump();
      check_registers();
    }
  }
  void check_registers() {
    for (int c = 1; c <= busy_config().connectors; ++c) {
      auto reg = model.energy_register_wh(c);
      auto [it, fresh] = last_register.emplace(c, reg);
      if (reg < it->second) register_decreased = true;
      it->second = reg;
    }
  }

  void apply(const Op& op) {
    const int connector = 1 + op.arg % busy_config().connectors;
    switch (op.kind) {
      case OpKind::Advance: advance((1 + op.arg % 30) * kMinute); break;
      case OpKind::Disconnect: disconnect(); break;
      case OpKind::Connect: connect(); break;
      case OpKind::Reboot:
      case OpKind::PowerCut:
        linked = false;
        model.reboot(now, op.kind == OpKind::PowerCut);
        pump();
        break;
      case OpKind::FaultConnector:
        model.fault_connector(connector, now);
        pump();
        break;
      case OpKind::RecoverConnector:
        model.recover_connector(connector, now);
        pump();
        break;
      case OpKind::MeterGlitch:
        model.inject_meter_glitch(connector, now);
        pump();
        break;
      case OpKind::LoseNextAnswers: csms.lose_next(1 + op.arg % 4); break;
      case OpKind::RefuseNextAnswers: csms.refuse_next(1 + op.arg % 4); break;
      case OpKind::RemoteStop:
        if (linked) {
          if (auto tx = model.transaction_id(connector)) {
            model.on_text(json::array({2,
                                       "rs" + std::to_string(op.arg),
                                       "RemoteStopTransaction",
                                       {{"transactionId", *tx}}})
                              .dump(),
                          now);
            pump();
          }
        }
        break;
      case OpKind::ClockSkew: model.set_clock_skew_ms((op.arg - 500) * kSecond); break;
    }
    check_registers();
  }

  // The faults end: the link comes back and stays, every answer arrives, drivers finish.
  void settle() {
    csms.heal();
    connect();
    model.end_all_sessions(now);
    pump();
    for (int i = 0; i < 2000 && !model.quiescent(); ++i) advance(10 * kSecond);
  }
};

rc::Gen<Op> gen_op() {
  return rc::gen::map(rc::gen::pair(rc::gen::inRange(0, kOpKinds), rc::gen::inRange(0, 1000)),
                      [](std::pair<int, int> p) {
                        return Op{static_cast<OpKind>(p.first), p.second};
                      });
}

RC_GTEST_PROP(ChargerModelProperty, RegistersNeverDecreaseAndEveryAcceptedStartIsStoppedOnce, ()) {
  const auto seed = *rc::gen::inRange<std::uint64_t>(1, 1'000'000);
  const auto ops = *rc::gen::resize(60, rc::gen::container<std::vector<Op>>(gen_op()));
  FaultedRun run(seed);
  run.connect();
  run.advance(10 * kMinute);
  for (const auto& op : ops) run.apply(op);
  run.settle();

  RC_ASSERT(!run.register_decreased);
  RC_ASSERT(run.model.quiescent());
  RC_ASSERT(run.model.stats().forbidden_transitions == 0);
  const auto accepted = run.csms.accepted_transactions();
  for (auto tx : accepted) {
    auto it = run.csms.stops().find(tx);
    RC_ASSERT(it != run.csms.stops().end());  // stopped...
    RC_ASSERT(it->second.size() == 1u);       // ...exactly once (resends carry the same stop)
  }
  for (const auto& [tx, contents] : run.csms.stops()) RC_ASSERT(accepted.count(tx) == 1u);
  // Every session the charger recorded as started reached the CSMS, whose id it carries.
  for (const auto& rec : run.model.session_records()) {
    if (!rec.transaction_id) continue;
    RC_ASSERT(accepted.count(*rec.transaction_id) == 1u);
    RC_ASSERT(rec.stop_acknowledged);
  }
  std::set<std::string> reasons;
  for (const auto& rec : run.model.session_records()) reasons.insert(rec.stop_reason);
  RC_CLASSIFY(accepted.empty(), "no transaction");
  RC_CLASSIFY(accepted.size() >= 5, "5+ transactions");
  RC_CLASSIFY(reasons.count("PowerLoss") || reasons.count("Reboot"), "a reboot ended a session");
  RC_CLASSIFY(reasons.count("EmergencyStop"), "a fault ended a session");
}

// The plan generator is not vacuous: faults do hit sessions in flight.
TEST(ChargerModelPropertyPlan, AFixedPlanWithEveryFaultStillStopsEachTransactionOnce) {
  FaultedRun run(7);
  run.connect();
  run.advance(40 * kMinute);
  const std::vector<Op> plan = {
      {OpKind::LoseNextAnswers, 3}, {OpKind::Advance, 5},           {OpKind::PowerCut, 0},
      {OpKind::Advance, 3},         {OpKind::Connect, 0},           {OpKind::Advance, 20},
      {OpKind::Disconnect, 0},      {OpKind::Advance, 12},          {OpKind::Reboot, 0},
      {OpKind::Connect, 0},         {OpKind::RefuseNextAnswers, 2}, {OpKind::Advance, 25},
      {OpKind::FaultConnector, 0},  {OpKind::Advance, 2},           {OpKind::RecoverConnector, 0},
      {OpKind::Advance, 29},
  };
  for (const auto& op : plan) run.apply(op);
  run.settle();
  ASSERT_TRUE(run.model.quiescent());
  EXPECT_FALSE(run.register_decreased);
  const auto accepted = run.csms.accepted_transactions();
  EXPECT_GE(accepted.size(), 3u);
  for (auto tx : accepted) {
    ASSERT_EQ(run.csms.stops().count(tx), 1u) << tx;
    EXPECT_EQ(run.csms.stops().at(tx).size(), 1u) << tx;
  }
  std::set<std::string> reasons;
  for (const auto& r : run.model.session_records()) reasons.insert(r.stop_reason);
  EXPECT_GE(reasons.size(), 2u) << "faults ended sessions in more than one way";
}

}  // namespace
}  // namespace ct::sim
