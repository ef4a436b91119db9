// One CSMS node: the core (store, bus, charge-point service, API router; csms_core.hpp)
// behind the listener. The CLI's `serve` and the integration tests both run exactly this.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "server/core/clock.hpp"
#include "server/core/ocpp/charge_point_service.hpp"
#include "server/gateway/http_server.hpp"
#include "server/gateway/ykc_server.hpp"
#include "server/node/csms_core.hpp"

namespace ct::node {

struct NodeConfig {
  std::string db_path = "data/chargetwin.db";
  gateway::HttpServerConfig http;
  core::ChargePointConfig charge_point;
  std::optional<std::string> bootstrap_token;
  // Where apps reach this server; empty: http://<listen address>.
  std::string public_url;
  bool sandbox_payments = true;
  drivers::SmsSender* sms = nullptr;  // null: codes are logged (development)
  // The YKC 1.6 listener (TCP), when set: host and port (0: any free port).
  std::optional<gateway::YkcServerConfig> ykc;
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
  std::uint16_t ykc_port() const { return ykc_port_; }
  store::Store& store() { return core_->store(); }
  bus::InProcessBus& bus() { return core_->bus(); }
  CsmsCore& core() { return *core_; }

 private:
  NodeConfig config_;
  core::SystemClock system_clock_;
  const core::Clock& clock_;
  void background_loop();

  std::unique_ptr<CsmsCore> core_;
  std::unique_ptr<gateway::HttpServer> http_;
  std::unique_ptr<gateway::YkcServer> ykc_;
  std::uint16_t ykc_port_ = 0;
  std::unique_ptr<wallet::NotificationChannel> http_channel_;
  std::thread worker_;
  std::mutex worker_mu_;
  std::condition_variable worker_cv_;
  bool worker_stop_ = false;
  std::optional<std::string> generated_token_;
  std::uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace ct::node
