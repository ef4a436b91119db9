// What the CSMS does for a 云快充 (YKC) 1.6 pile, sans-IO: the business half of the YKC
// gateway (ykc_session.hpp is the protocol half). It maps YKC onto the same records and
// events as OCPP, so that stations, tariffs, orders, wallets and the API work the same
// whichever protocol a pile speaks (docs/ykc.md, "Mapping"):
//
//   pile code (14 digits)        = chargePointId, protocol "ykc1.6"
//   gun n                        = connector n
//   gun status in 0x13           -> StatusNotification-like status (Available, Preparing,
//                                   Charging, Finishing, Faulted, Unavailable)
//   transaction serial (32)      -> a CSMS transaction (ykc_sessions links the two)
//   0x13 energy since the start  -> meter samples (Energy.Active.Import.Register counted
//                                   from 0 at the start, Power, SoC)
//   0x3B transaction record      -> the transaction's stop; the pile's own bill is kept
//                                   beside the platform's (TransactionStopped carries it)
//
// Every method is called with the core mutex held (like ChargePointService) and never
// throws on the pile's data; store failures propagate to the session, which logs them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/ykc16/messages.hpp"
#include "server/bus/bus.hpp"
#include "server/core/clock.hpp"
#include "server/core/model.hpp"
#include "server/store/sql_store.hpp"

namespace ct::ykc {

// What a charging gun's driver may spend on the session now (0x42): the wallet's available
// balance plus what the session's order already holds.
struct SessionBalance {
  int gun = 0;
  ykc16::PhysicalCardNo card{};  // the session's card; zero for an app start (whoever charges)
  std::int64_t fen = 0;
};

struct LoginDecision {
  bool accepted = false;
  std::optional<core::Pile> pile;
  std::string reason;  // when refused, for the log
};

// A gun's status as a CSMS connector status.
std::string connector_status_of(ykc16::GunStatus status, ykc16::PlugState plugged,
                                bool after_session);
// The OCPP stop reason a YKC stop reason corresponds to (Remote, Local, EmergencyStop,
// PowerLoss, DeAuthorized, EVDisconnected, Other).
std::string ocpp_reason_of(ykc16::StopReason reason);

class YkcService {
 public:
  YkcService(store::SqlStore& store, bus::Bus& bus, const core::Clock& clock,
             bool auto_accept_unknown = false);

  // 0x01: unknown pile codes become unbound piles (refused until an operator binds them,
  // or accepted with auto_accept_unknown); disabled piles and tenants are refused.
  LoginDecision login(const ykc16::Login& login);

  // The billing model a pile is sent (0x0A, 0x58): its tariff version in force now.
  // nullopt when nothing prices the pile.
  std::optional<ykc16::BillingModel> billing_model(const core::Pile& pile);

  // 0x13: the gun's status and, while a session runs, its meter readings.
  void realtime(const core::Pile& pile, const ykc16::RealtimeData& data);

  // 0x31: a card swipe or VIN at the pile. The answer carries the serial the platform
  // gives the session.
  ykc16::StartAuthorization authorize_start(const core::Pile& pile, const ykc16::StartRequest& req);

  // 0x34 about to be sent for an app start: the serial of the new session, remembered with
  // the id tag it runs under.
  ykc16::TransactionSerial open_app_session(const core::Pile& pile, int gun,
                                            const std::string& id_tag);
  // 0x33 success: the session has started.
  void app_session_started(const core::Pile& pile, const ykc16::TransactionSerial& serial);
  // 0x33 failure (after the late-plug minute) or no answer: the session never started.
  void app_session_failed(const core::Pile& pile, const ykc16::TransactionSerial& serial,
                          const std::string& why);

  // 0x3B: closes the transaction (creating it first for a session the platform never saw
  // start, such as an offline one) and stores the pile's record. Idempotent by serial: a
  // resent record is acknowledged again and changes nothing.
  ykc16::TransactionRecordAck transaction_record(const core::Pile& pile,
                                                 const ykc16::TransactionRecord& record);

  // The gun of a transaction (RemoteStopTransaction names the transaction).
  std::optional<int> gun_of_transaction(std::int64_t transaction_id);
  // What the pile is told the id tag may spend, in fen (0x32, 0x34): the driver's
  // available balance, or a fixed credit for a card of no app driver.
  std::int64_t balance_fen(const core::Pile& pile, const std::string& id_tag);
  // The spendable balance of every session charging at the pile whose driver has a wallet
  // (a card of no app driver keeps its fixed credit, so it is left out).
  std::vector<SessionBalance> session_balances(const core::Pile& pile);

  // The pile's row as stored now (its connectors' statuses change with every 0x13).
  std::optional<core::Pile> reload(core::Id pile_id);
  // Any frame from a logged-in pile: it is alive (lastHeartbeatAt).
  void touch(const core::Pile& pile);
  // The logical card number (16 digits) an id tag is shown as on the pile.
  static ykc16::LogicalCardNo logical_card(const std::string& id_tag);
  // A YKC card's id tag is its 8 bytes as 16 hex digits (what 0x31 and 0x3B carry); nullopt
  // for any other id tag.
  static std::optional<ykc16::PhysicalCardNo> card_of_id_tag(const std::string& tag);
  static std::string id_tag_of_card(const ykc16::PhysicalCardNo& card);

  // BMS and other frames kept for the session's record (charger_messages).
  void keep_frame(const core::Pile& pile, const std::string& kind, const std::string& json);

 private:
  ykc16::TransactionSerial new_serial(const core::Pile& pile, int gun);
  std::optional<core::Transaction> begin_transaction(const core::Pile& pile,
                                                     store::YkcSessionRow& row,
                                                     core::UtcMillis started_at);
  void publish_status(const core::Pile& pile, int gun, const std::string& status);

  store::SqlStore& store_;
  bus::Bus& bus_;
  const core::Clock& clock_;
  bool auto_accept_;
  std::uint32_t running_number_ = 0;
};

}  // namespace ct::ykc
