#include "simulator/sim_charger.hpp"

namespace ct::sim {

SimCharger::SimCharger(ChargerConfig config, std::uint64_t seed,
                       std::unique_ptr<ChargerTransport> transport, ReconnectPolicy policy)
    : model_(std::move(config), seed), transport_(std::move(transport)), link_(seed, policy) {}

void SimCharger::start(Millis now) {
  if (link_.started()) return;
  link_.start(now);
  step(now);
}

void SimCharger::step(Millis now) {
  if (!link_.started() || link_.stopped()) return;
  if (link_.connect_due(now)) transport_->connect(now);
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
          link_.connected();
          model_.on_connected(now);
          break;
        case LinkEvent::Kind::Text:
          if (!link_.up()) break;
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
  if (!link_.up()) return;  // the model re-sends what matters after the next boot
  for (auto& f : frames) {
    if (observer_) observer_(now, id(), true, f);
    transport_->send(std::move(f), now);
  }
}

void SimCharger::link_lost(Millis now) {
  if (link_.lost(now)) model_.on_disconnected(now);
}

void SimCharger::drop(Millis now) {
  if (!link_.busy()) return;
  transport_->close(now);
  link_lost(now);
}

void SimCharger::go_offline(Millis now, Millis duration_ms) {
  if (link_.busy()) {
    transport_->close(now);
    link_lost(now);
  }
  link_.down_until(now + duration_ms);
}

void SimCharger::reboot(Millis now, bool power_loss, Millis boot_ms) {
  if (link_.busy()) transport_->close(now);
  link_.down_until(now + boot_ms);
  model_.reboot(now, power_loss);
  model_.take_outbox();  // nothing leaves a charger that is off
}

void SimCharger::shut_down(Millis now) {
  if (link_.stopped()) return;
  if (link_.busy()) transport_->close(now);
  if (link_.up()) model_.on_disconnected(now);
  link_.stop();
}

}  // namespace ct::sim
