// The part of a TwinPile that is the same for every protocol: SimCharger and YkcSimCharger
// (and their models) share the link, driver and fault surface by name, so one template
// forwards it; each protocol's pile adds its name, counters and sessions.
#pragma once

#include <memory>
#include <utility>

#include "simulator/twin/twin_pile.hpp"

namespace ct::sim {

template <class Charger>
class TwinPileOf : public TwinPile {
 public:
  explicit TwinPileOf(std::unique_ptr<Charger> c) : c_(std::move(c)) {}

  const std::string& id() const override { return c_->id(); }

  void start(Millis now) override { c_->start(now); }
  void step(Millis now) override { c_->step(now); }
  void drop(Millis now) override { c_->drop(now); }
  void go_offline(Millis now, Millis d) override { c_->go_offline(now, d); }
  void reboot(Millis now, bool power_loss, Millis boot_ms) override {
    c_->reboot(now, power_loss, boot_ms);
  }
  void shut_down(Millis now) override { c_->shut_down(now); }
  void set_frame_observer(FrameObserver o) override { c_->set_frame_observer(std::move(o)); }
  bool link_up() const override { return c_->link_up(); }
  Registration registration() const override { return c_->model().registration(); }

  ConnectorStatus connector_status(int k) const override { return c_->model().connector_status(k); }
  bool plug_in(int k, Visit v, Millis now) override {
    return c_->model().plug_in(k, std::move(v), now);
  }
  std::vector<DriverRequest> take_driver_requests() override {
    return c_->model().take_driver_requests();
  }
  bool quiescent() const override { return c_->model().quiescent(); }

  void set_clock_skew_ms(Millis skew) override { c_->model().set_clock_skew_ms(skew); }
  void inject_meter_glitch(int k, Millis now) override { c_->model().inject_meter_glitch(k, now); }
  void fault_connector(int k, Millis now) override { c_->model().fault_connector(k, now); }
  void recover_connector(int k, Millis now) override { c_->model().recover_connector(k, now); }

 protected:
  // The counters both models keep by the same names; each pile adds its own.
  TwinPileStats common_stats() const {
    const auto& m = c_->model();
    TwinPileStats out;
    out.sessions_started = m.stats().sessions_started;
    out.sessions_stopped = m.stats().sessions_stopped;
    out.sessions_started_offline = m.stats().offline_starts;
    out.delivered_wh = m.delivered_wh();
    out.connection_failures = c_->connection_failures();
    return out;
  }

  std::unique_ptr<Charger> c_;
};

}  // namespace ct::sim
