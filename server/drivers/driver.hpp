// A driver of the operator's app, and what belongs to them. Drivers belong to one tenant
// (the operator whose app they signed up in); their phone number is their login.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/core/model.hpp"

namespace ct::drivers {

using core::Id;
using core::UtcMillis;

struct Driver {
  Id id = 0;
  Id tenant_id = 0;
  std::string phone;  // E.164-like digits, e.g. "+8613800138000"
  std::string nickname;
  // The id tag the driver's app sessions run under (RemoteStartTransaction idTag); it is
  // also registered in the tenant's id tags (kind "app") so chargers accept it.
  std::string id_tag;
  int token_version = 1;  // bumped by logout-everywhere and deletion: older tokens die
  bool deleted = false;
  UtcMillis created_at = 0;
  UtcMillis updated_at = 0;
  std::optional<UtcMillis> deleted_at;
};

struct Vehicle {
  Id id = 0;
  Id tenant_id = 0;
  Id driver_id = 0;
  std::string plate;  // e.g. "沪A12345"
  std::string vin;    // 17 characters, or empty
  std::string model;
  UtcMillis created_at = 0;
};

struct SmsCode {
  Id id = 0;
  Id tenant_id = 0;
  std::string phone;
  std::string code_hash;  // SHA-256 hex of the code
  UtcMillis created_at = 0;
  UtcMillis expires_at = 0;
  int attempts = 0;  // wrong guesses so far
  bool used = false;
};

struct RefreshToken {
  Id id = 0;
  Id tenant_id = 0;
  Id driver_id = 0;
  std::string token_hash;
  UtcMillis created_at = 0;
  UtcMillis expires_at = 0;
  bool revoked = false;
};

}  // namespace ct::drivers
