#include "simulator/demo_fleet.hpp"

#include "server/core/log.hpp"

namespace ct::sim {

std::unique_ptr<DemoFleet> DemoFleet::start(std::string host, std::uint16_t port,
                                            std::string platform_token, int chargers,
                                            std::uint64_t seed, double speed, int ykc_piles,
                                            std::uint16_t ykc_port, double ykc_speed) {
  if (ykc_port == 0) ykc_piles = 0;
  std::unique_ptr<DemoFleet> demo(new DemoFleet());
  ProvisionOptions po;
  po.host = host;
  po.port = port;
  po.platform_token = std::move(platform_token);
  po.chargers = chargers;
  po.ykc_piles = ykc_piles;
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
  fc.ykc_piles = demo_ykc_configs(ykc_piles, ykc_speed);
  fc.ykc_port = ykc_port;
  fc.ykc_speed = ykc_speed;
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
