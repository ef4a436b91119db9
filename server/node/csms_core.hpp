// The server without its listener: store, bus, charge-point service, charger registry
// and API router, composed once. CsmsNode puts sockets in front of it; the in-process
// twin (simulator/inprocess) puts in-memory charger links in front of it instead, so a
// simulated run exercises exactly the code a real deployment runs.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/core/clock.hpp"
#include "server/core/ocpp/charge_point_service.hpp"

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

struct CoreConfig {
  std::string db_path = "data/chargetwin.db";
  core::ChargePointConfig charge_point;
  std::optional<std::string> bootstrap_token;
};

class CsmsCore {
 public:
  // Opens the store (running migrations), settles what a previous run left behind (piles
  // offline, unanswered commands failed) and ensures the platform token. Throws when the
  // store cannot be opened.
  CsmsCore(CoreConfig config, const core::Clock& clock);
  ~CsmsCore();
  CsmsCore(const CsmsCore&) = delete;
  CsmsCore& operator=(const CsmsCore&) = delete;

  store::Store& store() { return *store_; }
  bus::InProcessBus& bus() { return *bus_; }
  core::ChargePointService& service() { return *service_; }
  gateway::ChargerRegistry& registry() { return *registry_; }
  api::ApiRouter& api() { return *api_; }
  // Serialises every call into the service, which is single-threaded.
  std::mutex& core_mutex() { return core_mutex_; }
  const core::Clock& clock() const { return clock_; }
  const CoreConfig& config() const { return config_; }
  // Set when the constructor generated the platform token (printed once by the caller).
  const std::optional<std::string>& generated_token() const { return generated_token_; }

 private:
  CoreConfig config_;
  const core::Clock& clock_;
  std::mutex core_mutex_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<bus::InProcessBus> bus_;
  std::unique_ptr<core::ChargePointService> service_;
  std::unique_ptr<gateway::ChargerRegistry> registry_;
  std::unique_ptr<api::ApiRouter> api_;
  std::optional<std::string> generated_token_;
};

}  // namespace ct::node
