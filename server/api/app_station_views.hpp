// Stations as the drivers' app shows them: what is free right now, how fast, what it
// costs now. Shared by the station search, the station page and the favourites.
//
// A connector is free when its status is Available, its pile is online (a connector of
// an offline pile may be reported Available from before the link dropped) and enabled.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/api/geo.hpp"
#include "server/api/handler.hpp"
#include "server/api/query_params.hpp"
#include "server/billing/tariff_schedule.hpp"
#include "server/core/model.hpp"

namespace ct::api {

// The connector's power: its own, else its pile's.
std::int64_t connector_power_w(const core::Pile& pile, const core::Connector& c);
bool connector_free(const core::Pile& pile, const core::Connector& c);
// What the app shows: "Offline" for a pile without a link, "Unavailable" for a disabled
// one, else the charger's last status.
std::string app_connector_status(const core::Pile& pile, const core::Connector& c);

struct Availability {
  int total = 0;
  int free = 0;
  std::int64_t max_power_w = 0;
  bool ac = false;
  bool dc = false;
};
Availability availability_of(const std::vector<core::Pile>& piles);

// W as a kW JSON number: 7400 -> 7.4, 120000 -> 120.
nlohmann::json kw_json(std::int64_t w);

// Every pile of the station (all pages).
std::vector<core::Pile> piles_of_station(store::Store& store, const core::TenantScope& s,
                                         core::Id station_id);

// The tariff's versions as a schedule; nullopt without a tariff or versions.
std::optional<billing::TariffSchedule> schedule_of_tariff(Call& c, std::optional<core::Id> tariff);
// {totalPriceE5, electricityPriceE5, servicePriceE5, period} of the slot containing now,
// or null when nothing prices it.
nlohmann::json price_now_json(const std::optional<billing::TariffSchedule>& schedule,
                              const billing::TimeZone& zone, core::UtcMillis now);

// The optional ?lat=..&lng=.. of a request (both or neither; 40005 naming the bad one).
std::optional<GeoPoint> point_of(const Query& q);

// The station's list item: id, name, address, latitude, longitude, distanceM (null
// without a point), connectors {total, free}, maxPowerKw, types, priceNow, parkingFeeType.
// priceNow is the station tariff's, looked up unless the caller has it already.
nlohmann::json station_summary_json(Call& c, const core::Station& station,
                                    const std::vector<core::Pile>& piles,
                                    const std::optional<GeoPoint>& from,
                                    std::optional<nlohmann::json> price_now = std::nullopt);

}  // namespace ct::api
