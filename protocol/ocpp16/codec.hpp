// Convenience header: typed messages + decode/encode + validation.
#pragma once

#include "protocol/ocpp16/messages.hpp"
#include "protocol/ocpp16/rpc.hpp"
#include "protocol/ocpp16/validation.hpp"
