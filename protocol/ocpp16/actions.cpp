#include "protocol/ocpp16/actions.hpp"

namespace ct::ocpp16 {
namespace {

constexpr std::array<const char*, kActionCount> kNames{
#define CT_OCPP16_ACTION_NAME(name) #name,
    CT_OCPP16_ACTIONS(CT_OCPP16_ACTION_NAME)
#undef CT_OCPP16_ACTION_NAME
};

constexpr std::array<Action, kActionCount> kAll{
#define CT_OCPP16_ACTION_VALUE(name) Action::name,
    CT_OCPP16_ACTIONS(CT_OCPP16_ACTION_VALUE)
#undef CT_OCPP16_ACTION_VALUE
};

}  // namespace

const char* to_string(Action action) noexcept {
  const auto i = static_cast<std::size_t>(action);
  return i < kNames.size() ? kNames[i] : "Unknown";
}

std::optional<Action> action_from_string(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (text == kNames[i]) return kAll[i];
  }
  return std::nullopt;
}

Initiator initiator(Action action) noexcept {
  switch (action) {
    case Action::DataTransfer: return Initiator::Both;
    case Action::Authorize:
    case Action::BootNotification:
    case Action::DiagnosticsStatusNotification:
    case Action::FirmwareStatusNotification:
    case Action::Heartbeat:
    case Action::MeterValues:
    case Action::StartTransaction:
    case Action::StatusNotification:
    case Action::StopTransaction: return Initiator::ChargePoint;
    default: return Initiator::CentralSystem;
  }
}

const std::array<Action, kActionCount>& all_actions() noexcept {
  return kAll;
}

}  // namespace ct::ocpp16
