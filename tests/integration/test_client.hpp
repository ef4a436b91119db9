// Blocking HTTP and OCPP WebSocket clients for integration tests over real sockets.
// Every read has a deadline so a broken server fails the test instead of hanging it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

namespace ct::testing {

// Polls `fn` until it is true or the deadline passes: for effects a running server makes
// on another thread (its worker, its I/O threads) a little after the request that caused
// them. Returns the last answer.
template <class F>
bool eventually(F fn, std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (fn()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return fn();
}

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
  nlohmann::json json() const;
};

HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& token = "", const std::string& body = "",
                        const std::map<std::string, std::string>& headers = {});

// Sends raw bytes and returns whatever the server answers until it closes (bounded).
std::string raw_exchange(std::uint16_t port, const std::string& bytes);

class WsClient {
 public:
  WsClient();
  ~WsClient();
  // Returns the HTTP status of a refused handshake, or 101 on success.
  int connect(std::uint16_t port, const std::string& path,
              const std::string& subprotocol = "ocpp1.6",
              const std::map<std::string, std::string>& headers = {});
  std::string negotiated_subprotocol() const;
  void send_text(const std::string& text);
  // Next text frame, or nullopt when none arrives before the deadline or the socket closed.
  std::optional<std::string> receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  bool is_open() const;
  void close();

  // OCPP helpers: sends [2,id,action,payload] and waits for the answer to that id,
  // answering nothing else (frames for other ids are kept for receive_call).
  nlohmann::json call(const std::string& action, const nlohmann::json& payload);
  // Waits for a server CALL.
  std::optional<nlohmann::json> receive_call(
      std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int next_id_ = 1;
};

}  // namespace ct::testing
