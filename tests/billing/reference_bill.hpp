// A slow, separately written computation of the documented billing rules, for the
// RapidCheck properties. It shares no code with ct_billing: slots come from walking
// the session minute by minute through CCTZ directly, apportioning from the exact
// rational straight-line reading at every slot edge, the samples kept despite glitches
// from a brute-force search over runs (not patience sorting), idle minutes from counting.
#pragma once

#include <string>

#include "server/billing/bill.hpp"

namespace ct::billing::reference {

// Valid inputs only (a tariff that passes validate(), a session within the bounds).
// Assumes every slot edge and DST change of the zone falls on a whole UTC minute, true
// of every zone the properties use after 1980; it fails the test case otherwise.
Bill reference_bill(const TariffVersion& tariff, const std::string& zone_name,
                    const SessionMeter& meter, const IdleTime& idle);

}  // namespace ct::billing::reference
