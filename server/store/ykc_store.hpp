// What the YKC gateway keeps beyond the OCPP-shaped records: one row per YKC charging
// session, keyed by the 32-digit transaction serial the platform (or, offline, the pile)
// gave it, linking it to the CSMS transaction and holding the pile's own transaction
// record (0x3B) once it arrived. Gateway-side (no tenant scope needed: the pile's row
// carries the tenant), same error model as store.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace ct::store {

struct YkcSessionRow {
  Id id = 0;
  Id tenant_id = 0;
  Id pile_id = 0;
  std::string charge_point_id;  // the 14-digit pile code
  int gun = 0;
  std::string serial;  // 32 digits
  std::string id_tag;  // whom the session was authorised for
  std::string origin;  // "app" (0x34), "card" (0x31/0x32), "offline" (only its 0x3B)
  std::optional<std::int64_t> transaction_id;  // the CSMS transaction, once started
  std::string state = "authorized";            // authorized, charging, recorded, failed
  std::string record_json;                     // the pile's 0x3B, as JSON, when received
  int records_received = 0;                    // 0x3B copies (the pile resends)
  UtcMillis created_at = 0;
  UtcMillis updated_at = 0;
};

class YkcStore {
 public:
  virtual ~YkcStore() = default;
  // serial is unique per pile: a second row with one throws ConflictError.
  virtual YkcSessionRow create_ykc_session(const YkcSessionRow& row) = 0;
  virtual void update_ykc_session(const YkcSessionRow& row) = 0;
  virtual std::optional<YkcSessionRow> find_ykc_session(Id pile_id, const std::string& serial) = 0;
  virtual std::optional<YkcSessionRow> ykc_session_of_transaction(std::int64_t transaction_id) = 0;
  // Sessions of a pile in a state (e.g. its open ones after a reconnect), oldest first.
  virtual std::vector<YkcSessionRow> ykc_sessions_in_state(Id pile_id,
                                                           const std::string& state) = 0;
};

}  // namespace ct::store
