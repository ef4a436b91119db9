#include "server/billing/tariff_schedule.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "server/billing/money.hpp"

namespace ct::billing {

namespace {

Error invalid_tariff(std::vector<FieldError> fields) {
  return Error{ErrorCode::InvalidTariff, "tariff version cannot bill", std::move(fields)};
}

Error out_of_range(std::string message) {
  return Error{ErrorCode::OutOfRange, std::move(message), {}};
}

// The spans of a local day, if it is a real date lying wholly within the supported
// instants.
std::optional<std::vector<SlotSpan>> day_spans(const TimeZone& zone, CivilDate d) {
  if (!is_valid(d)) return std::nullopt;
  std::vector<SlotSpan> spans = zone.day_slots(d);
  for (const SlotSpan& s : spans) {
    if (!in_supported_range(s.from) || !in_supported_range(s.to - 1)) return std::nullopt;
  }
  return spans;
}

PriceSlot priced(const SlotSpan& span, core::UtcMillis from, core::UtcMillis to,
                 const TariffVersion& v) {
  const Period period = v.slots[static_cast<std::size_t>(span.slot)];
  const PeriodPrice& price = *v.price(period);  // validated: every used period is priced
  return PriceSlot{from,
                   to,
                   span.local_date,
                   span.slot,
                   period,
                   v.id,
                   price.electricity_price_e5,
                   price.service_price_e5};
}

}  // namespace

Result<TariffSchedule> TariffSchedule::create(std::vector<TariffVersion> versions) {
  std::vector<FieldError> problems;
  for (std::size_t i = 0; i < versions.size(); ++i) {
    for (FieldError& e : validate(versions[i])) {
      problems.push_back({"versions[" + std::to_string(i) + "]." + e.field, std::move(e.message)});
    }
  }
  if (!problems.empty()) return invalid_tariff(std::move(problems));
  std::stable_sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) {
    return a.effective_from < b.effective_from;
  });
  for (std::size_t i = 1; i < versions.size(); ++i) {
    if (versions[i].effective_from == versions[i - 1].effective_from) {
      return Error{ErrorCode::InvalidSchedule,
                   "tariff versions " + std::to_string(versions[i - 1].id) + " and " +
                       std::to_string(versions[i].id) + " take effect at the same instant",
                   {}};
    }
  }
  return TariffSchedule(std::move(versions));
}

const TariffVersion* TariffSchedule::in_force_at(core::UtcMillis t) const {
  const auto after = std::upper_bound(
      versions_.begin(), versions_.end(), t,
      [](core::UtcMillis instant, const TariffVersion& v) { return instant < v.effective_from; });
  return after == versions_.begin() ? nullptr : &*std::prev(after);
}

Result<std::vector<PriceSlot>> day_prices(const TariffVersion& version, const TimeZone& zone,
                                          CivilDate local_date) {
  if (auto problems = validate(version); !problems.empty()) {
    return invalid_tariff(std::move(problems));
  }
  const auto spans = day_spans(zone, local_date);
  if (!spans) return out_of_range("date must be a real day between 1970 and 9999");
  std::vector<PriceSlot> slots;
  for (const SlotSpan& span : *spans) {
    slots.push_back(priced(span, span.from, span.to, version));
  }
  return slots;
}

Result<std::vector<PriceSlot>> day_prices(const TariffSchedule& schedule, const TimeZone& zone,
                                          CivilDate local_date) {
  const auto spans = day_spans(zone, local_date);
  if (!spans) return out_of_range("date must be a real day between 1970 and 9999");
  const auto& versions = schedule.versions();
  std::vector<PriceSlot> slots;
  for (const SlotSpan& span : *spans) {
    for (core::UtcMillis t = span.from; t < span.to;) {
      const auto next = std::upper_bound(versions.begin(), versions.end(), t,
                                         [](core::UtcMillis instant, const TariffVersion& v) {
                                           return instant < v.effective_from;
                                         });
      const core::UtcMillis change = next == versions.end()
                                         ? std::numeric_limits<core::UtcMillis>::max()
                                         : next->effective_from;
      const core::UtcMillis end = std::min(span.to, change);
      if (const TariffVersion* v = schedule.in_force_at(t)) {
        slots.push_back(priced(span, t, end, *v));
      }
      t = end;
    }
  }
  return slots;
}

Result<PriceSlot> price_at(const TariffVersion& version, const TimeZone& zone, core::UtcMillis t) {
  if (auto problems = validate(version); !problems.empty()) {
    return invalid_tariff(std::move(problems));
  }
  if (!in_supported_range(t)) return out_of_range("instant must lie between 1970 and 9999");
  // The span containing t starts at the last edge at or before t: walking the spans from
  // the start of t's local day finds it whatever DST did that day.
  const core::UtcMillis day_start = std::min(zone.start_of_day(zone.to_local(t).date), t);
  SlotSpan span = zone.slot_spans(day_start, t + 1).back();
  span.to = zone.next_slot_boundary(t);
  return priced(span, span.from, span.to, version);
}

}  // namespace ct::billing
