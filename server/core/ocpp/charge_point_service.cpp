#include "server/core/ocpp/charge_point_service.hpp"

#include <map>

#include "protocol/ocpp16/actions.hpp"
#include "protocol/ocpp16/error_code.hpp"
#include "protocol/ocpp16/validation.hpp"
#include "server/core/log.hpp"
#include "server/core/ocpp/authorize.hpp"
#include "server/core/ocpp/boot_handler.hpp"
#include "server/core/ocpp/call_rejection.hpp"
#include "server/core/ocpp/command_results.hpp"
#include "server/core/ocpp/events.hpp"
#include "server/core/ocpp/notification_handler.hpp"
#include "server/core/ocpp/status_handler.hpp"
#include "server/core/ocpp/transaction_handler.hpp"

namespace ct::core {
namespace {

using CallOutcome = ChargePointService::CallOutcome;

ocpp16::CallError call_error(const std::string& unique_id, ocpp16::ErrorCode code,
                             std::string description) {
  ocpp16::CallError err;
  err.unique_id = unique_id;
  err.code = code;
  err.description = std::move(description);
  err.details = nlohmann::json::object();
  return err;
}

// One row of the dispatch table.
struct Route {
  // Decodes the payload, loads the pile and runs the handler.
  std::function<CallOutcome(CallContext&)> run;
  // The protocol's own answer when the store fails; empty: InternalError.
  std::function<nlohmann::json()> on_store_error;
};

}  // namespace

struct ChargePointService::Impl {
  Impl(store::Store& store, const Clock& clock, bus::Bus& bus, ChargePointConfig c)
      : cfg(c), ctx{store, clock, bus, cfg}, commands(ctx) {
    build_routes();
  }

  ChargePointConfig cfg;
  ServiceContext ctx;
  VendorRouter vendors;
  CommandResults commands;
  std::map<ocpp16::Action, Route> routes;

  // Loads the charger's pile and records the contact (every inbound CALL counts).
  void prepare(CallContext& call) {
    call.pile = ctx.store.find_pile_by_charge_point_id(call.charge_point_id);
    if (!call.pile) return;
    try {
      ctx.store.touch_heartbeat(call.pile->id, call.received_at);
      call.pile->last_heartbeat_at = call.received_at;
    } catch (const store::StoreError& e) {
      log::warn("touch_heartbeat_failed",
                {{"chargePointId", call.charge_point_id}, {"error", e.what()}});
    }
  }

  template <class Req, class Fn>
  void add(ocpp16::Action action, Fn fn, std::function<nlohmann::json()> on_store_error) {
    routes[action] = Route{
        [this, fn](CallContext& call) -> CallOutcome {
          auto decoded = ocpp16::decode<Req>(*call.payload);
          if (auto* bad = std::get_if<ocpp16::ValidationError>(&decoded)) {
            std::string what = bad->path.empty() ? bad->message : bad->path + ": " + bad->message;
            log::warn("call_invalid", {{"chargePointId", call.charge_point_id},
                                       {"uniqueId", call.unique_id},
                                       {"code", ocpp16::to_string(bad->code)},
                                       {"error", what}});
            return call_error(call.unique_id, bad->code, what);
          }
          prepare(call);
          return fn(call, std::get<Req>(decoded));
        },
        std::move(on_store_error)};
  }

  void build_routes() {
    using ocpp16::Action;
    const ServiceContext& c = ctx;
    auto empty = [] { return nlohmann::json::object(); };
    add<ocpp16::BootNotificationRequest>(
        Action::BootNotification,
        [&c](CallContext& call, const auto& req) { return handle_boot_notification(c, call, req); },
        [&c] { return boot_fallback(c); });
    add<ocpp16::HeartbeatRequest>(
        Action::Heartbeat,
        [&c](CallContext& call, const auto& req) { return handle_heartbeat(c, call, req); },
        [&c] { return handle_heartbeat(c, CallContext{}, ocpp16::HeartbeatRequest{}); });
    add<ocpp16::StatusNotificationRequest>(
        Action::StatusNotification,
        [&c](CallContext& call, const auto& req) {
          return handle_status_notification(c, call, req);
        },
        empty);
    add<ocpp16::AuthorizeRequest>(
        Action::Authorize,
        [&c](CallContext& call, const auto& req) { return handle_authorize(c, call, req); },
        [] {
          ocpp16::AuthorizeResponse resp;
          resp.id_tag_info = invalid_id_tag_info();
          return ocpp16::encode(resp);
        });
    add<ocpp16::StartTransactionRequest>(
        Action::StartTransaction,
        [&c](CallContext& call, const auto& req) { return handle_start_transaction(c, call, req); },
        nullptr);
    add<ocpp16::StopTransactionRequest>(
        Action::StopTransaction,
        [&c](CallContext& call, const auto& req) { return handle_stop_transaction(c, call, req); },
        nullptr);
    add<ocpp16::MeterValuesRequest>(
        Action::MeterValues,
        [&c](CallContext& call, const auto& req) { return handle_meter_values(c, call, req); },
        nullptr);
    add<ocpp16::DataTransferRequest>(
        Action::DataTransfer,
        [this](CallContext& call, const auto& req) { return vendors.handle(ctx, call, req); },
        [] { return data_transfer_fallback(); });
    add<ocpp16::FirmwareStatusNotificationRequest>(
        Action::FirmwareStatusNotification,
        [&c](CallContext& call, const auto& req) { return handle_firmware_status(c, call, req); },
        empty);
    add<ocpp16::DiagnosticsStatusNotificationRequest>(
        Action::DiagnosticsStatusNotification,
        [&c](CallContext& call, const auto& req) {
          return handle_diagnostics_status(c, call, req);
        },
        empty);
  }

  CallOutcome handle(const std::string& charge_point_id, const ocpp16::Call& call) {
    auto action = ocpp16::action_from_string(call.action);
    if (!action) {
      log::warn("call_unknown_action", {{"chargePointId", charge_point_id},
                                        {"uniqueId", call.unique_id},
                                        {"action", call.action}});
      return call_error(call.unique_id, ocpp16::ErrorCode::NotImplemented,
                        "unknown action '" + call.action + "'");
    }
    if (ocpp16::initiator(*action) == ocpp16::Initiator::CentralSystem) {
      log::warn("call_wrong_direction", {{"chargePointId", charge_point_id},
                                         {"uniqueId", call.unique_id},
                                         {"action", call.action}});
      return call_error(call.unique_id, ocpp16::ErrorCode::NotSupported,
                        call.action + " is initiated by the Central System, not the charger");
    }
    auto route = routes.find(*action);
    if (route == routes.end()) {
      return call_error(call.unique_id, ocpp16::ErrorCode::NotImplemented,
                        call.action + " is not implemented");
    }

    CallContext ctx_call;
    ctx_call.charge_point_id = charge_point_id;
    ctx_call.unique_id = call.unique_id;
    ctx_call.received_at = ctx.clock.now();
    ctx_call.payload = &call.payload;
    nlohmann::json fields = {
        {"chargePointId", charge_point_id}, {"uniqueId", call.unique_id}, {"action", call.action}};
    try {
      return route->second.run(ctx_call);
    } catch (const CallRejected& e) {
      fields["error"] = e.what();
      log::warn("call_invalid", std::move(fields));
      return call_error(call.unique_id, e.code(), e.what());
    } catch (const store::StoreError& e) {
      fields["error"] = e.what();
      if (route->second.on_store_error) {
        log::error("call_store_failure_answered", std::move(fields));
        try {
          return route->second.on_store_error();
        } catch (const std::exception&) {
        }
      } else {
        log::error("call_store_failure", std::move(fields));
      }
      return call_error(call.unique_id, ocpp16::ErrorCode::InternalError,
                        "temporary server failure, retry later");
    } catch (const std::exception& e) {
      fields["error"] = e.what();
      log::error("call_failed", std::move(fields));
      return call_error(call.unique_id, ocpp16::ErrorCode::InternalError, "internal error");
    } catch (...) {
      log::error("call_failed", std::move(fields));
      return call_error(call.unique_id, ocpp16::ErrorCode::InternalError, "internal error");
    }
  }

  // Runs a bookkeeping step; the gateway must never see an exception from here.
  template <class Fn>
  void guarded(const char* what, Id command_id, Fn fn) {
    try {
      fn();
    } catch (const std::exception& e) {
      log::error("command_bookkeeping_failed",
                 {{"step", what}, {"commandId", command_id}, {"error", e.what()}});
    } catch (...) {
      log::error("command_bookkeeping_failed", {{"step", what}, {"commandId", command_id}});
    }
  }

  void connection(const std::string& charge_point_id, bool online, const std::string& detail) {
    try {
      auto pile = ctx.store.find_pile_by_charge_point_id(charge_point_id);
      if (pile) ctx.store.set_online(pile->id, online);
      auto ev = pile ? make_event(ctx.clock.now(), *pile)
                     : make_event(ctx.clock.now(), 0, 0, charge_point_id);
      if (online) {
        ev.mutable_charger_connected()->set_remote(detail);
      } else {
        ev.mutable_charger_disconnected()->set_reason(detail);
      }
      ctx.bus.publish(std::move(ev));
      log::info(online ? "charger_connected" : "charger_disconnected",
                {{"chargePointId", charge_point_id},
                 {"pileId", pile ? pile->id : 0},
                 {online ? "remote" : "reason", detail}});
    } catch (const std::exception& e) {
      log::error(online ? "charger_connected_failed" : "charger_disconnected_failed",
                 {{"chargePointId", charge_point_id}, {"error", e.what()}});
    }
  }
};

ChargePointService::ChargePointService(store::Store& store, const Clock& clock, bus::Bus& bus,
                                       ChargePointConfig cfg)
    : impl_(std::make_unique<Impl>(store, clock, bus, cfg)) {}

ChargePointService::~ChargePointService() = default;

const ChargePointConfig& ChargePointService::config() const {
  return impl_->cfg;
}

Admission ChargePointService::admit(const std::string& charge_point_id,
                                    const std::optional<std::string>& basic_user,
                                    const std::optional<std::string>& basic_password) {
  try {
    std::optional<Pile> pile;
    if (valid_charge_point_id(charge_point_id)) {
      pile = impl_->ctx.store.find_pile_by_charge_point_id(charge_point_id);
    }
    Admission a = decide_admission(pile, charge_point_id, basic_user, basic_password);
    (a.allowed ? log::info : log::warn)("admission", {{"chargePointId", charge_point_id},
                                                      {"allowed", a.allowed},
                                                      {"httpStatus", a.http_status},
                                                      {"reason", a.reason}});
    return a;
  } catch (const std::exception& e) {
    log::error("admission_failed", {{"chargePointId", charge_point_id}, {"error", e.what()}});
    return {false, 503, "temporarily unavailable"};
  }
}

void ChargePointService::on_connected(const std::string& charge_point_id,
                                      const std::string& remote) {
  impl_->connection(charge_point_id, true, remote);
}

void ChargePointService::on_disconnected(const std::string& charge_point_id,
                                         const std::string& reason) {
  impl_->connection(charge_point_id, false, reason);
}

ChargePointService::CallOutcome ChargePointService::handle_call(const std::string& charge_point_id,
                                                                const ocpp16::Call& call) {
  try {
    return impl_->handle(charge_point_id, call);
  } catch (...) {
    return call_error(call.unique_id, ocpp16::ErrorCode::InternalError, "internal error");
  }
}

void ChargePointService::on_command_sent(Id command_id) {
  impl_->guarded("sent", command_id, [&] { impl_->commands.sent(command_id); });
}

void ChargePointService::on_command_result(Id command_id, const nlohmann::json& payload) {
  impl_->guarded("result", command_id, [&] { impl_->commands.result(command_id, payload); });
}

void ChargePointService::on_command_error(Id command_id, const ocpp16::CallError& err) {
  impl_->guarded("error", command_id, [&] { impl_->commands.error(command_id, err); });
}

void ChargePointService::on_command_timeout(Id command_id) {
  impl_->guarded("timeout", command_id, [&] { impl_->commands.timeout(command_id); });
}

void ChargePointService::on_command_outcome(Id command_id, bool accepted, const std::string& reason,
                                            const nlohmann::json& details) {
  impl_->guarded("outcome", command_id,
                 [&] { impl_->commands.outcome(command_id, accepted, reason, details); });
}

void ChargePointService::on_command_failed(Id command_id, const std::string& why) {
  impl_->guarded("failed", command_id, [&] { impl_->commands.failed(command_id, why); });
}

void ChargePointService::register_vendor(const std::string& vendor_id,
                                         DataTransferHandler handler) {
  impl_->vendors.add(vendor_id, std::move(handler));
}

}  // namespace ct::core
