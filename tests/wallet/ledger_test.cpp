// The ledger's planners (pure) and RapidCheck properties over random sequences of
// recharges, holds, settlements, further charges, refunds and adjustments: no account goes
// negative, every entry balances, and the money is where the rules say.
#include "server/wallet/ledger.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <numeric>

namespace ct::wallet {
namespace {

Fen sum_of(const Entry& e) {
  Fen s = 0;
  for (const auto& l : e.lines) s += l.amount;
  return s;
}

TEST(LedgerTest, RechargeThenAnOrderHeldAndSettledGiftFirst) {
  WalletBalances b;
  b = *apply(b, recharge(10'000, "sandbox", "payment:1"));
  b = *apply(b, gift(300, "operator:ops", "welcome"));
  EXPECT_EQ(b.available(), 10'300);

  auto h = adjust_hold(b, {}, 500, "order:1");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->hold.gift, 300) << "gift is held first";
  EXPECT_EQ(h->hold.cash, 200);
  b = *apply(b, h->entry);
  EXPECT_EQ(b.frozen(), 500);
  EXPECT_EQ(b.available(), 9'800);
  EXPECT_EQ(b.balance(), 10'000);

  auto s = settle(b, h->hold, 1'450, "order:1");
  EXPECT_EQ(s.charged, 1'450);
  EXPECT_EQ(s.debt, 0);
  for (const auto& e : s.entries) {
    EXPECT_EQ(sum_of(e), 0);
    b = *apply(b, e);
  }
  EXPECT_EQ(b.gift, 0) << "gift is spent first";
  EXPECT_EQ(b.cash, 10'300 - 1'450);
  EXPECT_EQ(b.frozen(), 0);
}

TEST(LedgerTest, WhatTheWalletCannotCoverIsDebtNeverANegativeBalance) {
  WalletBalances b = *apply({}, recharge(600, "sandbox", "p"));
  auto s = settle(b, {}, 650, "order:2");
  EXPECT_EQ(s.charged, 600);
  EXPECT_EQ(s.debt, 50);
  for (const auto& e : s.entries) b = *apply(b, e);
  EXPECT_EQ(b, WalletBalances{});
}

TEST(LedgerTest, ASmallerRunningAmountReleasesCashFirst) {
  WalletBalances b = *apply(*apply({}, recharge(1000, "sandbox", "p")), gift(100, "g", ""));
  auto h = adjust_hold(b, {}, 400, "o");
  b = *apply(b, h->entry);
  EXPECT_EQ(h->hold, (Hold{300, 100}));
  auto less = adjust_hold(b, h->hold, 150, "o");
  ASSERT_TRUE(less);
  EXPECT_EQ(less->entry.kind, EntryKind::Release);
  EXPECT_EQ(less->hold, (Hold{50, 100}));
  EXPECT_FALSE(adjust_hold(b, h->hold, 400, "o")) << "nothing changes, no entry";
}

TEST(LedgerTest, RefundsComeFromCashOnlyAndCanBeCanceled) {
  WalletBalances b = *apply(*apply({}, recharge(1000, "sandbox", "p")), gift(500, "g", ""));
  EXPECT_FALSE(refund_request(b, 1001, "r")) << "gift money is not refundable";
  auto req = refund_request(b, 800, "refund:1");
  ASSERT_TRUE(req);
  b = *apply(b, *req);
  EXPECT_EQ(b.refunding, 800);
  EXPECT_EQ(b.available(), 700);
  auto back = *apply(b, refund_canceled(800, "refund:1", "rejected"));
  EXPECT_EQ(back.cash, 1000);
  auto paid = *apply(b, refund_paid(800, "sandbox", "refund:1"));
  EXPECT_EQ(paid.cash, 200);
  EXPECT_EQ(paid.refunding, 0);
}

TEST(LedgerTest, UnbalancedOrOverdrawingEntriesAreRefusedWhole) {
  Entry e;
  e.lines.push_back(*line_for_account("cash", 100));
  EXPECT_FALSE(apply({}, e)) << "does not sum to zero";
  auto all = adjustment(WalletBalances{100, 0, 0, 0, 0}, -100, "r", "m");
  ASSERT_TRUE(all);
  EXPECT_EQ(apply(WalletBalances{100, 0, 0, 0, 0}, *all), WalletBalances{});
  EXPECT_FALSE(apply({}, *all)) << "the same entry on an empty wallet would overdraw it";
  EXPECT_FALSE(adjustment({}, -1, "r", "m")) << "an adjustment cannot overdraw cash";
  auto names = {"cash",    "gift",       "held_cash",   "held_gift",       "refunding",
                "revenue", "promotions", "adjustments", "provider:sandbox"};
  for (const char* n : names) {
    auto l = line_for_account(n, 5);
    ASSERT_TRUE(l) << n;
    EXPECT_EQ(l->account_name(), n);
  }
  EXPECT_FALSE(line_for_account("provider:", 5));
  EXPECT_FALSE(line_for_account("bank", 5));
}

// ---- properties -------------------------------------------------------------------------

enum class Op {
  Recharge,
  Gift,
  Hold,
  Settle,
  Charge,
  RefundRequest,
  RefundPaid,
  RefundCancel,
  Adjust
};

struct Model {
  WalletBalances b;
  Hold hold;               // the one running order's hold
  Fen refunding_open = 0;  // requested and not yet paid or canceled
  Fen money_in = 0;        // recharges + gifts + adjustments
  Fen money_out = 0;       // deducted + refunds paid
  Fen debt = 0;
};

RC_GTEST_PROP(LedgerProperty, NoAccountGoesNegativeAndMoneyIsConserved, ()) {
  const auto steps = *rc::gen::container<std::vector<std::pair<int, int>>>(
      rc::gen::pair(rc::gen::inRange(0, 9), rc::gen::inRange(1, 5000)));
  Model m;
  for (auto [op_i, amount] : steps) {
    std::vector<Entry> entries;
    switch (static_cast<Op>(op_i)) {
      case Op::Recharge:
        entries.push_back(recharge(amount, "sandbox", "p"));
        m.money_in += amount;
        break;
      case Op::Gift:
        entries.push_back(gift(amount, "g", ""));
        m.money_in += amount;
        break;
      case Op::Hold:
        if (auto h = adjust_hold(m.b, m.hold, amount, "o")) {
          entries.push_back(h->entry);
          m.hold = h->hold;
        }
        break;
      case Op::Settle: {
        auto s = settle(m.b, m.hold, amount, "o");
        entries = s.entries;
        RC_ASSERT(s.charged + s.debt == amount);
        m.hold = {};
        m.money_out += s.charged;
        m.debt += s.debt;
        break;
      }
      case Op::Charge: {
        auto s = charge(m.b, amount, "o");
        entries = s.entries;
        m.money_out += s.charged;
        m.debt += s.debt;
        break;
      }
      case Op::RefundRequest:
        if (auto e = refund_request(m.b, amount, "r")) {
          entries.push_back(*e);
          m.refunding_open += amount;
        } else {
          RC_ASSERT(amount > m.b.cash);
        }
        break;
      case Op::RefundPaid:
        if (m.refunding_open > 0) {
          entries.push_back(refund_paid(m.refunding_open, "sandbox", "r"));
          m.money_out += m.refunding_open;
          m.refunding_open = 0;
        }
        break;
      case Op::RefundCancel:
        if (m.refunding_open > 0) {
          entries.push_back(refund_canceled(m.refunding_open, "r", "no"));
          m.refunding_open = 0;
        }
        break;
      case Op::Adjust: {
        Fen signed_amount = amount % 2 == 0 ? amount : -amount;
        if (auto e = adjustment(m.b, signed_amount, "a", "m")) {
          entries.push_back(*e);
          m.money_in += signed_amount;
        } else {
          RC_ASSERT(m.b.cash + signed_amount < 0);
        }
        break;
      }
    }
    for (const auto& e : entries) {
      RC_ASSERT(sum_of(e) == 0);
      auto next = apply(m.b, e);
      RC_ASSERT(next.has_value());  // every planned entry is applicable
      m.b = *next;
    }
    RC_ASSERT(m.b.cash >= 0);
    RC_ASSERT(m.b.gift >= 0);
    RC_ASSERT(m.b.held_cash >= 0);
    RC_ASSERT(m.b.held_gift >= 0);
    RC_ASSERT(m.b.refunding == m.refunding_open);
    RC_ASSERT(m.b.held_cash + m.b.held_gift == m.hold.total());
    // What came in is in the wallet or went out.
    RC_ASSERT(m.money_in ==
              m.b.cash + m.b.gift + m.b.held_cash + m.b.held_gift + m.b.refunding + m.money_out);
  }
}

}  // namespace
}  // namespace ct::wallet
