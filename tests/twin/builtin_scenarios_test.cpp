// Every scenario shipped in scenarios/ passes in-process. city-day runs a shortened
// horizon here (its morning peak); the full day is a documented command.
#include <gtest/gtest.h>

#include <filesystem>

#include "simulator/twin/scenario_runner.hpp"

namespace ct::sim {
namespace {

const std::filesystem::path kDir = CT_SCENARIOS_DIR;

class BuiltinScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BuiltinScenarioTest, PassesInProcess) {
  auto sc = load_scenario((kDir / (GetParam() + ".json")).string());
  RunOptions o;
  if (sc.name == "city-day") o.duration_ms = 3 * 3'600'000;
  auto report = run_scenario(sc, o);
  EXPECT_TRUE(report.passed()) << summary_text(report);
  EXPECT_TRUE(report.settled) << summary_text(report);
  EXPECT_GT(report.stats.sessions_stopped, 0);
  EXPECT_EQ(report.expectations.size(), sc.expectations.size());
  if (sc.name == "mixed-fleet") {
    // Both protocols charged, and YKC piles uploaded bills of sessions that ended while
    // they were offline after logging in again.
    ASSERT_TRUE(report.stats.by_protocol.count("ocpp1.6") &&
                report.stats.by_protocol.count("ykc1.6"));
    EXPECT_GT(report.stats.by_protocol.at("ocpp1.6").sessions_stopped, 0);
    EXPECT_GT(report.stats.by_protocol.at("ykc1.6").sessions_stopped, 0);
    EXPECT_GT(report.stats.by_protocol.at("ykc1.6").records_after_login, 0) << summary_text(report);
  }
  if (sc.name == "offline-transactions") {
    // Cards the chargers knew started sessions while the link was down.
    EXPECT_GT(report.stats.sessions_started_offline, 0) << summary_text(report);
  }
  // Sessions the fault plan interrupted were still counted, and the plan really ran.
  for (const auto& f : sc.faults) {
    if (f.kind == "frame_loss" || f.kind == "frame_duplicate" || f.kind == "slow_responses")
      continue;
    EXPECT_GT(report.stats.faults.count(f.kind), 0u) << f.kind << " never fired";
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, BuiltinScenarioTest,
                         ::testing::Values("smoke", "city-day", "reconnect-storm",
                                           "offline-transactions", "reboot-mid-session",
                                           "lossy-wire", "mixed-fleet"));

TEST(BuiltinScenarioListTest, EveryShippedScenarioIsTested) {
  std::set<std::string> tested = {
      "smoke",      "city-day",   "reconnect-storm", "offline-transactions", "reboot-mid-session",
      "lossy-wire", "mixed-fleet"};
  for (const auto& e : std::filesystem::directory_iterator(kDir)) {
    auto name = e.path().filename().string();
    if (e.path().extension() != ".json" || name.ends_with(".schema.json")) continue;
    EXPECT_TRUE(tested.count(e.path().stem().string())) << name << " has no test";
    EXPECT_NO_THROW(validate_expectations(load_scenario(e.path().string()))) << name;
  }
}

TEST(BuiltinScenarioListTest, AFailingExpectationIsReportedByName) {
  auto sc = load_scenario((kDir / "smoke.json").string());
  sc.expectations = {{"min_sessions", {{"min", 100000}}}, {"transactions_closed", {}}};
  auto report = run_scenario(sc, {});
  EXPECT_FALSE(report.passed());
  ASSERT_EQ(report.expectations.size(), 2u);
  EXPECT_FALSE(report.expectations[0].passed);
  EXPECT_NE(report.expectations[0].detail.find("at least 100000"), std::string::npos);
  EXPECT_TRUE(report.expectations[1].passed);
  auto text = summary_text(report);
  EXPECT_NE(text.find("FAIL min_sessions"), std::string::npos) << text;
  EXPECT_NE(text.find("FAILED"), std::string::npos);
  auto j = to_json(report);
  EXPECT_FALSE(j["passed"].get<bool>());
  EXPECT_EQ(j["expectations"][0]["check"], "min_sessions");
}

}  // namespace
}  // namespace ct::sim
