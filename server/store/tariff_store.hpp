// Tariffs and their versions, and which tariff prices which station or pile. Tenant
// scoped like the rest of the Store; same error model (store.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/billing/tariff.hpp"
#include "server/store/store.hpp"

namespace ct::store {

struct Tariff {
  Id id = 0;
  Id tenant_id = 0;
  std::string name;  // unique per tenant
  std::string description;
  UtcMillis created_at = 0;
  UtcMillis updated_at = 0;
};

// A stored version: billing::TariffVersion (whose id is the row id) plus its bookkeeping.
struct TariffVersionRecord {
  Id tariff_id = 0;
  Id tenant_id = 0;
  int version_no = 0;  // 1, 2, ... per tariff
  billing::TariffVersion version;
  std::string created_by;
  UtcMillis created_at = 0;
};

enum class TariffTarget { Station, Pile };

class TariffStore {
 public:
  virtual ~TariffStore() = default;

  virtual Tariff create_tariff(const TenantScope& s, const Tariff& t) = 0;  // name unique
  virtual std::optional<Tariff> get_tariff(const TenantScope& s, Id id) = 0;
  virtual Page<Tariff> list_tariffs(const TenantScope& s, const PageRequest& page) = 0;
  virtual bool update_tariff(const TenantScope& s, const Tariff& t) = 0;  // name, description
  // Throws ConflictError while a station or pile uses it; deletes its versions.
  virtual bool delete_tariff(const TenantScope& s, Id id) = 0;

  // Assigns version_no (next of the tariff) and the id. Two versions of one tariff with
  // one effective_from throw ConflictError.
  virtual TariffVersionRecord add_tariff_version(const TenantScope& s,
                                                 const TariffVersionRecord& v) = 0;
  // By effective_from ascending.
  virtual std::vector<TariffVersionRecord> list_tariff_versions(const TenantScope& s,
                                                                Id tariff_id) = 0;
  virtual std::optional<TariffVersionRecord> get_tariff_version(const TenantScope& s,
                                                                Id version_id) = 0;
  // A version that has not taken effect yet may be withdrawn; false otherwise.
  virtual bool delete_future_tariff_version(const TenantScope& s, Id version_id, UtcMillis now) = 0;

  // Station or pile -> tariff (a pile's own assignment overrides its station's).
  virtual void assign_tariff(const TenantScope& s, TariffTarget target, Id target_id,
                             std::optional<Id> tariff_id, UtcMillis at) = 0;
  virtual std::optional<Id> assigned_tariff(const TenantScope& s, TariffTarget target,
                                            Id target_id) = 0;
};

}  // namespace ct::store
