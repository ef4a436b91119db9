// The order transition table, exhaustively: every (state, event) pair either is in the
// table or is refused, and the table says what the rules say.
#include "server/orders/order_state.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace ct::orders {
namespace {

using S = OrderState;
using E = OrderEvent;

TEST(OrderStateTest, EveryPairIsEitherATransitionOfTheTableOrRefused) {
  std::map<std::pair<S, E>, S> table;
  for (const auto& t : order_transitions()) {
    EXPECT_TRUE(table.emplace(std::make_pair(t.from, t.event), t.to).second)
        << "duplicate row " << to_string(t.from) << " + " << to_string(t.event);
  }
  int allowed = 0;
  for (auto s : kOrderStates) {
    for (auto e : kOrderEvents) {
      auto it = table.find({s, e});
      auto next = next_state(s, e);
      if (it == table.end()) {
        EXPECT_FALSE(next) << to_string(s) << " + " << to_string(e);
      } else {
        ASSERT_TRUE(next) << to_string(s) << " + " << to_string(e);
        EXPECT_EQ(*next, it->second);
        ++allowed;
      }
    }
  }
  EXPECT_EQ(allowed, 18);
  EXPECT_EQ(kOrderStates.size() * kOrderEvents.size(), 108u);
}

TEST(OrderStateTest, TheRulesOfTheLifecycle) {
  EXPECT_EQ(next_state(S::Created, E::RemoteStartSent), S::Starting);
  EXPECT_EQ(next_state(S::Starting, E::ChargerStarted), S::Charging);
  EXPECT_EQ(next_state(S::Starting, E::StartTimedOut), S::StartFailed);
  EXPECT_EQ(next_state(S::StartFailed, E::ChargerStarted), S::Charging) << "a late start is billed";
  EXPECT_EQ(next_state(S::Charging, E::ChargerLost), S::Abnormal);
  EXPECT_EQ(next_state(S::Abnormal, E::ChargerStopped), S::Finished) << "the late stop closes it";
  EXPECT_EQ(next_state(S::Abnormal, E::OperatorClosed), S::Finished);
  EXPECT_EQ(next_state(S::Stopping, E::StopRefused), S::Charging);
  EXPECT_EQ(next_state(S::Finished, E::Settle), S::Settled);
  EXPECT_EQ(next_state(S::Settled, E::Refund), S::Refunded);
  // Nothing goes backwards, and nothing leaves refunded.
  EXPECT_FALSE(next_state(S::Settled, E::ChargerStopped));
  EXPECT_FALSE(next_state(S::Finished, E::ChargerStarted));
  EXPECT_FALSE(next_state(S::Charging, E::OperatorClosed))
      << "only abnormal orders are closed by hand";
  for (auto e : kOrderEvents) EXPECT_FALSE(next_state(S::Refunded, e)) << to_string(e);
}

TEST(OrderStateTest, WhoHoldsTheConnector) {
  std::set<S> holding;
  for (auto s : kOrderStates) {
    if (holds_connector(s)) holding.insert(s);
  }
  EXPECT_EQ(holding, (std::set<S>{S::Created, S::Starting, S::Charging, S::Stopping}));
  EXPECT_TRUE(is_closed(S::Settled));
  EXPECT_TRUE(is_closed(S::StartFailed));
  EXPECT_FALSE(is_closed(S::Abnormal));
}

TEST(OrderStateTest, NamesRoundTrip) {
  for (auto s : kOrderStates) EXPECT_EQ(order_state_from_string(to_string(s)), s);
  EXPECT_FALSE(order_state_from_string("paid"));
}

}  // namespace
}  // namespace ct::orders
