// A small blocking HTTP/1.1 client (Beast) with a deadline on every call, so a dead peer
// fails the call instead of hanging it. Used where the server calls HTTP itself (payment
// notifications from the sandbox provider) and by the simulator's REST client.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace ct::gateway {

struct HttpClientReply {
  int status = 0;  // 0 when the request could not be made (see error)
  std::string body;
  std::string error;
};

HttpClientReply http_request(const std::string& host, std::uint16_t port, const std::string& method,
                             const std::string& target,
                             const std::map<std::string, std::string>& headers,
                             const std::string& body,
                             std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace ct::gateway
