// A sans-IO OCPP 1.6J charge point: no sockets, threads or wall clock. The caller feeds
// it events (connected, a text frame, a timer tick, disconnected) with the current time
// and drains the frames it wants to send. Everything it does follows from its config,
// its seed and the events it was given: same inputs, same frames, byte for byte.
//
// Behaviour (see simulator/README.md for the full list):
//  * BootNotification on connect; Accepted -> StatusNotification for connector 0 and each
//    connector, Heartbeat every interval; Pending/Rejected -> boot again after `interval`.
//  * One outstanding CALL at a time; the rest wait in a FIFO queue. Only BootNotification
//    is sent before the charger is Accepted. Transaction messages (Authorize,
//    Start/StopTransaction, MeterValues) survive a disconnect and are sent after re-boot.
//  * Drivers come as Visits: either the model draws them itself (per connector, exponential
//    inter-arrival, `self_arrivals`) or the caller plugs them in (`plug_in`). A visit starts
//    by RFID or through the driver's app (a DriverRequest the caller carries out through
//    the CSMS), charges its vehicle (see vehicle.hpp) with MeterValues every
//    MeterValueSampleInterval, parks (SuspendedEV) at target SoC and ends at the charger or
//    through the app.
//  * Transaction messages are retried on timeout/CALLERROR; faults (reboot, clock skew,
//    meter glitch, connector fault) can be injected.
//  * Answers the CSMS's CALLs (remote start/stop, reset, availability, configuration,
//    unlock, clear cache, trigger, data transfer); anything else gets a CALLERROR.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/ocpp16/ocpp16.hpp"
#include "simulator/connector_state.hpp"
#include "simulator/rng.hpp"
#include "simulator/vehicle.hpp"

namespace ct::sim {

using Millis = std::int64_t;  // UTC epoch milliseconds (virtual time in the simulator)

struct ChargerConfig {
  std::string charge_point_id = "SIM-0001";
  std::string vendor = "ChargeTwin";
  std::string model = "SimDC60";
  int connectors = 2;
  std::int64_t max_power_w = 60'000;  // per connector
  std::int64_t meter_value_sample_interval_s = 60;
  std::int64_t heartbeat_interval_s = 300;  // until BootNotification.conf says otherwise
  std::vector<std::string> id_tags{"SIMTAG0001"};
  double mean_interarrival_s = 1800;             // per connector, between sessions
  std::int64_t min_session_budget_s = 20 * 60;   // a driver's time budget is drawn in
  std::int64_t max_session_budget_s = 3 * 3600;  // [min, max]
  std::int64_t call_timeout_ms = 60'000;         // an unanswered CALL is given up after this
  bool self_arrivals = true;             // false: no built-in drivers, only those given to plug_in
  bool dc = true;                        // connector type: selects the vehicle's DC or AC limit
  int transaction_message_attempts = 5;  // Start/StopTransaction, MeterValues: sends in all
  std::int64_t remote_start_wait_ms = 120'000;  // a Remote driver gives up after this
};

enum class StartMethod { Rfid, Remote };
enum class StopMethod { AtCharger, App };

// One driver's visit, decided by whoever drives the model (the World).
struct Visit {
  std::string id_tag;
  VehicleSpec vehicle;
  double arrival_soc_pct = 20;
  double target_soc_pct = 80;
  StartMethod start = StartMethod::Rfid;
  StopMethod stop = StopMethod::AtCharger;
  Millis budget_ms = 3'600'000;   // the driver ends the session at the latest after this
  Millis idle_after_full_ms = 0;  // stays plugged in (SuspendedEV) after charging ends
};

// Something the driver asks of the CSMS through its app (the caller carries it out through
// the CSMS command API, e.g. POST /api/v1/piles/{id}/commands/start-transaction).
struct DriverRequest {
  enum class Kind { RemoteStart, RemoteStop } kind;
  int connector_id = 0;
  std::string id_tag;
  std::optional<std::int64_t> transaction_id;  // RemoteStop
};

// What really happened in one session, for end-of-run checks against the CSMS's records.
struct SessionRecord {
  int connector_id = 0;
  std::string id_tag;
  std::optional<std::int64_t> transaction_id;  // as the CSMS assigned it
  std::int64_t meter_start_wh = 0;
  std::int64_t meter_stop_wh = 0;         // set when StopTransaction was sent
  Millis started_at = 0, stopped_at = 0;  // virtual time (not skewed)
  std::string stop_reason;                // OCPP Reason text
  bool stop_acknowledged = false;         // StopTransaction.conf received
  bool start_confirmed = false;           // StartTransaction.conf received
};

// Counters; plain values, read on the thread that drives the model.
struct ChargerStats {
  std::int64_t boots_accepted = 0;
  std::int64_t sessions_started = 0;  // StartTransaction.conf Accepted
  std::int64_t sessions_stopped = 0;  // StopTransaction.conf received
  std::int64_t call_errors_received = 0;
  std::int64_t calls_timed_out = 0;
  std::int64_t call_errors_sent = 0;
  std::int64_t forbidden_transitions = 0;
  std::int64_t offline_starts = 0;  // sessions started from the authorization cache, offline  //
                                    // always 0 unless the model has a bug
};

enum class Registration { Disconnected, Connected, Booting, Pending, Rejected, Accepted };

class ChargerModel {
 public:
  ChargerModel(ChargerConfig config, std::uint64_t seed);

  void on_connected(Millis now);
  void on_text(std::string_view frame, Millis now);
  void on_tick(Millis now);
  void on_disconnected(Millis now);

  // Frames to send, in order; the outbox is empty afterwards.
  std::vector<std::string> take_outbox();

  // ---- drivers (the World) ----
  // A driver plugs in. False (nothing changes) unless the connector is Available, operative,
  // without a session and the charger is Accepted.
  bool plug_in(int connector_id, Visit visit, Millis now);
  // Requests the drivers made through their app since the last call, in order.
  std::vector<DriverRequest> take_driver_requests();
  // Closing down (end of a simulation): every running session is stopped at the charger
  // (reason Local), drivers still waiting give up, and no new drivers come.
  void end_all_sessions(Millis now);
  // One per session that got as far as sending StartTransaction, in that order.
  const std::vector<SessionRecord>& session_records() const { return records_; }
  // No session (or driver) on any connector, nothing queued and no CALL outstanding.
  bool quiescent() const;
  // No transaction is open or on its way to the CSMS (drivers may still be unplugging).
  bool transactions_settled() const;

  // ---- faults ----
  // Power cycle; implies on_disconnected (the caller reconnects later with on_connected).
  void reboot(Millis now, bool power_loss);
  // Every timestamp written into frames is now + skew; the model's timers keep using now.
  void set_clock_skew_ms(Millis skew) { skew_ms_ = skew; }
  // One MeterValues (Sample.Periodic) whose energy register reads 0; the register is intact.
  void inject_meter_glitch(int connector_id, Millis now);
  // Faulted (GroundFailure); a running transaction is stopped with EmergencyStop.
  void fault_connector(int connector_id, Millis now);
  // Faulted -> Available (Unavailable when inoperative), NoError.
  void recover_connector(int connector_id, Millis now);

  // ---- observation (tests, fleet counters) ----
  const ChargerConfig& config() const { return config_; }
  bool dc() const { return config_.dc; }
  Millis clock_skew_ms() const { return skew_ms_; }
  const ChargerStats& stats() const { return stats_; }
  Registration registration() const { return registration_; }
  ConnectorStatus connector_status(int connector_id) const;  // 0 = the charge point
  std::int64_t energy_register_wh(int connector_id) const;
  std::optional<std::int64_t> transaction_id(int connector_id) const;
  // Wh delivered by all connectors since the model was created (includes running sessions).
  std::int64_t delivered_wh() const;
  std::size_t queued_calls() const { return queue_.size(); }
  bool call_outstanding() const { return outstanding_.has_value(); }
  std::int64_t heartbeat_interval_s() const;
  std::int64_t meter_value_sample_interval_s() const;

  // Test hook: forces a connector transition through the state machine; false when the
  // table forbids it (the status is then unchanged).
  bool set_connector_status(int connector_id, ConnectorStatus to, Millis now);

 private:
  enum class Phase {
    AwaitingRemoteStart,  // a Remote driver plugged in and waits for the CSMS
    AwaitingCable,        // the CSMS remote-started with nobody plugged in
    Authorizing,
    Starting,
    Charging,
    Parked,
    Stopping,
    Leaving
  };

  struct Session {
    std::uint64_t serial = 0;
    Visit visit;
    bool remote = false;         // started by RemoteStartTransaction
    bool offline_start = false;  // charging before the CSMS knew (local authorization)
    Phase phase = Phase::Authorizing;
    std::optional<std::int64_t> transaction_id;
    std::optional<ocpp16::Reason> stop_requested;  // a stop asked for before the start answer
    std::optional<std::size_t> record;             // index into records_
    Millis arrived_at = 0;
    Millis started_at = 0;
    Millis wait_until = 0;  // AwaitingRemoteStart / AwaitingCable: when the wait ends
    double soc_pct = 0;
    std::int64_t power_w = 0;
    Millis last_update = 0;
    Millis next_sample_at = 0;
    Millis depart_at = 0;  // Parked: when the driver unplugs; Leaving: when the bay frees up
    std::optional<Millis> app_stop_deadline;  // App stop asked for; Local stop after this
  };

  struct Connector {
    int id = 0;
    ConnectorStatus status = ConnectorStatus::Available;
    std::int64_t energy_wms = 0;  // register in W*ms (1 Wh = 3'600'000 W*ms)
    std::int64_t initial_wms = 0;
    std::optional<Session> session;
    std::optional<Millis> next_arrival_at;
    bool inoperative = false;            // ChangeAvailability Inoperative in force
    bool inoperative_scheduled = false;  // ... once the running session ends
    bool faulted = false;                // fault_connector until recover_connector
  };

  struct QueuedCall {
    ocpp16::Action action;
    nlohmann::json payload;
    int connector = 0;
    std::uint64_t session = 0;
    std::optional<std::size_t> record;  // Start/StopTransaction: the session's record
    int attempts = 0;                   // times sent so far
  };
  struct Outstanding {
    std::string unique_id;
    QueuedCall call;
    Millis sent_at = 0;
  };

  struct ConfigKey {
    std::string value;
    bool readonly = false;
    bool integer = false;
    std::int64_t min = 0;
  };

  template <class Req>
  void enqueue(const Req& request, int connector = 0, std::uint64_t session = 0,
               std::optional<std::size_t> record = std::nullopt);
  void pump(Millis now);
  void send_call_result(const std::string& id, nlohmann::json payload);
  void send_call_error(const std::string& id, ocpp16::ErrorCode code, std::string description);

  void handle_call(const ocpp16::Call& call, Millis now);
  void handle_result(const ocpp16::CallResult& result, Millis now);
  // timed_out: no answer at all (as opposed to a CALLERROR or an undecodable answer).
  void call_failed(QueuedCall call, Millis now, bool timed_out = false);
  void remember_authorization(const std::string& id_tag, ocpp16::AuthorizationStatus status);
  bool cached_accepted(const std::string& id_tag) const;
  bool config_flag(const std::string& key) const;
  void start_offline(Connector& c, Millis now);
  void begin_charging(Connector& c, Millis now);
  void on_start_answer(const QueuedCall& call, const ocpp16::StartTransactionResponse& resp,
                       Millis now);
  void on_stop_answer(const QueuedCall& call, Millis now);

  void on_boot_result(const ocpp16::BootNotificationResponse& resp, Millis now);
  void on_authorize_result(Connector& c, const ocpp16::AuthorizeResponse& resp, Millis now);
  void on_start_result(Connector& c, const ocpp16::StartTransactionResponse& resp, Millis now);
  void on_stop_result(Connector& c, Millis now);

  void tick_connector(Connector& c, Millis now);
  Visit draw_visit();
  void begin_session(Connector& c, Visit visit, Phase phase, Millis now);
  void send_start(Connector& c, Millis now);
  void advance_energy(Connector& c, Millis now);
  void park(Connector& c, Millis now);
  std::int64_t charging_power(const Session& s) const;
  ocpp16::BootNotificationRequest boot_request() const;
  void driver_ends(Connector& c, Millis now);
  void stop_session(Connector& c, ocpp16::Reason reason, Millis now);
  void end_session_abruptly(Connector& c, ocpp16::Reason reason, Millis now);
  void send_stop(const Connector& c, ocpp16::Reason reason, Millis now);
  void abort_session(Connector& c, Millis now);
  void free_connector(Connector& c, Millis now);
  void schedule_arrival(Connector& c, Millis now);
  void send_meter_values(Connector& c, ocpp16::ReadingContext context, Millis now,
                         std::optional<std::int64_t> register_override = std::nullopt);
  void send_status(int connector_id, Millis now);
  void send_all_statuses(Millis now);
  bool set_status(Connector& c, ConnectorStatus to, Millis now);
  Connector* connector(int id);
  Connector* session_connector(int connector_id, std::uint64_t session);
  std::int64_t register_wh(const Connector& c) const { return c.energy_wms / 3'600'000; }
  std::int64_t config_int(const std::string& key) const;
  ocpp16::DateTime stamp(Millis now) const { return ocpp16::DateTime{now + skew_ms_}; }

  ChargerConfig config_;
  Rng rng_;
  ChargerStats stats_;
  Registration registration_ = Registration::Disconnected;
  bool connected_ = false;
  bool ever_accepted_ = false;
  std::optional<Millis> next_boot_at_;
  Millis next_heartbeat_at_ = 0;
  bool cp_inoperative_ = false;
  std::vector<Connector> connectors_;
  std::map<std::string, ConfigKey> configuration_;
  std::deque<QueuedCall> queue_;
  std::optional<Outstanding> outstanding_;
  std::uint64_t next_message_id_ = 1;
  std::uint64_t next_session_serial_ = 1;
  std::vector<std::string> outbox_;
  std::vector<DriverRequest> driver_requests_;
  std::vector<SessionRecord> records_;
  // The Authorization Cache (OCPP 1.6 section 3.5.1): idTagInfo seen in Authorize and
  // StartTransaction answers; survives reboots, emptied by ClearCache.
  std::map<std::string, ocpp16::AuthorizationStatus> auth_cache_;
  Millis skew_ms_ = 0;
};

const char* to_string(Registration r) noexcept;

}  // namespace ct::sim
