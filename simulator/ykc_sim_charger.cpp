#include "simulator/ykc_sim_charger.hpp"

#include <span>

namespace ct::sim {

namespace {

std::string hex_of(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0F]);
  }
  return out;
}

}  // namespace

YkcSimCharger::YkcSimCharger(YkcChargerConfig config, std::uint64_t seed,
                             std::unique_ptr<ChargerTransport> transport, ReconnectPolicy policy)
    : model_(std::move(config), seed), transport_(std::move(transport)), link_(seed, policy) {}

void YkcSimCharger::start(Millis now) {
  if (link_.started()) return;
  link_.start(now);
  step(now);
}

void YkcSimCharger::step(Millis now) {
  if (!link_.started() || link_.stopped()) return;
  if (link_.connect_due(now)) transport_->connect(now);
  model_.on_tick(now);
  flush(now);
  // In-process links answer at once: one instant can hold a whole exchange (login, its
  // answer, the billing model check...). Bounded in case a peer never settles.
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
          model_.on_bytes(std::span<const std::uint8_t>(
                              reinterpret_cast<const std::uint8_t*>(e.text.data()), e.text.size()),
                          now);
          break;
        case LinkEvent::Kind::Closed: link_lost(now); break;
      }
      flush(now);
    }
  }
}

void YkcSimCharger::flush(Millis now) {
  auto frames = model_.take_outbox();
  if (link_.up()) {
    for (auto& f : frames) {
      std::string bytes(f.begin(), f.end());
      observe(now, true, bytes);
      transport_->send(std::move(bytes), now);
    }
  }
  if (link_.up() && model_.close_requested()) {
    // The pile gave the link up (missed heartbeats) or restarts (0x92): the socket goes
    // after what it still had to say, and the pile logs in again later.
    transport_->close(now);
    link_lost(now);
  }
}

void YkcSimCharger::observe(Millis now, bool outbound, const std::string& bytes) {
  if (observer_) observer_(now, id(), outbound, hex_of(bytes));
}

void YkcSimCharger::link_lost(Millis now) {
  if (link_.lost(now)) model_.on_disconnected(now);
}

void YkcSimCharger::drop(Millis now) {
  if (!link_.busy()) return;
  transport_->close(now);
  link_lost(now);
}

void YkcSimCharger::go_offline(Millis now, Millis duration_ms) {
  if (link_.busy()) {
    transport_->close(now);
    link_lost(now);
  }
  link_.down_until(now + duration_ms);
}

void YkcSimCharger::reboot(Millis now, bool power_loss, Millis boot_ms) {
  if (link_.busy()) transport_->close(now);
  link_.down_until(now + boot_ms);
  model_.reboot(now, power_loss);
  model_.take_outbox();  // nothing leaves a pile that is off
}

void YkcSimCharger::shut_down(Millis now) {
  if (link_.stopped()) return;
  if (link_.busy()) transport_->close(now);
  if (link_.up()) model_.on_disconnected(now);
  link_.stop();
}

}  // namespace ct::sim
