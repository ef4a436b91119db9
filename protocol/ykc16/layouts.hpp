// The layout tables of all 51 messages (see layout.hpp). Field order is wire order; the
// sizes add up to the catalogue's body sizes (checked at compile time in codec.cpp).
#pragma once

#include "protocol/ykc16/layout.hpp"

namespace ct::ykc16::layout {

#define CT_YKC16_LAYOUT(T, ...)                                  \
  template <>                                                    \
  struct Layout<T> {                                             \
    static constexpr auto fields = std::make_tuple(__VA_ARGS__); \
  };

inline constexpr Offset<1> kTemperature{-50, unit::kCelsius};
inline constexpr Offset<2> kBmsCurrent{-4000, unit::kDeciAmp};  // 0.1 A units, -400 A
inline constexpr Uint<2> kVolt{unit::kDeciVolt};
inline constexpr Uint<2> kCellVolt{unit::kCentiVolt};
inline constexpr Uint<2> kMinutes2{unit::kMinutes};
inline constexpr Uint<4> kEnergy{unit::kE4Kwh};
inline constexpr Uint<4> kAmount{unit::kE4Yuan};
inline constexpr Uint<4> kPrice{unit::kE5YuanPerKwh};
inline constexpr Uint<4> kBalance{unit::kE2Yuan};
inline constexpr Uint<1> kByte{};

// clang-format off

// ---- shared value types ----
CT_YKC16_LAYOUT(PeriodRate,
  field("electricity", &PeriodRate::electricity_e5_yuan, kPrice),
  field("service", &PeriodRate::service_e5_yuan, kPrice))
CT_YKC16_LAYOUT(BillingModel,
  field("pileCode", &BillingModel::pile_code, Digits{}),
  field("modelNo", &BillingModel::model_no, Digits{}),
  field("sharp", &BillingModel::sharp, Nested{}),
  field("peak", &BillingModel::peak, Nested{}),
  field("flat", &BillingModel::flat, Nested{}),
  field("valley", &BillingModel::valley, Nested{}),
  field("lossRatio", &BillingModel::loss_ratio, kByte),
  field("slots", &BillingModel::slots, Slots{}))
CT_YKC16_LAYOUT(PeriodUsage,
  field("unitPrice", &PeriodUsage::price_e5_yuan, kPrice),
  field("energy", &PeriodUsage::energy_e4_kwh, kEnergy),
  field("lossEnergy", &PeriodUsage::loss_energy_e4_kwh, kEnergy),
  field("amount", &PeriodUsage::amount_e4_yuan, kAmount))
CT_YKC16_LAYOUT(OfflineCard,
  field("logicalCard", &OfflineCard::logical_card, Digits{}),
  field("physicalCard", &OfflineCard::physical_card, Raw{}))
CT_YKC16_LAYOUT(CardClearResult,
  field("physicalCard", &CardClearResult::physical_card, Raw{}),
  field("result", &CardClearResult::result, Code{}),
  field("reason", &CardClearResult::reason, Code{}))
CT_YKC16_LAYOUT(CardQueryResult,
  field("physicalCard", &CardQueryResult::physical_card, Raw{}),
  field("presence", &CardQueryResult::presence, Code{}))

// ---- registration and heartbeat ----
CT_YKC16_LAYOUT(Login,
  field("pileCode", &Login::pile_code, Digits{}),
  field("pileType", &Login::pile_type, Code{}),
  field("gunCount", &Login::gun_count, kByte),
  field("protocolVersion", &Login::protocol_version, Uint<1>{unit::kVersion}),
  field("programVersion", &Login::program_version, Text<8>{}),
  field("networkType", &Login::network_type, Code{}),
  field("iccid", &Login::iccid, Raw{}),
  field("carrier", &Login::carrier, Code{}))
CT_YKC16_LAYOUT(LoginResponse,
  field("pileCode", &LoginResponse::pile_code, Digits{}),
  field("result", &LoginResponse::result, Code{}))
CT_YKC16_LAYOUT(Heartbeat,
  field("pileCode", &Heartbeat::pile_code, Digits{}),
  field("gun", &Heartbeat::gun, BcdNumber{}),
  field("gunState", &Heartbeat::gun_state, Code{}))
CT_YKC16_LAYOUT(HeartbeatResponse,
  field("pileCode", &HeartbeatResponse::pile_code, Digits{}),
  field("gun", &HeartbeatResponse::gun, BcdNumber{}),
  field("reply", &HeartbeatResponse::reply, kByte))
CT_YKC16_LAYOUT(BillingModelCheck,
  field("pileCode", &BillingModelCheck::pile_code, Digits{}),
  field("modelNo", &BillingModelCheck::model_no, Digits{}))
CT_YKC16_LAYOUT(BillingModelCheckResponse,
  field("pileCode", &BillingModelCheckResponse::pile_code, Digits{}),
  field("modelNo", &BillingModelCheckResponse::model_no, Digits{}),
  field("result", &BillingModelCheckResponse::result, Code{}))
CT_YKC16_LAYOUT(BillingModelRequest,
  field("pileCode", &BillingModelRequest::pile_code, Digits{}))
template <>
struct Layout<BillingModelResponse> : Layout<BillingModel> {};

// ---- real-time and BMS data ----
CT_YKC16_LAYOUT(RealtimeDataRequest,
  field("pileCode", &RealtimeDataRequest::pile_code, Digits{}),
  field("gun", &RealtimeDataRequest::gun, BcdNumber{}))
CT_YKC16_LAYOUT(RealtimeData,
  field("serial", &RealtimeData::serial, Digits{}),
  field("pileCode", &RealtimeData::pile_code, Digits{}),
  field("gun", &RealtimeData::gun, BcdNumber{}),
  field("status", &RealtimeData::status, Code{}),
  field("homed", &RealtimeData::homed, Code{}),
  field("plugged", &RealtimeData::plugged, Code{}),
  field("outputVoltage", &RealtimeData::output_voltage_dv, kVolt),
  field("outputCurrent", &RealtimeData::output_current_da, Uint<2>{unit::kDeciAmp}),
  field("gunTemperature", &RealtimeData::gun_temperature_c, kTemperature),
  field("gunCableCode", &RealtimeData::gun_cable_code, Raw{}),
  field("soc", &RealtimeData::soc_pct, Uint<1>{unit::kPercent}),
  field("batteryMaxTemperature", &RealtimeData::battery_max_temperature_c, kTemperature),
  field("chargingTime", &RealtimeData::charging_time_min, kMinutes2),
  field("remainingTime", &RealtimeData::remaining_time_min, kMinutes2),
  field("energy", &RealtimeData::energy_e4_kwh, kEnergy),
  field("lossEnergy", &RealtimeData::loss_energy_e4_kwh, kEnergy),
  field("amount", &RealtimeData::amount_e4_yuan, kAmount),
  field("hardwareFaults", &RealtimeData::hardware_faults, Flags<2>{flags::kHardwareFaults}))
CT_YKC16_LAYOUT(BmsHandshake,
  field("serial", &BmsHandshake::serial, Digits{}),
  field("pileCode", &BmsHandshake::pile_code, Digits{}),
  field("gun", &BmsHandshake::gun, BcdNumber{}),
  field("bmsProtocolVersion", &BmsHandshake::bms_protocol_version, Raw{}),
  field("batteryType", &BmsHandshake::battery_type, Code{}),
  field("ratedCapacity", &BmsHandshake::rated_capacity_dah, Uint<2>{unit::kDeciAmpHour}),
  field("ratedVoltage", &BmsHandshake::rated_voltage_dv, kVolt),
  field("manufacturer", &BmsHandshake::manufacturer, Text<4>{}),
  field("packSerial", &BmsHandshake::pack_serial, Raw{}),
  field("productionYear", &BmsHandshake::production_year, Offset<1>{1985}),
  field("productionMonth", &BmsHandshake::production_month, kByte),
  field("productionDay", &BmsHandshake::production_day, kByte),
  field("chargeCount", &BmsHandshake::charge_count, Uint<3>{}),
  field("ownership", &BmsHandshake::ownership, Code{}),
  field("reserved", &BmsHandshake::reserved, kByte),
  field("vin", &BmsHandshake::vin, Text<17>{}),
  field("bmsSoftwareVersion", &BmsHandshake::bms_software_version, Raw{}))
CT_YKC16_LAYOUT(BmsParameters,
  field("serial", &BmsParameters::serial, Digits{}),
  field("pileCode", &BmsParameters::pile_code, Digits{}),
  field("gun", &BmsParameters::gun, BcdNumber{}),
  field("maxCellVoltage", &BmsParameters::max_cell_voltage_cv, kCellVolt),
  field("maxCurrent", &BmsParameters::max_current_da, kBmsCurrent),
  field("nominalEnergy", &BmsParameters::nominal_energy_e1_kwh, Uint<2>{unit::kE1Kwh}),
  field("maxVoltage", &BmsParameters::max_voltage_dv, kVolt),
  field("maxTemperature", &BmsParameters::max_temperature_c, kTemperature),
  field("soc", &BmsParameters::soc_permille, Uint<2>{unit::kPermille}),
  field("batteryVoltage", &BmsParameters::battery_voltage_dv, kVolt),
  field("chargerMaxVoltage", &BmsParameters::charger_max_voltage_dv, kVolt),
  field("chargerMinVoltage", &BmsParameters::charger_min_voltage_dv, kVolt),
  field("chargerMaxCurrent", &BmsParameters::charger_max_current_da, kBmsCurrent),
  field("chargerMinCurrent", &BmsParameters::charger_min_current_da, kBmsCurrent))
CT_YKC16_LAYOUT(ChargeEnd,
  field("serial", &ChargeEnd::serial, Digits{}),
  field("pileCode", &ChargeEnd::pile_code, Digits{}),
  field("gun", &ChargeEnd::gun, BcdNumber{}),
  field("finalSoc", &ChargeEnd::final_soc_pct, Uint<1>{unit::kPercent}),
  field("minCellVoltage", &ChargeEnd::min_cell_voltage_cv, kCellVolt),
  field("maxCellVoltage", &ChargeEnd::max_cell_voltage_cv, kCellVolt),
  field("minTemperature", &ChargeEnd::min_temperature_c, kTemperature),
  field("maxTemperature", &ChargeEnd::max_temperature_c, kTemperature),
  field("chargingTime", &ChargeEnd::charging_time_min, kMinutes2),
  field("energy", &ChargeEnd::energy_e1_kwh, Uint<2>{unit::kE1Kwh}),
  field("chargerNumber", &ChargeEnd::charger_number, Uint<4>{}))
CT_YKC16_LAYOUT(BmsError,
  field("serial", &BmsError::serial, Digits{}),
  field("pileCode", &BmsError::pile_code, Digits{}),
  field("gun", &BmsError::gun, BcdNumber{}),
  field("bmsErrors", &BmsError::bms_errors, Flags<4>{flags::kBmsErrors}),
  field("chargerErrors", &BmsError::charger_errors, Flags<4>{flags::kChargerErrors}))
CT_YKC16_LAYOUT(BmsStop,
  field("serial", &BmsStop::serial, Digits{}),
  field("pileCode", &BmsStop::pile_code, Digits{}),
  field("gun", &BmsStop::gun, BcdNumber{}),
  field("reasons", &BmsStop::reasons, Flags<1>{flags::kBmsStopReasons}),
  field("faults", &BmsStop::faults, Flags<2>{flags::kBmsStopFaults}),
  field("errors", &BmsStop::errors, Flags<1>{flags::kBmsStopErrors}))
CT_YKC16_LAYOUT(ChargerStop,
  field("serial", &ChargerStop::serial, Digits{}),
  field("pileCode", &ChargerStop::pile_code, Digits{}),
  field("gun", &ChargerStop::gun, BcdNumber{}),
  field("reasons", &ChargerStop::reasons, Flags<1>{flags::kChargerStopReasons}),
  field("faults", &ChargerStop::faults, Flags<2>{flags::kChargerStopFaults}),
  field("errors", &ChargerStop::errors, Flags<1>{flags::kChargerStopErrors}))
CT_YKC16_LAYOUT(BmsDemand,
  field("serial", &BmsDemand::serial, Digits{}),
  field("pileCode", &BmsDemand::pile_code, Digits{}),
  field("gun", &BmsDemand::gun, BcdNumber{}),
  field("voltageDemand", &BmsDemand::voltage_demand_dv, kVolt),
  field("currentDemand", &BmsDemand::current_demand_da, kBmsCurrent),
  field("chargeMode", &BmsDemand::charge_mode, Code{}),
  field("measuredVoltage", &BmsDemand::measured_voltage_dv, kVolt),
  field("measuredCurrent", &BmsDemand::measured_current_da, kBmsCurrent),
  field("highestCell", &BmsDemand::highest_cell, Cell{}),
  field("soc", &BmsDemand::soc_pct, Uint<1>{unit::kPercent}),
  field("remainingTime", &BmsDemand::remaining_time_min, kMinutes2),
  field("outputVoltage", &BmsDemand::output_voltage_dv, kVolt),
  field("outputCurrent", &BmsDemand::output_current_da, kBmsCurrent),
  field("chargingTime", &BmsDemand::charging_time_min, kMinutes2))
CT_YKC16_LAYOUT(BmsStatus,
  field("serial", &BmsStatus::serial, Digits{}),
  field("pileCode", &BmsStatus::pile_code, Digits{}),
  field("gun", &BmsStatus::gun, BcdNumber{}),
  field("highestCellNumber", &BmsStatus::highest_cell_number, Offset<1>{1}),
  field("maxTemperature", &BmsStatus::max_temperature_c, kTemperature),
  field("maxTemperatureProbe", &BmsStatus::max_temperature_probe, Offset<1>{1}),
  field("minTemperature", &BmsStatus::min_temperature_c, kTemperature),
  field("minTemperatureProbe", &BmsStatus::min_temperature_probe, Offset<1>{1}),
  field("status", &BmsStatus::status, Flags<2>{flags::kBmsStatus}))

// ---- operation and transactions ----
CT_YKC16_LAYOUT(StartRequest,
  field("pileCode", &StartRequest::pile_code, Digits{}),
  field("gun", &StartRequest::gun, BcdNumber{}),
  field("startMode", &StartRequest::start_mode, Code{}),
  field("passwordRequired", &StartRequest::password_required, Code{}),
  field("card", &StartRequest::card, Raw{}),
  field("passwordMd5", &StartRequest::password_md5, Raw{}),
  field("vin", &StartRequest::vin, Text<17>{true}))
CT_YKC16_LAYOUT(StartAuthorization,
  field("serial", &StartAuthorization::serial, Digits{}),
  field("pileCode", &StartAuthorization::pile_code, Digits{}),
  field("gun", &StartAuthorization::gun, BcdNumber{}),
  field("logicalCard", &StartAuthorization::logical_card, Digits{}),
  field("balance", &StartAuthorization::balance_e2_yuan, kBalance),
  field("result", &StartAuthorization::result, Code{}),
  field("reason", &StartAuthorization::reason, Code{}))
CT_YKC16_LAYOUT(RemoteStartResponse,
  field("serial", &RemoteStartResponse::serial, Digits{}),
  field("pileCode", &RemoteStartResponse::pile_code, Digits{}),
  field("gun", &RemoteStartResponse::gun, BcdNumber{}),
  field("result", &RemoteStartResponse::result, Code{}),
  field("reason", &RemoteStartResponse::reason, Code{}))
CT_YKC16_LAYOUT(RemoteStart,
  field("serial", &RemoteStart::serial, Digits{}),
  field("pileCode", &RemoteStart::pile_code, Digits{}),
  field("gun", &RemoteStart::gun, BcdNumber{}),
  field("logicalCard", &RemoteStart::logical_card, Digits{}),
  field("physicalCard", &RemoteStart::physical_card, Raw{}),
  field("balance", &RemoteStart::balance_e2_yuan, kBalance))
CT_YKC16_LAYOUT(RemoteStopResponse,
  field("pileCode", &RemoteStopResponse::pile_code, Digits{}),
  field("gun", &RemoteStopResponse::gun, BcdNumber{}),
  field("result", &RemoteStopResponse::result, Code{}),
  field("reason", &RemoteStopResponse::reason, Code{}))
CT_YKC16_LAYOUT(RemoteStop,
  field("pileCode", &RemoteStop::pile_code, Digits{}),
  field("gun", &RemoteStop::gun, BcdNumber{}))
CT_YKC16_LAYOUT(TransactionRecord,
  field("serial", &TransactionRecord::serial, Digits{}),
  field("pileCode", &TransactionRecord::pile_code, Digits{}),
  field("gun", &TransactionRecord::gun, BcdNumber{}),
  field("startTime", &TransactionRecord::start_time, Time{}),
  field("endTime", &TransactionRecord::end_time, Time{}),
  field("sharp", &TransactionRecord::sharp, Nested{}),
  field("peak", &TransactionRecord::peak, Nested{}),
  field("flat", &TransactionRecord::flat, Nested{}),
  field("valley", &TransactionRecord::valley, Nested{}),
  field("meterStart", &TransactionRecord::meter_start_e4_kwh, Uint<5>{unit::kE4Kwh}),
  field("meterEnd", &TransactionRecord::meter_end_e4_kwh, Uint<5>{unit::kE4Kwh}),
  field("energy", &TransactionRecord::energy_e4_kwh, kEnergy),
  field("lossEnergy", &TransactionRecord::loss_energy_e4_kwh, kEnergy),
  field("amount", &TransactionRecord::amount_e4_yuan, kAmount),
  field("vin", &TransactionRecord::vin, Text<17>{}),
  field("tradeType", &TransactionRecord::trade_type, Code{}),
  field("tradeTime", &TransactionRecord::trade_time, Time{}),
  field("stopReason", &TransactionRecord::stop_reason, Code{}),
  field("physicalCard", &TransactionRecord::physical_card, Raw{}))
CT_YKC16_LAYOUT(TransactionRecordAck,
  field("serial", &TransactionRecordAck::serial, Digits{}),
  field("result", &TransactionRecordAck::result, Code{}))
CT_YKC16_LAYOUT(BalanceUpdateResponse,
  field("pileCode", &BalanceUpdateResponse::pile_code, Digits{}),
  field("physicalCard", &BalanceUpdateResponse::physical_card, Raw{}),
  field("result", &BalanceUpdateResponse::result, Code{}))
CT_YKC16_LAYOUT(BalanceUpdate,
  field("pileCode", &BalanceUpdate::pile_code, Digits{}),
  field("gun", &BalanceUpdate::gun, BcdNumber{}),
  field("physicalCard", &BalanceUpdate::physical_card, Raw{}),
  field("balance", &BalanceUpdate::balance_e2_yuan, kBalance))
CT_YKC16_LAYOUT(OfflineCardSyncResponse,
  field("pileCode", &OfflineCardSyncResponse::pile_code, Digits{}),
  field("result", &OfflineCardSyncResponse::result, Code{}),
  field("reason", &OfflineCardSyncResponse::reason, Code{}))
CT_YKC16_LAYOUT(OfflineCardSync,
  field("pileCode", &OfflineCardSync::pile_code, Digits{}),
  field("cards", &OfflineCardSync::cards, CountedList<Nested>{}))
CT_YKC16_LAYOUT(OfflineCardClearResponse,
  field("pileCode", &OfflineCardClearResponse::pile_code, Digits{}),
  field("results", &OfflineCardClearResponse::results, RepeatedList<Nested>{}))
CT_YKC16_LAYOUT(OfflineCardClear,
  field("pileCode", &OfflineCardClear::pile_code, Digits{}),
  field("cards", &OfflineCardClear::cards, CountedList<Raw>{}))
CT_YKC16_LAYOUT(OfflineCardQueryResponse,
  field("pileCode", &OfflineCardQueryResponse::pile_code, Digits{}),
  field("results", &OfflineCardQueryResponse::results, RepeatedList<Nested>{}))
CT_YKC16_LAYOUT(OfflineCardQuery,
  field("pileCode", &OfflineCardQuery::pile_code, Digits{}),
  field("cards", &OfflineCardQuery::cards, CountedList<Raw>{}))

// ---- platform settings ----
CT_YKC16_LAYOUT(WorkParametersResponse,
  field("pileCode", &WorkParametersResponse::pile_code, Digits{}),
  field("result", &WorkParametersResponse::result, Code{}))
CT_YKC16_LAYOUT(WorkParameters,
  field("pileCode", &WorkParameters::pile_code, Digits{}),
  field("mode", &WorkParameters::mode, Code{}),
  field("maxPower", &WorkParameters::max_power_pct, Uint<1>{unit::kPercent}))
CT_YKC16_LAYOUT(TimeSyncResponse,
  field("pileCode", &TimeSyncResponse::pile_code, Digits{}),
  field("time", &TimeSyncResponse::time, Time{}))
CT_YKC16_LAYOUT(TimeSync,
  field("pileCode", &TimeSync::pile_code, Digits{}),
  field("time", &TimeSync::time, Time{}))
CT_YKC16_LAYOUT(BillingModelSetResponse,
  field("pileCode", &BillingModelSetResponse::pile_code, Digits{}),
  field("result", &BillingModelSetResponse::result, Code{}))
template <>
struct Layout<BillingModelSet> : Layout<BillingModel> {};

// ---- parking lock ----
CT_YKC16_LAYOUT(ParkingLockStatus,
  field("pileCode", &ParkingLockStatus::pile_code, Digits{}),
  field("gun", &ParkingLockStatus::gun, kByte),
  field("lockState", &ParkingLockStatus::lock_state, Code{}),
  field("bayState", &ParkingLockStatus::bay_state, Code{}),
  field("battery", &ParkingLockStatus::battery_pct, Uint<1>{unit::kPercent}),
  field("alarm", &ParkingLockStatus::alarm, Code{}),
  field("reserved", &ParkingLockStatus::reserved, Raw{}))
CT_YKC16_LAYOUT(ParkingLockCommand,
  field("pileCode", &ParkingLockCommand::pile_code, Digits{}),
  field("gun", &ParkingLockCommand::gun, kByte),
  field("action", &ParkingLockCommand::action, Code{}),
  field("reserved", &ParkingLockCommand::reserved, Raw{}))
CT_YKC16_LAYOUT(ParkingLockResponse,
  field("pileCode", &ParkingLockResponse::pile_code, Digits{}),
  field("gun", &ParkingLockResponse::gun, kByte),
  field("result", &ParkingLockResponse::result, Code{}),
  field("reserved", &ParkingLockResponse::reserved, Raw{}))

// ---- remote maintenance ----
CT_YKC16_LAYOUT(RebootResponse,
  field("pileCode", &RebootResponse::pile_code, Digits{}),
  field("result", &RebootResponse::result, Code{}))
CT_YKC16_LAYOUT(Reboot,
  field("pileCode", &Reboot::pile_code, Digits{}),
  field("when", &Reboot::when, Code{}))
CT_YKC16_LAYOUT(FirmwareUpdateResponse,
  field("pileCode", &FirmwareUpdateResponse::pile_code, Digits{}),
  field("status", &FirmwareUpdateResponse::status, Code{}))
CT_YKC16_LAYOUT(FirmwareUpdate,
  field("pileCode", &FirmwareUpdate::pile_code, Digits{}),
  field("pileModel", &FirmwareUpdate::pile_model, Code{}),
  field("pilePower", &FirmwareUpdate::pile_power_kw, Uint<2>{unit::kKilowatt}),
  field("serverAddress", &FirmwareUpdate::server_address, Text<16>{}),
  field("port", &FirmwareUpdate::port, Uint<2>{}),
  field("user", &FirmwareUpdate::user, Text<16>{}),
  field("password", &FirmwareUpdate::password, Text<16>{}),
  field("filePath", &FirmwareUpdate::file_path, Text<32>{}),
  field("when", &FirmwareUpdate::when, Code{}),
  field("downloadTimeout", &FirmwareUpdate::download_timeout_min, Uint<1>{unit::kMinutes}))

// ---- parallel charging ----
CT_YKC16_LAYOUT(ParallelStartRequest,
  field("pileCode", &ParallelStartRequest::pile_code, Digits{}),
  field("gun", &ParallelStartRequest::gun, BcdNumber{}),
  field("startMode", &ParallelStartRequest::start_mode, Code{}),
  field("passwordRequired", &ParallelStartRequest::password_required, Code{}),
  field("card", &ParallelStartRequest::card, Raw{}),
  field("passwordMd5", &ParallelStartRequest::password_md5, Raw{}),
  field("vin", &ParallelStartRequest::vin, Text<17>{true}),
  field("role", &ParallelStartRequest::role, Code{}),
  field("parallelId", &ParallelStartRequest::parallel_id, Digits{}))
CT_YKC16_LAYOUT(ParallelStartAuthorization,
  field("serial", &ParallelStartAuthorization::serial, Digits{}),
  field("pileCode", &ParallelStartAuthorization::pile_code, Digits{}),
  field("gun", &ParallelStartAuthorization::gun, BcdNumber{}),
  field("logicalCard", &ParallelStartAuthorization::logical_card, Digits{}),
  field("balance", &ParallelStartAuthorization::balance_e2_yuan, kBalance),
  field("result", &ParallelStartAuthorization::result, Code{}),
  field("reason", &ParallelStartAuthorization::reason, Code{}),
  field("parallelId", &ParallelStartAuthorization::parallel_id, Digits{}))
CT_YKC16_LAYOUT(ParallelRemoteStartResponse,
  field("serial", &ParallelRemoteStartResponse::serial, Digits{}),
  field("pileCode", &ParallelRemoteStartResponse::pile_code, Digits{}),
  field("gun", &ParallelRemoteStartResponse::gun, BcdNumber{}),
  field("result", &ParallelRemoteStartResponse::result, Code{}),
  field("reason", &ParallelRemoteStartResponse::reason, Code{}),
  field("role", &ParallelRemoteStartResponse::role, Code{}),
  field("parallelId", &ParallelRemoteStartResponse::parallel_id, Digits{}))
CT_YKC16_LAYOUT(ParallelRemoteStart,
  field("serial", &ParallelRemoteStart::serial, Digits{}),
  field("pileCode", &ParallelRemoteStart::pile_code, Digits{}),
  field("gun", &ParallelRemoteStart::gun, BcdNumber{}),
  field("logicalCard", &ParallelRemoteStart::logical_card, Digits{}),
  field("physicalCard", &ParallelRemoteStart::physical_card, Raw{}),
  field("balance", &ParallelRemoteStart::balance_e2_yuan, kBalance),
  field("parallelId", &ParallelRemoteStart::parallel_id, Digits{}))

// clang-format on
#undef CT_YKC16_LAYOUT

}  // namespace ct::ykc16::layout
