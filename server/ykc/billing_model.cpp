#include "server/ykc/billing_model.hpp"

#include <cstdio>

namespace ct::ykc {

ykc16::BillingModelNo model_number_of(const billing::TariffVersion& version) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(version.id % 10000));
  return *ykc16::BillingModelNo::parse(buf);
}

ykc16::BillingModel billing_model_of(const billing::TariffVersion& version,
                                     const ykc16::PileCode& pile_code) {
  ykc16::BillingModel m;
  m.pile_code = pile_code;
  m.model_no = model_number_of(version);
  auto rate = [&](billing::Period p) {
    ykc16::PeriodRate r;
    if (const auto& price = version.price(p)) {
      r.electricity_e5_yuan = static_cast<std::uint32_t>(price->electricity_price_e5);
      r.service_e5_yuan = static_cast<std::uint32_t>(price->service_price_e5);
    }
    return r;
  };
  m.sharp = rate(billing::Period::Sharp);
  m.peak = rate(billing::Period::Peak);
  m.flat = rate(billing::Period::Flat);
  m.valley = rate(billing::Period::Valley);
  m.loss_ratio = 0;  // the platform bills metered energy, not a loss-adjusted one
  for (std::size_t i = 0; i < m.slots.size(); ++i) {
    // Both sides number the periods as the YKC rate indices (sharp 0 ... valley 3).
    m.slots[i] = static_cast<ykc16::TariffPeriod>(static_cast<std::uint8_t>(version.slots[i]));
  }
  return m;
}

}  // namespace ct::ykc
