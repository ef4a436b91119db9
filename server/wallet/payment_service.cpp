#include "server/wallet/payment_service.hpp"

#include "server/core/log.hpp"
#include "server/core/metrics.hpp"
#include "server/core/secrets.hpp"

namespace ct::wallet {

namespace {

using ErrC = PaymentErrorCode;

PaymentError err(ErrC c, std::string m, std::string field = {}) {
  return PaymentError{c, std::move(m), std::move(field)};
}

// Unique at the provider and unguessable: our reference is also what the sandbox's pay
// page takes.
std::string new_provider_order_id(const char* prefix) {
  return std::string(prefix) + core::random_token("").substr(0, 28);
}

}  // namespace

const char* to_string(PaymentErrorCode c) {
  switch (c) {
    case ErrC::NotFound: return "not_found";
    case ErrC::Invalid: return "invalid";
    case ErrC::Conflict: return "conflict";
    case ErrC::InsufficientBalance: return "insufficient_balance";
    case ErrC::UnknownProvider: return "unknown_provider";
  }
  return "unknown";
}

PaymentService::PaymentService(store::Store& store, store::WalletStore& wallets,
                               store::DriverStore& drivers, orders::OrderService& orders,
                               const core::Clock& clock)
    : store_(store), wallets_(wallets), drivers_(drivers), orders_(orders), clock_(clock) {
  auto& m = metrics::registry();
  m.describe("chargetwin_payment_notifications_total", "counter",
             "Payment provider notifications by provider and outcome");
  m.describe("chargetwin_wallet_credits_fen_total", "counter",
             "Money credited to wallets by recharges, in fen");
}

void PaymentService::add_provider(PaymentProvider& provider) {
  providers_[provider.name()] = &provider;
}

PaymentProvider* PaymentService::provider(const std::string& name) const {
  auto it = providers_.find(name);
  return it == providers_.end() ? nullptr : it->second;
}

PaymentResult<RechargeStarted> PaymentService::create_recharge(const core::TenantScope& s,
                                                               Id driver_id, Fen amount_fen,
                                                               const std::string& provider_name) {
  auto* p = provider(provider_name);
  if (p == nullptr)
    return err(ErrC::UnknownProvider, "no payment provider " + provider_name, "provider");
  if (amount_fen < kMinRechargeFen || amount_fen > kMaxRechargeFen)
    return err(ErrC::Invalid,
               "a recharge is " + std::to_string(kMinRechargeFen) + ".." +
                   std::to_string(kMaxRechargeFen) + " fen",
               "amountFen");
  auto d = drivers_.get_driver(s, driver_id);
  if (!d || d->deleted) return err(ErrC::NotFound, "driver " + std::to_string(driver_id));
  Payment pay;
  pay.tenant_id = s.tenant_id();
  pay.driver_id = driver_id;
  pay.kind = PaymentKind::Recharge;
  pay.provider = p->name();
  pay.amount_fen = amount_fen;
  pay.status = PaymentStatus::Pending;
  pay.provider_order_id = new_provider_order_id("CTR");
  pay.created_at = clock_.now();
  pay = wallets_.create_payment(pay);
  auto params = p->create_payment(pay);
  log::info("recharge_created", {{"paymentId", pay.id},
                                 {"driverId", driver_id},
                                 {"amountFen", amount_fen},
                                 {"provider", pay.provider}});
  return RechargeStarted{pay, params};
}

NoticeAnswer PaymentService::handle_notice(const std::string& provider_name,
                                           const std::map<std::string, std::string>& headers,
                                           const std::string& body) {
  std::lock_guard lock(mu_);
  auto* p = provider(provider_name);
  if (p == nullptr) {
    return {404,
            nlohmann::json{{"code", 40401}, {"message", "no payment provider " + provider_name}}
                .dump()};
  }
  auto read = p->read_notice(headers, body);
  if (auto* refusal = std::get_if<NoticeRefusal>(&read)) {
    log::warn("payment_notice_refused", {{"provider", provider_name}, {"why", refusal->why}});
    metrics::registry().inc("chargetwin_payment_notifications_total",
                            {{"provider", provider_name}, {"outcome", "refused"}});
    return {422, nlohmann::json{{"code", 42203}, {"message", refusal->why}}.dump()};
  }
  const auto& n = std::get<ProviderNotice>(read);
  return n.kind == ProviderNotice::Kind::Payment ? on_payment_notice(*p, n)
                                                 : on_refund_notice(*p, n);
}

NoticeAnswer PaymentService::on_payment_notice(PaymentProvider& p, const ProviderNotice& n) {
  auto count = [&](const char* outcome) {
    metrics::registry().inc("chargetwin_payment_notifications_total",
                            {{"provider", p.name()}, {"outcome", outcome}});
  };
  auto pay = wallets_.find_payment_by_provider_order(p.name(), n.provider_order_id);
  if (!pay || pay->kind != PaymentKind::Recharge) {
    count("unknown");
    return {404,
            nlohmann::json{{"code", 40401}, {"message", "unknown payment " + n.provider_order_id}}
                .dump()};
  }
  if (n.amount_fen != pay->amount_fen) {
    // Never credit what was not asked for: the provider (or someone with its key) is wrong.
    log::error(
        "payment_amount_mismatch",
        {{"paymentId", pay->id}, {"expectedFen", pay->amount_fen}, {"notifiedFen", n.amount_fen}});
    count("amount_mismatch");
    return {422, nlohmann::json{{"code", 42203},
                                {"message", "amount " + std::to_string(n.amount_fen) +
                                                " fen differs from the payment's " +
                                                std::to_string(pay->amount_fen)}}
                     .dump()};
  }
  auto s = core::TenantScope::of(pay->tenant_id);
  bool credited = false;
  if (pay->status == PaymentStatus::Pending) {
    try {
      store_.in_transaction([&] {
        pay->notifications += 1;
        pay->detail = n.detail;
        pay->completed_at = clock_.now();
        if (n.success) {
          pay->status = PaymentStatus::Paid;
          pay->provider_txn_id = n.provider_txn_id;
          auto e = recharge(pay->amount_fen, p.name(), "payment:" + std::to_string(pay->id));
          if (!wallets_.post_entries(s, pay->driver_id, {e}, clock_.now()))
            throw store::StoreError("recharge entry refused");
          credited = true;
        } else {
          pay->status = PaymentStatus::Failed;
        }
        wallets_.update_payment(*pay);
      });
    } catch (const store::ConflictError&) {
      // Another node credited this transaction id a moment ago (the unique index said so):
      // this copy of the notification is a repeat.
      credited = false;
      log::info("payment_notice_raced", {{"paymentId", pay->id}});
    }
  } else {
    // A repeat: acknowledged again, nothing moves. A different transaction id for a paid
    // payment would be the provider's double charge: logged for the operator.
    if (pay->status == PaymentStatus::Paid && pay->provider_txn_id &&
        *pay->provider_txn_id != n.provider_txn_id) {
      log::error("payment_second_transaction", {{"paymentId", pay->id},
                                                {"first", *pay->provider_txn_id},
                                                {"second", n.provider_txn_id}});
    }
    pay->notifications += 1;
    wallets_.update_payment(*pay);
  }
  if (credited) {
    count("credited");
    metrics::registry().inc("chargetwin_wallet_credits_fen_total", {{"provider", p.name()}},
                            static_cast<double>(pay->amount_fen));
    log::info(
        "wallet_recharged",
        {{"paymentId", pay->id}, {"driverId", pay->driver_id}, {"amountFen", pay->amount_fen}});
    orders_.pay_debts(s, pay->driver_id);
  } else {
    count(pay->status == PaymentStatus::Failed ? "failed" : "repeat");
  }
  return {200, p.acknowledgement(true, "OK")};
}

NoticeAnswer PaymentService::on_refund_notice(PaymentProvider& p, const ProviderNotice& n) {
  auto pay = wallets_.find_payment_by_provider_order(p.name(), n.provider_order_id);
  if (!pay || pay->kind != PaymentKind::Refund || !pay->refund_request_id) {
    return {404,
            nlohmann::json{{"code", 40401}, {"message", "unknown refund " + n.provider_order_id}}
                .dump()};
  }
  if (n.amount_fen != pay->amount_fen) {
    log::error(
        "refund_amount_mismatch",
        {{"paymentId", pay->id}, {"expectedFen", pay->amount_fen}, {"notifiedFen", n.amount_fen}});
    return {422, nlohmann::json{{"code", 42203}, {"message", "refund amount differs"}}.dump()};
  }
  auto s = core::TenantScope::of(pay->tenant_id);
  if (pay->status == PaymentStatus::Pending) {
    auto r = wallets_.get_refund_request(s, *pay->refund_request_id);
    store_.in_transaction([&] {
      pay->notifications += 1;
      pay->detail = n.detail;
      pay->completed_at = clock_.now();
      pay->provider_txn_id = n.provider_txn_id;
      const std::string reference = "refund:" + std::to_string(*pay->refund_request_id);
      Entry e = n.success ? refund_paid(pay->amount_fen, p.name(), reference)
                          : refund_canceled(pay->amount_fen, reference, "the provider failed it");
      if (!wallets_.post_entries(s, pay->driver_id, {e}, clock_.now()))
        throw store::StoreError("refund entry refused");
      pay->status = n.success ? PaymentStatus::Paid : PaymentStatus::Failed;
      wallets_.update_payment(*pay);
      if (r) {
        r->status = n.success ? RefundStatus::Paid : RefundStatus::Failed;
        wallets_.update_refund_request(*r);
      }
    });
  } else {
    pay->notifications += 1;
    wallets_.update_payment(*pay);
  }
  return {200, p.acknowledgement(true, "OK")};
}

PaymentResult<RefundRequest> PaymentService::request_refund(const core::TenantScope& s,
                                                            Id driver_id, Fen amount_fen,
                                                            const std::string& reason) {
  std::lock_guard lock(mu_);
  if (amount_fen <= 0) return err(ErrC::Invalid, "the amount must be positive", "amountFen");
  auto w = wallets_.get_wallet(s, driver_id);
  auto entry = refund_request(w.balances, amount_fen, "refund:pending");
  if (!entry) {
    return err(ErrC::InsufficientBalance,
               "only " + std::to_string(w.balances.cash) +
                   " fen of recharged money is free to refund (gift money is not refundable)",
               "amountFen");
  }
  auto policy = wallets_.get_tenant_policy(s);
  RefundRequest r;
  r.tenant_id = s.tenant_id();
  r.driver_id = driver_id;
  r.amount_fen = amount_fen;
  r.reason = reason;
  r.status =
      policy.refund_needs_approval ? RefundStatus::PendingApproval : RefundStatus::Processing;
  r.created_at = clock_.now();
  store_.in_transaction([&] {
    r = wallets_.create_refund_request(r);
    entry->reference = "refund:" + std::to_string(r.id);
    if (!wallets_.post_entries(s, driver_id, {*entry}, clock_.now()))
      throw store::StoreError("refund request entry refused");
  });
  log::info("refund_requested",
            {{"refundId", r.id}, {"driverId", driver_id}, {"amountFen", amount_fen}});
  if (r.status == RefundStatus::Processing) return pay_out(s, r);
  return r;
}

PaymentResult<RefundRequest> PaymentService::approve_refund(const core::TenantScope& s,
                                                            Id refund_id, const std::string& actor,
                                                            const std::string& note) {
  std::lock_guard lock(mu_);
  auto r = wallets_.get_refund_request(s, refund_id);
  if (!r) return err(ErrC::NotFound, "refund " + std::to_string(refund_id));
  if (r->status != RefundStatus::PendingApproval)
    return err(ErrC::Conflict, std::string("refund is ") + to_string(r->status));
  r->status = RefundStatus::Processing;
  r->decided_by = actor;
  r->decision_note = note;
  r->decided_at = clock_.now();
  wallets_.update_refund_request(*r);
  return pay_out(s, *r);
}

PaymentResult<RefundRequest> PaymentService::reject_refund(const core::TenantScope& s, Id refund_id,
                                                           const std::string& actor,
                                                           const std::string& note) {
  std::lock_guard lock(mu_);
  if (note.empty()) return err(ErrC::Invalid, "say why the refund is rejected", "note");
  auto r = wallets_.get_refund_request(s, refund_id);
  if (!r) return err(ErrC::NotFound, "refund " + std::to_string(refund_id));
  if (r->status != RefundStatus::PendingApproval)
    return err(ErrC::Conflict, std::string("refund is ") + to_string(r->status));
  store_.in_transaction([&] {
    r->status = RefundStatus::Rejected;
    r->decided_by = actor;
    r->decision_note = note;
    r->decided_at = clock_.now();
    wallets_.update_refund_request(*r);
    auto e = refund_canceled(r->amount_fen, "refund:" + std::to_string(r->id), note);
    if (!wallets_.post_entries(s, r->driver_id, {e}, clock_.now()))
      throw store::StoreError("refund cancel entry refused");
  });
  return *r;
}

PaymentResult<RefundRequest> PaymentService::pay_out(const core::TenantScope& s, RefundRequest r) {
  // Refunds go back through the provider the driver's money came from; a driver without
  // a paid recharge is refunded through the first provider configured.
  std::string provider_name;
  for (const auto& pay : wallets_.list_payments(s, r.driver_id, {100, 0}).items) {
    if (pay.kind == PaymentKind::Recharge && pay.status == PaymentStatus::Paid) {
      provider_name = pay.provider;
      break;
    }
  }
  if (provider_name.empty() && !providers_.empty()) provider_name = providers_.begin()->first;
  auto* p = provider(provider_name);
  if (p == nullptr) return err(ErrC::UnknownProvider, "no payment provider to refund through");
  Payment pay;
  pay.tenant_id = s.tenant_id();
  pay.driver_id = r.driver_id;
  pay.kind = PaymentKind::Refund;
  pay.provider = p->name();
  pay.amount_fen = r.amount_fen;
  pay.status = PaymentStatus::Pending;
  pay.provider_order_id = new_provider_order_id("CTF");
  pay.refund_request_id = r.id;
  pay.created_at = clock_.now();
  pay = wallets_.create_payment(pay);
  p->create_refund(pay);
  log::info("refund_paying_out",
            {{"refundId", r.id}, {"paymentId", pay.id}, {"amountFen", r.amount_fen}});
  return r;
}

PaymentResult<WalletBalances> PaymentService::gift(const core::TenantScope& s, Id driver_id,
                                                   Fen amount_fen, const std::string& memo,
                                                   const std::string& actor) {
  if (amount_fen <= 0 || amount_fen > kMaxManualFen)
    return err(ErrC::Invalid, "a gift is 1.." + std::to_string(kMaxManualFen) + " fen",
               "amountFen");
  auto d = drivers_.get_driver(s, driver_id);
  if (!d || d->deleted) return err(ErrC::NotFound, "driver " + std::to_string(driver_id));
  auto e = wallet::gift(amount_fen, "operator:" + actor, memo);
  if (!wallets_.post_entries(s, driver_id, {e}, clock_.now()))
    return err(ErrC::Conflict, "the wallet refused the gift");
  return wallets_.get_wallet(s, driver_id).balances;
}

PaymentResult<WalletBalances> PaymentService::adjust(const core::TenantScope& s, Id driver_id,
                                                     Fen amount_fen, const std::string& reason,
                                                     const std::string& actor) {
  if (reason.empty()) return err(ErrC::Invalid, "an adjustment needs a reason", "reason");
  if (amount_fen == 0 || amount_fen > kMaxManualFen || amount_fen < -kMaxManualFen)
    return err(
        ErrC::Invalid,
        "an adjustment is a non-zero amount within ±" + std::to_string(kMaxManualFen) + " fen",
        "amountFen");
  auto d = drivers_.get_driver(s, driver_id);
  if (!d) return err(ErrC::NotFound, "driver " + std::to_string(driver_id));
  auto w = wallets_.get_wallet(s, driver_id);
  auto e = adjustment(w.balances, amount_fen, "operator:" + actor, reason);
  if (!e || !wallets_.post_entries(s, driver_id, {*e}, clock_.now()))
    return err(ErrC::InsufficientBalance,
               "the wallet has " + std::to_string(w.balances.cash) + " fen of cash to take from",
               "amountFen");
  return wallets_.get_wallet(s, driver_id).balances;
}

}  // namespace ct::wallet
