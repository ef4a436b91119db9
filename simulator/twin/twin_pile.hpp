// A pile of the twin, whichever protocol it speaks: what the World does with a charger
// (connect it, let drivers plug in, inject faults) and what the expectations read from it
// (its sessions, as the CSMS should have stored them). OcppTwinPile wraps an OCPP 1.6J
// SimCharger, YkcTwinPile a 云快充 1.6 YkcSimCharger; a scenario mixes them freely.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/charger_model.hpp"
#include "simulator/sim_charger.hpp"

namespace ct::sim {

struct YkcWire;
using YkcSimCharger = PileFirmware<YkcWire>;  // ykc_sim_charger.hpp

// One session that began charging, from the pile's side.
struct TwinSession {
  int connector_id = 0;
  std::string id_tag;
  // How the CSMS names the session: OCPP, the transactionId it gave; YKC, the 32-digit
  // transaction serial (the CSMS transaction's `reference`).
  std::optional<std::int64_t> transaction_id;
  std::string reference;
  // What the CSMS should store as the transaction's meter start and stop. OCPP: the
  // register readings. YKC: 0 and the energy of the session in Wh (the 0x3B's 0.1 Wh
  // truncated), since YKC counts a session's energy from zero.
  std::int64_t meter_start_wh = 0;
  std::int64_t meter_stop_wh = 0;
  std::int64_t register_start_wh = 0;  // the pile's register (for messages)
  std::int64_t register_stop_wh = 0;
  bool start_confirmed = false;
  bool stop_acknowledged = false;  // StopTransaction.conf / 0x40 received
  std::int64_t energy_wh() const { return meter_stop_wh - meter_start_wh; }
};

struct TwinPileStats {
  std::int64_t sessions_started = 0;
  std::int64_t sessions_stopped = 0;
  std::int64_t sessions_started_offline = 0;
  // YKC: transaction records (0x3B) kept while the link was down and uploaded first thing
  // after the next login. OCPP chargers queue their StopTransaction instead: 0.
  std::int64_t records_after_login = 0;
  std::int64_t delivered_wh = 0;
  std::int64_t errors_received = 0;  // OCPP CALLERRORs from the CSMS; YKC refusals (login,
                                     // card, remote start) and frames it could not decode
  std::int64_t errors_sent = 0;      // OCPP CALLERRORs to the CSMS
  std::int64_t forbidden_transitions = 0;
  std::int64_t connection_failures = 0;
};

class TwinPile {
 public:
  virtual ~TwinPile() = default;

  virtual const std::string& id() const = 0;      // chargePointId (YKC: the pile code)
  virtual std::string_view protocol() const = 0;  // "ocpp1.6" or "ykc1.6"
  virtual int connectors() const = 0;

  // ---- the link (SimCharger's meaning) ----
  virtual void start(Millis now) = 0;
  virtual void step(Millis now) = 0;
  virtual void drop(Millis now) = 0;
  virtual void go_offline(Millis now, Millis duration_ms) = 0;
  virtual void reboot(Millis now, bool power_loss, Millis boot_ms) = 0;
  virtual void shut_down(Millis now) = 0;
  virtual void set_frame_observer(FrameObserver observer) = 0;
  virtual bool link_up() const = 0;
  virtual Registration registration() const = 0;
  bool online() const { return link_up() && registration() == Registration::Accepted; }

  // ---- drivers ----
  virtual ConnectorStatus connector_status(int connector) const = 0;
  // False when the connector cannot take this driver (busy, faulted, cannot start).
  virtual bool plug_in(int connector, Visit visit, Millis now) = 0;
  virtual std::vector<DriverRequest> take_driver_requests() = 0;
  // No driver or session left, nothing waiting to be delivered.
  virtual bool quiescent() const = 0;

  // ---- faults ----
  virtual void set_clock_skew_ms(Millis skew) = 0;
  virtual void inject_meter_glitch(int connector, Millis now) = 0;
  virtual void fault_connector(int connector, Millis now) = 0;
  virtual void recover_connector(int connector, Millis now) = 0;

  // ---- observation ----
  virtual TwinPileStats stats() const = 0;
  virtual std::vector<TwinSession> sessions() const = 0;
};

std::unique_ptr<TwinPile> make_ocpp_twin_pile(std::unique_ptr<SimCharger> charger);
std::unique_ptr<TwinPile> make_ykc_twin_pile(std::unique_ptr<YkcSimCharger> charger);

}  // namespace ct::sim
