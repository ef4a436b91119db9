#include "simulator/sim_charger.hpp"

#include <algorithm>
#include <cmath>

namespace ct::sim {

SimCharger::SimCharger(ChargerConfig config, std::uint64_t seed,
                       std::unique_ptr<ChargerTransport> transport, ReconnectPolicy policy)
    : model_(std::move(config), seed),
      transport_(std::move(transport)),
      policy_(policy),
      backoff_rng_(splitmix64(seed ^ 0xB0FFULL)) {}

void SimCharger::start(Millis now) {
  if (started_) return;
  started_ = true;
  reconnect_at_ = now;
  step(now);
}

void SimCharger::step(Millis now) {
  if (!started_ || shut_down_) return;
  if (!link_up_ && !connecting_ && reconnect_at_ && now >= *reconnect_at_) {
    reconnect_at_.reset();
    connecting_ = true;
    transport_->connect(now);
  }
  model_.on_tick(now);
  flush(now);
  // In-process links answer at once, so one instant can hold a whole exchange (a CALL,
  // its answer, the CALL that answer triggers...). Bounded in case a peer never settles.
  for (int round = 0; round < 64; ++round) {
    events_.clear();
    transport_->poll(now, events_);
    if (events_.empty()) break;
    for (auto& e : events_) {
      switch (e.kind) {
        case LinkEvent::Kind::Connected:
          connecting_ = false;
          link_up_ = true;
          attempt_ = 0;
          ++connects_;
          model_.on_connected(now);
          break;
        case LinkEvent::Kind::Text:
          if (!link_up_) break;
          if (observer_) observer_(now, id(), false, e.text);
          model_.on_text(e.text, now);
          break;
        case LinkEvent::Kind::Closed: link_lost(now); break;
      }
      flush(now);
    }
  }
}

void SimCharger::flush(Millis now) {
  auto frames = model_.take_outbox();
  if (!link_up_) return;  // the model re-sends what matters after the next boot
  for (auto& f : frames) {
    if (observer_) observer_(now, id(), true, f);
    transport_->send(std::move(f), now);
  }
}

void SimCharger::link_lost(Millis now) {
  bool was_up = link_up_;
  link_up_ = false;
  connecting_ = false;
  ++failures_;
  if (was_up) model_.on_disconnected(now);
  schedule_reconnect(now);
}

void SimCharger::schedule_reconnect(Millis now) {
  if (shut_down_) return;
  // Exponential backoff with +-50 % jitter, so that a fleet that lost the server at once
  // does not come back at once.
  double base = static_cast<double>(policy_.initial_ms) * std::pow(2.0, std::min(attempt_, 16));
  base = std::min(base, static_cast<double>(policy_.max_ms));
  ++attempt_;
  reconnect_at_ = now + static_cast<Millis>(base * backoff_rng_.uniform(0.5, 1.5));
}

void SimCharger::drop(Millis now) {
  if (!link_up_ && !connecting_) return;
  transport_->close(now);
  link_lost(now);
}

void SimCharger::go_offline(Millis now, Millis duration_ms) {
  if (link_up_ || connecting_) {
    transport_->close(now);
    link_lost(now);
  }
  attempt_ = 0;
  reconnect_at_ = now + duration_ms;
}

void SimCharger::reboot(Millis now, bool power_loss, Millis boot_ms) {
  if (link_up_ || connecting_) transport_->close(now);
  link_up_ = false;
  connecting_ = false;
  model_.reboot(now, power_loss);
  model_.take_outbox();  // nothing leaves a charger that is off
  attempt_ = 0;
  reconnect_at_ = now + boot_ms;
}

void SimCharger::shut_down(Millis now) {
  if (shut_down_) return;
  if (link_up_ || connecting_) transport_->close(now);
  if (link_up_) model_.on_disconnected(now);
  link_up_ = false;
  connecting_ = false;
  shut_down_ = true;
  reconnect_at_.reset();
}

}  // namespace ct::sim
