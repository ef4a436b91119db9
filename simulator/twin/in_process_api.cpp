#include "simulator/twin/in_process_api.hpp"

#include "server/api/api_router.hpp"
#include "server/gateway/http_util.hpp"
#include "server/node/csms_core.hpp"

namespace ct::sim {

CsmsApi in_process_csms_api(node::CsmsCore& core) {
  return CsmsApi([&core](const std::string& method, const std::string& target,
                         const std::string& bearer, const nlohmann::json& body) {
    auto t = gateway::split_target(target);
    api::HttpRequest req;
    req.method = method;
    req.path = std::move(t.path);
    req.query = std::move(t.query);
    if (!bearer.empty()) req.headers["authorization"] = "Bearer " + bearer;
    if (!body.is_null()) {
      req.headers["content-type"] = "application/json";
      req.body = body.dump();
    }
    req.remote = "in-process";
    auto res = core.api().handle(req);
    return ApiReply{res.status, std::move(res.body), ""};
  });
}

}  // namespace ct::sim
