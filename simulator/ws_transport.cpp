#include "simulator/ws_transport.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "server/core/log.hpp"

namespace ct::sim {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

using Ws = websocket::stream<beast::tcp_stream>;
using Strand = net::strand<net::io_context::executor_type>;

// A charger that queues this many frames the server has not taken yet is cut off rather
// than allowed to grow without bound (the model re-sends what matters after reconnecting).
constexpr std::size_t kMaxQueuedFrames = 4096;

// Splits "a.b.c.d-e.f.g.h" into the addresses it covers (IPv4 only: ranges of IPv6
// source addresses are not something a load generator needs).
void append_range(const std::string& item, std::vector<std::string>& out) {
  auto dash = item.find('-');
  boost::system::error_code ec;
  if (dash == std::string::npos) {
    auto a = net::ip::make_address(item, ec);
    if (ec) throw std::invalid_argument("not an IP address: '" + item + "'");
    out.push_back(a.to_string());
    return;
  }
  auto lo = net::ip::make_address_v4(item.substr(0, dash), ec);
  if (ec) throw std::invalid_argument("not an IPv4 address: '" + item.substr(0, dash) + "'");
  auto hi = net::ip::make_address_v4(item.substr(dash + 1), ec);
  if (ec) throw std::invalid_argument("not an IPv4 address: '" + item.substr(dash + 1) + "'");
  auto first = lo.to_uint(), last = hi.to_uint();
  if (last < first) throw std::invalid_argument("empty address range: '" + item + "'");
  if (last - first >= 65536) throw std::invalid_argument("address range too large: '" + item + "'");
  for (auto v = first;; ++v) {
    out.push_back(net::ip::make_address_v4(v).to_string());
    if (v == last) break;
  }
}

}  // namespace

std::vector<std::string> parse_source_addresses(const std::string& spec) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    auto comma = spec.find(',', pos);
    auto item = spec.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (item.empty()) throw std::invalid_argument("empty item in address list: '" + spec + "'");
    append_range(item, out);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

struct WsLinkPool::Impl {
  explicit Impl(WsLinkPoolConfig c)
      : config(std::move(c)), ioc(std::clamp(config.threads, 1, 64)) {}
  ~Impl() { stop(); }

  void mark_ready(std::size_t tag) {
    {
      std::lock_guard lock(ready_mu);
      ready.push_back(tag);
    }
    ready_cv.notify_one();
  }
  void socket_opened() {
    std::lock_guard lock(sock_mu);
    ++sockets;
  }
  void socket_released() {
    std::lock_guard lock(sock_mu);
    if (--sockets == 0) sock_cv.notify_all();
  }
  // Round-robin, so that consecutive links spread over every source address.
  std::optional<net::ip::address> next_source() {
    if (sources.empty()) return std::nullopt;
    return sources[next_source_index.fetch_add(1) % sources.size()];
  }
  void stop() {
    std::lock_guard lock(lifecycle_mu);
    if (!started || stopped) return;
    stopped = true;
    work.reset();
    ioc.stop();
    for (auto& t : threads) t.join();
    threads.clear();
  }

  WsLinkPoolConfig config;
  std::vector<net::ip::address> sources;
  std::atomic<std::size_t> next_source_index{0};
  tcp::endpoint endpoint;  // set by start(), read-only afterwards
  std::string host_header;

  std::mutex ready_mu;
  std::condition_variable ready_cv;
  std::vector<std::size_t> ready;
  bool woken = false;

  mutable std::mutex sock_mu;
  std::condition_variable sock_cv;
  std::size_t sockets = 0;

  std::mutex lifecycle_mu;
  bool started = false;
  bool stopped = false;
  std::vector<std::thread> threads;
  // Declared last, so destroyed first: the handlers it still holds at destruction (of
  // sockets that never finished) release them through the members above.
  net::io_context ioc;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
};

namespace {

// The events of one link, shared by the simulation thread (poll, connect, close) and the
// I/O threads (push). Every connect and close starts a new epoch; an event pushed for an
// older epoch belongs to a connection the charger has already given up, and is dropped.
struct Inbox {
  Inbox(WsLinkPool::Impl& p, std::size_t t) : pool(p), tag(t) {}

  std::uint64_t begin_epoch() {
    std::lock_guard lock(mu);
    events.clear();
    return ++epoch;
  }
  std::uint64_t current_epoch() {
    std::lock_guard lock(mu);
    return epoch;
  }
  void push(std::uint64_t e, LinkEvent::Kind kind, std::string text = {}) {
    std::lock_guard lock(mu);
    if (e != epoch) return;
    events.push_back(LinkEvent{kind, std::move(text)});
    if (!flagged) {
      flagged = true;
      pool.mark_ready(tag);
    }
  }
  void drain(std::vector<LinkEvent>& out) {
    std::lock_guard lock(mu);
    flagged = false;
    for (auto& e : events) out.push_back(std::move(e));
    events.clear();
  }

  WsLinkPool::Impl& pool;
  const std::size_t tag;
  std::mutex mu;
  std::uint64_t epoch = 0;
  std::vector<LinkEvent> events;
  bool flagged = false;  // the tag is in the pool's ready list
};

// One connection attempt and, if it succeeds, the connection: everything runs on the
// link's strand (the stream's executor). Handlers hold the Stream, so it lives until the
// last operation on it has completed.
class Stream : public std::enable_shared_from_this<Stream> {
 public:
  Stream(WsLinkPool::Impl& pool, Strand strand, std::shared_ptr<Inbox> inbox, std::uint64_t epoch,
         const std::string& charge_point_id)
      : pool_(pool),
        inbox_(std::move(inbox)),
        epoch_(epoch),
        raw_(pool.config.framing == LinkFraming::RawTcp),
        target_(raw_ ? charge_point_id : pool.config.path + "/" + charge_point_id),
        ws_(strand),
        close_timer_(strand) {}
  ~Stream() { release_socket(); }

  std::uint64_t epoch() const { return epoch_; }

  void start() {
    auto& sock = beast::get_lowest_layer(ws_).socket();
    beast::error_code ec;
    sock.open(pool_.endpoint.protocol(), ec);
    if (ec) return fail("socket", ec);
    counted_ = true;
    pool_.socket_opened();
    if (auto src = pool_.next_source()) {
#ifdef IP_BIND_ADDRESS_NO_PORT
      // Take the port at connect() time, from the full (src, dst) 4-tuple: a bind() to
      // port 0 would otherwise pick a port unique per source address alone.
      int one = 1;
      ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
      sock.bind(tcp::endpoint(*src, 0), ec);
      if (ec) return fail("bind " + src->to_string(), ec);
    }
    auto& layer = beast::get_lowest_layer(ws_);
    layer.expires_after(pool_.config.connect_timeout);
    // A single endpoint (not the resolver's range): connecting to a range closes and
    // reopens the socket between attempts, which would drop the bound source address.
    layer.async_connect(pool_.endpoint,
                        [self = shared_from_this()](beast::error_code e) { self->on_connect(e); });
  }

  void send(std::string frame) {
    if (!open_ || closing_ || done_) return;  // the link is not up: the frame is dropped
    if (writes_.size() >= kMaxQueuedFrames) {
      return fail("write", beast::error_code(boost::system::errc::no_buffer_space,
                                             boost::system::generic_category()));
    }
    writes_.push_back(std::move(frame));
    write_next();
  }

  // Charger-side close: frames already queued go out first, then the close handshake
  // (bounded by close_timeout). No event: the charger knows.
  void close() {
    if (done_ || closing_) return;
    if (!open_) return abort();
    closing_ = true;
    if (!writing_) start_close();
  }

  // Drops the connection at once, without an event.
  void abort() {
    done_ = true;
    open_ = false;
    release_socket();
  }

 private:
  void on_connect(beast::error_code ec) {
    if (done_) return;
    if (ec) return fail("connect", ec);
    auto& layer = beast::get_lowest_layer(ws_);
    layer.expires_never();
    layer.socket().set_option(tcp::no_delay(true), ec);
    if (raw_) {
      // A YKC pile speaks first (its login) on the bare connection.
      open_ = true;
      inbox_->push(epoch_, LinkEvent::Kind::Connected);
      return read();
    }
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
      req.set(http::field::sec_websocket_protocol, "ocpp1.6");
      req.set(http::field::user_agent, "chargetwin-sim");
    }));
    ws_.async_handshake(
        pool_.host_header, target_,
        [self = shared_from_this()](beast::error_code e) { self->on_handshake(e); });
  }

  void on_handshake(beast::error_code ec) {
    if (done_) return;
    if (ec) return fail("handshake", ec);
    open_ = true;
    ws_.text(true);
    inbox_->push(epoch_, LinkEvent::Kind::Connected);
    read();
  }

  void read() {
    if (raw_) {
      beast::get_lowest_layer(ws_).async_read_some(
          net::buffer(chunk_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            self->on_read_chunk(ec, n);
          });
      return;
    }
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (done_ || closing_) return;  // our own close: the charger expects no event
    if (ec) return fail("read", ec);
    inbox_->push(epoch_, LinkEvent::Kind::Text, beast::buffers_to_string(buffer_.data()));
    buffer_.consume(buffer_.size());
    read();
  }

  void on_read_chunk(beast::error_code ec, std::size_t n) {
    if (done_ || closing_) return;
    if (ec) return fail("read", ec);
    inbox_->push(epoch_, LinkEvent::Kind::Text, std::string(chunk_.data(), n));
    read();
  }

  void write_next() {
    if (writing_ || writes_.empty() || done_) return;
    writing_ = true;
    if (raw_) {
      net::async_write(
          beast::get_lowest_layer(ws_), net::buffer(writes_.front()),
          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
      return;
    }
    ws_.async_write(
        net::buffer(writes_.front()),
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (done_) return;
    if (ec) {
      if (closing_) return abort();
      return fail("write", ec);
    }
    writes_.pop_front();
    if (writes_.empty() && closing_) return start_close();
    write_next();
  }

  // The close handshake is bounded by our own timer, not by Beast's handshake timeout:
  // when that timeout fires while a read (e.g. the next frame of async_read) waits behind
  // the close, Beast resumes the read with `timeout` and asserts (boostorg/beast#1760,
  // #2264; seen here in a 20,000-charger run against a server too busy to answer).
  // Closing the socket instead fails both operations with operation_aborted, as Beast
  // expects.
  void start_close() {
    if (raw_) {
      // No close handshake on a bare TCP line: what was queued has been written.
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
      return abort();
    }
    ws_.set_option(websocket::stream_base::timeout{websocket::stream_base::none(),
                                                   websocket::stream_base::none(), false});
    close_timer_.expires_after(pool_.config.close_timeout);
    close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->abort();
    });
    ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {
      self->close_timer_.cancel();
      self->abort();
    });
  }

  void fail(const std::string& what, beast::error_code ec) {
    if (done_) return;
    bool was_open = open_;
    abort();
    log::debug(
        "sim_link_closed",
        {{"target", target_}, {"during", what}, {"error", ec.message()}, {"wasOpen", was_open}});
    inbox_->push(epoch_, LinkEvent::Kind::Closed, what + ": " + ec.message());
  }

  void release_socket() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    if (counted_) {
      counted_ = false;
      pool_.socket_released();
    }
  }

  WsLinkPool::Impl& pool_;
  std::shared_ptr<Inbox> inbox_;
  const std::uint64_t epoch_;
  const bool raw_;  // LinkFraming::RawTcp: the WebSocket layer is never used
  const std::string target_;
  Ws ws_;
  std::array<char, 4096> chunk_{};  // RawTcp reads
  net::steady_timer close_timer_;
  beast::flat_buffer buffer_;
  std::deque<std::string> writes_;
  bool writing_ = false;
  bool open_ = false;     // handshake done
  bool closing_ = false;  // charger-side close in progress
  bool done_ = false;     // socket given up; no more events
  bool counted_ = false;  // counted in the pool's sockets
};

// The link's strand and its current Stream; touched only on the strand.
struct Conn {
  explicit Conn(net::io_context& ioc) : strand(net::make_strand(ioc)) {}
  Strand strand;
  std::shared_ptr<Stream> current;
};

class WsLink final : public ChargerTransport {
 public:
  WsLink(std::shared_ptr<WsLinkPool::Impl> pool, std::string charge_point_id, std::size_t tag)
      : pool_(std::move(pool)),
        id_(std::move(charge_point_id)),
        inbox_(std::make_shared<Inbox>(*pool_, tag)),
        conn_(std::make_shared<Conn>(pool_->ioc)) {}
  ~WsLink() override { close(0); }

  void connect(Millis) override {
    if (active_) return;
    active_ = true;
    auto e = inbox_->begin_epoch();
    net::post(conn_->strand, [pool = pool_.get(), conn = conn_, inbox = inbox_, e, id = id_] {
      if (inbox->current_epoch() != e) return;  // closed before it started
      if (conn->current) conn->current->abort();
      conn->current = std::make_shared<Stream>(*pool, conn->strand, inbox, e, id);
      conn->current->start();
    });
  }

  void send(std::string frame, Millis) override {
    if (!active_) return;
    auto e = inbox_->current_epoch();
    net::post(conn_->strand, [conn = conn_, e, f = std::move(frame)]() mutable {
      if (conn->current && conn->current->epoch() == e) conn->current->send(std::move(f));
    });
  }

  void close(Millis) override {
    if (!active_) return;
    active_ = false;
    inbox_->begin_epoch();  // whatever the old connection still reports is dropped
    net::post(conn_->strand, [conn = conn_] {
      if (!conn->current) return;
      conn->current->close();
      conn->current.reset();  // its pending handlers keep it alive until it is done
    });
  }

  void poll(Millis, std::vector<LinkEvent>& out) override {
    auto first = out.size();
    inbox_->drain(out);
    for (auto i = first; i < out.size(); ++i) {
      if (out[i].kind == LinkEvent::Kind::Closed) active_ = false;
    }
  }

 private:
  std::shared_ptr<WsLinkPool::Impl> pool_;
  std::string id_;
  std::shared_ptr<Inbox> inbox_;
  std::shared_ptr<Conn> conn_;
  bool active_ = false;  // connecting or connected (simulation thread only)
};

}  // namespace

WsLinkPool::WsLinkPool(WsLinkPoolConfig config) : impl_(std::make_shared<Impl>(std::move(config))) {
  for (const auto& s : impl_->config.source_addresses) {
    boost::system::error_code ec;
    auto a = net::ip::make_address(s, ec);
    if (ec) throw std::invalid_argument("source address is not an IP address: '" + s + "'");
    impl_->sources.push_back(a);
  }
}

WsLinkPool::~WsLinkPool() {
  stop();
}

void WsLinkPool::start() {
  auto& d = *impl_;
  std::lock_guard lock(d.lifecycle_mu);
  if (d.started) return;
  tcp::resolver resolver(d.ioc);
  auto results = resolver.resolve(d.config.host, std::to_string(d.config.port));
  // Prefer an endpoint of the source addresses' family (bind() would refuse the other).
  std::optional<tcp::endpoint> chosen;
  for (const auto& r : results) {
    if (d.sources.empty() || r.endpoint().address().is_v4() == d.sources.front().is_v4()) {
      chosen = r.endpoint();
      break;
    }
  }
  if (!chosen) {
    throw std::runtime_error("no address of " + d.config.host +
                             " matches the family of the source addresses");
  }
  d.endpoint = *chosen;
  d.host_header = d.config.host + ":" + std::to_string(d.config.port);
  d.work.emplace(net::make_work_guard(d.ioc));
  int n = std::clamp(d.config.threads, 1, 64);
  for (int i = 0; i < n; ++i) d.threads.emplace_back([&d] { d.ioc.run(); });
  d.started = true;
  log::info("sim_link_pool_started", {{"endpoint", d.endpoint.address().to_string() + ":" +
                                                       std::to_string(d.endpoint.port())},
                                      {"threads", n},
                                      {"sourceAddresses", d.config.source_addresses.size()}});
}

std::unique_ptr<ChargerTransport> WsLinkPool::make_link(std::string charge_point_id,
                                                        std::size_t tag) {
  return std::make_unique<WsLink>(impl_, std::move(charge_point_id), tag);
}

void WsLinkPool::wait_ready(std::chrono::steady_clock::time_point until,
                            std::vector<std::size_t>& tags) {
  auto& d = *impl_;
  std::unique_lock lock(d.ready_mu);
  d.ready_cv.wait_until(lock, until, [&d] { return !d.ready.empty() || d.woken; });
  d.woken = false;
  tags.insert(tags.end(), d.ready.begin(), d.ready.end());
  d.ready.clear();
}

void WsLinkPool::wake() {
  {
    std::lock_guard lock(impl_->ready_mu);
    impl_->woken = true;
  }
  impl_->ready_cv.notify_all();
}

bool WsLinkPool::drain(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(impl_->sock_mu);
  return impl_->sock_cv.wait_until(lock, until, [this] { return impl_->sockets == 0; });
}

void WsLinkPool::stop() {
  impl_->stop();
}

std::size_t WsLinkPool::sockets() const {
  std::lock_guard lock(impl_->sock_mu);
  return impl_->sockets;
}

const WsLinkPoolConfig& WsLinkPool::config() const {
  return impl_->config;
}

}  // namespace ct::sim
