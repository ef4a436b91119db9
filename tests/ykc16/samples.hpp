// Sample frames with a checked CRC, as hex. Sources: the vendor specification's own samples
// whose CRC verifies (0x02, 0x06, 0x32), and public implementations: JCPP
// (sanbing-java/JCPP, jcpp-protocol-yunkuaichong/READMD.md), the JetLinks YKC codec tests
// (tenyks/jetlinks-official-protocol, YKCV1ProtocolSupportTest.java), sailfish-iot-server
// (ProtocolContextTest.java) and a lambda-cloud 0x23 test (YkcV16ElecMessageTest). Frames
// marked Swapped carry their CRC high byte first, as several real piles do.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/ykc16/hex.hpp"
#include "protocol/ykc16/wire.hpp"

namespace ct::ykc16::samples {

struct Sample {
  std::string_view name;
  std::string_view hex;
  CrcStatus crc;
};

// clang-format off
inline constexpr Sample kLoginJcpp{"login (JCPP)", "68 22 00 19 00 01 20 23 12 12 00 00 10 01 01 10 47 56 2E 39 35 72 31 33 00 89 86 04 D1 17 22 D0 34 86 06 02 87 4E", CrcStatus::Ok};
inline constexpr Sample kLoginJetlinks{"login (JetLinks capture)", "68 22 00 E8 00 01 10 00 10 01 00 00 01 01 01 0F 31 2E 31 30 2E 32 33 00 01 00 00 00 00 00 00 00 00 00 00 04 31 89", CrcStatus::Ok};
inline constexpr Sample kLoginResponseSpec{"login response (spec 6.2)", "68 0C 00 00 00 02 55 03 14 12 78 23 05 00 DA 4C", CrcStatus::Ok};
inline constexpr Sample kLoginResponseJcpp{"login response (JCPP)", "68 0C 00 19 00 02 20 23 12 12 00 00 10 00 A1 55", CrcStatus::Ok};
inline constexpr Sample kHeartbeat{"heartbeat (sailfish)", "68 0D 00 00 00 03 32 36 31 36 38 33 39 01 00 67 F2", CrcStatus::Ok};
// The spec's 6.4 body with its CRC recomputed (the printed 65B2 is wrong).
inline constexpr Sample kHeartbeatResponse{"heartbeat response (spec 6.4 body)", "68 0D 36 00 00 04 55 03 14 12 78 23 05 01 00 64 22", CrcStatus::Ok};
inline constexpr Sample kModelCheckResponseSpec{"billing-model check result (spec 6.6)", "68 0E CE 04 00 06 55 03 14 12 78 23 05 00 00 00 8E 2F", CrcStatus::Ok};
inline constexpr Sample kModelCheckResponseJcpp{"billing-model check result (JCPP)", "68 0E AD 71 00 06 20 23 12 12 00 00 10 00 00 00 9E 1A", CrcStatus::Ok};
inline constexpr Sample kRealtimeRequest{"real-time data request (JetLinks)", "68 0C 00 00 00 12 32 01 02 00 00 00 01 01 E3 1D", CrcStatus::Ok};
inline constexpr Sample kStartAuthSpec{"start authorisation (spec 8.2)", "68 2A 00 04 00 32 32 01 02 00 00 00 01 01 20 18 06 12 19 59 57 85 32 01 02 00 00 00 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 01 E8 29", CrcStatus::Ok};
inline constexpr Sample kStartAuthJetlinks{"start authorisation (JetLinks)", "68 2A 00 04 00 32 32 01 02 00 00 00 01 01 20 18 06 12 19 59 57 85 32 01 02 00 00 00 01 01 00 00 00 00 00 01 23 45 00 00 00 01 01 00 22 E0", CrcStatus::Ok};
inline constexpr Sample kRemoteStartJetlinks{"remote start (JetLinks)", "68 30 00 7C 00 34 55 03 14 12 78 23 05 01 20 18 06 19 14 44 46 80 55 03 14 12 78 23 05 01 00 00 00 10 00 00 05 73 00 00 00 00 D1 4B 0A 54 A0 86 01 00 13 F6", CrcStatus::Ok};
inline constexpr Sample kRemoteStartJcpp{"remote start (JCPP)", "68 30 01 00 00 34 00 00 00 00 00 00 12 34 56 78 90 12 34 56 78 90 20 23 12 12 00 00 10 01 56 78 90 12 34 56 78 90 56 78 90 12 34 56 78 90 10 27 00 00 5F D9", CrcStatus::Ok};
inline constexpr Sample kWorkParameters{"work parameters (JetLinks)", "68 0D 00 08 00 52 32 01 02 00 00 00 01 00 1E 3E 1A", CrcStatus::Ok};
inline constexpr Sample kReboot{"remote reboot (JetLinks)", "68 0C 00 11 00 92 32 01 02 00 00 00 01 01 D2 E7", CrcStatus::Ok};
inline constexpr Sample kBillingModelSet{"billing-model set (JetLinks)", "68 5E 00 25 00 58 55 03 14 12 78 23 05 01 00 40 0D 03 00 40 9C 00 00 40 0D 03 00 40 9C 00 00 40 0D 03 00 40 9C 00 00 40 0D 03 00 40 9C 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 FB 3B", CrcStatus::Ok};
inline constexpr Sample kTimeSyncJcpp{"time sync (JCPP)", "68 12 01 00 00 56 20 23 12 12 00 00 10 30 75 0F 11 12 0C 18 04 7D", CrcStatus::Ok};
inline constexpr Sample kBmsHandshakeJcpp{"BMS handshake (JCPP)", "68 4D 00 15 00 15 32 01 02 00 00 00 00 11 15 11 16 15 55 35 02 60 20 23 12 12 00 00 10 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 B8 A1", CrcStatus::Ok};
inline constexpr Sample kBmsParametersJcpp{"BMS parameters (JCPP)", "68 31 00 16 00 17 32 01 02 00 00 00 00 11 15 11 16 15 55 35 02 60 20 23 12 12 00 00 10 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 BB 78", CrcStatus::Ok};
inline constexpr Sample kBmsDemandA{"BMS demand (lambda-cloud, first)", "68 30 15 49 00 23 18 12 00 00 00 29 53 01 25 06 53 61 89 50 96 32 18 12 00 00 00 29 53 01 40 10 B2 0C 02 61 0F C5 0C 05 00 5B 09 00 64 0F BA 0C 16 00 0F 89", CrcStatus::Ok};
inline constexpr Sample kBmsDemandB{"BMS demand (lambda-cloud, second)", "68 30 00 00 00 23 18 12 00 00 00 36 27 01 25 06 51 85 33 98 01 60 18 12 00 00 00 36 27 01 60 1B 38 02 02 DB 19 63 02 59 01 5F 06 00 F1 19 36 02 30 00 EF 21", CrcStatus::Ok};
inline constexpr Sample kRecordAckJcpp{"transaction record ack (JCPP)", "68 15 46 00 00 40 20 23 12 12 00 00 10 32 32 39 00 00 00 00 00 00 00 9D 7B", CrcStatus::Ok};
inline constexpr Sample kBalanceUpdateJcpp{"balance update (JCPP)", "68 18 04 00 00 42 20 23 12 12 00 00 10 01 30 31 00 00 00 00 00 00 A0 86 01 00 4E AC", CrcStatus::Ok};
inline constexpr Sample kBalanceUpdateResponseJcpp{"balance-update response (JCPP)", "68 14 19 00 00 41 20 23 12 12 00 00 10 10 00 00 00 00 12 34 56 00 BC 16", CrcStatus::Ok};
inline constexpr Sample kCardSyncOkJcpp{"offline-card sync response, saved (JCPP)", "68 0D 19 00 00 43 20 23 12 12 00 00 10 01 00 38 83", CrcStatus::Ok};
inline constexpr Sample kCardSyncFailJcpp{"offline-card sync response, failed (JCPP)", "68 0D 19 00 00 43 20 23 12 12 00 00 10 00 01 F8 D3", CrcStatus::Ok};
inline constexpr Sample kRebootResponseJcpp{"reboot response (JCPP)", "68 0C 00 11 00 91 20 23 12 12 00 00 10 01 F2 03", CrcStatus::Ok};
inline constexpr Sample kFirmwareUpdateJcpp{"firmware update (JCPP)", "68 62 03 00 00 94 20 23 12 12 00 00 10 01 C8 00 68 74 74 70 3A 2F 2F 31 32 37 2E 30 2E 30 2E 31 90 00 62 61 77 61 6E 00 00 00 00 00 00 00 00 00 00 00 31 32 33 31 32 33 00 00 00 00 00 00 00 00 00 00 2F 75 73 65 72 2F 64 61 74 61 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 01 53 B6", CrcStatus::Ok};
inline constexpr Sample kFirmwareUpdateResponseJcpp{"firmware-update response (JCPP)", "68 0C 03 00 00 93 20 23 12 12 00 00 10 00 7E 9B", CrcStatus::Ok};
inline constexpr Sample kParkingLockStatusJcpp{"parking-lock status (JCPP)", "68 14 00 01 00 61 20 23 12 12 00 00 10 01 00 00 00 00 00 00 00 00 3D 6D", CrcStatus::Ok};

// CRC high byte first.
inline constexpr Sample kHeartbeatSwapped{"heartbeat (JCPP, CRC swapped)", "68 0D 25 D3 00 03 20 23 12 12 00 00 10 01 00 D1 AC", CrcStatus::Swapped};
inline constexpr Sample kModelCheckSwapped{"billing-model check (JCPP, CRC swapped)", "68 0D 71 AD 00 05 20 23 12 12 00 00 10 00 00 22 2B", CrcStatus::Swapped};
inline constexpr Sample kModelRequestSwapped{"billing-model request (JCPP, CRC swapped)", "68 0B 00 07 00 09 20 23 12 12 00 00 10 72 ED", CrcStatus::Swapped};
inline constexpr Sample kRealtimeSwapped{"real-time data (JCPP, CRC swapped)", "68 40 BB BD 00 13 20 23 12 12 00 00 10 00 00 00 00 10 05 71 36 00 32 01 06 00 39 56 00 02 03 02 01 94 0E F4 03 54 00 00 00 00 00 00 00 00 4E 55 10 00 20 00 C0 57 01 00 00 00 00 00 60 6C 01 00 00 00 93 73", CrcStatus::Swapped};
inline constexpr Sample kRemoteStartResponseSwapped{"remote-start response (JCPP, CRC swapped)", "68 1E 00 02 00 33 00 00 00 00 00 00 12 34 56 78 90 12 34 56 78 90 20 23 12 12 00 00 10 01 01 00 41 1D", CrcStatus::Swapped};
inline constexpr Sample kTransactionRecordSwapped{"transaction record (JCPP, CRC swapped)", "68 A2 00 46 00 3B 20 23 12 12 00 00 10 32 32 39 00 00 00 00 00 00 20 23 12 12 00 00 10 01 B0 36 04 11 6D 0C 17 A0 8C 09 11 6D 0C 17 F0 49 02 00 00 00 00 00 00 00 00 00 00 00 00 00 D0 FB 01 00 00 00 00 00 00 00 00 00 00 00 00 00 B0 AD 01 00 00 00 00 00 00 00 00 00 00 00 00 00 90 5F 01 00 72 06 00 00 72 06 00 00 78 05 00 00 00 00 00 00 00 00 00 00 00 00 72 06 00 00 72 06 00 00 78 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 A0 8C 09 11 6D 0C 17 40 00 00 00 00 00 00 00 00 03 E0", CrcStatus::Swapped};
inline constexpr Sample kBmsErrorSwapped{"BMS error (JCPP, CRC swapped)", "68 24 00 17 00 1B 32 01 02 00 00 00 00 11 15 11 16 15 55 35 02 06 20 23 12 12 00 00 10 01 00 00 00 00 00 00 00 00 79 00", CrcStatus::Swapped};
inline constexpr Sample kBmsStopSwapped{"BMS stop (JCPP, CRC swapped)", "68 20 00 18 00 1D 20 23 12 12 00 00 01 01 11 51 11 61 55 53 50 26 20 23 12 12 00 00 10 01 00 00 00 00 5A 23", CrcStatus::Swapped};
// clang-format on

inline constexpr Sample kAll[] = {
    kLoginJcpp,
    kLoginJetlinks,
    kLoginResponseSpec,
    kLoginResponseJcpp,
    kHeartbeat,
    kHeartbeatResponse,
    kModelCheckResponseSpec,
    kModelCheckResponseJcpp,
    kRealtimeRequest,
    kStartAuthSpec,
    kStartAuthJetlinks,
    kRemoteStartJetlinks,
    kRemoteStartJcpp,
    kWorkParameters,
    kReboot,
    kBillingModelSet,
    kTimeSyncJcpp,
    kBmsHandshakeJcpp,
    kBmsParametersJcpp,
    kBmsDemandA,
    kBmsDemandB,
    kRecordAckJcpp,
    kBalanceUpdateJcpp,
    kBalanceUpdateResponseJcpp,
    kCardSyncOkJcpp,
    kCardSyncFailJcpp,
    kRebootResponseJcpp,
    kFirmwareUpdateJcpp,
    kFirmwareUpdateResponseJcpp,
    kParkingLockStatusJcpp,
    kHeartbeatSwapped,
    kModelCheckSwapped,
    kModelRequestSwapped,
    kRealtimeSwapped,
    kRemoteStartResponseSwapped,
    kTransactionRecordSwapped,
    kBmsErrorSwapped,
    kBmsStopSwapped,
};

inline std::vector<std::uint8_t> bytes(std::string_view hex) {
  auto parsed = parse_hex(hex);
  if (const auto* err = std::get_if<std::string>(&parsed)) ADD_FAILURE() << *err;
  return std::get_if<std::vector<std::uint8_t>>(&parsed) != nullptr
             ? std::get<std::vector<std::uint8_t>>(parsed)
             : std::vector<std::uint8_t>{};
}

}  // namespace ct::ykc16::samples
