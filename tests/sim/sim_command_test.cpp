// `chargetwin sim` end to end: provision + run for a bounded duration against a real node.
#include "app/sim_command.hpp"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <random>

#include "server/node/csms_node.hpp"
#include "simulator/http_client.hpp"

namespace ct::app {
namespace {

constexpr const char* kPlatformToken = "ctp_sim_command_platform_token";

int parse(CLI::App& app, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return e.get_exit_code();
  }
  return 0;
}

TEST(SimCommandTest, RejectsABadTarget) {
  CLI::App app;
  add_sim_command(app);
  EXPECT_EQ(parse(app, {"sim", "--target", "http://nope", "--duration", "0.1"}), 2);
}

TEST(SimCommandTest, ProvisionsAndRunsForTheDuration) {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() / ("chargetwin-simcmd-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  node::NodeConfig cfg;
  cfg.db_path = (dir / "chargetwin.db").string();
  cfg.http.host = "127.0.0.1";
  cfg.http.port = 0;
  cfg.bootstrap_token = kPlatformToken;
  node::CsmsNode node(cfg);
  auto port = node.start();

  CLI::App app;
  add_sim_command(app);
  EXPECT_EQ(parse(app, {"sim", "--target", "ws://127.0.0.1:" + std::to_string(port) + "/ocpp",
                        "--chargers", "2", "--duration", "1.5", "--speed", "300",
                        "--provision-token", kPlatformToken, "--status-every", "1"}),
            0);
  // The chargers were registered and connected: both piles have booted.
  auto piles = sim::http_call("127.0.0.1", port, "GET", "/api/v1/piles/unbound", kPlatformToken);
  EXPECT_EQ(piles.status, 200) << piles.body;
  EXPECT_EQ(piles.data()["total"], 0) << "every simulated charger was provisioned";
  node.stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace ct::app
