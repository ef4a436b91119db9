#include "simulator/pile_firmware.hpp"

#include "simulator/sim_charger.hpp"
#include "simulator/ykc_sim_charger.hpp"

namespace ct::sim {

template <class Wire>
PileFirmware<Wire>::PileFirmware(Config config, std::uint64_t seed,
                                 std::unique_ptr<ChargerTransport> transport,
                                 ReconnectPolicy policy)
    : model_(std::move(config), seed), transport_(std::move(transport)), link_(seed, policy) {}

template <class Wire>
void PileFirmware<Wire>::start(Millis now) {
  if (link_.started()) return;
  link_.start(now);
  step(now);
}

template <class Wire>
void PileFirmware<Wire>::step(Millis now) {
  if (!link_.started() || link_.stopped()) return;
  if (link_.connect_due(now)) transport_->connect(now);
  model_.on_tick(now);
  flush(now);
  // In-process links answer at once, so one instant can hold a whole exchange (a request,
  // its answer, the request that answer triggers...). Bounded in case a peer never settles.
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
          observe(now, false, e.text);
          Wire::receive(model_, e.text, now);
          break;
        case LinkEvent::Kind::Closed: link_lost(now); break;
      }
      flush(now);
    }
  }
}

template <class Wire>
void PileFirmware<Wire>::flush(Millis now) {
  auto frames = model_.take_outbox();
  if (!link_.up()) return;  // the model re-sends what matters after the next connection
  for (auto& f : frames) {
    auto wire = Wire::to_wire(std::move(f));
    observe(now, true, wire);
    transport_->send(std::move(wire), now);
  }
  if (Wire::gives_up_link(model_)) {
    // The model gave the link up (a YKC pile's missed heartbeats, or its restart): the
    // socket goes after what it still had to say, and the charger connects again later.
    transport_->close(now);
    link_lost(now);
  }
}

template <class Wire>
void PileFirmware<Wire>::observe(Millis now, bool outbound, const std::string& wire) {
  if (observer_) Wire::show(wire, [&](std::string_view f) { observer_(now, id(), outbound, f); });
}

template <class Wire>
void PileFirmware<Wire>::link_lost(Millis now) {
  if (link_.lost(now)) model_.on_disconnected(now);
}

template <class Wire>
void PileFirmware<Wire>::drop(Millis now) {
  if (!link_.busy()) return;
  transport_->close(now);
  link_lost(now);
}

template <class Wire>
void PileFirmware<Wire>::go_offline(Millis now, Millis duration_ms) {
  if (link_.busy()) {
    transport_->close(now);
    link_lost(now);
  }
  link_.down_until(now + duration_ms);
}

template <class Wire>
void PileFirmware<Wire>::reboot(Millis now, bool power_loss, Millis boot_ms) {
  if (link_.busy()) transport_->close(now);
  link_.down_until(now + boot_ms);
  model_.reboot(now, power_loss);
  model_.take_outbox();  // nothing leaves a charger that is off
}

template <class Wire>
void PileFirmware<Wire>::shut_down(Millis now) {
  if (link_.stopped()) return;
  if (link_.busy()) transport_->close(now);
  if (link_.up()) model_.on_disconnected(now);
  link_.stop();
}

template class PileFirmware<OcppWire>;
template class PileFirmware<YkcWire>;

}  // namespace ct::sim
