#include "server/api/envelope.hpp"

namespace ct::api {

namespace {
// Invalid UTF-8 from a client (echoed in a message) must not make dump() throw.
std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
}  // namespace

HttpResponse ok_response(int status, nlohmann::json data) {
  HttpResponse r;
  r.status = status;
  nlohmann::json body = {{"code", 0}, {"data", std::move(data)}, {"message", "success"}};
  r.body = dump(body);
  return r;
}

HttpResponse error_response(ErrorCode code, const std::string& message, const std::string& field) {
  HttpResponse r;
  r.status = http_status_of(code);
  nlohmann::json body = {{"code", static_cast<int>(code)}, {"message", message}, {"data", nullptr}};
  if (!field.empty()) body["field"] = field;
  r.body = dump(body);
  return r;
}

HttpResponse error_response(const ApiError& e) {
  return error_response(e.code(), e.what(), e.field());
}

nlohmann::json page_json(nlohmann::json items, std::int64_t total, std::int64_t limit,
                         std::int64_t offset) {
  return {{"items", std::move(items)}, {"total", total}, {"limit", limit}, {"offset", offset}};
}

}  // namespace ct::api
