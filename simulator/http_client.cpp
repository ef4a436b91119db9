#include "simulator/http_client.hpp"

#include <cctype>
#include <cstdio>

#include "server/gateway/http_client.hpp"

namespace ct::sim {

nlohmann::json HttpReply::data() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("data")) return nullptr;
  return j["data"];
}

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

HttpReply http_call(const std::string& host, std::uint16_t port, const std::string& method,
                    const std::string& target, const std::string& bearer_token,
                    const nlohmann::json& body, std::chrono::milliseconds timeout) {
  std::map<std::string, std::string> headers;
  if (!bearer_token.empty()) headers["Authorization"] = "Bearer " + bearer_token;
  std::string text;
  if (!body.is_null()) {
    headers["Content-Type"] = "application/json";
    text = body.dump();
  }
  auto r = gateway::http_request(host, port, method, target, headers, text, timeout);
  return HttpReply{r.status, std::move(r.body), std::move(r.error)};
}

}  // namespace ct::sim
