// The Bus seam: publishers hand over domain events; subscribers get every event
// published after they subscribed, in publish order. InProcessBus is the embedded
// default; a Redis-streams bus implements the same interface for scale-out.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "server/bus/events.pb.h"

namespace ct::bus {

using SubscriptionId = std::uint64_t;
using Handler = std::function<void(const ct::events::Event&)>;

class Bus {
 public:
  virtual ~Bus() = default;
  // Assigns the event's sequence number, then delivers it.
  virtual void publish(ct::events::Event event) = 0;
  virtual SubscriptionId subscribe(Handler handler) = 0;
  virtual void unsubscribe(SubscriptionId id) = 0;
};

// Delivers synchronously on the publishing thread. Handlers must be quick and must
// not publish or (un)subscribe re-entrantly; slow consumers queue on their own side.
class InProcessBus final : public Bus {
 public:
  void publish(ct::events::Event event) override;
  SubscriptionId subscribe(Handler handler) override;
  void unsubscribe(SubscriptionId id) override;
  std::uint64_t published() const;

 private:
  mutable std::mutex mu_;
  std::uint64_t next_sequence_ = 1;
  SubscriptionId next_id_ = 1;
  std::vector<std::pair<SubscriptionId, Handler>> subscribers_;
};

}  // namespace ct::bus
