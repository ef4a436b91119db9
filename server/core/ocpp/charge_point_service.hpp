// The sans-IO OCPP 1.6J charge-point service: everything the CSMS does when a charger
// talks to it, plus the bookkeeping of server-initiated command results. No sockets,
// threads or wall clock: the gateway calls in with decoded frames and sends what comes
// back; time comes from the injected Clock. Safe to call from several connections'
// threads at once (it keeps no per-charger state; the Store serialises writes), but
// one charger's calls are expected in order, as the gateway reads them.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "protocol/ocpp16/messages.hpp"
#include "protocol/ocpp16/rpc.hpp"
#include "server/core/ocpp/admission.hpp"
#include "server/core/ocpp/data_transfer.hpp"
#include "server/core/ocpp/service_context.hpp"

namespace ct::core {

class ChargePointService {
 public:
  using DataTransferHandler = ct::core::DataTransferHandler;
  using CallOutcome = std::variant<nlohmann::json, ocpp16::CallError>;

  ChargePointService(store::Store& store, const Clock& clock, bus::Bus& bus, ChargePointConfig cfg);
  ~ChargePointService();
  ChargePointService(const ChargePointService&) = delete;
  ChargePointService& operator=(const ChargePointService&) = delete;

  // WebSocket handshake check; rules in admission.hpp. Never throws (store failure: 503).
  Admission admit(const std::string& charge_point_id, const std::optional<std::string>& basic_user,
                  const std::optional<std::string>& basic_password);
  // Marks the pile online/offline and publishes ChargerConnected/ChargerDisconnected
  // (also for a charger without a pile row: tenant 0, pile 0). Never throw.
  void on_connected(const std::string& charge_point_id, const std::string& remote);
  void on_disconnected(const std::string& charge_point_id, const std::string& reason);

  // One charger-initiated CALL -> the CALLRESULT payload, or a CALLERROR. Never throws.
  //  unknown action                                   -> NotImplemented
  //  action the Central System initiates              -> NotSupported
  //  payload fails the schema                         -> the validation's code
  //  unexpected exception                             -> InternalError (logged)
  //  store failure: the protocol's own answer (Boot Pending, idTagInfo Invalid, {}),
  //  except Start/StopTransaction and MeterValues -> InternalError, so the charger
  //  retries them (TransactionMessageAttempts) instead of losing the transaction.
  CallOutcome handle_call(const std::string& charge_point_id, const ocpp16::Call& call);

  // Server-initiated command bookkeeping; rules in command_results.hpp. Never throw.
  void on_command_sent(Id command_id);
  void on_command_result(Id command_id, const nlohmann::json& payload);
  void on_command_error(Id command_id, const ocpp16::CallError& err);
  void on_command_timeout(Id command_id);
  void on_command_failed(Id command_id, const std::string& why);
  // A non-OCPP gateway's answer (YKC): accepted or rejected, with the charger's reason and
  // what else the answer carried (fields merged into the stored response, e.g. "cards").
  void on_command_outcome(Id command_id, bool accepted, const std::string& reason,
                          const nlohmann::json& details = nlohmann::json::object());

  // DataTransfer routing by vendorId (replaces an earlier registration).
  void register_vendor(const std::string& vendor_id, DataTransferHandler handler);

  const ChargePointConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ct::core
