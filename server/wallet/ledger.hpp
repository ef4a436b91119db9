// The wallet ledger: every money movement is a double-entry journal entry whose lines sum
// to zero, and a wallet's balances are the sums of its accounts' lines. This file is the
// pure part: which lines an operation writes, given the balances it starts from. The
// store writes the entry and the cached balances in one database transaction, and
// `chargetwin ledger verify` proves cache = journal for every wallet.
//
// Money here is in fen (1e-2 yuan), the unit drivers pay and providers settle in.
//
// Accounts of a wallet (each must stay >= 0):
//   cash        recharged money the driver may spend or have refunded
//   gift        promotional money: spendable, never refunded
//   held_cash   cash reserved for a running order
//   held_gift   gift reserved for a running order
//   refunding   cash on its way back to the driver (refund requested, not yet paid out)
// Counter-accounts of the tenant (any sign): revenue, promotions, adjustments, and one
// clearing account per payment provider ("provider:sandbox").
//
// What a driver sees: balance = cash + held_cash, gift = gift + held_gift,
// frozen = held_cash + held_gift + refunding, available = cash + gift.
//
// The documented rules:
//   * A reservation takes gift first, then cash (what is on hold cannot be spent twice).
//   * Settlement releases the order's whole hold, then deducts the amount gift first,
//     then cash; what the wallet cannot cover is left as the order's debt, never as a
//     negative balance.
//   * A refund of unused recharged money comes from cash only (gift is never refunded).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ct::wallet {

using Fen = std::int64_t;

enum class WalletAccount { Cash, Gift, HeldCash, HeldGift, Refunding };
enum class TenantAccount { Revenue, Promotions, Adjustments, Provider };

enum class EntryKind {
  Recharge,        // provider paid: provider -> cash
  Gift,            // promotions -> gift
  Reserve,         // cash/gift -> held, for a running order
  Release,         // held -> cash/gift, the order's hold given back
  Deduct,          // cash/gift -> revenue, the order's bill
  RefundRequest,   // cash -> refunding, waiting for approval or the provider
  RefundPaid,      // refunding -> provider, the provider paid the driver back
  RefundCanceled,  // refunding -> cash, refused by the operator or failed at the provider
  OrderRefund,     // revenue -> cash/gift, an operator refunded a settled order
  Adjustment,      // adjustments <-> cash, an operator's manual correction
};

struct Line {
  // Exactly one of the two is set.
  std::optional<WalletAccount> wallet_account;
  std::optional<TenantAccount> tenant_account;
  std::string provider;  // TenantAccount::Provider only
  Fen amount = 0;        // signed; the lines of an entry sum to zero

  std::string account_name() const;  // "cash", "revenue", "provider:sandbox", ...
};

struct Entry {
  EntryKind kind = EntryKind::Adjustment;
  std::vector<Line> lines;
  std::string reference;  // what caused it: "order:42", "payment:7", ...
  std::string memo;       // for people (the operator's reason, ...)
};

// Cached balances of one wallet: the sums of its accounts' lines.
struct WalletBalances {
  Fen cash = 0;
  Fen gift = 0;
  Fen held_cash = 0;
  Fen held_gift = 0;
  Fen refunding = 0;

  Fen balance() const { return cash + held_cash; }
  Fen gift_total() const { return gift + held_gift; }
  Fen frozen() const { return held_cash + held_gift + refunding; }
  Fen available() const { return cash + gift; }
  bool operator==(const WalletBalances&) const = default;
};

// What an order has on hold (kept with the order, so that its release is exact).
struct Hold {
  Fen cash = 0;
  Fen gift = 0;
  Fen total() const { return cash + gift; }
  bool operator==(const Hold&) const = default;
};

// The balances after the entry; nullopt when a wallet account would go negative or the
// lines do not sum to zero (the entry is then refused as a whole).
std::optional<WalletBalances> apply(const WalletBalances& b, const Entry& e);

// ---- planners: the entry for an operation, from the balances it starts from ----

Entry recharge(Fen amount, const std::string& provider, std::string reference);
Entry gift(Fen amount, std::string reference, std::string memo);

// Moves the order's hold towards `wanted` (the running amount): more is reserved gift
// first then cash, as far as available money goes; a smaller wanted releases the
// difference, cash first. Returns nullopt when nothing changes.
struct HoldChange {
  Entry entry;
  Hold hold;  // the order's hold afterwards
};
std::optional<HoldChange> adjust_hold(const WalletBalances& b, const Hold& current, Fen wanted,
                                      std::string reference);

// Settlement: release `hold`, then deduct `amount` gift first then cash. `debt` is what
// the wallet could not cover.
struct Settlement {
  std::vector<Entry> entries;  // release (when something was held), deduct (when > 0)
  Fen charged = 0;
  Fen debt = 0;
};
Settlement settle(const WalletBalances& b, const Hold& hold, Fen amount, std::string reference);

// A further charge to a settled order (its idle fee, or paying its debt): gift first, then
// cash, as far as the wallet goes.
Settlement charge(const WalletBalances& b, Fen amount, std::string reference);

// A refund request of unused recharged money: nullopt when cash is short.
std::optional<Entry> refund_request(const WalletBalances& b, Fen amount, std::string reference);
Entry refund_paid(Fen amount, const std::string& provider, std::string reference);
Entry refund_canceled(Fen amount, std::string reference, std::string memo);
// Gives a settled order's charged amount back, in the split it was taken.
Entry order_refund(Fen cash, Fen gift, std::string reference, std::string memo);
// nullopt when a negative adjustment exceeds cash.
std::optional<Entry> adjustment(const WalletBalances& b, Fen amount, std::string reference,
                                std::string memo);

const char* to_string(EntryKind k);
std::optional<EntryKind> entry_kind_from_string(const std::string& s);
const char* to_string(WalletAccount a);
const char* to_string(TenantAccount a);
// "cash", "held_gift", ... -> account; "revenue", "provider:x" -> tenant account.
std::optional<Line> line_for_account(const std::string& name, Fen amount);

}  // namespace ct::wallet
