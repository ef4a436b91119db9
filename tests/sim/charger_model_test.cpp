// ChargerModel against a scripted CSMS on fake time: no sockets, no sleeps.
#include "simulator/charger_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ct::sim {
namespace {

namespace o = ocpp16;
using nlohmann::json;

constexpr Millis kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;
constexpr Millis kHour = 60 * kMinute;

ChargerConfig quiet_config() {
  ChargerConfig c;
  c.charge_point_id = "SIM-TEST";
  c.connectors = 2;
  c.max_power_w = 60'000;
  c.id_tags = {"SIMTAG0001", "SIMTAG0002"};
  c.mean_interarrival_s = 1e12;  // no drivers unless a test wants them
  return c;
}

// A scripted CSMS: answers every CALL of the charger at once (unless `auto_answer` is
// off) and records every frame the charger sent.
struct Harness {
  explicit Harness(ChargerConfig cfg = quiet_config(), std::uint64_t seed = 1)
      : model(std::move(cfg), seed) {}

  ChargerModel model;
  Millis now = kStart;
  std::vector<std::string> raw;  // every frame sent by the charger
  std::vector<json> calls;       // the CALLs among them
  std::vector<json> replies;     // the CALLRESULT / CALLERROR frames among them
  bool auto_answer = true;
  o::RegistrationStatus boot_status = o::RegistrationStatus::Accepted;
  std::int64_t boot_interval = 300;
  o::AuthorizationStatus auth_status = o::AuthorizationStatus::Accepted;
  std::int64_t next_tx = 1000;
  int outstanding = 0;  // CALLs sent by the charger and not yet answered
  int max_outstanding = 0;
  // What the scripted CSMS does with a CALL under auto_answer (default: answers it).
  enum class Fate { Answer, Drop, Error };
  std::function<Fate(const json& call)> fate;

  json answer_payload(const json& call) {
    auto action = call[2].get<std::string>();
    if (action == "BootNotification") {
      return o::encode(o::BootNotificationResponse{boot_status, o::DateTime{now}, boot_interval});
    }
    if (action == "Authorize")
      return o::encode(o::AuthorizeResponse{{std::nullopt, std::nullopt, auth_status}});
    if (action == "StartTransaction") {
      return o::encode(
          o::StartTransactionResponse{{std::nullopt, std::nullopt, auth_status}, next_tx++});
    }
    if (action == "Heartbeat") return o::encode(o::HeartbeatResponse{o::DateTime{now}});
    return json::object();
  }

  // Collects the outbox; with auto_answer, answers CALLs until the charger is quiet.
  std::vector<json> pump() {
    std::vector<json> fresh;
    for (int round = 0; round < 10'000; ++round) {
      auto out = model.take_outbox();
      if (out.empty()) break;
      std::vector<json> to_answer;
      for (auto& f : out) {
        raw.push_back(f);
        auto j = json::parse(f);
        fresh.push_back(j);
        if (j[0] == 2) {
          calls.push_back(j);
          ++outstanding;
          max_outstanding = std::max(max_outstanding, outstanding);
          to_answer.push_back(j);
        } else {
          replies.push_back(j);
        }
      }
      if (!auto_answer) break;
      for (auto& c : to_answer) {
        --outstanding;
        auto f = fate ? fate(c) : Fate::Answer;
        if (f == Fate::Answer) {
          model.on_text(json::array({3, c[1], answer_payload(c)}).dump(), now);
        } else if (f == Fate::Error) {
          model.on_text(json::array({4, c[1], "InternalError", "test", json::object()}).dump(),
                        now);
        }
      }
    }
    return fresh;
  }

  void answer(const json& call, const json& payload) {
    --outstanding;
    model.on_text(json::array({3, call[1], payload}).dump(), now);
  }

  std::vector<json> connect() {
    model.on_connected(now);
    return pump();
  }
  std::vector<json> tick(Millis advance) {
    now += advance;
    model.on_tick(now);
    return pump();
  }
  std::vector<json> server_call(const std::string& id, const std::string& action,
                                const json& payload) {
    model.on_text(json::array({2, id, action, payload}).dump(), now);
    return pump();
  }
  void run(Millis duration, Millis step = 10 * kSecond) {
    for (Millis t = 0; t < duration; t += step) tick(step);
  }

  std::vector<json> calls_of(const std::string& action) const {
    std::vector<json> out;
    for (const auto& c : calls) {
      if (c[2] == action) out.push_back(c);
    }
    return out;
  }
};

std::vector<std::string> actions(const std::vector<json>& frames) {
  std::vector<std::string> out;
  for (const auto& f : frames) {
    if (f[0] == 2) out.push_back(f[2].get<std::string>());
  }
  return out;
}

// ---- boot ---------------------------------------------------------------------------------

TEST(ChargerModelTest, BootPendingRetriesAfterIntervalThenAccepted) {
  Harness h;
  h.boot_status = o::RegistrationStatus::Pending;
  h.boot_interval = 30;
  auto first = h.connect();
  ASSERT_EQ(actions(first), std::vector<std::string>{"BootNotification"});
  EXPECT_EQ(first[0][3]["chargePointVendor"], "ChargeTwin");
  EXPECT_EQ(h.model.registration(), Registration::Pending);

  EXPECT_TRUE(h.tick(29 * kSecond).empty()) << "nothing but a boot before Accepted";
  h.boot_status = o::RegistrationStatus::Accepted;
  auto retry = h.tick(1 * kSecond);
  ASSERT_FALSE(retry.empty());
  EXPECT_EQ(actions(retry)[0], "BootNotification");
  EXPECT_EQ(h.model.registration(), Registration::Accepted);
  EXPECT_EQ(h.model.stats().boots_accepted, 1);
}

TEST(ChargerModelTest, BootRejectedRetriesAfterInterval) {
  Harness h;
  h.boot_status = o::RegistrationStatus::Rejected;
  h.boot_interval = 120;
  h.connect();
  EXPECT_EQ(h.model.registration(), Registration::Rejected);
  EXPECT_TRUE(h.tick(119 * kSecond).empty());
  EXPECT_EQ(actions(h.tick(1 * kSecond)), std::vector<std::string>{"BootNotification"});
}

TEST(ChargerModelTest, StatusForEveryConnectorAfterBoot) {
  Harness h;
  auto frames = h.connect();
  ASSERT_EQ(actions(frames),
            (std::vector<std::string>{"BootNotification", "StatusNotification",
                                      "StatusNotification", "StatusNotification"}));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(frames[i + 1][3]["connectorId"], i);
    EXPECT_EQ(frames[i + 1][3]["status"], "Available");
    EXPECT_EQ(frames[i + 1][3]["errorCode"], "NoError");
  }
}

TEST(ChargerModelTest, HeartbeatAtTheBootInterval) {
  Harness h;
  h.boot_interval = 300;
  h.connect();
  EXPECT_TRUE(h.tick(299 * kSecond).empty());
  EXPECT_EQ(actions(h.tick(1 * kSecond)), std::vector<std::string>{"Heartbeat"});
  EXPECT_TRUE(h.tick(299 * kSecond).empty());
  EXPECT_EQ(actions(h.tick(1 * kSecond)), std::vector<std::string>{"Heartbeat"});
}

// ---- state machine ------------------------------------------------------------------------

TEST(ChargerModelTest, ConnectorRefusesForbiddenTransitions) {
  Harness h;
  h.connect();
  EXPECT_FALSE(h.model.set_connector_status(1, ConnectorStatus::Finishing, h.now));
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_EQ(h.model.stats().forbidden_transitions, 1);
  EXPECT_TRUE(h.model.set_connector_status(1, ConnectorStatus::Faulted, h.now));
  auto frames = h.pump();
  ASSERT_EQ(actions(frames), std::vector<std::string>{"StatusNotification"});
  EXPECT_EQ(frames[0][3]["status"], "Faulted");
  EXPECT_TRUE(h.model.set_connector_status(1, ConnectorStatus::Available, h.now));
}

// ---- sessions -----------------------------------------------------------------------------

TEST(ChargerModelTest, RfidSessionAuthorizeStartMeterValuesStop) {
  auto cfg = quiet_config();
  cfg.connectors = 1;
  cfg.mean_interarrival_s = 600;
  cfg.meter_value_sample_interval_s = 60;
  Harness h(cfg, 7);
  h.connect();
  auto register_before = h.model.energy_register_wh(1);
  for (int i = 0; i < 24 * 360 && h.calls_of("StopTransaction").empty(); ++i) h.tick(10 * kSecond);
  ASSERT_EQ(h.calls_of("StopTransaction").size(), 1u);

  // Order of the session's calls (status notifications and heartbeats interleave).
  std::vector<std::string> seq;
  for (const auto& c : h.calls) {
    auto a = c[2].get<std::string>();
    if (a == "Authorize" || a == "StartTransaction" || a == "StopTransaction") seq.push_back(a);
    if (a == "MeterValues" && (seq.empty() || seq.back() != "MeterValues")) seq.push_back(a);
  }
  EXPECT_EQ(seq, (std::vector<std::string>{"Authorize", "StartTransaction", "MeterValues",
                                           "StopTransaction"}));

  auto start = h.calls_of("StartTransaction")[0][3];
  auto stop = h.calls_of("StopTransaction")[0][3];
  EXPECT_EQ(start["meterStart"], register_before);
  EXPECT_EQ(start["idTag"], h.calls_of("Authorize")[0][3]["idTag"]);
  EXPECT_EQ(stop["transactionId"], 1000);
  EXPECT_TRUE(stop["reason"] == "Local" || stop["reason"] == "EVDisconnected") << stop.dump();
  std::int64_t meter_start = start["meterStart"];
  std::int64_t meter_stop = stop["meterStop"];
  EXPECT_GT(meter_stop, meter_start);
  EXPECT_EQ(meter_stop, h.model.energy_register_wh(1));
  EXPECT_EQ(meter_stop - meter_start, h.model.delivered_wh());

  // MeterValues: the register only grows, and every sample carries energy, power,
  // voltage, current and (DC) the vehicle's SoC; current = power / voltage.
  std::int64_t last = meter_start;
  for (const auto& mv : h.calls_of("MeterValues")) {
    EXPECT_EQ(mv[3]["transactionId"], 1000);
    const auto& sv = mv[3]["meterValue"][0]["sampledValue"];
    ASSERT_EQ(sv.size(), 5u);
    EXPECT_EQ(sv[0]["measurand"], "Energy.Active.Import.Register");
    EXPECT_EQ(sv[0]["unit"], "Wh");
    EXPECT_EQ(sv[0]["context"], "Sample.Periodic");
    EXPECT_EQ(sv[1]["measurand"], "Power.Active.Import");
    EXPECT_EQ(sv[2]["measurand"], "Voltage");
    EXPECT_EQ(sv[2]["unit"], "V");
    EXPECT_EQ(sv[3]["measurand"], "Current.Import");
    EXPECT_EQ(sv[3]["unit"], "A");
    EXPECT_EQ(sv[4]["measurand"], "SoC");
    double watts = std::stod(sv[1]["value"].get<std::string>());
    double volts = std::stod(sv[2]["value"].get<std::string>());
    double amps = std::stod(sv[3]["value"].get<std::string>());
    EXPECT_GT(volts, 300.0);
    EXPECT_NEAR(amps, watts / volts, 0.06);
    auto reg = std::stoll(sv[0]["value"].get<std::string>());
    EXPECT_GE(reg, last);
    last = reg;
  }
  EXPECT_LE(last, meter_stop);

  // Statuses of connector 1: Preparing, Charging, (SuspendedEV), Finishing, then Available.
  std::vector<std::string> statuses;
  for (const auto& c : h.calls_of("StatusNotification")) {
    if (c[3]["connectorId"] == 1) statuses.push_back(c[3]["status"]);
  }
  ASSERT_GE(statuses.size(), 4u);
  EXPECT_EQ(statuses[1], "Preparing");
  EXPECT_EQ(statuses[2], "Charging");
  EXPECT_EQ(statuses.back(), "Finishing");
  h.run(5 * kMinute);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_EQ(h.model.stats().sessions_started, 1);
  EXPECT_EQ(h.model.stats().sessions_stopped, 1);
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
}

TEST(ChargerModelTest, RejectedIdTagEndsThePreparingSession) {
  auto cfg = quiet_config();
  cfg.connectors = 1;
  cfg.mean_interarrival_s = 60;
  Harness h(cfg, 3);
  h.auth_status = o::AuthorizationStatus::Invalid;
  h.connect();
  for (int i = 0; i < 1000 && h.calls_of("Authorize").empty(); ++i) h.tick(10 * kSecond);
  ASSERT_FALSE(h.calls_of("Authorize").empty());
  EXPECT_TRUE(h.calls_of("StartTransaction").empty());
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
}

TEST(ChargerModelTest, StartTransactionWithRefusedIdTagIsStoppedDeAuthorized) {
  Harness h;
  h.connect();
  h.auth_status = o::AuthorizationStatus::Blocked;
  h.server_call("rs1", "RemoteStartTransaction", {{"idTag", "BLOCKED1"}, {"connectorId", 1}});
  auto stops = h.calls_of("StopTransaction");
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0][3]["reason"], "DeAuthorized");
  EXPECT_EQ(stops[0][3]["meterStop"], h.calls_of("StartTransaction")[0][3]["meterStart"]);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Finishing);
  h.run(5 * kMinute);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
}

TEST(ChargerModelTest, InoperativeWhilePreparingIsScheduledThenApplied) {
  auto cfg = quiet_config();
  cfg.connectors = 1;
  cfg.mean_interarrival_s = 60;
  Harness h(cfg, 5);
  h.auto_answer = false;
  auto boot = h.connect();
  h.answer(boot[0], o::encode(o::BootNotificationResponse{o::RegistrationStatus::Accepted,
                                                          o::DateTime{h.now}, 3600}));
  for (int i = 0; i < 100; ++i) {
    for (auto& f : h.pump()) {
      if (f[0] == 2 && f[2] != "Authorize") h.answer(f, json::object());
    }
    if (!h.calls_of("Authorize").empty()) break;
    h.now += 10 * kSecond;
    h.model.on_tick(h.now);
  }
  auto auth = h.calls_of("Authorize");
  ASSERT_EQ(auth.size(), 1u);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Preparing);
  h.model.on_text(
      json::array({2, "ca", "ChangeAvailability", {{"connectorId", 1}, {"type", "Inoperative"}}})
          .dump(),
      h.now);
  auto ca = h.pump();
  EXPECT_EQ(ca[0][2]["status"], "Scheduled");
  h.answer(auth[0], o::encode(o::AuthorizeResponse{
                        {std::nullopt, std::nullopt, o::AuthorizationStatus::Invalid}}));
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Unavailable);
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
}

TEST(ChargerModelTest, OneOutstandingCallAtATime) {
  Harness h;
  h.auto_answer = false;
  auto boot = h.connect();
  ASSERT_EQ(boot.size(), 1u);
  h.answer(boot[0], o::encode(o::BootNotificationResponse{o::RegistrationStatus::Accepted,
                                                          o::DateTime{h.now}, 10}));
  auto first = h.pump();
  ASSERT_EQ(actions(first), std::vector<std::string>{"StatusNotification"});
  // Nothing else goes out while the status is unanswered, however long we wait.
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(h.tick(5 * kSecond).empty());
  EXPECT_GE(h.model.queued_calls(), 2u);
  h.answer(first[0], json::object());
  auto second = h.pump();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0][3]["connectorId"], 1);
  EXPECT_NE(second[0][1], first[0][1]);
  // An answer to an unknown id changes nothing.
  h.model.on_text(R"([3,"nope",{}])", h.now);
  EXPECT_TRUE(h.pump().empty());
}

TEST(ChargerModelTest, UnansweredCallTimesOut) {
  auto cfg = quiet_config();
  cfg.call_timeout_ms = 30 * kSecond;
  Harness h(cfg);
  h.auto_answer = false;
  auto boot = h.connect();
  h.answer(boot[0], o::encode(o::BootNotificationResponse{o::RegistrationStatus::Accepted,
                                                          o::DateTime{h.now}, 300}));
  auto first = h.pump();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(h.tick(29 * kSecond).empty());
  auto next = h.tick(1 * kSecond);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(h.model.stats().calls_timed_out, 1);
}

// ---- CALLs from the CSMS ------------------------------------------------------------------

TEST(ChargerModelTest, RemoteStartStartsATransactionWithoutAuthorize) {
  Harness h;
  h.connect();
  auto frames =
      h.server_call("rs1", "RemoteStartTransaction", {{"idTag", "APP0001"}, {"connectorId", 2}});
  ASSERT_GE(frames.size(), 2u);
  EXPECT_EQ(frames[0], json::parse(R"([3,"rs1",{"status":"Accepted"}])"));
  auto starts = h.calls_of("StartTransaction");
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0][3]["connectorId"], 2);
  EXPECT_EQ(starts[0][3]["idTag"], "APP0001");
  EXPECT_TRUE(h.calls_of("Authorize").empty());
  EXPECT_EQ(h.model.connector_status(2), ConnectorStatus::Charging);
  EXPECT_EQ(h.model.transaction_id(2), 1000);

  // The connector is busy now.
  auto busy =
      h.server_call("rs2", "RemoteStartTransaction", {{"idTag", "APP0001"}, {"connectorId", 2}});
  EXPECT_EQ(busy[0], json::parse(R"([3,"rs2",{"status":"Rejected"}])"));
}

TEST(ChargerModelTest, RemoteStopStopsOurTransactionOnly) {
  Harness h;
  h.connect();
  h.server_call("rs1", "RemoteStartTransaction", {{"idTag", "APP0001"}});
  h.run(10 * kMinute);
  auto unknown = h.server_call("st0", "RemoteStopTransaction", {{"transactionId", 4242}});
  EXPECT_EQ(unknown[0], json::parse(R"([3,"st0",{"status":"Rejected"}])"));
  auto frames = h.server_call("st1", "RemoteStopTransaction", {{"transactionId", 1000}});
  EXPECT_EQ(frames[0], json::parse(R"([3,"st1",{"status":"Accepted"}])"));
  auto stops = h.calls_of("StopTransaction");
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0][3]["reason"], "Remote");
  EXPECT_EQ(stops[0][3]["transactionId"], 1000);
  EXPECT_GT(stops[0][3]["meterStop"].get<std::int64_t>(),
            h.calls_of("StartTransaction")[0][3]["meterStart"].get<std::int64_t>());
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Finishing);
}

TEST(ChargerModelTest, ResetStopsTheTransactionAndBootsAgain) {
  Harness h;
  h.connect();
  h.server_call("rs1", "RemoteStartTransaction", {{"idTag", "APP0001"}});
  h.run(5 * kMinute);
  auto before = h.calls.size();
  auto frames = h.server_call("r1", "Reset", {{"type", "Hard"}});
  EXPECT_EQ(frames[0], json::parse(R"([3,"r1",{"status":"Accepted"}])"));
  std::vector<std::string> after;
  for (auto i = before; i < h.calls.size(); ++i) after.push_back(h.calls[i][2]);
  ASSERT_GE(after.size(), 3u);
  EXPECT_EQ(after[0], "StopTransaction");
  EXPECT_EQ(after[1], "StatusNotification");  // Finishing
  EXPECT_EQ(after[2], "BootNotification");
  EXPECT_EQ(h.calls_of("StopTransaction")[0][3]["reason"], "HardReset");
  EXPECT_EQ(h.model.registration(), Registration::Accepted);
  EXPECT_EQ(h.model.stats().boots_accepted, 2);
}

TEST(ChargerModelTest, GetAndChangeConfiguration) {
  Harness h;
  h.connect();
  auto get = h.server_call("g1", "GetConfiguration", {{"key", {"HeartbeatInterval", "NoSuchKey"}}});
  ASSERT_EQ(get.size(), 1u);
  EXPECT_EQ(get[0][2],
            json::parse(
                R"({"configurationKey":[{"key":"HeartbeatInterval","readonly":false,"value":"300"}],
                                       "unknownKey":["NoSuchKey"]})"));
  auto all = h.server_call("g2", "GetConfiguration", json::object());
  EXPECT_GE(all[0][2]["configurationKey"].size(), 5u);
  EXPECT_FALSE(all[0][2].contains("unknownKey"));

  EXPECT_EQ(h.server_call("c1", "ChangeConfiguration",
                          {{"key", "NoSuchKey"}, {"value", "1"}})[0][2]["status"],
            "NotSupported");
  EXPECT_EQ(h.server_call("c2", "ChangeConfiguration",
                          {{"key", "HeartbeatInterval"}, {"value", "abc"}})[0][2]["status"],
            "Rejected");
  EXPECT_EQ(h.server_call("c3", "ChangeConfiguration",
                          {{"key", "NumberOfConnectors"}, {"value", "4"}})[0][2]["status"],
            "Rejected");
  EXPECT_EQ(h.server_call("c4", "ChangeConfiguration",
                          {{"key", "HeartbeatInterval"}, {"value", "60"}})[0][2]["status"],
            "Accepted");
  EXPECT_EQ(h.model.heartbeat_interval_s(), 60);
  EXPECT_EQ(actions(h.tick(60 * kSecond)), std::vector<std::string>{"Heartbeat"});
}

TEST(ChargerModelTest, OtherCommands) {
  Harness h;
  h.connect();
  EXPECT_EQ(h.server_call("u1", "UnlockConnector", {{"connectorId", 1}})[0][2]["status"],
            "Unlocked");
  EXPECT_EQ(h.server_call("cc", "ClearCache", json::object())[0][2]["status"], "Accepted");
  EXPECT_EQ(h.server_call("dt", "DataTransfer", {{"vendorId", "acme"}})[0][2]["status"],
            "UnknownVendorId");

  auto ca =
      h.server_call("ca", "ChangeAvailability", {{"connectorId", 2}, {"type", "Inoperative"}});
  EXPECT_EQ(ca[0][2]["status"], "Accepted");
  ASSERT_EQ(ca.size(), 2u);
  EXPECT_EQ(ca[1][3]["status"], "Unavailable");
  EXPECT_EQ(h.model.connector_status(2), ConnectorStatus::Unavailable);
  EXPECT_EQ(h.server_call("ca2", "ChangeAvailability",
                          {{"connectorId", 2}, {"type", "Operative"}})[0][2]["status"],
            "Accepted");
  EXPECT_EQ(h.model.connector_status(2), ConnectorStatus::Available);

  auto tr = h.server_call("tm", "TriggerMessage",
                          {{"requestedMessage", "StatusNotification"}, {"connectorId", 1}});
  ASSERT_EQ(tr.size(), 2u);
  EXPECT_EQ(tr[0], json::parse(R"([3,"tm",{"status":"Accepted"}])"));
  EXPECT_EQ(tr[1][2], "StatusNotification");
  EXPECT_EQ(tr[1][3]["connectorId"], 1);
}

TEST(ChargerModelTest, InvalidServerFramesGetCallErrors) {
  Harness h;
  h.connect();
  auto bad_enum = h.server_call("x1", "Reset", {{"type", "Medium"}});
  ASSERT_EQ(bad_enum.size(), 1u);
  EXPECT_EQ(bad_enum[0][0], 4);
  EXPECT_EQ(bad_enum[0][2], "PropertyConstraintViolation");
  EXPECT_EQ(h.server_call("x2", "Reset", json::object())[0][2], "OccurenceConstraintViolation");
  EXPECT_EQ(h.server_call("x3", "FlyToTheMoon", json::object())[0][2], "NotImplemented");
  EXPECT_EQ(h.server_call("x4", "ReserveNow",
                          {{"connectorId", 1},
                           {"expiryDate", "2026-01-01T00:00:00Z"},
                           {"idTag", "A"},
                           {"reservationId", 1}})[0][2],
            "NotSupported");
  h.model.on_text(R"([2,"x5","Reset",{"type":)", h.now);  // not JSON: no id to answer
  EXPECT_TRUE(h.pump().empty());
  h.model.on_text(R"([2,"x6","Reset","notanobject"])", h.now);
  auto e = h.pump();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0][1], "x6");
  EXPECT_EQ(e[0][2], "FormationViolation");
  EXPECT_EQ(h.model.stats().call_errors_sent, 5);
}

TEST(ChargerModelTest, CallErrorForOurCallIsCounted) {
  Harness h;
  h.auto_answer = false;
  auto boot = h.connect();
  h.answer(boot[0], o::encode(o::BootNotificationResponse{o::RegistrationStatus::Accepted,
                                                          o::DateTime{h.now}, 300}));
  auto st = h.pump();
  h.model.on_text(json::array({4, st[0][1], "InternalError", "boom", json::object()}).dump(),
                  h.now);
  EXPECT_EQ(h.model.stats().call_errors_received, 1);
  EXPECT_EQ(h.pump().size(), 1u) << "the next queued call goes out";
}

TEST(ChargerModelTest, DisconnectKeepsTransactionMessagesAndRebootsOnReconnect) {
  Harness h;
  h.connect();
  h.server_call("rs1", "RemoteStartTransaction", {{"idTag", "APP0001"}});
  h.model.on_disconnected(h.now);
  h.run(10 * kMinute);  // charging goes on; MeterValues wait
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Charging);
  auto frames = h.connect();
  auto a = actions(frames);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a[0], "BootNotification");
  EXPECT_NE(std::find(a.begin(), a.end(), "MeterValues"), a.end());
}

// ---- determinism --------------------------------------------------------------------------

std::vector<std::string> run_day(std::uint64_t seed) {
  auto cfg = quiet_config();
  cfg.mean_interarrival_s = 1200;
  Harness h(cfg, seed);
  h.connect();
  h.run(12 * kHour, 15 * kSecond);
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
  EXPECT_GT(h.model.stats().sessions_stopped, 2);
  EXPECT_EQ(h.max_outstanding, 1);
  return h.raw;
}

TEST(ChargerModelTest, SameSeedSameFramesDifferentSeedDifferentFrames) {
  auto a = run_day(42);
  auto b = run_day(42);
  auto c = run_day(43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

// ---- visits driven from outside (the World) ----------------------------------------------

ChargerConfig world_config() {
  auto c = quiet_config();
  c.self_arrivals = false;
  return c;
}

Visit visit_of(const std::string& preset, const std::string& tag = "DRIVER01") {
  Visit v;
  v.id_tag = tag;
  v.vehicle = *find_vehicle_preset(preset);
  v.arrival_soc_pct = 20;
  v.target_soc_pct = 80;
  v.budget_ms = 3 * kHour;
  v.idle_after_full_ms = 10 * kMinute;
  return v;
}

std::vector<std::string> statuses_of(const Harness& h, int connector) {
  std::vector<std::string> out;
  for (const auto& c : h.calls_of("StatusNotification")) {
    if (c[3]["connectorId"] == connector) out.push_back(c[3]["status"]);
  }
  return out;
}

std::string sampled(const json& mv, std::size_t i) {
  return mv[3]["meterValue"][0]["sampledValue"][i]["value"].get<std::string>();
}

std::string iso(Millis t) {
  return o::format_datetime(o::DateTime{t});
}

void run_until_stops(Harness& h, std::size_t stops, Millis step = 10 * kSecond) {
  for (int i = 0; i < 100'000 && h.calls_of("StopTransaction").size() < stops; ++i) h.tick(step);
}

TEST(ChargerVisitTest, RfidVisitChargesToTargetParksAndStopsAtTheCharger) {
  Harness h(world_config(), 11);
  EXPECT_FALSE(h.model.plug_in(1, visit_of("sedan"), h.now)) << "not booted yet";
  h.connect();
  EXPECT_TRUE(h.model.quiescent());
  const auto reg0 = h.model.energy_register_wh(1);
  const Millis plugged = h.now;
  ASSERT_TRUE(h.model.plug_in(1, visit_of("sedan"), h.now));
  EXPECT_FALSE(h.model.plug_in(1, visit_of("sedan", "OTHER"), h.now)) << "occupied";
  EXPECT_FALSE(h.model.plug_in(3, visit_of("sedan", "OTHER"), h.now)) << "no such connector";
  h.pump();
  EXPECT_FALSE(h.model.quiescent());
  ASSERT_EQ(h.calls_of("Authorize").size(), 1u);
  EXPECT_EQ(h.calls_of("Authorize")[0][3]["idTag"], "DRIVER01");
  ASSERT_EQ(h.calls_of("StartTransaction").size(), 1u);
  EXPECT_EQ(h.calls_of("StartTransaction")[0][3]["meterStart"], reg0);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Charging);

  run_until_stops(h, 1);
  auto stop = h.calls_of("StopTransaction")[0][3];
  EXPECT_EQ(stop["reason"], "Local");
  EXPECT_EQ(stop["idTag"], "DRIVER01");
  EXPECT_EQ(stop["transactionId"], 1000);
  EXPECT_EQ(stop["meterStop"], h.model.energy_register_wh(1));
  // 60 kWh from 20 % to 80 %: 36 kWh at the connector's 60 kW (the sedan takes 100 kW DC).
  const auto delivered = h.model.energy_register_wh(1) - reg0;
  EXPECT_GE(delivered, 36'000);
  EXPECT_LE(delivered, 36'200);
  EXPECT_EQ(sampled(h.calls_of("MeterValues")[0], 1), "60000");
  // 36 min charging, then 10 min parked.
  auto stopped_at = o::parse_datetime(stop["timestamp"].get<std::string>())->epoch_ms;
  EXPECT_GE(stopped_at - plugged, 46 * kMinute);
  EXPECT_LE(stopped_at - plugged, 46 * kMinute + 20 * kSecond);

  ASSERT_EQ(h.model.session_records().size(), 1u);
  const auto& rec = h.model.session_records()[0];
  EXPECT_EQ(rec.connector_id, 1);
  EXPECT_EQ(rec.id_tag, "DRIVER01");
  EXPECT_EQ(rec.transaction_id, 1000);
  EXPECT_TRUE(rec.start_confirmed);
  EXPECT_TRUE(rec.stop_acknowledged);
  EXPECT_EQ(rec.stop_reason, "Local");
  EXPECT_EQ(rec.meter_start_wh, reg0);
  EXPECT_EQ(rec.meter_stop_wh - rec.meter_start_wh, delivered);
  EXPECT_EQ(rec.started_at, plugged);
  EXPECT_EQ(rec.stopped_at, stopped_at);

  EXPECT_FALSE(h.model.quiescent()) << "the driver is still unplugging";
  h.run(5 * kMinute);
  EXPECT_TRUE(h.model.quiescent());
  EXPECT_EQ(statuses_of(h, 1), (std::vector<std::string>{"Available", "Preparing", "Charging",
                                                         "SuspendedEV", "Finishing", "Available"}));
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
  EXPECT_EQ(h.model.stats().sessions_started, 1);
  EXPECT_EQ(h.model.stats().sessions_stopped, 1);
}

TEST(ChargerVisitTest, AcConnectorUsesTheOnBoardChargerAndTheBudgetEndsTheVisit) {
  auto cfg = world_config();
  cfg.dc = false;
  cfg.max_power_w = 22'000;
  Harness h(cfg, 12);
  h.connect();
  EXPECT_FALSE(h.model.dc());
  auto v = visit_of("city_car");
  v.target_soc_pct = 100;
  v.budget_ms = 30 * kMinute;
  ASSERT_TRUE(h.model.plug_in(2, v, h.now));
  h.pump();
  run_until_stops(h, 1);
  EXPECT_EQ(sampled(h.calls_of("MeterValues")[0], 1), "6600");
  auto stop = h.calls_of("StopTransaction")[0][3];
  EXPECT_EQ(stop["reason"], "Local");
  const auto& rec = h.model.session_records().at(0);
  EXPECT_EQ(rec.stopped_at - rec.started_at, 30 * kMinute);
  EXPECT_EQ(rec.meter_stop_wh - rec.meter_start_wh, 3'300);  // 6.6 kW for half an hour
}

TEST(ChargerVisitTest, RemoteVisitAsksTheAppAndTheCsmsStartsThisVisit) {
  Harness h(world_config(), 13);
  h.connect();
  auto v = visit_of("city_car", "APPUSER1");
  v.start = StartMethod::Remote;
  ASSERT_TRUE(h.model.plug_in(1, v, h.now));
  h.pump();
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Preparing);
  EXPECT_TRUE(h.calls_of("Authorize").empty());
  auto reqs = h.model.take_driver_requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].kind, DriverRequest::Kind::RemoteStart);
  EXPECT_EQ(reqs[0].connector_id, 1);
  EXPECT_EQ(reqs[0].id_tag, "APPUSER1");
  EXPECT_FALSE(reqs[0].transaction_id);
  EXPECT_TRUE(h.model.take_driver_requests().empty());

  auto other =
      h.server_call("rs0", "RemoteStartTransaction", {{"idTag", "SOMEONE"}, {"connectorId", 1}});
  EXPECT_EQ(other[0], json::parse(R"([3,"rs0",{"status":"Rejected"}])")) << "someone's car";
  auto ok = h.server_call("rs1", "RemoteStartTransaction", {{"idTag", "APPUSER1"}});
  EXPECT_EQ(ok[0], json::parse(R"([3,"rs1",{"status":"Accepted"}])"));
  auto starts = h.calls_of("StartTransaction");
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0][3]["connectorId"], 1);
  EXPECT_EQ(starts[0][3]["idTag"], "APPUSER1");
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Charging);
  h.tick(60 * kSecond);
  EXPECT_EQ(sampled(h.calls_of("MeterValues").at(0), 1), "40000") << "the city car's DC limit";
  ASSERT_EQ(h.model.session_records().size(), 1u);
  EXPECT_EQ(h.model.session_records()[0].transaction_id, 1000);
}

TEST(ChargerVisitTest, RemoteVisitGivesUpWhenTheCsmsNeverStartsIt) {
  auto cfg = world_config();
  cfg.remote_start_wait_ms = 2 * kMinute;
  Harness h(cfg, 14);
  h.connect();
  auto v = visit_of("van", "APPUSER2");
  v.start = StartMethod::Remote;
  ASSERT_TRUE(h.model.plug_in(2, v, h.now));
  h.pump();
  h.tick(119 * kSecond);
  EXPECT_EQ(h.model.connector_status(2), ConnectorStatus::Preparing);
  h.tick(1 * kSecond);
  EXPECT_EQ(h.model.connector_status(2), ConnectorStatus::Available);
  EXPECT_TRUE(h.calls_of("StartTransaction").empty());
  EXPECT_TRUE(h.model.session_records().empty());
  EXPECT_TRUE(h.model.quiescent());
  // A late start finds nobody waiting; without built-in drivers the charger waits
  // ConnectionTimeOut for a cable nobody plugs in.
  auto late = h.server_call("rs", "RemoteStartTransaction", {{"idTag", "APPUSER2"}});
  EXPECT_EQ(late[0][2]["status"], "Accepted");
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Preparing);
  h.tick(60 * kSecond);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_TRUE(h.calls_of("StartTransaction").empty());
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
}

TEST(ChargerVisitTest, AppStopAsksTheCsmsWhichStopsRemotely) {
  Harness h(world_config(), 15);
  h.connect();
  auto v = visit_of("suv", "APPUSER3");
  v.stop = StopMethod::App;
  v.target_soc_pct = 100;
  v.budget_ms = 10 * kMinute;
  ASSERT_TRUE(h.model.plug_in(1, v, h.now));
  h.pump();
  h.run(10 * kMinute);
  auto reqs = h.model.take_driver_requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].kind, DriverRequest::Kind::RemoteStop);
  EXPECT_EQ(reqs[0].connector_id, 1);
  EXPECT_EQ(reqs[0].transaction_id, 1000);
  EXPECT_TRUE(h.calls_of("StopTransaction").empty());
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Charging);
  h.tick(10 * kSecond);
  EXPECT_TRUE(h.model.take_driver_requests().empty()) << "asked once";
  auto r = h.server_call("st", "RemoteStopTransaction", {{"transactionId", 1000}});
  EXPECT_EQ(r[0][2]["status"], "Accepted");
  h.run(3 * kMinute);
  auto stops = h.calls_of("StopTransaction");
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0][3]["reason"], "Remote");
  EXPECT_EQ(h.model.session_records()[0].stop_reason, "Remote");
}

TEST(ChargerVisitTest, AppStopFallsBackToTheChargerAfterAMinute) {
  Harness h(world_config(), 16);
  h.connect();
  auto v = visit_of("taxi", "APPUSER4");
  v.stop = StopMethod::App;
  v.target_soc_pct = 100;
  v.budget_ms = 10 * kMinute;
  ASSERT_TRUE(h.model.plug_in(1, v, h.now));
  h.pump();
  h.run(10 * kMinute);
  ASSERT_EQ(h.model.take_driver_requests().size(), 1u);
  h.run(50 * kSecond);
  EXPECT_TRUE(h.calls_of("StopTransaction").empty());
  h.tick(10 * kSecond);
  auto stops = h.calls_of("StopTransaction");
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0][3]["reason"], "Local");
  EXPECT_EQ(stops[0][3]["idTag"], "APPUSER4");
}

// ---- retries of transaction messages -----------------------------------------------------

TEST(ChargerVisitTest, LostStartTransactionAnswerIsResentAndTheSessionKept) {
  Harness h(world_config(), 17);
  int start_sends = 0;
  h.fate = [&](const json& c) {
    if (c[2] == "StartTransaction" && start_sends++ == 0) return Harness::Fate::Drop;
    return Harness::Fate::Answer;
  };
  h.connect();
  auto v = visit_of("sedan");
  v.budget_ms = 20 * kMinute;
  ASSERT_TRUE(h.model.plug_in(1, v, h.now));
  h.pump();
  ASSERT_EQ(h.calls_of("StartTransaction").size(), 1u);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Preparing);
  EXPECT_FALSE(h.model.transaction_id(1));
  EXPECT_TRUE(h.tick(59 * kSecond).empty());
  h.tick(1 * kSecond);
  auto starts = h.calls_of("StartTransaction");
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_NE(starts[0][1], starts[1][1]) << "a new message id";
  EXPECT_EQ(starts[0][3], starts[1][3]) << "the same content, for the CSMS to deduplicate";
  EXPECT_EQ(h.model.stats().calls_timed_out, 1);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Charging);
  EXPECT_EQ(h.model.transaction_id(1), 1000);
  ASSERT_EQ(h.model.session_records().size(), 1u);
  EXPECT_EQ(h.model.session_records()[0].transaction_id, 1000);

  run_until_stops(h, 1);
  h.run(5 * kMinute);
  auto stops = h.calls_of("StopTransaction");
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0][3]["transactionId"], 1000);
  EXPECT_EQ(h.model.stats().sessions_started, 1);
  EXPECT_TRUE(h.model.session_records()[0].stop_acknowledged);
  EXPECT_TRUE(h.model.quiescent());
}

TEST(ChargerVisitTest, RefusedStopTransactionIsRetriedUpToTheLimitThenGivenUp) {
  auto cfg = world_config();
  cfg.transaction_message_attempts = 3;
  Harness h(cfg, 18);
  h.fate = [](const json& c) {
    return c[2] == "StopTransaction" ? Harness::Fate::Error : Harness::Fate::Answer;
  };
  h.connect();
  auto v = visit_of("van");
  v.budget_ms = 5 * kMinute;
  ASSERT_TRUE(h.model.plug_in(1, v, h.now));
  h.pump();
  run_until_stops(h, 1);
  auto stops = h.calls_of("StopTransaction");
  ASSERT_EQ(stops.size(), 3u);
  EXPECT_EQ(stops[0][3], stops[2][3]);
  EXPECT_EQ(h.model.stats().call_errors_received, 3);
  EXPECT_FALSE(h.model.session_records()[0].stop_acknowledged);
  h.run(5 * kMinute);
  EXPECT_EQ(h.calls_of("StopTransaction").size(), 3u);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_TRUE(h.model.quiescent());
}

// ---- reboot -------------------------------------------------------------------------------

TEST(ChargerVisitTest, PowerLossEndsTheTransactionAndTheStopIsSentAfterTheNextBoot) {
  Harness h(world_config(), 19);
  h.connect();
  ASSERT_TRUE(h.model.plug_in(1, visit_of("suv"), h.now));
  h.pump();
  h.run(10 * kMinute);
  h.model.on_disconnected(h.now);
  h.run(3 * kMinute);  // the link is down: MeterValues wait in the queue
  const auto reg = h.model.energy_register_wh(1);
  const Millis rebooted_at = h.now;
  const auto sent_before = h.raw.size();
  h.model.reboot(h.now, /*power_loss=*/true);
  EXPECT_EQ(h.model.registration(), Registration::Disconnected);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_FALSE(h.model.transaction_id(1));
  EXPECT_FALSE(h.model.quiescent());
  const auto& rec = h.model.session_records().at(0);
  EXPECT_EQ(rec.stop_reason, "PowerLoss");
  EXPECT_EQ(rec.meter_stop_wh, reg);
  EXPECT_EQ(rec.stopped_at, rebooted_at);
  h.run(1 * kMinute);
  EXPECT_EQ(h.raw.size(), sent_before) << "nothing is sent while the charger is down";
  EXPECT_EQ(h.model.energy_register_wh(1), reg) << "the register survives";

  const auto calls_before = h.calls.size();
  h.connect();
  std::vector<json> after(h.calls.begin() + static_cast<std::ptrdiff_t>(calls_before),
                          h.calls.end());
  auto a = actions(after);
  ASSERT_GE(a.size(), 6u);
  EXPECT_EQ(a[0], "BootNotification");
  auto stop_at = std::find(a.begin(), a.end(), "StopTransaction") - a.begin();
  ASSERT_LT(stop_at, static_cast<std::ptrdiff_t>(a.size()));
  EXPECT_GE(stop_at, 4) << "the stored MeterValues go first";
  for (std::ptrdiff_t i = 1; i < stop_at; ++i)
    EXPECT_EQ(a[static_cast<std::size_t>(i)], "MeterValues");
  auto stop = after[static_cast<std::size_t>(stop_at)][3];
  EXPECT_EQ(stop["reason"], "PowerLoss");
  EXPECT_EQ(stop["meterStop"], reg);
  EXPECT_EQ(stop["transactionId"], 1000);
  EXPECT_EQ(stop["timestamp"], iso(rebooted_at));
  std::vector<std::string> rest(a.begin() + stop_at + 1, a.end());
  EXPECT_EQ(rest, std::vector<std::string>(3, "StatusNotification"));
  EXPECT_EQ(after.back()[3]["status"], "Available");
  EXPECT_TRUE(h.model.session_records()[0].stop_acknowledged);
  EXPECT_TRUE(h.model.quiescent());
  EXPECT_EQ(h.model.stats().sessions_stopped, 1);
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
  EXPECT_TRUE(h.model.plug_in(1, visit_of("sedan"), h.now)) << "the bay is free again";
}

TEST(ChargerVisitTest, RebootWithoutTransactionDropsTheWaitingDriverAndKeepsInoperative) {
  Harness h(world_config(), 20);
  h.connect();
  h.server_call("ca", "ChangeAvailability", {{"connectorId", 2}, {"type", "Inoperative"}});
  auto v = visit_of("sedan", "APPUSER5");
  v.start = StartMethod::Remote;
  ASSERT_TRUE(h.model.plug_in(1, v, h.now));
  h.pump();
  h.model.reboot(h.now, /*power_loss=*/false);
  EXPECT_TRUE(h.model.quiescent());
  h.tick(30 * kSecond);
  auto frames = h.connect();
  EXPECT_EQ(actions(frames),
            (std::vector<std::string>{"BootNotification", "StatusNotification",
                                      "StatusNotification", "StatusNotification"}));
  EXPECT_EQ(frames[2][3]["status"], "Available");
  EXPECT_EQ(frames[3][3]["status"], "Unavailable");
  EXPECT_TRUE(h.model.session_records().empty());
  EXPECT_TRUE(h.calls_of("StartTransaction").empty());
  EXPECT_EQ(h.server_call("rs", "RemoteStartTransaction",
                          {{"idTag", "APPUSER5"}, {"connectorId", 2}})[0][2]["status"],
            "Rejected");
}

TEST(ChargerVisitTest, RebootBeforeTheStartAnswerStopsTheTransactionOnceItIsKnown) {
  Harness h(world_config(), 21);
  bool drop = true;
  h.fate = [&](const json& c) {
    return drop && c[2] == "StartTransaction" ? Harness::Fate::Drop : Harness::Fate::Answer;
  };
  h.connect();
  ASSERT_TRUE(h.model.plug_in(1, visit_of("sedan"), h.now));
  h.pump();
  ASSERT_EQ(h.calls_of("StartTransaction").size(), 1u);
  h.tick(20 * kSecond);
  h.model.reboot(h.now, /*power_loss=*/false);
  drop = false;
  h.tick(20 * kSecond);
  h.connect();
  auto starts = h.calls_of("StartTransaction");
  ASSERT_EQ(starts.size(), 2u) << "the stored StartTransaction is sent again";
  EXPECT_EQ(starts[0][3], starts[1][3]);
  auto stops = h.calls_of("StopTransaction");
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0][3]["reason"], "Reboot");
  EXPECT_EQ(stops[0][3]["transactionId"], 1000);
  EXPECT_EQ(stops[0][3]["meterStop"], starts[0][3]["meterStart"]);
  const auto& rec = h.model.session_records().at(0);
  EXPECT_TRUE(rec.start_confirmed);
  EXPECT_TRUE(rec.stop_acknowledged);
  EXPECT_EQ(rec.transaction_id, 1000);
  EXPECT_TRUE(h.model.quiescent());
}

// ---- clock skew, meter glitch, connector fault ------------------------------------------------

TEST(ChargerVisitTest, ClockSkewShiftsEveryTimestampTheChargerWrites) {
  Harness h(world_config(), 22);
  h.connect();
  h.model.set_clock_skew_ms(-90 * kSecond);
  EXPECT_EQ(h.model.clock_skew_ms(), -90 * kSecond);
  ASSERT_TRUE(h.model.plug_in(1, visit_of("sedan"), h.now));
  h.pump();
  EXPECT_EQ(h.calls_of("StatusNotification").back()[3]["status"], "Charging");
  EXPECT_EQ(h.calls_of("StatusNotification").back()[3]["timestamp"], iso(h.now - 90 * kSecond));
  EXPECT_EQ(h.calls_of("StartTransaction")[0][3]["timestamp"], iso(h.now - 90 * kSecond));
  EXPECT_EQ(h.model.session_records()[0].started_at, h.now) << "records keep true time";
  h.model.set_clock_skew_ms(2 * kHour);
  h.tick(60 * kSecond);
  EXPECT_EQ(h.calls_of("MeterValues").at(0)[3]["meterValue"][0]["timestamp"],
            iso(h.now + 2 * kHour));
}

TEST(ChargerVisitTest, MeterGlitchReportsZeroOnceAndLeavesTheRegisterAlone) {
  Harness h(world_config(), 23);
  h.connect();
  ASSERT_TRUE(h.model.plug_in(1, visit_of("sedan"), h.now));
  h.pump();
  h.run(5 * kMinute);
  const auto reg = h.model.energy_register_wh(1);
  const auto before = h.calls_of("MeterValues").size();
  h.model.inject_meter_glitch(1, h.now);
  auto frames = h.pump();
  ASSERT_EQ(actions(frames), std::vector<std::string>{"MeterValues"});
  EXPECT_EQ(sampled(frames[0], 0), "0");
  EXPECT_EQ(frames[0][3]["transactionId"], 1000);
  EXPECT_EQ(frames[0][3]["meterValue"][0]["sampledValue"][0]["context"], "Sample.Periodic");
  EXPECT_EQ(h.model.energy_register_wh(1), reg);
  h.tick(60 * kSecond);
  auto mvs = h.calls_of("MeterValues");
  ASSERT_EQ(mvs.size(), before + 2);
  EXPECT_GT(std::stoll(sampled(mvs.back(), 0)), reg);
  run_until_stops(h, 1);
  EXPECT_EQ(h.calls_of("StopTransaction")[0][3]["meterStop"], h.model.energy_register_wh(1));
}

TEST(ChargerVisitTest, FaultStopsTheSessionAndRecoveryFreesTheConnector) {
  Harness h(world_config(), 24);
  h.connect();
  ASSERT_TRUE(h.model.plug_in(1, visit_of("sedan"), h.now));
  h.pump();
  h.run(5 * kMinute);
  h.model.fault_connector(1, h.now);
  auto frames = h.pump();
  ASSERT_EQ(actions(frames), (std::vector<std::string>{"StatusNotification", "StopTransaction"}));
  EXPECT_EQ(frames[0][3]["status"], "Faulted");
  EXPECT_EQ(frames[0][3]["errorCode"], "GroundFailure");
  EXPECT_EQ(frames[1][3]["reason"], "EmergencyStop");
  EXPECT_EQ(frames[1][3]["meterStop"], h.model.energy_register_wh(1));
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Faulted);
  EXPECT_FALSE(h.model.plug_in(1, visit_of("sedan", "NEXT"), h.now));
  EXPECT_EQ(h.server_call("rs", "RemoteStartTransaction",
                          {{"idTag", "X"}, {"connectorId", 1}})[0][2]["status"],
            "Rejected");
  auto tr = h.server_call("tm", "TriggerMessage",
                          {{"requestedMessage", "StatusNotification"}, {"connectorId", 1}});
  EXPECT_EQ(tr[1][3]["errorCode"], "GroundFailure");
  h.run(10 * kMinute);
  EXPECT_EQ(h.calls_of("StopTransaction").size(), 1u);
  EXPECT_TRUE(h.model.quiescent()) << "the driver has left";
  EXPECT_EQ(h.model.session_records()[0].stop_reason, "EmergencyStop");

  h.model.recover_connector(1, h.now);
  auto rec = h.pump();
  ASSERT_EQ(actions(rec), std::vector<std::string>{"StatusNotification"});
  EXPECT_EQ(rec[0][3]["status"], "Available");
  EXPECT_EQ(rec[0][3]["errorCode"], "NoError");
  EXPECT_TRUE(h.model.plug_in(1, visit_of("sedan", "NEXT"), h.now));
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
}

// ---- determinism of a driven run ------------------------------------------------------------

std::vector<std::string> run_world(std::uint64_t seed) {
  Harness h(world_config(), seed);
  h.connect();
  const char* presets[] = {"city_car", "sedan", "suv", "taxi", "van"};
  int visits = 0;
  for (int step = 0; step < 6 * 240; ++step) {  // 6 h in 15 s steps
    h.tick(15 * kSecond);
    for (const auto& r : h.model.take_driver_requests()) {
      if (r.kind == DriverRequest::Kind::RemoteStart) {
        h.server_call("rs" + std::to_string(step), "RemoteStartTransaction",
                      {{"idTag", r.id_tag}, {"connectorId", r.connector_id}});
      } else if (r.transaction_id && *r.transaction_id % 2 == 0) {  // the CSMS loses half
        h.server_call("st" + std::to_string(step), "RemoteStopTransaction",
                      {{"transactionId", *r.transaction_id}});
      }
    }
    for (int c = 1; c <= 2; ++c) {
      if (h.model.connector_status(c) != ConnectorStatus::Available) continue;
      if ((step + 7 * c) % 20 != 0) continue;
      auto v = visit_of(presets[visits % 5], "TAG" + std::to_string(visits));
      v.start = visits % 3 == 0 ? StartMethod::Remote : StartMethod::Rfid;
      v.stop = visits % 2 == 0 ? StopMethod::App : StopMethod::AtCharger;
      v.budget_ms = (20 + 10 * (visits % 4)) * kMinute;
      v.idle_after_full_ms = (visits % 3) * 5 * kMinute;
      if (h.model.plug_in(c, v, h.now)) ++visits;
    }
    if (step == 700) h.model.inject_meter_glitch(1, h.now);
  }
  h.run(2 * kHour, 15 * kSecond);  // everyone leaves (no new visits)
  EXPECT_GT(visits, 6);
  EXPECT_TRUE(h.model.quiescent());
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
  EXPECT_EQ(h.max_outstanding, 1);
  std::int64_t recorded = 0;
  for (const auto& r : h.model.session_records()) {
    EXPECT_TRUE(r.stop_acknowledged);
    recorded += r.meter_stop_wh - r.meter_start_wh;
  }
  EXPECT_EQ(recorded, h.model.delivered_wh());
  return h.raw;
}

TEST(ChargerVisitTest, OfflineACachedCardChargesAndTheTransactionIsDeliveredLater) {
  Harness h(world_config(), 31);
  h.connect();
  // A first visit online puts the card in the authorization cache.
  ASSERT_TRUE(h.model.plug_in(1, visit_of("city_car"), h.now));
  h.pump();
  run_until_stops(h, 1);
  h.run(5 * kMinute);
  ASSERT_TRUE(h.model.quiescent());

  h.model.on_disconnected(h.now);
  EXPECT_FALSE(h.model.plug_in(2, visit_of("sedan", "STRANGER"), h.now))
      << "offline, an unknown card cannot start";
  auto remote = visit_of("sedan");
  remote.start = StartMethod::Remote;
  EXPECT_FALSE(h.model.plug_in(2, remote, h.now)) << "offline, the app cannot start it";
  const auto reg0 = h.model.energy_register_wh(2);
  const Millis plugged = h.now;
  ASSERT_TRUE(h.model.plug_in(2, visit_of("sedan"), h.now));
  EXPECT_EQ(h.model.connector_status(2), ConnectorStatus::Charging);
  const auto calls_before = h.calls.size();
  h.run(20 * kMinute);
  EXPECT_GT(h.model.energy_register_wh(2), reg0 + 15'000) << "charging while offline";
  EXPECT_EQ(h.calls.size(), calls_before) << "nothing leaves while the link is down";

  h.connect();
  std::vector<json> after(h.calls.begin() + static_cast<std::ptrdiff_t>(calls_before),
                          h.calls.end());
  auto a = actions(after);
  ASSERT_GE(a.size(), 2u);
  EXPECT_EQ(a[0], "BootNotification");
  EXPECT_EQ(a[1], "StartTransaction");
  EXPECT_EQ(after[1][3]["meterStart"], reg0);
  EXPECT_EQ(after[1][3]["timestamp"], iso(plugged)) << "stamped when the car started, not now";
  EXPECT_EQ(std::count(a.begin(), a.end(), "Authorize"), 0);
  EXPECT_EQ(h.model.transaction_id(2), 1001);

  run_until_stops(h, 2);
  h.run(5 * kMinute);
  const auto& rec = h.model.session_records().at(1);
  EXPECT_EQ(rec.transaction_id, 1001);
  EXPECT_TRUE(rec.stop_acknowledged);
  EXPECT_EQ(rec.meter_start_wh, reg0);
  EXPECT_EQ(rec.meter_stop_wh, h.model.energy_register_wh(2));
  for (const auto& mv : h.calls_of("MeterValues")) {
    if (mv[3]["connectorId"] == 2) {
      EXPECT_EQ(mv[3]["transactionId"], 1001) << "no orphan samples";
    }
  }
  EXPECT_TRUE(h.model.quiescent());
  EXPECT_EQ(h.model.stats().forbidden_transitions, 0);
}

TEST(ChargerVisitTest, AnOfflineSessionThatEndsBeforeTheLinkReturnsIsStartedThenStopped) {
  Harness h(world_config(), 32);
  h.connect();
  ASSERT_TRUE(h.model.plug_in(1, visit_of("city_car"), h.now));
  h.pump();
  run_until_stops(h, 1);
  h.run(5 * kMinute);
  h.model.on_disconnected(h.now);
  auto v = visit_of("city_car");
  v.budget_ms = 15 * kMinute;
  const auto reg0 = h.model.energy_register_wh(1);
  ASSERT_TRUE(h.model.plug_in(1, v, h.now));
  h.run(30 * kMinute);  // charged, stopped and left, all offline
  const auto reg1 = h.model.energy_register_wh(1);
  EXPECT_GT(reg1, reg0);
  EXPECT_EQ(h.model.connector_status(1), ConnectorStatus::Available);
  EXPECT_FALSE(h.model.quiescent()) << "the transaction is still to be delivered";

  h.connect();
  h.run(1 * kMinute);
  auto starts = h.calls_of("StartTransaction");
  auto stops = h.calls_of("StopTransaction");
  ASSERT_EQ(starts.size(), 2u);
  ASSERT_EQ(stops.size(), 2u);
  EXPECT_EQ(starts[1][3]["meterStart"], reg0);
  EXPECT_EQ(stops[1][3]["transactionId"], 1001);
  EXPECT_EQ(stops[1][3]["meterStop"], reg1);
  EXPECT_EQ(stops[1][3]["reason"], "Local");
  EXPECT_TRUE(h.model.quiescent());
}

TEST(ChargerVisitTest, LocalPreAuthorizeSkipsAuthorizeAndClearCacheForgets) {
  Harness h(world_config(), 33);
  h.connect();
  h.server_call("c1", "ChangeConfiguration", {{"key", "LocalPreAuthorize"}, {"value", "true"}});
  ASSERT_TRUE(h.model.plug_in(1, visit_of("city_car"), h.now));
  h.pump();
  EXPECT_EQ(h.calls_of("Authorize").size(), 1u) << "unknown yet: asked";
  run_until_stops(h, 1);
  h.run(5 * kMinute);

  ASSERT_TRUE(h.model.plug_in(1, visit_of("city_car"), h.now));
  h.pump();
  EXPECT_EQ(h.calls_of("Authorize").size(), 1u) << "known card: no second Authorize";
  EXPECT_EQ(h.calls_of("StartTransaction").size(), 2u);
  run_until_stops(h, 2);
  h.run(5 * kMinute);

  auto reply = h.server_call("cc", "ClearCache", json::object());
  ASSERT_FALSE(reply.empty());
  EXPECT_EQ(h.replies.back()[2]["status"], "Accepted");
  ASSERT_TRUE(h.model.plug_in(1, visit_of("city_car"), h.now));
  h.pump();
  EXPECT_EQ(h.calls_of("Authorize").size(), 2u) << "forgotten: asked again";
  h.model.on_disconnected(h.now);
  run_until_stops(h, 3);
  h.run(5 * kMinute);
  h.server_call("cc2", "ClearCache", json::object());
  h.model.on_disconnected(h.now);
  EXPECT_FALSE(h.model.plug_in(1, visit_of("city_car"), h.now)) << "offline with an empty cache";
}

TEST(ChargerVisitTest, SameSeedSameVisitsSameFrames) {
  auto a = run_world(42);
  auto b = run_world(42);
  auto c = run_world(43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

}  // namespace
}  // namespace ct::sim
