// The drivers' app's own JSON: the driver, their vehicles, the tokens of a sign-in.
#pragma once

#include <nlohmann/json.hpp>

#include "server/drivers/driver.hpp"
#include "server/drivers/driver_auth.hpp"

namespace ct::api {

// The signed-in driver as they see themselves (their full phone number included).
nlohmann::json driver_json(const drivers::Driver& d);
nlohmann::json vehicle_json(const drivers::Vehicle& v);
// {accessToken, refreshToken, accessExpiresAt, refreshExpiresAt, tokenType: "Bearer"}
nlohmann::json token_pair_json(const drivers::TokenPair& t);

}  // namespace ct::api
