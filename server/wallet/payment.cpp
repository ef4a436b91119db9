#include "server/wallet/payment.hpp"

#include <array>
#include <utility>

namespace ct::wallet {

namespace {
constexpr std::array<std::pair<PaymentKind, const char*>, 2> kKinds = {
    {{PaymentKind::Recharge, "recharge"}, {PaymentKind::Refund, "refund"}}};
constexpr std::array<std::pair<PaymentStatus, const char*>, 3> kStatuses = {
    {{PaymentStatus::Pending, "pending"},
     {PaymentStatus::Paid, "paid"},
     {PaymentStatus::Failed, "failed"}}};
constexpr std::array<std::pair<RefundStatus, const char*>, 5> kRefundStatuses = {
    {{RefundStatus::PendingApproval, "pending_approval"},
     {RefundStatus::Processing, "processing"},
     {RefundStatus::Paid, "paid"},
     {RefundStatus::Rejected, "rejected"},
     {RefundStatus::Failed, "failed"}}};

template <class E, std::size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& table, E v) {
  for (const auto& [e, n] : table) {
    if (e == v) return n;
  }
  return "unknown";
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, const char*>, N>& table,
                          const std::string& s) {
  for (const auto& [e, n] : table) {
    if (s == n) return e;
  }
  return std::nullopt;
}
}  // namespace

const char* to_string(PaymentKind k) {
  return name_of(kKinds, k);
}
const char* to_string(PaymentStatus s) {
  return name_of(kStatuses, s);
}
const char* to_string(RefundStatus s) {
  return name_of(kRefundStatuses, s);
}
std::optional<PaymentKind> payment_kind_from_string(const std::string& s) {
  return value_of(kKinds, s);
}
std::optional<PaymentStatus> payment_status_from_string(const std::string& s) {
  return value_of(kStatuses, s);
}
std::optional<RefundStatus> refund_status_from_string(const std::string& s) {
  return value_of(kRefundStatuses, s);
}

}  // namespace ct::wallet
