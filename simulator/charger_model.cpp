#include "simulator/charger_model.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace ct::sim {

namespace o = ocpp16;

namespace {

constexpr std::int64_t kWmsPerWh = 3'600'000;
constexpr Millis kDefaultRetryMs = 60'000;
// How long a driver who asked the app to stop waits for the CSMS before stopping at the
// charger instead.
constexpr Millis kAppStopFallbackMs = 60'000;
// The fault fault_connector simulates: an insulation/earth fault, the usual reason a DC
// charger's protection trips mid-session.
constexpr o::ChargePointErrorCode kFaultCode = o::ChargePointErrorCode::GroundFailure;

// Messages a charge point stores until the CSMS confirms them (OCPP 1.6 section 4.7/4.8).
bool is_transaction_message(o::Action a) {
  return a == o::Action::StartTransaction || a == o::Action::StopTransaction ||
         a == o::Action::MeterValues;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

o::SampledValue sample(std::string value, o::Measurand m, o::UnitOfMeasure unit,
                       o::ReadingContext context) {
  o::SampledValue v;
  v.value = std::move(value);
  v.context = context;
  v.measurand = m;
  v.unit = unit;
  if (m != o::Measurand::SoC)
    v.location = o::Location::Outlet;
  else
    v.location = o::Location::EV;
  return v;
}

}  // namespace

const char* to_string(Registration r) noexcept {
  switch (r) {
    case Registration::Disconnected: return "Disconnected";
    case Registration::Connected: return "Connected";
    case Registration::Booting: return "Booting";
    case Registration::Pending: return "Pending";
    case Registration::Rejected: return "Rejected";
    case Registration::Accepted: return "Accepted";
  }
  return "?";
}

ChargerModel::ChargerModel(ChargerConfig config, std::uint64_t seed)
    : config_(std::move(config)), rng_(seed) {
  if (config_.connectors < 1) config_.connectors = 1;
  if (config_.id_tags.empty()) config_.id_tags.push_back("SIMTAG0001");
  for (int i = 1; i <= config_.connectors; ++i) {
    Connector c;
    c.id = i;
    // A used charger: the register starts somewhere between 0 and 500 kWh.
    c.energy_wms = rng_.uniform_int(0, 500'000) * kWmsPerWh;
    c.initial_wms = c.energy_wms;
    connectors_.push_back(std::move(c));
  }
  auto num = [](std::int64_t v) { return std::to_string(v); };
  configuration_["HeartbeatInterval"] = {num(config_.heartbeat_interval_s), false, true, 1};
  configuration_["MeterValueSampleInterval"] = {num(config_.meter_value_sample_interval_s), false,
                                                true, 0};
  configuration_["ConnectionTimeOut"] = {"60", false, true, 1};
  configuration_["ClockAlignedDataInterval"] = {"0", false, true, 0};
  configuration_["NumberOfConnectors"] = {num(config_.connectors), true, true, 0};
  configuration_["AuthorizeRemoteTxRequests"] = {"false", true, false, 0};
  configuration_["MeterValuesSampledData"] = {
      config_.dc ? "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC"
                 : "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage",
      true, false, 0};
  configuration_["SupportedFeatureProfiles"] = {"Core,RemoteTrigger", true, false, 0};
  configuration_["AuthorizationCacheEnabled"] = {"true", false, false, 0};
  configuration_["LocalAuthorizeOffline"] = {"true", false, false, 0};
  configuration_["LocalPreAuthorize"] = {"false", false, false, 0};
}

// ---- observation -----------------------------------------------------------------------

ConnectorStatus ChargerModel::connector_status(int connector_id) const {
  if (connector_id == 0) {
    return cp_inoperative_ ? ConnectorStatus::Unavailable : ConnectorStatus::Available;
  }
  if (connector_id < 1 || connector_id > static_cast<int>(connectors_.size())) {
    return ConnectorStatus::Unavailable;
  }
  return connectors_[connector_id - 1].status;
}

std::int64_t ChargerModel::energy_register_wh(int connector_id) const {
  if (connector_id < 1 || connector_id > static_cast<int>(connectors_.size())) return 0;
  return register_wh(connectors_[connector_id - 1]);
}

std::optional<std::int64_t> ChargerModel::transaction_id(int connector_id) const {
  if (connector_id < 1 || connector_id > static_cast<int>(connectors_.size())) return {};
  const auto& c = connectors_[connector_id - 1];
  if (!c.session) return {};
  return c.session->transaction_id;
}

std::int64_t ChargerModel::delivered_wh() const {
  std::int64_t total = 0;
  for (const auto& c : connectors_) total += (c.energy_wms - c.initial_wms) / kWmsPerWh;
  return total;
}

std::int64_t ChargerModel::config_int(const std::string& key) const {
  auto it = configuration_.find(key);
  if (it == configuration_.end()) return 0;
  return parse_int(it->second.value).value_or(0);
}

std::int64_t ChargerModel::heartbeat_interval_s() const {
  return config_int("HeartbeatInterval");
}
std::int64_t ChargerModel::meter_value_sample_interval_s() const {
  return config_int("MeterValueSampleInterval");
}

std::vector<std::string> ChargerModel::take_outbox() {
  std::vector<std::string> out;
  out.swap(outbox_);
  return out;
}

ChargerModel::Connector* ChargerModel::connector(int id) {
  if (id < 1 || id > static_cast<int>(connectors_.size())) return nullptr;
  return &connectors_[id - 1];
}

ChargerModel::Connector* ChargerModel::session_connector(int connector_id, std::uint64_t session) {
  auto* c = connector(connector_id);
  if (!c || !c->session || c->session->serial != session) return nullptr;
  return c;
}

// ---- the CALL queue ----------------------------------------------------------------------

template <class Req>
void ChargerModel::enqueue(const Req& request, int connector, std::uint64_t session,
                           std::optional<std::size_t> record) {
  queue_.push_back(
      QueuedCall{o::MessageTraits<Req>::action, o::encode(request), connector, session, record, 0});
}

void ChargerModel::pump(Millis now) {
  if (!connected_ || outstanding_ || queue_.empty()) return;
  const auto& front = queue_.front();
  bool boot = front.action == o::Action::BootNotification;
  if (!boot && registration_ != Registration::Accepted) return;
  Outstanding out{std::to_string(next_message_id_++), std::move(queue_.front()), now};
  queue_.pop_front();
  ++out.call.attempts;
  if (boot) registration_ = Registration::Booting;
  outbox_.push_back(
      o::serialize(o::Call{out.unique_id, o::to_string(out.call.action), out.call.payload}));
  outstanding_ = std::move(out);
}

void ChargerModel::send_call_result(const std::string& id, nlohmann::json payload) {
  outbox_.push_back(o::serialize(o::CallResult{id, std::move(payload)}));
}

void ChargerModel::send_call_error(const std::string& id, o::ErrorCode code,
                                   std::string description) {
  ++stats_.call_errors_sent;
  outbox_.push_back(o::serialize(o::CallError{id, code, std::move(description)}));
}

o::BootNotificationRequest ChargerModel::boot_request() const {
  o::BootNotificationRequest boot;
  boot.charge_point_vendor = config_.vendor;
  boot.charge_point_model = config_.model;
  boot.charge_point_serial_number = config_.charge_point_id;
  boot.firmware_version = "chargetwin-sim-0.1";
  boot.meter_type = "SimMeter";
  return boot;
}

// ---- events ------------------------------------------------------------------------------

void ChargerModel::on_connected(Millis now) {
  connected_ = true;
  registration_ = Registration::Connected;
  next_boot_at_.reset();
  queue_.push_front(
      QueuedCall{o::Action::BootNotification, o::encode(boot_request()), 0, 0, std::nullopt, 0});
  pump(now);
}

void ChargerModel::on_disconnected(Millis now) {
  connected_ = false;
  registration_ = Registration::Disconnected;
  next_boot_at_.reset();
  auto keep = [](o::Action a) { return a == o::Action::Authorize || is_transaction_message(a); };
  // The unanswered call is sent again after the re-boot (the CSMS deduplicates by content);
  // a lost link is not the CSMS's failure, so it does not use up a retry.
  if (outstanding_ && keep(outstanding_->call.action)) {
    --outstanding_->call.attempts;
    queue_.push_front(std::move(outstanding_->call));
  }
  outstanding_.reset();
  std::erase_if(queue_, [&](const QueuedCall& c) { return !keep(c.action); });
  (void)now;
}

void ChargerModel::on_tick(Millis now) {
  if (outstanding_ && now - outstanding_->sent_at >= config_.call_timeout_ms) {
    ++stats_.calls_timed_out;
    auto call = std::move(outstanding_->call);
    outstanding_.reset();
    call_failed(call, now, true);
  }
  if (connected_ && next_boot_at_ && now >= *next_boot_at_ &&
      (registration_ == Registration::Pending || registration_ == Registration::Rejected)) {
    next_boot_at_.reset();
    on_connected(now);
  }
  if (connected_ && registration_ == Registration::Accepted && now >= next_heartbeat_at_) {
    bool queued = std::any_of(queue_.begin(), queue_.end(),
                              [](const QueuedCall& c) { return c.action == o::Action::Heartbeat; });
    if (!queued) enqueue(o::HeartbeatRequest{});
    next_heartbeat_at_ = now + heartbeat_interval_s() * 1000;
  }
  for (auto& c : connectors_) tick_connector(c, now);
  pump(now);
}

void ChargerModel::on_text(std::string_view text, Millis now) {
  auto parsed = o::parse_frame(text);
  if (auto* err = std::get_if<o::FrameError>(&parsed)) {
    if (err->message_type_id == o::kMessageTypeCall && !err->unique_id.empty()) {
      send_call_error(err->unique_id, err->code, err->description);
    }
    return;
  }
  auto& frame = std::get<o::Frame>(parsed);
  if (auto* call = std::get_if<o::Call>(&frame)) {
    handle_call(*call, now);
  } else if (auto* result = std::get_if<o::CallResult>(&frame)) {
    handle_result(*result, now);
  } else if (auto* error = std::get_if<o::CallError>(&frame)) {
    if (outstanding_ && outstanding_->unique_id == error->unique_id) {
      ++stats_.call_errors_received;
      auto call = std::move(outstanding_->call);
      outstanding_.reset();
      call_failed(call, now);
    }
  }
  pump(now);
}

// ---- answers to our CALLs ----------------------------------------------------------------

void ChargerModel::handle_result(const o::CallResult& result, Millis now) {
  if (!outstanding_ || outstanding_->unique_id != result.unique_id) return;  // late or unknown
  QueuedCall call = std::move(outstanding_->call);
  outstanding_.reset();
  auto invalid = [&] { call_failed(call, now); };
  switch (call.action) {
    case o::Action::BootNotification: {
      auto r = o::decode<o::BootNotificationResponse>(result.payload);
      if (auto* resp = std::get_if<o::BootNotificationResponse>(&r))
        on_boot_result(*resp, now);
      else
        invalid();
      break;
    }
    case o::Action::Authorize: {
      auto r = o::decode<o::AuthorizeResponse>(result.payload);
      auto* c = session_connector(call.connector, call.session);
      if (!c) break;
      if (auto* resp = std::get_if<o::AuthorizeResponse>(&r))
        on_authorize_result(*c, *resp, now);
      else
        invalid();
      break;
    }
    case o::Action::StartTransaction: {
      auto r = o::decode<o::StartTransactionResponse>(result.payload);
      if (auto* resp = std::get_if<o::StartTransactionResponse>(&r))
        on_start_answer(call, *resp, now);
      else
        invalid();
      break;
    }
    case o::Action::StopTransaction: on_stop_answer(call, now); break;
    default: break;  // Heartbeat, StatusNotification, MeterValues, ...: nothing to do
  }
}

void ChargerModel::call_failed(QueuedCall call, Millis now, bool timed_out) {
  if (is_transaction_message(call.action) && call.attempts < config_.transaction_message_attempts) {
    // Stored messages go again first, so that the CSMS sees a transaction's messages in order.
    queue_.push_front(std::move(call));
    return;
  }
  switch (call.action) {
    case o::Action::BootNotification:
      registration_ = Registration::Rejected;
      next_boot_at_ = now + kDefaultRetryMs;
      break;
    case o::Action::Authorize:
    case o::Action::StartTransaction:
      if (call.record) {
        // No transaction was opened after all: its stop, if one waits, has nothing to close.
        std::erase_if(queue_, [&](const QueuedCall& q) {
          return q.action == o::Action::StopTransaction && q.record == call.record;
        });
      }
      if (auto* c = session_connector(call.connector, call.session)) abort_session(*c, now);
      break;
    case o::Action::StopTransaction:
      // Given up: the driver leaves all the same (the record says it was not acknowledged).
      if (auto* c = session_connector(call.connector, call.session)) on_stop_result(*c, now);
      break;
    case o::Action::StatusNotification:
      // OCPP does not ask for a retry, but a CSMS left with a stale status shows a free
      // bay as busy (or worse): firmware that gets no answer reports the status as it is now.
      if (timed_out && connected_ && registration_ == Registration::Accepted) {
        send_status(call.payload.value("connectorId", 0), now);
      }
      break;
    default: break;
  }
}

void ChargerModel::on_boot_result(const o::BootNotificationResponse& resp, Millis now) {
  Millis interval_ms = resp.interval > 0 ? resp.interval * 1000 : kDefaultRetryMs;
  switch (resp.status) {
    case o::RegistrationStatus::Accepted:
      registration_ = Registration::Accepted;
      ++stats_.boots_accepted;
      if (resp.interval > 0)
        configuration_["HeartbeatInterval"].value = std::to_string(resp.interval);
      next_heartbeat_at_ = now + heartbeat_interval_s() * 1000;
      send_all_statuses(now);
      if (!ever_accepted_) {
        ever_accepted_ = true;
        for (auto& c : connectors_) schedule_arrival(c, now);
      }
      break;
    case o::RegistrationStatus::Pending:
      registration_ = Registration::Pending;
      next_boot_at_ = now + interval_ms;
      break;
    case o::RegistrationStatus::Rejected:
      registration_ = Registration::Rejected;
      next_boot_at_ = now + interval_ms;
      break;
  }
}

void ChargerModel::on_authorize_result(Connector& c, const o::AuthorizeResponse& resp, Millis now) {
  remember_authorization(c.session->visit.id_tag, resp.id_tag_info.status);
  if (c.session->phase != Phase::Authorizing) return;
  if (resp.id_tag_info.status != o::AuthorizationStatus::Accepted) {
    abort_session(c, now);
    return;
  }
  send_start(c, now);
}

void ChargerModel::on_start_answer(const QueuedCall& call, const o::StartTransactionResponse& resp,
                                   Millis now) {
  if (call.record) {
    auto& rec = records_[*call.record];
    rec.transaction_id = resp.transaction_id;
    rec.start_confirmed = true;
  }
  if (resp.id_tag_info.status == o::AuthorizationStatus::Accepted) ++stats_.sessions_started;
  if (call.record) remember_authorization(records_[*call.record].id_tag, resp.id_tag_info.status);
  if (auto* c = session_connector(call.connector, call.session)) on_start_result(*c, resp, now);
  // A session that ended while its start was on the way (reboot, fault, or a driver who
  // charged offline and left before the link came back) queued its stop in order, without
  // the id: now the id is known.
  if (!call.record) return;
  for (auto& q : queue_) {
    if (q.action == o::Action::StopTransaction && q.record == call.record)
      q.payload["transactionId"] = resp.transaction_id;
  }
}

void ChargerModel::on_stop_answer(const QueuedCall& call, Millis now) {
  ++stats_.sessions_stopped;
  if (call.record) records_[*call.record].stop_acknowledged = true;
  if (auto* c = session_connector(call.connector, call.session)) on_stop_result(*c, now);
}

void ChargerModel::on_start_result(Connector& c, const o::StartTransactionResponse& resp,
                                   Millis now) {
  auto& s = *c.session;
  if (s.offline_start) {
    // Charging since before the CSMS knew: now the session has its id, and a CSMS that
    // refuses the idTag ends it (OCPP 1.6 section 3.5.2).
    s.transaction_id = resp.transaction_id;
    if ((s.phase == Phase::Charging || s.phase == Phase::Parked) &&
        resp.id_tag_info.status != o::AuthorizationStatus::Accepted) {
      stop_session(c, o::Reason::DeAuthorized, now);
    }
    return;
  }
  if (s.phase != Phase::Starting) return;
  s.transaction_id = resp.transaction_id;
  if (resp.id_tag_info.status != o::AuthorizationStatus::Accepted) {
    // The CSMS opened the transaction but refused the idTag: end it at once.
    s.phase = Phase::Charging;
    s.last_update = now;
    stop_session(c, o::Reason::DeAuthorized, now);
    return;
  }
  begin_charging(c, now);
  if (s.stop_requested) {
    stop_session(c, *s.stop_requested, now);
  } else if (s.soc_pct >= s.visit.target_soc_pct) {
    park(c, now);
  }
}

void ChargerModel::on_stop_result(Connector& c, Millis now) {
  auto& s = *c.session;
  if (s.phase != Phase::Stopping) return;
  s.phase = Phase::Leaving;
  s.depart_at = now + rng_.uniform_int(30, 180) * 1000;  // unplug and drive away
}

// ---- drivers and vehicles ----------------------------------------------------------------

void ChargerModel::schedule_arrival(Connector& c, Millis now) {
  if (!config_.self_arrivals) {
    c.next_arrival_at.reset();
    return;
  }
  auto wait_s = rng_.exponential(config_.mean_interarrival_s);
  c.next_arrival_at = now + static_cast<Millis>(wait_s * 1000.0);
}

Visit ChargerModel::draw_visit() {
  Visit v;
  const auto& tags = config_.id_tags;
  v.id_tag = tags[static_cast<std::size_t>(
      rng_.uniform_int(0, static_cast<std::int64_t>(tags.size()) - 1))];
  const auto& presets = vehicle_presets();
  v.vehicle = presets[static_cast<std::size_t>(
      rng_.uniform_int(0, static_cast<std::int64_t>(presets.size()) - 1))];
  v.arrival_soc_pct = rng_.uniform(10.0, 50.0);
  v.target_soc_pct = rng_.uniform(70.0, 100.0);
  v.budget_ms = rng_.uniform_int(config_.min_session_budget_s, config_.max_session_budget_s) * 1000;
  v.idle_after_full_ms = rng_.uniform_int(2 * 60, 15 * 60) * 1000;
  return v;
}

bool ChargerModel::plug_in(int connector_id, Visit visit, Millis now) {
  auto* c = connector(connector_id);
  if (!c || c->session || c->inoperative || c->faulted || cp_inoperative_ ||
      c->status != ConnectorStatus::Available) {
    return false;
  }
  if (registration_ != Registration::Accepted) {
    // Offline, only a card the charger already knows can start (LocalAuthorizeOffline).
    bool local = ever_accepted_ && visit.start == StartMethod::Rfid &&
                 config_flag("LocalAuthorizeOffline") && cached_accepted(visit.id_tag);
    if (!local) return false;
    begin_session(*c, std::move(visit), Phase::AwaitingCable, now);
    start_offline(*c, now);
    return true;
  }
  auto phase = visit.start == StartMethod::Remote ? Phase::AwaitingRemoteStart : Phase::Authorizing;
  begin_session(*c, std::move(visit), phase, now);
  pump(now);
  return true;
}

void ChargerModel::start_offline(Connector& c, Millis now) {
  // The StartTransaction waits in the queue for the link; the car charges meanwhile.
  send_start(c, now);
  ++stats_.offline_starts;
  c.session->offline_start = true;
  begin_charging(c, now);
}

void ChargerModel::begin_charging(Connector& c, Millis now) {
  auto& s = *c.session;
  s.phase = Phase::Charging;
  s.last_update = now;
  s.power_w = charging_power(s);
  auto interval = meter_value_sample_interval_s();
  s.next_sample_at = interval > 0 ? now + interval * 1000 : 0;
  set_status(c, ConnectorStatus::Charging, now);
}

void ChargerModel::remember_authorization(const std::string& id_tag,
                                          o::AuthorizationStatus status) {
  if (config_flag("AuthorizationCacheEnabled")) auth_cache_[id_tag] = status;
}

bool ChargerModel::cached_accepted(const std::string& id_tag) const {
  if (!config_flag("AuthorizationCacheEnabled")) return false;
  auto it = auth_cache_.find(id_tag);
  return it != auth_cache_.end() && it->second == o::AuthorizationStatus::Accepted;
}

bool ChargerModel::config_flag(const std::string& key) const {
  auto it = configuration_.find(key);
  if (it == configuration_.end()) return false;
  std::string v = it->second.value;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return v == "true";
}

void ChargerModel::end_all_sessions(Millis now) {
  config_.self_arrivals = false;
  for (auto& c : connectors_) {
    c.next_arrival_at.reset();
    if (c.session) stop_session(c, o::Reason::Local, now);
  }
  pump(now);
}

std::vector<DriverRequest> ChargerModel::take_driver_requests() {
  std::vector<DriverRequest> out;
  out.swap(driver_requests_);
  return out;
}

bool ChargerModel::quiescent() const {
  if (outstanding_ || !queue_.empty()) return false;
  return std::none_of(connectors_.begin(), connectors_.end(),
                      [](const Connector& c) { return c.session.has_value(); });
}

bool ChargerModel::transactions_settled() const {
  if (outstanding_ && is_transaction_message(outstanding_->call.action)) return false;
  if (std::any_of(queue_.begin(), queue_.end(),
                  [](const QueuedCall& q) { return is_transaction_message(q.action); }))
    return false;
  return std::none_of(connectors_.begin(), connectors_.end(), [](const Connector& c) {
    return c.session && c.session->phase != Phase::Leaving &&
           c.session->phase != Phase::Authorizing &&
           c.session->phase != Phase::AwaitingRemoteStart &&
           c.session->phase != Phase::AwaitingCable;
  });
}

void ChargerModel::tick_connector(Connector& c, Millis now) {
  if (!c.session) {
    bool can_arrive = connected_ && registration_ == Registration::Accepted && !c.inoperative &&
                      !c.faulted && !cp_inoperative_ && c.status == ConnectorStatus::Available;
    if (c.next_arrival_at && now >= *c.next_arrival_at) {
      if (can_arrive) {
        begin_session(c, draw_visit(), Phase::Authorizing, now);
      } else {
        schedule_arrival(c, now);
      }
    }
    return;
  }
  auto& s = *c.session;
  switch (s.phase) {
    case Phase::AwaitingRemoteStart:
    case Phase::AwaitingCable:
      if (now >= s.wait_until) abort_session(c, now);  // nobody started it: unplug, go
      break;
    case Phase::Charging:
    case Phase::Parked: {
      advance_energy(c, now);
      if (s.next_sample_at > 0 && now >= s.next_sample_at) {
        // A session started offline has no transaction id yet: its samples would belong
        // to no transaction, so they wait for the id (the register keeps the energy).
        if (!s.offline_start || s.transaction_id)
          send_meter_values(c, o::ReadingContext::SamplePeriodic, now);
        auto interval = meter_value_sample_interval_s() * 1000;
        s.next_sample_at = interval > 0 ? std::max(s.next_sample_at + interval, now + 1) : 0;
      }
      if (s.app_stop_deadline) {
        if (now >= *s.app_stop_deadline) stop_session(c, o::Reason::Local, now);
      } else if (now - s.arrived_at >= s.visit.budget_ms ||
                 (s.phase == Phase::Parked && now >= s.depart_at)) {
        driver_ends(c, now);
      }
      break;
    }
    case Phase::Leaving:
      if (now >= s.depart_at) free_connector(c, now);
      break;
    default: break;
  }
}

void ChargerModel::driver_ends(Connector& c, Millis now) {
  auto& s = *c.session;
  if (s.visit.stop == StopMethod::App && s.transaction_id) {
    driver_requests_.push_back(
        DriverRequest{DriverRequest::Kind::RemoteStop, c.id, s.visit.id_tag, s.transaction_id});
    s.app_stop_deadline = now + kAppStopFallbackMs;
    return;
  }
  stop_session(c, o::Reason::Local, now);
}

void ChargerModel::begin_session(Connector& c, Visit visit, Phase phase, Millis now) {
  Session s;
  s.serial = next_session_serial_++;
  s.visit = std::move(visit);
  s.soc_pct = std::clamp(s.visit.arrival_soc_pct, 0.0, 100.0);
  s.arrived_at = now;
  s.phase = phase;
  c.session = std::move(s);
  set_status(c, ConnectorStatus::Preparing, now);
  auto& ss = *c.session;
  switch (phase) {
    case Phase::AwaitingRemoteStart:
      ss.wait_until = now + config_.remote_start_wait_ms;
      driver_requests_.push_back(
          DriverRequest{DriverRequest::Kind::RemoteStart, c.id, ss.visit.id_tag, std::nullopt});
      break;
    case Phase::AwaitingCable: ss.wait_until = now + config_int("ConnectionTimeOut") * 1000; break;
    case Phase::Starting:
      ss.remote = true;
      send_start(c, now);
      break;
    default:
      if (config_flag("LocalPreAuthorize") && cached_accepted(ss.visit.id_tag)) {
        send_start(c, now);  // known card: no Authorize round trip
        break;
      }
      ss.phase = Phase::Authorizing;
      enqueue(o::AuthorizeRequest{ss.visit.id_tag}, c.id, ss.serial);
      break;
  }
}

void ChargerModel::send_start(Connector& c, Millis now) {
  auto& s = *c.session;
  s.phase = Phase::Starting;
  s.started_at = now;
  o::StartTransactionRequest req;
  req.connector_id = c.id;
  req.id_tag = s.visit.id_tag;
  req.meter_start = register_wh(c);
  req.timestamp = stamp(now);
  SessionRecord rec;
  rec.connector_id = c.id;
  rec.id_tag = s.visit.id_tag;
  rec.meter_start_wh = req.meter_start;
  rec.started_at = now;
  records_.push_back(std::move(rec));
  s.record = records_.size() - 1;
  enqueue(req, c.id, s.serial, s.record);
}

void ChargerModel::advance_energy(Connector& c, Millis now) {
  auto& s = *c.session;
  if (now <= s.last_update) return;
  Millis dt = now - s.last_update;
  s.last_update = now;
  if (s.phase != Phase::Charging) return;
  std::int64_t wms = s.power_w * dt;
  c.energy_wms += wms;
  auto capacity = std::max<std::int64_t>(1, s.visit.vehicle.capacity_wh);
  s.soc_pct += static_cast<double>(wms) / kWmsPerWh / static_cast<double>(capacity) * 100.0;
  if (s.soc_pct >= s.visit.target_soc_pct) {
    park(c, now);
    return;
  }
  s.power_w = charging_power(s);
}

void ChargerModel::park(Connector& c, Millis now) {
  // Full (for this driver): the vehicle stops drawing power; the driver comes back later.
  auto& s = *c.session;
  s.soc_pct = std::min(s.soc_pct, 100.0);
  s.power_w = 0;
  s.phase = Phase::Parked;
  s.depart_at = now + s.visit.idle_after_full_ms;
  set_status(c, ConnectorStatus::SuspendedEV, now);
}

std::int64_t ChargerModel::charging_power(const Session& s) const {
  return accepted_power_w(s.visit.vehicle, config_.dc, s.soc_pct, config_.max_power_w);
}

void ChargerModel::stop_session(Connector& c, o::Reason reason, Millis now) {
  auto& s = *c.session;
  switch (s.phase) {
    case Phase::AwaitingRemoteStart:
    case Phase::AwaitingCable:
    case Phase::Authorizing: abort_session(c, now); return;
    case Phase::Starting:
      s.stop_requested = reason;  // stopped as soon as the transaction id is known
      return;
    case Phase::Stopping:
    case Phase::Leaving: return;
    case Phase::Charging:
    case Phase::Parked: break;
  }
  advance_energy(c, now);
  s.power_w = 0;
  s.phase = Phase::Stopping;
  send_stop(c, reason, now);
  set_status(c, ConnectorStatus::Finishing, now);
  if (!s.transaction_id || registration_ != Registration::Accepted) {
    // Offline the driver does not wait for the CSMS: the stop is stored and delivered
    // later, the cable comes out now.
    on_stop_result(c, now);
  }
}

void ChargerModel::send_stop(const Connector& c, o::Reason reason, Millis now) {
  const auto& s = *c.session;
  o::StopTransactionRequest req;
  if (!s.remote || reason != o::Reason::Remote) req.id_tag = s.visit.id_tag;
  req.meter_stop = register_wh(c);
  req.timestamp = stamp(now);
  req.transaction_id = s.transaction_id.value_or(0);
  req.reason = reason;
  if (s.record) {
    auto& rec = records_[*s.record];
    rec.meter_stop_wh = req.meter_stop;
    rec.stopped_at = now;
    rec.stop_reason = o::to_string(reason);
  }
  // Queued in order even while the transaction id is unknown (the start is still waiting
  // for its answer): on_start_answer fills the id in before the stop can go out.
  if (s.transaction_id || s.record) enqueue(req, c.id, s.serial, s.record);
}

void ChargerModel::end_session_abruptly(Connector& c, o::Reason reason, Millis now) {
  if (!c.session) return;
  auto& s = *c.session;
  switch (s.phase) {
    case Phase::Charging:
    case Phase::Parked:
      advance_energy(c, now);
      send_stop(c, reason, now);
      break;
    case Phase::Starting:
      send_stop(c, reason, now);  // deferred until StartTransaction.conf names the transaction
      break;
    default: break;  // no transaction yet, or its StopTransaction is already queued
  }
  c.session.reset();
  if (c.inoperative_scheduled) {
    c.inoperative = true;
    c.inoperative_scheduled = false;
  }
}

void ChargerModel::abort_session(Connector& c, Millis now) {
  // No transaction was started: the driver gives up and leaves at once.
  c.session.reset();
  if ((c.inoperative || c.inoperative_scheduled) &&
      !transition_allowed(c.status, ConnectorStatus::Unavailable)) {
    set_status(c, ConnectorStatus::Available, now);  // e.g. Preparing -> Available -> Unavailable
  }
  set_status(c,
             (c.inoperative || c.inoperative_scheduled) ? ConnectorStatus::Unavailable
                                                        : ConnectorStatus::Available,
             now);
  if (c.inoperative_scheduled) {
    c.inoperative = true;
    c.inoperative_scheduled = false;
  }
  schedule_arrival(c, now);
}

// ---- faults --------------------------------------------------------------------------------

void ChargerModel::reboot(Millis now, bool power_loss) {
  auto reason = power_loss ? o::Reason::PowerLoss : o::Reason::Reboot;
  connected_ = false;
  registration_ = Registration::Disconnected;
  next_boot_at_.reset();
  // Transaction messages are stored in non-volatile memory until confirmed, including the
  // one whose answer the power cut lost; everything else was in RAM.
  if (outstanding_ && is_transaction_message(outstanding_->call.action)) {
    --outstanding_->call.attempts;
    queue_.push_front(std::move(outstanding_->call));
  }
  outstanding_.reset();
  std::erase_if(queue_, [](const QueuedCall& q) { return !is_transaction_message(q.action); });
  for (auto& c : connectors_) {
    end_session_abruptly(c, reason, now);
    // Not a transition: the charger starts afresh and reports every connector at boot. A
    // fault and ChangeAvailability Inoperative persist across a reboot.
    c.status = c.faulted                            ? ConnectorStatus::Faulted
               : (c.inoperative || cp_inoperative_) ? ConnectorStatus::Unavailable
                                                    : ConnectorStatus::Available;
    schedule_arrival(c, now);
  }
}

void ChargerModel::inject_meter_glitch(int connector_id, Millis now) {
  auto* c = connector(connector_id);
  if (!c) return;
  if (c->session) advance_energy(*c, now);
  send_meter_values(*c, o::ReadingContext::SamplePeriodic, now, 0);
  pump(now);
}

void ChargerModel::fault_connector(int connector_id, Millis now) {
  auto* c = connector(connector_id);
  if (!c || c->faulted) return;
  if (c->session) advance_energy(*c, now);  // energy up to the trip
  c->faulted = true;
  set_status(*c, ConnectorStatus::Faulted, now);
  // OCPP 1.6 has no Reason for a fault; the protection cutting the power is closest to
  // EmergencyStop (Other would say nothing at all).
  end_session_abruptly(*c, o::Reason::EmergencyStop, now);
  pump(now);
}

void ChargerModel::recover_connector(int connector_id, Millis now) {
  auto* c = connector(connector_id);
  if (!c || !c->faulted) return;
  c->faulted = false;
  set_status(*c,
             (c->inoperative || cp_inoperative_) ? ConnectorStatus::Unavailable
                                                 : ConnectorStatus::Available,
             now);
  schedule_arrival(*c, now);
  pump(now);
}

void ChargerModel::free_connector(Connector& c, Millis now) {
  abort_session(c, now);
}

void ChargerModel::send_meter_values(Connector& c, o::ReadingContext context, Millis now,
                                     std::optional<std::int64_t> register_override) {
  o::MeterValue mv;
  mv.timestamp = stamp(now);
  mv.sampled_value.push_back(sample(std::to_string(register_override.value_or(register_wh(c))),
                                    o::Measurand::EnergyActiveImportRegister, o::UnitOfMeasure::Wh,
                                    context));
  std::int64_t power = c.session ? c.session->power_w : 0;
  mv.sampled_value.push_back(
      sample(std::to_string(power), o::Measurand::PowerActiveImport, o::UnitOfMeasure::W, context));
  // Voltage and current as the meter would see them: a DC pack between ~330 and 430 V
  // rising with SoC; AC at 230 V per phase, three phases above what one phase carries.
  double soc = c.session ? c.session->soc_pct : 0.0;
  int phases = !config_.dc && config_.max_power_w > 7'400 ? 3 : 1;
  double volts = config_.dc ? 330.0 + soc : 230.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", volts);
  mv.sampled_value.push_back(sample(buf, o::Measurand::Voltage, o::UnitOfMeasure::V, context));
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(power) / volts / phases);
  mv.sampled_value.push_back(
      sample(buf, o::Measurand::CurrentImport, o::UnitOfMeasure::A, context));
  if (c.session && config_.dc) {
    // Only a DC charger talks to the vehicle's battery management and knows its SoC.
    mv.sampled_value.push_back(sample(std::to_string(static_cast<int>(soc)), o::Measurand::SoC,
                                      o::UnitOfMeasure::Percent, context));
  }
  o::MeterValuesRequest req;
  req.connector_id = c.id;
  if (c.session) req.transaction_id = c.session->transaction_id;
  req.meter_value.push_back(std::move(mv));
  enqueue(req, c.id, c.session ? c.session->serial : 0);
}

// ---- status --------------------------------------------------------------------------------

void ChargerModel::send_status(int connector_id, Millis now) {
  o::StatusNotificationRequest req;
  req.connector_id = connector_id;
  auto* c = connector(connector_id);
  req.error_code = c && c->faulted ? kFaultCode : o::ChargePointErrorCode::NoError;
  req.status = connector_status(connector_id);
  req.timestamp = stamp(now);
  enqueue(req);
}

void ChargerModel::send_all_statuses(Millis now) {
  for (int i = 0; i <= static_cast<int>(connectors_.size()); ++i) send_status(i, now);
}

bool ChargerModel::set_status(Connector& c, ConnectorStatus to, Millis now) {
  if (c.status == to) return true;
  if (!transition_allowed(c.status, to)) {
    ++stats_.forbidden_transitions;
    return false;
  }
  c.status = to;
  if (registration_ == Registration::Accepted) send_status(c.id, now);
  return true;
}

bool ChargerModel::set_connector_status(int connector_id, ConnectorStatus to, Millis now) {
  auto* c = connector(connector_id);
  bool ok = c && set_status(*c, to, now);
  pump(now);
  return ok;
}

// ---- CALLs from the CSMS --------------------------------------------------------------------

void ChargerModel::handle_call(const o::Call& call, Millis now) {
  auto action = o::action_from_string(call.action);
  if (!action) {
    send_call_error(call.unique_id, o::ErrorCode::NotImplemented, "unknown action " + call.action);
    return;
  }
  // Decodes the payload into Req or answers the CALLERROR the validator chose.
  auto decode = [&]<class Req>(std::type_identity<Req>) -> std::optional<Req> {
    auto r = o::decode<Req>(call.payload);
    if (auto* err = std::get_if<o::ValidationError>(&r)) {
      send_call_error(call.unique_id, err->code, err->path + ": " + err->message);
      return std::nullopt;
    }
    return std::get<Req>(std::move(r));
  };
  auto reply = [&](const auto& response) { send_call_result(call.unique_id, o::encode(response)); };
  const int n = static_cast<int>(connectors_.size());

  switch (*action) {
    case o::Action::RemoteStartTransaction: {
      auto req = decode(std::type_identity<o::RemoteStartTransactionRequest>{});
      if (!req) return;
      Connector* target = nullptr;
      bool driver_waiting = false;
      // The driver who asked for this start through the app, plugged in and waiting.
      auto waits = [&](Connector& c) {
        return c.session && c.session->phase == Phase::AwaitingRemoteStart &&
               c.session->visit.id_tag == req->id_tag;
      };
      auto free = [&](Connector& c) {
        return !c.session && !c.inoperative && !c.faulted && !cp_inoperative_ &&
               c.status == ConnectorStatus::Available;
      };
      if (req->connector_id) {
        auto* c = connector(static_cast<int>(*req->connector_id));
        if (c && waits(*c)) {
          target = c;
          driver_waiting = true;
        } else if (c && free(*c)) {
          target = c;
        }
      } else {
        for (auto& c : connectors_) {
          if (waits(c)) {
            target = &c;
            driver_waiting = true;
            break;
          }
        }
        for (auto& c : connectors_) {
          if (target) break;
          if (free(c)) target = &c;
        }
      }
      o::RemoteStartTransactionResponse resp;
      resp.status = target && registration_ == Registration::Accepted
                        ? o::RemoteStartStopStatus::Accepted
                        : o::RemoteStartStopStatus::Rejected;
      reply(resp);
      if (resp.status != o::RemoteStartStopStatus::Accepted) return;
      if (driver_waiting) {
        target->session->remote = true;
        send_start(*target, now);
      } else if (config_.self_arrivals) {
        // A driver standing at the charger whom the model makes up (one session path).
        auto visit = draw_visit();
        visit.id_tag = req->id_tag;
        begin_session(*target, std::move(visit), Phase::Starting, now);
      } else {
        // Only the caller brings drivers: wait ConnectionTimeOut for a cable nobody plugs in.
        Visit visit;
        visit.id_tag = req->id_tag;
        begin_session(*target, std::move(visit), Phase::AwaitingCable, now);
      }
      return;
    }
    case o::Action::RemoteStopTransaction: {
      auto req = decode(std::type_identity<o::RemoteStopTransactionRequest>{});
      if (!req) return;
      Connector* target = nullptr;
      for (auto& c : connectors_) {
        if (c.session && c.session->transaction_id == req->transaction_id &&
            (c.session->phase == Phase::Charging || c.session->phase == Phase::Parked)) {
          target = &c;
        }
      }
      o::RemoteStopTransactionResponse resp;
      resp.status =
          target ? o::RemoteStartStopStatus::Accepted : o::RemoteStartStopStatus::Rejected;
      reply(resp);
      if (target) stop_session(*target, o::Reason::Remote, now);
      return;
    }
    case o::Action::Reset: {
      auto req = decode(std::type_identity<o::ResetRequest>{});
      if (!req) return;
      reply(o::ResetResponse{o::ResetStatus::Accepted});
      auto reason = req->type == o::ResetType::Hard ? o::Reason::HardReset : o::Reason::SoftReset;
      for (auto& c : connectors_) {
        if (c.session) stop_session(c, reason, now);
      }
      // Reboot: register again once the stops are out (Boot waits its turn in the queue).
      enqueue(boot_request());
      return;
    }
    case o::Action::ChangeAvailability: {
      auto req = decode(std::type_identity<o::ChangeAvailabilityRequest>{});
      if (!req) return;
      int id = static_cast<int>(req->connector_id);
      if (id < 0 || id > n) {
        reply(o::ChangeAvailabilityResponse{o::AvailabilityStatus::Rejected});
        return;
      }
      bool inoperative = req->type == o::AvailabilityType::Inoperative;
      bool scheduled = false;
      auto apply = [&](Connector& c) {
        if (inoperative) {
          if (c.session) {
            c.inoperative_scheduled = true;
            scheduled = true;
          } else {
            c.inoperative = true;
            if (!c.faulted) set_status(c, ConnectorStatus::Unavailable, now);  // fault first
          }
        } else {
          c.inoperative = false;
          c.inoperative_scheduled = false;
          if (c.status == ConnectorStatus::Unavailable) {
            set_status(c, ConnectorStatus::Available, now);
            schedule_arrival(c, now);
          }
        }
      };
      if (id == 0) {
        bool was = cp_inoperative_;
        cp_inoperative_ = inoperative;
        for (auto& c : connectors_) apply(c);
        if (was != cp_inoperative_ && registration_ == Registration::Accepted) send_status(0, now);
      } else {
        apply(connectors_[id - 1]);
      }
      reply(o::ChangeAvailabilityResponse{scheduled ? o::AvailabilityStatus::Scheduled
                                                    : o::AvailabilityStatus::Accepted});
      return;
    }
    case o::Action::ChangeConfiguration: {
      auto req = decode(std::type_identity<o::ChangeConfigurationRequest>{});
      if (!req) return;
      o::ChangeConfigurationResponse resp;
      auto it = configuration_.find(req->key);
      if (it == configuration_.end()) {
        resp.status = o::ConfigurationStatus::NotSupported;
      } else if (it->second.readonly) {
        resp.status = o::ConfigurationStatus::Rejected;
      } else if (it->second.integer) {
        auto v = parse_int(req->value);
        if (!v || *v < it->second.min) {
          resp.status = o::ConfigurationStatus::Rejected;
        } else {
          it->second.value = std::to_string(*v);
          resp.status = o::ConfigurationStatus::Accepted;
          if (req->key == "HeartbeatInterval") next_heartbeat_at_ = now + *v * 1000;
        }
      } else {
        it->second.value = req->value;
        resp.status = o::ConfigurationStatus::Accepted;
      }
      reply(resp);
      return;
    }
    case o::Action::GetConfiguration: {
      auto req = decode(std::type_identity<o::GetConfigurationRequest>{});
      if (!req) return;
      o::GetConfigurationResponse resp;
      std::vector<o::KeyValue> known;
      std::vector<std::string> unknown;
      auto kv = [](const std::string& k, const ConfigKey& v) {
        return o::KeyValue{k, v.readonly, v.value};
      };
      if (!req->key || req->key->empty()) {
        for (const auto& [k, v] : configuration_) known.push_back(kv(k, v));
      } else {
        for (const auto& k : *req->key) {
          auto it = configuration_.find(k);
          if (it == configuration_.end())
            unknown.push_back(k);
          else
            known.push_back(kv(it->first, it->second));
        }
      }
      if (!known.empty()) resp.configuration_key = std::move(known);
      if (!unknown.empty()) resp.unknown_key = std::move(unknown);
      reply(resp);
      return;
    }
    case o::Action::UnlockConnector: {
      auto req = decode(std::type_identity<o::UnlockConnectorRequest>{});
      if (!req) return;
      auto* c = connector(static_cast<int>(req->connector_id));
      if (!c) {
        reply(o::UnlockConnectorResponse{o::UnlockStatus::NotSupported});
        return;
      }
      reply(o::UnlockConnectorResponse{o::UnlockStatus::Unlocked});
      if (c->session) stop_session(*c, o::Reason::UnlockCommand, now);
      return;
    }
    case o::Action::ClearCache: {
      if (!decode(std::type_identity<o::ClearCacheRequest>{})) return;
      auth_cache_.clear();
      reply(o::ClearCacheResponse{o::ClearCacheStatus::Accepted});
      return;
    }
    case o::Action::DataTransfer: {
      if (!decode(std::type_identity<o::DataTransferRequest>{})) return;
      reply(o::DataTransferResponse{o::DataTransferStatus::UnknownVendorId, std::nullopt});
      return;
    }
    case o::Action::TriggerMessage: {
      auto req = decode(std::type_identity<o::TriggerMessageRequest>{});
      if (!req) return;
      std::optional<int> cid;
      if (req->connector_id) {
        cid = static_cast<int>(*req->connector_id);
        if (*cid < 0 || *cid > n) {
          reply(o::TriggerMessageResponse{o::TriggerMessageStatus::Rejected});
          return;
        }
      }
      reply(o::TriggerMessageResponse{o::TriggerMessageStatus::Accepted});
      switch (req->requested_message) {
        case o::MessageTrigger::BootNotification: enqueue(boot_request()); break;
        case o::MessageTrigger::Heartbeat: enqueue(o::HeartbeatRequest{}); break;
        case o::MessageTrigger::StatusNotification:
          if (cid)
            send_status(*cid, now);
          else
            send_all_statuses(now);
          break;
        case o::MessageTrigger::MeterValues:
          for (auto& c : connectors_) {
            if (!cid || *cid == 0 || *cid == c.id) {
              if (c.session) advance_energy(c, now);
              send_meter_values(c, o::ReadingContext::Trigger, now);
            }
          }
          break;
        case o::MessageTrigger::DiagnosticsStatusNotification:
          enqueue(o::DiagnosticsStatusNotificationRequest{o::DiagnosticsStatus::Idle});
          break;
        case o::MessageTrigger::FirmwareStatusNotification:
          enqueue(o::FirmwareStatusNotificationRequest{o::FirmwareStatus::Idle});
          break;
      }
      return;
    }
    default: break;
  }
  if (o::initiator(*action) == o::Initiator::ChargePoint) {
    send_call_error(call.unique_id, o::ErrorCode::NotSupported,
                    call.action + " is sent by a charge point, not to one");
  } else {
    send_call_error(call.unique_id, o::ErrorCode::NotSupported,
                    call.action + " is not supported by this simulated charger");
  }
}

}  // namespace ct::sim
