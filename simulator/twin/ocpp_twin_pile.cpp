// The TwinPile of an OCPP 1.6J charger: SimCharger, its model's sessions as stored.
#include "simulator/twin/twin_pile.hpp"

namespace ct::sim {

namespace {

class OcppTwinPile final : public TwinPile {
 public:
  explicit OcppTwinPile(std::unique_ptr<SimCharger> c) : c_(std::move(c)) {}

  const std::string& id() const override { return c_->id(); }
  std::string_view protocol() const override { return "ocpp1.6"; }
  int connectors() const override { return c_->model().config().connectors; }

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

  TwinPileStats stats() const override {
    const auto& m = c_->model();
    const auto& s = m.stats();
    TwinPileStats out;
    out.sessions_started = s.sessions_started;
    out.sessions_stopped = s.sessions_stopped;
    out.sessions_started_offline = s.offline_starts;
    out.delivered_wh = m.delivered_wh();
    out.errors_received = s.call_errors_received;
    out.errors_sent = s.call_errors_sent;
    out.forbidden_transitions = s.forbidden_transitions;
    out.connection_failures = c_->connection_failures();
    return out;
  }

  std::vector<TwinSession> sessions() const override {
    std::vector<TwinSession> out;
    for (const auto& r : c_->model().session_records()) {
      TwinSession t;
      t.connector_id = r.connector_id;
      t.id_tag = r.id_tag;
      t.transaction_id = r.transaction_id;
      t.meter_start_wh = t.register_start_wh = r.meter_start_wh;
      t.meter_stop_wh = t.register_stop_wh = r.meter_stop_wh;
      t.start_confirmed = r.start_confirmed;
      t.stop_acknowledged = r.stop_acknowledged;
      out.push_back(std::move(t));
    }
    return out;
  }

 private:
  std::unique_ptr<SimCharger> c_;
};

}  // namespace

std::unique_ptr<TwinPile> make_ocpp_twin_pile(std::unique_ptr<SimCharger> charger) {
  return std::make_unique<OcppTwinPile>(std::move(charger));
}

}  // namespace ct::sim
