// The smoke scenario in network mode against a real `chargetwin serve` process: the
// scenario runner provisions it over HTTP, drives its chargers over WebSockets and
// judges the run from the server's records, exactly as a QA engineer runs it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/core/secrets.hpp"
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

}  // namespace
}  // namespace ct::sim
