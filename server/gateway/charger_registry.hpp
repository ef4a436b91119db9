// Which chargers are connected to this node, and how to reach them. Implements the
// CommandSink the API uses, so the API never sees a socket. A second connection for the
// same chargePointId replaces the first: the old link is closed and its close does not
// mark the charger offline.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/core/command_sink.hpp"

namespace ct::gateway {

// One live charger connection, whatever its transport.
class ChargerLink {
 public:
  virtual ~ChargerLink() = default;
  virtual void send_command(const core::Command& command) = 0;
  virtual void close(const std::string& reason) = 0;
};

class ChargerRegistry final : public core::CommandSink {
 public:
  // Returns the link it replaced, if any (the caller closes it outside the lock).
  std::shared_ptr<ChargerLink> attach(const std::string& cpid, std::shared_ptr<ChargerLink> link);
  // True when `link` was the current link of cpid (and is now removed).
  bool detach(const std::string& cpid, const ChargerLink* link);
  std::shared_ptr<ChargerLink> find(const std::string& cpid) const;
  std::size_t size() const;
  void close_all(const std::string& reason);

  bool is_online(const std::string& charge_point_id) const override;
  void dispatch(const core::Command& command) override;
  // Called when dispatch finds no link (the charger dropped between the check and now).
  void set_on_undeliverable(std::function<void(const core::Command&)> fn) {
    on_undeliverable_ = std::move(fn);
  }

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::weak_ptr<ChargerLink>> links_;
  std::function<void(const core::Command&)> on_undeliverable_;
};

}  // namespace ct::gateway
