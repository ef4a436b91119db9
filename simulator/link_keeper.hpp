// What a charger's firmware does around its link, whichever protocol runs on it: connect
// when due, count connects and failures, and after a loss try again with exponential
// backoff and seeded jitter (so that a fleet that lost the server at once does not come
// back at once); stay off for an outage or a power cycle. SimCharger (OCPP) and
// YkcSimCharger (YKC) keep one each and do the protocol half themselves.
#pragma once

#include <cstdint>
#include <optional>

#include "simulator/charger_transport.hpp"
#include "simulator/rng.hpp"

namespace ct::sim {

struct ReconnectPolicy {
  Millis initial_ms = 1'000;
  Millis max_ms = 60'000;
};

class LinkKeeper {
 public:
  LinkKeeper(std::uint64_t seed, ReconnectPolicy policy);

  // The first connection is due now.
  void start(Millis now);
  // True once when a connection attempt is due (the caller connects the transport).
  bool connect_due(Millis now);
  void connected();
  // The link broke (or the charger closed it): retry after the backoff. Returns whether it
  // was up (the model then hears of the disconnection).
  bool lost(Millis now);
  // Off (an outage, a power cycle): no attempt before `at`, then a fresh backoff.
  void down_until(Millis at);
  // For good (the end of a run).
  void stop();

  bool started() const { return started_; }
  bool stopped() const { return stopped_; }
  bool up() const { return up_; }
  bool busy() const { return up_ || connecting_; }  // up or connecting
  std::int64_t failures() const { return failures_; }
  std::int64_t connects() const { return connects_; }

 private:
  ReconnectPolicy policy_;
  Rng backoff_rng_;
  bool started_ = false;
  bool stopped_ = false;
  bool up_ = false;
  bool connecting_ = false;
  int attempt_ = 0;
  std::optional<Millis> reconnect_at_;
  std::int64_t failures_ = 0;
  std::int64_t connects_ = 0;
};

}  // namespace ct::sim
