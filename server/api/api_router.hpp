// The sans-IO REST API: HttpRequest in, HttpResponse out. The Beast transport calls
// handle() for everything under /api/ and authenticate() for the events WebSocket.
// See docs/api.md for endpoints, envelope, error codes, auth and paging.
#pragma once

#include <optional>

#include "server/api/api_context.hpp"
#include "server/api/auth.hpp"
#include "server/api/handler.hpp"
#include "server/api/http.hpp"

namespace ct::api {

class ApiRouter {
 public:
  explicit ApiRouter(ApiContext ctx);
  // Never throws; safe to call from several threads (no mutable state of its own).
  HttpResponse handle(const HttpRequest& req);
  // The caller of a request, or nullopt (missing/unknown/revoked token, disabled tenant).
  std::optional<Principal> authenticate(const HttpRequest& req);

 private:
  HttpResponse dispatch(const HttpRequest& req);
  Principal authenticate_driver(const HttpRequest& req);

  ApiContext ctx_;
  Routes routes_;
};

}  // namespace ct::api
