// The handle `chargetwin serve --demo-fleet N` keeps: provisions the "Demo Fleet"
// tenant through the server's own REST API, then runs a Fleet against its OCPP endpoint
// (and YKC piles against its YKC port) in the background until stop().
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "simulator/fleet.hpp"
#include "simulator/provision.hpp"

namespace ct::sim {

class DemoFleet {
 public:
  // host/port: where the server listens (use 127.0.0.1 for a 0.0.0.0 listener).
  // Blocks while provisioning (a few hundred ms for 100 chargers), then returns with the
  // fleet connecting in the background. Throws ProvisionError (or std::exception) when the
  // server cannot be provisioned or reached.
  // ykc_piles 云快充 1.6 piles connect to host:ykc_port (the server's --ykc-listen) beside
  // the OCPP chargers; none when ykc_port is 0. They run at ykc_speed (default real time:
  // faster, the server prices their real-time data by its own clock and every bill is
  // flagged bill_mismatch), with short sessions so that there is something to watch.
  static std::unique_ptr<DemoFleet> start(std::string host, std::uint16_t port,
                                          std::string platform_token, int chargers,
                                          std::uint64_t seed, double speed, int ykc_piles = 0,
                                          std::uint16_t ykc_port = 0, double ykc_speed = 1.0);
  ~DemoFleet();
  DemoFleet(const DemoFleet&) = delete;
  DemoFleet& operator=(const DemoFleet&) = delete;

  void stop();  // idempotent; also done by the destructor
  // One line: fleet counters, e.g. for a periodic log line or the shutdown message.
  std::string summary() const;
  FleetStats stats() const;
  // The demo tenant's API token created by this run (to look at the data through the API).
  const std::string& tenant_token() const { return provisioned_.tenant_token; }
  const ProvisionResult& provisioned() const { return provisioned_; }

 private:
  DemoFleet() = default;
  ProvisionResult provisioned_;
  std::unique_ptr<Fleet> fleet_;
};

}  // namespace ct::sim
