#include "server/api/api_router.hpp"

#include "server/api/envelope.hpp"
#include "server/core/log.hpp"

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
  Principal who = authenticate_or_throw(ctx_.store, req);
  auto m = routes_.match(req.method, req.path);
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
  if (route.access == Access::Tenant && who.platform_admin) {
    throw ApiError(ErrorCode::kTenantOnly,
                   "this endpoint needs a tenant API token; create one with "
                   "POST /api/v1/tenants/{id}/api-tokens");
  }
  Call call{req, m->params, who, ctx_};
  Reply reply = route.handler(call);
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
