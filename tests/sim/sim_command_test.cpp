// `chargetwin sim` end to end: provision + run for a bounded duration against a real node,
// in-process and as the built binary splitting the fleet across processes.
#include "app/sim_command.hpp"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>

#include "server/bus/bus.hpp"
#include "server/node/csms_node.hpp"
#include "simulator/http_client.hpp"
#include "simulator/provision.hpp"

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

TEST(SimShardingTest, SlicesAreContiguousDisjointAndCoverTheFleet) {
  for (int shards : {1, 2, 3, 7}) {
    int next = 0;
    for (int i = 1; i <= shards; ++i) {
      auto s = shard_slice(20'000, i, shards);
      EXPECT_EQ(s.first, next) << i << "/" << shards;
      EXPECT_GE(s.count, 20'000 / shards);
      EXPECT_LE(s.count, 20'000 / shards + 1);
      next = s.first + s.count;
    }
    EXPECT_EQ(next, 20'000);
  }
  EXPECT_EQ(shard_slice(6, 2, 2).first, 3);
  EXPECT_EQ(shard_slice(6, 2, 2).count, 3);
}

TEST(SimShardingTest, ShardsGetTheirOwnSourceAddresses) {
  std::vector<std::string> four{"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"};
  EXPECT_EQ(shard_source_addresses(four, 1, 2),
            (std::vector<std::string>{"127.0.0.1", "127.0.0.2"}));
  EXPECT_EQ(shard_source_addresses(four, 2, 2),
            (std::vector<std::string>{"127.0.0.3", "127.0.0.4"}));
  EXPECT_EQ(shard_source_addresses(four, 3, 3),
            (std::vector<std::string>{"127.0.0.3", "127.0.0.4"}));
  // Fewer addresses than shards: one each, shared round-robin.
  std::vector<std::string> two{"127.0.0.1", "127.0.0.2"};
  EXPECT_EQ(shard_source_addresses(two, 3, 3), std::vector<std::string>{"127.0.0.1"});
  EXPECT_TRUE(shard_source_addresses({}, 1, 2).empty());
}

TEST(SimShardingTest, AChargersConfigDependsOnlyOnItsGlobalIndex) {
  auto whole = sim::demo_charger_configs(9, 0, 9);
  auto tail = sim::demo_charger_configs(9, 6, 3);
  ASSERT_EQ(whole.size(), 9u);
  ASSERT_EQ(tail.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& a = whole[6 + i];
    const auto& b = tail[i];
    EXPECT_EQ(a.charge_point_id, b.charge_point_id);
    EXPECT_EQ(a.max_power_w, b.max_power_w);
    EXPECT_EQ(a.id_tags, b.id_tags);
  }
  EXPECT_EQ(whole[0].charge_point_id, "SIM-0001");
  EXPECT_EQ(tail[2].charge_point_id, "SIM-0009");
  EXPECT_EQ(whole[0].id_tags.size(), 10u);
  EXPECT_EQ(whole[0].id_tags.front(), "SIMTAG0001");
  // 18 tags in a fleet of 9: the window of the last charger wraps around.
  EXPECT_EQ(whole[8].id_tags.front(), "SIMTAG0017");
  EXPECT_EQ(whole[8].id_tags[2], "SIMTAG0001");
}

// Some line of `out` starts with `prefix` and contains `needle`.
bool has_line(const std::string& out, const std::string& prefix, const std::string& needle) {
  std::size_t pos = 0;
  while (pos < out.size()) {
    auto end = out.find('\n', pos);
    if (end == std::string::npos) end = out.size();
    auto line = out.substr(pos, end - pos);
    if (line.rfind(prefix, 0) == 0 && line.find(needle) != std::string::npos) return true;
    pos = end + 1;
  }
  return false;
}

std::string run_binary(const std::string& args, int& status) {
  // `timeout` bounds the run should the binary hang; --duration ends it normally.
  std::string cmd = std::string("timeout -s KILL 60 ") + CT_CHARGETWIN_EXE + " " + args + " 2>&1";
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) {
    status = -1;
    return out;
  }
  char buf[4096];
  while (auto n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  status = pclose(pipe);
  return out;
}

// The real binary: `sim --processes 2` forks/execs itself into two shards; the server sees
// all six chargers connect, each shard reports its half, the parent prints fleet totals.
TEST(SimCommandTest, ShardedRunConnectsEveryChargerOnce) {
  std::random_device rd;
  auto dir =
      std::filesystem::temp_directory_path() / ("chargetwin-simshard-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  node::NodeConfig cfg;
  cfg.db_path = (dir / "chargetwin.db").string();
  cfg.http.host = "127.0.0.1";
  cfg.http.port = 0;
  cfg.bootstrap_token = kPlatformToken;
  node::CsmsNode node(cfg);
  auto port = node.start();
  std::mutex mu;
  std::multiset<std::string> connected;
  std::set<std::string> remotes;
  node.bus().subscribe([&](const events::Event& e) {
    if (!e.has_charger_connected()) return;
    std::lock_guard lock(mu);
    connected.insert(e.charge_point_id());
    auto r = e.charger_connected().remote();
    remotes.insert(r.substr(0, r.rfind(':')));
  });

  int status = 0;
  auto out = run_binary("sim --target ws://127.0.0.1:" + std::to_string(port) +
                            "/ocpp --chargers 6 --processes 2 --duration 4 --speed 60"
                            " --status-every 1 --source-addresses 127.0.0.1-127.0.0.4"
                            " --provision-token " +
                            kPlatformToken,
                        status);
  ASSERT_TRUE(WIFEXITED(status)) << out;
  EXPECT_EQ(WEXITSTATUS(status), 0) << out;

  EXPECT_NE(out.find("sharding 6 chargers over 2 processes"), std::string::npos) << out;
  EXPECT_NE(out.find("[shard 1/2] simulating 3 chargers (SIM-0001..)"), std::string::npos) << out;
  EXPECT_NE(out.find("[shard 2/2] simulating 3 chargers (SIM-0004..)"), std::string::npos) << out;
  EXPECT_TRUE(has_line(out, "[shard 1/2] [", "chargers 3/3 connected (3 accepted)")) << out;
  EXPECT_TRUE(has_line(out, "[shard 2/2] [", "chargers 3/3 connected (3 accepted)")) << out;
  EXPECT_TRUE(has_line(out, "[", "s] fleet: chargers 6/6 connected (6 accepted)")) << out;
  EXPECT_NE(out.find("final: fleet: chargers 0/6 connected"), std::string::npos) << out;
  {
    std::lock_guard lock(mu);
    // Every charger connected, each exactly once (no two shards run the same charger).
    EXPECT_EQ(connected, (std::multiset<std::string>{"SIM-0001", "SIM-0002", "SIM-0003", "SIM-0004",
                                                     "SIM-0005", "SIM-0006"}))
        << out;
    // Shard 1 connects from 127.0.0.1-2, shard 2 from 127.0.0.3-4.
    EXPECT_EQ(remotes, (std::set<std::string>{"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"}))
        << out;
  }
  node.stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST(SimCommandTest, ShardedRunFailsWhenAShardFails) {
  // No server at all is fine for the fleet (it retries); an IPv6 source address for an
  // IPv4 server is not: each shard fails to start, and the parent must exit non-zero.
  int status = 0;
  auto out = run_binary(
      "sim --target ws://127.0.0.1:9/ocpp --chargers 4 --processes 2 --duration 2"
      " --source-addresses ::1",
      status);
  ASSERT_TRUE(WIFEXITED(status)) << out;
  EXPECT_EQ(WEXITSTATUS(status), 1) << out;
  EXPECT_NE(out.find("cannot start the fleet"), std::string::npos) << out;
  EXPECT_NE(out.find("error: shard"), std::string::npos) << out;
}

}  // namespace
}  // namespace ct::app
