#include "simulator/link_keeper.hpp"

#include <algorithm>
#include <cmath>

namespace ct::sim {

LinkKeeper::LinkKeeper(std::uint64_t seed, ReconnectPolicy policy)
    : policy_(policy), backoff_rng_(splitmix64(seed ^ 0xB0FFULL)) {}

void LinkKeeper::start(Millis now) {
  started_ = true;
  reconnect_at_ = now;
}

bool LinkKeeper::connect_due(Millis now) {
  if (!started_ || stopped_ || up_ || connecting_ || !reconnect_at_ || now < *reconnect_at_)
    return false;
  reconnect_at_.reset();
  connecting_ = true;
  return true;
}

void LinkKeeper::connected() {
  connecting_ = false;
  up_ = true;
  attempt_ = 0;
  ++connects_;
}

bool LinkKeeper::lost(Millis now) {
  const bool was_up = up_;
  up_ = false;
  connecting_ = false;
  ++failures_;
  if (stopped_) return was_up;
  // Exponential backoff with +-50 % jitter.
  double base = static_cast<double>(policy_.initial_ms) * std::pow(2.0, std::min(attempt_, 16));
  base = std::min(base, static_cast<double>(policy_.max_ms));
  ++attempt_;
  reconnect_at_ = now + static_cast<Millis>(base * backoff_rng_.uniform(0.5, 1.5));
  return was_up;
}

void LinkKeeper::down_until(Millis at) {
  up_ = false;
  connecting_ = false;
  attempt_ = 0;
  reconnect_at_ = at;
}

void LinkKeeper::stop() {
  stopped_ = true;
  up_ = false;
  connecting_ = false;
  reconnect_at_.reset();
}

}  // namespace ct::sim
