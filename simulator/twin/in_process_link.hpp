// The in-process twin's wire: each simulated charger is attached to the real server core
// (CsmsCore) through an in-memory link that runs the same OcppRpcSession (YKC piles:
// YkcSession), ChargerRegistry and ChargePointService code a WebSocket (TCP) connection
// runs, minus the sockets. Frames can
// be lost, duplicated or delayed on the way to the charger, from a seeded generator, so
// that a run with faults is as reproducible as one without.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/gateway/ocpp_rpc_session.hpp"
#include "simulator/charger_transport.hpp"
#include "simulator/rng.hpp"

namespace ct::node {
class CsmsCore;
}

namespace ct::sim {

// What the wire does to frames; changeable while the run goes on.
struct WireFaults {
  double loss = 0;       // probability that a frame (either direction) is lost
  double duplicate = 0;  // probability that a frame (either direction) arrives twice
  Millis delay_ms = 0;   // extra latency of every frame towards the charger
};

struct WireCounters {
  std::int64_t frames_to_csms = 0;
  std::int64_t frames_to_chargers = 0;
  std::int64_t frames_lost = 0;
  std::int64_t frames_duplicated = 0;
  std::int64_t call_errors_from_csms = 0;
};

class InProcessCsms {
 public:
  InProcessCsms(node::CsmsCore& core, gateway::RpcConfig rpc, std::uint64_t seed);
  ~InProcessCsms();

  // A transport for one OCPP charger; it connects under that chargePointId.
  std::unique_ptr<ChargerTransport> link(const std::string& charge_point_id);
  // A transport for one YKC pile: a YkcSession of the gateway behind a byte link (the pile
  // names itself in its login, as over TCP). in_process_ykc_link.cpp.
  std::unique_ptr<ChargerTransport> ykc_link(const std::string& pile_code);

  WireFaults& faults() { return faults_; }
  const WireCounters& counters() const { return counters_; }

 private:
  friend class InProcessLink;
  friend class InProcessYkcLink;
  // How many copies of a frame arrive (0 lost, 1, 2 duplicated) under the wire's faults,
  // drawn from the link's own generator; counted.
  int copies_of_frame(Rng& rng);
  node::CsmsCore& core_;
  gateway::RpcConfig rpc_;
  std::uint64_t seed_;
  std::uint64_t links_ = 0;
  WireFaults faults_;
  WireCounters counters_;
};

}  // namespace ct::sim
