#include "server/ykc/ykc_service.hpp"

#include <algorithm>
#include <cstdio>

#include "protocol/ykc16/json.hpp"
#include "server/core/log.hpp"
#include "server/core/metrics.hpp"
#include "server/core/ocpp/events.hpp"
#include "server/orders/pricing.hpp"
#include "server/ykc/billing_model.hpp"

namespace ct::ykc {

namespace {

using ykc16::GunStatus;
using ykc16::PlugState;
using ykc16::StopReason;

constexpr const char* kEnergy = "Energy.Active.Import.Register";
// What a pile is told a card of no app driver may spend (a fleet card, billed outside the
// app): piles stop a session when its amount reaches the balance they were given.
constexpr std::int64_t kNoWalletCreditFen = 1'000'000;

std::string hex_of(const ykc16::PhysicalCardNo& card) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (auto b : card) {
    out += digits[b >> 4];
    out += digits[b & 0x0F];
  }
  return out;
}

}  // namespace

// A logical card number (shown on the pile's screen) for an id tag: its digits when it is a
// number, else a stable 16-digit number derived from it (FNV-1a).
ykc16::LogicalCardNo YkcService::logical_card(const std::string& id_tag) {
  if (!id_tag.empty() && id_tag.size() <= 16 &&
      std::all_of(id_tag.begin(), id_tag.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (auto l = ykc16::LogicalCardNo::parse(id_tag)) return *l;
  }
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : id_tag) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llu",
                static_cast<unsigned long long>(h % 10000000000000000ULL));
  return *ykc16::LogicalCardNo::parse(buf);
}

std::string YkcService::id_tag_of_card(const ykc16::PhysicalCardNo& card) {
  return hex_of(card);
}

std::optional<ykc16::PhysicalCardNo> YkcService::card_of_id_tag(const std::string& tag) {
  if (tag.size() != 16) return std::nullopt;
  ykc16::PhysicalCardNo card{};
  for (std::size_t i = 0; i < 8; ++i) {
    unsigned v = 0;
    for (std::size_t k = 0; k < 2; ++k) {
      const char c = tag[2 * i + k];
      const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                    : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                                                                : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(d);
    }
    card[i] = static_cast<std::uint8_t>(v);
  }
  return card;
}

namespace {

core::MeterSample sample(const core::Pile& pile, int gun, std::int64_t tx, core::UtcMillis at,
                         const char* measurand, const char* unit, std::int64_t value,
                         std::int64_t normalized) {
  core::MeterSample m;
  m.tenant_id = pile.tenant_id;
  m.pile_id = pile.id;
  m.connector_id = gun;
  m.transaction_id = tx;
  m.timestamp = at;
  m.measurand = measurand;
  m.unit = unit;
  m.context = "Sample.Periodic";
  m.value = std::to_string(value);
  m.normalized = normalized;
  return m;
}

}  // namespace

std::string connector_status_of(GunStatus status, PlugState plugged, bool after_session) {
  switch (status) {
    case GunStatus::Charging: return "Charging";
    case GunStatus::Fault: return "Faulted";
    case GunStatus::Offline: return "Unavailable";
    case GunStatus::Idle:
      if (plugged == PlugState::Plugged) return after_session ? "Finishing" : "Preparing";
      return "Available";
  }
  return "Unavailable";  // a code 1.6 does not define
}

std::string ocpp_reason_of(StopReason r) {
  switch (r) {
    case StopReason::AppRemoteStop: return "Remote";
    case StopReason::SocFull:
    case StopReason::EnergyTargetReached:
    case StopReason::AmountTargetReached:
    case StopReason::TimeTargetReached:
    case StopReason::ManualStop: return "Local";
    case StopReason::AbnormalEmergencyStop:
    case StopReason::StartEmergencyStop: return "EmergencyStop";
    case StopReason::AbnormalPilePowerLost: return "PowerLoss";
    case StopReason::AbnormalBalanceExhausted: return "DeAuthorized";
    case StopReason::AbnormalPilotLost:
    case StopReason::StartPilotLost: return "EVDisconnected";
    default: return "Other";
  }
}

YkcService::YkcService(store::SqlStore& store, bus::Bus& bus, const core::Clock& clock,
                       bool auto_accept_unknown)
    : store_(store), bus_(bus), clock_(clock), auto_accept_(auto_accept_unknown) {
  metrics::registry().describe("chargetwin_ykc_sessions_total", "counter",
                               "YKC sessions by how they ended (recorded, failed)");
}

LoginDecision YkcService::login(const ykc16::Login& l) {
  const auto cpid = l.pile_code.str();
  const auto now = clock_.now();
  store::BootInfo info;
  info.vendor = "YKC";
  info.model = l.pile_type == ykc16::PileType::Ac ? "YKC-AC" : "YKC-DC";
  info.firmware_version = l.program_version;
  info.protocol = "ykc1.6";
  LoginDecision out;
  auto pile = store_.find_pile_by_charge_point_id(cpid);
  bool created = false;
  if (!pile) {
    try {
      pile = store_.create_unbound_pile(cpid, info, now);
      created = true;
    } catch (const store::ConflictError&) {
      pile = store_.find_pile_by_charge_point_id(cpid);
      if (!pile) throw;
    }
  }
  if (!created) store_.record_boot(pile->id, info, now);
  out.pile = pile;
  if (!pile->bound || pile->tenant_id == 0) {
    out.accepted = auto_accept_;
    out.reason = created ? "unknown pile recorded as unbound" : "unbound";
  } else if (!pile->enabled) {
    out.reason = "pile disabled";
  } else if (pile->protocol != "ykc1.6") {
    out.reason = "pile is configured for " + pile->protocol;
  } else {
    auto tenant = store_.get_tenant(pile->tenant_id);
    out.accepted = tenant && tenant->enabled;
    if (!out.accepted) out.reason = "tenant disabled";
  }
  auto ev = core::make_event(now, *pile);
  auto* body = ev.mutable_boot_notified();
  body->set_registration_status(out.accepted ? "Accepted" : "Rejected");
  body->set_vendor(info.vendor);
  body->set_model(info.model);
  body->set_firmware_version(info.firmware_version);
  body->set_unbound(!pile->bound || pile->tenant_id == 0);
  bus_.publish(std::move(ev));
  log::info("ykc_login", {{"chargePointId", cpid},
                          {"pileId", pile->id},
                          {"accepted", out.accepted},
                          {"reason", out.reason},
                          {"guns", l.gun_count},
                          {"program", l.program_version}});
  return out;
}

std::optional<ykc16::BillingModel> YkcService::billing_model(const core::Pile& pile) {
  if (pile.tenant_id == 0) return std::nullopt;
  auto s = core::TenantScope::of(pile.tenant_id);
  auto tariff = orders::tariff_of_pile(store_, s, pile);
  if (!tariff) return std::nullopt;
  auto sched = orders::schedule_of(store_, s, *tariff);
  if (!sched) return std::nullopt;
  const auto* v = sched->in_force_at(clock_.now());
  if (v == nullptr) return std::nullopt;
  auto code = ykc16::PileCode::parse(pile.charge_point_id);
  if (!code) return std::nullopt;
  return billing_model_of(*v, *code);
}

void YkcService::publish_status(const core::Pile& pile, int gun, const std::string& status) {
  const auto now = clock_.now();
  core::StatusEvent ev;
  ev.tenant_id = pile.tenant_id;
  ev.pile_id = pile.id;
  ev.connector_id = gun;
  ev.status = status;
  ev.error_code = status == "Faulted" ? "OtherError" : "NoError";
  ev.timestamp = now;
  ev.received_at = now;
  store_.apply_status(ev);
  auto out = core::make_event(now, pile);
  auto* body = out.mutable_status_changed();
  body->set_connector_id(gun);
  body->set_status(status);
  body->set_error_code(ev.error_code);
  bus_.publish(std::move(out));
}

std::optional<core::Transaction> YkcService::begin_transaction(const core::Pile& pile,
                                                               store::YkcSessionRow& row,
                                                               core::UtcMillis started_at) {
  core::Transaction t;
  t.tenant_id = pile.tenant_id;
  t.pile_id = pile.id;
  t.charge_point_id = pile.charge_point_id;
  t.connector_id = row.gun;
  t.id_tag = row.id_tag;
  t.meter_start_wh = 0;  // 0x13 counts energy from the start of the session
  t.started_at = started_at;
  t.reference = row.serial;
  t = store_.create_transaction(t);
  store_.set_connector_transaction(pile.id, row.gun, t.id);
  row.transaction_id = t.id;
  row.state = "charging";
  store_.update_ykc_session(row);
  auto ev = core::make_event(clock_.now(), pile);
  auto* body = ev.mutable_transaction_started();
  body->set_transaction_id(t.id);
  body->set_connector_id(row.gun);
  body->set_id_tag(row.id_tag);
  body->set_meter_start_wh(0);
  body->set_started_at_ms(started_at);
  bus_.publish(std::move(ev));
  log::info("ykc_session_started", {{"chargePointId", pile.charge_point_id},
                                    {"transactionId", t.id},
                                    {"serial", row.serial},
                                    {"gun", row.gun},
                                    {"origin", row.origin}});
  return t;
}

void YkcService::realtime(const core::Pile& pile, const ykc16::RealtimeData& d) {
  const auto now = clock_.now();
  const int gun = d.gun;
  std::optional<store::YkcSessionRow> row;
  if (!d.serial.is_zero()) row = store_.find_ykc_session(pile.id, d.serial.str());

  // The connector's status, when it changed.
  const bool after_session = row && (row->state == "charging" || row->state == "recorded");
  const auto status = connector_status_of(d.status, d.plugged, after_session);
  std::string current;
  for (const auto& c : pile.connectors) {
    if (c.connector_id == gun) current = c.status;
  }
  if (status != current) publish_status(pile, gun, status);

  if (d.status != GunStatus::Charging || d.serial.is_zero()) return;
  if (!row) {
    // Charging under a serial the platform never issued (started while it was unreachable):
    // the session is taken as it is and billed to whoever its record names.
    store::YkcSessionRow r;
    r.tenant_id = pile.tenant_id;
    r.pile_id = pile.id;
    r.charge_point_id = pile.charge_point_id;
    r.gun = gun;
    r.serial = d.serial.str();
    r.origin = "offline";
    r.created_at = now;
    row = store_.create_ykc_session(r);
    log::warn("ykc_unknown_serial",
              {{"chargePointId", pile.charge_point_id}, {"serial", r.serial}, {"gun", gun}});
  }
  if (row->state == "authorized") begin_transaction(pile, *row, now);
  if (row->state != "charging" || !row->transaction_id) return;

  // Readings: energy counted from the session's start (0.1 Wh on the wire, Wh here), the
  // output power from voltage x current, and the SoC.
  const std::int64_t wh = d.energy_e4_kwh / 10;
  const std::int64_t power_w =
      static_cast<std::int64_t>(d.output_voltage_dv) * d.output_current_da / 100;
  std::vector<core::MeterSample> samples;
  samples.push_back(sample(pile, gun, *row->transaction_id, now, kEnergy, "Wh", wh, wh));
  samples.push_back(sample(pile, gun, *row->transaction_id, now, "Power.Active.Import", "W",
                           power_w, power_w * 1000));
  if (pile.current_type == core::CurrentType::DC && d.soc_pct > 0) {
    samples.push_back(sample(pile, gun, *row->transaction_id, now, "SoC", "Percent", d.soc_pct,
                             static_cast<std::int64_t>(d.soc_pct) * 1000));
  }
  store_.insert_meter_samples(samples);
  auto ev = core::make_event(now, pile);
  auto* body = ev.mutable_meter_sampled();
  body->set_transaction_id(*row->transaction_id);
  body->set_connector_id(gun);
  body->set_energy_wh(wh);
  body->set_energy_at_ms(now);
  body->set_power_mw(power_w * 1000);
  body->set_sample_count(static_cast<int>(samples.size()));
  bus_.publish(std::move(ev));
}

ykc16::TransactionSerial YkcService::new_serial(const core::Pile& pile, int gun) {
  // pile code + gun + local YYMMDDhhmmss + a running number (the vendor's rule).
  const auto now = clock_.now();
  auto t = ykc16::from_utc_ms(now);
  char buf[64];
  for (int attempt = 0; attempt < 10000; ++attempt) {
    running_number_ = (running_number_ + 1) % 10000;
    std::snprintf(buf, sizeof buf, "%s%02d%02d%02d%02d%02d%02d%02d%04u",
                  pile.charge_point_id.c_str(), gun % 100, t ? t->year % 100 : 0, t ? t->month : 0,
                  t ? t->day : 0, t ? t->hour : 0, t ? t->minute : 0,
                  t ? t->milliseconds / 1000 : 0, running_number_);
    if (!store_.find_ykc_session(pile.id, buf)) break;
  }
  return *ykc16::TransactionSerial::parse(buf);
}

std::int64_t YkcService::balance_fen(const core::Pile& pile, const std::string& id_tag) {
  auto s = core::TenantScope::of(pile.tenant_id);
  auto d = store_.find_driver_by_id_tag(s, id_tag);
  if (!d) return kNoWalletCreditFen;
  return std::max<std::int64_t>(0, store_.get_wallet(s, d->id).balances.available());
}

std::vector<SessionBalance> YkcService::session_balances(const core::Pile& pile) {
  std::vector<SessionBalance> out;
  auto s = core::TenantScope::of(pile.tenant_id);
  for (const auto& row : store_.ykc_sessions_in_state(pile.id, "charging")) {
    if (!row.transaction_id) continue;
    auto d = store_.find_driver_by_id_tag(s, row.id_tag);
    if (!d) continue;
    SessionBalance b;
    b.gun = row.gun;
    // A card start names its card (the pile checks the session is that card's); an app
    // start is whoever charges at the gun.
    if (row.origin == "card") b.card = card_of_id_tag(row.id_tag).value_or(ykc16::PhysicalCardNo{});
    b.fen = store_.get_wallet(s, d->id).balances.available();
    if (auto order = store_.find_order_by_transaction(*row.transaction_id))
      b.fen += order->hold_cash_fen + order->hold_gift_fen;
    b.fen = std::max<std::int64_t>(0, b.fen);
    out.push_back(b);
  }
  return out;
}

ykc16::StartAuthorization YkcService::authorize_start(const core::Pile& pile,
                                                      const ykc16::StartRequest& req) {
  using Reason = ykc16::AuthFailureReason;
  const auto now = clock_.now();
  auto s = core::TenantScope::of(pile.tenant_id);
  ykc16::StartAuthorization out;
  out.pile_code = *ykc16::PileCode::parse(pile.charge_point_id);
  out.gun = req.gun;
  out.result = ykc16::SuccessFlag::Failure;

  // Who is starting: the card's id tag (its 8 bytes as 16 hex digits), or the driver whose
  // vehicle the VIN is.
  std::string id_tag;
  std::optional<drivers::Driver> driver;
  if (req.start_mode == ykc16::StartMode::Vin) {
    auto v = store_.find_vehicle_by_vin(s, req.vin);
    if (v) driver = store_.get_driver(s, v->driver_id);
    if (!driver || driver->deleted) {
      out.reason = Reason::VinNotRegistered;
      return out;
    }
    id_tag = driver->id_tag;
  } else {
    id_tag = hex_of(req.card);
  }
  auto tag = store_.find_id_tag(s, id_tag);
  if (!tag) {
    out.reason = Reason::AccountNotFound;
    return out;
  }
  if (tag->status != "Accepted" || (tag->expiry && *tag->expiry <= now)) {
    out.reason = Reason::AccountFrozen;
    return out;
  }
  if (!pile.enabled) {
    out.reason = Reason::PileDisabled;
    return out;
  }
  if (!driver) driver = store_.find_driver_by_id_tag(s, id_tag);
  std::int64_t balance = kNoWalletCreditFen;
  if (driver) {
    store::OrderFilter unpaid;
    unpaid.driver_id = driver->id;
    unpaid.unpaid_only = true;
    unpaid.page.limit = 1;
    if (store_.list_orders(s, unpaid).total > 0) {
      out.reason = Reason::CardHasUnsettledRecord;
      return out;
    }
    balance = store_.get_wallet(s, driver->id).balances.available();
    if (balance < store_.get_tenant_policy(s).min_start_balance_fen) {
      out.reason = Reason::InsufficientBalance;
      return out;
    }
  }
  out.serial = new_serial(pile, req.gun);
  out.logical_card = logical_card(id_tag);
  out.balance_e2_yuan =
      static_cast<std::uint32_t>(std::clamp<std::int64_t>(balance, 0, 0xFFFFFFFF));
  out.result = ykc16::SuccessFlag::Success;
  out.reason = Reason::None;
  store::YkcSessionRow row;
  row.tenant_id = pile.tenant_id;
  row.pile_id = pile.id;
  row.charge_point_id = pile.charge_point_id;
  row.gun = req.gun;
  row.serial = out.serial.str();
  row.id_tag = id_tag;
  row.origin = req.start_mode == ykc16::StartMode::Vin ? "vin" : "card";
  row.created_at = now;
  store_.create_ykc_session(row);
  return out;
}

ykc16::TransactionSerial YkcService::open_app_session(const core::Pile& pile, int gun,
                                                      const std::string& id_tag) {
  auto serial = new_serial(pile, gun);
  store::YkcSessionRow row;
  row.tenant_id = pile.tenant_id;
  row.pile_id = pile.id;
  row.charge_point_id = pile.charge_point_id;
  row.gun = gun;
  row.serial = serial.str();
  row.id_tag = id_tag;
  row.origin = "app";
  row.created_at = clock_.now();
  store_.create_ykc_session(row);
  return serial;
}

void YkcService::app_session_started(const core::Pile& pile,
                                     const ykc16::TransactionSerial& serial) {
  auto row = store_.find_ykc_session(pile.id, serial.str());
  if (!row || row->state != "authorized") return;
  begin_transaction(pile, *row, clock_.now());
}

void YkcService::app_session_failed(const core::Pile& pile, const ykc16::TransactionSerial& serial,
                                    const std::string& why) {
  auto row = store_.find_ykc_session(pile.id, serial.str());
  if (!row || row->state != "authorized") return;
  row->state = "failed";
  store_.update_ykc_session(*row);
  metrics::registry().inc("chargetwin_ykc_sessions_total", {{"end", "failed"}});
  log::info("ykc_session_failed",
            {{"chargePointId", pile.charge_point_id}, {"serial", row->serial}, {"why", why}});
}

std::optional<int> YkcService::gun_of_transaction(std::int64_t transaction_id) {
  auto row = store_.ykc_session_of_transaction(transaction_id);
  if (!row) return std::nullopt;
  return row->gun;
}

ykc16::TransactionRecordAck YkcService::transaction_record(const core::Pile& pile,
                                                           const ykc16::TransactionRecord& rec) {
  const auto now = clock_.now();
  ykc16::TransactionRecordAck ack;
  ack.serial = rec.serial;
  ack.result = ykc16::RecordAckResult::Accepted;
  auto row = store_.find_ykc_session(pile.id, rec.serial.str());
  if (row && row->state == "recorded") {
    // The pile resends until it sees 0x40: acknowledged again, nothing changes.
    row->records_received += 1;
    store_.update_ykc_session(*row);
    return ack;
  }
  const auto record_json = ykc16::message_to_json(ykc16::Message{rec}).dump();
  const auto start = ykc16::to_utc_ms(rec.start_time).value_or(now);
  auto stop = ykc16::to_utc_ms(rec.end_time).value_or(now);
  if (!row) {
    // A session the platform never saw start (offline, or started before this server knew
    // the pile): it becomes a transaction now, under the card it names.
    store::YkcSessionRow r;
    r.tenant_id = pile.tenant_id;
    r.pile_id = pile.id;
    r.charge_point_id = pile.charge_point_id;
    r.gun = rec.gun;
    r.serial = rec.serial.str();
    r.id_tag = hex_of(rec.physical_card);
    r.origin = "offline";
    r.created_at = now;
    row = store_.create_ykc_session(r);
  }
  if (row->state == "authorized" || row->state == "failed" || !row->transaction_id) {
    begin_transaction(pile, *row, start);
  }
  auto tx = store_.get_transaction_of_pile(pile.id, *row->transaction_id);
  if (tx) stop = std::max(stop, tx->started_at);
  const std::int64_t energy_wh = rec.energy_e4_kwh / 10;
  store::StopInfo info;
  info.meter_stop_wh = energy_wh;
  info.stopped_at = stop;
  info.reason = ocpp_reason_of(rec.stop_reason);
  info.id_tag = row->id_tag;
  const bool stopped = store_.stop_transaction(pile.id, *row->transaction_id, info);
  store_.set_connector_transaction(pile.id, row->gun, std::nullopt);
  row->state = "recorded";
  row->record_json = record_json;
  row->records_received += 1;
  store_.update_ykc_session(*row);
  metrics::registry().inc("chargetwin_ykc_sessions_total", {{"end", "recorded"}});
  if (stopped) {
    auto ev = core::make_event(now, pile);
    auto* body = ev.mutable_transaction_stopped();
    body->set_transaction_id(*row->transaction_id);
    body->set_connector_id(row->gun);
    body->set_meter_stop_wh(energy_wh);
    body->set_energy_wh(energy_wh);
    body->set_reason(info.reason);
    body->set_stopped_at_ms(stop);
    body->set_charger_bill_json(record_json);
    body->set_charger_amount_e4(rec.amount_e4_yuan);
    bus_.publish(std::move(ev));
  }
  log::info("ykc_transaction_record",
            {{"chargePointId", pile.charge_point_id},
             {"transactionId", *row->transaction_id},
             {"serial", row->serial},
             {"energyWh", energy_wh},
             {"amountE4", rec.amount_e4_yuan},
             {"stopReason", std::string(ykc16::to_string(rec.stop_reason))}});
  return ack;
}

std::optional<core::Pile> YkcService::reload(core::Id pile_id) {
  return store_.get_pile_by_id(pile_id);
}

void YkcService::touch(const core::Pile& pile) {
  store_.touch_heartbeat(pile.id, clock_.now());
}

void YkcService::keep_frame(const core::Pile& pile, const std::string& kind,
                            const std::string& json) {
  core::ChargerMessage m;
  m.tenant_id = pile.tenant_id;
  m.pile_id = pile.id;
  m.action = "ykc:" + kind;
  m.payload_json = json;
  m.received_at = clock_.now();
  store_.insert_charger_message(m);
}

}  // namespace ct::ykc
