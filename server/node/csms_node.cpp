#include "server/node/csms_node.hpp"

#include "server/core/log.hpp"
#include "server/store/store.hpp"

namespace ct::node {

CsmsNode::CsmsNode(NodeConfig config, const core::Clock* clock)
    : config_(std::move(config)), clock_(clock ? *clock : system_clock_) {}

CsmsNode::~CsmsNode() {
  stop();
}

std::uint16_t CsmsNode::start() {
  core_ = std::make_unique<CsmsCore>(
      CoreConfig{config_.db_path, config_.charge_point, config_.bootstrap_token}, clock_);
  if (core_->generated_token()) generated_token_ = core_->generated_token();
  auto& c = *core_;
  http_ = std::make_unique<gateway::HttpServer>(
      config_.http,
      gateway::HttpServerDeps{c.service(), c.api(), c.bus(), c.registry(), clock_, c.core_mutex()});
  port_ = http_->start();
  running_ = true;
  log::info("server_started",
            {{"listen", config_.http.host + ":" + std::to_string(port_)}, {"db", config_.db_path}});
  return port_;
}

void CsmsNode::stop() {
  if (!running_) return;
  running_ = false;
  http_->stop();
  // Connections that did not finish their close handshake in time are still offline.
  core_->store().set_all_offline();
  http_.reset();
  core_.reset();
  log::info("server_stopped", {});
}

}  // namespace ct::node
