// Typed YKC 1.6 messages: one plain struct per frame type (51 types, both directions), the
// shared value types, MessageTraits<T> and the Message variant.
//
// Conventions
//  * Members follow the wire order of the vendor tables. Integers are the wire integers
//    (little-endian BIN) in the wire's own resolution, and the member name says the unit:
//      _dv 0.1 V, _cv 0.01 V, _da 0.1 A, _dah 0.1 Ah, _e1_kwh 0.1 kWh, _e4_kwh 0.0001 kWh
//      (= 0.1 Wh), _e2_yuan 0.01 yuan, _e4_yuan 0.0001 yuan, _e5_yuan 0.00001 yuan (per kWh
//      for prices), _pct %, _permille 0.1 %, _min minutes, _c degrees Celsius, _kw kW.
//    Fields with a wire offset hold the real value: temperatures have the -50 degC offset
//    removed, BMS currents the -400 A offset (so charging current reads negative, as in
//    GB/T 27930), probe and cell numbers their +1 offset, battery year its 1985 offset.
//    units.hpp converts to the project's units (Wh, W ...).
//  * Identifiers are BcdDigits (bcd.hpp); 8-byte card numbers, ICCIDs and other opaque codes
//    are the raw bytes (their byte order differs between implementations, so they are kept
//    and echoed, not interpreted). Gun numbers are the number (BCD 0x12 -> 12, except in the
//    parking-lock frames 0x61-0x63 where the field is BIN).
//  * ASCII fields are std::string without the zero padding (at most the field size, no
//    trailing NUL). VINs are in reading order: 0x31/0xA1 send them reversed, the codec
//    turns them around.
//  * Times are Cp56Time2a: the pile's local civil time (cp56time2a.hpp converts).
//  * Code fields are enums from enums.hpp; codes the table does not know are kept.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "protocol/ykc16/bcd.hpp"
#include "protocol/ykc16/cp56time2a.hpp"
#include "protocol/ykc16/enums.hpp"

namespace ct::ykc16 {

#define CT_YKC16_EQ(T) bool operator==(const T&) const = default

template <std::size_t N>
using Bytes = std::array<std::uint8_t, N>;

// 物理卡号 (M1 card UID, zero-padded) or account number: 8 raw bytes.
using PhysicalCardNo = Bytes<8>;

// ---- billing model (0x0A, 0x58) -------------------------------------------------------

inline constexpr std::size_t kSlotsPerDay = 48;  // half-hour slots, slot 0 = 00:00-00:30

struct PeriodRate {
  std::uint32_t electricity_e5_yuan = 0;  // 电费费率, yuan/kWh x 1e5
  std::uint32_t service_e5_yuan = 0;      // 服务费费率, yuan/kWh x 1e5
  CT_YKC16_EQ(PeriodRate);
};

// The tariff a pile applies (计费模型): a rate pair for each of the four periods
// 尖/峰/平/谷 (sharp/peak/flat/valley) and the period of each half hour of the day.
// tariff.hpp builds the slots from time ranges.
struct BillingModel {
  PileCode pile_code;
  BillingModelNo model_no;
  PeriodRate sharp;
  PeriodRate peak;
  PeriodRate flat;
  PeriodRate valley;
  // 计损比例: added to metered energy for the "loss-adjusted" energies. The scale is not
  // defined and the platform asks for 0.
  std::uint8_t loss_ratio = 0;
  std::array<TariffPeriod, kSlotsPerDay> slots{};

  // The rate pair of a period; nullptr for a code outside 0..3.
  const PeriodRate* rate(TariffPeriod period) const noexcept;
  PeriodRate* rate(TariffPeriod period) noexcept;
  CT_YKC16_EQ(BillingModel);
};

// ---- shared value types ---------------------------------------------------------------

// One period's line of a transaction record (0x3B).
struct PeriodUsage {
  std::uint32_t price_e5_yuan = 0;  // electricity + service rate of the period, per kWh
  std::uint32_t energy_e4_kwh = 0;
  std::uint32_t loss_energy_e4_kwh = 0;  // loss-adjusted (计损) energy
  std::uint32_t amount_e4_yuan = 0;
  CT_YKC16_EQ(PeriodUsage);
};

// 0x23 最高单体动力蓄电池电压及组号: bits 1-12 voltage (0.01 V), bits 13-16 group.
struct CellVoltage {
  std::uint16_t voltage_cv = 0;  // 0..4095
  std::uint8_t group = 0;        // 0..15
  CT_YKC16_EQ(CellVoltage);
};

struct OfflineCard {
  LogicalCardNo logical_card;
  PhysicalCardNo physical_card{};
  CT_YKC16_EQ(OfflineCard);
};

struct CardClearResult {
  PhysicalCardNo physical_card{};
  SuccessFlag result{};
  CardClearFailureReason reason{};
  CT_YKC16_EQ(CardClearResult);
};

struct CardQueryResult {
  PhysicalCardNo physical_card{};
  CardPresence presence{};
  CT_YKC16_EQ(CardQueryResult);
};

// ---- registration and heartbeat (vendor section 6) ------------------------------------

struct Login {  // 0x01
  PileCode pile_code;
  PileType pile_type{};
  std::uint8_t gun_count = 0;
  std::uint8_t protocol_version = 0;  // version x 10: 0x10 = V1.6
  std::string program_version;        // ASCII 8
  NetworkType network_type{};
  Bytes<10> iccid{};  // "BCD" in the table, but real SIMs carry hex digits
  Carrier carrier{};
  CT_YKC16_EQ(Login);
};

struct LoginResponse {  // 0x02
  PileCode pile_code;
  LoginResult result{};
  CT_YKC16_EQ(LoginResponse);
};

struct Heartbeat {  // 0x03, every 10 s per gun
  PileCode pile_code;
  std::uint8_t gun = 0;
  GunState gun_state{};
  CT_YKC16_EQ(Heartbeat);
};

struct HeartbeatResponse {  // 0x04
  PileCode pile_code;
  std::uint8_t gun = 0;
  std::uint8_t reply = 0;  // always 0
  CT_YKC16_EQ(HeartbeatResponse);
};

struct BillingModelCheck {  // 0x05
  PileCode pile_code;
  BillingModelNo model_no;  // "0000" on the first connection
  CT_YKC16_EQ(BillingModelCheck);
};

struct BillingModelCheckResponse {  // 0x06
  PileCode pile_code;
  BillingModelNo model_no;
  ModelCheckResult result{};
  CT_YKC16_EQ(BillingModelCheckResponse);
};

struct BillingModelRequest {  // 0x09
  PileCode pile_code;
  CT_YKC16_EQ(BillingModelRequest);
};

struct BillingModelResponse : BillingModel {  // 0x0A, answer to 0x09
  CT_YKC16_EQ(BillingModelResponse);
};

// ---- real-time and BMS data (vendor section 7) ----------------------------------------

struct RealtimeDataRequest {  // 0x12
  PileCode pile_code;
  std::uint8_t gun = 0;
  CT_YKC16_EQ(RealtimeDataRequest);
};

struct RealtimeData {        // 0x13: every 5 min idle, 15 s charging, on change, on 0x12
  TransactionSerial serial;  // all zeros when idle
  PileCode pile_code;
  std::uint8_t gun = 0;
  GunStatus status{};
  GunHomed homed{};
  PlugState plugged{};
  std::uint16_t output_voltage_dv = 0;
  std::uint16_t output_current_da = 0;
  std::int16_t gun_temperature_c = 0;
  Bytes<8> gun_cable_code{};
  std::uint8_t soc_pct = 0;
  std::int16_t battery_max_temperature_c = 0;
  std::uint16_t charging_time_min = 0;
  std::uint16_t remaining_time_min = 0;
  std::uint32_t energy_e4_kwh = 0;
  std::uint32_t loss_energy_e4_kwh = 0;
  std::uint32_t amount_e4_yuan = 0;   // (electricity + service rate) x loss-adjusted energy
  std::uint16_t hardware_faults = 0;  // flags::kHardwareFaults
  CT_YKC16_EQ(RealtimeData);
};

struct BmsHandshake {  // 0x15, GB/T BRM
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  Bytes<3> bms_protocol_version{};
  BatteryType battery_type{};
  std::uint16_t rated_capacity_dah = 0;
  std::uint16_t rated_voltage_dv = 0;
  std::string manufacturer;  // ASCII 4
  Bytes<4> pack_serial{};
  std::int16_t production_year = 1985;  // 1985 + wire value
  std::uint8_t production_month = 0;
  std::uint8_t production_day = 0;
  std::uint32_t charge_count = 0;  // 3 bytes
  BatteryOwnership ownership{};
  std::uint8_t reserved = 0;
  std::string vin;  // 17, reading order
  Bytes<8> bms_software_version{};
  CT_YKC16_EQ(BmsHandshake);
};

struct BmsParameters {  // 0x17, GB/T BCP + CML
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  std::uint16_t max_cell_voltage_cv = 0;
  std::int32_t max_current_da = 0;
  std::uint16_t nominal_energy_e1_kwh = 0;
  std::uint16_t max_voltage_dv = 0;
  std::int16_t max_temperature_c = 0;
  std::uint16_t soc_permille = 0;
  std::uint16_t battery_voltage_dv = 0;
  std::uint16_t charger_max_voltage_dv = 0;
  std::uint16_t charger_min_voltage_dv = 0;
  std::int32_t charger_max_current_da = 0;
  std::int32_t charger_min_current_da = 0;
  CT_YKC16_EQ(BmsParameters);
};

struct ChargeEnd {  // 0x19, GB/T BSD + CSD
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  std::uint8_t final_soc_pct = 0;
  std::uint16_t min_cell_voltage_cv = 0;
  std::uint16_t max_cell_voltage_cv = 0;
  std::int16_t min_temperature_c = 0;
  std::int16_t max_temperature_c = 0;
  std::uint16_t charging_time_min = 0;
  std::uint16_t energy_e1_kwh = 0;
  std::uint32_t charger_number = 0;
  CT_YKC16_EQ(ChargeEnd);
};

struct BmsError {  // 0x1B, GB/T BEM (bytes 0-3) + CEM (bytes 4-7)
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  std::uint32_t bms_errors = 0;      // flags::kBmsErrors
  std::uint32_t charger_errors = 0;  // flags::kChargerErrors
  CT_YKC16_EQ(BmsError);
};

struct BmsStop {  // 0x1D, GB/T BST
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  std::uint8_t reasons = 0;  // flags::kBmsStopReasons
  std::uint16_t faults = 0;  // flags::kBmsStopFaults
  std::uint8_t errors = 0;   // flags::kBmsStopErrors
  CT_YKC16_EQ(BmsStop);
};

struct ChargerStop {  // 0x21, GB/T CST
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  std::uint8_t reasons = 0;  // flags::kChargerStopReasons
  std::uint16_t faults = 0;  // flags::kChargerStopFaults
  std::uint8_t errors = 0;   // flags::kChargerStopErrors
  CT_YKC16_EQ(ChargerStop);
};

struct BmsDemand {  // 0x23, GB/T BCL + BCS + CCS, every 15 s
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  std::uint16_t voltage_demand_dv = 0;
  std::int32_t current_demand_da = 0;
  ChargeMode charge_mode{};
  std::uint16_t measured_voltage_dv = 0;
  std::int32_t measured_current_da = 0;
  CellVoltage highest_cell;
  std::uint8_t soc_pct = 0;
  std::uint16_t remaining_time_min = 0;
  std::uint16_t output_voltage_dv = 0;
  std::int32_t output_current_da = 0;
  std::uint16_t charging_time_min = 0;
  CT_YKC16_EQ(BmsDemand);
};

struct BmsStatus {  // 0x25, GB/T BSM, every 15 s
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  std::uint16_t highest_cell_number = 1;  // 1..256
  std::int16_t max_temperature_c = 0;
  std::uint16_t max_temperature_probe = 1;  // 1..256
  std::int16_t min_temperature_c = 0;
  std::uint16_t min_temperature_probe = 1;  // 1..256
  std::uint16_t status = 0;                 // flags::kBmsStatus
  CT_YKC16_EQ(BmsStatus);
};

// ---- operation and transactions (vendor section 8) ------------------------------------

struct StartRequest {  // 0x31: card swipe or VIN at the pile
  PileCode pile_code;
  std::uint8_t gun = 0;
  StartMode start_mode{};
  PasswordRequired password_required{};
  PhysicalCardNo card{};     // account or physical card number
  Bytes<16> password_md5{};  // MD5 of the entered password
  std::string vin;           // reading order (reversed on the wire); empty unless VIN start
  CT_YKC16_EQ(StartRequest);
};

struct StartAuthorization {  // 0x32, answer to 0x31
  TransactionSerial serial;  // generated by the platform
  PileCode pile_code;
  std::uint8_t gun = 0;
  LogicalCardNo logical_card;
  std::uint32_t balance_e2_yuan = 0;
  SuccessFlag result{};
  AuthFailureReason reason{};
  CT_YKC16_EQ(StartAuthorization);
};

struct RemoteStartResponse {  // 0x33, answer to 0x34
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  SuccessFlag result{};
  StartFailureReason reason{};
  CT_YKC16_EQ(RemoteStartResponse);
};

struct RemoteStart {  // 0x34: app start
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  LogicalCardNo logical_card;
  PhysicalCardNo physical_card{};
  std::uint32_t balance_e2_yuan = 0;
  CT_YKC16_EQ(RemoteStart);
};

struct RemoteStopResponse {  // 0x35, answer to 0x36
  PileCode pile_code;
  std::uint8_t gun = 0;
  SuccessFlag result{};
  StopFailureReason reason{};
  CT_YKC16_EQ(RemoteStopResponse);
};

struct RemoteStop {  // 0x36
  PileCode pile_code;
  std::uint8_t gun = 0;
  CT_YKC16_EQ(RemoteStop);
};

struct TransactionRecord {  // 0x3B: the bill, within 30 s of the end of every started session
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  Cp56Time2a start_time;
  Cp56Time2a end_time;
  PeriodUsage sharp;
  PeriodUsage peak;
  PeriodUsage flat;
  PeriodUsage valley;
  std::uint64_t meter_start_e4_kwh = 0;  // 5 bytes
  std::uint64_t meter_end_e4_kwh = 0;    // 5 bytes
  std::uint32_t energy_e4_kwh = 0;
  std::uint32_t loss_energy_e4_kwh = 0;
  std::uint32_t amount_e4_yuan = 0;
  std::string vin;  // reading order (not reversed in this frame)
  TradeType trade_type{};
  Cp56Time2a trade_time;
  StopReason stop_reason{};
  PhysicalCardNo physical_card{};
  CT_YKC16_EQ(TransactionRecord);
};

struct TransactionRecordAck {  // 0x40: receipt only, not settlement
  TransactionSerial serial;
  RecordAckResult result{};
  CT_YKC16_EQ(TransactionRecordAck);
};

struct BalanceUpdateResponse {  // 0x41
  PileCode pile_code;
  PhysicalCardNo physical_card{};
  BalanceUpdateResult result{};
  CT_YKC16_EQ(BalanceUpdateResponse);
};

struct BalanceUpdate {  // 0x42
  PileCode pile_code;
  std::uint8_t gun = 0;
  PhysicalCardNo physical_card{};  // zero = whoever is charging
  std::uint32_t balance_e2_yuan = 0;
  CT_YKC16_EQ(BalanceUpdate);
};

struct OfflineCardSyncResponse {  // 0x43
  PileCode pile_code;
  SuccessFlag result{};
  CardSyncFailureReason reason{};
  CT_YKC16_EQ(OfflineCardSyncResponse);
};

inline constexpr std::size_t kMaxSyncCards = 15;  // vendor limits per frame
inline constexpr std::size_t kMaxClearCards = 24;
inline constexpr std::size_t kMaxQueryCards = 26;

struct OfflineCardSync {  // 0x44: count byte + cards
  PileCode pile_code;
  std::vector<OfflineCard> cards;
  CT_YKC16_EQ(OfflineCardSync);
};

struct OfflineCardClearResponse {  // 0x45: one entry per card, no count byte
  PileCode pile_code;
  std::vector<CardClearResult> results;
  CT_YKC16_EQ(OfflineCardClearResponse);
};

struct OfflineCardClear {  // 0x46: count byte + physical card numbers
  PileCode pile_code;
  std::vector<PhysicalCardNo> cards;
  CT_YKC16_EQ(OfflineCardClear);
};

struct OfflineCardQueryResponse {  // 0x47: one entry per card, no count byte
  PileCode pile_code;
  std::vector<CardQueryResult> results;
  CT_YKC16_EQ(OfflineCardQueryResponse);
};

struct OfflineCardQuery {  // 0x48: count byte + physical card numbers
  PileCode pile_code;
  std::vector<PhysicalCardNo> cards;
  CT_YKC16_EQ(OfflineCardQuery);
};

// ---- platform settings (vendor section 9) ---------------------------------------------

struct WorkParametersResponse {  // 0x51
  PileCode pile_code;
  SuccessFlag result{};
  CT_YKC16_EQ(WorkParametersResponse);
};

struct WorkParameters {  // 0x52
  PileCode pile_code;
  WorkMode mode{};
  std::uint8_t max_power_pct = 0;  // 30..100
  CT_YKC16_EQ(WorkParameters);
};

struct TimeSyncResponse {  // 0x55
  PileCode pile_code;
  Cp56Time2a time;
  CT_YKC16_EQ(TimeSyncResponse);
};

struct TimeSync {  // 0x56
  PileCode pile_code;
  Cp56Time2a time;
  CT_YKC16_EQ(TimeSync);
};

struct BillingModelSetResponse {  // 0x57
  PileCode pile_code;
  SuccessFlag result{};
  CT_YKC16_EQ(BillingModelSetResponse);
};

struct BillingModelSet : BillingModel {  // 0x58, pushed by the platform (while idle)
  CT_YKC16_EQ(BillingModelSet);
};

// ---- parking lock (vendor section 10) -------------------------------------------------

struct ParkingLockStatus {  // 0x61
  PileCode pile_code;
  std::uint8_t gun = 0;  // BIN here
  LockState lock_state{};
  BayState bay_state{};
  std::uint8_t battery_pct = 0;
  LockAlarm alarm{};
  Bytes<4> reserved{};
  CT_YKC16_EQ(ParkingLockStatus);
};

struct ParkingLockCommand {  // 0x62
  PileCode pile_code;
  std::uint8_t gun = 0;  // BIN here
  LockAction action{};
  Bytes<4> reserved{};
  CT_YKC16_EQ(ParkingLockCommand);
};

struct ParkingLockResponse {  // 0x63
  PileCode pile_code;
  std::uint8_t gun = 0;  // BIN here
  SuccessFlag result{};
  Bytes<4> reserved{};
  CT_YKC16_EQ(ParkingLockResponse);
};

// ---- remote maintenance (vendor section 11) -------------------------------------------

struct RebootResponse {  // 0x91
  PileCode pile_code;
  SuccessFlag result{};
  CT_YKC16_EQ(RebootResponse);
};

struct Reboot {  // 0x92
  PileCode pile_code;
  ExecuteWhen when{};
  CT_YKC16_EQ(Reboot);
};

struct FirmwareUpdateResponse {  // 0x93
  PileCode pile_code;
  UpdateStatus status{};
  CT_YKC16_EQ(FirmwareUpdateResponse);
};

struct FirmwareUpdate {  // 0x94: the pile fetches the image over FTP
  PileCode pile_code;
  PileModel pile_model{};
  std::uint16_t pile_power_kw = 0;
  std::string server_address;  // ASCII 16
  std::uint16_t port = 0;
  std::string user;       // ASCII 16
  std::string password;   // ASCII 16
  std::string file_path;  // ASCII 32
  ExecuteWhen when{};
  std::uint8_t download_timeout_min = 0;
  CT_YKC16_EQ(FirmwareUpdate);
};

// ---- parallel charging, new in 1.6 (vendor section 12) --------------------------------

struct ParallelStartRequest {  // 0xA1: 0x31 + role + parallel id, one per gun
  PileCode pile_code;
  std::uint8_t gun = 0;
  StartMode start_mode{};
  PasswordRequired password_required{};
  PhysicalCardNo card{};
  Bytes<16> password_md5{};
  std::string vin;  // reading order (reversed on the wire)
  GunRole role{};
  ParallelChargeId parallel_id;  // generated by the pile
  CT_YKC16_EQ(ParallelStartRequest);
};

struct ParallelStartAuthorization {  // 0xA2: 0x32 + parallel id
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  LogicalCardNo logical_card;
  std::uint32_t balance_e2_yuan = 0;
  SuccessFlag result{};
  AuthFailureReason reason{};
  ParallelChargeId parallel_id;
  CT_YKC16_EQ(ParallelStartAuthorization);
};

struct ParallelRemoteStartResponse {  // 0xA3: 0x33 + role + parallel id
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  SuccessFlag result{};
  StartFailureReason reason{};
  GunRole role{};
  ParallelChargeId parallel_id;
  CT_YKC16_EQ(ParallelRemoteStartResponse);
};

struct ParallelRemoteStart {  // 0xA4: 0x34 + parallel id (generated by the platform)
  TransactionSerial serial;
  PileCode pile_code;
  std::uint8_t gun = 0;
  LogicalCardNo logical_card;
  PhysicalCardNo physical_card{};
  std::uint32_t balance_e2_yuan = 0;
  ParallelChargeId parallel_id;
  CT_YKC16_EQ(ParallelRemoteStart);
};

#undef CT_YKC16_EQ

// ---- catalogue ------------------------------------------------------------------------

enum class Direction : std::uint8_t { PileToPlatform, PlatformToPile };

// X(code, struct, direction, body bytes (fixed part for lists), bytes per list item,
//   Chinese name as in the vendor text, English name)
// clang-format off
#define CT_YKC16_MESSAGES(X) \
  X(0x01, Login, PileToPlatform, 30, 0, "充电桩登录认证", "Login") \
  X(0x02, LoginResponse, PlatformToPile, 8, 0, "登录认证应答", "Login response") \
  X(0x03, Heartbeat, PileToPlatform, 9, 0, "充电桩心跳包", "Heartbeat") \
  X(0x04, HeartbeatResponse, PlatformToPile, 9, 0, "心跳包应答", "Heartbeat response") \
  X(0x05, BillingModelCheck, PileToPlatform, 9, 0, "计费模型验证请求", "Billing-model check") \
  X(0x06, BillingModelCheckResponse, PlatformToPile, 10, 0, "计费模型验证请求应答", "Billing-model check result") \
  X(0x09, BillingModelRequest, PileToPlatform, 7, 0, "充电桩计费模型请求", "Billing-model request") \
  X(0x0A, BillingModelResponse, PlatformToPile, 90, 0, "计费模型请求应答", "Billing model") \
  X(0x12, RealtimeDataRequest, PlatformToPile, 8, 0, "读取实时监测数据", "Real-time data request") \
  X(0x13, RealtimeData, PileToPlatform, 60, 0, "上传实时监测数据", "Real-time data") \
  X(0x15, BmsHandshake, PileToPlatform, 73, 0, "充电握手", "BMS handshake") \
  X(0x17, BmsParameters, PileToPlatform, 45, 0, "参数配置", "BMS parameters") \
  X(0x19, ChargeEnd, PileToPlatform, 39, 0, "充电结束", "Charge end statistics") \
  X(0x1B, BmsError, PileToPlatform, 32, 0, "错误报文", "BMS / charger error") \
  X(0x1D, BmsStop, PileToPlatform, 28, 0, "充电阶段BMS中止", "BMS-initiated stop") \
  X(0x21, ChargerStop, PileToPlatform, 28, 0, "充电阶段充电机中止", "Charger-initiated stop") \
  X(0x23, BmsDemand, PileToPlatform, 44, 0, "充电过程BMS需求、充电机输出", "BMS demand and charger output") \
  X(0x25, BmsStatus, PileToPlatform, 31, 0, "充电过程BMS信息", "BMS status") \
  X(0x31, StartRequest, PileToPlatform, 51, 0, "充电桩主动申请启动充电", "Start request (card / VIN)") \
  X(0x32, StartAuthorization, PlatformToPile, 38, 0, "运营平台确认启动充电", "Start authorisation") \
  X(0x33, RemoteStartResponse, PileToPlatform, 26, 0, "远程启机命令回复", "Remote-start response") \
  X(0x34, RemoteStart, PlatformToPile, 44, 0, "运营平台远程控制启机", "Remote start") \
  X(0x35, RemoteStopResponse, PileToPlatform, 10, 0, "远程停机命令回复", "Remote-stop response") \
  X(0x36, RemoteStop, PlatformToPile, 8, 0, "运营平台远程停机", "Remote stop") \
  X(0x3B, TransactionRecord, PileToPlatform, 158, 0, "交易记录", "Transaction record") \
  X(0x40, TransactionRecordAck, PlatformToPile, 17, 0, "交易记录确认", "Transaction record ack") \
  X(0x41, BalanceUpdateResponse, PileToPlatform, 16, 0, "余额更新应答", "Balance-update response") \
  X(0x42, BalanceUpdate, PlatformToPile, 20, 0, "远程账户余额更新", "Balance update") \
  X(0x43, OfflineCardSyncResponse, PileToPlatform, 9, 0, "离线卡数据同步应答", "Offline-card sync response") \
  X(0x44, OfflineCardSync, PlatformToPile, 8, 16, "离线卡数据同步", "Offline-card sync") \
  X(0x45, OfflineCardClearResponse, PileToPlatform, 7, 10, "离线卡数据清除应答", "Offline-card clear response") \
  X(0x46, OfflineCardClear, PlatformToPile, 8, 8, "离线卡数据清除", "Offline-card clear") \
  X(0x47, OfflineCardQueryResponse, PileToPlatform, 7, 9, "离线卡数据查询应答", "Offline-card query response") \
  X(0x48, OfflineCardQuery, PlatformToPile, 8, 8, "离线卡数据查询", "Offline-card query") \
  X(0x51, WorkParametersResponse, PileToPlatform, 8, 0, "充电桩工作参数设置应答", "Work-parameter response") \
  X(0x52, WorkParameters, PlatformToPile, 9, 0, "充电桩工作参数设置", "Work parameters") \
  X(0x55, TimeSyncResponse, PileToPlatform, 14, 0, "对时设置应答", "Time-sync response") \
  X(0x56, TimeSync, PlatformToPile, 14, 0, "对时设置", "Time sync") \
  X(0x57, BillingModelSetResponse, PileToPlatform, 8, 0, "计费模型应答", "Billing-model set response") \
  X(0x58, BillingModelSet, PlatformToPile, 90, 0, "计费模型设置", "Billing-model set") \
  X(0x61, ParkingLockStatus, PileToPlatform, 16, 0, "地锁数据上送", "Parking-lock status") \
  X(0x62, ParkingLockCommand, PlatformToPile, 13, 0, "遥控地锁升锁与降锁命令", "Parking-lock command") \
  X(0x63, ParkingLockResponse, PileToPlatform, 13, 0, "充电桩返回数据", "Parking-lock response") \
  X(0x91, RebootResponse, PileToPlatform, 8, 0, "远程重启应答", "Reboot response") \
  X(0x92, Reboot, PlatformToPile, 8, 0, "远程重启", "Remote reboot") \
  X(0x93, FirmwareUpdateResponse, PileToPlatform, 8, 0, "远程更新应答", "Firmware-update response") \
  X(0x94, FirmwareUpdate, PlatformToPile, 94, 0, "远程更新", "Firmware update") \
  X(0xA1, ParallelStartRequest, PileToPlatform, 58, 0, "充电桩主动申请并充充电", "Parallel start request") \
  X(0xA2, ParallelStartAuthorization, PlatformToPile, 44, 0, "运营平台确认并充启动充电", "Parallel start authorisation") \
  X(0xA3, ParallelRemoteStartResponse, PileToPlatform, 33, 0, "远程并充启机命令回复", "Parallel remote-start response") \
  X(0xA4, ParallelRemoteStart, PlatformToPile, 50, 0, "运营平台远程控制并充启机", "Parallel remote start")
// clang-format on

inline constexpr std::size_t kMessageTypeCount = 51;

// Frame type codes, named after the structs.
enum class FrameType : std::uint8_t {
#define CT_YKC16_FRAME_TYPE(code, T, dir, size, item, zh, en) T = code,
  CT_YKC16_MESSAGES(CT_YKC16_FRAME_TYPE)
#undef CT_YKC16_FRAME_TYPE
};

template <class T>
struct MessageTraits;
#define CT_YKC16_TRAITS(code, T, dir, size, item, zh, en)  \
  template <>                                              \
  struct MessageTraits<T> {                                \
    static constexpr std::uint8_t type = code;             \
    static constexpr Direction direction = Direction::dir; \
    static constexpr std::size_t body_size = size;         \
    static constexpr std::size_t item_size = item;         \
  };
CT_YKC16_MESSAGES(CT_YKC16_TRAITS)
#undef CT_YKC16_TRAITS

// Every message, in catalogue order (the order of CT_YKC16_MESSAGES).
using Message = std::variant<
    Login, LoginResponse, Heartbeat, HeartbeatResponse, BillingModelCheck,
    BillingModelCheckResponse, BillingModelRequest, BillingModelResponse, RealtimeDataRequest,
    RealtimeData, BmsHandshake, BmsParameters, ChargeEnd, BmsError, BmsStop, ChargerStop, BmsDemand,
    BmsStatus, StartRequest, StartAuthorization, RemoteStartResponse, RemoteStart,
    RemoteStopResponse, RemoteStop, TransactionRecord, TransactionRecordAck, BalanceUpdateResponse,
    BalanceUpdate, OfflineCardSyncResponse, OfflineCardSync, OfflineCardClearResponse,
    OfflineCardClear, OfflineCardQueryResponse, OfflineCardQuery, WorkParametersResponse,
    WorkParameters, TimeSyncResponse, TimeSync, BillingModelSetResponse, BillingModelSet,
    ParkingLockStatus, ParkingLockCommand, ParkingLockResponse, RebootResponse, Reboot,
    FirmwareUpdateResponse, FirmwareUpdate, ParallelStartRequest, ParallelStartAuthorization,
    ParallelRemoteStartResponse, ParallelRemoteStart>;
static_assert(std::variant_size_v<Message> == kMessageTypeCount);

// The frame type code of the message held.
std::uint8_t type_of(const Message& message) noexcept;

}  // namespace ct::ykc16
