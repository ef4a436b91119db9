// The smoke scenario in network mode against a real `chargetwin serve` process: the
// scenario runner provisions it over HTTP, drives its chargers over WebSockets and
// judges the run from the server's records, exactly as a QA engineer runs it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "server/core/secrets.hpp"
#include "simulator/http_client.hpp"

extern char** environ;

namespace ct::sim {
namespace {

using Clock = std::chrono::steady_clock;

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& output) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

// The exit status, or -1 if the process is still running at the deadline (then killed).
int wait_exit(pid_t pid, Clock::time_point deadline) {
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(NetworkSmokeTest, SmokePassesAgainstARealServe) {
  auto dir = std::filesystem::temp_directory_path() /
             ("ct-netsmoke-" + core::random_token("").substr(0, 12));
  std::filesystem::create_directories(dir);
  auto port = std::to_string(free_port());
  auto token = core::random_token("ctp_");
  pid_t serve =
      spawn({CT_CHARGETWIN_EXE, "serve", "--listen", "127.0.0.1:" + port, "--db",
             (dir / "serve.db").string(), "--bootstrap-token", token, "--log-level", "warn"},
            dir / "serve.log");
  ASSERT_GT(serve, 0);

  // Ready when /healthz answers.
  bool up = false;
  for (auto deadline = Clock::now() + std::chrono::seconds(20); !up && Clock::now() < deadline;) {
    up = http_call("127.0.0.1", static_cast<std::uint16_t>(std::stoi(port)), "GET", "/healthz", "",
                   nullptr, std::chrono::seconds(1))
             .status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(up) << slurp(dir / "serve.log");

  auto run = [&](const std::string& name) {
    pid_t pid = spawn({CT_CHARGETWIN_EXE, "scenario", "run", CT_SCENARIOS_DIR "/smoke.json",
                       "--target", "ws://127.0.0.1:" + port + "/ocpp", "--platform-token", token,
                       "--speed", "300", "--quiet", "--report", (dir / (name + ".json")).string()},
                      dir / (name + ".out"));
    return wait_exit(pid, Clock::now() + std::chrono::seconds(180));
  };
  int rc = run("first");
  // A second run against the same server reuses what the first provisioned and is judged
  // on its own transactions only.
  int rc2 = rc == 0 ? run("second") : -2;

  ::kill(serve, SIGTERM);
  int serve_rc = wait_exit(serve, Clock::now() + std::chrono::seconds(20));

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
