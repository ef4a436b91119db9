#include "simulator/demo_fleet.hpp"

#include "server/core/log.hpp"

namespace ct::sim {

std::unique_ptr<DemoFleet> DemoFleet::start(std::string host, std::uint16_t port,
                                            std::string platform_token, int chargers,
                                            std::uint64_t seed, double speed) {
  std::unique_ptr<DemoFleet> demo(new DemoFleet());
  ProvisionOptions po;
  po.host = host;
  po.port = port;
  po.platform_token = std::move(platform_token);
  po.chargers = chargers;
  demo->provisioned_ = provision_demo(po);
  log::info("demo_fleet_provisioned", {{"tenantId", demo->provisioned_.tenant_id},
                                       {"piles", demo->provisioned_.pile_ids.size()},
                                       {"idTags", demo->provisioned_.id_tags.size()}});
  FleetConfig fc;
  fc.host = std::move(host);
  fc.port = port;
  fc.path = "/ocpp";
  fc.chargers = demo_charger_configs(chargers);
  for (auto& c : fc.chargers) {
    // 30 s of real time to answer a CALL, whatever the speed.
    c.call_timeout_ms = static_cast<std::int64_t>(30'000 * std::max(1.0, speed));
  }
  fc.seed = seed;
  fc.speed = speed;
  demo->fleet_ = std::make_unique<Fleet>(std::move(fc));
  demo->fleet_->start();
  return demo;
}

DemoFleet::~DemoFleet() {
  stop();
}

void DemoFleet::stop() {
  if (fleet_) fleet_->stop();
}

FleetStats DemoFleet::stats() const {
  return fleet_ ? fleet_->stats() : FleetStats{};
}

std::string DemoFleet::summary() const {
  return "demo fleet: " + format_stats(stats());
}

}  // namespace ct::sim
