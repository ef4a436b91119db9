// WebSocket handshake check for a charger (HTTP Basic auth, OCPP 1.6J security
// profile 1). Pure decision over the pile row; the gateway turns a refusal into the
// HTTP status (adding WWW-Authenticate on 401).
//
// Rules:
//  - empty, over-long (> 64) or non-printable chargePointId            -> 400
//  - unknown chargePointId                                             -> admitted
//    (recorded as an unbound pile at its BootNotification)
//  - pile with a password_hash: a password is required and must verify, and a
//    username, when sent, must equal the chargePointId                  -> 401 otherwise
//  - pile without a password_hash: admitted, credentials are ignored
//  - disabled pile or disabled tenant: admitted; the charger is answered Rejected at
//    BootNotification, which carries a retry interval. Refusing the socket (403)
//    makes most firmwares reconnect in a tight loop, the retry storm we avoid.
//  - store failure                                                     -> 503
#pragma once

#include <optional>
#include <string>

#include "server/core/model.hpp"

namespace ct::core {

struct Admission {
  bool allowed = false;
  int http_status = 200;
  std::string reason;
};

bool valid_charge_point_id(const std::string& charge_point_id);

// `pile` is the row for charge_point_id, if any.
Admission decide_admission(const std::optional<Pile>& pile, const std::string& charge_point_id,
                           const std::optional<std::string>& basic_user,
                           const std::optional<std::string>& basic_password);

}  // namespace ct::core
