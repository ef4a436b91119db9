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
//  * Drivers arrive per connector (exponential inter-arrival), authorize by RFID, charge
//    a vehicle (capacity, arrival/target SoC, taper above 80 %), send MeterValues every
//    MeterValueSampleInterval, park (SuspendedEV) at target SoC and leave, or stop at the
//    session's time budget.
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
};

// Counters; plain values, read on the thread that drives the model.
struct ChargerStats {
  std::int64_t boots_accepted = 0;
  std::int64_t sessions_started = 0;  // StartTransaction.conf Accepted
  std::int64_t sessions_stopped = 0;  // StopTransaction.conf received
  std::int64_t call_errors_received = 0;
  std::int64_t calls_timed_out = 0;
  std::int64_t call_errors_sent = 0;
  std::int64_t forbidden_transitions = 0;  // always 0 unless the model has a bug
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

  // ---- observation (tests, fleet counters) ----
  const ChargerConfig& config() const { return config_; }
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
  enum class Phase { Authorizing, Starting, Charging, Parked, Stopping, Leaving };

  struct Session {
    std::uint64_t serial = 0;
    std::string id_tag;
    bool remote = false;
    Phase phase = Phase::Authorizing;
    std::optional<std::int64_t> transaction_id;
    std::optional<ocpp16::Reason> stop_requested;  // a stop asked for before the start answer
    std::int64_t meter_start_wh = 0;
    Millis started_at = 0;
    Millis budget_ms = 0;
    std::int64_t capacity_wh = 0;
    double soc_pct = 0;
    double target_soc_pct = 0;
    std::int64_t vehicle_max_w = 0;
    std::int64_t power_w = 0;
    Millis last_update = 0;
    Millis next_sample_at = 0;
    Millis depart_at = 0;  // Parked: when the driver unplugs; Leaving: when the bay frees up
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
  };

  struct QueuedCall {
    ocpp16::Action action;
    nlohmann::json payload;
    int connector = 0;
    std::uint64_t session = 0;
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
  void enqueue(const Req& request, int connector = 0, std::uint64_t session = 0);
  void pump(Millis now);
  void send_call_result(const std::string& id, nlohmann::json payload);
  void send_call_error(const std::string& id, ocpp16::ErrorCode code, std::string description);

  void handle_call(const ocpp16::Call& call, Millis now);
  void handle_result(const ocpp16::CallResult& result, Millis now);
  void call_failed(const QueuedCall& call, Millis now);

  void on_boot_result(const ocpp16::BootNotificationResponse& resp, Millis now);
  void on_authorize_result(Connector& c, const ocpp16::AuthorizeResponse& resp, Millis now);
  void on_start_result(Connector& c, const ocpp16::StartTransactionResponse& resp, Millis now);
  void on_stop_result(Connector& c, Millis now);

  void tick_connector(Connector& c, Millis now);
  void begin_session(Connector& c, std::string id_tag, bool remote, Millis now);
  void send_start(Connector& c, Millis now);
  void advance_energy(Connector& c, Millis now);
  std::int64_t charging_power(const Session& s) const;
  ocpp16::BootNotificationRequest boot_request() const;
  void stop_session(Connector& c, ocpp16::Reason reason, Millis now);
  void abort_session(Connector& c, Millis now);
  void free_connector(Connector& c, Millis now);
  void schedule_arrival(Connector& c, Millis now);
  void send_meter_values(Connector& c, ocpp16::ReadingContext context, Millis now);
  void send_status(int connector_id, Millis now);
  void send_all_statuses(Millis now);
  bool set_status(Connector& c, ConnectorStatus to, Millis now);
  Connector* connector(int id);
  Connector* session_connector(int connector_id, std::uint64_t session);
  std::int64_t register_wh(const Connector& c) const { return c.energy_wms / 3'600'000; }
  std::int64_t config_int(const std::string& key) const;

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
};

const char* to_string(Registration r) noexcept;

}  // namespace ct::sim
