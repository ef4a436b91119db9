#include "server/gateway/http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ct::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpClientReply http_request(const std::string& host, std::uint16_t port, const std::string& method,
                             const std::string& target,
                             const std::map<std::string, std::string>& headers,
                             const std::string& body, std::chrono::milliseconds timeout) {
  HttpClientReply out;
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  // Async operations with the stream's deadline, run to completion on this thread.
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) {
    out.error = "resolve " + host + ": " + ec.message();
    return out;
  }
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, host + ":" + std::to_string(port));
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty()) req.body() = body;
  req.keep_alive(false);
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response<http::string_body> res;

  stream.expires_after(timeout);
  stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) {
    if (e) {
      ec = e;
      return;
    }
    http::async_write(stream, req, [&](beast::error_code e2, std::size_t) {
      if (e2) {
        ec = e2;
        return;
      }
      http::async_read(stream, buffer, res, [&](beast::error_code e3, std::size_t) { ec = e3; });
    });
  });
  ioc.run();
  if (ec) {
    out.error = method + " " + target + ": " + ec.message();
    return out;
  }
  out.status = res.result_int();
  out.body = res.body();
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

}  // namespace ct::gateway
