// The response envelope every /api/ answer uses:
//   success {"code":0,"data":...,"message":"success"}
//   failure {"code":<business code>,"message":"...","data":null[,"field":"<name>"]}
#pragma once

#include <nlohmann/json.hpp>

#include "server/api/error_codes.hpp"
#include "server/api/http.hpp"

namespace ct::api {

HttpResponse ok_response(int status, nlohmann::json data);
HttpResponse error_response(const ApiError& e);
HttpResponse error_response(ErrorCode code, const std::string& message,
                            const std::string& field = {});

// {"items":[...],"total":N,"limit":L,"offset":O}
nlohmann::json page_json(nlohmann::json items, std::int64_t total, std::int64_t limit,
                         std::int64_t offset);

}  // namespace ct::api
