// One simulated 云快充 (YKC) 1.6 pile on a link: the sans-IO YkcChargerModel, the byte
// transport it talks through (a TCP socket in network mode, an in-memory link to the real
// server core in the twin) and the firmware around the protocol: reconnecting with
// exponential backoff and seeded jitter, power cycles, and closing the socket when the
// model gives the link up (three unanswered heartbeat rounds, a remote reboot). The YKC
// twin of SimCharger (sim_charger.hpp); single-threaded (step() from one thread).
//
// The transport carries binary frames: every LinkEvent::text / send() string holds the
// bytes of one or more frames (the model reassembles chunks of any size).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "simulator/charger_transport.hpp"
#include "simulator/link_keeper.hpp"
#include "simulator/sim_charger.hpp"
#include "simulator/ykc_charger_model.hpp"

namespace ct::sim {

class YkcSimCharger {
 public:
  YkcSimCharger(YkcChargerConfig config, std::uint64_t seed,
                std::unique_ptr<ChargerTransport> transport, ReconnectPolicy policy = {});

  void start(Millis now);
  // Consumes link events, advances the model and writes its frames until the exchange
  // settles for this instant; reconnects when the backoff (or the boot) has elapsed.
  void step(Millis now);
  // Faults, as SimCharger's.
  void drop(Millis now);
  void go_offline(Millis now, Millis duration_ms);
  void reboot(Millis now, bool power_loss, Millis boot_ms);
  void shut_down(Millis now);

  // The observer sees each frame as upper-case hex (one frame per call).
  void set_frame_observer(FrameObserver observer) { observer_ = std::move(observer); }

  YkcChargerModel& model() { return model_; }
  const YkcChargerModel& model() const { return model_; }
  const std::string& id() const { return model_.config().pile_code; }
  bool link_up() const { return link_.up(); }
  std::int64_t connection_failures() const { return link_.failures(); }
  std::int64_t connects() const { return link_.connects(); }

 private:
  void link_lost(Millis now);
  void flush(Millis now);
  void observe(Millis now, bool outbound, const std::string& bytes);

  YkcChargerModel model_;
  std::unique_ptr<ChargerTransport> transport_;
  LinkKeeper link_;
  FrameObserver observer_;
  std::vector<LinkEvent> events_;
};

}  // namespace ct::sim
