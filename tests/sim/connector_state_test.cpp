#include "simulator/connector_state.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace ct::sim {
namespace {

using S = ConnectorStatus;

TEST(ConnectorStateTest, TableMatchesTheSpecCount) {
  // OCPP 1.6 section 4.9: 7 + 6 + 6 + 6 + 6 + 4 + 4 + 6 + 8 allowed transitions.
  EXPECT_EQ(allowed_transitions().size(), 53u);
  std::set<std::pair<S, S>> seen;
  for (const auto& t : allowed_transitions()) {
    EXPECT_NE(t.from, t.to) << t.spec_id;
    EXPECT_TRUE(seen.insert({t.from, t.to}).second) << "duplicate " << t.spec_id;
  }
}

TEST(ConnectorStateTest, AllowedTransitions) {
  EXPECT_TRUE(transition_allowed(S::Available, S::Preparing));
  EXPECT_TRUE(transition_allowed(S::Preparing, S::Charging));
  EXPECT_TRUE(transition_allowed(S::Charging, S::SuspendedEV));
  EXPECT_TRUE(transition_allowed(S::SuspendedEV, S::Finishing));
  EXPECT_TRUE(transition_allowed(S::Charging, S::Finishing));
  EXPECT_TRUE(transition_allowed(S::Finishing, S::Available));
  EXPECT_TRUE(transition_allowed(S::Available, S::Unavailable));
  EXPECT_TRUE(transition_allowed(S::Unavailable, S::Available));
  EXPECT_TRUE(transition_allowed(S::Faulted, S::Reserved));
  EXPECT_TRUE(transition_allowed(S::Available, S::Available));  // no change
}

TEST(ConnectorStateTest, ForbiddenTransitions) {
  EXPECT_FALSE(transition_allowed(S::Available, S::Finishing));
  EXPECT_FALSE(transition_allowed(S::Preparing, S::Reserved));
  EXPECT_FALSE(transition_allowed(S::Preparing, S::Unavailable));
  EXPECT_FALSE(transition_allowed(S::Charging, S::Preparing));
  EXPECT_FALSE(transition_allowed(S::Charging, S::Reserved));
  EXPECT_FALSE(transition_allowed(S::Finishing, S::Charging));
  EXPECT_FALSE(transition_allowed(S::Reserved, S::Charging));
  EXPECT_FALSE(transition_allowed(S::Unavailable, S::Finishing));
  EXPECT_FALSE(transition_allowed(S::Unavailable, S::Reserved));
}

TEST(ConnectorStateTest, EveryStateCanFaultAndEveryStateButAvailableCanReachAvailable) {
  for (auto s : ocpp16::enum_values<S>()) {
    if (s != S::Faulted) {
      EXPECT_TRUE(transition_allowed(s, S::Faulted)) << ocpp16::to_string(s);
    }
    EXPECT_TRUE(transition_allowed(s, S::Available)) << ocpp16::to_string(s);
  }
}

}  // namespace
}  // namespace ct::sim
