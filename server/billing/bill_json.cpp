#include "server/billing/bill_json.hpp"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server/billing/money.hpp"

namespace ct::billing {

namespace {

using nlohmann::json;
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

std::string format_instant(core::UtcMillis t) {
  std::int64_t secs = t / 1000;
  std::int64_t ms = t % 1000;
  if (ms < 0) {  // only a hand-made Bill can hold an instant before 1970
    ms += 1000;
    secs -= 1;
  }
  const cctz::civil_second cs =
      cctz::convert(cctz::time_point<cctz::seconds>(cctz::seconds(secs)), cctz::utc_time_zone());
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ",
                static_cast<long long>(cs.year()), cs.month(), cs.day(), cs.hour(), cs.minute(),
                cs.second(), static_cast<int>(ms));
  return buf;
}

// Exactly the form format_instant writes, "YYYY-MM-DDTHH:MM:SS.mmmZ": a stored bill is
// only ever written by us, so anything else means it was altered or damaged.
std::optional<core::UtcMillis> parse_instant(std::string_view s) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != kShape.size()) return std::nullopt;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != kShape[i]) return std::nullopt;
  }
  auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
            sec = num(17, 2), ms = num(20, 3);
  const cctz::civil_second cs(y, mo, d, h, mi, sec);
  if (cs.year() != y || cs.month() != mo || cs.day() != d || cs.hour() != h || cs.minute() != mi ||
      cs.second() != sec) {
    return std::nullopt;
  }
  const core::UtcMillis t =
      cctz::convert(cs, cctz::utc_time_zone()).time_since_epoch().count() * 1000 + ms;
  if (!in_supported_range(t)) return std::nullopt;
  return t;
}

json optional_instant(const std::optional<core::UtcMillis>& t) {
  return t ? json(format_instant(*t)) : json(nullptr);
}

json period_json(const PeriodLine& p) {
  return json{{"period", to_string(p.period)},
              {"energyWh", p.energy_wh},
              {"electricityPriceE5", p.electricity_price_e5},
              {"servicePriceE5", p.service_price_e5},
              {"electricityAmountE4", p.electricity_amount_e4},
              {"serviceAmountE4", p.service_amount_e4}};
}

json segment_json(const SlotSegment& s) {
  return json{{"from", format_instant(s.from)},       {"to", format_instant(s.to)},
              {"localDate", to_string(s.local_date)}, {"slot", s.slot},
              {"period", to_string(s.period)},        {"energyWh", s.energy_wh}};
}

json idle_json(const IdleLine& i) {
  return json{{"chargingEndedAt", optional_instant(i.charging_ended_at)},
              {"unpluggedAt", optional_instant(i.unplugged_at)},
              {"graceMinutes", i.grace_minutes},
              {"pricePerMinuteE4", i.price_per_minute_e4},
              {"capE4", i.cap_e4},
              {"minutes", i.minutes},
              {"feeE4", i.fee_e4},
              {"capped", i.capped}};
}

// Reads fields, remembering the first problem and its path; after a problem the
// getters return defaults so that parsing runs to the end without branching everywhere.
class Reader {
 public:
  std::optional<FieldError> problem;

  const json* member(const json& obj, const std::string& path, const char* key) {
    if (problem) return nullptr;
    const auto it = obj.find(key);
    if (it == obj.end()) {
      fail(path + key, "is missing");
      return nullptr;
    }
    return &*it;
  }

  const json* object(const json& obj, const std::string& path, const char* key) {
    const json* v = member(obj, path, key);
    if (v && !v->is_object()) fail(path + key, "must be an object");
    return problem ? nullptr : v;
  }

  const json* array(const json& obj, const std::string& path, const char* key) {
    const json* v = member(obj, path, key);
    if (v && !v->is_array()) fail(path + key, "must be an array");
    return problem ? nullptr : v;
  }

  std::int64_t integer(const json& obj, const std::string& path, const char* key,
                       std::int64_t min = 0, std::int64_t max = kInt64Max) {
    const json* v = member(obj, path, key);
    if (!v) return 0;
    std::int64_t value = 0;
    if (v->is_number_unsigned()) {
      const auto u = v->get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(kInt64Max)) {
        fail(path + key, "is too large");
        return 0;
      }
      value = static_cast<std::int64_t>(u);
    } else if (v->is_number_integer()) {
      value = v->get<std::int64_t>();
    } else {
      fail(path + key, "must be an integer");
      return 0;
    }
    if (value < min || value > max) {
      fail(path + key, "must lie between " + std::to_string(min) + " and " + std::to_string(max));
      return 0;
    }
    return value;
  }

  bool boolean(const json& obj, const std::string& path, const char* key) {
    const json* v = member(obj, path, key);
    if (!v) return false;
    if (!v->is_boolean()) {
      fail(path + key, "must be true or false");
      return false;
    }
    return v->get<bool>();
  }

  std::string string(const json& obj, const std::string& path, const char* key) {
    const json* v = member(obj, path, key);
    if (!v) return {};
    if (!v->is_string()) {
      fail(path + key, "must be a string");
      return {};
    }
    return v->get<std::string>();
  }

  core::UtcMillis instant(const json& obj, const std::string& path, const char* key) {
    const json* v = member(obj, path, key);
    return v ? instant_value(*v, path + key) : 0;
  }

  std::optional<core::UtcMillis> optional_instant(const json& obj, const std::string& path,
                                                  const char* key) {
    const json* v = member(obj, path, key);
    if (!v || v->is_null()) return std::nullopt;
    return instant_value(*v, path + key);
  }

  Period period(const json& obj, const std::string& path, const char* key) {
    const std::string text = string(obj, path, key);
    if (problem) return Period::Flat;
    const auto p = period_from_string(text);
    if (!p) fail(path + key, "must be sharp, peak, flat or valley");
    return p.value_or(Period::Flat);
  }

  CivilDate date(const json& obj, const std::string& path, const char* key) {
    const std::string text = string(obj, path, key);
    if (problem) return {};
    const auto d = parse_civil_date(text);
    if (!d) fail(path + key, "must be a date YYYY-MM-DD");
    return d.value_or(CivilDate{});
  }

  void fail(std::string path, std::string message) {
    if (!problem) problem = FieldError{std::move(path), std::move(message)};
  }

 private:
  core::UtcMillis instant_value(const json& v, const std::string& path) {
    const auto t = v.is_string() ? parse_instant(v.get<std::string>()) : std::nullopt;
    if (!t) fail(path, "must be a UTC instant YYYY-MM-DDTHH:MM:SS.mmmZ");
    return t.value_or(0);
  }
};

PeriodLine read_period(Reader& r, const json& j, const std::string& path) {
  PeriodLine p;
  p.period = r.period(j, path, "period");
  p.energy_wh = r.integer(j, path, "energyWh", 0, kMaxOrderEnergyWh);
  p.electricity_price_e5 = r.integer(j, path, "electricityPriceE5", 0, kMaxPriceE5);
  p.service_price_e5 = r.integer(j, path, "servicePriceE5", 0, kMaxPriceE5);
  p.electricity_amount_e4 = r.integer(j, path, "electricityAmountE4");
  p.service_amount_e4 = r.integer(j, path, "serviceAmountE4");
  return p;
}

SlotSegment read_segment(Reader& r, const json& j, const std::string& path) {
  SlotSegment s;
  s.from = r.instant(j, path, "from");
  s.to = r.instant(j, path, "to");
  s.local_date = r.date(j, path, "localDate");
  s.slot = static_cast<int>(r.integer(j, path, "slot", 0, kSlotsPerDay - 1));
  s.period = r.period(j, path, "period");
  s.energy_wh = r.integer(j, path, "energyWh", 0, kMaxOrderEnergyWh);
  return s;
}

IdleLine read_idle(Reader& r, const json& j, const std::string& path) {
  IdleLine i;
  i.charging_ended_at = r.optional_instant(j, path, "chargingEndedAt");
  i.unplugged_at = r.optional_instant(j, path, "unpluggedAt");
  i.grace_minutes = r.integer(j, path, "graceMinutes", 0, kMaxGraceMinutes);
  i.price_per_minute_e4 = r.integer(j, path, "pricePerMinuteE4", 0, kMaxIdlePricePerMinuteE4);
  i.cap_e4 = r.integer(j, path, "capE4", 0, kMaxIdleCapE4);
  i.minutes = r.integer(j, path, "minutes");
  i.fee_e4 = r.integer(j, path, "feeE4");
  i.capped = r.boolean(j, path, "capped");
  return i;
}

}  // namespace

json bill_to_json(const Bill& bill) {
  json periods = json::array();
  for (const PeriodLine& p : bill.periods) periods.push_back(period_json(p));
  json segments = json::array();
  for (const SlotSegment& s : bill.segments) segments.push_back(segment_json(s));
  return json{{"schemaVersion", kBillSchemaVersion},
              {"tariffVersionId", bill.tariff_version_id},
              {"timeZone", bill.time_zone},
              {"startedAt", format_instant(bill.started_at)},
              {"stoppedAt", format_instant(bill.stopped_at)},
              {"meterStartWh", bill.meter_start_wh},
              {"meterStopWh", bill.meter_stop_wh},
              {"energyWh", bill.energy_wh},
              {"meterReset", bill.meter_reset},
              {"samplesUsed", bill.samples_used},
              {"samplesIgnored", bill.samples_ignored},
              {"periods", std::move(periods)},
              {"segments", std::move(segments)},
              {"idle", idle_json(bill.idle)},
              {"electricityAmountE4", bill.electricity_amount_e4},
              {"serviceAmountE4", bill.service_amount_e4},
              {"idleFeeE4", bill.idle_fee_e4},
              {"totalE4", bill.total_e4},
              {"payableFen", bill.payable_fen}};
}

namespace {

void read_bill(Reader& r, const json& j, Bill& bill) {
  bill.tariff_version_id =
      r.integer(j, "", "tariffVersionId", std::numeric_limits<std::int64_t>::min());
  bill.time_zone = r.string(j, "", "timeZone");
  bill.started_at = r.instant(j, "", "startedAt");
  bill.stopped_at = r.instant(j, "", "stoppedAt");
  bill.meter_start_wh = r.integer(j, "", "meterStartWh", 0, kMaxRegisterWh);
  bill.meter_stop_wh = r.integer(j, "", "meterStopWh", 0, kMaxRegisterWh);
  bill.energy_wh = r.integer(j, "", "energyWh", 0, kMaxOrderEnergyWh);
  bill.meter_reset = r.boolean(j, "", "meterReset");
  bill.samples_used = r.integer(j, "", "samplesUsed");
  bill.samples_ignored = r.integer(j, "", "samplesIgnored");
  if (const json* periods = r.array(j, "", "periods")) {
    if (periods->size() != kPeriodCount) {
      r.fail("periods", "must list sharp, peak, flat and valley");
    }
    for (std::size_t i = 0; i < kPeriodCount && !r.problem; ++i) {
      const std::string path = "periods[" + std::to_string(i) + "]";
      if (!(*periods)[i].is_object()) {
        r.fail(path, "must be an object");
        break;
      }
      bill.periods[i] = read_period(r, (*periods)[i], path + ".");
      if (!r.problem && bill.periods[i].period != kPeriods[i]) {
        r.fail(path + ".period", std::string("must be ") + to_string(kPeriods[i]));
      }
    }
  }
  if (const json* segments = r.array(j, "", "segments")) {
    for (std::size_t i = 0; i < segments->size() && !r.problem; ++i) {
      const std::string path = "segments[" + std::to_string(i) + "]";
      if (!(*segments)[i].is_object()) {
        r.fail(path, "must be an object");
        break;
      }
      bill.segments.push_back(read_segment(r, (*segments)[i], path + "."));
    }
  }
  if (const json* idle = r.object(j, "", "idle")) bill.idle = read_idle(r, *idle, "idle.");
  bill.electricity_amount_e4 = r.integer(j, "", "electricityAmountE4");
  bill.service_amount_e4 = r.integer(j, "", "serviceAmountE4");
  bill.idle_fee_e4 = r.integer(j, "", "idleFeeE4");
  bill.total_e4 = r.integer(j, "", "totalE4");
  bill.payable_fen = r.integer(j, "", "payableFen");
}

}  // namespace

Result<Bill> bill_from_json(const json& j) {
  Reader r;
  Bill bill;
  if (!j.is_object()) {
    r.fail("(bill)", "must be an object");
  } else {
    r.integer(j, "", "schemaVersion", kBillSchemaVersion, kBillSchemaVersion);
    if (!r.problem) read_bill(r, j, bill);
  }
  if (r.problem) {
    return Error{ErrorCode::InvalidBillJson,
                 "bill JSON: " + r.problem->field + " " + r.problem->message,
                 {*r.problem}};
  }
  return bill;
}

}  // namespace ct::billing
