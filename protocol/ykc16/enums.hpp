// One-byte code fields of YKC 1.6. Every enum has std::uint8_t as its underlying type and
// decoders never reject a code: a value missing from the table below (a vendor extension, a
// newer platform) is kept as is, reported as unknown when displayed and sent back unchanged.
// Note the polarity of results differs per message (0x02/0x06/0x40/0x41/0x93 use 0 = OK,
// others 1 = OK); each message has its own enum so that the type says which.
//
// For each enum E:
//   std::string_view to_string(E)                 -> display name, "" for an unknown code
//   template<> std::span<const EnumEntry> enum_entries<E>() -> the known codes in table order
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace ct::ykc16 {

struct EnumEntry {
  std::uint8_t value;
  std::string_view name;
};

template <class E>
std::span<const EnumEntry> enum_entries() noexcept;

// clang-format off
#define CT_YKC16_ENUM_PileType(X) X(Dc, 0x00, "dc") X(Ac, 0x01, "ac")
#define CT_YKC16_ENUM_NetworkType(X) \
  X(Sim, 0x00, "sim") X(Lan, 0x01, "lan") X(Wan, 0x02, "wan") X(Other, 0x03, "other")
#define CT_YKC16_ENUM_Carrier(X) \
  X(ChinaMobile, 0x00, "china_mobile") X(ChinaTelecom, 0x02, "china_telecom") \
  X(ChinaUnicom, 0x03, "china_unicom") X(Other, 0x04, "other")
#define CT_YKC16_ENUM_LoginResult(X) X(Success, 0x00, "success") X(Failure, 0x01, "failure")
#define CT_YKC16_ENUM_GunState(X) X(Normal, 0x00, "normal") X(Fault, 0x01, "fault")
#define CT_YKC16_ENUM_ModelCheckResult(X) X(Same, 0x00, "same") X(Different, 0x01, "different")
#define CT_YKC16_ENUM_TariffPeriod(X) \
  X(Sharp, 0x00, "sharp") X(Peak, 0x01, "peak") X(Flat, 0x02, "flat") X(Valley, 0x03, "valley")
#define CT_YKC16_ENUM_GunStatus(X) \
  X(Offline, 0x00, "offline") X(Fault, 0x01, "fault") X(Idle, 0x02, "idle") \
  X(Charging, 0x03, "charging")
#define CT_YKC16_ENUM_GunHomed(X) \
  X(No, 0x00, "not_homed") X(Yes, 0x01, "homed") X(Unknown, 0x02, "unknown")
#define CT_YKC16_ENUM_PlugState(X) X(Unplugged, 0x00, "unplugged") X(Plugged, 0x01, "plugged")
#define CT_YKC16_ENUM_BatteryType(X) \
  X(LeadAcid, 0x01, "lead_acid") X(NickelMetalHydride, 0x02, "nickel_metal_hydride") \
  X(LithiumIronPhosphate, 0x03, "lithium_iron_phosphate") \
  X(LithiumManganeseOxide, 0x04, "lithium_manganese_oxide") \
  X(LithiumCobaltOxide, 0x05, "lithium_cobalt_oxide") X(Ternary, 0x06, "ternary") \
  X(LithiumPolymer, 0x07, "lithium_polymer") X(LithiumTitanate, 0x08, "lithium_titanate") \
  X(Other, 0xFF, "other")
#define CT_YKC16_ENUM_BatteryOwnership(X) X(Leased, 0x00, "leased") X(Owned, 0x01, "owned")
#define CT_YKC16_ENUM_ChargeMode(X) \
  X(ConstantVoltage, 0x01, "constant_voltage") X(ConstantCurrent, 0x02, "constant_current")
#define CT_YKC16_ENUM_StartMode(X) X(Card, 0x01, "card") X(Account, 0x02, "account") X(Vin, 0x03, "vin")
#define CT_YKC16_ENUM_PasswordRequired(X) X(No, 0x00, "no") X(Yes, 0x01, "yes")
#define CT_YKC16_ENUM_SuccessFlag(X) X(Failure, 0x00, "failure") X(Success, 0x01, "success")
#define CT_YKC16_ENUM_AuthFailureReason(X) \
  X(None, 0x00, "none") X(AccountNotFound, 0x01, "account_not_found") \
  X(AccountFrozen, 0x02, "account_frozen") X(InsufficientBalance, 0x03, "insufficient_balance") \
  X(CardHasUnsettledRecord, 0x04, "card_has_unsettled_record") \
  X(PileDisabled, 0x05, "pile_disabled") X(AccountNotAllowedHere, 0x06, "account_not_allowed_here") \
  X(WrongPassword, 0x07, "wrong_password") \
  X(StationCapacityInsufficient, 0x08, "station_capacity_insufficient") \
  X(VinNotRegistered, 0x09, "vin_not_registered") \
  X(PileHasUnsettledRecord, 0x0A, "pile_has_unsettled_record") \
  X(CardsNotSupported, 0x0B, "cards_not_supported")
#define CT_YKC16_ENUM_StartFailureReason(X) \
  X(None, 0x00, "none") X(PileCodeMismatch, 0x01, "pile_code_mismatch") \
  X(GunAlreadyCharging, 0x02, "gun_already_charging") X(DeviceFault, 0x03, "device_fault") \
  X(DeviceOffline, 0x04, "device_offline") X(GunNotPlugged, 0x05, "gun_not_plugged")
#define CT_YKC16_ENUM_StopFailureReason(X) \
  X(None, 0x00, "none") X(PileCodeMismatch, 0x01, "pile_code_mismatch") \
  X(GunNotCharging, 0x02, "gun_not_charging") X(Other, 0x03, "other")
#define CT_YKC16_ENUM_TradeType(X) \
  X(App, 0x01, "app") X(Card, 0x02, "card") X(OfflineCard, 0x04, "offline_card") X(Vin, 0x05, "vin")
#define CT_YKC16_ENUM_StopReason(X) \
  X(AppRemoteStop, 0x40, "app_remote_stop") X(SocFull, 0x41, "soc_full") \
  X(EnergyTargetReached, 0x42, "energy_target_reached") \
  X(AmountTargetReached, 0x43, "amount_target_reached") \
  X(TimeTargetReached, 0x44, "time_target_reached") X(ManualStop, 0x45, "manual_stop") \
  X(StartControlSystemFault, 0x4A, "start_failed_control_system_fault") \
  X(StartPilotLost, 0x4B, "start_failed_pilot_lost") \
  X(StartBreakerTripped, 0x4C, "start_failed_breaker_tripped") \
  X(StartMeterCommsLost, 0x4D, "start_failed_meter_comms_lost") \
  X(StartInsufficientBalance, 0x4E, "start_failed_insufficient_balance") \
  X(StartPowerModuleFault, 0x4F, "start_failed_power_module_fault") \
  X(StartEmergencyStop, 0x50, "start_failed_emergency_stop") \
  X(StartSurgeProtector, 0x51, "start_failed_surge_protector") \
  X(StartBmsNotReady, 0x52, "start_failed_bms_not_ready") \
  X(StartTemperature, 0x53, "start_failed_temperature") \
  X(StartBatteryReversed, 0x54, "start_failed_battery_reversed") \
  X(StartElectronicLock, 0x55, "start_failed_electronic_lock") \
  X(StartContactorClosing, 0x56, "start_failed_contactor_closing") \
  X(StartInsulation, 0x57, "start_failed_insulation") \
  X(StartBhmTimeout, 0x59, "start_failed_bhm_timeout") \
  X(StartBrmTimeout, 0x5A, "start_failed_brm_timeout") \
  X(StartBcpTimeout, 0x5B, "start_failed_bcp_timeout") \
  X(StartBroTimeout, 0x5C, "start_failed_bro_aa_timeout") \
  X(StartBcsTimeout, 0x5D, "start_failed_bcs_timeout") \
  X(StartBclTimeout, 0x5E, "start_failed_bcl_timeout") \
  X(StartBsmTimeout, 0x5F, "start_failed_bsm_timeout") \
  X(StartBatteryVoltageAtBhm, 0x60, "start_failed_battery_voltage_at_bhm") \
  X(StartBroBcpVoltageMismatch, 0x61, "start_failed_bro_bcp_voltage_mismatch") \
  X(StartBroDroppedInPrecharge, 0x62, "start_failed_bro_dropped_in_precharge") \
  X(StartHostConfigTimeout, 0x63, "start_failed_host_config_timeout") \
  X(StartChargerNotReady, 0x64, "start_failed_charger_not_ready") \
  X(AbnormalSystemLockout, 0x6A, "abnormal_system_lockout") \
  X(AbnormalPilotLost, 0x6B, "abnormal_pilot_lost") \
  X(AbnormalBreakerTripped, 0x6C, "abnormal_breaker_tripped") \
  X(AbnormalMeterCommsLost, 0x6D, "abnormal_meter_comms_lost") \
  X(AbnormalBalanceExhausted, 0x6E, "abnormal_balance_exhausted") \
  X(AbnormalAcProtection, 0x6F, "abnormal_ac_protection") \
  X(AbnormalDcProtection, 0x70, "abnormal_dc_protection") \
  X(AbnormalPowerModuleFault, 0x71, "abnormal_power_module_fault") \
  X(AbnormalEmergencyStop, 0x72, "abnormal_emergency_stop") \
  X(AbnormalSurgeProtector, 0x73, "abnormal_surge_protector") \
  X(AbnormalTemperature, 0x74, "abnormal_temperature") \
  X(AbnormalOutput, 0x75, "abnormal_output") X(AbnormalNoCurrent, 0x76, "abnormal_no_current") \
  X(AbnormalElectronicLock, 0x77, "abnormal_electronic_lock") \
  X(AbnormalTotalVoltage, 0x79, "abnormal_total_voltage") \
  X(AbnormalTotalCurrent, 0x7A, "abnormal_total_current") \
  X(AbnormalCellVoltage, 0x7B, "abnormal_cell_voltage") \
  X(AbnormalPackOverTemperature, 0x7C, "abnormal_pack_over_temperature") \
  X(AbnormalMaxCellVoltage, 0x7D, "abnormal_max_cell_voltage") \
  X(AbnormalMaxPackTemperature, 0x7E, "abnormal_max_pack_temperature") \
  X(AbnormalBmvCellVoltage, 0x7F, "abnormal_bmv_cell_voltage") \
  X(AbnormalBmtOverTemperature, 0x80, "abnormal_bmt_over_temperature") \
  X(AbnormalBatteryState, 0x81, "abnormal_battery_state") \
  X(AbnormalVehicleForbidsCharging, 0x82, "abnormal_vehicle_forbids_charging") \
  X(AbnormalPilePowerLost, 0x83, "abnormal_pile_power_lost") \
  X(AbnormalBcsTimeout, 0x84, "abnormal_bcs_timeout") \
  X(AbnormalBclTimeout, 0x85, "abnormal_bcl_timeout") \
  X(AbnormalBsmTimeout, 0x86, "abnormal_bsm_timeout") \
  X(AbnormalBstTimeout, 0x87, "abnormal_bst_timeout") \
  X(AbnormalBsdTimeout, 0x88, "abnormal_bsd_timeout") \
  X(AbnormalCcsTimeout, 0x89, "abnormal_ccs_timeout") \
  X(UnknownReason, 0x90, "unknown_reason")
#define CT_YKC16_ENUM_RecordAckResult(X) X(Accepted, 0x00, "accepted") X(IllegalBill, 0x01, "illegal_bill")
#define CT_YKC16_ENUM_BalanceUpdateResult(X) \
  X(Success, 0x00, "success") X(WrongPileCode, 0x01, "wrong_pile_code") X(WrongCard, 0x02, "wrong_card")
#define CT_YKC16_ENUM_CardSyncFailureReason(X) \
  X(None, 0x00, "none") X(BadCardFormat, 0x01, "bad_card_format") X(StorageFull, 0x02, "storage_full")
#define CT_YKC16_ENUM_CardClearFailureReason(X) X(None, 0x00, "none") X(BadCardFormat, 0x01, "bad_card_format")
#define CT_YKC16_ENUM_CardPresence(X) X(Absent, 0x00, "absent") X(Present, 0x01, "present")
#define CT_YKC16_ENUM_WorkMode(X) X(Enabled, 0x00, "enabled") X(Disabled, 0x01, "disabled")
#define CT_YKC16_ENUM_LockState(X) \
  X(NotInPosition, 0x00, "not_in_position") X(Raised, 0x55, "raised") X(Lowered, 0xFF, "lowered")
#define CT_YKC16_ENUM_BayState(X) X(Empty, 0x00, "empty") X(Occupied, 0xFF, "occupied")
#define CT_YKC16_ENUM_LockAlarm(X) \
  X(None, 0x00, "none") X(RaiseLowerFailed, 0x55, "raise_lower_failed") X(ArmDamaged, 0xFF, "arm_damaged")
#define CT_YKC16_ENUM_LockAction(X) X(Raise, 0x55, "raise") X(Lower, 0xFF, "lower")
#define CT_YKC16_ENUM_ExecuteWhen(X) X(Now, 0x01, "now") X(WhenIdle, 0x02, "when_idle")
#define CT_YKC16_ENUM_PileModel(X) X(Dc, 0x01, "dc") X(Ac, 0x02, "ac")
#define CT_YKC16_ENUM_UpdateStatus(X) \
  X(Success, 0x00, "success") X(WrongPileCode, 0x01, "wrong_pile_code") \
  X(ModelMismatch, 0x02, "model_mismatch") X(DownloadTimeout, 0x03, "download_timeout")
#define CT_YKC16_ENUM_GunRole(X) X(Master, 0x00, "master") X(Slave, 0x01, "slave")

#define CT_YKC16_ENUMS(X) \
  X(PileType) X(NetworkType) X(Carrier) X(LoginResult) X(GunState) X(ModelCheckResult) \
  X(TariffPeriod) X(GunStatus) X(GunHomed) X(PlugState) X(BatteryType) X(BatteryOwnership) \
  X(ChargeMode) X(StartMode) X(PasswordRequired) X(SuccessFlag) X(AuthFailureReason) \
  X(StartFailureReason) X(StopFailureReason) X(TradeType) X(StopReason) X(RecordAckResult) \
  X(BalanceUpdateResult) X(CardSyncFailureReason) X(CardClearFailureReason) X(CardPresence) \
  X(WorkMode) X(LockState) X(BayState) X(LockAlarm) X(LockAction) X(ExecuteWhen) X(PileModel) \
  X(UpdateStatus) X(GunRole)
// clang-format on

#define CT_YKC16_ENUM_MEMBER(id, value, name) id = value,
#define CT_YKC16_DECLARE_ENUM(Name)                                              \
  enum class Name : std::uint8_t { CT_YKC16_ENUM_##Name(CT_YKC16_ENUM_MEMBER) }; \
  std::string_view to_string(Name value) noexcept;                               \
  template <>                                                                    \
  std::span<const EnumEntry> enum_entries<Name>() noexcept;

CT_YKC16_ENUMS(CT_YKC16_DECLARE_ENUM)

#undef CT_YKC16_DECLARE_ENUM
#undef CT_YKC16_ENUM_MEMBER

template <class E>
struct is_code_enum : std::false_type {};
#define CT_YKC16_ENUM_TRAIT(Name) \
  template <>                     \
  struct is_code_enum<Name> : std::true_type {};
CT_YKC16_ENUMS(CT_YKC16_ENUM_TRAIT)
#undef CT_YKC16_ENUM_TRAIT

template <class E>
inline constexpr bool is_code_enum_v = is_code_enum<E>::value;

template <class E>
std::optional<E> enum_from_name(std::string_view name) noexcept {
  for (const EnumEntry& e : enum_entries<E>()) {
    if (e.name == name) return static_cast<E>(e.value);
  }
  return std::nullopt;
}

template <class E>
bool is_known(E value) noexcept {
  return !to_string(value).empty();
}

// Stop reasons come in ranges (vendor table 13.1); reserved codes inside a range still say
// how the session ended, which is what a CSMS maps to its own stop reason and order state.
enum class StopCategory : std::uint8_t {
  Finished,     // 0x40-0x49: charging completed normally
  StartFailed,  // 0x4A-0x69: the session never delivered energy
  Abnormal,     // 0x6A-0x8F: charging was interrupted by a fault
  Unknown,      // 0x90: the pile does not know
  Unlisted,     // any other code
};
StopCategory stop_category(StopReason reason) noexcept;
std::string_view to_string(StopCategory category) noexcept;

}  // namespace ct::ykc16
