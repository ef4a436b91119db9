// One CSMS node: composes the store, bus, charge-point service, API router and the
// listener. The CLI's `serve` and the integration tests both run exactly this.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/core/clock.hpp"
#include "server/core/ocpp/charge_point_service.hpp"
#include "server/gateway/http_server.hpp"

namespace ct::store {
class Store;
}
namespace ct::bus {
class InProcessBus;
}
namespace ct::api {
class ApiRouter;
}
namespace ct::gateway {
class ChargerRegistry;
}

namespace ct::node {

struct NodeConfig {
  std::string db_path = "data/chargetwin.db";
  gateway::HttpServerConfig http;
  core::ChargePointConfig charge_point;
  std::optional<std::string> bootstrap_token;
};

class CsmsNode {
 public:
  explicit CsmsNode(NodeConfig config, const core::Clock* clock = nullptr);
  ~CsmsNode();
  CsmsNode(const CsmsNode&) = delete;
  CsmsNode& operator=(const CsmsNode&) = delete;

  // Opens the store (running migrations), settles what a previous run left behind,
  // ensures the platform token and starts listening. Returns the bound port.
  std::uint16_t start();
  // Closes every connection, records each charger offline and closes the store.
  void stop();

  // Set when start() generated the platform token (printed once by the caller).
  const std::optional<std::string>& generated_token() const { return generated_token_; }
  std::uint16_t port() const { return port_; }
  store::Store& store() { return *store_; }
  bus::InProcessBus& bus() { return *bus_; }

 private:
  NodeConfig config_;
  core::SystemClock system_clock_;
  const core::Clock& clock_;
  std::mutex core_mutex_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<bus::InProcessBus> bus_;
  std::unique_ptr<core::ChargePointService> service_;
  std::unique_ptr<gateway::ChargerRegistry> registry_;
  std::unique_ptr<api::ApiRouter> api_;
  std::unique_ptr<gateway::HttpServer> http_;
  std::optional<std::string> generated_token_;
  std::uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace ct::node
