#include "server/ykc/ykc_session.hpp"

#include <algorithm>
#include <cctype>

#include "protocol/ykc16/catalogue.hpp"
#include "protocol/ykc16/json.hpp"
#include "server/core/log.hpp"
#include "server/core/metrics.hpp"
#include "server/core/ocpp/charge_point_service.hpp"
#include "server/ykc/ykc_service.hpp"

namespace ct::ykc {

namespace {

using nlohmann::json;
namespace y = ykc16;

template <class T>
constexpr std::uint8_t type_code() {
  return y::MessageTraits<T>::type;
}

std::string gun_key(int gun) {
  return "gun:" + std::to_string(gun);
}

// The struct's name of a frame type ("RealtimeData"): the metric label and the log name.
std::string frame_name(std::uint8_t type) {
  const auto* info = y::find_message_info(type);
  return info != nullptr ? std::string(info->identifier) : "unknown";
}

// ftp://user:password@host:port/path as the fields of a 0x94 (ASCII, 16 / 16 / 16 / 32
// characters at most); nullopt when the location does not fit.
std::optional<y::FirmwareUpdate> firmware_update_of(const std::string& location,
                                                    const core::Pile& pile) {
  const std::string scheme = "ftp://";
  if (location.rfind(scheme, 0) != 0) return std::nullopt;
  auto rest = location.substr(scheme.size());
  const auto slash = rest.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto authority = rest.substr(0, slash);
  y::FirmwareUpdate fw;
  fw.file_path = rest.substr(slash);
  if (const auto at = authority.rfind('@'); at != std::string::npos) {
    const auto credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = credentials.find(':');
    fw.user = credentials.substr(0, colon);
    if (colon != std::string::npos) fw.password = credentials.substr(colon + 1);
  }
  fw.port = 21;
  if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    const auto port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
      return std::nullopt;
    const auto n = std::stoi(port);
    if (n < 1 || n > 65535) return std::nullopt;
    fw.port = static_cast<std::uint16_t>(n);
    authority = authority.substr(0, colon);
  }
  fw.server_address = authority;
  if (fw.server_address.empty() || fw.server_address.size() > 16 || fw.user.size() > 16 ||
      fw.password.size() > 16 || fw.file_path.size() > 32)
    return std::nullopt;
  fw.pile_model = pile.current_type == core::CurrentType::DC ? y::PileModel::Dc : y::PileModel::Ac;
  fw.pile_power_kw =
      static_cast<std::uint16_t>(std::clamp<std::int64_t>(pile.max_power_w / 1000, 0, 0xFFFF));
  fw.when = y::ExecuteWhen::WhenIdle;  // never in the middle of a driver's session
  fw.download_timeout_min = 30;
  return fw;
}

}  // namespace

YkcSession::YkcSession(YkcService& ykc, core::ChargePointService& service, const core::Clock& clock,
                       std::mutex& core_mutex, YkcSessionConfig config)
    : ykc_(ykc), service_(service), clock_(clock), core_mutex_(core_mutex), config_(config) {
  auto& m = metrics::registry();
  m.describe("chargetwin_ykc_frames_in_total", "counter", "YKC frames received by type");
  m.describe("chargetwin_ykc_frames_out_total", "counter", "YKC frames sent by type");
  m.describe("chargetwin_ykc_frame_errors_total", "counter",
             "YKC bytes refused by the decoder, by kind (bad_crc, garbage, ...)");
  m.describe("chargetwin_ykc_swapped_crc_total", "counter",
             "YKC frames accepted with their CRC bytes swapped (a firmware bug to report)");
}

void YkcSession::send(const y::Message& m, YkcOutput& out, std::optional<std::uint16_t> sequence) {
  // Replies echo the request's sequence; the platform's own frames count up.
  const std::uint16_t seq = sequence ? *sequence : next_sequence_++;
  auto frame = y::encode_frame(m, seq);
  if (auto* bytes = std::get_if<std::vector<std::uint8_t>>(&frame)) {
    metrics::registry().inc("chargetwin_ykc_frames_out_total",
                            {{"type", frame_name(y::type_of(m))}});
    out.frames.push_back(std::move(*bytes));
    return;
  }
  const auto& err = std::get<y::EncodeError>(frame);
  log::error("ykc_encode_failed", {{"chargePointId", charge_point_id()},
                                   {"type", y::type_of(m)},
                                   {"field", err.field},
                                   {"detail", err.detail}});
}

YkcOutput YkcSession::on_bytes(std::span<const std::uint8_t> bytes) {
  YkcOutput out;
  auto events = decoder_.feed(bytes);
  for (auto& ev : events) {
    if (auto* err = std::get_if<y::FrameError>(&ev)) {
      // Refused and counted; the line stays up (the decoder resynchronises on 0x68).
      metrics::registry().inc("chargetwin_ykc_frame_errors_total",
                              {{"kind", std::string(y::to_string(err->kind))}});
      log::warn("ykc_frame_refused", {{"chargePointId", charge_point_id()},
                                      {"kind", std::string(y::to_string(err->kind))},
                                      {"detail", err->detail},
                                      {"bytes", err->raw.size()}});
      continue;
    }
    auto& frame = std::get<y::Frame>(ev);
    if (frame.crc == y::CrcStatus::Swapped) {
      metrics::registry().inc("chargetwin_ykc_swapped_crc_total");
    }
    metrics::registry().inc("chargetwin_ykc_frames_in_total",
                            {{"type", frame_name(frame.header.type)}});
    try {
      if (!pile_) {
        handle_login(frame, out);
      } else {
        handle(frame, out);
      }
    } catch (const std::exception& e) {
      // A store failure: the frame is not answered, so the pile sends it again.
      log::error(
          "ykc_frame_failed",
          {{"chargePointId", charge_point_id()}, {"type", frame.header.type}, {"error", e.what()}});
    }
    if (out.close) break;
  }
  return out;
}

void YkcSession::handle_login(const y::Frame& frame, YkcOutput& out) {
  const auto* login = std::get_if<y::Login>(&frame.message);
  if (login == nullptr) {
    // Nothing counts before the login; the pile is expected to log in first.
    ++frames_refused_;
    log::warn("ykc_frame_before_login", {{"type", frame.header.type}});
    return;
  }
  LoginDecision d;
  {
    std::lock_guard lock(core_mutex_);
    d = ykc_.login(*login);
  }
  y::LoginResponse resp;
  resp.pile_code = login->pile_code;
  resp.result = d.accepted ? y::LoginResult::Success : y::LoginResult::Failure;
  send(resp, out, frame.header.sequence);
  if (!d.accepted) {
    out.close = true;
    out.close_reason = "login refused: " + d.reason;
    return;
  }
  pile_ = d.pile;
  next_sequence_ = 0;
  const auto now = clock_.now();
  last_heartbeat_at_ = now;
  next_tariff_check_at_ = now + config_.tariff_check_every_ms;
  next_balance_check_at_ = now + config_.balance_check_every_ms;
  {
    std::lock_guard lock(core_mutex_);
    service_.on_connected(pile_->charge_point_id, "ykc");
  }
  out.logged_in = pile_->charge_point_id;
  // The pile's clock is set right after the login (and daily), so that its CP56 times, and
  // the tariff slots it applies, are the platform's.
  send_time_sync(out);
}

void YkcSession::send_time_sync(YkcOutput& out) {
  const auto now = clock_.now();
  y::TimeSync t;
  t.pile_code = *y::PileCode::parse(pile_->charge_point_id);
  if (auto c = y::from_utc_ms(now)) t.time = *c;
  send(t, out);
  next_time_sync_at_ = now + config_.time_sync_every_ms;
}

void YkcSession::handle(const y::Frame& frame, YkcOutput& out) {
  const auto seq = frame.header.sequence;
  const auto now = clock_.now();
  const y::PileCode pc = y::PileCode::parse(pile_->charge_point_id).value_or(y::PileCode{});
  std::lock_guard lock(core_mutex_);
  // lastHeartbeatAt to the heartbeat interval: a pile sends a frame per gun every few
  // seconds (heartbeats, real-time data, BMS), and each touch is a write.
  if (now - last_touch_at_ >= config_.heartbeat_interval_ms) {
    ykc_.touch(*pile_);
    last_touch_at_ = now;
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, y::Heartbeat>) {
          last_heartbeat_at_ = now;
          send(y::HeartbeatResponse{pc, m.gun, 0}, out, seq);
        } else if constexpr (std::is_same_v<T, y::BillingModelCheck>) {
          auto model = ykc_.billing_model(*pile_);
          y::BillingModelCheckResponse r;
          r.pile_code = pc;
          r.model_no = m.model_no;
          const bool same = model && model->model_no == m.model_no;
          r.result = same ? y::ModelCheckResult::Same : y::ModelCheckResult::Different;
          if (same) confirmed_model_ = m.model_no.str();
          send(r, out, seq);
        } else if constexpr (std::is_same_v<T, y::BillingModelRequest>) {
          auto model = ykc_.billing_model(*pile_);
          y::BillingModelResponse r;
          if (model) {
            static_cast<y::BillingModel&>(r) = *model;
            confirmed_model_ = model->model_no.str();
          } else {
            // Nothing prices this pile: it is sent a model of zero rates (it must not run
            // without one) and the operator is told.
            r.pile_code = pc;
            log::warn("ykc_pile_without_tariff", {{"chargePointId", pile_->charge_point_id}});
          }
          send(r, out, seq);
        } else if constexpr (std::is_same_v<T, y::RealtimeData>) {
          charging_[m.gun] = m.status == y::GunStatus::Charging;
          ykc_.realtime(*pile_, m);
          if (auto p = ykc_.reload(pile_->id)) pile_ = *p;
        } else if constexpr (std::is_same_v<T, y::StartRequest>) {
          auto auth = ykc_.authorize_start(*pile_, m);
          if (auth.result == y::SuccessFlag::Success) told_balance_[m.gun] = auth.balance_e2_yuan;
          send(auth, out, seq);
        } else if constexpr (std::is_same_v<T, y::ParallelStartRequest>) {
          // Parallel charging (1.6): every gun of the session asks for itself and is
          // authorised as a 0x31 would be, with its own serial, transaction and bill; the
          // answer echoes the pile's parallel id, and the pile starts only when every gun
          // is authorised.
          auto auth = ykc_.authorize_start(
              *pile_, y::StartRequest{m.pile_code, m.gun, m.start_mode, m.password_required, m.card,
                                      m.password_md5, m.vin});
          if (auth.result == y::SuccessFlag::Success) told_balance_[m.gun] = auth.balance_e2_yuan;
          log::info("ykc_parallel_start", {{"chargePointId", pile_->charge_point_id},
                                           {"gun", m.gun},
                                           {"role", std::string(y::to_string(m.role))},
                                           {"parallelId", m.parallel_id.str()},
                                           {"serial", auth.serial.str()},
                                           {"accepted", auth.result == y::SuccessFlag::Success}});
          send(y::ParallelStartAuthorization{auth.serial, auth.pile_code, auth.gun,
                                             auth.logical_card, auth.balance_e2_yuan, auth.result,
                                             auth.reason, m.parallel_id},
               out, seq);
        } else if constexpr (std::is_same_v<T, y::RemoteStartResponse>) {
          auto p = take_pending(type_code<y::RemoteStartResponse>(), m.serial.str());
          if (!p) return;
          if (m.result == y::SuccessFlag::Success) {
            ykc_.app_session_started(*pile_, m.serial);
            finish_command(*p, true, "started");
          } else if (m.reason == y::StartFailureReason::GunNotPlugged && !p->not_plugged_yet) {
            // The vendor's rule: a success may still follow if the gun is plugged within
            // a minute of the 0x34.
            p->not_plugged_yet = true;
            pending_.push_back(*p);
          } else {
            const auto why = std::string(y::to_string(m.reason));
            ykc_.app_session_failed(*pile_, m.serial, why);
            finish_command(*p, false, why);
          }
        } else if constexpr (std::is_same_v<T, y::RemoteStopResponse>) {
          if (auto p = take_pending(type_code<y::RemoteStopResponse>(), gun_key(m.gun)))
            finish_command(*p, m.result == y::SuccessFlag::Success,
                           std::string(y::to_string(m.reason)));
        } else if constexpr (std::is_same_v<T, y::TransactionRecord>) {
          charging_[m.gun] = false;
          told_balance_.erase(m.gun);
          send(ykc_.transaction_record(*pile_, m), out, seq);
        } else if constexpr (std::is_same_v<T, y::RebootResponse>) {
          if (auto p = take_pending(type_code<y::RebootResponse>(), ""))
            finish_command(*p, m.result == y::SuccessFlag::Success, "");
        } else if constexpr (std::is_same_v<T, y::FirmwareUpdateResponse>) {
          if (auto p = take_pending(type_code<y::FirmwareUpdateResponse>(), ""))
            finish_command(*p, m.status == y::UpdateStatus::Success,
                           std::string(y::to_string(m.status)));
        } else if constexpr (std::is_same_v<T, y::ParkingLockResponse>) {
          if (auto p = take_pending(type_code<y::ParkingLockResponse>(), gun_key(m.gun)))
            finish_command(*p, m.result == y::SuccessFlag::Success, "");
        } else if constexpr (std::is_same_v<T, y::OfflineCardSyncResponse>) {
          if (auto p = take_pending(type_code<y::OfflineCardSyncResponse>(), ""))
            finish_command(*p, m.result == y::SuccessFlag::Success,
                           std::string(y::to_string(m.reason)));
        } else if constexpr (std::is_same_v<T, y::OfflineCardClearResponse>) {
          if (auto p = take_pending(type_code<y::OfflineCardClearResponse>(), "")) {
            const bool all = std::all_of(m.results.begin(), m.results.end(), [](const auto& r) {
              return r.result == y::SuccessFlag::Success;
            });
            finish_command(*p, all, all ? "" : "a card was not cleared");
          }
        } else if constexpr (std::is_same_v<T, y::OfflineCardQueryResponse>) {
          if (auto p = take_pending(type_code<y::OfflineCardQueryResponse>(), "")) {
            json cards = json::array();
            for (const auto& r : m.results)
              cards.push_back({{"idTag", ykc_.id_tag_of_card(r.physical_card)},
                               {"present", r.presence == y::CardPresence::Present}});
            finish_command(*p, true, "", {{"cards", cards}});
          }
        } else if constexpr (std::is_same_v<T, y::WorkParametersResponse>) {
          if (auto p = take_pending(type_code<y::WorkParametersResponse>(), ""))
            finish_command(*p, m.result == y::SuccessFlag::Success, "");
        } else if constexpr (std::is_same_v<T, y::BillingModelSetResponse>) {
          if (m.result == y::SuccessFlag::Success && pushing_model_)
            confirmed_model_ = pushing_model_;
          pushing_model_.reset();
        } else if constexpr (std::is_same_v<T, y::BalanceUpdateResponse>) {
          if (m.result != y::BalanceUpdateResult::Success)
            log::warn("ykc_balance_update_refused",
                      {{"chargePointId", pile_->charge_point_id},
                       {"reason", std::string(y::to_string(m.result))}});
        } else if constexpr (std::is_same_v<T, y::TimeSyncResponse>) {
          // A receipt: nothing follows from it.
        } else if constexpr (std::is_same_v<T, y::BmsHandshake> ||
                             std::is_same_v<T, y::BmsParameters> ||
                             std::is_same_v<T, y::ChargeEnd> || std::is_same_v<T, y::BmsError> ||
                             std::is_same_v<T, y::BmsStop> || std::is_same_v<T, y::ChargerStop> ||
                             std::is_same_v<T, y::BmsDemand> || std::is_same_v<T, y::BmsStatus> ||
                             std::is_same_v<T, y::ParkingLockStatus>) {
          // Kept with the pile's records for the session (vehicle data, events).
          ykc_.keep_frame(*pile_, frame_name(frame.header.type),
                          y::message_to_json(y::Message{m}).dump());
        } else {
          ++frames_refused_;
          log::warn("ykc_frame_unhandled", {{"chargePointId", pile_->charge_point_id},
                                            {"type", frame.header.type},
                                            {"name", frame_name(frame.header.type)}});
        }
      },
      frame.message);
}

std::optional<YkcSession::Pending> YkcSession::take_pending(std::uint8_t answer_type,
                                                            const std::string& key) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->answer_type == answer_type && it->key == key) {
      Pending p = *it;
      pending_.erase(it);
      return p;
    }
  }
  return std::nullopt;
}

void YkcSession::finish_command(const Pending& p, bool accepted, const std::string& detail,
                                const nlohmann::json& details) {
  // The command log keeps the shape of an OCPP answer ({"status": "Accepted"|"Rejected"},
  // the command API being the same for both protocols) with the pile's own reason.
  if (!detail.empty()) {
    log::info("ykc_command_answered", {{"chargePointId", charge_point_id()},
                                       {"commandId", p.command_id},
                                       {"accepted", accepted},
                                       {"reason", detail}});
  }
  service_.on_command_outcome(p.command_id, accepted, detail, details);
}

YkcOutput YkcSession::enqueue(const core::Command& cmd) {
  YkcOutput out;
  if (!pile_) return out;
  std::lock_guard lock(core_mutex_);
  const auto payload = json::parse(cmd.request_json, nullptr, false);
  const y::PileCode pc = y::PileCode::parse(pile_->charge_point_id).value_or(y::PileCode{});
  const auto now = clock_.now();
  if (pending_.size() >= config_.max_pending_commands) {
    service_.on_command_failed(cmd.id, "too many commands waiting for this pile");
    return out;
  }
  Pending p;
  p.command_id = cmd.id;
  p.deadline = now + config_.reply_timeout_ms;
  if (cmd.action == "RemoteStartTransaction") {
    const int gun = payload.value("connectorId", 1);
    const auto id_tag = payload.value("idTag", std::string());
    y::RemoteStart rs;
    rs.serial = ykc_.open_app_session(*pile_, gun, id_tag);
    rs.pile_code = pc;
    rs.gun = static_cast<std::uint8_t>(gun);
    rs.logical_card = ykc_.logical_card(id_tag);
    rs.balance_e2_yuan = static_cast<std::uint32_t>(
        std::clamp<std::int64_t>(ykc_.balance_fen(*pile_, id_tag), 0, 0xFFFFFFFF));
    told_balance_[gun] = rs.balance_e2_yuan;
    p.answer_type = type_code<y::RemoteStartResponse>();
    p.key = rs.serial.str();
    // The pile may answer "not plugged" first and succeed within the late-plug minute.
    p.deadline = now + std::max(config_.reply_timeout_ms, config_.late_plug_ms + 5'000);
    send(rs, out);
  } else if (cmd.action == "RemoteStopTransaction") {
    auto gun = ykc_.gun_of_transaction(payload.value("transactionId", std::int64_t{0}));
    if (!gun) {
      service_.on_command_failed(cmd.id, "the transaction is not a session of this pile");
      return out;
    }
    p.answer_type = type_code<y::RemoteStopResponse>();
    p.key = gun_key(*gun);
    send(y::RemoteStop{pc, static_cast<std::uint8_t>(*gun)}, out);
  } else if (cmd.action == "Reset") {
    y::Reboot r;
    r.pile_code = pc;
    r.when = payload.value("type", std::string("Soft")) == "Hard" ? y::ExecuteWhen::Now
                                                                  : y::ExecuteWhen::WhenIdle;
    p.answer_type = type_code<y::RebootResponse>();
    send(r, out);
  } else if (cmd.action == "ChangeAvailability") {
    y::WorkParameters w;
    w.pile_code = pc;
    w.mode = payload.value("type", std::string()) == "Inoperative" ? y::WorkMode::Disabled
                                                                   : y::WorkMode::Enabled;
    w.max_power_pct = 100;
    p.answer_type = type_code<y::WorkParametersResponse>();
    send(w, out);
  } else if (cmd.action == "UpdateFirmware") {
    auto fw = firmware_update_of(payload.value("location", std::string()), *pile_);
    if (!fw) {
      service_.on_command_failed(
          cmd.id,
          "a ykc1.6 pile fetches firmware over FTP: location must be "
          "ftp://user:password@host:port/path (host, user and password up to 16 characters, "
          "path up to 32)");
      return out;
    }
    fw->pile_code = pc;
    p.answer_type = type_code<y::FirmwareUpdateResponse>();
    send(*fw, out);
  } else if (cmd.action == "ParkingLock") {
    y::ParkingLockCommand lock;
    lock.pile_code = pc;
    lock.gun = static_cast<std::uint8_t>(payload.value("connectorId", 1));
    lock.action = payload.value("action", std::string()) == "lower" ? y::LockAction::Lower
                                                                    : y::LockAction::Raise;
    p.answer_type = type_code<y::ParkingLockResponse>();
    p.key = gun_key(lock.gun);
    send(lock, out);
  } else if (cmd.action == "QueryOfflineCards") {
    // Which of these cards the pile holds in its offline list (0x48 -> 0x47).
    y::OfflineCardQuery q{pc, {}};
    for (const auto& t : payload.value("idTags", json::array())) {
      const auto tag = t.is_string() ? t.get<std::string>() : std::string();
      auto card = ykc_.card_of_id_tag(tag);
      if (!card) {
        service_.on_command_failed(cmd.id,
                                   "id tag " + tag + " is not a YKC card number (16 hex digits)");
        return out;
      }
      q.cards.push_back(*card);
    }
    p.answer_type = type_code<y::OfflineCardQueryResponse>();
    send(q, out);
  } else if (cmd.action == "SendLocalList") {
    // Offline cards: the entries' id tags are YKC cards (16 hex digits of the 8 bytes).
    y::OfflineCardSync add{pc, {}};
    y::OfflineCardClear remove{pc, {}};
    for (const auto& e : payload.value("localAuthorizationList", json::array())) {
      const auto tag = e.value("idTag", std::string());
      auto card = ykc_.card_of_id_tag(tag);
      if (!card) {
        service_.on_command_failed(cmd.id,
                                   "id tag " + tag + " is not a YKC card number (16 hex digits)");
        return out;
      }
      const bool accepted =
          e.contains("idTagInfo") && e["idTagInfo"].value("status", std::string()) == "Accepted";
      if (accepted)
        add.cards.push_back({ykc_.logical_card(tag), *card});
      else
        remove.cards.push_back(*card);
    }
    if (!add.cards.empty()) {
      p.answer_type = type_code<y::OfflineCardSyncResponse>();
      send(add, out);
    } else {
      p.answer_type = type_code<y::OfflineCardClearResponse>();
      send(remove, out);
    }
  } else {
    service_.on_command_failed(cmd.id, cmd.action + " has no equivalent in YKC 1.6");
    return out;
  }
  service_.on_command_sent(cmd.id);
  pending_.push_back(p);
  return out;
}

void YkcSession::push_changed_balances(YkcOutput& out) {
  const bool busy =
      std::any_of(charging_.begin(), charging_.end(), [](const auto& g) { return g.second; });
  if (!busy) return;
  std::vector<SessionBalance> balances;
  {
    std::lock_guard lock(core_mutex_);
    balances = ykc_.session_balances(*pile_);
  }
  const y::PileCode pc = y::PileCode::parse(pile_->charge_point_id).value_or(y::PileCode{});
  for (const auto& b : balances) {
    if (!charging_[b.gun]) continue;
    const auto fen = std::clamp<std::int64_t>(b.fen, 0, 0xFFFFFFFF);
    auto told = told_balance_.find(b.gun);
    if (told != told_balance_.end() && told->second == fen) continue;
    told_balance_[b.gun] = fen;
    log::info("ykc_balance_pushed",
              {{"chargePointId", pile_->charge_point_id}, {"gun", b.gun}, {"balanceFen", fen}});
    send(y::BalanceUpdate{pc, static_cast<std::uint8_t>(b.gun), b.card,
                          static_cast<std::uint32_t>(fen)},
         out);
  }
}

void YkcSession::maybe_push_tariff(YkcOutput& out) {
  const bool busy =
      std::any_of(charging_.begin(), charging_.end(), [](const auto& g) { return g.second; });
  if (busy || pushing_model_) return;  // a running session keeps the model it started with
  std::optional<y::BillingModel> model;
  {
    std::lock_guard lock(core_mutex_);
    model = ykc_.billing_model(*pile_);
  }
  if (!model || (confirmed_model_ && *confirmed_model_ == model->model_no.str())) return;
  if (!confirmed_model_) return;  // the pile has not checked its model yet: it will ask
  y::BillingModelSet set;
  static_cast<y::BillingModel&>(set) = *model;
  pushing_model_ = model->model_no.str();
  log::info("ykc_tariff_pushed",
            {{"chargePointId", pile_->charge_point_id}, {"model", *pushing_model_}});
  send(set, out);
}

YkcOutput YkcSession::on_tick() {
  YkcOutput out;
  if (!pile_) return out;
  const auto now = clock_.now();
  if (now - last_heartbeat_at_ > config_.missed_heartbeats * config_.heartbeat_interval_ms) {
    out.close = true;
    out.close_reason = std::to_string(config_.missed_heartbeats) + " heartbeats missed";
    return out;
  }
  // Commands the pile never answered (or whose late-plug minute ran out).
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now < it->deadline) {
      ++it;
      continue;
    }
    std::lock_guard lock(core_mutex_);
    if (it->answer_type == type_code<y::RemoteStartResponse>()) {
      if (auto serial = y::TransactionSerial::parse(it->key))
        ykc_.app_session_failed(*pile_, *serial,
                                it->not_plugged_yet ? "gun not plugged in time" : "no answer");
    }
    if (it->not_plugged_yet) {
      finish_command(*it, false, "gun_not_plugged");
    } else {
      service_.on_command_timeout(it->command_id);
    }
    it = pending_.erase(it);
  }
  if (now >= next_time_sync_at_) send_time_sync(out);
  if (now >= next_tariff_check_at_) {
    next_tariff_check_at_ = now + config_.tariff_check_every_ms;
    maybe_push_tariff(out);
  }
  if (now >= next_balance_check_at_) {
    next_balance_check_at_ = now + config_.balance_check_every_ms;
    push_changed_balances(out);
  }
  return out;
}

void YkcSession::on_closed(const std::string& reason, bool mark_offline) {
  std::lock_guard lock(core_mutex_);
  for (const auto& p : pending_) service_.on_command_failed(p.command_id, "connection closed");
  pending_.clear();
  if (pile_ && mark_offline) service_.on_disconnected(pile_->charge_point_id, reason);
}

}  // namespace ct::ykc
