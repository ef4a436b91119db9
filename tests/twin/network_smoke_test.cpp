// The smoke scenario in network mode against a real `chargetwin serve` process: the
// scenario runner provisions it over HTTP, drives its chargers over WebSockets and
// judges the run from the server's records, exactly as a QA engineer runs it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/core/secrets.hpp"
#include "server/node/csms_node.hpp"
#include "simulator/csms_api.hpp"
#include "simulator/twin/provisioning.hpp"
#include "simulator/twin/scenario_runner.hpp"
#include "tests/support/child_process.hpp"

namespace ct::sim {
namespace {

using ct::testing::ChildProcess;
using ct::testing::slurp;
using namespace std::chrono_literals;

TEST(NetworkSmokeTest, SmokePassesAgainstARealServe) {
  auto dir = std::filesystem::temp_directory_path() /
             ("ct-netsmoke-" + core::random_token("").substr(0, 12));
  std::filesystem::create_directories(dir);
  auto port = ct::testing::free_loopback_port();
  auto token = core::random_token("ctp_");
  ChildProcess serve(
      {CT_CHARGETWIN_EXE, "serve", "--listen", "127.0.0.1:" + std::to_string(port), "--db",
       (dir / "serve.db").string(), "--bootstrap-token", token, "--log-level", "warn"},
      dir / "serve.log");
  ASSERT_TRUE(serve.started());
  ASSERT_TRUE(ct::testing::wait_healthy(port, 20s)) << slurp(dir / "serve.log");

  auto run = [&](const std::string& name) {
    ChildProcess p(
        {CT_CHARGETWIN_EXE, "scenario", "run", CT_SCENARIOS_DIR "/smoke.json", "--target",
         "ws://127.0.0.1:" + std::to_string(port) + "/ocpp", "--platform-token", token, "--speed",
         "300", "--quiet", "--report", (dir / (name + ".json")).string()},
        dir / (name + ".out"));
    return p.wait(180s);
  };
  int rc = run("first");
  // A second run against the same server reuses what the first provisioned and is judged
  // on its own transactions only.
  int rc2 = rc == 0 ? run("second") : -2;
  int serve_rc = serve.terminate(20s);

  ASSERT_EQ(rc, 0) << slurp(dir / "first.out") << slurp(dir / "serve.log");
  auto report = nlohmann::json::parse(slurp(dir / "first.json"));
  EXPECT_EQ(report["mode"], "network");
  EXPECT_TRUE(report["passed"].get<bool>());
  EXPECT_GE(report["stats"]["sessionsStopped"].get<int>(), 3);
  EXPECT_TRUE(report["warnings"].empty()) << report["warnings"].dump();
  for (const auto& e : report["expectations"]) EXPECT_TRUE(e["passed"].get<bool>()) << e.dump();
  EXPECT_EQ(rc2, 0) << slurp(dir / "second.out");
  EXPECT_EQ(serve_rc, 0) << slurp(dir / "serve.log");
  std::filesystem::remove_all(dir);
}

TEST(NetworkSmokeTest, MixedFleetOverWebSocketsAndYkcTcpAgainstARealServe) {
  // OCPP piles on the WebSocket endpoint and YKC piles on the gateway's TCP port of one
  // `chargetwin serve`, with the mixed-fleet faults (drops, reboots, a power cut, an outage).
  // Two hours at 150x: a YKC pile waits 10 s of its time (67 ms) for the server's answers.
  auto dir = std::filesystem::temp_directory_path() /
             ("ct-netmixed-" + core::random_token("").substr(0, 12));
  std::filesystem::create_directories(dir);
  auto port = ct::testing::free_loopback_port();
  auto ykc_port = ct::testing::free_loopback_port();
  while (ykc_port == port) ykc_port = ct::testing::free_loopback_port();
  auto token = core::random_token("ctp_");
  ChildProcess serve(
      {CT_CHARGETWIN_EXE, "serve", "--listen", "127.0.0.1:" + std::to_string(port), "--ykc-listen",
       "127.0.0.1:" + std::to_string(ykc_port), "--db", (dir / "serve.db").string(),
       "--bootstrap-token", token, "--log-level", "warn"},
      dir / "serve.log");
  ASSERT_TRUE(serve.started());
  ASSERT_TRUE(ct::testing::wait_healthy(port, 20s)) << slurp(dir / "serve.log");

  ChildProcess run(
      {CT_CHARGETWIN_EXE, "scenario", "run", CT_SCENARIOS_DIR "/mixed-fleet.json", "--target",
       "ws://127.0.0.1:" + std::to_string(port) + "/ocpp", "--ykc-target",
       "127.0.0.1:" + std::to_string(ykc_port), "--platform-token", token, "--speed", "150",
       "--duration", "2h", "--quiet", "--report", (dir / "mixed.json").string()},
      dir / "mixed.out");
  int rc = run.wait(300s);
  int serve_rc = serve.terminate(20s);
  ASSERT_EQ(rc, 0) << slurp(dir / "mixed.out") << slurp(dir / "serve.log");
  auto report = nlohmann::json::parse(slurp(dir / "mixed.json"));
  EXPECT_EQ(report["mode"], "network");
  EXPECT_TRUE(report["passed"].get<bool>());
  for (const auto& e : report["expectations"]) EXPECT_TRUE(e["passed"].get<bool>()) << e.dump();
  const auto& ykc = report["stats"]["byProtocol"]["ykc1.6"];
  EXPECT_EQ(ykc["chargers"].get<int>(), 6) << report["stats"].dump();
  EXPECT_GT(ykc["sessionsStopped"].get<int>(), 0) << report["stats"].dump();
  EXPECT_GT(report["stats"]["byProtocol"]["ocpp1.6"]["sessionsStopped"].get<int>(), 0);
  EXPECT_EQ(serve_rc, 0) << slurp(dir / "serve.log");
  std::filesystem::remove_all(dir);
}

TEST(NetworkSmokeTest, AYkcScenarioWithoutAYkcTargetIsRefusedClearly) {
  auto sc = load_scenario(CT_SCENARIOS_DIR "/mixed-fleet.json");
  RunOptions o;
  o.mode = RunOptions::Mode::Network;
  o.target = "ws://127.0.0.1:" + std::to_string(ct::testing::free_loopback_port()) + "/ocpp";
  o.speed = 300;
  try {
    run_scenario(sc, o);
    ADD_FAILURE() << "a ykc1.6 pile ran without a YKC link";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("--ykc-target"), std::string::npos) << e.what();
  }
  o.ykc_target = "127.0.0.1";
  EXPECT_THROW(run_scenario(sc, o), ScenarioError);
}

TEST(NetworkSmokeTest, WithoutTheCsmsApiTheRecordChecksAreSkippedNotFailed) {
  // A CSMS the runner cannot read (as any other vendor's would be): its operator set up
  // the piles and cards beforehand, and the run is judged on the chargers' side only.
  auto dir = std::filesystem::temp_directory_path() /
             ("ct-netblind-" + core::random_token("").substr(0, 12));
  std::filesystem::create_directories(dir);
  node::NodeConfig cfg;
  cfg.db_path = (dir / "csms.db").string();
  cfg.http.port = 0;
  auto token = core::random_token("ctp_");
  cfg.bootstrap_token = token;
  node::CsmsNode csms(cfg);
  auto port = csms.start();
  auto sc = load_scenario(CT_SCENARIOS_DIR "/smoke.json");
  provision_scenario(http_csms_api("127.0.0.1", port), token, sc);

  RunOptions o;
  o.mode = RunOptions::Mode::Network;
  o.target = "ws://127.0.0.1:" + std::to_string(port) + "/ocpp";
  o.speed = 300;
  auto report = run_scenario(sc, o);
  csms.stop();
  std::filesystem::remove_all(dir);

  EXPECT_TRUE(report.passed()) << summary_text(report);
  EXPECT_TRUE(report.settled);
  EXPECT_GT(report.stats.sessions_stopped, 0);
  // App starts need the CSMS's command API: without it they are refused and counted.
  EXPECT_EQ(report.stats.driver_requests_refused,
            report.stats.remote_starts_requested + report.stats.remote_stops_requested);
  int skipped = 0;
  for (const auto& e : report.expectations) {
    if (e.skipped) {
      ++skipped;
      EXPECT_FALSE(e.passed);
      EXPECT_NE(e.detail.find("skipped"), std::string::npos);
    }
  }
  EXPECT_EQ(skipped, 6);  // the six checks that read the CSMS's records
  EXPECT_NE(summary_text(report).find("SKIP transactions_stored"), std::string::npos);
  EXPECT_FALSE(report.warnings.empty());
}

}  // namespace
}  // namespace ct::sim
