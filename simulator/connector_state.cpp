#include "simulator/connector_state.hpp"

#include <array>

namespace ct::sim {
namespace {

using S = ConnectorStatus;

// Rows A..I of the spec table: Available, Preparing, Charging, SuspendedEV, SuspendedEVSE,
// Finishing, Reserved, Unavailable, Faulted; columns 1..9 in the same order.
constexpr std::array kTable{
    // A: Available
    Transition{S::Available, S::Preparing, "A2"},
    Transition{S::Available, S::Charging, "A3"},
    Transition{S::Available, S::SuspendedEV, "A4"},
    Transition{S::Available, S::SuspendedEVSE, "A5"},
    Transition{S::Available, S::Reserved, "A7"},
    Transition{S::Available, S::Unavailable, "A8"},
    Transition{S::Available, S::Faulted, "A9"},
    // B: Preparing
    Transition{S::Preparing, S::Available, "B1"},
    Transition{S::Preparing, S::Charging, "B3"},
    Transition{S::Preparing, S::SuspendedEV, "B4"},
    Transition{S::Preparing, S::SuspendedEVSE, "B5"},
    Transition{S::Preparing, S::Finishing, "B6"},
    Transition{S::Preparing, S::Faulted, "B9"},
    // C: Charging
    Transition{S::Charging, S::Available, "C1"},
    Transition{S::Charging, S::SuspendedEV, "C4"},
    Transition{S::Charging, S::SuspendedEVSE, "C5"},
    Transition{S::Charging, S::Finishing, "C6"},
    Transition{S::Charging, S::Unavailable, "C8"},
    Transition{S::Charging, S::Faulted, "C9"},
    // D: SuspendedEV
    Transition{S::SuspendedEV, S::Available, "D1"},
    Transition{S::SuspendedEV, S::Charging, "D3"},
    Transition{S::SuspendedEV, S::SuspendedEVSE, "D5"},
    Transition{S::SuspendedEV, S::Finishing, "D6"},
    Transition{S::SuspendedEV, S::Unavailable, "D8"},
    Transition{S::SuspendedEV, S::Faulted, "D9"},
    // E: SuspendedEVSE
    Transition{S::SuspendedEVSE, S::Available, "E1"},
    Transition{S::SuspendedEVSE, S::Charging, "E3"},
    Transition{S::SuspendedEVSE, S::SuspendedEV, "E4"},
    Transition{S::SuspendedEVSE, S::Finishing, "E6"},
    Transition{S::SuspendedEVSE, S::Unavailable, "E8"},
    Transition{S::SuspendedEVSE, S::Faulted, "E9"},
    // F: Finishing
    Transition{S::Finishing, S::Available, "F1"},
    Transition{S::Finishing, S::Preparing, "F2"},
    Transition{S::Finishing, S::Unavailable, "F8"},
    Transition{S::Finishing, S::Faulted, "F9"},
    // G: Reserved
    Transition{S::Reserved, S::Available, "G1"},
    Transition{S::Reserved, S::Preparing, "G2"},
    Transition{S::Reserved, S::Unavailable, "G8"},
    Transition{S::Reserved, S::Faulted, "G9"},
    // H: Unavailable
    Transition{S::Unavailable, S::Available, "H1"},
    Transition{S::Unavailable, S::Preparing, "H2"},
    Transition{S::Unavailable, S::Charging, "H3"},
    Transition{S::Unavailable, S::SuspendedEV, "H4"},
    Transition{S::Unavailable, S::SuspendedEVSE, "H5"},
    Transition{S::Unavailable, S::Faulted, "H9"},
    // I: Faulted
    Transition{S::Faulted, S::Available, "I1"},
    Transition{S::Faulted, S::Preparing, "I2"},
    Transition{S::Faulted, S::Charging, "I3"},
    Transition{S::Faulted, S::SuspendedEV, "I4"},
    Transition{S::Faulted, S::SuspendedEVSE, "I5"},
    Transition{S::Faulted, S::Finishing, "I6"},
    Transition{S::Faulted, S::Reserved, "I7"},
    Transition{S::Faulted, S::Unavailable, "I8"},
};

}  // namespace

std::span<const Transition> allowed_transitions() noexcept {
  return kTable;
}

bool transition_allowed(ConnectorStatus from, ConnectorStatus to) noexcept {
  if (from == to) return true;
  for (const auto& t : kTable) {
    if (t.from == from && t.to == to) return true;
  }
  return false;
}

}  // namespace ct::sim
