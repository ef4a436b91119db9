// Convenience header: the whole YKC 1.6 codec.
#pragma once

#include "protocol/ykc16/catalogue.hpp"
#include "protocol/ykc16/codec.hpp"
#include "protocol/ykc16/frame.hpp"
#include "protocol/ykc16/frame_decoder.hpp"
#include "protocol/ykc16/json.hpp"
#include "protocol/ykc16/messages.hpp"
#include "protocol/ykc16/tariff.hpp"
#include "protocol/ykc16/units.hpp"
