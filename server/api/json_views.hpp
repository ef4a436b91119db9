// Domain values as the API's JSON (camelCase, RFC 3339 UTC times, decimal-degree
// coordinates, W and Wh). Secrets (token hashes, password hashes) never appear.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "server/core/model.hpp"

namespace ct::api {

nlohmann::json time_json(const std::optional<core::UtcMillis>& t);  // null when absent

nlohmann::json tenant_json(const core::Tenant& t);
nlohmann::json api_token_json(const core::ApiToken& t);
nlohmann::json station_json(const core::Station& s);
nlohmann::json connector_json(const core::Connector& c);
nlohmann::json pile_json(const core::Pile& p);
nlohmann::json unbound_pile_json(const core::Pile& p);
nlohmann::json id_tag_json(const core::IdTag& t);
nlohmann::json transaction_json(const core::Transaction& t);
nlohmann::json meter_sample_json(const core::MeterSample& m);
nlohmann::json status_event_json(const core::StatusEvent& e);
nlohmann::json command_json(const core::Command& c);

template <class T, class F>
nlohmann::json json_array(const std::vector<T>& xs, F f) {
  auto out = nlohmann::json::array();
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}

}  // namespace ct::api
