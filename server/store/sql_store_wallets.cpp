// SqlStore: wallets and the journal behind them, payments, refund requests, tenant
// policies. post_entries is the only writer of wallet balances.
#include <map>

#include "server/store/sql_query.hpp"

namespace ct::store {

using namespace sql;  // NOLINT: the shared helpers of every sql_store*.cpp
using wallet::Fen;
using wallet::Payment;
using wallet::RefundRequest;
using wallet::WalletBalances;

namespace {

const std::string kWalletCols =
    "driver_id, tenant_id, cash_fen, gift_fen, held_cash_fen, held_gift_fen, refunding_fen, "
    "entries, updated_at";
const std::string kPaymentCols =
    "id, tenant_id, driver_id, kind, provider, amount_fen, status, provider_order_id, "
    "provider_txn_id, refund_request_id, notifications, detail, created_at, completed_at";
const std::string kRefundCols =
    "id, tenant_id, driver_id, amount_fen, status, reason, decided_by, decision_note, "
    "created_at, decided_at";

WalletRow read_wallet(Query& q) {
  WalletRow w;
  w.driver_id = q.i64();
  w.tenant_id = q.i64();
  w.balances.cash = q.i64();
  w.balances.gift = q.i64();
  w.balances.held_cash = q.i64();
  w.balances.held_gift = q.i64();
  w.balances.refunding = q.i64();
  w.entries = q.i64();
  w.updated_at = q.i64();
  return w;
}

Payment read_payment(Query& q) {
  Payment p;
  p.id = q.i64();
  p.tenant_id = q.i64();
  p.driver_id = q.i64();
  p.kind = wallet::payment_kind_from_string(q.text()).value_or(wallet::PaymentKind::Recharge);
  p.provider = q.text();
  p.amount_fen = q.i64();
  p.status = wallet::payment_status_from_string(q.text()).value_or(wallet::PaymentStatus::Failed);
  p.provider_order_id = q.text();
  p.provider_txn_id = q.opt_text();
  p.refund_request_id = q.opt_i64();
  p.notifications = q.i32();
  p.detail = q.text();
  p.created_at = q.i64();
  p.completed_at = q.opt_i64();
  return p;
}

RefundRequest read_refund(Query& q) {
  RefundRequest r;
  r.id = q.i64();
  r.tenant_id = q.i64();
  r.driver_id = q.i64();
  r.amount_fen = q.i64();
  r.status = wallet::refund_status_from_string(q.text()).value_or(wallet::RefundStatus::Failed);
  r.reason = q.text();
  r.decided_by = q.text();
  r.decision_note = q.text();
  r.created_at = q.i64();
  r.decided_at = q.opt_i64();
  return r;
}

// Which wallet field an account name is (nullopt: a tenant account).
Fen* wallet_field(WalletBalances& b, const std::string& account) {
  if (account == "cash") return &b.cash;
  if (account == "gift") return &b.gift;
  if (account == "held_cash") return &b.held_cash;
  if (account == "held_gift") return &b.held_gift;
  if (account == "refunding") return &b.refunding;
  return nullptr;
}

}  // namespace

WalletRow SqlStore::get_wallet(const TenantScope& s, Id driver_id) {
  std::lock_guard lock(mu_);
  return tx([&] {
    {
      Query q(*this,
              "SELECT " + kWalletCols + " FROM wallets WHERE tenant_id = ? AND driver_id = ?");
      q.bind(s.tenant_id(), driver_id);
      if (auto w = first_row<WalletRow>(q, read_wallet)) return *w;
    }
    UtcMillis now = clock_->now();
    Query q(*this,
            "INSERT INTO wallets (driver_id, tenant_id, cash_fen, gift_fen, held_cash_fen, "
            "held_gift_fen, refunding_fen, entries, updated_at) VALUES (?, ?, 0, 0, 0, 0, 0, 0, ?) "
            "RETURNING " +
                kWalletCols);
    q.bind(driver_id, s.tenant_id(), now);
    if (!q.next()) throw StoreError("get_wallet: no row returned");
    return read_wallet(q);
  });
}

bool SqlStore::post_entries(const TenantScope& s, Id driver_id,
                            const std::vector<wallet::Entry>& entries, UtcMillis at) {
  std::lock_guard lock(mu_);
  return tx([&] {
    WalletRow w = get_wallet(s, driver_id);
    WalletBalances b = w.balances;
    for (const auto& e : entries) {
      auto next = wallet::apply(b, e);
      if (!next) return false;
      b = *next;
    }
    UtcMillis when = now_or(at);
    for (const auto& e : entries) {
      Id entry_id = 0;
      {
        Query q(*this,
                "INSERT INTO journal_entries (tenant_id, driver_id, kind, reference, memo, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
        q.bind(s.tenant_id(), driver_id, wallet::to_string(e.kind), e.reference, e.memo, when);
        if (!q.next()) throw StoreError("post_entries: no entry id");
        entry_id = q.i64();
      }
      for (const auto& l : e.lines) {
        Query q(*this,
                "INSERT INTO journal_lines (entry_id, tenant_id, driver_id, account, amount_fen) "
                "VALUES (?, ?, ?, ?, ?)");
        std::optional<Id> owner;
        if (l.wallet_account) owner = driver_id;
        q.bind(entry_id, s.tenant_id(), owner, l.account_name(), l.amount).run();
      }
    }
    Query q(*this,
            "UPDATE wallets SET cash_fen = ?, gift_fen = ?, held_cash_fen = ?, held_gift_fen = ?, "
            "refunding_fen = ?, entries = entries + ?, updated_at = ? WHERE tenant_id = ? AND "
            "driver_id = ?");
    q.bind(b.cash, b.gift, b.held_cash, b.held_gift, b.refunding,
           static_cast<std::int64_t>(entries.size()), when, s.tenant_id(), driver_id)
        .run();
    return true;
  });
}

Page<wallet::JournalRecord> SqlStore::list_journal(const TenantScope& s, Id driver_id,
                                                   const PageRequest& page) {
  std::lock_guard lock(mu_);
  Window win = window(page);
  Page<wallet::JournalRecord> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM journal_entries WHERE tenant_id = ? AND driver_id = ?");
    q.bind(s.tenant_id(), driver_id);
    if (q.next()) out.total = q.i64();
  }
  {
    Query q(*this,
            "SELECT id, tenant_id, driver_id, kind, reference, memo, created_at FROM "
            "journal_entries WHERE tenant_id = ? AND driver_id = ? ORDER BY id DESC LIMIT ? "
            "OFFSET ?");
    q.bind(s.tenant_id(), driver_id, win.limit, win.offset);
    while (q.next()) {
      wallet::JournalRecord r;
      r.id = q.i64();
      r.tenant_id = q.i64();
      r.driver_id = q.opt_i64();
      r.entry.kind =
          wallet::entry_kind_from_string(q.text()).value_or(wallet::EntryKind::Adjustment);
      r.entry.reference = q.text();
      r.entry.memo = q.text();
      r.created_at = q.i64();
      out.items.push_back(std::move(r));
    }
  }
  for (auto& r : out.items) {
    Query q(*this, "SELECT account, amount_fen FROM journal_lines WHERE entry_id = ? ORDER BY id");
    q.bind(r.id);
    while (q.next()) {
      auto name = q.text();
      auto amount = q.i64();
      if (auto line = wallet::line_for_account(name, amount)) r.entry.lines.push_back(*line);
    }
  }
  return out;
}

LedgerCheck SqlStore::verify_ledger() {
  std::lock_guard lock(mu_);
  return tx([&] {
    LedgerCheck out;
    std::map<std::pair<Id, Id>, WalletBalances> journal;
    {
      Query q(*this,
              "SELECT tenant_id, driver_id, account, SUM(amount_fen) FROM journal_lines WHERE "
              "driver_id IS NOT NULL GROUP BY tenant_id, driver_id, account");
      while (q.next()) {
        Id tenant = q.i64();
        Id driver = q.i64();
        auto account = q.text();
        Fen sum = q.i64();
        auto& b = journal[{tenant, driver}];
        if (Fen* f = wallet_field(b, account)) *f += sum;
      }
    }
    {
      Query q(*this,
              "SELECT COUNT(*) FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id "
              "HAVING SUM(amount_fen) <> 0) unbalanced");
      if (q.next()) out.unbalanced_entries = q.i64();
    }
    {
      Query q(*this, "SELECT COUNT(*) FROM journal_entries");
      if (q.next()) out.entries = q.i64();
    }
    Query q(*this, "SELECT " + kWalletCols + " FROM wallets ORDER BY tenant_id, driver_id");
    while (q.next()) {
      auto w = read_wallet(q);
      ++out.wallets;
      auto it = journal.find({w.tenant_id, w.driver_id});
      WalletBalances j = it == journal.end() ? WalletBalances{} : it->second;
      if (it != journal.end()) journal.erase(it);
      if (!(j == w.balances))
        out.discrepancies.push_back({w.tenant_id, w.driver_id, w.balances, j});
    }
    // Journal lines of a wallet that has no cached row at all.
    for (const auto& [key, j] : journal) {
      if (!(j == WalletBalances{})) out.discrepancies.push_back({key.first, key.second, {}, j});
    }
    return out;
  });
}

Payment SqlStore::create_payment(const Payment& p) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO payments (tenant_id, driver_id, kind, provider, amount_fen, status, "
          "provider_order_id, provider_txn_id, refund_request_id, notifications, detail, "
          "created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  q.bind(p.tenant_id, p.driver_id, wallet::to_string(p.kind), p.provider, p.amount_fen,
         wallet::to_string(p.status), p.provider_order_id, p.provider_txn_id, p.refund_request_id,
         p.notifications, p.detail, now_or(p.created_at), p.completed_at);
  if (!q.next()) throw StoreError("create_payment: no row returned");
  Payment out = p;
  out.id = q.i64();
  out.created_at = now_or(p.created_at);
  return out;
}

void SqlStore::update_payment(const Payment& p) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE payments SET status = ?, provider_txn_id = ?, notifications = ?, detail = ?, "
          "completed_at = ? WHERE id = ?");
  q.bind(wallet::to_string(p.status), p.provider_txn_id, p.notifications, p.detail, p.completed_at,
         p.id)
      .run();
}

std::optional<Payment> SqlStore::get_payment(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kPaymentCols + " FROM payments WHERE tenant_id = ? AND id = ?");
  q.bind(s.tenant_id(), id);
  return first_row<Payment>(q, read_payment);
}

std::optional<Payment> SqlStore::find_payment_by_provider_order(
    const std::string& provider, const std::string& provider_order_id) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "SELECT " + kPaymentCols + " FROM payments WHERE provider = ? AND provider_order_id = ?");
  q.bind(provider, provider_order_id);
  return first_row<Payment>(q, read_payment);
}

Page<Payment> SqlStore::list_payments(const TenantScope& s, std::optional<Id> driver_id,
                                      const PageRequest& page) {
  std::lock_guard lock(mu_);
  Where w;
  w.add("tenant_id = ?", s.tenant_id());
  if (driver_id) w.add("driver_id = ?", *driver_id);
  Window win = window(page);
  Page<Payment> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM payments" + w.sql);
    q.bind_values(w.args);
    if (q.next()) out.total = q.i64();
  }
  Query q(*this, "SELECT " + kPaymentCols + " FROM payments" + w.sql +
                     " ORDER BY id DESC LIMIT ? OFFSET ?");
  q.bind_values(w.args).bind(win.limit, win.offset);
  out.items = all_rows<Payment>(q, read_payment);
  return out;
}

RefundRequest SqlStore::create_refund_request(const RefundRequest& r) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO refund_requests (tenant_id, driver_id, amount_fen, status, reason, "
          "decided_by, decision_note, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING " +
              kRefundCols);
  q.bind(r.tenant_id, r.driver_id, r.amount_fen, wallet::to_string(r.status), r.reason,
         r.decided_by, r.decision_note, now_or(r.created_at), r.decided_at);
  if (!q.next()) throw StoreError("create_refund_request: no row returned");
  return read_refund(q);
}

void SqlStore::update_refund_request(const RefundRequest& r) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "UPDATE refund_requests SET status = ?, decided_by = ?, decision_note = ?, "
          "decided_at = ? WHERE id = ?");
  q.bind(wallet::to_string(r.status), r.decided_by, r.decision_note, r.decided_at, r.id).run();
}

std::optional<RefundRequest> SqlStore::get_refund_request(const TenantScope& s, Id id) {
  std::lock_guard lock(mu_);
  Query q(*this, "SELECT " + kRefundCols + " FROM refund_requests WHERE tenant_id = ? AND id = ?");
  q.bind(s.tenant_id(), id);
  return first_row<RefundRequest>(q, read_refund);
}

Page<RefundRequest> SqlStore::list_refund_requests(const TenantScope& s, const std::string& status,
                                                   std::optional<Id> driver_id,
                                                   const PageRequest& page) {
  std::lock_guard lock(mu_);
  Where w;
  w.add("tenant_id = ?", s.tenant_id());
  if (!status.empty()) w.add("status = ?", status);
  if (driver_id) w.add("driver_id = ?", *driver_id);
  Window win = window(page);
  Page<RefundRequest> out;
  {
    Query q(*this, "SELECT COUNT(*) FROM refund_requests" + w.sql);
    q.bind_values(w.args);
    if (q.next()) out.total = q.i64();
  }
  Query q(*this, "SELECT " + kRefundCols + " FROM refund_requests" + w.sql +
                     " ORDER BY id DESC LIMIT ? OFFSET ?");
  q.bind_values(w.args).bind(win.limit, win.offset);
  out.items = all_rows<RefundRequest>(q, read_refund);
  return out;
}

wallet::TenantPolicy SqlStore::get_tenant_policy(const TenantScope& s) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "SELECT min_start_balance_fen, refund_needs_approval, start_timeout_s, updated_at FROM "
          "tenant_policies WHERE tenant_id = ?");
  q.bind(s.tenant_id());
  wallet::TenantPolicy p;
  p.tenant_id = s.tenant_id();
  if (q.next()) {
    p.min_start_balance_fen = q.i64();
    p.refund_needs_approval = q.flag();
    p.start_timeout_s = q.i64();
    p.updated_at = q.i64();
  }
  return p;
}

void SqlStore::put_tenant_policy(const TenantScope& s, const wallet::TenantPolicy& p) {
  std::lock_guard lock(mu_);
  Query q(*this,
          "INSERT INTO tenant_policies (tenant_id, min_start_balance_fen, refund_needs_approval, "
          "start_timeout_s, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE "
          "SET min_start_balance_fen = excluded.min_start_balance_fen, refund_needs_approval = "
          "excluded.refund_needs_approval, start_timeout_s = excluded.start_timeout_s, "
          "updated_at = excluded.updated_at");
  q.bind(s.tenant_id(), p.min_start_balance_fen, p.refund_needs_approval, p.start_timeout_s,
         now_or(p.updated_at))
      .run();
}

}  // namespace ct::store
