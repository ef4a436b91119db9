// The seam to a payment provider (WeChat Pay, Alipay, a bank; the sandbox here). A
// provider creates a payment the app then pays in the provider's own UI, and later tells
// the server what happened with a signed notification to the server's notification
// endpoint, repeating it until the server acknowledges. Refunds go the same way back.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "server/wallet/payment.hpp"

namespace ct::wallet {

// What the provider reports about one of our payments.
struct ProviderNotice {
  enum class Kind { Payment, Refund } kind = Kind::Payment;
  std::string provider_order_id;  // ours, as given to the provider
  std::string provider_txn_id;    // theirs: the idempotency key of the credit
  Fen amount_fen = 0;
  bool success = false;
  std::string detail;  // the provider's words, for people
};

struct NoticeRefusal {
  std::string why;  // bad signature, unparsable body, ...
};

class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;
  virtual std::string name() const = 0;
  // Registers a payment with the provider; returns what the app needs to pay it (a pay
  // URL or the provider's prepay parameters).
  virtual nlohmann::json create_payment(const Payment& p) = 0;
  // Asks the provider to pay `refund.amount_fen` back to the driver.
  virtual void create_refund(const Payment& refund) = 0;
  // Verifies and reads a notification as it arrived over HTTP (headers lower-cased).
  virtual std::variant<ProviderNotice, NoticeRefusal> read_notice(
      const std::map<std::string, std::string>& headers, const std::string& body) = 0;
  // The body the provider expects back, so that it stops repeating the notification.
  virtual std::string acknowledgement(bool accepted, const std::string& message) const = 0;
};

}  // namespace ct::wallet
