// A tariff version as the 计费模型 a YKC pile is sent (0x0A, 0x58): the four periods'
// electricity and service rates (1e-5 yuan/kWh on both sides, so nothing is rounded) and
// the period of each local half hour. The model number is the version's id (mod 10,000),
// so a new version is a new number the pile notices on its next check (0x05).
#pragma once

#include "protocol/ykc16/messages.hpp"
#include "server/billing/tariff.hpp"

namespace ct::ykc {

ykc16::BillingModelNo model_number_of(const billing::TariffVersion& version);
ykc16::BillingModel billing_model_of(const billing::TariffVersion& version,
                                     const ykc16::PileCode& pile_code);

}  // namespace ct::ykc
