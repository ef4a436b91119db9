#include "simulator/twin/csms_api.hpp"

#include "server/api/api_router.hpp"
#include "server/node/csms_core.hpp"
#include "simulator/http_client.hpp"

namespace ct::sim {

using nlohmann::json;

json ApiReply::data() const {
  auto j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("data")) return nullptr;
  return j["data"];
}

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
    auto r = http_call(host, port, method, target, bearer, body);
    return ApiReply{r.status, std::move(r.body), std::move(r.error)};
  });
}

namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

}  // namespace

CsmsApi in_process_csms_api(node::CsmsCore& core) {
  return CsmsApi([&core](const std::string& method, const std::string& target,
                         const std::string& bearer, const json& body) {
    api::HttpRequest req;
    req.method = method;
    auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string_view rest(target);
      rest.remove_prefix(q + 1);
      while (!rest.empty()) {
        auto amp = rest.find('&');
        auto part = rest.substr(0, amp);
        auto eq = part.find('=');
        req.query[percent_decode(part.substr(0, eq))] =
            eq == std::string_view::npos ? "" : percent_decode(part.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
      }
    }
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
