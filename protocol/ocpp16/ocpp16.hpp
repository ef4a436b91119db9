// Umbrella header for the sans-IO OCPP 1.6J library.
#pragma once

#include "protocol/ocpp16/actions.hpp"
#include "protocol/ocpp16/codec.hpp"
#include "protocol/ocpp16/datetime.hpp"
#include "protocol/ocpp16/enums.hpp"
#include "protocol/ocpp16/error_code.hpp"
#include "protocol/ocpp16/messages.hpp"
#include "protocol/ocpp16/rpc.hpp"
#include "protocol/ocpp16/validation.hpp"
