// One simulated charger on a link, whichever protocol it speaks: the sans-IO model, the
// transport it talks through (a socket in network mode, an in-memory link to the real
// server core in the twin) and what a real charger's firmware does around the protocol:
// reconnecting with exponential backoff and seeded jitter (LinkKeeper), outages, power
// cycles, and closing the socket when the model gives the link up. Single-threaded
// (step() from one thread).
//
// `Wire` says what differs per protocol: the model and its config, how a received chunk
// reaches the model, what the frame observer sees, how an outgoing frame becomes the
// transport's string, and whether the model asks for the link to be closed. SimCharger
// (sim_charger.hpp, OCPP 1.6J) and YkcSimCharger (ykc_sim_charger.hpp, YKC 1.6) are its two
// instances, compiled once in pile_firmware.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/charger_transport.hpp"
#include "simulator/link_keeper.hpp"

namespace ct::sim {

// Sees every frame on the link (for the run's event log and its hash).
using FrameObserver = std::function<void(Millis now, std::string_view charge_point_id,
                                         bool outbound, std::string_view frame)>;

template <class Wire>
class PileFirmware {
 public:
  using Model = typename Wire::Model;
  using Config = typename Wire::Config;

  PileFirmware(Config config, std::uint64_t seed, std::unique_ptr<ChargerTransport> transport,
               ReconnectPolicy policy = {});

  // Connects for the first time.
  void start(Millis now);
  // Consumes link events, advances the model and sends what it wants to send, until the
  // exchange settles for this instant; reconnects when the backoff has elapsed.
  void step(Millis now);
  // Faults. drop: the link breaks and the charger reconnects with backoff. go_offline: the
  // link is down for `duration_ms` (no attempts meanwhile). reboot: power cycle, back after
  // `boot_ms`.
  void drop(Millis now);
  void go_offline(Millis now, Millis duration_ms);
  void reboot(Millis now, bool power_loss, Millis boot_ms);
  // Closes the link for good (end of the run).
  void shut_down(Millis now);

  void set_frame_observer(FrameObserver observer) { observer_ = std::move(observer); }

  Model& model() { return model_; }
  const Model& model() const { return model_; }
  const std::string& id() const { return Wire::id(model_); }
  bool link_up() const { return link_.up(); }
  std::int64_t connection_failures() const { return link_.failures(); }
  std::int64_t connects() const { return link_.connects(); }

 private:
  void link_lost(Millis now);
  void flush(Millis now);
  void observe(Millis now, bool outbound, const std::string& wire);

  Model model_;
  std::unique_ptr<ChargerTransport> transport_;
  LinkKeeper link_;
  FrameObserver observer_;
  std::vector<LinkEvent> events_;
};

}  // namespace ct::sim
