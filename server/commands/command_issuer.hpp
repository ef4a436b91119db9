// Issues a server-initiated command to a charger: stores it (pending), announces it on the
// bus and hands it to the gateway, which sends it and records the charger's answer. The
// REST command endpoints and the order service both issue commands through here, so a
// command started by an order is logged, visible and answered exactly like one an
// operator sent by hand.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "server/bus/bus.hpp"
#include "server/core/clock.hpp"
#include "server/core/command_sink.hpp"
#include "server/store/store.hpp"

namespace ct::commands {

class CommandIssuer {
 public:
  CommandIssuer(store::Store& store, bus::Bus& bus, core::CommandSink& sink,
                const core::Clock& clock)
      : store_(store), bus_(bus), sink_(sink), clock_(clock) {}

  bool is_online(const std::string& charge_point_id) const {
    return sink_.is_online(charge_point_id);
  }

  // The stored command (status pending). When the gateway cannot take it, the command is
  // stored as failed and the exception from the gateway is rethrown.
  core::Command issue(const core::Pile& pile, const std::string& action,
                      const nlohmann::json& payload, const std::string& requested_by);

  void publish_updated(const core::Command& cmd);

 private:
  store::Store& store_;
  bus::Bus& bus_;
  core::CommandSink& sink_;
  const core::Clock& clock_;
};

}  // namespace ct::commands
