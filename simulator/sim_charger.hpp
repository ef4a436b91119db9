// One simulated charger on a link: the sans-IO ChargerModel, the transport it talks
// through, and what a real charger's firmware does around the protocol — reconnecting
// with exponential backoff and seeded jitter (LinkKeeper), and going through power cycles. Used by
// the in-process twin and by network mode alike; single-threaded (step() from one thread).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "simulator/charger_model.hpp"
#include "simulator/charger_transport.hpp"
#include "simulator/link_keeper.hpp"

namespace ct::sim {

// Sees every frame on the link (for the run's event log and its hash).
using FrameObserver = std::function<void(Millis now, std::string_view charge_point_id,
                                         bool outbound, std::string_view frame)>;

class SimCharger {
 public:
  SimCharger(ChargerConfig config, std::uint64_t seed, std::unique_ptr<ChargerTransport> transport,
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

  ChargerModel& model() { return model_; }
  const ChargerModel& model() const { return model_; }
  const std::string& id() const { return model_.config().charge_point_id; }
  bool link_up() const { return link_.up(); }
  std::int64_t connection_failures() const { return link_.failures(); }
  std::int64_t connects() const { return link_.connects(); }

 private:
  void link_lost(Millis now);
  void flush(Millis now);

  ChargerModel model_;
  std::unique_ptr<ChargerTransport> transport_;
  LinkKeeper link_;
  FrameObserver observer_;
  std::vector<LinkEvent> events_;
};

}  // namespace ct::sim
