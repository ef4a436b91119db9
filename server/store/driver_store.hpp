// Drivers of the app and what belongs to them. Tenant scoped; same error model
// (store.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/drivers/driver.hpp"
#include "server/store/store.hpp"

namespace ct::store {

class DriverStore {
 public:
  virtual ~DriverStore() = default;

  // Phone unique per tenant among drivers not deleted; id_tag unique per tenant.
  virtual drivers::Driver create_driver(const TenantScope& s, const drivers::Driver& d) = 0;
  virtual std::optional<drivers::Driver> get_driver(const TenantScope& s, Id id) = 0;
  virtual std::optional<drivers::Driver> find_driver_by_phone(const TenantScope& s,
                                                              const std::string& phone) = 0;
  virtual std::optional<drivers::Driver> find_driver_by_id_tag(const TenantScope& s,
                                                               const std::string& id_tag) = 0;
  virtual Page<drivers::Driver> list_drivers(const TenantScope& s, const std::string& q,
                                             const PageRequest& page) = 0;
  // nickname, token_version, deleted/deleted_at, phone (anonymised on deletion).
  virtual bool update_driver(const TenantScope& s, const drivers::Driver& d) = 0;

  virtual drivers::Vehicle add_vehicle(const TenantScope& s, const drivers::Vehicle& v) = 0;
  virtual std::vector<drivers::Vehicle> list_vehicles(const TenantScope& s, Id driver_id) = 0;
  virtual bool delete_vehicle(const TenantScope& s, Id driver_id, Id vehicle_id) = 0;
  // The vehicle with this VIN (plug-and-charge at a YKC pile); the newest when several.
  virtual std::optional<drivers::Vehicle> find_vehicle_by_vin(const TenantScope& s,
                                                              const std::string& vin) = 0;

  virtual void add_favourite(const TenantScope& s, Id driver_id, Id station_id,
                             UtcMillis at) = 0;  // idempotent
  virtual bool remove_favourite(const TenantScope& s, Id driver_id, Id station_id) = 0;
  virtual std::vector<Id> list_favourites(const TenantScope& s, Id driver_id) = 0;

  virtual drivers::SmsCode create_sms_code(const TenantScope& s, const drivers::SmsCode& c) = 0;
  // The newest code sent to the phone.
  virtual std::optional<drivers::SmsCode> latest_sms_code(const TenantScope& s,
                                                          const std::string& phone) = 0;
  // Codes sent to the phone since `since` (rate limiting).
  virtual std::int64_t count_sms_codes_since(const TenantScope& s, const std::string& phone,
                                             UtcMillis since) = 0;
  virtual void update_sms_code(const drivers::SmsCode& c) = 0;  // attempts, used

  virtual drivers::RefreshToken create_refresh_token(const drivers::RefreshToken& t) = 0;
  virtual std::optional<drivers::RefreshToken> find_refresh_token(const std::string& hash) = 0;
  virtual bool revoke_refresh_token(Id id) = 0;  // false when already revoked
  virtual void revoke_driver_refresh_tokens(Id driver_id) = 0;
};

}  // namespace ct::store
