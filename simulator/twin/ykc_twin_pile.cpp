// The TwinPile of a 云快充 1.6 pile: YkcSimCharger, its sessions named by their serials.
#include "simulator/twin/twin_pile_of.hpp"
#include "simulator/ykc_sim_charger.hpp"

namespace ct::sim {

namespace {

class YkcTwinPile final : public TwinPileOf<YkcSimCharger> {
 public:
  using TwinPileOf<YkcSimCharger>::TwinPileOf;

  std::string_view protocol() const override { return "ykc1.6"; }
  int connectors() const override { return c_->model().config().guns; }

  TwinPileStats stats() const override {
    const auto& s = c_->model().stats();
    auto out = common_stats();
    out.records_after_login = s.records_after_login;
    // The YKC counterpart of a CALLERROR: a refused login or bill, or a frame from the
    // platform the pile could not decode. (Refused starts are answers, not errors.)
    out.errors_received = s.logins_refused + s.records_illegal + s.frames_refused + s.crc_errors;
    return out;
  }

  std::vector<TwinSession> sessions() const override {
    std::vector<TwinSession> out;
    for (const auto& r : c_->model().session_records()) {
      TwinSession t;
      t.connector_id = r.connector_id;
      t.id_tag = r.id_tag;
      t.reference = r.serial.str();
      t.meter_start_wh = 0;
      t.meter_stop_wh =
          static_cast<std::int64_t>((r.meter_stop_e4_kwh - r.meter_start_e4_kwh) / 10);
      t.register_start_wh = r.meter_start_wh;
      t.register_stop_wh = r.meter_stop_wh;
      t.start_confirmed = r.start_confirmed;
      t.stop_acknowledged = r.stop_acknowledged;
      out.push_back(std::move(t));
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<TwinPile> make_ykc_twin_pile(std::unique_ptr<YkcSimCharger> charger) {
  return std::make_unique<YkcTwinPile>(std::move(charger));
}

}  // namespace ct::sim
