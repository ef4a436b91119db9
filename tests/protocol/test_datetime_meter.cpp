#include <gtest/gtest.h>

#include "protocol/ocpp16/datetime.hpp"
#include "protocol/ocpp16/messages.hpp"

namespace ct::ocpp16 {
namespace {

TEST(DateTime, ParsesUtcAndOffsets) {
  EXPECT_EQ(parse_datetime("1970-01-01T00:00:00Z")->epoch_ms, 0);
  EXPECT_EQ(parse_datetime("2024-01-01T00:00:00Z")->epoch_ms, 1704067200000);
  EXPECT_EQ(parse_datetime("2024-01-01T08:00:00+08:00")->epoch_ms, 1704067200000);
  EXPECT_EQ(parse_datetime("2023-12-31T19:30:00-04:30")->epoch_ms, 1704067200000);
  EXPECT_EQ(parse_datetime("2024-01-01T00:00:00.1Z")->epoch_ms, 1704067200100);
  EXPECT_EQ(parse_datetime("2024-01-01T00:00:00.12Z")->epoch_ms, 1704067200120);
  EXPECT_EQ(parse_datetime("2024-01-01T00:00:00.123999999Z")->epoch_ms, 1704067200123);
  EXPECT_EQ(parse_datetime("1969-12-31T23:59:59.999Z")->epoch_ms, -1);
  EXPECT_EQ(parse_datetime("2016-12-31T23:59:60Z")->epoch_ms,
            parse_datetime("2017-01-01T00:00:00Z")->epoch_ms);
  EXPECT_TRUE(parse_datetime("2024-02-29T00:00:00Z"));
  EXPECT_TRUE(parse_datetime("2000-02-29T00:00:00Z"));
}

TEST(DateTime, RejectsMalformed) {
  for (const char* s : {"",
                        "2024-01-01",
                        "2024-01-01T00:00:00",
                        "2024-01-01T00:00Z",
                        "2024-01-01T00:00:00+08",
                        "2024-01-01T00:00:00+0800",
                        "2024-01-01T00:00:00+24:00",
                        "2024-01-01T00:00:00+08:60",
                        "2024-01-01T00:00:00ZZ",
                        "2024-01-01T00:00:00.Z",
                        "2023-02-29T00:00:00Z",
                        "1900-02-29T00:00:00Z",
                        "2024-00-10T00:00:00Z",
                        "2024-01-00T00:00:00Z",
                        "2024-01-01T00:60:00Z",
                        "2024-01-01T00:00:61Z",
                        " 2024-01-01T00:00:00Z",
                        "2024-01-01T00:00:00Z ",
                        "+2024-01-01T00:00:00Z",
                        "2024-01-01X00:00:00Z",
                        "0000-01-01T00:00:00+00:01",
                        "9999-12-31T23:59:59-00:01"}) {
    EXPECT_FALSE(parse_datetime(s).has_value()) << s;
  }
}

TEST(DateTime, FormatsCanonicalUtcMillis) {
  EXPECT_EQ(format_datetime(DateTime{0}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_datetime(DateTime{1704067200123}), "2024-01-01T00:00:00.123Z");
  EXPECT_EQ(format_datetime(DateTime{-1}), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_datetime(*parse_datetime("2024-03-01T01:02:03.004+01:00")),
            "2024-03-01T00:02:03.004Z");
  EXPECT_EQ(format_datetime(*parse_datetime("0000-01-01T00:00:00Z")), "0000-01-01T00:00:00.000Z");
  EXPECT_EQ(format_datetime(*parse_datetime("9999-12-31T23:59:59.999Z")),
            "9999-12-31T23:59:59.999Z");
}

SampledValue sv(std::string value, std::optional<Measurand> m = std::nullopt,
                std::optional<UnitOfMeasure> u = std::nullopt) {
  SampledValue s;
  s.value = std::move(value);
  s.measurand = m;
  s.unit = u;
  return s;
}

TEST(EnergyWh, DefaultsToActiveImportRegisterInWh) {
  EXPECT_EQ(energy_wh(sv("12345")), 12345);
  EXPECT_EQ(energy_wh(sv("12345.4")), 12345);
  EXPECT_EQ(energy_wh(sv("12345.5")), 12346);
  EXPECT_EQ(energy_wh(sv("0")), 0);
}

TEST(EnergyWh, ConvertsKwhExactly) {
  const auto kwh = UnitOfMeasure::kWh;
  const auto reg = Measurand::EnergyActiveImportRegister;
  EXPECT_EQ(energy_wh(sv("12.345", reg, kwh)), 12345);
  EXPECT_EQ(energy_wh(sv("12.345", std::nullopt, kwh)), 12345);
  EXPECT_EQ(energy_wh(sv("0.1", reg, kwh)), 100);      // no binary floating error
  EXPECT_EQ(energy_wh(sv("1.0005", reg, kwh)), 1001);  // half away from zero
  EXPECT_EQ(energy_wh(sv("1.00049", reg, kwh)), 1000);
  EXPECT_EQ(energy_wh(sv("-1.0005", reg, kwh)), -1001);
  EXPECT_EQ(energy_wh(sv("1.23456789", reg, kwh)), 1235);
  EXPECT_EQ(energy_wh(sv("0.0004", reg, kwh)), 0);
  EXPECT_EQ(energy_wh(sv("0.0005", reg, kwh)), 1);
  EXPECT_EQ(energy_wh(sv("42", reg, kwh)), 42000);
  EXPECT_EQ(energy_wh(sv("42.", reg, kwh)), 42000);
  EXPECT_EQ(energy_wh(sv(".5", reg, kwh)), 500);
  EXPECT_EQ(energy_wh(sv("+7", reg, kwh)), 7000);
  EXPECT_EQ(energy_wh(sv("1.5e3", reg, kwh)), 1500000);
  EXPECT_EQ(energy_wh(sv("15E-1", reg, kwh)), 1500);
  EXPECT_EQ(energy_wh(sv(" 3.2 ", reg, kwh)), 3200);
  EXPECT_EQ(energy_wh(sv("00012.000", reg, kwh)), 12000);
  EXPECT_EQ(energy_wh(sv("9223372036854775.807", reg, kwh)), INT64_MAX);
  EXPECT_EQ(energy_wh(sv("9223372036854775.808", reg, kwh)), std::nullopt);
  EXPECT_EQ(energy_wh(sv("9223372036854775807")), INT64_MAX);
  EXPECT_EQ(energy_wh(sv("99999999999999999999")), std::nullopt);
}

TEST(EnergyWh, AllEnergyMeasurandsWithWhOrKwh) {
  for (const auto m : enum_values<Measurand>()) {
    const bool energy = std::string_view(to_string(m)).starts_with("Energy.");
    EXPECT_EQ(energy_wh(sv("2", m, UnitOfMeasure::kWh)).has_value(), energy) << to_string(m);
    EXPECT_EQ(energy_wh(sv("2", m)).has_value(), energy) << to_string(m);
  }
  EXPECT_EQ(energy_wh(sv("2", Measurand::EnergyActiveExportInterval, UnitOfMeasure::Wh)), 2);
}

TEST(EnergyWh, RejectsNonNumericAndOtherUnits) {
  const auto reg = Measurand::EnergyActiveImportRegister;
  for (const char* bad :
       {"", "abc", "1,5", "1.2.3", "--1", "1e", ".", "+", "0x10", "1 2", "NaN", "inf", "1e+"}) {
    EXPECT_EQ(energy_wh(sv(bad)), std::nullopt) << bad;
  }
  EXPECT_EQ(energy_wh(sv("10", reg, UnitOfMeasure::varh)), std::nullopt);
  EXPECT_EQ(energy_wh(sv("10", reg, UnitOfMeasure::W)), std::nullopt);
  EXPECT_EQ(energy_wh(sv("10", Measurand::Voltage, UnitOfMeasure::Wh)), std::nullopt);
  EXPECT_EQ(energy_wh(sv("10", Measurand::PowerActiveImport)), std::nullopt);
}

TEST(ScaledMilli, ScalesAnyNumericValue) {
  EXPECT_EQ(scaled_milli(sv("230.1", Measurand::Voltage, UnitOfMeasure::V)), 230100);
  EXPECT_EQ(scaled_milli(sv("7.4", Measurand::PowerActiveImport, UnitOfMeasure::kW)), 7400);
  EXPECT_EQ(scaled_milli(sv("-0.0015", Measurand::CurrentImport)), -2);
  EXPECT_EQ(scaled_milli(sv("0.98", Measurand::PowerFactor)), 980);
  EXPECT_EQ(scaled_milli(sv("55", Measurand::SoC, UnitOfMeasure::Percent)), 55000);
  EXPECT_EQ(scaled_milli(sv("n/a", Measurand::Temperature)), std::nullopt);
}

}  // namespace
}  // namespace ct::ocpp16
