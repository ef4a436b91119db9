// DataTransfer routing by vendorId. Every DataTransfer is logged and kept verbatim.
// Unknown vendor -> UnknownVendorId. The built-in vendor "ChargeTwin" answers
// messageId "echo" with Accepted and the same data, any other messageId with
// UnknownMessageId. A vendor handler that throws is answered Rejected (logged).
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <shared_mutex>
#include <string>

#include "protocol/ocpp16/messages.hpp"
#include "server/core/ocpp/service_context.hpp"

namespace ct::core {

using DataTransferHandler =
    std::function<ocpp16::DataTransferResponse(const Pile&, const ocpp16::DataTransferRequest&)>;

inline constexpr const char* kBuiltinVendor = "ChargeTwin";

ocpp16::DataTransferResponse chargetwin_vendor(const Pile& pile,
                                               const ocpp16::DataTransferRequest& req);

class VendorRouter {
 public:
  VendorRouter();  // registers the built-in vendor
  void add(const std::string& vendor_id, DataTransferHandler handler);  // replaces
  nlohmann::json handle(const ServiceContext& ctx, const CallContext& call,
                        const ocpp16::DataTransferRequest& req) const;

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, DataTransferHandler> vendors_;
};

// The answer when the store fails.
nlohmann::json data_transfer_fallback();

}  // namespace ct::core
