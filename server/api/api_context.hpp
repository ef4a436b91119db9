// What the API needs from the rest of the server, and who is calling.
#pragma once

#include <string>

#include "server/bus/bus.hpp"
#include "server/core/clock.hpp"
#include "server/core/command_sink.hpp"
#include "server/core/model.hpp"
#include "server/store/store.hpp"

namespace ct::store {
class TariffStore;
class OrderStore;
class DriverStore;
class WalletStore;
}  // namespace ct::store
namespace ct::orders {
class OrderService;
}
namespace ct::drivers {
class AccessTokenVerifier;
class DriverAuth;
}  // namespace ct::drivers
namespace ct::wallet {
class PaymentService;
}
namespace ct::commands {
class CommandIssuer;
}

namespace ct::api {

// Billing, orders, drivers and payments: what the tariff, order, wallet and driver-app
// endpoints use. The server always provides it; a test of the core endpoints alone may not.
struct ApiServices {
  store::TariffStore& tariffs;
  store::OrderStore& orders;
  store::DriverStore& drivers;
  store::WalletStore& wallets;
  commands::CommandIssuer& issuer;
  orders::OrderService& order_service;
  drivers::DriverAuth& auth;
  wallet::PaymentService& payments;
};

struct ApiContext {
  store::Store& store;
  const core::Clock& clock;
  core::CommandSink& commands;
  bus::Bus& bus;
  ApiServices* services = nullptr;
};

struct Principal {
  bool platform_admin = false;
  core::Id tenant_id = 0;  // 0 for the platform admin
  std::string label;       // token label; "platform" for the platform admin
  core::Id driver_id = 0;  // a driver of the app (tenant_id is the driver's tenant)
};

}  // namespace ct::api
