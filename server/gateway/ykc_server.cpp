#include "server/gateway/ykc_server.hpp"

#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <set>
#include <thread>
#include <vector>

#include "server/core/log.hpp"
#include "server/core/metrics.hpp"
#include "server/gateway/charger_registry.hpp"

namespace ct::gateway {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

class YkcConnection;

struct Shared {
  YkcServerConfig config;
  YkcServerDeps deps;
  std::mutex mu;
  std::set<std::shared_ptr<YkcConnection>> live;  // kept alive until closed
  std::atomic<bool> stopping{false};
};

// One pile's TCP connection: reads feed the session, the session's frames are written in
// order (one write at a time), a one-second timer drives its clock work.
class YkcConnection final : public ChargerLink, public std::enable_shared_from_this<YkcConnection> {
 public:
  YkcConnection(tcp::socket socket, Shared& shared)
      : socket_(std::move(socket)),
        strand_(net::make_strand(socket_.get_executor())),
        timer_(strand_),
        shared_(shared),
        session_(shared.deps.ykc, shared.deps.service, shared.deps.clock, shared.deps.core_mutex,
                 shared.config.session) {
    error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    remote_ = ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  void start() {
    login_deadline_ =
        std::chrono::steady_clock::now() + std::chrono::seconds(shared_.config.login_timeout_s);
    net::dispatch(strand_, [self = shared_from_this()] {
      self->read();
      self->arm_timer();
    });
  }

  void send_command(const core::Command& command) override {
    net::post(strand_, [self = shared_from_this(), command] {
      if (self->closed_) return;
      self->apply(self->session_.enqueue(command));
    });
  }

  void close(const std::string& reason) override {
    net::post(strand_, [self = shared_from_this(), reason] { self->shutdown(reason); });
  }

 private:
  void read() {
    socket_.async_read_some(
        net::buffer(buffer_),
        net::bind_executor(strand_, [self = shared_from_this()](error_code ec, std::size_t n) {
          if (ec) {
            self->shutdown(ec == net::error::eof ? "closed by pile" : ec.message());
            return;
          }
          self->apply(
              self->session_.on_bytes(std::span<const std::uint8_t>(self->buffer_.data(), n)));
          if (!self->closed_) self->read();
        }));
  }

  void arm_timer() {
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec || self->closed_) return;
      if (!self->session_.logged_in() && std::chrono::steady_clock::now() > self->login_deadline_) {
        self->shutdown("no login");
        return;
      }
      self->apply(self->session_.on_tick());
      if (!self->closed_) self->arm_timer();
    });
  }

  void apply(ykc::YkcOutput out) {
    if (out.logged_in) {
      cpid_ = *out.logged_in;
      auto previous = shared_.deps.registry.attach(cpid_, shared_from_this());
      if (previous) previous->close("replaced by a newer connection");
      log::info("ykc_connected", {{"chargePointId", cpid_}, {"remote", remote_}});
    }
    for (auto& f : out.frames) {
      if (writes_.size() >= shared_.config.max_queued_writes) {
        shutdown("write queue full: the pile does not read");
        return;
      }
      writes_.push_back(std::move(f));
    }
    write_next();
    if (out.close) {
      close_after_writes_ = true;
      close_reason_ = out.close_reason;
      if (writes_.empty() && !writing_) shutdown(close_reason_);
    }
  }

  void write_next() {
    if (writing_ || writes_.empty() || closed_) return;
    writing_ = true;
    net::async_write(
        socket_, net::buffer(writes_.front()),
        net::bind_executor(strand_, [self = shared_from_this()](error_code ec, std::size_t) {
          self->writing_ = false;
          if (ec) {
            self->shutdown(ec.message());
            return;
          }
          self->writes_.pop_front();
          if (self->writes_.empty() && self->close_after_writes_) {
            self->shutdown(self->close_reason_);
            return;
          }
          self->write_next();
        }));
  }

  void shutdown(const std::string& reason) {
    if (closed_) return;
    closed_ = true;
    error_code ec;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    const bool current = !cpid_.empty() && shared_.deps.registry.detach(cpid_, this);
    session_.on_closed(reason, current);
    if (!cpid_.empty())
      log::info("ykc_disconnected", {{"chargePointId", cpid_}, {"reason", reason}});
    std::lock_guard lock(shared_.mu);
    shared_.live.erase(shared_from_this());
  }

  tcp::socket socket_;
  net::strand<net::any_io_executor> strand_;
  net::steady_timer timer_;
  Shared& shared_;
  ykc::YkcSession session_;
  std::array<std::uint8_t, 4096> buffer_{};
  std::deque<std::vector<std::uint8_t>> writes_;
  bool writing_ = false;
  bool closed_ = false;
  bool close_after_writes_ = false;
  std::string close_reason_;
  std::string cpid_;
  std::string remote_;
  std::chrono::steady_clock::time_point login_deadline_;
};

}  // namespace

struct YkcServer::Impl {
  Impl(YkcServerConfig config, YkcServerDeps deps)
      : shared{std::move(config), deps, {}, {}, {}},
        ioc(std::max(1, shared.config.threads)),
        acceptor(ioc) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        auto c = std::make_shared<YkcConnection>(std::move(socket), shared);
        {
          std::lock_guard lock(shared.mu);
          shared.live.insert(c);
        }
        c->start();
        accept();
        return;
      }
      log::warn("ykc_accept_failed", {{"error", ec.message()}});
      // Out of descriptors and the like: wait before trying again instead of spinning.
      retry = std::make_unique<net::steady_timer>(ioc, std::chrono::milliseconds(100));
      retry->async_wait([this](error_code e) {
        if (!e) accept();
      });
    });
  }

  Shared shared;
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::unique_ptr<net::steady_timer> retry;
  std::vector<std::thread> threads;
  bool started = false;
  bool stopped = false;
};

YkcServer::YkcServer(YkcServerConfig config, YkcServerDeps deps)
    : impl_(std::make_unique<Impl>(std::move(config), deps)) {}

YkcServer::~YkcServer() {
  stop();
}

std::uint16_t YkcServer::start() {
  auto& d = *impl_;
  auto address = net::ip::make_address(d.shared.config.host == "localhost" ? "127.0.0.1"
                                                                           : d.shared.config.host);
  tcp::endpoint ep{address, d.shared.config.port};
  d.acceptor.open(ep.protocol());
  d.acceptor.set_option(net::socket_base::reuse_address(true));
  d.acceptor.bind(ep);
  d.acceptor.listen(net::socket_base::max_listen_connections);
  auto port = d.acceptor.local_endpoint().port();
  d.accept();
  for (int i = 0; i < std::max(1, d.shared.config.threads); ++i) {
    d.threads.emplace_back([&d] { d.ioc.run(); });
  }
  d.started = true;
  log::info("ykc_listening", {{"listen", d.shared.config.host + ":" + std::to_string(port)}});
  return port;
}

void YkcServer::stop() {
  auto& d = *impl_;
  if (!d.started || d.stopped) return;
  d.stopped = true;
  d.shared.stopping = true;
  net::post(d.ioc, [&d] {
    error_code ec;
    d.acceptor.close(ec);
  });
  std::vector<std::shared_ptr<YkcConnection>> live;
  {
    std::lock_guard lock(d.shared.mu);
    live.assign(d.shared.live.begin(), d.shared.live.end());
  }
  for (auto& c : live) c->close("server shutting down");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(d.shared.mu);
      if (d.shared.live.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  d.ioc.stop();
  for (auto& t : d.threads) t.join();
  d.threads.clear();
}

}  // namespace ct::gateway
