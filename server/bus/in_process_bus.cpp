#include <algorithm>

#include "server/bus/bus.hpp"

namespace ct::bus {

void InProcessBus::publish(ct::events::Event event) {
  std::lock_guard lock(mu_);
  event.set_sequence(next_sequence_++);
  for (auto& [id, handler] : subscribers_) handler(event);
}

SubscriptionId InProcessBus::subscribe(Handler handler) {
  std::lock_guard lock(mu_);
  auto id = next_id_++;
  subscribers_.emplace_back(id, std::move(handler));
  return id;
}

void InProcessBus::unsubscribe(SubscriptionId id) {
  std::lock_guard lock(mu_);
  std::erase_if(subscribers_, [id](const auto& s) { return s.first == id; });
}

std::uint64_t InProcessBus::published() const {
  std::lock_guard lock(mu_);
  return next_sequence_ - 1;
}

}  // namespace ct::bus
