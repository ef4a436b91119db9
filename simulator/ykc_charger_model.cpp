#include "simulator/ykc_charger_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "protocol/ykc16/flags.hpp"

namespace ct::sim {

namespace y = ykc16;

namespace {

constexpr std::int64_t kWmsPerWh = 3'600'000;
constexpr std::int64_t kWmsPerE4 = 360'000;  // 0.0001 kWh = 0.1 Wh
constexpr Millis kSlotMs = 30 * 60 * 1000;
constexpr std::uint8_t kProtocolVersion = 0x10;  // V1.6, version x 10
constexpr double kPackNominalVolts = 380.0;
constexpr double kAcPhaseVolts = 220.0;

Millis floor_div(Millis a, Millis b) {
  Millis q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::uint32_t saturate32(std::uint64_t v) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, 0xFFFF'FFFFULL));
}
std::uint16_t saturate16(double v) {
  if (!(v > 0)) return 0;
  return static_cast<std::uint16_t>(std::min(v, 65535.0));
}
// A GB/T BMS current in 0.1 A: negative while charging, at most 400 A (the wire offset).
std::int32_t bms_current_da(double amps) {
  return -static_cast<std::int32_t>(std::lround(std::clamp(amps, 0.0, 400.0) * 10.0));
}

bool valid_slots(const y::BillingModel& m) {
  return std::all_of(m.slots.begin(), m.slots.end(),
                     [](y::TariffPeriod p) { return static_cast<std::uint8_t>(p) <= 3; });
}

}  // namespace

// ---- config and identifiers ------------------------------------------------------------

std::string validate(const YkcChargerConfig& c) {
  if (c.pile_code.size() != 14 || !y::PileCode::parse(c.pile_code))
    return "pile_code must be 14 decimal digits";
  if (c.guns < 1 || c.guns > 99) return "guns must be 1..99";
  if (c.program_version.size() > 8) return "program_version is longer than 8 characters";
  for (unsigned char ch : c.program_version) {
    if (ch < 0x20 || ch > 0x7E) return "program_version must be printable ASCII";
  }
  if (c.max_power_w <= 0) return "max_power_w must be positive";
  if (c.heartbeat_interval_s < 1 || c.realtime_interval_charging_s < 1 ||
      c.realtime_interval_idle_s < 1 || c.bms_interval_s < 0)
    return "intervals must be positive";
  if (c.heartbeat_missed_limit < 1) return "heartbeat_missed_limit must be at least 1";
  if (c.response_timeout_ms < 1 || c.login_retry_ms < 1 || c.record_retry_ms < 1 ||
      c.plug_timeout_ms < 1)
    return "timeouts must be positive";
  if (c.record_resends < 0) return "record_resends must not be negative";
  if (c.billing_model && !valid_slots(*c.billing_model))
    return "billing_model has a slot code outside 0..3";
  for (const auto& card : c.cards) {
    if (!ykc_card_from_id_tag(card) && !is_vin(card))
      return "card '" + card + "' is neither a physical card number (hex) nor a VIN";
  }
  if (c.self_arrivals && c.cards.empty()) return "self_arrivals needs at least one card";
  return "";
}

std::optional<y::PhysicalCardNo> ykc_card_from_id_tag(std::string_view id_tag) {
  if (id_tag.empty() || id_tag.size() > 16) return std::nullopt;
  std::string padded(16 - id_tag.size(), '0');
  padded.append(id_tag);
  y::PhysicalCardNo out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = hex_value(padded[2 * i]);
    int lo = hex_value(padded[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return out;
}

std::string ykc_id_tag_from_card(const y::PhysicalCardNo& card) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (auto b : card) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0F]);
  }
  return out;
}

bool is_vin(std::string_view id_tag) {
  if (id_tag.size() != 17) return false;
  return std::all_of(id_tag.begin(), id_tag.end(), [](char ch) {
    bool alnum = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z');
    return alnum && ch != 'I' && ch != 'O' && ch != 'Q';
  });
}

// ---- construction and observation -------------------------------------------------------

YkcChargerModel::YkcChargerModel(YkcChargerConfig config, std::uint64_t seed)
    : config_(std::move(config)), rng_(seed) {
  if (auto why = validate(config_); !why.empty())
    throw std::invalid_argument("YkcChargerConfig: " + why);
  pile_code_ = *y::PileCode::parse(config_.pile_code);
  tariff_ = config_.billing_model;
  if (tariff_) tariff_->pile_code = pile_code_;
  for (int i = 1; i <= config_.guns; ++i) {
    Gun g;
    g.no = i;
    // A used pile: the register starts somewhere between 0 and 500 kWh.
    g.energy_wms = rng_.uniform_int(0, 500'000) * kWmsPerWh;
    g.initial_wms = g.energy_wms;
    guns_.push_back(std::move(g));
  }
}

YkcChargerModel::Gun* YkcChargerModel::gun(int no) {
  if (no < 1 || no > static_cast<int>(guns_.size())) return nullptr;
  return &guns_[static_cast<std::size_t>(no - 1)];
}
const YkcChargerModel::Gun* YkcChargerModel::gun(int no) const {
  if (no < 1 || no > static_cast<int>(guns_.size())) return nullptr;
  return &guns_[static_cast<std::size_t>(no - 1)];
}

std::vector<std::vector<std::uint8_t>> YkcChargerModel::take_outbox() {
  std::vector<std::vector<std::uint8_t>> out;
  out.swap(outbox_);
  return out;
}

std::vector<DriverRequest> YkcChargerModel::take_driver_requests() {
  std::vector<DriverRequest> out;
  out.swap(driver_requests_);
  return out;
}

ConnectorStatus YkcChargerModel::connector_status(int no) const {
  if (no == 0) return enabled() ? ConnectorStatus::Available : ConnectorStatus::Unavailable;
  const Gun* g = gun(no);
  if (!g) return ConnectorStatus::Unavailable;
  if (g->faulted) return ConnectorStatus::Faulted;
  if (g->session) {
    switch (g->session->phase) {
      case Phase::Charging: return ConnectorStatus::Charging;
      case Phase::Finished: return ConnectorStatus::Finishing;
      default: return ConnectorStatus::Preparing;
    }
  }
  return enabled() ? ConnectorStatus::Available : ConnectorStatus::Unavailable;
}

y::GunStatus YkcChargerModel::gun_status(int no) const {
  const Gun* g = gun(no);
  return g ? status_of(*g) : y::GunStatus::Offline;
}

bool YkcChargerModel::plugged(int no) const {
  const Gun* g = gun(no);
  return g && plug_of(*g) == y::PlugState::Plugged;
}

std::optional<y::TransactionSerial> YkcChargerModel::serial(int no) const {
  const Gun* g = gun(no);
  if (!g || !g->session || g->session->phase != Phase::Charging) return std::nullopt;
  return g->session->serial;
}

std::optional<std::uint32_t> YkcChargerModel::session_balance_e2_yuan(int no) const {
  const Gun* g = gun(no);
  if (!g || !g->session || g->session->phase != Phase::Charging) return std::nullopt;
  return g->session->balance_e2_yuan;
}

std::uint64_t YkcChargerModel::energy_register_e4_kwh(int no) const {
  const Gun* g = gun(no);
  return g ? static_cast<std::uint64_t>(g->energy_wms / kWmsPerE4) : 0;
}

std::int64_t YkcChargerModel::energy_register_wh(int no) const {
  return y::wh_from_e4_kwh(energy_register_e4_kwh(no));
}

std::int64_t YkcChargerModel::delivered_wh() const {
  std::int64_t total = 0;
  for (const auto& g : guns_) {
    total += y::wh_from_e4_kwh(static_cast<std::uint64_t>(g.energy_wms / kWmsPerE4)) -
             y::wh_from_e4_kwh(static_cast<std::uint64_t>(g.initial_wms / kWmsPerE4));
  }
  return total;
}

bool YkcChargerModel::quiescent() const {
  if (!store_.empty()) return false;
  if (std::any_of(guns_.begin(), guns_.end(), [](const Gun& g) { return g.session.has_value(); }))
    return false;
  if (connected_ && (registration_ == Registration::Booting || model_step_ == ModelStep::Checking ||
                     model_step_ == ModelStep::Requesting))
    return false;
  return true;
}

bool YkcChargerModel::transactions_settled() const {
  if (!store_.empty()) return false;
  return std::none_of(guns_.begin(), guns_.end(), [](const Gun& g) {
    return g.session && g.session->phase == Phase::Charging;
  });
}

// ---- sending ----------------------------------------------------------------------------

template <class M>
void YkcChargerModel::send(const M& message, std::optional<std::uint16_t> reply_to) {
  if (!connected_) return;
  // A pile-originated frame takes the next number; a reply repeats its request's.
  const std::uint16_t seq = reply_to ? *reply_to : next_sequence_++;
  auto frame = y::encode_frame(y::Message{message}, seq);
  if (auto* bytes = std::get_if<std::vector<std::uint8_t>>(&frame)) {
    outbox_.push_back(std::move(*bytes));
  } else {
    ++stats_.encode_errors;
  }
}

y::Cp56Time2a YkcChargerModel::cp56(Millis pile_ms) const {
  return y::from_utc_ms(pile_ms, config_.utc_offset).value_or(y::Cp56Time2a{});
}

int YkcChargerModel::slot_of(Millis now) const {
  const Millis local = pile_time_ms(now) + Millis{config_.utc_offset.minutes} * 60'000;
  const Millis in_day = local - floor_div(local, 48 * kSlotMs) * 48 * kSlotMs;
  return static_cast<int>(in_day / kSlotMs);
}

Millis YkcChargerModel::next_slot_edge(Millis now) const {
  const Millis shift = clock_offset_ms_ + Millis{config_.utc_offset.minutes} * 60'000;
  const Millis local = now + shift;
  return (floor_div(local, kSlotMs) + 1) * kSlotMs - shift;
}

bool YkcChargerModel::for_us(const y::PileCode& code) {
  if (code == pile_code_) return true;
  ++stats_.wrong_pile_code;
  return false;
}

// ---- link events ------------------------------------------------------------------------

void YkcChargerModel::on_connected(Millis now) {
  connected_ = true;
  close_requested_ = false;
  decoder_.reset();
  next_sequence_ = 0;  // the sequence restarts with every connection
  model_step_ = ModelStep::None;
  for (auto& g : guns_) g.reported.reset();
  send_login(now);
}

void YkcChargerModel::on_disconnected(Millis now) {
  close_requested_ = false;
  if (!connected_) return;
  link_lost(now);
}

void YkcChargerModel::send_login(Millis now) {
  registration_ = Registration::Booting;
  login_deadline_ = now + config_.response_timeout_ms;
  next_login_at_.reset();
  ++stats_.logins_sent;
  y::Login login;
  login.pile_code = pile_code_;
  login.pile_type = config_.dc ? y::PileType::Dc : y::PileType::Ac;
  login.gun_count = static_cast<std::uint8_t>(guns_.size());
  login.protocol_version = kProtocolVersion;
  login.program_version = config_.program_version;
  login.network_type = config_.network_type;
  login.iccid = config_.iccid;
  login.carrier = config_.carrier;
  send(login);
}

void YkcChargerModel::logged_in(Millis now) {
  registration_ = Registration::Accepted;
  ++stats_.logins_accepted;
  login_deadline_.reset();
  next_login_at_.reset();
  missed_rounds_ = 0;
  round_answered_ = true;
  next_heartbeat_at_ = now + config_.heartbeat_interval_s * 1000;
  // Vendor section 5.1: records stored while offline go first, then the billing model.
  stats_.records_after_login += static_cast<std::int64_t>(store_.size());
  for (auto& r : store_) {
    r.sends = 0;
    r.deferred = false;
  }
  pump_records(now);
  send_model_check(now);
  for (auto& g : guns_) send_realtime(g, now);
  if (!ever_logged_in_) {
    ever_logged_in_ = true;
    for (auto& g : guns_) schedule_arrival(g, now);
  }
}

void YkcChargerModel::send_model_check(Millis now) {
  model_step_ = ModelStep::Checking;
  model_deadline_ = now + config_.response_timeout_ms;
  send(y::BillingModelCheck{pile_code_, tariff_ ? tariff_->model_no : y::BillingModelNo{}});
}

void YkcChargerModel::send_model_request(Millis now) {
  model_step_ = ModelStep::Requesting;
  model_deadline_ = now + config_.response_timeout_ms;
  send(y::BillingModelRequest{pile_code_});
}

void YkcChargerModel::forget_link() {
  connected_ = false;
  registration_ = Registration::Disconnected;
  login_deadline_.reset();
  next_login_at_.reset();
  model_step_ = ModelStep::None;
  missed_rounds_ = 0;
  round_answered_ = true;
  decoder_.reset();
}

void YkcChargerModel::link_lost(Millis now) {
  forget_link();
  for (auto& g : guns_) {
    g.reported.reset();
    if (!g.session) continue;
    auto& s = *g.session;
    switch (s.phase) {
      case Phase::Authorizing: {
        // The 0x32 will not come: a card on the offline list starts all the same.
        auto it = offline_cards_.find(s.card);
        if (s.trade == y::TradeType::Card && it != offline_cards_.end() && can_start(g)) {
          start_offline(g, it->second, now);
        } else {
          leave(g, now);
        }
        break;
      }
      case Phase::AwaitingCable:
        // Vendor 8.4: offline or any other anomaly: no start and no late 0x33.
        leave(g, now);
        break;
      default: break;  // charging goes on offline; waiting drivers wait
    }
  }
}

void YkcChargerModel::on_bytes(std::span<const std::uint8_t> bytes, Millis now) {
  auto events = decoder_.feed(bytes);
  for (auto& event : events) {
    if (auto* frame = std::get_if<y::Frame>(&event)) {
      if (frame->crc == y::CrcStatus::Swapped) ++stats_.crc_swapped;
      if (!connected_) {
        ++stats_.frames_ignored;
        continue;
      }
      handle(*frame, now);
      continue;
    }
    const auto& err = std::get<y::FrameError>(event);
    switch (err.kind) {
      case y::ErrorKind::Garbage:
        stats_.garbage_bytes += static_cast<std::int64_t>(err.skipped);
        break;
      case y::ErrorKind::BadCrc: ++stats_.crc_errors; break;
      default: ++stats_.frames_refused; break;
    }
  }
  report_changes(now);
  pump_records(now);
  maybe_reboot_when_idle(now);
}

void YkcChargerModel::handle(const y::Frame& frame, Millis now) {
  const std::uint16_t seq = frame.header.sequence;
  if (registration_ != Registration::Accepted) {
    // Nothing but the login answer before a successful login (vendor section 4, 0x01).
    if (auto* m = std::get_if<y::LoginResponse>(&frame.message);
        m && registration_ == Registration::Booting) {
      on_login_response(*m, now);
    } else {
      ++stats_.frames_ignored;
    }
    return;
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (y::MessageTraits<T>::direction == y::Direction::PileToPlatform) {
          ++stats_.frames_ignored;  // a pile's frame sent to the pile
        } else if constexpr (std::is_same_v<T, y::HeartbeatResponse>) {
          on_heartbeat_response(m);
        } else if constexpr (std::is_same_v<T, y::BillingModelCheckResponse>) {
          on_model_check_response(m, now);
        } else if constexpr (std::is_same_v<T, y::BillingModelResponse>) {
          on_billing_model(m, now, false, seq);
        } else if constexpr (std::is_same_v<T, y::BillingModelSet>) {
          on_billing_model(m, now, true, seq);
        } else if constexpr (std::is_same_v<T, y::RealtimeDataRequest>) {
          on_realtime_request(m, seq, now);
        } else if constexpr (std::is_same_v<T, y::StartAuthorization>) {
          on_start_authorization(m, now);
        } else if constexpr (std::is_same_v<T, y::RemoteStart>) {
          on_remote_start(m, seq, now);
        } else if constexpr (std::is_same_v<T, y::RemoteStop>) {
          on_remote_stop(m, seq, now);
        } else if constexpr (std::is_same_v<T, y::TransactionRecordAck>) {
          on_record_ack(m, now);
        } else if constexpr (std::is_same_v<T, y::BalanceUpdate>) {
          on_balance_update(m, seq, now);
        } else if constexpr (std::is_same_v<T, y::OfflineCardSync>) {
          on_card_sync(m, seq);
        } else if constexpr (std::is_same_v<T, y::OfflineCardClear>) {
          on_card_clear(m, seq);
        } else if constexpr (std::is_same_v<T, y::OfflineCardQuery>) {
          on_card_query(m, seq);
        } else if constexpr (std::is_same_v<T, y::WorkParameters>) {
          on_work_parameters(m, seq, now);
        } else if constexpr (std::is_same_v<T, y::TimeSync>) {
          on_time_sync(m, seq, now);
        } else if constexpr (std::is_same_v<T, y::Reboot>) {
          on_reboot(m, seq, now);
        } else if constexpr (std::is_same_v<T, y::ParkingLockCommand>) {
          // This pile has no parking lock: a failure, so that the platform stops waiting.
          ++stats_.unsupported;
          send(y::ParkingLockResponse{pile_code_, m.gun, y::SuccessFlag::Failure, {}}, seq);
        } else if constexpr (std::is_same_v<T, y::FirmwareUpdate>) {
          // The simulated pile cannot fetch an image over FTP.
          ++stats_.unsupported;
          y::UpdateStatus status = y::UpdateStatus::DownloadTimeout;
          if (!for_us(m.pile_code)) {
            status = y::UpdateStatus::WrongPileCode;
          } else if (m.pile_model != (config_.dc ? y::PileModel::Dc : y::PileModel::Ac)) {
            status = y::UpdateStatus::ModelMismatch;
          }
          send(y::FirmwareUpdateResponse{pile_code_, status}, seq);
        } else if constexpr (std::is_same_v<T, y::ParallelRemoteStart>) {
          // No parallel (two-gun) charging on this pile.
          ++stats_.unsupported;
          send(y::ParallelRemoteStartResponse{m.serial, pile_code_, m.gun, y::SuccessFlag::Failure,
                                              y::StartFailureReason::DeviceFault,
                                              y::GunRole::Master, m.parallel_id},
               seq);
        } else if constexpr (std::is_same_v<T, y::ParallelStartAuthorization>) {
          ++stats_.unsupported;  // never asked for (no 0xA1 is sent)
        } else {
          ++stats_.frames_ignored;  // a second 0x02, ...
        }
      },
      frame.message);
}

void YkcChargerModel::on_tick(Millis now) {
  if (connected_) tick_link(now);
  for (auto& g : guns_) tick_gun(g, now);
  report_changes(now);
  pump_records(now);
  maybe_reboot_when_idle(now);
}

void YkcChargerModel::tick_link(Millis now) {
  if (registration_ == Registration::Booting && login_deadline_ && now >= *login_deadline_) {
    ++stats_.login_timeouts;
    registration_ = Registration::Rejected;
    login_deadline_.reset();
    next_login_at_ = now + config_.login_retry_ms;
  }
  if (registration_ == Registration::Rejected && next_login_at_ && now >= *next_login_at_) {
    send_login(now);
  }
  if (registration_ != Registration::Accepted) return;
  // 0x05 and 0x09 are repeated until answered (vendor 6.5, 6.7).
  if (model_step_ == ModelStep::Checking && now >= model_deadline_) send_model_check(now);
  if (model_step_ == ModelStep::Requesting && now >= model_deadline_) send_model_request(now);
  if (now >= next_heartbeat_at_) {
    missed_rounds_ = round_answered_ ? 0 : missed_rounds_ + 1;
    if (missed_rounds_ >= config_.heartbeat_missed_limit) {
      // Vendor 6.3: three heartbeats unanswered is a broken link; log in again.
      ++stats_.heartbeat_timeouts;
      close_requested_ = true;
      link_lost(now);
      return;
    }
    for (const auto& g : guns_) {
      ++stats_.heartbeats_sent;
      send(y::Heartbeat{pile_code_, static_cast<std::uint8_t>(g.no),
                        g.faulted ? y::GunState::Fault : y::GunState::Normal});
    }
    round_answered_ = false;
    next_heartbeat_at_ = now + config_.heartbeat_interval_s * 1000;
  }
}

void YkcChargerModel::pump_records(Millis now) {
  if (!online()) return;
  // One record in flight at a time, oldest first, so the platform sees them in order.
  for (auto& r : store_) {
    if (r.deferred) continue;
    if (r.sends > 0 && now - r.last_sent < config_.record_retry_ms) return;
    if (r.sends > config_.record_resends) {
      r.deferred = true;  // kept; sent again after the next login
      ++stats_.records_deferred;
      continue;
    }
    ++r.sends;
    r.last_sent = now;
    ++stats_.records_sent;
    if (r.sends > 1) ++stats_.records_resent;
    ++records_[r.record].record_sends;
    send(r.frame);
    return;
  }
}

// ---- platform frames ----------------------------------------------------------------------

void YkcChargerModel::on_login_response(const y::LoginResponse& m, Millis now) {
  if (!for_us(m.pile_code)) return;  // not our answer: the login times out
  if (m.result == y::LoginResult::Success) {
    logged_in(now);
    return;
  }
  ++stats_.logins_refused;
  registration_ = Registration::Rejected;
  login_deadline_.reset();
  next_login_at_ = now + config_.login_retry_ms;
}

void YkcChargerModel::on_heartbeat_response(const y::HeartbeatResponse& m) {
  if (!for_us(m.pile_code)) return;
  if (!gun(m.gun)) {
    ++stats_.frames_ignored;
    return;
  }
  ++stats_.heartbeat_acks;
  round_answered_ = true;
  missed_rounds_ = 0;
}

void YkcChargerModel::on_model_check_response(const y::BillingModelCheckResponse& m, Millis now) {
  if (model_step_ != ModelStep::Checking) {
    ++stats_.frames_ignored;
    return;
  }
  if (!for_us(m.pile_code)) return;
  if (m.result == y::ModelCheckResult::Same && tariff_ && m.model_no == tariff_->model_no) {
    model_step_ = ModelStep::Done;
    return;
  }
  // Different, or "same" for a pile that has no model at all: ask for it.
  send_model_request(now);
}

void YkcChargerModel::on_billing_model(const y::BillingModel& m, Millis now, bool pushed,
                                       std::uint16_t seq) {
  (void)now;
  auto answer = [&](y::SuccessFlag result) {
    if (pushed) send(y::BillingModelSetResponse{pile_code_, result}, seq);
  };
  if (!pushed && model_step_ != ModelStep::Requesting) {
    ++stats_.frames_ignored;  // a 0x0A nobody asked for
    return;
  }
  if (!for_us(m.pile_code)) {
    answer(y::SuccessFlag::Failure);
    return;
  }
  if (!valid_slots(m)) {
    ++stats_.models_refused;
    answer(y::SuccessFlag::Failure);
    return;  // a requested one is asked for again when the request times out
  }
  // Stored at once; a running session keeps the model it started with (its 0x3B must
  // match one model), the next session uses this one.
  tariff_ = m;
  ++stats_.models_received;
  model_step_ = ModelStep::Done;
  answer(y::SuccessFlag::Success);
}

void YkcChargerModel::on_realtime_request(const y::RealtimeDataRequest& m, std::uint16_t seq,
                                          Millis now) {
  if (!for_us(m.pile_code)) return;
  Gun* g = gun(m.gun);
  if (!g) {
    ++stats_.frames_ignored;
    return;
  }
  if (g->session) advance_energy(*g, now);
  send_realtime(*g, now, seq);
}

void YkcChargerModel::on_start_authorization(const y::StartAuthorization& m, Millis now) {
  if (!for_us(m.pile_code)) return;
  Gun* g = gun(m.gun);
  if (!g || !g->session || g->session->phase != Phase::Authorizing) {
    ++stats_.frames_ignored;  // late, or for a gun that asked nothing
    return;
  }
  auto& s = *g->session;
  if (m.result != y::SuccessFlag::Success) {
    ++stats_.card_auth_refused;
    leave(*g, now);
    return;
  }
  s.serial = m.serial;
  s.logical_card = m.logical_card;
  s.balance_e2_yuan = m.balance_e2_yuan;
  start_charging(*g, now);
}

void YkcChargerModel::on_remote_start(const y::RemoteStart& m, std::uint16_t seq, Millis now) {
  auto reply = [&](y::SuccessFlag result, y::StartFailureReason why) {
    if (result == y::SuccessFlag::Failure && why != y::StartFailureReason::GunNotPlugged)
      ++stats_.remote_starts_refused;
    send(y::RemoteStartResponse{m.serial, pile_code_, m.gun, result, why}, seq);
  };
  Gun* g = gun(m.gun);
  if (!for_us(m.pile_code) || !g) {
    // The gun's identity is pile code + gun number: either wrong is a "device mismatch".
    reply(y::SuccessFlag::Failure, y::StartFailureReason::PileCodeMismatch);
    return;
  }
  if (g->session && g->session->phase != Phase::AwaitingRemoteStart &&
      g->session->phase != Phase::Scanned) {
    reply(y::SuccessFlag::Failure, y::StartFailureReason::GunAlreadyCharging);
    return;
  }
  if (!can_start(*g)) {
    reply(y::SuccessFlag::Failure, y::StartFailureReason::DeviceFault);
    return;
  }
  auto fill = [&](Session& s) {
    s.serial = m.serial;
    s.logical_card = m.logical_card;
    s.card = m.physical_card;
    s.balance_e2_yuan = m.balance_e2_yuan;
    s.trade = y::TradeType::App;
  };
  if (g->session && g->session->phase == Phase::AwaitingRemoteStart) {
    fill(*g->session);
    reply(y::SuccessFlag::Success, y::StartFailureReason::None);
    start_charging(*g, now);
    return;
  }
  // Vendor 8.4: not plugged in: failure now, a second 0x33 (success) if the cable comes
  // within 60 s of the 0x34.
  reply(y::SuccessFlag::Failure, y::StartFailureReason::GunNotPlugged);
  Session* s = g->session ? &*g->session : nullptr;
  if (!s) {
    s = &begin(*g, std::nullopt, Phase::AwaitingCable, now);
    if (config_.self_arrivals) {
      // A driver standing at the pile whom the model makes up plugs in a few seconds later.
      auto visit = draw_visit();
      visit.start = StartMethod::Remote;
      s->visit = std::move(visit);
      s->plug_at = now + rng_.uniform_int(5, 40) * 1000;
      s->self_drawn = true;
    }
  }
  s->phase = Phase::AwaitingCable;
  s->start_sequence = seq;
  s->wait_until = now + config_.plug_timeout_ms;
  fill(*s);
}

void YkcChargerModel::on_remote_stop(const y::RemoteStop& m, std::uint16_t seq, Millis now) {
  auto reply = [&](y::SuccessFlag result, y::StopFailureReason why) {
    send(y::RemoteStopResponse{pile_code_, m.gun, result, why}, seq);
  };
  Gun* g = gun(m.gun);
  if (!for_us(m.pile_code) || !g) {
    reply(y::SuccessFlag::Failure, y::StopFailureReason::PileCodeMismatch);
    return;
  }
  if (g->session && g->session->phase == Phase::Charging) {
    reply(y::SuccessFlag::Success, y::StopFailureReason::None);
    end_session(*g, y::StopReason::AppRemoteStop, now);
    return;
  }
  if (g->session && g->session->phase == Phase::AwaitingCable) {
    // The platform closed the order before the cable came: the start is off.
    reply(y::SuccessFlag::Success, y::StopFailureReason::None);
    leave(*g, now);
    return;
  }
  reply(y::SuccessFlag::Failure, y::StopFailureReason::GunNotCharging);
}

void YkcChargerModel::on_record_ack(const y::TransactionRecordAck& m, Millis now) {
  auto it = std::find_if(store_.begin(), store_.end(),
                         [&](const StoredRecord& r) { return r.frame.serial == m.serial; });
  if (it == store_.end()) {
    ++stats_.frames_ignored;  // a duplicate or late acknowledgement
    return;
  }
  auto& rec = records_[it->record];
  rec.stop_acknowledged = true;
  rec.ack = m.result;
  if (rec.offline) rec.start_confirmed = true;
  ++stats_.sessions_stopped;
  // "Illegal bill" is still a receipt: resending would not change the platform's mind.
  if (m.result != y::RecordAckResult::Accepted) ++stats_.records_illegal;
  store_.erase(it);
  pump_records(now);
}

void YkcChargerModel::on_balance_update(const y::BalanceUpdate& m, std::uint16_t seq, Millis now) {
  auto reply = [&](y::BalanceUpdateResult result) {
    send(y::BalanceUpdateResponse{pile_code_, m.physical_card, result}, seq);
  };
  if (!for_us(m.pile_code)) {
    reply(y::BalanceUpdateResult::WrongPileCode);
    return;
  }
  Gun* g = gun(m.gun);
  constexpr y::PhysicalCardNo kNone{};
  if (!g || !g->session || g->session->phase != Phase::Charging ||
      (m.physical_card != kNone && m.physical_card != g->session->card)) {
    reply(y::BalanceUpdateResult::WrongCard);
    return;
  }
  advance_energy(*g, now);
  g->session->balance_e2_yuan = m.balance_e2_yuan;
  ++stats_.balance_updates;
  reply(y::BalanceUpdateResult::Success);
}

void YkcChargerModel::on_card_sync(const y::OfflineCardSync& m, std::uint16_t seq) {
  auto reply = [&](y::SuccessFlag result, y::CardSyncFailureReason why) {
    send(y::OfflineCardSyncResponse{pile_code_, result, why}, seq);
  };
  if (!for_us(m.pile_code)) {
    reply(y::SuccessFlag::Failure, y::CardSyncFailureReason::None);
    return;
  }
  constexpr y::PhysicalCardNo kNone{};
  std::size_t added = 0;
  for (const auto& c : m.cards) {
    if (c.physical_card == kNone) {
      reply(y::SuccessFlag::Failure, y::CardSyncFailureReason::BadCardFormat);
      return;
    }
    if (!offline_cards_.contains(c.physical_card)) ++added;
  }
  if (offline_cards_.size() + added > config_.offline_card_capacity) {
    reply(y::SuccessFlag::Failure, y::CardSyncFailureReason::StorageFull);
    return;
  }
  // Vendor 8.11: a card already stored is overwritten, a new one inserted.
  for (const auto& c : m.cards) offline_cards_[c.physical_card] = c.logical_card;
  reply(y::SuccessFlag::Success, y::CardSyncFailureReason::None);
}

void YkcChargerModel::on_card_clear(const y::OfflineCardClear& m, std::uint16_t seq) {
  y::OfflineCardClearResponse resp{pile_code_, {}};
  const bool ours = for_us(m.pile_code);
  constexpr y::PhysicalCardNo kNone{};
  for (const auto& card : m.cards) {
    y::CardClearResult r{card, y::SuccessFlag::Success, y::CardClearFailureReason::None};
    if (!ours) {
      r.result = y::SuccessFlag::Failure;
    } else if (card == kNone) {
      r.result = y::SuccessFlag::Failure;
      r.reason = y::CardClearFailureReason::BadCardFormat;
    } else {
      offline_cards_.erase(card);  // clearing a card that is not there succeeds too
    }
    resp.results.push_back(r);
  }
  send(resp, seq);
}

void YkcChargerModel::on_card_query(const y::OfflineCardQuery& m, std::uint16_t seq) {
  y::OfflineCardQueryResponse resp{pile_code_, {}};
  const bool ours = for_us(m.pile_code);
  for (const auto& card : m.cards) {
    bool present = ours && offline_cards_.contains(card);
    resp.results.push_back({card, present ? y::CardPresence::Present : y::CardPresence::Absent});
  }
  send(resp, seq);
}

void YkcChargerModel::on_work_parameters(const y::WorkParameters& m, std::uint16_t seq,
                                         Millis now) {
  auto reply = [&](y::SuccessFlag result) {
    send(y::WorkParametersResponse{pile_code_, result}, seq);
  };
  if (!for_us(m.pile_code) || (m.mode != y::WorkMode::Enabled && m.mode != y::WorkMode::Disabled)) {
    reply(y::SuccessFlag::Failure);
    return;
  }
  const bool pct_ok = m.max_power_pct >= 30 && m.max_power_pct <= 100;
  // Locking the pile may come without a power figure (0): the cap is then left as it is.
  if (!pct_ok && !(m.mode == y::WorkMode::Disabled && m.max_power_pct == 0)) {
    reply(y::SuccessFlag::Failure);
    return;
  }
  for (auto& g : guns_) {
    if (g.session) advance_energy(g, now);  // the energy so far at the old power
  }
  work_mode_ = m.mode;
  if (pct_ok) max_power_pct_ = m.max_power_pct;
  // A running session goes on at the new cap; a disabled pile takes no new starts.
  for (auto& g : guns_) {
    if (g.session && g.session->phase == Phase::Charging)
      g.session->power_w = charging_power(*g.session);
  }
  reply(y::SuccessFlag::Success);
}

void YkcChargerModel::on_time_sync(const y::TimeSync& m, std::uint16_t seq, Millis now) {
  if (!for_us(m.pile_code)) return;
  if (auto utc = y::to_utc_ms(m.time, config_.utc_offset)) {
    // Energy so far is booked to slots of the old clock; from now on the new one counts.
    for (auto& g : guns_) {
      if (g.session) advance_energy(g, now);
    }
    clock_offset_ms_ = *utc - now;
    ++stats_.time_syncs;
  } else {
    ++stats_.frames_refused;  // not a calendar time: the clock stays as it is
  }
  send(y::TimeSyncResponse{pile_code_, cp56(pile_time_ms(now))}, seq);
}

void YkcChargerModel::on_reboot(const y::Reboot& m, std::uint16_t seq, Millis now) {
  if (!for_us(m.pile_code) ||
      (m.when != y::ExecuteWhen::Now && m.when != y::ExecuteWhen::WhenIdle)) {
    send(y::RebootResponse{pile_code_, y::SuccessFlag::Failure}, seq);
    return;
  }
  send(y::RebootResponse{pile_code_, y::SuccessFlag::Success}, seq);
  reboot_when_idle_ = true;
  if (m.when == y::ExecuteWhen::Now) {
    close_requested_ = true;
    restart(now, config_.reboot_stop_reason);
  }
}

void YkcChargerModel::maybe_reboot_when_idle(Millis now) {
  if (!reboot_when_idle_ || !connected_) return;
  // Idle: nothing charging and no bill waiting for its 0x40 on this connection.
  bool busy = std::any_of(guns_.begin(), guns_.end(), [](const Gun& g) {
    return g.session && g.session->phase == Phase::Charging;
  });
  busy = busy || std::any_of(store_.begin(), store_.end(),
                             [](const StoredRecord& r) { return !r.deferred; });
  if (busy) return;
  close_requested_ = true;
  restart(now, config_.reboot_stop_reason);
}

void YkcChargerModel::restart(Millis now, y::StopReason reason) {
  // The link goes first, so that nothing more is sent; sessions end into the store.
  forget_link();
  reboot_when_idle_ = false;
  for (auto& g : guns_) {
    g.reported.reset();
    if (!g.session) continue;
    if (g.session->phase == Phase::Charging) end_session(g, reason, now);
    leave(g, now);  // drivers leave; the pile comes back empty
  }
}

// ---- drivers and sessions ----------------------------------------------------------------

bool YkcChargerModel::can_start(const Gun& g) const {
  // Vendor 6.7: without a billing model the pile must not charge.
  return !g.faulted && enabled() && tariff_.has_value();
}

YkcChargerModel::Session& YkcChargerModel::begin(Gun& g, std::optional<Visit> visit, Phase phase,
                                                 Millis now) {
  Session s;
  s.id = next_session_id_++;
  s.visit = std::move(visit);
  s.phase = phase;
  s.arrived_at = now;
  g.session = std::move(s);
  g.next_arrival_at.reset();
  return *g.session;
}

bool YkcChargerModel::plug_in(int no, Visit visit, Millis now) {
  Gun* g = gun(no);
  if (!g || g->faulted) return false;
  if (g->session) {
    auto& s = *g->session;
    // A 0x34 waits for a cable and nobody else is coming: this driver's car gets it.
    if (s.phase != Phase::AwaitingCable || s.visit) return false;
    s.visit = std::move(visit);
    s.arrived_at = now;
    plug(*g, now);
    report_changes(now);
    return true;
  }
  if (!can_start(*g)) return false;
  if (!online()) {
    // Offline only a card on the offline list (0x44) may start (vendor 5.4, 8.11).
    auto card =
        visit.start == StartMethod::Rfid ? ykc_card_from_id_tag(visit.id_tag) : std::nullopt;
    auto it = card ? offline_cards_.find(*card) : offline_cards_.end();
    if (it == offline_cards_.end()) return false;
    auto& s = begin(*g, std::move(visit), Phase::Authorizing, now);
    s.plugged = true;
    s.card = *card;
    start_offline(*g, it->second, now);
    return true;
  }
  // The plug is reported (0x13) before the driver swipes or opens the app.
  if (visit.start == StartMethod::Remote) {
    auto& s = begin(*g, std::move(visit), Phase::AwaitingRemoteStart, now);
    s.plugged = true;
    s.wait_until = now + config_.remote_start_wait_ms;
    report_changes(now);
    driver_requests_.push_back(
        DriverRequest{DriverRequest::Kind::RemoteStart, no, s.visit->id_tag, std::nullopt});
  } else {
    if (!ykc_card_from_id_tag(visit.id_tag) && !is_vin(visit.id_tag)) return false;
    auto& s = begin(*g, std::move(visit), Phase::Authorizing, now);
    s.plugged = true;
    report_changes(now);
    send_card_request(*g, now);
  }
  return true;
}

bool YkcChargerModel::scan_then_plug(int no, Visit visit, std::optional<Millis> plug_after_ms,
                                     Millis now) {
  Gun* g = gun(no);
  if (!g || g->session || !can_start(*g) || !online()) return false;
  visit.start = StartMethod::Remote;
  auto& s = begin(*g, std::move(visit), Phase::Scanned, now);
  s.wait_until = now + config_.remote_start_wait_ms;
  if (plug_after_ms) s.plug_at = now + std::max<Millis>(0, *plug_after_ms);
  driver_requests_.push_back(
      DriverRequest{DriverRequest::Kind::RemoteStart, no, s.visit->id_tag, std::nullopt});
  return true;
}

void YkcChargerModel::plug(Gun& g, Millis now) {
  auto& s = *g.session;
  s.plugged = true;
  s.plug_at.reset();
  // The late 0x33: the same command answered again, now with success.
  send(y::RemoteStartResponse{s.serial, pile_code_, static_cast<std::uint8_t>(g.no),
                              y::SuccessFlag::Success, y::StartFailureReason::None},
       s.start_sequence);
  start_charging(g, now);
}

void YkcChargerModel::send_card_request(Gun& g, Millis now) {
  auto& s = *g.session;
  s.phase = Phase::Authorizing;
  s.wait_until = now + config_.response_timeout_ms;
  y::StartRequest req;
  req.pile_code = pile_code_;
  req.gun = static_cast<std::uint8_t>(g.no);
  req.password_required = y::PasswordRequired::No;
  if (is_vin(s.visit->id_tag)) {
    req.start_mode = y::StartMode::Vin;
    req.vin = s.visit->id_tag;
    s.trade = y::TradeType::Vin;
    s.vin = s.visit->id_tag;
  } else {
    req.start_mode = y::StartMode::Card;
    s.card = *ykc_card_from_id_tag(s.visit->id_tag);
    req.card = s.card;
    s.trade = y::TradeType::Card;
  }
  send(req);
}

void YkcChargerModel::start_offline(Gun& g, const y::LogicalCardNo& logical, Millis now) {
  auto& s = *g.session;
  s.offline = true;
  s.trade = y::TradeType::OfflineCard;
  s.logical_card = logical;
  // Vendor 3.3: offline the pile makes the serial by the platform's rule: pile code, gun,
  // YYMMDDhhmmss, running number.
  offline_counter_ = static_cast<std::uint16_t>(offline_counter_ % 9999 + 1);
  const auto t = cp56(pile_time_ms(now));
  char digits[64];
  std::snprintf(
      digits, sizeof digits, "%s%02d%02u%02u%02u%02u%02u%02u%04u", config_.pile_code.c_str(), g.no,
      static_cast<unsigned>(t.year % 100), static_cast<unsigned>(t.month),
      static_cast<unsigned>(t.day), static_cast<unsigned>(t.hour), static_cast<unsigned>(t.minute),
      static_cast<unsigned>(t.milliseconds / 1000), static_cast<unsigned>(offline_counter_));
  s.serial = y::TransactionSerial::parse(digits).value_or(y::TransactionSerial{});
  ++stats_.offline_starts;
  start_charging(g, now);
}

void YkcChargerModel::start_charging(Gun& g, Millis now) {
  auto& s = *g.session;
  s.phase = Phase::Charging;
  s.plugged = true;
  s.started_at = now;
  s.start_pile_ms = pile_time_ms(now);
  s.last_update = now;
  s.meter_start_e4 = static_cast<std::uint64_t>(g.energy_wms / kWmsPerE4);
  s.tariff = *tariff_;
  s.period_e4 = {};
  s.soc_pct = std::clamp(s.visit->arrival_soc_pct, 0.0, 100.0);
  s.start_soc_pct = s.soc_pct;
  // A DC car tells its VIN over the BMS link; an AC pile never learns it.
  if (s.vin.empty() && config_.dc) s.vin = draw_vin();
  s.power_w = charging_power(s);
  s.next_bms_at = now + config_.bms_interval_s * 1000;
  YkcSessionRecord rec;
  rec.connector_id = g.no;
  rec.id_tag = s.visit->id_tag;
  rec.meter_start_e4_kwh = s.meter_start_e4;
  rec.meter_start_wh = y::wh_from_e4_kwh(s.meter_start_e4);
  rec.started_at = now;
  rec.start_confirmed = !s.offline;
  rec.serial = s.serial;
  rec.trade_type = s.trade;
  rec.model_no = s.tariff.model_no;
  rec.offline = s.offline;
  records_.push_back(std::move(rec));
  s.record = records_.size() - 1;
  ++stats_.sessions_started;
  if (online() && config_.dc) send_bms_start(g);
  if (online()) send_realtime(g, now);  // status charging, within the 90 s of vendor 13.3
}

std::int64_t YkcChargerModel::charging_power(const Session& s) const {
  const std::int64_t offered = config_.max_power_w * max_power_pct_ / 100;
  return accepted_power_w(s.visit->vehicle, config_.dc, s.soc_pct, offered);
}

void YkcChargerModel::advance_energy(Gun& g, Millis now) {
  auto& s = *g.session;
  if (s.phase != Phase::Charging || now <= s.last_update) return;
  // The register counts 0.0001 kWh steps; each step goes to the period of the half-hour
  // slot (the pile's local time) in which it was counted. The periods therefore add up
  // to the register difference exactly.
  std::int64_t delivered = 0;
  for (Millis t = s.last_update; t < now;) {
    const Millis edge = std::min(now, next_slot_edge(t));
    const auto period =
        static_cast<std::size_t>(s.tariff.slots[static_cast<std::size_t>(slot_of(t))]);
    const std::int64_t before = g.energy_wms / kWmsPerE4;
    const std::int64_t wms = s.power_w * (edge - t);
    g.energy_wms += wms;
    delivered += wms;
    s.period_e4[period] += static_cast<std::uint64_t>(g.energy_wms / kWmsPerE4 - before);
    t = edge;
  }
  s.last_update = now;
  const auto capacity = std::max<std::int64_t>(1, s.visit->vehicle.capacity_wh);
  s.soc_pct = std::min(100.0, s.soc_pct + static_cast<double>(delivered) / kWmsPerWh /
                                              static_cast<double>(capacity) * 100.0);
  s.power_w = charging_power(s);
}

YkcChargerModel::Bill YkcChargerModel::bill(const Session& s) const {
  // Per period: loss-adjusted energy = energy x (100 + loss ratio) / 100 (the ratio read as
  // a percentage; the platform asks for 0), amount = loss-adjusted energy x (electricity +
  // service rate), both truncated to the wire's 0.0001. The total is the sum of the periods.
  Bill b;
  for (std::size_t p = 0; p < 4; ++p) {
    const auto* rate = s.tariff.rate(static_cast<y::TariffPeriod>(p));
    const std::uint64_t price =
        std::uint64_t{rate->electricity_e5_yuan} + std::uint64_t{rate->service_e5_yuan};
    const std::uint64_t energy = s.period_e4[p];
    const std::uint64_t loss = energy * (100 + s.tariff.loss_ratio) / 100;
    const std::uint64_t amount = loss * price / 100'000;  // e4 kWh x e5 yuan/kWh -> e4 yuan
    b.periods[p] =
        y::PeriodUsage{saturate32(price), saturate32(energy), saturate32(loss), saturate32(amount)};
    b.energy_e4 += energy;
    b.loss_energy_e4 += loss;
    b.amount_e4 += amount;
  }
  return b;
}

void YkcChargerModel::tick_gun(Gun& g, Millis now) {
  if (!g.session) {
    if (g.next_arrival_at && now >= *g.next_arrival_at) {
      if (online() && can_start(g)) {
        auto& s = begin(g, draw_visit(), Phase::Authorizing, now);
        s.plugged = true;
        send_card_request(g, now);
      } else {
        schedule_arrival(g, now);
      }
    }
  } else {
    auto& s = *g.session;
    switch (s.phase) {
      case Phase::Scanned:
        if (s.plug_at && now >= *s.plug_at) {
          s.plug_at.reset();
          s.plugged = true;
          s.phase = Phase::AwaitingRemoteStart;  // plugged; still waits for the 0x34
        } else if (now >= s.wait_until) {
          leave(g, now);
        }
        break;
      case Phase::AwaitingRemoteStart:
        if (now >= s.wait_until) leave(g, now);  // nobody started it: unplug, go
        break;
      case Phase::AwaitingCable:
        if (s.visit && s.plug_at && *s.plug_at <= now && *s.plug_at < s.wait_until) {
          plug(g, now);
        } else if (now >= s.wait_until) {
          // No cable within 60 s: no start, no second 0x33; the driver gives up.
          ++stats_.late_plug_failures;
          leave(g, now);
        }
        break;
      case Phase::Authorizing:
        if (now >= s.wait_until) {
          ++stats_.card_auth_timeouts;
          leave(g, now);
        }
        break;
      case Phase::Charging:
        advance_energy(g, now);
        check_limits(g, now);
        if (g.session && g.session->phase == Phase::Charging) {
          auto& cs = *g.session;
          if (online() && config_.dc && config_.bms_interval_s > 0 && now >= cs.next_bms_at) {
            send_bms_periodic(g, now);
            cs.next_bms_at = std::max(cs.next_bms_at + config_.bms_interval_s * 1000, now + 1);
          }
          if (cs.app_stop_deadline) {
            if (now >= *cs.app_stop_deadline) end_session(g, y::StopReason::ManualStop, now);
          } else if (now - cs.arrived_at >= cs.visit->budget_ms) {
            driver_ends(g, now);
          }
        }
        break;
      case Phase::Finished:
        if (now >= s.depart_at) leave(g, now);
        break;
    }
  }
  if (online() && now >= g.next_realtime_at) send_realtime(g, now);
}

void YkcChargerModel::check_limits(Gun& g, Millis now) {
  auto& s = *g.session;
  if (s.soc_pct >= s.visit->target_soc_pct) {
    // The vehicle (its BMS) ends the charge at its target: "SOC full" is the finished code.
    end_session(g, y::StopReason::SocFull, now);
    return;
  }
  if (config_.stop_on_balance_exhausted && s.balance_e2_yuan &&
      bill(s).amount_e4 >= std::uint64_t{*s.balance_e2_yuan} * 100) {
    end_session(g, y::StopReason::AbnormalBalanceExhausted, now);
  }
}

void YkcChargerModel::driver_ends(Gun& g, Millis now) {
  auto& s = *g.session;
  if (s.visit->stop == StopMethod::App && online()) {
    driver_requests_.push_back(
        DriverRequest{DriverRequest::Kind::RemoteStop, g.no, s.visit->id_tag, std::nullopt});
    s.app_stop_deadline = now + config_.app_stop_wait_ms;
    return;
  }
  end_session(g, y::StopReason::ManualStop, now);  // card swipe / stop button at the pile
}

void YkcChargerModel::end_session(Gun& g, y::StopReason reason, Millis now) {
  auto& s = *g.session;
  if (s.phase != Phase::Charging) return;
  advance_energy(g, now);
  s.power_w = 0;
  const auto b = bill(s);
  const auto end_time = cp56(pile_time_ms(now));
  y::TransactionRecord r;
  r.serial = s.serial;
  r.pile_code = pile_code_;
  r.gun = static_cast<std::uint8_t>(g.no);
  r.start_time = cp56(s.start_pile_ms);
  r.end_time = end_time;
  r.sharp = b.periods[0];
  r.peak = b.periods[1];
  r.flat = b.periods[2];
  r.valley = b.periods[3];
  r.meter_start_e4_kwh = s.meter_start_e4;
  r.meter_end_e4_kwh = static_cast<std::uint64_t>(g.energy_wms / kWmsPerE4);
  r.energy_e4_kwh = saturate32(b.energy_e4);
  r.loss_energy_e4_kwh = saturate32(b.loss_energy_e4);
  r.amount_e4_yuan = saturate32(b.amount_e4);
  r.vin = s.vin;
  r.trade_type = s.trade;
  r.trade_time = end_time;
  r.stop_reason = reason;
  r.physical_card = s.card;

  auto& rec = records_[*s.record];
  rec.meter_stop_e4_kwh = r.meter_end_e4_kwh;
  rec.meter_stop_wh = y::wh_from_e4_kwh(r.meter_end_e4_kwh);
  rec.stopped_at = now;
  rec.stop_reason = std::string(y::to_string(reason));
  rec.ykc_stop_reason = reason;
  for (std::size_t p = 0; p < 4; ++p) rec.period_energy_e4_kwh[p] = b.periods[p].energy_e4_kwh;
  rec.amount_e4_yuan = r.amount_e4_yuan;

  // Vendor section D: 0x1D / 0x21 and 0x19 (DC), the status change, then the bill.
  if (online() && config_.dc) send_bms_end(g, reason, now);
  s.phase = Phase::Finished;
  if (reason == y::StopReason::SocFull) {
    Millis budget_end = s.arrived_at + s.visit->budget_ms;
    s.depart_at = std::max(now, std::min(now + s.visit->idle_after_full_ms, budget_end));
  } else {
    s.depart_at = now + rng_.uniform_int(30, 180) * 1000;  // unplug and drive away
  }
  if (online()) send_realtime(g, now);
  store_.push_back(StoredRecord{std::move(r), *s.record, 0, 0, false});
  pump_records(now);
}

void YkcChargerModel::leave(Gun& g, Millis now) {
  g.session.reset();
  schedule_arrival(g, now);
}

void YkcChargerModel::end_all_sessions(Millis now) {
  config_.self_arrivals = false;
  for (auto& g : guns_) {
    g.next_arrival_at.reset();
    if (!g.session) continue;
    if (g.session->phase == Phase::Charging) {
      end_session(g, y::StopReason::ManualStop, now);
    } else if (g.session->phase != Phase::Finished) {
      leave(g, now);
    }
  }
  report_changes(now);
}

void YkcChargerModel::schedule_arrival(Gun& g, Millis now) {
  if (!config_.self_arrivals) {
    g.next_arrival_at.reset();
    return;
  }
  g.next_arrival_at =
      now + static_cast<Millis>(rng_.exponential(config_.mean_interarrival_s) * 1000.0);
}

Visit YkcChargerModel::draw_visit() {
  Visit v;
  const auto& cards = config_.cards;
  v.id_tag = cards[static_cast<std::size_t>(
      rng_.uniform_int(0, static_cast<std::int64_t>(cards.size()) - 1))];
  const auto& presets = vehicle_presets();
  v.vehicle = presets[static_cast<std::size_t>(
      rng_.uniform_int(0, static_cast<std::int64_t>(presets.size()) - 1))];
  v.arrival_soc_pct = rng_.uniform(10.0, 50.0);
  v.target_soc_pct = rng_.uniform(70.0, 100.0);
  v.budget_ms = rng_.uniform_int(config_.min_session_budget_s, config_.max_session_budget_s) * 1000;
  v.idle_after_full_ms = rng_.uniform_int(2 * 60, 15 * 60) * 1000;
  return v;
}

std::string YkcChargerModel::draw_vin() {
  static constexpr char kVin[] = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
  std::string vin = "LCT";  // a Chinese WMI starts with L
  while (vin.size() < 17)
    vin.push_back(kVin[rng_.uniform_int(0, static_cast<std::int64_t>(sizeof kVin) - 2)]);
  return vin;
}

// ---- faults ---------------------------------------------------------------------------------

void YkcChargerModel::reboot(Millis now, bool power_loss) {
  outbox_.clear();  // what had not reached the wire is gone with the power
  close_requested_ = false;
  restart(now, power_loss ? y::StopReason::AbnormalPilePowerLost : config_.reboot_stop_reason);
}

void YkcChargerModel::inject_meter_glitch(int no, Millis now) {
  Gun* g = gun(no);
  if (!g) return;
  if (g->session) advance_energy(*g, now);
  if (online()) send_realtime(*g, now, std::nullopt, true);
}

void YkcChargerModel::fault_connector(int no, Millis now) {
  Gun* g = gun(no);
  if (!g || g->faulted) return;
  g->faulted = true;
  if (g->session) {
    if (g->session->phase == Phase::Charging)
      end_session(*g, y::StopReason::AbnormalEmergencyStop, now);
    leave(*g, now);  // the driver takes the car away
  }
  report_changes(now);
}

void YkcChargerModel::recover_connector(int no, Millis now) {
  Gun* g = gun(no);
  if (!g || !g->faulted) return;
  g->faulted = false;
  schedule_arrival(*g, now);
  report_changes(now);
}

// ---- frames ---------------------------------------------------------------------------------

y::GunStatus YkcChargerModel::status_of(const Gun& g) const {
  if (g.faulted) return y::GunStatus::Fault;
  if (g.session && g.session->phase == Phase::Charging) return y::GunStatus::Charging;
  return y::GunStatus::Idle;
}

y::PlugState YkcChargerModel::plug_of(const Gun& g) const {
  return g.session && g.session->plugged ? y::PlugState::Plugged : y::PlugState::Unplugged;
}

void YkcChargerModel::report_changes(Millis now) {
  if (!online()) return;
  for (auto& g : guns_) {
    if (g.reported != std::pair{status_of(g), plug_of(g)}) send_realtime(g, now);
  }
}

void YkcChargerModel::send_realtime(Gun& g, Millis now, std::optional<std::uint16_t> reply_to,
                                    bool glitch) {
  y::RealtimeData d;
  d.pile_code = pile_code_;
  d.gun = static_cast<std::uint8_t>(g.no);
  d.status = status_of(g);
  d.plugged = plug_of(g);
  d.homed = d.plugged == y::PlugState::Plugged ? y::GunHomed::No : y::GunHomed::Yes;
  // Idle: temperatures "set to zero" on the wire (-50 degC after the offset).
  d.gun_temperature_c = -50;
  d.battery_max_temperature_c = -50;
  if (g.faulted) d.hardware_faults = y::flags::kEmergencyStop;
  const bool charging = d.status == y::GunStatus::Charging;
  if (charging) {
    const auto& s = *g.session;
    const double soc = s.soc_pct;
    const double volts = config_.dc ? 330.0 + soc : kAcPhaseVolts;
    const int phases = !config_.dc && config_.max_power_w > 7'040 ? 3 : 1;
    const double amps = static_cast<double>(s.power_w) / volts / phases;
    d.serial = s.serial;
    d.output_voltage_dv = saturate16(std::round(volts * 10.0));
    d.output_current_da = saturate16(std::round(amps * 10.0));
    d.gun_temperature_c = static_cast<std::int16_t>(
        28 + 20 * s.power_w / std::max<std::int64_t>(1, config_.max_power_w));
    if (config_.dc) {
      d.soc_pct = static_cast<std::uint8_t>(soc);
      d.battery_max_temperature_c = static_cast<std::int16_t>(25 + soc / 10);
      if (s.power_w > 0) {
        const double wh_left = std::max(0.0, s.visit->target_soc_pct - soc) / 100.0 *
                               static_cast<double>(s.visit->vehicle.capacity_wh);
        d.remaining_time_min =
            saturate16(std::ceil(wh_left / static_cast<double>(s.power_w) * 60.0));
      }
    }
    d.charging_time_min = saturate16(static_cast<double>((now - s.started_at) / 60'000));
    const auto b = bill(s);
    d.energy_e4_kwh = glitch ? 0 : saturate32(b.energy_e4);
    d.loss_energy_e4_kwh = glitch ? 0 : saturate32(b.loss_energy_e4);
    d.amount_e4_yuan = saturate32(b.amount_e4);
  }
  send(d, reply_to);
  g.reported = std::pair{d.status, d.plugged};
  g.next_realtime_at =
      now +
      (charging ? config_.realtime_interval_charging_s : config_.realtime_interval_idle_s) * 1000;
}

void YkcChargerModel::send_bms_start(const Gun& g) {
  const auto& s = *g.session;
  const auto& v = s.visit->vehicle;
  y::BmsHandshake h;
  h.serial = s.serial;
  h.pile_code = pile_code_;
  h.gun = static_cast<std::uint8_t>(g.no);
  h.bms_protocol_version = {0x01, 0x01, 0x00};  // GB/T 27930 V1.1
  const bool lfp = v.preset == "city_car" || v.preset == "taxi" || v.preset == "van";
  h.battery_type = lfp ? y::BatteryType::LithiumIronPhosphate : y::BatteryType::Ternary;
  h.rated_capacity_dah = saturate16(static_cast<double>(v.capacity_wh) / kPackNominalVolts * 10.0);
  h.rated_voltage_dv = static_cast<std::uint16_t>(kPackNominalVolts * 10);
  h.manufacturer = "CTBM";
  h.pack_serial = {0x00, 0x00, static_cast<std::uint8_t>(s.id >> 8),
                   static_cast<std::uint8_t>(s.id)};
  h.production_year = 2023;
  h.production_month = 6;
  h.production_day = 1;
  h.charge_count = 100 + static_cast<std::uint32_t>(s.id % 900);
  h.ownership = y::BatteryOwnership::Owned;
  h.vin = s.vin;
  h.bms_software_version = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  send(h);

  y::BmsParameters p;
  p.serial = s.serial;
  p.pile_code = pile_code_;
  p.gun = h.gun;
  p.max_cell_voltage_cv = 425;
  p.max_current_da = bms_current_da(static_cast<double>(v.dc_max_w) / kPackNominalVolts);
  p.nominal_energy_e1_kwh = saturate16(static_cast<double>(v.capacity_wh) / 100.0);
  p.max_voltage_dv = 4400;
  p.max_temperature_c = 55;
  p.soc_permille = static_cast<std::uint16_t>(std::lround(s.soc_pct * 10.0));
  p.battery_voltage_dv = saturate16(std::round((330.0 + s.soc_pct) * 10.0));
  p.charger_max_voltage_dv = 7500;
  p.charger_min_voltage_dv = 2000;
  p.charger_max_current_da = bms_current_da(static_cast<double>(config_.max_power_w) / 200.0);
  p.charger_min_current_da = bms_current_da(1.0);
  send(p);
}

void YkcChargerModel::send_bms_periodic(const Gun& g, Millis now) {
  const auto& s = *g.session;
  const double volts = 330.0 + s.soc_pct;
  const double amps = static_cast<double>(s.power_w) / volts;
  const auto minutes = saturate16(static_cast<double>((now - s.started_at) / 60'000));
  y::BmsDemand d;
  d.serial = s.serial;
  d.pile_code = pile_code_;
  d.gun = static_cast<std::uint8_t>(g.no);
  d.voltage_demand_dv = saturate16(std::round((volts + 10.0) * 10.0));
  d.current_demand_da = bms_current_da(amps);
  d.charge_mode = s.soc_pct < s.visit->vehicle.taper_start_soc_pct ? y::ChargeMode::ConstantCurrent
                                                                   : y::ChargeMode::ConstantVoltage;
  d.measured_voltage_dv = saturate16(std::round(volts * 10.0));
  d.measured_current_da = bms_current_da(amps);
  d.highest_cell = {static_cast<std::uint16_t>(std::lround(340.0 + s.soc_pct * 0.8)), 1};
  d.soc_pct = static_cast<std::uint8_t>(s.soc_pct);
  if (s.power_w > 0) {
    const double wh_left = std::max(0.0, s.visit->target_soc_pct - s.soc_pct) / 100.0 *
                           static_cast<double>(s.visit->vehicle.capacity_wh);
    d.remaining_time_min = saturate16(std::ceil(wh_left / static_cast<double>(s.power_w) * 60.0));
  }
  d.output_voltage_dv = d.measured_voltage_dv;
  d.output_current_da = d.measured_current_da;
  d.charging_time_min = minutes;
  send(d);

  y::BmsStatus st;
  st.serial = s.serial;
  st.pile_code = pile_code_;
  st.gun = d.gun;
  st.highest_cell_number = 17;
  st.max_temperature_c = static_cast<std::int16_t>(25 + s.soc_pct / 10);
  st.max_temperature_probe = 3;
  st.min_temperature_c = 22;
  st.min_temperature_probe = 7;
  st.status = 0x1000;  // charge_permit = allowed, everything else normal
  send(st);
}

void YkcChargerModel::send_bms_end(const Gun& g, y::StopReason reason, Millis now) {
  const auto& s = *g.session;
  const auto gun_no = static_cast<std::uint8_t>(g.no);
  if (reason == y::StopReason::SocFull) {
    send(y::BmsStop{s.serial, pile_code_, gun_no, 0x01, 0, 0});  // BST: SOC target reached
  } else {
    std::uint8_t reasons = 0x04;  // CST: manual stop
    std::uint16_t faults = 0;
    if (y::stop_category(reason) == y::StopCategory::Abnormal) {
      reasons = 0x10;  // fault stop
      if (reason == y::StopReason::AbnormalEmergencyStop) faults = 0x0100;
      if (reason == y::StopReason::AbnormalBalanceExhausted) reasons = 0x01;  // setpoint
    }
    send(y::ChargerStop{s.serial, pile_code_, gun_no, reasons, faults, 0});
  }
  y::ChargeEnd e;
  e.serial = s.serial;
  e.pile_code = pile_code_;
  e.gun = gun_no;
  e.final_soc_pct = static_cast<std::uint8_t>(s.soc_pct);
  e.min_cell_voltage_cv = static_cast<std::uint16_t>(std::lround(335.0 + s.soc_pct * 0.8));
  e.max_cell_voltage_cv = static_cast<std::uint16_t>(std::lround(340.0 + s.soc_pct * 0.8));
  e.min_temperature_c = 22;
  e.max_temperature_c = static_cast<std::int16_t>(25 + s.soc_pct / 10);
  e.charging_time_min = saturate16(static_cast<double>((now - s.started_at) / 60'000));
  std::uint64_t energy_e4 = 0;
  for (auto p : s.period_e4) energy_e4 += p;
  e.energy_e1_kwh = saturate16(static_cast<double>(energy_e4 / 1000));  // 0.1 kWh
  e.charger_number = static_cast<std::uint32_t>(g.no);
  send(e);
}

}  // namespace ct::sim
