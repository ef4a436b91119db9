// What an endpoint handler sees and returns. Handlers throw ApiError for refusals; the
// ApiRouter wraps replies and errors in the envelope.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "server/api/api_context.hpp"
#include "server/api/http.hpp"
#include "server/api/json_fields.hpp"
#include "server/api/router.hpp"

namespace ct::api {

enum class Access {
  Platform,  // platform-admin token only
  Tenant,    // tenant token only
  Any,       // either
  Driver,    // an app driver's access token (/api/v1/app/...)
  Public,    // nobody signs in: sign-up and login, payment provider notifications
};

struct Call {
  const HttpRequest& req;
  const PathParams& params;
  const Principal& who;
  ApiContext& ctx;

  // The caller's tenant scope (tenant routes only).
  core::TenantScope scope() const { return core::TenantScope::of(who.tenant_id); }
  // A numeric {param}; anything but a positive integer cannot exist -> 404.
  core::Id id_param(const char* name, const char* what) const;
  const std::string& param(const char* name) const { return params.at(name); }
  Fields body() const { return Fields::parse(req.body); }
  core::UtcMillis now() const { return ctx.clock.now(); }
  // The billing/orders/drivers/payments services; 503 when this server has none.
  ApiServices& services() const;
};

struct Reply {
  int status = 200;
  nlohmann::json data;
  // Sent as is instead of the envelope: CSV exports, and answers a payment provider expects
  // in its own format.
  std::optional<HttpResponse> raw = std::nullopt;
};

using Handler = std::function<Reply(Call&)>;

struct Route {
  Access access = Access::Tenant;
  Handler handler;
};

using Routes = PathRouter<Route>;

[[noreturn]] void throw_not_found(const std::string& what);

// Each resource file registers its endpoints.
void add_tenant_routes(Routes& r);
void add_station_routes(Routes& r);
void add_pile_routes(Routes& r);
void add_id_tag_routes(Routes& r);
void add_transaction_routes(Routes& r);
void add_command_routes(Routes& r);
void add_tariff_routes(Routes& r);
void add_order_routes(Routes& r);
void add_wallet_admin_routes(Routes& r);
void add_payment_routes(Routes& r);
void add_app_auth_routes(Routes& r);
void add_app_profile_routes(Routes& r);
void add_app_station_routes(Routes& r);
void add_app_order_routes(Routes& r);
void add_app_wallet_routes(Routes& r);

}  // namespace ct::api
