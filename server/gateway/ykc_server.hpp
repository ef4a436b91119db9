// The YKC 1.6 listener: plain TCP (the piles are the clients), one YkcSession per
// connection, each connection a ChargerLink in the registry once its pile has logged in,
// so commands reach YKC piles the way they reach OCPP chargers. Asio lives only in
// ykc_server.cpp; this header is plain C++.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "server/ykc/ykc_session.hpp"

namespace ct::core {
class ChargePointService;
class Clock;
}  // namespace ct::core
namespace ct::ykc {
class YkcService;
}

namespace ct::gateway {

class ChargerRegistry;

struct YkcServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8767;  // 0: any free port (tests)
  int threads = 1;
  int login_timeout_s = 30;             // a connection that never logs in is closed
  std::size_t max_queued_writes = 256;  // per connection; past it the pile is too slow
  ykc::YkcSessionConfig session;
};

struct YkcServerDeps {
  ykc::YkcService& ykc;
  core::ChargePointService& service;
  ChargerRegistry& registry;
  const core::Clock& clock;
  std::mutex& core_mutex;
};

class YkcServer {
 public:
  YkcServer(YkcServerConfig config, YkcServerDeps deps);
  ~YkcServer();
  YkcServer(const YkcServer&) = delete;
  YkcServer& operator=(const YkcServer&) = delete;

  // Binds and starts the I/O threads; returns the bound port. Throws on bind failure.
  std::uint16_t start();
  // Stops accepting and closes every YKC connection. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ct::gateway
