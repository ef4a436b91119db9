// One simulated 云快充 (YKC) 1.6 pile on a link: YkcChargerModel inside PileFirmware
// (pile_firmware.hpp: reconnects with backoff, outages, power cycles), which also closes
// the socket when the model gives the link up (three unanswered heartbeat rounds, a remote
// reboot).
//
// The transport carries binary frames: every LinkEvent::text / send() string holds the
// bytes of one or more frames (the model reassembles chunks of any size); the frame
// observer sees each frame as upper-case hex.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/pile_firmware.hpp"
#include "simulator/ykc_charger_model.hpp"

namespace ct::sim {

struct YkcWire {
  using Model = YkcChargerModel;
  using Config = YkcChargerConfig;
  static const std::string& id(const Model& m) { return m.config().pile_code; }
  static void receive(Model& m, const std::string& bytes, Millis now) {
    m.on_bytes(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                             bytes.size()),
               now);
  }
  static std::string to_wire(std::vector<std::uint8_t> frame) {
    return std::string(frame.begin(), frame.end());
  }
  template <class F>
  static void show(const std::string& bytes, F&& f) {
    f(std::string_view(hex_of(bytes)));
  }
  static bool gives_up_link(const Model& m) { return m.close_requested(); }
  static std::string hex_of(const std::string& bytes);
};

using YkcSimCharger = PileFirmware<YkcWire>;

}  // namespace ct::sim
