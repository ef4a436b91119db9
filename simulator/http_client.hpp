// A small blocking HTTP/1.1 client (Beast) for provisioning through the REST API.
// Every call has a deadline, so a dead server fails the call instead of hanging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace ct::sim {

struct HttpReply {
  int status = 0;  // 0 when the request could not be made (see error)
  std::string body;
  std::string error;
  // The envelope's "data" (null when the body is not an envelope).
  nlohmann::json data() const;
};

HttpReply http_call(const std::string& host, std::uint16_t port, const std::string& method,
                    const std::string& target, const std::string& bearer_token,
                    const nlohmann::json& body = nullptr,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Percent-encodes a query parameter value.
std::string url_encode(const std::string& s);

}  // namespace ct::sim
