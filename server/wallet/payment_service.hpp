// Money into and out of drivers' wallets through a payment provider, and the operator's
// own wallet movements (gifts, manual adjustments). Every movement is posted through the
// WalletStore's journal (ledger.hpp).
//
//  * Recharge: a pending Payment is stored and registered with the provider; its signed
//    notification credits the wallet once, in the same database transaction that marks
//    the payment paid and records the provider's transaction id (unique per provider), so
//    a repeated notification changes nothing and is acknowledged again. A notification
//    whose amount differs from the payment's is refused and logged. After a credit, the
//    driver's unpaid orders are paid from the new balance, oldest first.
//  * Refund of unused recharged money: the amount moves from cash to refunding at once
//    (it can no longer be spent); with the tenant's refund_needs_approval an operator
//    approves or rejects it, then the provider pays it out and notifies; a rejection or a
//    failed payout moves it back to cash.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "server/core/clock.hpp"
#include "server/orders/order_service.hpp"
#include "server/store/driver_store.hpp"
#include "server/store/store.hpp"
#include "server/store/wallet_store.hpp"
#include "server/wallet/payment_provider.hpp"

namespace ct::wallet {

enum class PaymentErrorCode { NotFound, Invalid, Conflict, InsufficientBalance, UnknownProvider };

struct PaymentError {
  PaymentErrorCode code = PaymentErrorCode::Invalid;
  std::string message;
  std::string field;  // the request field at fault, when there is one
};

template <class T>
using PaymentResult = std::variant<T, PaymentError>;

// Bounds of one recharge (fen): 1 yuan .. 5,000 yuan.
inline constexpr Fen kMinRechargeFen = 100;
inline constexpr Fen kMaxRechargeFen = 500'000;
// Bounds of an operator's gift or adjustment (fen).
inline constexpr Fen kMaxManualFen = 10'000'000;

struct RechargeStarted {
  Payment payment;
  nlohmann::json pay;  // what the app needs to pay: the provider's parameters
};

// The HTTP answer to a provider's notification.
struct NoticeAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

class PaymentService {
 public:
  PaymentService(store::Store& store, store::WalletStore& wallets, store::DriverStore& drivers,
                 orders::OrderService& orders, const core::Clock& clock);

  // Providers by name; the service does not own them.
  void add_provider(PaymentProvider& provider);
  PaymentProvider* provider(const std::string& name) const;

  PaymentResult<RechargeStarted> create_recharge(const core::TenantScope& s, Id driver_id,
                                                 Fen amount_fen, const std::string& provider);
  NoticeAnswer handle_notice(const std::string& provider,
                             const std::map<std::string, std::string>& headers,
                             const std::string& body);

  PaymentResult<RefundRequest> request_refund(const core::TenantScope& s, Id driver_id,
                                              Fen amount_fen, const std::string& reason);
  PaymentResult<RefundRequest> approve_refund(const core::TenantScope& s, Id refund_id,
                                              const std::string& actor, const std::string& note);
  PaymentResult<RefundRequest> reject_refund(const core::TenantScope& s, Id refund_id,
                                             const std::string& actor, const std::string& note);

  PaymentResult<WalletBalances> gift(const core::TenantScope& s, Id driver_id, Fen amount_fen,
                                     const std::string& memo, const std::string& actor);
  PaymentResult<WalletBalances> adjust(const core::TenantScope& s, Id driver_id, Fen amount_fen,
                                       const std::string& reason, const std::string& actor);

 private:
  PaymentResult<RefundRequest> pay_out(const core::TenantScope& s, RefundRequest r);
  NoticeAnswer on_payment_notice(PaymentProvider& p, const ProviderNotice& n);
  NoticeAnswer on_refund_notice(PaymentProvider& p, const ProviderNotice& n);

  store::Store& store_;
  store::WalletStore& wallets_;
  store::DriverStore& drivers_;
  orders::OrderService& orders_;
  const core::Clock& clock_;
  std::map<std::string, PaymentProvider*> providers_;
  std::mutex mu_;  // one notification or refund decision at a time
};

const char* to_string(PaymentErrorCode c);

}  // namespace ct::wallet
