#include "simulator/csms_api.hpp"

namespace ct::sim {

using nlohmann::json;

ApiReply CsmsApi::call(const std::string& method, const std::string& target,
                       const std::string& bearer, const json& body) const {
  auto r = transport_(method, target, bearer, body);
  if (r.status == 0) throw ApiError(method + " " + target + ": " + r.error);
  return r;
}

json CsmsApi::expect(const std::string& method, const std::string& target,
                     const std::string& bearer, const json& body,
                     std::initializer_list<int> ok) const {
  auto r = call(method, target, bearer, body);
  for (int s : ok) {
    if (r.status == s) return r.data();
  }
  throw ApiError(method + " " + target + " -> " + std::to_string(r.status) + " " + r.body);
}

std::vector<json> CsmsApi::list(const std::string& target, const std::string& bearer) const {
  std::vector<json> items;
  std::string sep = target.find('?') == std::string::npos ? "?" : "&";
  for (int offset = 0;; offset += 500) {
    auto data = expect("GET", target + sep + "limit=500&offset=" + std::to_string(offset), bearer,
                       nullptr, {200});
    for (auto& it : data["items"]) items.push_back(it);
    if (data["items"].size() < 500) break;
  }
  return items;
}

CsmsApi http_csms_api(std::string host, std::uint16_t port) {
  return CsmsApi([host = std::move(host), port](const std::string& method,
                                                const std::string& target,
                                                const std::string& bearer, const json& body) {
    return http_call(host, port, method, target, bearer, body);
  });
}

}  // namespace ct::sim
