#include "server/api/app_views.hpp"

#include "server/core/clock.hpp"

namespace ct::api {

using nlohmann::json;

json driver_json(const drivers::Driver& d) {
  return {{"id", d.id},
          {"tenantId", d.tenant_id},
          {"phone", d.phone},
          {"nickname", d.nickname},
          {"idTag", d.id_tag},
          {"createdAt", core::format_utc(d.created_at)},
          {"updatedAt", core::format_utc(d.updated_at)}};
}

json vehicle_json(const drivers::Vehicle& v) {
  return {{"id", v.id},
          {"plate", v.plate},
          {"vin", v.vin},
          {"model", v.model},
          {"createdAt", core::format_utc(v.created_at)}};
}

json token_pair_json(const drivers::TokenPair& t) {
  return {{"accessToken", t.access_token},
          {"refreshToken", t.refresh_token},
          {"accessExpiresAt", core::format_utc(t.access_expires_at)},
          {"refreshExpiresAt", core::format_utc(t.refresh_expires_at)},
          {"tokenType", "Bearer"}};
}

}  // namespace ct::api
