// Payments through a provider (recharges, refunds paid out) and drivers' refund requests.
// Money in fen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/core/model.hpp"
#include "server/wallet/ledger.hpp"

namespace ct::wallet {

using core::Id;
using core::UtcMillis;

enum class PaymentKind { Recharge, Refund };
enum class PaymentStatus { Pending, Paid, Failed };

struct Payment {
  Id id = 0;
  Id tenant_id = 0;
  Id driver_id = 0;
  PaymentKind kind = PaymentKind::Recharge;
  std::string provider;  // "sandbox"
  Fen amount_fen = 0;
  PaymentStatus status = PaymentStatus::Pending;
  std::string provider_order_id;               // our reference at the provider (out_trade_no)
  std::optional<std::string> provider_txn_id;  // the provider's transaction id, once paid
  std::optional<Id> refund_request_id;         // Refund payments
  int notifications = 0;                       // provider notifications received (repeats included)
  std::string detail;                          // what the provider said last, for people
  UtcMillis created_at = 0;
  std::optional<UtcMillis> completed_at;
};

enum class RefundStatus { PendingApproval, Processing, Paid, Rejected, Failed };

struct RefundRequest {
  Id id = 0;
  Id tenant_id = 0;
  Id driver_id = 0;
  Fen amount_fen = 0;
  RefundStatus status = RefundStatus::PendingApproval;
  std::string reason;         // the driver's
  std::string decided_by;     // operator token label
  std::string decision_note;  // the operator's
  UtcMillis created_at = 0;
  std::optional<UtcMillis> decided_at;
};

// A journal entry as stored (ledger.hpp's Entry with its identity).
struct JournalRecord {
  Id id = 0;
  Id tenant_id = 0;
  std::optional<Id> driver_id;
  Entry entry;
  UtcMillis created_at = 0;
};

// Tenant rules for starting and refunds.
struct TenantPolicy {
  Id tenant_id = 0;
  Fen min_start_balance_fen = 500;  // 5 yuan available to start from the app
  bool refund_needs_approval = true;
  std::int64_t start_timeout_s = 90;  // starting -> start_failed after this
  UtcMillis updated_at = 0;
};

const char* to_string(PaymentKind k);
const char* to_string(PaymentStatus s);
const char* to_string(RefundStatus s);
std::optional<PaymentKind> payment_kind_from_string(const std::string& s);
std::optional<PaymentStatus> payment_status_from_string(const std::string& s);
std::optional<RefundStatus> refund_status_from_string(const std::string& s);

}  // namespace ct::wallet
