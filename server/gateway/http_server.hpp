// The node's one listener: HTTP API, /healthz, /metrics, and WebSocket upgrades for
// chargers (/ocpp/{chargePointId}, subprotocol ocpp1.6) and event subscribers
// (/api/v1/events). Beast/Asio live only in http_server.cpp; this header is plain C++.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "server/core/model.hpp"
#include "server/gateway/ocpp_rpc_session.hpp"

namespace ct::core {
class ChargePointService;
class Clock;
}  // namespace ct::core
namespace ct::api {
class ApiRouter;
}
namespace ct::bus {
class Bus;
}

namespace ct::gateway {

class ChargerRegistry;

struct HttpServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  int threads = 2;
  std::size_t max_body_bytes = 1024 * 1024;
  // A silent WebSocket is pinged after half this time and closed after all of it,
  // so a charger that lost power shows offline within a bounded time.
  int ws_idle_timeout_s = 120;
  std::size_t max_queued_writes = 1024;  // per connection; past it the peer is too slow
  RpcConfig rpc;
};

struct HttpServerDeps {
  core::ChargePointService& service;
  api::ApiRouter& api;
  bus::Bus& bus;
  ChargerRegistry& registry;
  const core::Clock& clock;
  std::mutex& core_mutex;
};

class HttpServer {
 public:
  HttpServer(HttpServerConfig config, HttpServerDeps deps);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the I/O threads; returns the bound port. Throws on bind failure.
  std::uint16_t start();
  // Stops accepting, closes every connection, joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ct::gateway
