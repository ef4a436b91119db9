#include "tests/integration/test_client.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace ct::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

void set_receive_timeout(tcp::socket& s, std::chrono::milliseconds t) {
  timeval tv{};
  tv.tv_sec = static_cast<long>(t.count() / 1000);
  tv.tv_usec = static_cast<long>((t.count() % 1000) * 1000);
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

}  // namespace

nlohmann::json HttpResult::json() const {
  return nlohmann::json::parse(body, nullptr, false);
}

HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& token, const std::string& body,
                        const std::map<std::string, std::string>& headers) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  set_receive_timeout(socket, std::chrono::seconds(10));
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.keep_alive(false);
  req.prepare_payload();
  for (const auto& [k, v] : headers) req.set(k, v);
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  HttpResult out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  out.body = res.body();
  beast::error_code ec;
  socket.shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

// The socket is read continuously on a private I/O thread into a queue, so a test can
// wait for a frame with a deadline without breaking the stream (Beast fails a
// WebSocket stream on any read error, a timeout included).
std::string raw_exchange(std::uint16_t port, const std::string& bytes) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  set_receive_timeout(socket, std::chrono::seconds(10));
  net::write(socket, net::buffer(bytes));
  std::string out;
  char buf[4096];
  beast::error_code ec;
  while (out.size() < 1024 * 1024) {
    auto n = socket.read_some(net::buffer(buf), ec);
    if (ec) break;
    out.append(buf, n);
  }
  return out;
}

struct WsClient::Impl {
  net::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  std::string subprotocol;
  std::thread io;
  beast::flat_buffer buffer;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> frames;
  bool open = false;

  void read_loop() {
    ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
      std::lock_guard lock(mu);
      if (ec) {
        open = false;
        cv.notify_all();
        return;
      }
      frames.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
      cv.notify_all();
      read_loop();
    });
  }
};

WsClient::WsClient() : impl_(std::make_unique<Impl>()) {}
WsClient::~WsClient() {
  close();
}

int WsClient::connect(std::uint16_t port, const std::string& path, const std::string& subprotocol,
                      const std::map<std::string, std::string>& headers) {
  auto& d = *impl_;
  d.ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  set_receive_timeout(d.ws.next_layer(), std::chrono::seconds(10));
  d.ws.set_option(
      websocket::stream_base::decorator([subprotocol, headers](websocket::request_type& req) {
        if (!subprotocol.empty()) req.set(http::field::sec_websocket_protocol, subprotocol);
        for (const auto& [k, v] : headers) req.set(k, v);
      }));
  websocket::response_type res;
  beast::error_code ec;
  d.ws.handshake(res, "127.0.0.1:" + std::to_string(port), path, ec);
  if (ec) {
    // Beast does not hand back a declined handshake's response, so ask again as plain
    // HTTP with the same upgrade headers to learn the status the server refused with.
    std::map<std::string, std::string> h = headers;
    h["Connection"] = "Upgrade";
    h["Upgrade"] = "websocket";
    h["Sec-WebSocket-Version"] = "13";
    h["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ==";
    if (!subprotocol.empty()) h["Sec-WebSocket-Protocol"] = subprotocol;
    auto r = http_request(port, "GET", path, "", "", h);
    return r.status == 101 ? -1 : r.status;
  }
  set_receive_timeout(d.ws.next_layer(), std::chrono::milliseconds(0));
  d.subprotocol = std::string(res[http::field::sec_websocket_protocol]);
  d.open = true;
  d.read_loop();
  d.io = std::thread([&d] { d.ioc.run(); });
  return 101;
}

std::string WsClient::negotiated_subprotocol() const {
  return impl_->subprotocol;
}

void WsClient::send_text(const std::string& text) {
  auto& d = *impl_;
  std::promise<void> done;
  net::post(d.ioc, [&d, &text, &done] {
    beast::error_code ec;
    d.ws.text(true);
    d.ws.write(net::buffer(text), ec);
    done.set_value();
  });
  done.get_future().wait();
}

std::optional<std::string> WsClient::receive(std::chrono::milliseconds timeout) {
  auto& d = *impl_;
  std::unique_lock lock(d.mu);
  d.cv.wait_for(lock, timeout, [&d] { return !d.frames.empty() || !d.open; });
  if (d.frames.empty()) return std::nullopt;
  auto f = std::move(d.frames.front());
  d.frames.pop_front();
  return f;
}

bool WsClient::is_open() const {
  std::lock_guard lock(impl_->mu);
  return impl_->open;
}

void WsClient::close() {
  auto& d = *impl_;
  if (d.io.joinable()) {
    bool was_open = is_open();
    if (was_open) {
      net::post(d.ioc, [&d] {
        d.ws.async_close(websocket::close_code::normal, [](beast::error_code) {});
      });
    }
    // The read loop ends when the close handshake completes or the socket fails.
    {
      std::unique_lock lock(d.mu);
      d.cv.wait_for(lock, std::chrono::seconds(3), [&d] { return !d.open; });
    }
    d.ioc.stop();
    d.io.join();
  }
  std::lock_guard lock(d.mu);
  d.open = false;
}

nlohmann::json WsClient::call(const std::string& action, const nlohmann::json& payload) {
  std::string id = "t" + std::to_string(next_id_++);
  send_text(nlohmann::json::array({2, id, action, payload}).dump());
  auto& d = *impl_;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::unique_lock lock(d.mu);
  while (true) {
    for (auto it = d.frames.begin(); it != d.frames.end(); ++it) {
      auto j = nlohmann::json::parse(*it, nullptr, false);
      if (j.is_array() && j.size() >= 3 && j[1] == id && (j[0] == 3 || j[0] == 4)) {
        d.frames.erase(it);
        return j;
      }
    }
    if (!d.open) throw std::runtime_error("connection closed while waiting for " + action);
    if (d.cv.wait_until(lock, deadline) == std::cv_status::timeout) {
      throw std::runtime_error("no answer to " + action + " within 10 s");
    }
  }
}

std::optional<nlohmann::json> WsClient::receive_call(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto f = receive(std::max(left, std::chrono::milliseconds(1)));
    if (!f) return std::nullopt;
    auto j = nlohmann::json::parse(*f, nullptr, false);
    if (j.is_array() && !j.empty() && j[0] == 2) return j;
  }
  return std::nullopt;
}

}  // namespace ct::testing
