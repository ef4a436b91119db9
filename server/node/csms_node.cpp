#include "server/node/csms_node.hpp"

#include "server/core/log.hpp"
#include "server/gateway/http_client.hpp"
#include "server/orders/order_service.hpp"
#include "server/store/store.hpp"
#include "server/wallet/sandbox_provider.hpp"

namespace ct::node {

namespace {

// How often the worker looks for order events, order timers and due notifications.
constexpr auto kBackgroundPeriod = std::chrono::milliseconds(100);

// The sandbox notifies this server the way a provider would: an HTTP POST over a socket to
// the server's own listener.
class HttpNotificationChannel final : public wallet::NotificationChannel {
 public:
  HttpNotificationChannel(std::string host, std::uint16_t port)
      : host_(host == "0.0.0.0" || host.empty() ? "127.0.0.1" : std::move(host)), port_(port) {}
  std::optional<std::string> deliver(const std::string& path,
                                     const std::map<std::string, std::string>& headers,
                                     const std::string& body) override {
    auto r =
        gateway::http_request(host_, port_, "POST", path, headers, body, std::chrono::seconds(5));
    if (r.status == 0) {
      log::warn("payment_notification_unreachable", {{"error", r.error}});
      return std::nullopt;
    }
    return r.body;
  }

 private:
  std::string host_;
  std::uint16_t port_;
};

}  // namespace

CsmsNode::CsmsNode(NodeConfig config, const core::Clock* clock)
    : config_(std::move(config)), clock_(clock ? *clock : system_clock_) {}

CsmsNode::~CsmsNode() {
  stop();
}

std::uint16_t CsmsNode::start() {
  CoreConfig cc;
  cc.db_path = config_.db_path;
  cc.charge_point = config_.charge_point;
  cc.bootstrap_token = config_.bootstrap_token;
  cc.sandbox_payments = config_.sandbox_payments;
  cc.sms = config_.sms;
  cc.public_url = config_.public_url.empty()
                      ? "http://" + config_.http.host + ":" + std::to_string(config_.http.port)
                      : config_.public_url;
  core_ = std::make_unique<CsmsCore>(cc, clock_);
  if (core_->generated_token()) generated_token_ = core_->generated_token();
  auto& c = *core_;
  http_ = std::make_unique<gateway::HttpServer>(
      config_.http,
      gateway::HttpServerDeps{c.service(), c.api(), c.bus(), c.registry(), clock_, c.core_mutex()});
  port_ = http_->start();
  if (config_.ykc) {
    ykc_ = std::make_unique<gateway::YkcServer>(
        *config_.ykc,
        gateway::YkcServerDeps{c.ykc(), c.service(), c.registry(), clock_, c.core_mutex()});
    ykc_port_ = ykc_->start();
  }
  http_channel_ = std::make_unique<HttpNotificationChannel>(config_.http.host, port_);
  core_->set_notification_channel(http_channel_.get());
  if (config_.public_url.empty() && core_->sandbox() != nullptr) {
    auto host = config_.http.host == "0.0.0.0" ? std::string("127.0.0.1") : config_.http.host;
    core_->sandbox()->set_public_base_url("http://" + host + ":" + std::to_string(port_));
  }
  worker_stop_ = false;
  worker_ = std::thread([this] { background_loop(); });
  running_ = true;
  log::info("server_started",
            {{"listen", config_.http.host + ":" + std::to_string(port_)}, {"db", config_.db_path}});
  return port_;
}

void CsmsNode::background_loop() {
  std::unique_lock lock(worker_mu_);
  while (!worker_stop_) {
    lock.unlock();
    try {
      core_->run_background();
    } catch (const std::exception& e) {
      log::error("background_work_failed", {{"error", e.what()}});
    }
    lock.lock();
    worker_cv_.wait_for(lock, kBackgroundPeriod, [this] { return worker_stop_; });
  }
}

void CsmsNode::stop() {
  if (!running_) return;
  running_ = false;
  {
    std::lock_guard lock(worker_mu_);
    worker_stop_ = true;
  }
  worker_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
  core_->set_notification_channel(nullptr);
  if (ykc_) ykc_->stop();
  http_->stop();
  // What the last frames queued (a StopTransaction answered just before the stop) is billed
  // now: left in the queue, the order would be found abnormal at the next start.
  try {
    core_->run_background();
  } catch (const std::exception& e) {
    log::error("background_work_failed", {{"error", e.what()}, {"during", "stop"}});
  }
  // Connections that did not finish their close handshake in time are still offline.
  core_->store().set_all_offline();
  ykc_.reset();
  http_.reset();
  core_.reset();
  log::info("server_stopped", {});
}

}  // namespace ct::node
