#include "server/core/ocpp/admission.hpp"

#include "server/core/secrets.hpp"

namespace ct::core {

bool valid_charge_point_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (unsigned char c : id) {
    if (c <= 0x20 || c == 0x7f) return false;  // control characters and spaces
  }
  return true;
}

Admission decide_admission(const std::optional<Pile>& pile, const std::string& charge_point_id,
                           const std::optional<std::string>& basic_user,
                           const std::optional<std::string>& basic_password) {
  if (!valid_charge_point_id(charge_point_id)) {
    return {false, 400, "invalid chargePointId"};
  }
  if (!pile) return {true, 200, "unknown charger: admitted as unbound"};
  if (!pile->password_hash.empty()) {
    if (!basic_password) return {false, 401, "authentication required"};
    if (basic_user && !equal_constant_time(*basic_user, charge_point_id)) {
      return {false, 401, "username must equal the chargePointId"};
    }
    if (!verify_password(*basic_password, pile->password_hash)) {
      return {false, 401, "invalid credentials"};
    }
  }
  if (!pile->enabled) return {true, 200, "pile disabled: will be rejected at boot"};
  return {true, 200, ""};
}

}  // namespace ct::core
