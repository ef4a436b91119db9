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
class SqlStore;
}  // namespace ct::store
namespace ct::orders {
class OrderService;
}
namespace ct::drivers {
class DriverAuth;
class SmsSender;
}  // namespace ct::drivers
namespace ct::wallet {
class PaymentService;
class SandboxProvider;
class NotificationChannel;
}  // namespace ct::wallet
namespace ct::commands {
class CommandIssuer;
}
namespace ct::ykc {
class YkcService;
}
namespace ct::bus {
class InProcessBus;
}
namespace ct::api {
class ApiRouter;
struct ApiServices;
}  // namespace ct::api
namespace ct::gateway {
class ChargerRegistry;
}

namespace ct::node {

struct CoreConfig {
  std::string db_path = "data/chargetwin.db";
  core::ChargePointConfig charge_point;
  std::optional<std::string> bootstrap_token;
  // Where drivers' apps reach this server (the sandbox's pay URLs point here).
  std::string public_url = "http://127.0.0.1:8080";
  // The sandbox payment provider is offered to apps (development, tests, demos).
  bool sandbox_payments = true;
  // Sends drivers their sign-in codes; null: the development sender, which logs them.
  // Must outlive the core.
  drivers::SmsSender* sms = nullptr;
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

  store::Store& store();
  store::SqlStore& sql_store() { return *store_; }
  orders::OrderService& orders() { return *orders_; }
  wallet::PaymentService& payments() { return *payments_; }
  ykc::YkcService& ykc() { return *ykc_; }
  drivers::DriverAuth& driver_auth() { return *auth_; }
  // Null when sandbox_payments is off.
  wallet::SandboxProvider* sandbox() { return sandbox_.get(); }
  // Where the sandbox delivers its notifications: straight into the API router unless
  // the node sets an HTTP channel (a running server notifies itself over a socket).
  void set_notification_channel(wallet::NotificationChannel* channel);
  // The work that is not driven by a charger's frame or an API call: queued order events,
  // order timers, due payment notifications. The node's worker thread calls it; the
  // in-process twin calls it at fixed points of its step.
  void run_background();
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
  std::unique_ptr<store::SqlStore> store_;
  std::unique_ptr<bus::InProcessBus> bus_;
  std::unique_ptr<core::ChargePointService> service_;
  std::unique_ptr<gateway::ChargerRegistry> registry_;
  std::unique_ptr<commands::CommandIssuer> issuer_;
  std::unique_ptr<orders::OrderService> orders_;
  std::unique_ptr<drivers::SmsSender> sms_;
  std::unique_ptr<drivers::DriverAuth> auth_;
  std::unique_ptr<wallet::SandboxProvider> sandbox_;
  std::unique_ptr<wallet::NotificationChannel> router_channel_;
  std::unique_ptr<wallet::PaymentService> payments_;
  std::unique_ptr<api::ApiServices> services_;
  std::unique_ptr<ykc::YkcService> ykc_;
  std::unique_ptr<api::ApiRouter> api_;
  std::optional<std::string> generated_token_;
};

}  // namespace ct::node
