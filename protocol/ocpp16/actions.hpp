// The 28 OCPP 1.6 (core + firmware + local list + reservation + smart charging + remote
// trigger) actions and their metadata.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace ct::ocpp16 {

// X-macro over all actions, in enum order. Used to generate per-action code.
#define CT_OCPP16_ACTIONS(X)       \
  X(Authorize)                     \
  X(BootNotification)              \
  X(CancelReservation)             \
  X(ChangeAvailability)            \
  X(ChangeConfiguration)           \
  X(ClearCache)                    \
  X(ClearChargingProfile)          \
  X(DataTransfer)                  \
  X(DiagnosticsStatusNotification) \
  X(FirmwareStatusNotification)    \
  X(GetCompositeSchedule)          \
  X(GetConfiguration)              \
  X(GetDiagnostics)                \
  X(GetLocalListVersion)           \
  X(Heartbeat)                     \
  X(MeterValues)                   \
  X(RemoteStartTransaction)        \
  X(RemoteStopTransaction)         \
  X(ReserveNow)                    \
  X(Reset)                         \
  X(SendLocalList)                 \
  X(SetChargingProfile)            \
  X(StartTransaction)              \
  X(StatusNotification)            \
  X(StopTransaction)               \
  X(TriggerMessage)                \
  X(UnlockConnector)               \
  X(UpdateFirmware)

enum class Action {
#define CT_OCPP16_ACTION_ENUM(name) name,
  CT_OCPP16_ACTIONS(CT_OCPP16_ACTION_ENUM)
#undef CT_OCPP16_ACTION_ENUM
};

inline constexpr std::size_t kActionCount = 28;

// Wire name, e.g. "BootNotification".
const char* to_string(Action action) noexcept;
// Exact (case-sensitive) match of the wire name.
std::optional<Action> action_from_string(std::string_view text) noexcept;

// Which side sends the CALL for this action.
enum class Initiator { ChargePoint, CentralSystem, Both };
Initiator initiator(Action action) noexcept;

// All 28 actions in enum order.
const std::array<Action, kActionCount>& all_actions() noexcept;

}  // namespace ct::ocpp16
