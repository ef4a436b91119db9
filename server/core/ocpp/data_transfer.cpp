#include "server/core/ocpp/data_transfer.hpp"

#include <mutex>

#include "server/core/log.hpp"
#include "server/core/ocpp/notification_handler.hpp"

namespace ct::core {
namespace {

ocpp16::DataTransferResponse with_status(ocpp16::DataTransferStatus status) {
  ocpp16::DataTransferResponse resp;
  resp.status = status;
  return resp;
}

}  // namespace

ocpp16::DataTransferResponse chargetwin_vendor(const Pile&,
                                               const ocpp16::DataTransferRequest& req) {
  if (req.message_id && *req.message_id == "echo") {
    auto resp = with_status(ocpp16::DataTransferStatus::Accepted);
    resp.data = req.data;
    return resp;
  }
  return with_status(ocpp16::DataTransferStatus::UnknownMessageId);
}

VendorRouter::VendorRouter() {
  vendors_.emplace(kBuiltinVendor, &chargetwin_vendor);
}

void VendorRouter::add(const std::string& vendor_id, DataTransferHandler handler) {
  std::unique_lock lock(mu_);
  vendors_[vendor_id] = std::move(handler);
}

nlohmann::json data_transfer_fallback() {
  return ocpp16::encode(with_status(ocpp16::DataTransferStatus::Rejected));
}

nlohmann::json VendorRouter::handle(const ServiceContext& ctx, const CallContext& call,
                                    const ocpp16::DataTransferRequest& req) const {
  keep_charger_message(ctx, call, "DataTransfer");

  DataTransferHandler handler;
  {
    std::shared_lock lock(mu_);
    auto it = vendors_.find(req.vendor_id);
    if (it != vendors_.end()) handler = it->second;
  }
  ocpp16::DataTransferResponse resp;
  if (!handler) {
    resp = with_status(ocpp16::DataTransferStatus::UnknownVendorId);
  } else {
    Pile unknown;
    unknown.charge_point_id = call.charge_point_id;
    unknown.bound = false;
    try {
      resp = handler(call.pile ? *call.pile : unknown, req);
    } catch (const std::exception& e) {
      log::error("data_transfer_handler_failed", {{"chargePointId", call.charge_point_id},
                                                  {"vendorId", req.vendor_id},
                                                  {"error", e.what()}});
      resp = with_status(ocpp16::DataTransferStatus::Rejected);
    } catch (...) {
      log::error("data_transfer_handler_failed",
                 {{"chargePointId", call.charge_point_id}, {"vendorId", req.vendor_id}});
      resp = with_status(ocpp16::DataTransferStatus::Rejected);
    }
  }
  log::info("data_transfer", {{"chargePointId", call.charge_point_id},
                              {"vendorId", req.vendor_id},
                              {"messageId", req.message_id.value_or("")},
                              {"status", ocpp16::to_string(resp.status)}});
  return ocpp16::encode(resp);
}

}  // namespace ct::core
