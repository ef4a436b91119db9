#include "server/api/handler.hpp"

#include "server/api/query_params.hpp"

namespace ct::api {

void throw_not_found(const std::string& what) {
  throw ApiError(ErrorCode::kNotFound, what + " not found");
}

ApiServices& Call::services() const {
  if (ctx.services == nullptr)
    throw ApiError(ErrorCode::kInternal, "billing services are not configured on this server");
  return *ctx.services;
}

core::Id Call::id_param(const char* name, const char* what) const {
  auto v = parse_positive_id(params.at(name));
  if (!v) throw_not_found(std::string(what) + " " + params.at(name));
  return *v;
}

}  // namespace ct::api
