// Domain events the API publishes on the bus.
#pragma once

#include <string>

#include "server/api/api_context.hpp"

namespace ct::api {

// AssetChanged{kind: tenant|station|pile|id_tag, id, change: created|updated|deleted|bound}
void publish_asset_changed(ApiContext& ctx, core::Id tenant_id, const std::string& kind,
                           core::Id id, const std::string& change, core::Id pile_id = 0,
                           const std::string& charge_point_id = {});

}  // namespace ct::api
