// One simulated OCPP 1.6J charger on a link: ChargerModel inside PileFirmware
// (pile_firmware.hpp: reconnects with backoff, outages, power cycles). Used by the
// in-process twin and by network mode alike.
#pragma once

#include <string>
#include <string_view>

#include "simulator/charger_model.hpp"
#include "simulator/pile_firmware.hpp"

namespace ct::sim {

// OCPP-J: one text message per transport string, shown to the observer as it is.
struct OcppWire {
  using Model = ChargerModel;
  using Config = ChargerConfig;
  static const std::string& id(const Model& m) { return m.config().charge_point_id; }
  static void receive(Model& m, const std::string& text, Millis now) { m.on_text(text, now); }
  static std::string to_wire(std::string frame) { return frame; }
  template <class F>
  static void show(const std::string& text, F&& f) {
    f(std::string_view(text));
  }
  static bool gives_up_link(const Model&) { return false; }  // the WebSocket layer keeps it
};

using SimCharger = PileFirmware<OcppWire>;

}  // namespace ct::sim
