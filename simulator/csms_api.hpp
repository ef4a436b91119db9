// The CSMS's REST API as the simulator uses it: to provision a scenario, to carry out
// what drivers ask for in their app (remote start/stop), and to read back what the CSMS
// recorded when expectations are checked. The same calls go over HTTP in network mode
// and straight into the ApiRouter in the in-process twin, so both modes provision and
// judge a run identically.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "simulator/http_client.hpp"

namespace ct::sim {

using ApiReply = HttpReply;

struct ApiError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class CsmsApi {
 public:
  using Transport = std::function<ApiReply(const std::string& method, const std::string& target,
                                           const std::string& bearer, const nlohmann::json& body)>;
  explicit CsmsApi(Transport transport) : transport_(std::move(transport)) {}

  ApiReply call(const std::string& method, const std::string& target, const std::string& bearer,
                const nlohmann::json& body = nullptr) const;
  // The envelope's data when the status is one of `ok`; throws ApiError naming the call.
  nlohmann::json expect(const std::string& method, const std::string& target,
                        const std::string& bearer, const nlohmann::json& body,
                        std::initializer_list<int> ok) const;
  // Every item of a paged list.
  std::vector<nlohmann::json> list(const std::string& target, const std::string& bearer) const;

 private:
  Transport transport_;
};

// Over HTTP/1.1 to host:port.
CsmsApi http_csms_api(std::string host, std::uint16_t port);

}  // namespace ct::sim
