#include "server/billing/tariff.hpp"

#include <string>
#include <utility>

#include "server/billing/money.hpp"

namespace ct::billing {

namespace {

bool is_period(Period p) {
  return index_of(p) < kPeriodCount;
}

void check_range(std::vector<FieldError>& errors, std::string field, std::int64_t value,
                 std::int64_t max, const char* what) {
  if (value < 0) {
    errors.push_back({std::move(field), "must not be negative"});
  } else if (value > max) {
    errors.push_back(
        {std::move(field), "must be at most " + std::to_string(max) + " (" + what + ")"});
  }
}

}  // namespace

const char* to_string(Period p) {
  switch (p) {
    case Period::Sharp: return "sharp";
    case Period::Peak: return "peak";
    case Period::Flat: return "flat";
    case Period::Valley: return "valley";
  }
  return "unknown";
}

std::optional<Period> period_from_string(std::string_view text) {
  for (Period p : kPeriods) {
    if (text == to_string(p)) return p;
  }
  return std::nullopt;
}

std::vector<FieldError> validate(const TariffVersion& version) {
  std::vector<FieldError> errors;
  if (!in_supported_range(version.effective_from)) {
    errors.push_back({"effectiveFrom", "must lie between 1970-01-01 and 9999-12-31 (UTC)"});
  }
  for (Period p : kPeriods) {
    const auto& price = version.price(p);
    if (!price) continue;
    const std::string prefix = std::string("prices.") + to_string(p) + ".";
    check_range(errors, prefix + "electricityPriceE5", price->electricity_price_e5, kMaxPriceE5,
                "100 yuan per kWh");
    check_range(errors, prefix + "servicePriceE5", price->service_price_e5, kMaxPriceE5,
                "100 yuan per kWh");
  }
  for (std::size_t i = 0; i < version.slots.size(); ++i) {
    const Period p = version.slots[i];
    const std::string field = "slots[" + std::to_string(i) + "]";
    if (!is_period(p)) {
      errors.push_back({field, "is not a period (sharp, peak, flat or valley)"});
    } else if (!version.price(p)) {
      errors.push_back(
          {field, std::string("uses period ") + to_string(p) + ", which has no price"});
    }
  }
  check_range(errors, "idleFee.graceMinutes", version.idle_fee.grace_minutes, kMaxGraceMinutes,
              "one week");
  check_range(errors, "idleFee.pricePerMinuteE4", version.idle_fee.price_per_minute_e4,
              kMaxIdlePricePerMinuteE4, "100 yuan per minute");
  check_range(errors, "idleFee.capE4", version.idle_fee.cap_e4, kMaxIdleCapE4, "10000 yuan");
  return errors;
}

}  // namespace ct::billing
