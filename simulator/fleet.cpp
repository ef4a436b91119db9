#include "simulator/fleet.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "server/core/log.hpp"

namespace ct::sim {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

SpeedClock::SpeedClock(double speed)
    : speed_(speed > 0 ? speed : 1.0),
      start_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count()),
      start_(std::chrono::steady_clock::now()) {}

Millis SpeedClock::now() const {
  auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start_);
  return start_ms_ + static_cast<Millis>(static_cast<double>(elapsed.count()) * speed_ / 1000.0);
}

std::string format_stats(const FleetStats& s) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "chargers %d/%d connected (%d accepted), sessions %lld started / %lld stopped, "
                "energy %.1f kWh, CALLERRORs %lld, connection failures %lld",
                s.connected, s.chargers, s.accepted, static_cast<long long>(s.sessions_started),
                static_cast<long long>(s.sessions_stopped),
                static_cast<double>(s.energy_wh) / 1000.0,
                static_cast<long long>(s.call_errors_received),
                static_cast<long long>(s.connection_failures));
  return buf;
}

namespace {

using Ws = websocket::stream<beast::tcp_stream>;

struct Shared {
  FleetConfig config;
  SpeedClock clock;
  tcp::resolver::results_type endpoints;
  std::atomic<int> connected{0};
  std::atomic<int> accepted{0};
  std::atomic<std::int64_t> sessions_started{0};
  std::atomic<std::int64_t> sessions_stopped{0};
  std::atomic<std::int64_t> energy_wh{0};
  std::atomic<std::int64_t> call_errors{0};
  std::atomic<std::int64_t> failures{0};
  std::mutex mu;
  std::condition_variable cv;
  int live = 0;  // connections not yet fully stopped

  explicit Shared(FleetConfig c) : config(std::move(c)), clock(config.speed) {}
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(net::io_context& ioc, Shared& shared, ChargerConfig cfg, std::uint64_t seed)
      : shared_(shared),
        strand_(net::make_strand(ioc)),
        model_(std::move(cfg), seed),
        backoff_rng_(splitmix64(seed ^ 0xB0FFULL)),
        tick_timer_(strand_),
        reconnect_timer_(strand_) {}

  void start() {
    net::post(strand_, [self = shared_from_this()] {
      self->connect();
      self->schedule_tick();
    });
  }

  void stop() {
    net::post(strand_, [self = shared_from_this()] { self->do_stop(); });
  }

 private:
  Millis now() const { return shared_.clock.now(); }
  const std::string& id() const { return model_.config().charge_point_id; }

  void connect() {
    if (stopping_) return;
    ++gen_;
    ws_ = std::make_shared<Ws>(strand_);
    writes_.clear();
    writing_ = false;
    auto& tcp_layer = beast::get_lowest_layer(*ws_);
    tcp_layer.expires_after(std::chrono::seconds(10));
    tcp_layer.async_connect(shared_.endpoints, [self = shared_from_this(), ws = ws_, gen = gen_](
                                                   beast::error_code ec, const tcp::endpoint&) {
      self->on_connect(ec, gen);
    });
  }

  void on_connect(beast::error_code ec, std::uint64_t gen) {
    if (gen != gen_ || stopping_) return;
    if (ec) return fail(gen, "connect", ec);
    beast::get_lowest_layer(*ws_).expires_never();
    beast::get_lowest_layer(*ws_).socket().set_option(tcp::no_delay(true), ec);
    ws_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_->set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
      req.set(http::field::sec_websocket_protocol, "ocpp1.6");
      req.set(http::field::user_agent, "chargetwin-sim");
    }));
    std::string host = shared_.config.host + ":" + std::to_string(shared_.config.port);
    std::string target = shared_.config.path + "/" + id();
    ws_->async_handshake(host, target,
                         [self = shared_from_this(), ws = ws_, gen](beast::error_code e) {
                           self->on_handshake(e, gen);
                         });
  }

  void on_handshake(beast::error_code ec, std::uint64_t gen) {
    if (gen != gen_ || stopping_) return;
    if (ec) return fail(gen, "handshake", ec);
    open_ = true;
    attempt_ = 0;
    shared_.connected.fetch_add(1);
    log::debug("sim_connected", {{"chargePointId", id()}});
    model_.on_connected(now());
    flush();
    read();
  }

  void read() {
    ws_->async_read(buffer_, [self = shared_from_this(), ws = ws_, gen = gen_](
                                 beast::error_code ec, std::size_t) { self->on_read(ec, gen); });
  }

  void on_read(beast::error_code ec, std::uint64_t gen) {
    if (gen != gen_) return;
    if (ec) return fail(gen, "read", ec);
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    model_.on_text(text, now());
    flush();
    read();
  }

  void flush() {
    auto frames = model_.take_outbox();
    if (open_) {
      for (auto& f : frames) writes_.push_back(std::move(f));
      write_next();
    }
    publish();
  }

  void write_next() {
    if (writing_ || writes_.empty() || !open_) return;
    writing_ = true;
    ws_->text(true);
    ws_->async_write(net::buffer(writes_.front()),
                     [self = shared_from_this(), ws = ws_, gen = gen_](
                         beast::error_code ec, std::size_t) { self->on_write(ec, gen); });
  }

  void on_write(beast::error_code ec, std::uint64_t gen) {
    if (gen != gen_) return;
    writing_ = false;
    if (ec) return fail(gen, "write", ec);
    writes_.pop_front();
    write_next();
  }

  void fail(std::uint64_t gen, const char* what, beast::error_code ec) {
    if (gen != gen_) return;
    ++gen_;  // every pending handler of this stream is stale from now on
    bool was_open = open_;
    open_ = false;
    writes_.clear();
    writing_ = false;
    beast::error_code ignored;
    beast::get_lowest_layer(*ws_).socket().close(ignored);
    if (was_open) {
      shared_.connected.fetch_sub(1);
      model_.on_disconnected(now());
      publish();
    }
    if (stopping_) return;
    shared_.failures.fetch_add(1);
    // Exponential backoff with +-50 % jitter from the connection's own seeded generator.
    double base = static_cast<double>(shared_.config.backoff_initial.count()) *
                  std::pow(2.0, std::min(attempt_, 16));
    base = std::min(base, static_cast<double>(shared_.config.backoff_max.count()));
    auto delay =
        std::chrono::milliseconds(static_cast<std::int64_t>(base * backoff_rng_.uniform(0.5, 1.5)));
    ++attempt_;
    log::debug("sim_disconnected", {{"chargePointId", id()},
                                    {"during", what},
                                    {"error", ec.message()},
                                    {"retryInMs", delay.count()}});
    reconnect_timer_.expires_after(delay);
    reconnect_timer_.async_wait([self = shared_from_this()](beast::error_code e) {
      if (!e) self->connect();
    });
  }

  void schedule_tick() {
    tick_timer_.expires_after(shared_.config.tick);
    tick_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->stopping_) return;
      self->model_.on_tick(self->now());
      self->flush();
      self->schedule_tick();
    });
  }

  // Mirrors the model's counters into the fleet totals (as deltas).
  void publish() {
    const auto& s = model_.stats();
    auto add = [](std::atomic<std::int64_t>& total, std::int64_t value, std::int64_t& last) {
      total.fetch_add(value - last);
      last = value;
    };
    add(shared_.sessions_started, s.sessions_started, last_.sessions_started);
    add(shared_.sessions_stopped, s.sessions_stopped, last_.sessions_stopped);
    add(shared_.call_errors, s.call_errors_received, last_.call_errors_received);
    add(shared_.energy_wh, model_.delivered_wh(), last_energy_);
    bool accepted = open_ && model_.registration() == Registration::Accepted;
    if (accepted != accepted_) {
      shared_.accepted.fetch_add(accepted ? 1 : -1);
      accepted_ = accepted;
    }
  }

  void do_stop() {
    if (stopping_) return;
    stopping_ = true;
    tick_timer_.cancel();
    reconnect_timer_.cancel();
    if (ws_ && open_) {
      // The close handshake waits for queued writes; bound it.
      ws_->set_option(websocket::stream_base::timeout{std::chrono::seconds(2),
                                                      websocket::stream_base::none(), false});
      ws_->async_close(websocket::close_code::normal, [self = shared_from_this(), ws = ws_](
                                                          beast::error_code) { self->finish(); });
    } else {
      if (ws_) {
        beast::error_code ignored;
        beast::get_lowest_layer(*ws_).socket().close(ignored);
      }
      finish();
    }
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    ++gen_;
    if (open_) {
      open_ = false;
      shared_.connected.fetch_sub(1);
      model_.on_disconnected(now());
    }
    publish();
    if (ws_) {
      beast::error_code ignored;
      beast::get_lowest_layer(*ws_).socket().close(ignored);
    }
    std::lock_guard lock(shared_.mu);
    --shared_.live;
    shared_.cv.notify_all();
  }

  Shared& shared_;
  net::strand<net::io_context::executor_type> strand_;
  ChargerModel model_;
  Rng backoff_rng_;
  net::steady_timer tick_timer_;
  net::steady_timer reconnect_timer_;
  std::shared_ptr<Ws> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> writes_;
  bool writing_ = false;
  bool open_ = false;
  bool stopping_ = false;
  bool finished_ = false;
  bool accepted_ = false;
  int attempt_ = 0;
  std::uint64_t gen_ = 0;
  ChargerStats last_;
  std::int64_t last_energy_ = 0;
};

}  // namespace

struct Fleet::Impl {
  explicit Impl(FleetConfig c) : shared(std::move(c)) {}
  net::io_context ioc;
  Shared shared;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::shared_ptr<Connection>> connections;
  std::vector<std::thread> threads;
  bool started = false;
  bool stopped = false;
};

Fleet::Fleet(FleetConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Fleet::~Fleet() {
  stop();
}

const FleetConfig& Fleet::config() const {
  return impl_->shared.config;
}

void Fleet::start() {
  auto& d = *impl_;
  if (d.started) return;
  d.started = true;
  tcp::resolver resolver(d.ioc);
  d.shared.endpoints = resolver.resolve(d.shared.config.host, std::to_string(d.shared.config.port));
  d.work.emplace(net::make_work_guard(d.ioc));
  const auto& chargers = d.shared.config.chargers;
  {
    std::lock_guard lock(d.shared.mu);
    d.shared.live = static_cast<int>(chargers.size());
  }
  for (std::size_t i = 0; i < chargers.size(); ++i) {
    auto seed = splitmix64(d.shared.config.seed + i);
    d.connections.push_back(std::make_shared<Connection>(d.ioc, d.shared, chargers[i], seed));
  }
  for (auto& c : d.connections) c->start();
  int n = std::clamp(d.shared.config.threads, 1, 8);
  for (int i = 0; i < n; ++i) d.threads.emplace_back([&d] { d.ioc.run(); });
  log::info("sim_fleet_started",
            {{"chargers", chargers.size()},
             {"target", "ws://" + d.shared.config.host + ":" +
                            std::to_string(d.shared.config.port) + d.shared.config.path},
             {"speed", d.shared.config.speed},
             {"seed", d.shared.config.seed}});
}

void Fleet::stop() {
  auto& d = *impl_;
  if (!d.started || d.stopped) return;
  d.stopped = true;
  for (auto& c : d.connections) c->stop();
  {
    std::unique_lock lock(d.shared.mu);
    d.shared.cv.wait_for(lock, std::chrono::seconds(5), [&d] { return d.shared.live == 0; });
  }
  d.work.reset();
  d.ioc.stop();
  for (auto& t : d.threads) t.join();
  d.threads.clear();
  log::info("sim_fleet_stopped", {{"summary", format_stats(stats())}});
}

FleetStats Fleet::stats() const {
  const auto& s = impl_->shared;
  FleetStats out;
  out.chargers = static_cast<int>(s.config.chargers.size());
  out.connected = s.connected.load();
  out.accepted = s.accepted.load();
  out.sessions_started = s.sessions_started.load();
  out.sessions_stopped = s.sessions_stopped.load();
  out.energy_wh = s.energy_wh.load();
  out.call_errors_received = s.call_errors.load();
  out.connection_failures = s.failures.load();
  return out;
}

}  // namespace ct::sim
