#include "simulator/ykc_sim_charger.hpp"

#include <algorithm>
#include <cmath>
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
    : model_(std::move(config), seed),
      transport_(std::move(transport)),
      policy_(policy),
      backoff_rng_(splitmix64(seed ^ 0xB0FFULL)) {}

void YkcSimCharger::start(Millis now) {
  if (started_) return;
  started_ = true;
  reconnect_at_ = now;
  step(now);
}

void YkcSimCharger::step(Millis now) {
  if (!started_ || shut_down_) return;
  if (!link_up_ && !connecting_ && reconnect_at_ && now >= *reconnect_at_) {
    reconnect_at_.reset();
    connecting_ = true;
    transport_->connect(now);
  }
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
          connecting_ = false;
          link_up_ = true;
          attempt_ = 0;
          ++connects_;
          model_.on_connected(now);
          break;
        case LinkEvent::Kind::Text:
          if (!link_up_) break;
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
  if (link_up_) {
    for (auto& f : frames) {
      std::string bytes(f.begin(), f.end());
      observe(now, true, bytes);
      transport_->send(std::move(bytes), now);
    }
  }
  if (link_up_ && model_.close_requested()) {
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
  const bool was_up = link_up_;
  link_up_ = false;
  connecting_ = false;
  ++failures_;
  if (was_up) model_.on_disconnected(now);
  schedule_reconnect(now);
}

void YkcSimCharger::schedule_reconnect(Millis now) {
  if (shut_down_) return;
  double base = static_cast<double>(policy_.initial_ms) * std::pow(2.0, std::min(attempt_, 16));
  base = std::min(base, static_cast<double>(policy_.max_ms));
  ++attempt_;
  reconnect_at_ = now + static_cast<Millis>(base * backoff_rng_.uniform(0.5, 1.5));
}

void YkcSimCharger::drop(Millis now) {
  if (!link_up_ && !connecting_) return;
  transport_->close(now);
  link_lost(now);
}

void YkcSimCharger::go_offline(Millis now, Millis duration_ms) {
  if (link_up_ || connecting_) {
    transport_->close(now);
    link_lost(now);
  }
  attempt_ = 0;
  reconnect_at_ = now + duration_ms;
}

void YkcSimCharger::reboot(Millis now, bool power_loss, Millis boot_ms) {
  if (link_up_ || connecting_) transport_->close(now);
  link_up_ = false;
  connecting_ = false;
  model_.reboot(now, power_loss);
  model_.take_outbox();  // nothing leaves a pile that is off
  attempt_ = 0;
  reconnect_at_ = now + boot_ms;
}

void YkcSimCharger::shut_down(Millis now) {
  if (shut_down_) return;
  if (link_up_ || connecting_) transport_->close(now);
  if (link_up_) model_.on_disconnected(now);
  link_up_ = false;
  connecting_ = false;
  shut_down_ = true;
  reconnect_at_.reset();
}

}  // namespace ct::sim
