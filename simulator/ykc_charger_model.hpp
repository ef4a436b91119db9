// A sans-IO 云快充 (YKC) 1.6 charging pile: no sockets, threads or wall clock. The caller
// feeds it events (connected, bytes from the platform in chunks of any size, a timer tick,
// disconnected) with the current time and drains the frames it wants to send. Everything
// it does follows from its config, its seed and the events it was given: same inputs, same
// bytes. It offers the driver / vehicle / fault surface of the OCPP `ChargerModel`
// (charger_model.hpp), so the twin's World can drive either.
//
// Behaviour (the full list is in simulator/README.md, "YKC piles"):
//  * Login 0x01 on connect (sequence numbers restart at 0); 0x02 failure or no answer:
//    login again after `login_retry_ms`. Nothing else is sent or accepted before success.
//  * After login: stored transaction records (0x3B) first, in order, then the billing
//    model check 0x05 (0x06 different, or no model at all: 0x09 -> 0x0A), 0x13 for every
//    gun, and a heartbeat 0x03 per gun every `heartbeat_interval_s`. Three heartbeat
//    rounds without any 0x04: the link is given up (`close_requested()`).
//  * 0x13 per gun: every `realtime_interval_idle_s` idle, `realtime_interval_charging_s`
//    charging, at once when the status or plug state changes, and on 0x12.
//  * App start 0x34 -> 0x33 (not plugged: failure "gun not plugged", then a second 0x33
//    success if plugged within 60 s); card / VIN start 0x31 -> 0x32; DC sessions send the
//    BMS frames 0x15 and 0x17 at start, 0x23 / 0x25 while charging, 0x1D or 0x21 and 0x19
//    at the end. Every session that charged ends with a 0x3B, sent until 0x40 (1 +
//    `record_resends` sends per connection), kept across disconnects and power cycles.
//  * Amounts are the pile's own, from the billing model it stored: energy is booked to the
//    period of the half-hour slot (pile's local time) in which the register counted it.
//  * Platform settings (0x42, 0x44/0x46/0x48, 0x52, 0x56, 0x58, 0x92) are answered and
//    applied; parking lock, firmware update and parallel charging are refused; anything
//    it cannot use is counted, never fatal.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/ykc16/ykc16.hpp"
#include "simulator/charger_model.hpp"
#include "simulator/rng.hpp"
#include "simulator/vehicle.hpp"

namespace ct::sim {

struct YkcChargerConfig {
  std::string pile_code = "32010200000001";  // 14 digits, assigned by the platform
  int guns = 2;                              // 1..99
  bool dc = true;                            // DC pile (BMS frames, SoC) or AC pile
  std::int64_t max_power_w = 60'000;         // per gun
  std::string program_version = "CTSIM1.0";  // ASCII, at most 8 characters
  ykc16::NetworkType network_type = ykc16::NetworkType::Sim;
  ykc16::Bytes<10> iccid{0x89, 0x86, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01};
  ykc16::Carrier carrier = ykc16::Carrier::ChinaMobile;
  // Local civil time of the pile: CP56Time2a times and tariff slots.
  ykc16::UtcOffset utc_offset = ykc16::kChinaStandardTime;

  std::int64_t heartbeat_interval_s = 10;          // 0x03 per gun
  int heartbeat_missed_limit = 3;                  // rounds without any 0x04 -> link down
  std::int64_t realtime_interval_charging_s = 15;  // 0x13 while charging
  std::int64_t realtime_interval_idle_s = 300;     // 0x13 otherwise
  std::int64_t bms_interval_s = 15;                // DC: 0x23 + 0x25 while charging; 0 = never
  std::int64_t response_timeout_ms = 10'000;    // 0x02, 0x06, 0x0A, 0x32 are waited for this long
  std::int64_t login_retry_ms = 30'000;         // after a refused or unanswered login
  int record_resends = 3;                       // 0x3B resends per connection without 0x40
  std::int64_t record_retry_ms = 30'000;        // between 0x3B sends
  std::int64_t plug_timeout_ms = 60'000;        // 0x34 on an unplugged gun: the plug window
  std::int64_t remote_start_wait_ms = 120'000;  // a plugged app driver waits this long for 0x34
  std::int64_t app_stop_wait_ms = 60'000;       // an app stop without 0x36: stopped at the pile

  // The billing model stored in an earlier life; nullopt: none yet (0x05 sends 0000).
  std::optional<ykc16::BillingModel> billing_model;
  // The balance from 0x32 / 0x34 / 0x42 limits a session: it ends with "balance exhausted"
  // (0x6E) when the pile's amount reaches it.
  bool stop_on_balance_exhausted = true;
  std::size_t offline_card_capacity = 1000;
  // Why a running session ends when the pile restarts without losing power (0x92, reboot()
  // with power_loss = false): the vendor table has no reboot code; 0x6A is "system lock-out".
  ykc16::StopReason reboot_stop_reason = ykc16::StopReason::AbnormalSystemLockout;

  // Drivers the model draws itself (self_arrivals): card starts with these id tags.
  std::vector<std::string> cards{"00000000D14B0A54"};
  bool self_arrivals = true;
  double mean_interarrival_s = 1800;  // per gun
  std::int64_t min_session_budget_s = 20 * 60;
  std::int64_t max_session_budget_s = 3 * 3600;
};

// "" when the config can be used, otherwise why not (the constructor throws
// std::invalid_argument with this text).
std::string validate(const YkcChargerConfig& config);

// Card id tags are the 8-byte physical card number (M1 UID, zero-padded) written as 1..16
// hex digits in wire order, the way the vendor samples print it ("00000000D14B0A54");
// nullopt for anything else.
std::optional<ykc16::PhysicalCardNo> ykc_card_from_id_tag(std::string_view id_tag);
std::string ykc_id_tag_from_card(const ykc16::PhysicalCardNo& card);  // 16 upper-case hex
// A Visit with StartMethod::Rfid whose id tag is a 17-character VIN (A-Z and 0-9 without
// I, O, Q) starts by VIN (plug and charge, 0x31 start mode 3) instead of a card.
bool is_vin(std::string_view id_tag);

// What really happened in one YKC session (one per session that began charging).
// SessionRecord's fields: connector_id = gun, id_tag = the visit's, transaction_id unset
// (YKC has the serial instead), meter_start_wh / meter_stop_wh = the register readings of
// the 0x3B converted with ykc16::wh_from_e4_kwh, stop_reason = the ykc16 name of the stop
// code, start_confirmed = the platform knew of the start (0x32 / 0x34; offline sessions:
// once their 0x3B is acknowledged), stop_acknowledged = 0x40 received.
struct YkcSessionRecord : SessionRecord {
  ykc16::TransactionSerial serial;
  ykc16::TradeType trade_type = ykc16::TradeType::App;
  ykc16::StopReason ykc_stop_reason = ykc16::StopReason::UnknownReason;
  std::uint64_t meter_start_e4_kwh = 0;
  std::uint64_t meter_stop_e4_kwh = 0;
  std::array<std::uint32_t, 4> period_energy_e4_kwh{};  // sharp, peak, flat, valley
  std::uint32_t amount_e4_yuan = 0;                     // the pile's own amount
  ykc16::BillingModelNo model_no;                       // the model it priced with
  bool offline = false;                                 // started without the platform
  int record_sends = 0;                                 // 0x3B sends, all connections
  std::optional<ykc16::RecordAckResult> ack;            // the 0x40's result
};

struct YkcChargerStats {
  std::int64_t logins_sent = 0;
  std::int64_t logins_accepted = 0;
  std::int64_t logins_refused = 0;  // 0x02 failure
  std::int64_t login_timeouts = 0;
  std::int64_t heartbeats_sent = 0;
  std::int64_t heartbeat_acks = 0;
  std::int64_t heartbeat_timeouts = 0;  // links given up after missed heartbeats
  std::int64_t models_received = 0;     // 0x0A / 0x58 stored
  std::int64_t models_refused = 0;      // 0x0A / 0x58 not usable
  std::int64_t time_syncs = 0;
  std::int64_t balance_updates = 0;   // 0x42 applied to a running session
  std::int64_t sessions_started = 0;  // began charging
  std::int64_t sessions_stopped = 0;  // 0x3B acknowledged by 0x40
  std::int64_t offline_starts = 0;
  std::int64_t remote_starts_refused = 0;  // 0x33 failure (not counting "not plugged")
  std::int64_t late_plug_failures = 0;     // 0x34 on an unplugged gun, no plug in time
  std::int64_t card_auth_refused = 0;      // 0x32 failure
  std::int64_t card_auth_timeouts = 0;
  std::int64_t records_sent = 0;         // 0x3B frames, resends included
  std::int64_t records_resent = 0;       // ... of which resends
  std::int64_t records_deferred = 0;     // resends used up: kept for the next login
  std::int64_t records_after_login = 0;  // kept records uploaded first thing after a login
  std::int64_t records_illegal = 0;      // 0x40 "illegal bill"
  std::int64_t crc_errors = 0;           // frames refused for their CRC
  std::int64_t crc_swapped = 0;          // accepted with the CRC high byte first
  std::int64_t frames_refused = 0;       // other frames the decoder refused (size, field, type)
  std::int64_t garbage_bytes = 0;        // bytes outside any frame
  std::int64_t frames_ignored = 0;       // decoded but unexpected (state, direction, late answer)
  std::int64_t wrong_pile_code = 0;      // platform frames for another pile
  std::int64_t unsupported = 0;          // parking lock, firmware update, parallel charging
  std::int64_t encode_errors = 0;        // frames the model failed to encode (a bug; stays 0)
};

class YkcChargerModel {
 public:
  YkcChargerModel(YkcChargerConfig config, std::uint64_t seed);

  void on_connected(Millis now);
  void on_bytes(std::span<const std::uint8_t> bytes, Millis now);
  void on_tick(Millis now);
  void on_disconnected(Millis now);

  // Frames to send, one complete frame per element, in order; the outbox is empty afterwards.
  std::vector<std::vector<std::uint8_t>> take_outbox();
  // The pile wants the link closed (missed heartbeats, remote reboot): the caller closes
  // the socket (after sending the outbox) and connects again later. Cleared by
  // on_connected / on_disconnected. The model already behaves as disconnected.
  bool close_requested() const { return close_requested_; }

  // ---- drivers (the World) ----
  // A driver plugs in. Online (logged in, with a billing model): a card / VIN visit sends
  // 0x31; an app visit asks for a start (DriverRequest RemoteStart); a 0x34 waiting for a
  // plug starts at once, whatever the visit. Offline: only a card on the offline list
  // starts. False (nothing changes) when the gun is busy, faulted, disabled or cannot start.
  bool plug_in(int gun, Visit visit, Millis now);
  // An app driver scans the gun's QR code before plugging in: DriverRequest RemoteStart now,
  // the plug `plug_after_ms` later (nullopt: never). False when the gun is busy.
  bool scan_then_plug(int gun, Visit visit, std::optional<Millis> plug_after_ms, Millis now);
  // Requests drivers made through their app since the last call, in order. RemoteStop is
  // keyed by connector_id (= gun); transaction_id stays unset.
  std::vector<DriverRequest> take_driver_requests();
  // End of a simulation: running sessions stop at the pile (manual stop), waiting drivers
  // give up, no new drivers come.
  void end_all_sessions(Millis now);
  // One per session that began charging, in that order.
  const std::vector<YkcSessionRecord>& session_records() const { return records_; }
  // No driver or session on any gun, no record to upload, no answer awaited.
  bool quiescent() const;
  // No session charging and every transaction record acknowledged.
  bool transactions_settled() const;

  // ---- faults (same names and meaning as ChargerModel) ----
  // Power cycle; implies on_disconnected. A running session ends (power loss: 0x83, else
  // `reboot_stop_reason`); its record is kept for the next login. Registers, records,
  // billing model, offline cards, work parameters and the clock survive.
  void reboot(Millis now, bool power_loss);
  // The pile's clock is off by `skew` (every CP56 time it writes is now + skew) until a
  // time sync (0x56) sets it; timers and SessionRecord times stay on true time.
  void set_clock_skew_ms(Millis skew) { clock_offset_ms_ = skew; }
  // One 0x13 whose energy reads 0; the register and later frames are true.
  void inject_meter_glitch(int gun, Millis now);
  // Gun fault (emergency stop): 0x13 status fault with the emergency-stop bit, heartbeat
  // gun state fault; a running session ends with 0x72 (abnormal: emergency stop).
  void fault_connector(int gun, Millis now);
  void recover_connector(int gun, Millis now);

  // ---- observation ----
  const YkcChargerConfig& config() const { return config_; }
  bool dc() const { return config_.dc; }
  Millis clock_skew_ms() const { return clock_offset_ms_; }  // pile clock - true time
  Millis pile_time_ms(Millis now) const { return now + clock_offset_ms_; }
  const YkcChargerStats& stats() const { return stats_; }
  const ykc16::DecoderStats& decoder_stats() const { return decoder_.stats(); }
  // Disconnected; Booting = login sent; Rejected = waiting to log in again; Accepted.
  Registration registration() const { return registration_; }
  const std::optional<ykc16::BillingModel>& billing_model() const { return tariff_; }
  bool billing_model_confirmed() const { return model_step_ == ModelStep::Done; }
  // As OCPP would say it (for the World): Available, Preparing (a driver or start is
  // waiting), Charging, Finishing (the session ended, the car is still plugged in),
  // Faulted, Unavailable (disabled by 0x52). Gun 0: the pile.
  ConnectorStatus connector_status(int gun) const;
  ykc16::GunStatus gun_status(int gun) const;  // what 0x13 reports
  bool plugged(int gun) const;
  std::optional<ykc16::TransactionSerial> serial(int gun) const;  // the running session's
  // What the platform last said the running session's driver may spend (0x32/0x34/0x42).
  std::optional<std::uint32_t> session_balance_e2_yuan(int gun) const;
  std::int64_t energy_register_wh(int gun) const;
  std::uint64_t energy_register_e4_kwh(int gun) const;
  std::int64_t delivered_wh() const;  // all guns, since the model was created
  std::size_t stored_records() const { return store_.size(); }  // 0x3B not yet acknowledged
  std::size_t offline_cards() const { return offline_cards_.size(); }
  bool enabled() const { return work_mode_ == ykc16::WorkMode::Enabled; }
  int max_power_pct() const { return max_power_pct_; }

 private:
  enum class Phase {
    Scanned,              // an app driver at the bay, not plugged in yet
    AwaitingRemoteStart,  // plugged app driver waits for 0x34
    AwaitingCable,        // 0x34 came for an unplugged gun: the 60 s plug window
    Authorizing,          // 0x31 sent, waiting for 0x32
    Charging,
    Finished,  // the session ended; the car is unplugged at depart_at
  };
  enum class ModelStep { None, Checking, Requesting, Done };

  struct Session {
    std::uint64_t id = 0;
    std::optional<Visit> visit;  // nullopt: a 0x34 nobody has plugged into yet
    Phase phase = Phase::Authorizing;
    bool plugged = false;
    std::optional<Millis> plug_at;  // Scanned: when the driver plugs in
    Millis arrived_at = 0;
    Millis wait_until = 0;                        // the current wait's deadline
    std::optional<std::uint16_t> start_sequence;  // the 0x34's: the late 0x33 reuses it
    bool self_drawn = false;                      // AwaitingCable: the model makes a driver come
    // the transaction
    ykc16::TransactionSerial serial;
    ykc16::LogicalCardNo logical_card;
    ykc16::PhysicalCardNo card{};
    std::optional<std::uint32_t> balance_e2_yuan;
    ykc16::TradeType trade = ykc16::TradeType::App;
    std::string vin;
    bool offline = false;
    Millis started_at = 0;
    Millis start_pile_ms = 0;
    std::uint64_t meter_start_e4 = 0;
    ykc16::BillingModel tariff;  // the model in force when the session started
    std::array<std::uint64_t, 4> period_e4{};
    double soc_pct = 0;
    double start_soc_pct = 0;
    std::int64_t power_w = 0;
    Millis last_update = 0;
    Millis next_bms_at = 0;
    std::optional<Millis> app_stop_deadline;
    std::optional<std::size_t> record;
    Millis depart_at = 0;
  };

  struct Gun {
    int no = 0;
    std::int64_t energy_wms = 0;  // register in W*ms
    std::int64_t initial_wms = 0;
    bool faulted = false;
    std::optional<Session> session;
    std::optional<Millis> next_arrival_at;
    Millis next_realtime_at = 0;
    std::optional<std::pair<ykc16::GunStatus, ykc16::PlugState>> reported;  // last 0x13
  };

  struct StoredRecord {
    ykc16::TransactionRecord frame;
    std::size_t record = 0;  // index into records_
    int sends = 0;           // this connection
    Millis last_sent = 0;
    bool deferred = false;  // resends used up: waits for the next login
  };

  struct Bill {
    std::array<ykc16::PeriodUsage, 4> periods{};
    std::uint64_t energy_e4 = 0, loss_energy_e4 = 0, amount_e4 = 0;
  };

  // sending
  template <class M>
  void send(const M& message, std::optional<std::uint16_t> reply_to = std::nullopt);
  void handle(const ykc16::Frame& frame, Millis now);
  bool for_us(const ykc16::PileCode& code);

  // platform frames
  void on_login_response(const ykc16::LoginResponse& m, Millis now);
  void on_heartbeat_response(const ykc16::HeartbeatResponse& m);
  void on_model_check_response(const ykc16::BillingModelCheckResponse& m, Millis now);
  void on_billing_model(const ykc16::BillingModel& m, Millis now, bool pushed, std::uint16_t seq);
  void on_realtime_request(const ykc16::RealtimeDataRequest& m, std::uint16_t seq, Millis now);
  void on_start_authorization(const ykc16::StartAuthorization& m, Millis now);
  void on_remote_start(const ykc16::RemoteStart& m, std::uint16_t seq, Millis now);
  void on_remote_stop(const ykc16::RemoteStop& m, std::uint16_t seq, Millis now);
  void on_record_ack(const ykc16::TransactionRecordAck& m, Millis now);
  void on_balance_update(const ykc16::BalanceUpdate& m, std::uint16_t seq, Millis now);
  void on_card_sync(const ykc16::OfflineCardSync& m, std::uint16_t seq);
  void on_card_clear(const ykc16::OfflineCardClear& m, std::uint16_t seq);
  void on_card_query(const ykc16::OfflineCardQuery& m, std::uint16_t seq);
  void on_work_parameters(const ykc16::WorkParameters& m, std::uint16_t seq, Millis now);
  void on_time_sync(const ykc16::TimeSync& m, std::uint16_t seq, Millis now);
  void on_reboot(const ykc16::Reboot& m, std::uint16_t seq, Millis now);

  // link
  void send_login(Millis now);
  void logged_in(Millis now);
  void send_model_check(Millis now);
  void send_model_request(Millis now);
  void forget_link();  // the connection's state, gone with it (registration, decoder, waits)
  void link_lost(Millis now);
  void tick_link(Millis now);
  void pump_records(Millis now);
  bool online() const { return connected_ && registration_ == Registration::Accepted; }

  // guns and sessions
  Gun* gun(int no);
  const Gun* gun(int no) const;
  bool can_start(const Gun& g) const;
  bool free(const Gun& g) const { return !g.session && !g.faulted; }
  void tick_gun(Gun& g, Millis now);
  Session& begin(Gun& g, std::optional<Visit> visit, Phase phase, Millis now);
  void plug(Gun& g, Millis now);  // the driver of a Scanned session plugs in
  void send_card_request(Gun& g, Millis now);
  void start_charging(Gun& g, Millis now);
  void start_offline(Gun& g, const ykc16::LogicalCardNo& logical, Millis now);
  void advance_energy(Gun& g, Millis now);
  std::int64_t charging_power(const Session& s) const;
  void check_limits(Gun& g, Millis now);
  void driver_ends(Gun& g, Millis now);
  void end_session(Gun& g, ykc16::StopReason reason, Millis now);
  void leave(Gun& g, Millis now);  // the driver goes; the gun is free
  void schedule_arrival(Gun& g, Millis now);
  Visit draw_visit();
  std::string draw_vin();
  Bill bill(const Session& s) const;
  void maybe_reboot_when_idle(Millis now);
  void restart(Millis now, ykc16::StopReason reason);

  // frames
  ykc16::GunStatus status_of(const Gun& g) const;
  ykc16::PlugState plug_of(const Gun& g) const;
  void send_realtime(Gun& g, Millis now, std::optional<std::uint16_t> reply_to = std::nullopt,
                     bool glitch = false);
  void report_changes(Millis now);
  void send_bms_start(const Gun& g);
  void send_bms_periodic(const Gun& g, Millis now);
  void send_bms_end(const Gun& g, ykc16::StopReason reason, Millis now);
  ykc16::Cp56Time2a cp56(Millis pile_ms) const;
  int slot_of(Millis now) const;
  Millis next_slot_edge(Millis now) const;
  ykc16::PileCode pile_code() const { return pile_code_; }

  YkcChargerConfig config_;
  ykc16::PileCode pile_code_;
  Rng rng_;
  YkcChargerStats stats_;
  ykc16::FrameDecoder decoder_;
  std::vector<Gun> guns_;

  // link
  bool connected_ = false;
  bool close_requested_ = false;
  Registration registration_ = Registration::Disconnected;
  std::uint16_t next_sequence_ = 0;
  std::optional<Millis> login_deadline_;
  std::optional<Millis> next_login_at_;
  bool ever_logged_in_ = false;
  Millis next_heartbeat_at_ = 0;
  int missed_rounds_ = 0;
  bool round_answered_ = true;

  // non-volatile state
  std::optional<ykc16::BillingModel> tariff_;
  ModelStep model_step_ = ModelStep::None;
  Millis model_deadline_ = 0;
  std::deque<StoredRecord> store_;
  std::map<ykc16::PhysicalCardNo, ykc16::LogicalCardNo> offline_cards_;
  ykc16::WorkMode work_mode_ = ykc16::WorkMode::Enabled;
  int max_power_pct_ = 100;
  std::uint16_t offline_counter_ = 0;
  Millis clock_offset_ms_ = 0;
  bool reboot_when_idle_ = false;

  std::uint64_t next_session_id_ = 1;
  std::vector<std::vector<std::uint8_t>> outbox_;
  std::vector<DriverRequest> driver_requests_;
  std::vector<YkcSessionRecord> records_;
};

}  // namespace ct::sim
