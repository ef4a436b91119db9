// The TwinPile of an OCPP 1.6J charger: SimCharger, its model's sessions as stored.
#include "simulator/twin/twin_pile_of.hpp"

namespace ct::sim {

namespace {

class OcppTwinPile final : public TwinPileOf<SimCharger> {
 public:
  using TwinPileOf<SimCharger>::TwinPileOf;

  std::string_view protocol() const override { return "ocpp1.6"; }
  int connectors() const override { return c_->model().config().connectors; }

  TwinPileStats stats() const override {
    const auto& s = c_->model().stats();
    auto out = common_stats();
    out.errors_received = s.call_errors_received;
    out.errors_sent = s.call_errors_sent;
    out.forbidden_transitions = s.forbidden_transitions;
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
};

}  // namespace

std::unique_ptr<TwinPile> make_ocpp_twin_pile(std::unique_ptr<SimCharger> charger) {
  return std::make_unique<OcppTwinPile>(std::move(charger));
}

}  // namespace ct::sim
