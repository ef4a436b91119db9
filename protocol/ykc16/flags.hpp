// Bit-packed fields: the 0x13 hardware-fault bits and the GB/T 27930 two-bit status groups
// of 0x1B (BEM/CEM), 0x1D (BST), 0x21 (CST) and 0x25 (BSM). Messages keep the raw integer
// (little-endian, so "bit 1" of the vendor text is the least significant bit of the first
// byte); these tables name the groups inside it for display and for the server's mapping.
//
// The vendor text does not say in which order the two-bit groups sit inside a byte. The
// tables follow GB/T 27930, where the first-listed field occupies the lowest bits; the raw
// value is always kept, so a pile that packs them the other way loses nothing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ct::ykc16 {

struct BitGroup {
  constexpr BitGroup(std::string_view group_name, unsigned group_shift, unsigned group_width = 1,
                     std::array<std::string_view, 4> value_names = {},
                     bool show_always = false) noexcept
      : name(group_name),
        shift(static_cast<std::uint8_t>(group_shift)),
        width(static_cast<std::uint8_t>(group_width)),
        values(value_names),
        always(show_always) {}

  std::string_view name;
  std::uint8_t shift;
  std::uint8_t width;
  // Display names of the values 0..3 of a two-bit group; "" falls back to the rule in
  // describe_flags (1 = the condition holds, shown as the bare name; others as numbers).
  std::array<std::string_view, 4> values;
  bool always;  // shown even when zero (e.g. "charge_permit=forbidden")
};

constexpr std::uint32_t group_value(std::uint32_t flags, const BitGroup& group) noexcept {
  return (flags >> group.shift) & ((1U << group.width) - 1U);
}

// The value of the group called `name`, or nullopt when the table has no such group.
std::optional<std::uint32_t> group_value(std::uint32_t flags, std::span<const BitGroup> table,
                                         std::string_view name) noexcept;

// "emergency_stop, door_open" / "crm_00_timeout, bms_other=3" / "none"; bits no group covers
// are listed as hex masks ("0x4000").
std::string describe_flags(std::uint32_t flags, std::span<const BitGroup> table,
                           unsigned width_bits);

namespace flags {

inline constexpr std::array<std::string_view, 4> kGbtStatus{"", "", "untrusted", ""};
inline constexpr std::array<std::string_view, 4> kHighLow{"", "high", "low", ""};
inline constexpr std::array<std::string_view, 4> kPermit{"forbidden", "allowed", "", ""};

// 0x13 硬件故障 (16 bits; vendor bit 1 = mask 0x0001).
inline constexpr std::uint16_t kEmergencyStop = 1U << 0;
inline constexpr std::uint16_t kNoRectifierModule = 1U << 1;
inline constexpr std::uint16_t kOutletOverTemperature = 1U << 2;
inline constexpr std::uint16_t kAcSurgeProtector = 1U << 3;
inline constexpr std::uint16_t kDc20CommsLost = 1U << 4;
inline constexpr std::uint16_t kFc08InsulationCommsLost = 1U << 5;
inline constexpr std::uint16_t kMeterCommsLost = 1U << 6;
inline constexpr std::uint16_t kCardReaderCommsLost = 1U << 7;
inline constexpr std::uint16_t kRc10CommsLost = 1U << 8;
inline constexpr std::uint16_t kFanBoardFault = 1U << 9;
inline constexpr std::uint16_t kDcFuseFault = 1U << 10;
inline constexpr std::uint16_t kHvContactorFault = 1U << 11;
inline constexpr std::uint16_t kDoorOpen = 1U << 12;

inline constexpr BitGroup kHardwareFaults[] = {
    {"emergency_stop", 0},     {"no_rectifier_module", 1},    {"outlet_over_temperature", 2},
    {"ac_surge_protector", 3}, {"dc20_comms_lost", 4},        {"fc08_insulation_comms_lost", 5},
    {"meter_comms_lost", 6},   {"card_reader_comms_lost", 7}, {"rc10_comms_lost", 8},
    {"fan_board_fault", 9},    {"dc_fuse_fault", 10},         {"hv_contactor_fault", 11},
    {"door_open", 12},
};

// 0x1B bytes 0-3: what the BMS missed from the charger (GB/T BEM). 00 normal, 01 timeout,
// 10 untrusted.
inline constexpr BitGroup kBmsErrors[] = {
    {"crm_00_timeout", 0, 2, kGbtStatus}, {"crm_aa_timeout", 2, 2, kGbtStatus},
    {"cml_timeout", 8, 2, kGbtStatus},    {"cro_timeout", 10, 2, kGbtStatus},
    {"ccs_timeout", 16, 2, kGbtStatus},   {"cst_timeout", 18, 2, kGbtStatus},
    {"csd_timeout", 24, 2, kGbtStatus},   {"bms_other", 26, 6},
};
// 0x1B bytes 4-7: what the charger missed from the BMS (GB/T CEM).
inline constexpr BitGroup kChargerErrors[] = {
    {"brm_timeout", 0, 2, kGbtStatus},  {"bcp_timeout", 8, 2, kGbtStatus},
    {"bro_timeout", 10, 2, kGbtStatus}, {"bcs_timeout", 16, 2, kGbtStatus},
    {"bcl_timeout", 18, 2, kGbtStatus}, {"bst_timeout", 20, 2, kGbtStatus},
    {"bsd_timeout", 24, 2, kGbtStatus}, {"charger_other", 26, 6},
};

// 0x1D (GB/T BST): why the BMS stopped.
inline constexpr BitGroup kBmsStopReasons[] = {
    {"soc_target_reached", 0, 2, kGbtStatus},
    {"total_voltage_setpoint_reached", 2, 2, kGbtStatus},
    {"cell_voltage_setpoint_reached", 4, 2, kGbtStatus},
    {"stopped_by_charger", 6, 2, kGbtStatus},
};
inline constexpr BitGroup kBmsStopFaults[] = {
    {"insulation", 0, 2, kGbtStatus},
    {"output_connector_over_temperature", 2, 2, kGbtStatus},
    {"bms_component_over_temperature", 4, 2, kGbtStatus},
    {"charging_connector", 6, 2, kGbtStatus},
    {"pack_over_temperature", 8, 2, kGbtStatus},
    {"hv_relay", 10, 2, kGbtStatus},
    {"cc2_voltage", 12, 2, kGbtStatus},
    {"other", 14, 2, kGbtStatus},
};
inline constexpr BitGroup kBmsStopErrors[] = {
    {"over_current", 0, 2, kGbtStatus},
    {"voltage_abnormal", 2, 2, kGbtStatus},
};

// 0x21 (GB/T CST): why the charger stopped.
inline constexpr BitGroup kChargerStopReasons[] = {
    {"setpoint_reached", 0, 2, kGbtStatus},
    {"manual_stop", 2, 2, kGbtStatus},
    {"fault_stop", 4, 2, kGbtStatus},
    {"stopped_by_bms", 6, 2, kGbtStatus},
};
inline constexpr BitGroup kChargerStopFaults[] = {
    {"charger_over_temperature", 0, 2, kGbtStatus},
    {"connector_fault", 2, 2, kGbtStatus},
    {"internal_over_temperature", 4, 2, kGbtStatus},
    {"energy_not_deliverable", 6, 2, kGbtStatus},
    {"emergency_stop", 8, 2, kGbtStatus},
    {"other", 10, 2, kGbtStatus},
};
inline constexpr BitGroup kChargerStopErrors[] = {
    {"current_mismatch", 0, 2, kGbtStatus},
    {"voltage_abnormal", 2, 2, kGbtStatus},
};

// 0x25 (GB/T BSM) status bytes as one little-endian 16-bit value.
inline constexpr BitGroup kBmsStatus[] = {
    {"cell_voltage", 0, 2, kHighLow},        {"soc", 2, 2, kHighLow},
    {"over_current", 4, 2, kGbtStatus},      {"over_temperature", 6, 2, kGbtStatus},
    {"insulation", 8, 2, kGbtStatus},        {"output_connector", 10, 2, kGbtStatus},
    {"charge_permit", 12, 2, kPermit, true},
};

}  // namespace flags
}  // namespace ct::ykc16
