// The seam between the API (which records a command) and the gateway (which owns the
// charger connections and sends it). The API never touches sockets.
#pragma once

#include <string>

#include "server/core/model.hpp"

namespace ct::core {

class CommandSink {
 public:
  virtual ~CommandSink() = default;
  // True while the charger's connection is up on this node.
  virtual bool is_online(const std::string& charge_point_id) const = 0;
  // Queues a stored Pending command for sending. The gateway updates the stored
  // command (sent, accepted, rejected, timed out, failed) as the charger answers.
  virtual void dispatch(const Command& command) = 0;
};

}  // namespace ct::core
