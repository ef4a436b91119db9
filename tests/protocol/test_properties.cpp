// RapidCheck properties: totality of the parsers and typed encode -> decode round trips.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "protocol/ocpp16/codec.hpp"

namespace ct::ocpp16 {
namespace {

using nlohmann::json;

template <class E>
rc::Gen<E> gen_enum() {
  const auto values = enum_values<E>();
  return rc::gen::elementOf(std::vector<E>(values.begin(), values.end()));
}

template <class T>
rc::Gen<std::optional<T>> opt(rc::Gen<T> g) {
  return rc::gen::oneOf(rc::gen::just(std::optional<T>{}),
                        rc::gen::map(std::move(g), [](T v) { return std::optional<T>(v); }));
}

rc::Gen<std::string> gen_string(std::size_t max_len) {
  return rc::gen::map(rc::gen::container<std::string>(rc::gen::inRange<char>(32, 127)),
                      [max_len](std::string s) {
                        if (s.size() > max_len) s.resize(max_len);
                        return s;
                      });
}

rc::Gen<DateTime> gen_datetime() {
  // Years 0000..9999 in UTC.
  return rc::gen::map(rc::gen::inRange<std::int64_t>(-62167219200000, 253402300799999),
                      [](std::int64_t ms) { return DateTime{ms}; });
}

rc::Gen<std::int64_t> gen_int() {
  return rc::gen::arbitrary<std::int64_t>();
}

rc::Gen<double> gen_tenths() {
  return rc::gen::map(rc::gen::inRange<std::int64_t>(-1000000, 1000000),
                      [](std::int64_t t) { return static_cast<double>(t) / 10.0; });
}

rc::Gen<SampledValue> gen_sampled_value(bool allow_hertz) {
  return rc::gen::build<SampledValue>(
      rc::gen::set(&SampledValue::value, gen_string(30)),
      rc::gen::set(&SampledValue::context, opt(gen_enum<ReadingContext>())),
      rc::gen::set(&SampledValue::format, opt(gen_enum<ValueFormat>())),
      rc::gen::set(&SampledValue::measurand, opt(gen_enum<Measurand>())),
      rc::gen::set(&SampledValue::phase, opt(gen_enum<Phase>())),
      rc::gen::set(&SampledValue::location, opt(gen_enum<Location>())),
      rc::gen::set(&SampledValue::unit,
                   opt(rc::gen::suchThat(gen_enum<UnitOfMeasure>(), [allow_hertz](UnitOfMeasure u) {
                     return allow_hertz || u != UnitOfMeasure::Hertz;
                   }))));
}

rc::Gen<MeterValue> gen_meter_value(bool allow_hertz) {
  return rc::gen::build<MeterValue>(
      rc::gen::set(&MeterValue::timestamp, gen_datetime()),
      rc::gen::set(
          &MeterValue::sampled_value,
          rc::gen::resize(12, rc::gen::nonEmpty(rc::gen::container<std::vector<SampledValue>>(
                                  gen_sampled_value(allow_hertz))))));
}

template <class T>
void check_round_trip(const T& msg) {
  const json j = encode(msg);
  const auto err = validate_request(MessageTraits<T>::action, j);
  RC_ASSERT(!err.has_value());
  const auto decoded = decode<T>(j);
  RC_ASSERT(std::holds_alternative<T>(decoded));
  RC_ASSERT(std::get<T>(decoded) == msg);
  // Also through the frame layer.
  const auto parsed = parse_frame(serialize(Call{"id", to_string(MessageTraits<T>::action), j}));
  RC_ASSERT(std::holds_alternative<Frame>(parsed));
  RC_ASSERT(std::get<Call>(std::get<Frame>(parsed)).payload == j);
}

RC_GTEST_PROP(Properties, ParseFrameIsTotalOnArbitraryBytes, (const std::string& bytes)) {
  (void)parse_frame(bytes);  // must not throw or crash
}

RC_GTEST_PROP(Properties, ParseFrameIsTotalOnFrameLikeStrings, ()) {
  const auto pieces = *rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(
      std::vector<std::string>{"[", "]", "{", "}", ",", ":", "2", "3", "4", "\"id\"", "\"a\"",
                               "null", "1.5", "\"Heartbeat\"", "\"\\u0000\"", "true", "-0"}));
  std::string text;
  for (const auto& p : pieces) text += p;
  const auto r = parse_frame(text);
  if (const auto* f = std::get_if<Frame>(&r)) {
    // Whatever parses must re-serialize to something that parses to the same frame.
    const auto again = parse_frame(serialize(*f));
    RC_ASSERT(std::holds_alternative<Frame>(again));
    RC_ASSERT(std::get<Frame>(again) == *f);
  }
}

RC_GTEST_PROP(Properties, ValidateIsTotalOnArbitraryJsonText, (const std::string& bytes)) {
  const json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return;
  for (const Action a : all_actions()) {
    (void)validate_request(a, j);
    (void)validate_response(a, j);
  }
}

RC_GTEST_PROP(Properties, DateTimeFormatParseRoundTrip, ()) {
  const DateTime dt = *gen_datetime();
  const auto parsed = parse_datetime(format_datetime(dt));
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(parsed->epoch_ms == dt.epoch_ms);
}

RC_GTEST_PROP(Properties, BootNotificationRoundTrip, ()) {
  BootNotificationRequest m;
  m.charge_point_vendor = *gen_string(20);
  m.charge_point_model = *gen_string(20);
  m.charge_point_serial_number = *opt(gen_string(25));
  m.firmware_version = *opt(gen_string(50));
  m.iccid = *opt(gen_string(20));
  m.meter_serial_number = *opt(gen_string(25));
  check_round_trip(m);
}

RC_GTEST_PROP(Properties, StatusNotificationRoundTrip, ()) {
  StatusNotificationRequest m;
  m.connector_id = *gen_int();
  m.error_code = *gen_enum<ChargePointErrorCode>();
  m.status = *gen_enum<ChargePointStatus>();
  m.info = *opt(gen_string(50));
  m.timestamp = *opt(gen_datetime());
  m.vendor_id = *opt(gen_string(255));
  m.vendor_error_code = *opt(gen_string(50));
  check_round_trip(m);
}

RC_GTEST_PROP(Properties, MeterValuesRoundTrip, ()) {
  MeterValuesRequest m;
  m.connector_id = *gen_int();
  m.transaction_id = *opt(gen_int());
  m.meter_value = *rc::gen::resize(6, rc::gen::nonEmpty(rc::gen::container<std::vector<MeterValue>>(
                                          gen_meter_value(/*allow_hertz=*/true))));
  check_round_trip(m);
}

RC_GTEST_PROP(Properties, StopTransactionRoundTrip, ()) {
  StopTransactionRequest m;
  m.id_tag = *opt(gen_string(20));
  m.meter_stop = *gen_int();
  m.timestamp = *gen_datetime();
  m.transaction_id = *gen_int();
  m.reason = *opt(gen_enum<Reason>());
  m.transaction_data = *opt(rc::gen::resize(
      6, rc::gen::container<std::vector<MeterValue>>(gen_meter_value(/*allow_hertz=*/false))));
  check_round_trip(m);
}

RC_GTEST_PROP(Properties, SetChargingProfileRoundTrip, ()) {
  SetChargingProfileRequest m;
  m.connector_id = *gen_int();
  auto& p = m.cs_charging_profiles;
  p.charging_profile_id = *gen_int();
  p.transaction_id = *opt(gen_int());
  p.stack_level = *gen_int();
  p.charging_profile_purpose = *gen_enum<ChargingProfilePurposeType>();
  p.charging_profile_kind = *gen_enum<ChargingProfileKindType>();
  p.recurrency_kind = *opt(gen_enum<RecurrencyKindType>());
  p.valid_from = *opt(gen_datetime());
  p.charging_schedule.charging_rate_unit = *gen_enum<ChargingRateUnit>();
  p.charging_schedule.min_charging_rate = *opt(gen_tenths());
  const auto n = *rc::gen::inRange<std::size_t>(0, 5);
  for (std::size_t i = 0; i < n; ++i) {
    ChargingSchedulePeriod period;
    period.start_period = *gen_int();
    period.limit = *gen_tenths();
    period.number_phases = *opt(rc::gen::inRange<std::int64_t>(1, 4));
    p.charging_schedule.charging_schedule_period.push_back(period);
  }
  check_round_trip(m);
}

RC_GTEST_PROP(Properties, EnergyWhMatchesIntegerArithmetic, ()) {
  const auto whole = *rc::gen::inRange<std::int64_t>(-1000000000, 1000000000);
  const auto frac = *rc::gen::inRange<int>(0, 1000);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%lld.%03d", whole < 0 ? "-" : "",
                static_cast<long long>(whole < 0 ? -whole : whole), frac);
  SampledValue sv;
  sv.value = buf;
  sv.unit = UnitOfMeasure::kWh;
  const std::int64_t magnitude = (whole < 0 ? -whole : whole) * 1000 + frac;
  RC_ASSERT(energy_wh(sv) == (whole < 0 ? -magnitude : magnitude));
}

}  // namespace
}  // namespace ct::ocpp16
