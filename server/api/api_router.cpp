#include "server/api/api_router.hpp"

#include "server/api/envelope.hpp"
#include "server/core/log.hpp"
#include "server/drivers/driver_auth.hpp"

namespace ct::api {

namespace {
std::string join_methods(const std::vector<std::string>& ms) {
  std::string out;
  for (const auto& m : ms) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}
}  // namespace

ApiRouter::ApiRouter(ApiContext ctx) : ctx_(ctx) {
  add_tenant_routes(routes_);
  add_station_routes(routes_);
  add_pile_routes(routes_);
  add_id_tag_routes(routes_);
  add_transaction_routes(routes_);
  add_command_routes(routes_);
  add_tariff_routes(routes_);
  add_order_routes(routes_);
  add_wallet_admin_routes(routes_);
  add_payment_routes(routes_);
  add_app_auth_routes(routes_);
  add_app_profile_routes(routes_);
  add_app_station_routes(routes_);
  add_app_order_routes(routes_);
  add_app_wallet_routes(routes_);
}

Principal ApiRouter::authenticate_driver(const HttpRequest& req) {
  if (ctx_.services == nullptr)
    throw ApiError(ErrorCode::kInternal, "driver sign-in is not configured on this server");
  auto token = bearer_token_of(req);
  if (!token) {
    throw ApiError(ErrorCode::kMissingToken,
                   "missing bearer token: send the app access token as 'Authorization: Bearer "
                   "<token>'");
  }
  auto v = ctx_.services->auth.verify_access(*token, ctx_.clock.now());
  if (auto* p = std::get_if<drivers::DriverPrincipal>(&v)) {
    Principal who;
    who.tenant_id = p->tenant_id;
    who.driver_id = p->driver_id;
    who.label = "driver:" + std::to_string(p->driver_id);
    return who;
  }
  switch (std::get<drivers::TokenProblem>(v)) {
    case drivers::TokenProblem::Expired:
      throw ApiError(ErrorCode::kDriverTokenExpired,
                     "the access token has expired; get a new one with POST "
                     "/api/v1/app/auth/refresh");
    case drivers::TokenProblem::Revoked:
      throw ApiError(ErrorCode::kDriverTokenRevoked,
                     "the access token was revoked (logged out or account deleted); sign in again");
    default:
      // A tenant or platform token sent to an app endpoint is the likeliest mistake.
      if (token->rfind("ctt_", 0) == 0 || token->rfind("ctp_", 0) == 0)
        throw ApiError(ErrorCode::kDriverOnly,
                       "this endpoint is for the drivers' app: sign in with POST "
                       "/api/v1/app/auth/login");
      throw ApiError(ErrorCode::kDriverTokenInvalid, "not a valid app access token");
  }
}

std::optional<Principal> ApiRouter::authenticate(const HttpRequest& req) {
  try {
    return authenticate_or_throw(ctx_.store, req);
  } catch (const std::exception& e) {
    if (dynamic_cast<const ApiError*>(&e) == nullptr) {
      log::error("api_auth_failed", {{"error", e.what()}, {"remote", req.remote}});
    }
    return std::nullopt;
  }
}

HttpResponse ApiRouter::dispatch(const HttpRequest& req) {
  auto m = routes_.match(req.method, req.path);
  // Sign-in and provider notifications are open; everything else needs its token first,
  // so that an unauthenticated caller learns nothing about which paths exist.
  const bool open = m && m->target != nullptr && m->target->access == Access::Public;
  const bool driver = m && m->target != nullptr && m->target->access == Access::Driver;
  Principal who;
  if (driver) {
    who = authenticate_driver(req);
  } else if (!open) {
    who = authenticate_or_throw(ctx_.store, req);
  }
  if (!m) {
    throw ApiError(ErrorCode::kRouteNotFound, "no endpoint " + req.path);
  }
  if (m->target == nullptr) {
    auto allow = join_methods(m->allowed);
    auto r = error_response(ErrorCode::kMethodNotAllowed,
                            req.method + " is not allowed on " + req.path + "; use " + allow);
    r.headers["Allow"] = allow;
    return r;
  }
  const Route& route = *m->target;
  if (route.access == Access::Platform && !who.platform_admin) {
    throw ApiError(ErrorCode::kPlatformOnly, "this endpoint needs the platform-admin token");
  }
  if (route.access == Access::Tenant && (who.platform_admin || who.driver_id != 0)) {
    throw ApiError(ErrorCode::kTenantOnly,
                   "this endpoint needs a tenant API token; create one with "
                   "POST /api/v1/tenants/{id}/api-tokens");
  }
  Call call{req, m->params, who, ctx_};
  Reply reply = route.handler(call);
  if (reply.raw) return std::move(*reply.raw);
  return ok_response(reply.status, std::move(reply.data));
}

HttpResponse ApiRouter::handle(const HttpRequest& req) {
  try {
    return dispatch(req);
  } catch (const ApiError& e) {
    return error_response(e);
  } catch (const store::ConflictError& e) {
    log::info("api_conflict", {{"path", req.path}, {"detail", e.what()}});
    return error_response(ErrorCode::kDuplicate,
                          "conflicts with an existing resource (a unique value is already taken)");
  } catch (const store::StoreError& e) {
    log::error("api_store_error",
               {{"method", req.method}, {"path", req.path}, {"error", e.what()}});
    return error_response(ErrorCode::kInternal,
                          "internal error while accessing storage; see the server log");
  } catch (const std::exception& e) {
    log::error("api_internal_error",
               {{"method", req.method}, {"path", req.path}, {"error", e.what()}});
    return error_response(ErrorCode::kInternal, "internal error; see the server log");
  } catch (...) {
    log::error("api_internal_error", {{"method", req.method}, {"path", req.path}});
    return error_response(ErrorCode::kInternal, "internal error; see the server log");
  }
}

}  // namespace ct::api
