// All of Beast lives here (and in beast_impl.cpp). The shape follows Beast's
// advanced_server example: read the HTTP request with a timeout and a body limit,
// then either answer it or upgrade to a WebSocket.
#include "server/gateway/http_server.hpp"

#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cerrno>
#include <chrono>
#include <deque>
#include <thread>
#include <vector>

#include "server/api/api_router.hpp"
#include "server/bus/bus.hpp"
#include "server/core/log.hpp"
#include "server/core/metrics.hpp"
#include "server/core/ocpp/charge_point_service.hpp"
#include "server/gateway/charger_registry.hpp"
#include "server/gateway/http_util.hpp"

namespace ct::gateway {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

constexpr auto kHttpReadTimeout = std::chrono::seconds(30);

class Closable {
 public:
  virtual ~Closable() = default;
  virtual void close(const std::string& reason) = 0;
};

// What every session needs from the server.
struct Shared {
  Shared(HttpServerConfig c, HttpServerDeps d) : config(std::move(c)), deps(d) {}
  HttpServerConfig config;
  HttpServerDeps deps;
  std::atomic<bool> stopping{false};
  std::mutex subscribers_mu;
  std::vector<std::weak_ptr<Closable>> subscribers;  // /api/v1/events sessions
};

Response json_response(const Request& req, http::status status, const std::string& body) {
  Response res{status, req.version()};
  res.set(http::field::server, "ChargeTwin");
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = body;
  res.prepare_payload();
  return res;
}

Response error_response(const Request& req, http::status status, int code,
                        const std::string& message) {
  nlohmann::json body{{"code", code}, {"message", message}, {"data", nullptr}};
  return json_response(req, status, body.dump());
}

// Business codes of refused charger handshakes (docs/api.md lists them).
int handshake_error_code(int http_status) {
  switch (http_status) {
    case 400: return 40010;  // chargePointId in the URL is not acceptable
    case 401: return 40105;  // HTTP Basic credentials missing or wrong
    case 403: return 40303;  // charger not allowed to connect
    case 503: return 50302;  // cannot check the charger right now
    default: return http_status * 100;
  }
}

std::string remote_of(const beast::tcp_stream& stream) {
  beast::error_code ec;
  auto ep = stream.socket().remote_endpoint(ec);
  if (ec) return "unknown";
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

// Shared write queue for WebSocket sessions: Beast allows one write at a time, so
// frames queue here; a peer that does not read is cut off instead of eating memory.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket&& socket, Shared& shared) : ws_(std::move(socket)), shared_(shared) {}
  virtual ~WsSession() = default;

 protected:
  void configure() {
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds(30);
    t.idle_timeout = std::chrono::seconds(shared_.config.ws_idle_timeout_s);
    t.keep_alive_pings = true;
    ws_.set_option(t);
  }

  void queue_write(std::string frame) {
    if (ended_ || close_reason_) return;
    if (writes_.size() >= shared_.config.max_queued_writes) {
      log::warn("ws_send_queue_overflow", {{"peer", name()}, {"queued", writes_.size()}});
      request_close("send queue overflow: peer does not read");
      return;
    }
    writes_.push_back(std::move(frame));
    if (writes_.size() == 1) do_write();
  }

  void request_close(std::string reason) {
    if (ended_ || close_reason_) return;
    close_reason_ = std::move(reason);
    if (writes_.empty()) do_close();
  }

  virtual void on_end(const std::string& why) = 0;
  virtual std::string name() const = 0;

  void end(const std::string& why) {
    if (ended_) return;
    ended_ = true;
    on_end(why);
  }

  websocket::stream<beast::tcp_stream> ws_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  bool ended_ = false;

 private:
  void do_write() {
    ws_.text(true);
    ws_.async_write(
        net::buffer(writes_.front()),
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (ec) {
      end("write failed: " + ec.message());
      return;
    }
    writes_.pop_front();
    if (!writes_.empty()) {
      do_write();
    } else if (close_reason_) {
      do_close();
    }
  }

  void do_close() {
    ws_.async_close(
        websocket::close_reason(websocket::close_code::going_away, *close_reason_),
        [self = shared_from_this()](beast::error_code) { self->end(*self->close_reason_); });
  }

  std::deque<std::string> writes_;
  std::optional<std::string> close_reason_;
};

class OcppWsSession final : public WsSession, public ChargerLink {
 public:
  OcppWsSession(tcp::socket&& socket, Shared& shared, std::string cpid, std::string remote)
      : WsSession(std::move(socket), shared),
        cpid_(std::move(cpid)),
        remote_(std::move(remote)),
        rpc_(cpid_, shared.deps.service, shared.deps.clock, shared.deps.core_mutex,
             shared.config.rpc),
        timer_(ws_.get_executor()) {}

  void run(Request req) {
    configure();
    ws_.read_message_max(std::max<std::size_t>(shared_.config.rpc.max_frame_bytes * 4, 64 * 1024));
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(http::field::sec_websocket_protocol, "ocpp1.6");
      res.set(http::field::server, "ChargeTwin");
    }));
    ws_.async_accept(req, [self = self()](beast::error_code ec) { self->on_accept(ec); });
  }

  void send_command(const core::Command& command) override {
    net::post(ws_.get_executor(), [self = self(), command] {
      if (self->ended_) {
        std::lock_guard lock(self->shared_.deps.core_mutex);
        self->shared_.deps.service.on_command_failed(command.id, "charger disconnected");
        return;
      }
      for (auto& f : self->rpc_.enqueue(command)) self->queue_write(std::move(f));
    });
  }

  void close(const std::string& reason) override {
    net::post(ws_.get_executor(), [self = self(), reason] { self->request_close(reason); });
  }

 private:
  std::shared_ptr<OcppWsSession> self() {
    return std::static_pointer_cast<OcppWsSession>(shared_from_this());
  }
  std::string name() const override { return cpid_; }

  void on_accept(beast::error_code ec) {
    if (ec) {
      log::warn("ocpp_handshake_failed", {{"chargePointId", cpid_}, {"error", ec.message()}});
      return;
    }
    auto previous = shared_.deps.registry.attach(cpid_, self());
    if (previous) {
      log::info("ocpp_connection_replaced", {{"chargePointId", cpid_}, {"remote", remote_}});
      previous->close("replaced by a new connection");
    }
    {
      std::lock_guard lock(shared_.deps.core_mutex);
      shared_.deps.service.on_connected(cpid_, remote_);
    }
    metrics::registry().add("chargetwin_connected_chargers", {{"protocol", "ocpp1.6"}}, 1);
    log::info("ocpp_connected", {{"chargePointId", cpid_}, {"remote", remote_}});
    arm_timer();
    do_read();
  }

  void do_read() {
    ws_.async_read(buffer_,
                   [self = self()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      end(ec == websocket::error::closed ? "closed by charger" : ec.message());
      return;
    }
    auto text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    for (auto& f : rpc_.on_text(text)) queue_write(std::move(f));
    do_read();
  }

  void arm_timer() {
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([self = self()](beast::error_code ec) {
      if (ec || self->ended_) return;
      for (auto& f : self->rpc_.on_tick()) self->queue_write(std::move(f));
      self->arm_timer();
    });
  }

  void on_end(const std::string& why) override {
    timer_.cancel();
    rpc_.on_closed(why);
    metrics::registry().add("chargetwin_connected_chargers", {{"protocol", "ocpp1.6"}}, -1);
    bool was_current = shared_.deps.registry.detach(cpid_, this);
    if (was_current) {
      std::lock_guard lock(shared_.deps.core_mutex);
      shared_.deps.service.on_disconnected(cpid_, why);
    }
    log::info("ocpp_disconnected",
              {{"chargePointId", cpid_}, {"reason", why}, {"replaced", !was_current}});
  }

  std::string cpid_;
  std::string remote_;
  OcppRpcSession rpc_;
  net::steady_timer timer_;
};

class EventsWsSession final : public WsSession, public Closable {
 public:
  EventsWsSession(tcp::socket&& socket, Shared& shared, api::Principal principal)
      : WsSession(std::move(socket), shared), principal_(std::move(principal)) {}

  void run(Request req) {
    configure();
    ws_.read_message_max(4096);
    ws_.async_accept(req, [self = self()](beast::error_code ec) { self->on_accept(ec); });
  }

  void close(const std::string& reason) override {
    net::post(ws_.get_executor(), [self = self(), reason] { self->request_close(reason); });
  }

 private:
  std::shared_ptr<EventsWsSession> self() {
    return std::static_pointer_cast<EventsWsSession>(shared_from_this());
  }
  std::string name() const override { return "events:" + principal_.label; }

  void on_accept(beast::error_code ec) {
    if (ec) return;
    std::weak_ptr<EventsWsSession> weak = self();
    auto principal = principal_;
    subscription_ = shared_.deps.bus.subscribe([weak, principal](const events::Event& e) {
      if (!principal.platform_admin && e.tenant_id() != principal.tenant_id) return;
      auto s = weak.lock();
      if (!s) return;
      std::string json;
      google::protobuf::util::JsonPrintOptions opts;
      opts.preserve_proto_field_names = false;
      if (!google::protobuf::util::MessageToJsonString(e, &json, opts).ok()) return;
      net::post(s->ws_.get_executor(),
                [s, json = std::move(json)]() mutable { s->queue_write(std::move(json)); });
    });
    subscribed_ = true;
    {
      std::lock_guard lock(shared_.subscribers_mu);
      shared_.subscribers.push_back(std::static_pointer_cast<Closable>(self()));
    }
    do_read();
  }

  void do_read() {
    ws_.async_read(buffer_, [self = self()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->end(ec.message());
        return;
      }
      self->buffer_.consume(self->buffer_.size());  // subscribers only listen
      self->do_read();
    });
  }

  void on_end(const std::string&) override {
    if (subscribed_) shared_.deps.bus.unsubscribe(subscription_);
    subscribed_ = false;
  }

  api::Principal principal_;
  bus::SubscriptionId subscription_ = 0;
  bool subscribed_ = false;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {}

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
  }

 private:
  void do_read() {
    if (shared_.stopping) return;
    parser_.emplace();
    parser_->body_limit(shared_.config.max_body_bytes);
    stream_.expires_after(kHttpReadTimeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream) {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      return;
    }
    if (ec == http::error::body_limit) {
      Request dummy;
      dummy.version(11);
      dummy.keep_alive(false);
      send(error_response(
          dummy, http::status::payload_too_large, 41301,
          "request body exceeds " + std::to_string(shared_.config.max_body_bytes) + " bytes"));
      return;
    }
    if (ec) return;
    Request req = parser_->release();
    if (websocket::is_upgrade(req)) {
      upgrade(std::move(req));
      return;
    }
    handle(std::move(req));
  }

  void upgrade(Request req) {
    auto target = split_target(std::string(req.target()));
    auto remote = remote_of(stream_);
    if (target.path.rfind("/ocpp/", 0) == 0) {
      auto cpid = charge_point_id_from_path(target.path);
      if (!cpid) {
        send(error_response(req, http::status::bad_request, 40010,
                            "the WebSocket URL must be /ocpp/{chargePointId} with an id of 1 to "
                            "64 characters"));
        return;
      }
      if (!offers_subprotocol(std::string(req[http::field::sec_websocket_protocol]), "ocpp1.6")) {
        metrics::registry().inc("chargetwin_ocpp_handshakes_refused_total",
                                {{"reason", "subprotocol"}});
        send(error_response(req, http::status::bad_request, 40011,
                            "the handshake must offer the WebSocket subprotocol ocpp1.6 "
                            "(Sec-WebSocket-Protocol: ocpp1.6)"));
        return;
      }
      auto basic = parse_basic_auth(std::string(req[http::field::authorization]));
      core::Admission admission;
      {
        std::lock_guard lock(shared_.deps.core_mutex);
        admission = shared_.deps.service.admit(
            *cpid, basic ? std::optional<std::string>(basic->first) : std::nullopt,
            basic ? std::optional<std::string>(basic->second) : std::nullopt);
      }
      if (!admission.allowed) {
        metrics::registry().inc("chargetwin_ocpp_handshakes_refused_total",
                                {{"reason", std::to_string(admission.http_status)}});
        log::warn("ocpp_handshake_refused",
                  {{"chargePointId", *cpid}, {"remote", remote}, {"reason", admission.reason}});
        auto res = error_response(req, static_cast<http::status>(admission.http_status),
                                  handshake_error_code(admission.http_status), admission.reason);
        if (admission.http_status == 401) {
          res.set(http::field::www_authenticate, "Basic realm=\"ChargeTwin OCPP\"");
        }
        send(std::move(res));
        return;
      }
      stream_.expires_never();
      std::make_shared<OcppWsSession>(stream_.release_socket(), shared_, *cpid, remote)
          ->run(std::move(req));
      return;
    }
    if (target.path == "/api/v1/events") {
      auto principal = shared_.deps.api.authenticate(to_api_request(req, remote));
      if (!principal) {
        send(error_response(req, http::status::unauthorized, 40101,
                            "a valid bearer token is required (Authorization: Bearer ...)"));
        return;
      }
      stream_.expires_never();
      std::make_shared<EventsWsSession>(stream_.release_socket(), shared_, *principal)
          ->run(std::move(req));
      return;
    }
    send(error_response(req, http::status::not_found, 40401,
                        "no WebSocket endpoint at " + target.path));
  }

  api::HttpRequest to_api_request(const Request& req, const std::string& remote) {
    api::HttpRequest out;
    out.method = std::string(req.method_string());
    auto target = split_target(std::string(req.target()));
    out.path = target.path;
    out.query = target.query;
    for (const auto& field : req) {
      out.headers[lower(std::string(field.name_string()))] = std::string(field.value());
    }
    out.body = req.body();
    out.remote = remote;
    return out;
  }

  void handle(Request req) {
    auto started = std::chrono::steady_clock::now();
    auto remote = remote_of(stream_);
    auto api_req = to_api_request(req, remote);
    Response res;
    if (api_req.path == "/healthz") {
      res = json_response(req, http::status::ok,
                          R"({"code":0,"data":{"status":"ok"},"message":"success"})");
    } else if (api_req.path == "/metrics") {
      auto principal = shared_.deps.api.authenticate(api_req);
      if (!principal || !principal->platform_admin) {
        res = error_response(req, principal ? http::status::forbidden : http::status::unauthorized,
                             principal ? 40301 : 40101,
                             "/metrics needs the platform-admin bearer token");
      } else {
        res = Response{http::status::ok, req.version()};
        res.set(http::field::content_type, "text/plain; version=0.0.4");
        res.keep_alive(req.keep_alive());
        res.body() = metrics::registry().render();
        res.prepare_payload();
      }
    } else {
      auto out = shared_.deps.api.handle(api_req);
      res = Response{static_cast<http::status>(out.status), req.version()};
      res.set(http::field::server, "ChargeTwin");
      res.set(http::field::content_type, out.content_type);
      for (const auto& [k, v] : out.headers) res.set(k, v);
      res.keep_alive(req.keep_alive());
      res.body() = std::move(out.body);
      res.prepare_payload();
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics::registry().observe("chargetwin_api_request_duration_seconds",
                                {{"method", api_req.method}}, seconds);
    metrics::registry().inc(
        "chargetwin_api_requests_total",
        {{"method", api_req.method}, {"status", std::to_string(res.result_int())}});
    send(std::move(res));
  }

  void send(Response res) {
    auto sp = std::make_shared<Response>(std::move(res));
    bool keep = sp->keep_alive();
    http::async_write(stream_, *sp,
                      [self = shared_from_this(), sp, keep](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (!keep) {
                          beast::error_code ignored;
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                          return;
                        }
                        self->do_read();
                      });
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, Shared& shared)
      : ioc_(ioc),
        acceptor_(net::make_strand(ioc)),
        shared_(shared),
        retry_(acceptor_.get_executor()) {
    spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }
  ~Listener() {
    if (spare_fd_ >= 0) ::close(spare_fd_);
  }

  std::uint16_t bind(const std::string& host, std::uint16_t port) {
    auto address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host);
    tcp::endpoint ep{address, port};
    acceptor_.open(ep.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(net::socket_base::max_listen_connections);
    return acceptor_.local_endpoint().port();
  }

  void start() {
    net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
  }

  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                             self->on_accept(ec, std::move(socket));
                           });
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec == net::error::no_descriptors || ec.value() == ENFILE || ec.value() == ENOBUFS ||
        ec.value() == ENOMEM) {
      shed_connection(ec);
      // Out of descriptors, the accept would fail again at once: wait for connections to
      // close instead of spinning on the error.
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e) self->do_accept();
      });
      return;
    }
    if (ec) {
      log::warn("accept_failed", {{"error", ec.message()}});
    } else {
      std::make_shared<HttpSession>(std::move(socket), shared_)->run();
    }
    do_accept();
  }

  // Turns away the connection waiting in the backlog with an immediate close (using the
  // descriptor kept in reserve for this), so the client retries later instead of hanging
  // until its connect times out.
  void shed_connection(const beast::error_code& why) {
    metrics::registry().inc("chargetwin_connections_refused_total", {{"reason", "open_files"}});
    ++refused_;
    auto now = std::chrono::steady_clock::now();
    if (now - last_refusal_log_ >= std::chrono::seconds(1)) {
      log::warn("accept_out_of_descriptors",
                {{"error", why.message()}, {"refusedSoFar", refused_}});
      last_refusal_log_ = now;
    }
    if (spare_fd_ < 0) return;
    ::close(spare_fd_);
    int fd = ::accept4(acceptor_.native_handle(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0) ::close(fd);
    spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  Shared& shared_;
  net::steady_timer retry_;
  int spare_fd_ = -1;
  std::int64_t refused_ = 0;
  std::chrono::steady_clock::time_point last_refusal_log_{};
};

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerConfig config, HttpServerDeps deps)
      : shared(std::move(config), deps), ioc(std::max(1, shared.config.threads)) {}
  Shared shared;
  net::io_context ioc;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  bool started = false;
  bool stopped = false;
};

HttpServer::HttpServer(HttpServerConfig config, HttpServerDeps deps)
    : impl_(std::make_unique<Impl>(std::move(config), deps)) {
  auto& m = metrics::registry();
  m.describe("chargetwin_connected_chargers", "gauge", "Chargers with an open connection");
  m.describe("chargetwin_ocpp_messages_in_total", "counter", "OCPP frames received by action");
  m.describe("chargetwin_ocpp_messages_out_total", "counter", "OCPP frames sent by action");
  m.describe("chargetwin_ocpp_callerrors_sent_total", "counter", "CALLERRORs sent by code");
  m.describe("chargetwin_api_request_duration_seconds", "histogram", "REST API latency");
  m.describe("chargetwin_api_requests_total", "counter", "REST API requests by status");
  m.set("chargetwin_connected_chargers", {{"protocol", "ocpp1.6"}}, 0);
}

HttpServer::~HttpServer() {
  stop();
}

std::uint16_t HttpServer::start() {
  auto& d = *impl_;
  d.listener = std::make_shared<Listener>(d.ioc, d.shared);
  auto port = d.listener->bind(d.shared.config.host, d.shared.config.port);
  d.listener->start();
  for (int i = 0; i < std::max(1, d.shared.config.threads); ++i) {
    d.threads.emplace_back([&d] { d.ioc.run(); });
  }
  d.started = true;
  return port;
}

void HttpServer::stop() {
  auto& d = *impl_;
  if (!d.started || d.stopped) return;
  d.stopped = true;
  d.shared.stopping = true;
  d.listener->close();
  d.shared.deps.registry.close_all("server shutting down");
  {
    std::lock_guard lock(d.shared.subscribers_mu);
    for (auto& w : d.shared.subscribers) {
      if (auto s = w.lock()) s->close("server shutting down");
    }
  }
  // Give the close handshakes a bounded moment so each charger's disconnect is recorded.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (d.shared.deps.registry.size() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  d.ioc.stop();
  for (auto& t : d.threads) t.join();
  d.threads.clear();
}

}  // namespace ct::gateway
