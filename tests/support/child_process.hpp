// Running the real `chargetwin` binary from a test, as an operator would: spawn it with
// its output in a file, wait for it with a deadline, stop it. No sleeps-and-hope: every
// wait is bounded and polls a condition.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ct::testing {

class ChildProcess {
 public:
  // argv[0] is the executable's path; stdout and stderr go to `output`.
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& output);
  ~ChildProcess();  // kills it if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  // The exit status; -1 if still running at the deadline (it is then killed); 128+signal
  // when a signal ended it.
  int wait(std::chrono::steady_clock::duration timeout);
  // SIGTERM, then wait(timeout).
  int terminate(std::chrono::steady_clock::duration timeout);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// A loopback port that was free a moment ago.
std::uint16_t free_loopback_port();
std::string slurp(const std::filesystem::path& path);
// Polls GET /healthz until it answers 200 or the timeout passes.
bool wait_healthy(std::uint16_t port, std::chrono::steady_clock::duration timeout);

}  // namespace ct::testing
