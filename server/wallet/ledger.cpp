#include "server/wallet/ledger.hpp"

#include <algorithm>
#include <array>

namespace ct::wallet {

namespace {

Line wallet_line(WalletAccount a, Fen amount) {
  Line l;
  l.wallet_account = a;
  l.amount = amount;
  return l;
}

Line tenant_line(TenantAccount a, Fen amount, std::string provider = {}) {
  Line l;
  l.tenant_account = a;
  l.provider = std::move(provider);
  l.amount = amount;
  return l;
}

Entry entry(EntryKind kind, std::string reference, std::string memo = {}) {
  Entry e;
  e.kind = kind;
  e.reference = std::move(reference);
  e.memo = std::move(memo);
  return e;
}

// Adds a line unless its amount is zero (an entry lists only what moves).
void add(Entry& e, Line l) {
  if (l.amount != 0) e.lines.push_back(std::move(l));
}

Fen& slot(WalletBalances& b, WalletAccount a) {
  switch (a) {
    case WalletAccount::Cash: return b.cash;
    case WalletAccount::Gift: return b.gift;
    case WalletAccount::HeldCash: return b.held_cash;
    case WalletAccount::HeldGift: return b.held_gift;
    case WalletAccount::Refunding: return b.refunding;
  }
  return b.cash;
}

// Deducts `amount` gift first, then cash, as far as they go.
Settlement deduct(const WalletBalances& b, Fen amount, const std::string& reference) {
  Settlement s;
  if (amount <= 0) return s;
  Fen from_gift = std::min(amount, std::max<Fen>(0, b.gift));
  Fen from_cash = std::min(amount - from_gift, std::max<Fen>(0, b.cash));
  s.charged = from_gift + from_cash;
  s.debt = amount - s.charged;
  if (s.charged > 0) {
    auto e = entry(EntryKind::Deduct, reference);
    add(e, wallet_line(WalletAccount::Gift, -from_gift));
    add(e, wallet_line(WalletAccount::Cash, -from_cash));
    add(e, tenant_line(TenantAccount::Revenue, s.charged));
    s.entries.push_back(std::move(e));
  }
  return s;
}

constexpr std::array<std::pair<EntryKind, const char*>, 10> kKinds = {{
    {EntryKind::Recharge, "recharge"},
    {EntryKind::Gift, "gift"},
    {EntryKind::Reserve, "reserve"},
    {EntryKind::Release, "release"},
    {EntryKind::Deduct, "deduct"},
    {EntryKind::RefundRequest, "refund_request"},
    {EntryKind::RefundPaid, "refund_paid"},
    {EntryKind::RefundCanceled, "refund_canceled"},
    {EntryKind::OrderRefund, "order_refund"},
    {EntryKind::Adjustment, "adjustment"},
}};

constexpr std::array<std::pair<WalletAccount, const char*>, 5> kWalletAccounts = {{
    {WalletAccount::Cash, "cash"},
    {WalletAccount::Gift, "gift"},
    {WalletAccount::HeldCash, "held_cash"},
    {WalletAccount::HeldGift, "held_gift"},
    {WalletAccount::Refunding, "refunding"},
}};

constexpr std::array<std::pair<TenantAccount, const char*>, 4> kTenantAccounts = {{
    {TenantAccount::Revenue, "revenue"},
    {TenantAccount::Promotions, "promotions"},
    {TenantAccount::Adjustments, "adjustments"},
    {TenantAccount::Provider, "provider"},
}};

}  // namespace

std::string Line::account_name() const {
  if (wallet_account) return to_string(*wallet_account);
  if (tenant_account && *tenant_account == TenantAccount::Provider) return "provider:" + provider;
  if (tenant_account) return to_string(*tenant_account);
  return "unknown";
}

std::optional<WalletBalances> apply(const WalletBalances& b, const Entry& e) {
  WalletBalances out = b;
  Fen sum = 0;
  for (const auto& l : e.lines) {
    sum += l.amount;
    if (l.wallet_account) slot(out, *l.wallet_account) += l.amount;
  }
  if (sum != 0) return std::nullopt;
  for (auto a : {WalletAccount::Cash, WalletAccount::Gift, WalletAccount::HeldCash,
                 WalletAccount::HeldGift, WalletAccount::Refunding}) {
    if (slot(out, a) < 0) return std::nullopt;
  }
  return out;
}

Entry recharge(Fen amount, const std::string& provider, std::string reference) {
  auto e = entry(EntryKind::Recharge, std::move(reference));
  add(e, tenant_line(TenantAccount::Provider, -amount, provider));
  add(e, wallet_line(WalletAccount::Cash, amount));
  return e;
}

Entry gift(Fen amount, std::string reference, std::string memo) {
  auto e = entry(EntryKind::Gift, std::move(reference), std::move(memo));
  add(e, tenant_line(TenantAccount::Promotions, -amount));
  add(e, wallet_line(WalletAccount::Gift, amount));
  return e;
}

std::optional<HoldChange> adjust_hold(const WalletBalances& b, const Hold& current, Fen wanted,
                                      std::string reference) {
  wanted = std::max<Fen>(0, wanted);
  if (wanted == current.total()) return std::nullopt;
  HoldChange out;
  out.hold = current;
  if (wanted > current.total()) {
    Fen more = wanted - current.total();
    Fen from_gift = std::min(more, std::max<Fen>(0, b.gift));
    Fen from_cash = std::min(more - from_gift, std::max<Fen>(0, b.cash));
    if (from_gift + from_cash == 0) return std::nullopt;
    out.entry = entry(EntryKind::Reserve, std::move(reference));
    add(out.entry, wallet_line(WalletAccount::Gift, -from_gift));
    add(out.entry, wallet_line(WalletAccount::HeldGift, from_gift));
    add(out.entry, wallet_line(WalletAccount::Cash, -from_cash));
    add(out.entry, wallet_line(WalletAccount::HeldCash, from_cash));
    out.hold.gift += from_gift;
    out.hold.cash += from_cash;
  } else {
    // Giving back releases cash first: gift is the cheaper money for the operator to keep
    // on hold, and a driver's refundable cash should be free as early as possible.
    Fen less = current.total() - wanted;
    Fen to_cash = std::min(less, current.cash);
    Fen to_gift = less - to_cash;
    out.entry = entry(EntryKind::Release, std::move(reference));
    add(out.entry, wallet_line(WalletAccount::HeldCash, -to_cash));
    add(out.entry, wallet_line(WalletAccount::Cash, to_cash));
    add(out.entry, wallet_line(WalletAccount::HeldGift, -to_gift));
    add(out.entry, wallet_line(WalletAccount::Gift, to_gift));
    out.hold.cash -= to_cash;
    out.hold.gift -= to_gift;
  }
  return out;
}

Settlement settle(const WalletBalances& b, const Hold& hold, Fen amount, std::string reference) {
  WalletBalances after = b;
  std::vector<Entry> entries;
  if (hold.total() > 0) {
    auto e = entry(EntryKind::Release, reference);
    add(e, wallet_line(WalletAccount::HeldCash, -hold.cash));
    add(e, wallet_line(WalletAccount::Cash, hold.cash));
    add(e, wallet_line(WalletAccount::HeldGift, -hold.gift));
    add(e, wallet_line(WalletAccount::Gift, hold.gift));
    if (auto a = apply(after, e)) after = *a;
    entries.push_back(std::move(e));
  }
  auto s = deduct(after, amount, reference);
  entries.insert(entries.end(), s.entries.begin(), s.entries.end());
  s.entries = std::move(entries);
  return s;
}

Settlement charge(const WalletBalances& b, Fen amount, std::string reference) {
  return deduct(b, amount, reference);
}

std::optional<Entry> refund_request(const WalletBalances& b, Fen amount, std::string reference) {
  if (amount <= 0 || amount > b.cash) return std::nullopt;
  auto e = entry(EntryKind::RefundRequest, std::move(reference));
  add(e, wallet_line(WalletAccount::Cash, -amount));
  add(e, wallet_line(WalletAccount::Refunding, amount));
  return e;
}

Entry refund_paid(Fen amount, const std::string& provider, std::string reference) {
  auto e = entry(EntryKind::RefundPaid, std::move(reference));
  add(e, wallet_line(WalletAccount::Refunding, -amount));
  add(e, tenant_line(TenantAccount::Provider, amount, provider));
  return e;
}

Entry refund_canceled(Fen amount, std::string reference, std::string memo) {
  auto e = entry(EntryKind::RefundCanceled, std::move(reference), std::move(memo));
  add(e, wallet_line(WalletAccount::Refunding, -amount));
  add(e, wallet_line(WalletAccount::Cash, amount));
  return e;
}

Entry order_refund(Fen cash, Fen gift_part, std::string reference, std::string memo) {
  auto e = entry(EntryKind::OrderRefund, std::move(reference), std::move(memo));
  add(e, tenant_line(TenantAccount::Revenue, -(cash + gift_part)));
  add(e, wallet_line(WalletAccount::Cash, cash));
  add(e, wallet_line(WalletAccount::Gift, gift_part));
  return e;
}

std::optional<Entry> adjustment(const WalletBalances& b, Fen amount, std::string reference,
                                std::string memo) {
  if (amount == 0 || b.cash + amount < 0) return std::nullopt;
  auto e = entry(EntryKind::Adjustment, std::move(reference), std::move(memo));
  add(e, tenant_line(TenantAccount::Adjustments, -amount));
  add(e, wallet_line(WalletAccount::Cash, amount));
  return e;
}

const char* to_string(EntryKind k) {
  for (const auto& [kind, name] : kKinds) {
    if (kind == k) return name;
  }
  return "unknown";
}

std::optional<EntryKind> entry_kind_from_string(const std::string& s) {
  for (const auto& [kind, name] : kKinds) {
    if (s == name) return kind;
  }
  return std::nullopt;
}

const char* to_string(WalletAccount a) {
  for (const auto& [acc, name] : kWalletAccounts) {
    if (acc == a) return name;
  }
  return "unknown";
}

const char* to_string(TenantAccount a) {
  for (const auto& [acc, name] : kTenantAccounts) {
    if (acc == a) return name;
  }
  return "unknown";
}

std::optional<Line> line_for_account(const std::string& name, Fen amount) {
  for (const auto& [acc, n] : kWalletAccounts) {
    if (name == n) return wallet_line(acc, amount);
  }
  if (name.rfind("provider:", 0) == 0 && name.size() > 9)
    return tenant_line(TenantAccount::Provider, amount, name.substr(9));
  for (const auto& [acc, n] : kTenantAccounts) {
    if (acc != TenantAccount::Provider && name == n) return tenant_line(acc, amount);
  }
  return std::nullopt;
}

}  // namespace ct::wallet
