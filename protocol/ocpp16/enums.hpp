// Enumerations of the OCPP 1.6J JSON schemas. Each enum has
//   const char* to_string(E)                       -> exact wire spelling
//   template<> std::optional<E> from_string<E>(sv) -> exact (case-sensitive) match
//   template<> std::span<const E> enum_values<E>() -> all values in schema order
// Identifiers are the wire names with '.' removed and '-' replaced by '_'
// (e.g. "Energy.Active.Import.Register" -> EnergyActiveImportRegister, "L1-N" -> L1_N).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace ct::ocpp16 {

template <class E>
std::optional<E> from_string(std::string_view text) noexcept;

template <class E>
std::span<const E> enum_values() noexcept;

// clang-format off
#define CT_OCPP16_ENUM_AuthorizationStatus(X) \
  X(Accepted, "Accepted") X(Blocked, "Blocked") X(Expired, "Expired") X(Invalid, "Invalid") \
  X(ConcurrentTx, "ConcurrentTx")
#define CT_OCPP16_ENUM_RegistrationStatus(X) \
  X(Accepted, "Accepted") X(Pending, "Pending") X(Rejected, "Rejected")
#define CT_OCPP16_ENUM_CancelReservationStatus(X) X(Accepted, "Accepted") X(Rejected, "Rejected")
#define CT_OCPP16_ENUM_AvailabilityType(X) X(Inoperative, "Inoperative") X(Operative, "Operative")
#define CT_OCPP16_ENUM_AvailabilityStatus(X) \
  X(Accepted, "Accepted") X(Rejected, "Rejected") X(Scheduled, "Scheduled")
#define CT_OCPP16_ENUM_ConfigurationStatus(X) \
  X(Accepted, "Accepted") X(Rejected, "Rejected") X(RebootRequired, "RebootRequired") \
  X(NotSupported, "NotSupported")
#define CT_OCPP16_ENUM_ClearCacheStatus(X) X(Accepted, "Accepted") X(Rejected, "Rejected")
#define CT_OCPP16_ENUM_ChargingProfilePurposeType(X) \
  X(ChargePointMaxProfile, "ChargePointMaxProfile") X(TxDefaultProfile, "TxDefaultProfile") \
  X(TxProfile, "TxProfile")
#define CT_OCPP16_ENUM_ClearChargingProfileStatus(X) X(Accepted, "Accepted") X(Unknown, "Unknown")
#define CT_OCPP16_ENUM_DataTransferStatus(X) \
  X(Accepted, "Accepted") X(Rejected, "Rejected") X(UnknownMessageId, "UnknownMessageId") \
  X(UnknownVendorId, "UnknownVendorId")
#define CT_OCPP16_ENUM_DiagnosticsStatus(X) \
  X(Idle, "Idle") X(Uploaded, "Uploaded") X(UploadFailed, "UploadFailed") \
  X(Uploading, "Uploading")
#define CT_OCPP16_ENUM_FirmwareStatus(X) \
  X(Downloaded, "Downloaded") X(DownloadFailed, "DownloadFailed") X(Downloading, "Downloading") \
  X(Idle, "Idle") X(InstallationFailed, "InstallationFailed") X(Installing, "Installing") \
  X(Installed, "Installed")
#define CT_OCPP16_ENUM_ChargingRateUnit(X) X(A, "A") X(W, "W")
#define CT_OCPP16_ENUM_GetCompositeScheduleStatus(X) X(Accepted, "Accepted") X(Rejected, "Rejected")
#define CT_OCPP16_ENUM_ReadingContext(X) \
  X(InterruptionBegin, "Interruption.Begin") X(InterruptionEnd, "Interruption.End") \
  X(SampleClock, "Sample.Clock") X(SamplePeriodic, "Sample.Periodic") \
  X(TransactionBegin, "Transaction.Begin") X(TransactionEnd, "Transaction.End") \
  X(Trigger, "Trigger") X(Other, "Other")
#define CT_OCPP16_ENUM_ValueFormat(X) X(Raw, "Raw") X(SignedData, "SignedData")
#define CT_OCPP16_ENUM_Measurand(X) \
  X(EnergyActiveExportRegister, "Energy.Active.Export.Register") \
  X(EnergyActiveImportRegister, "Energy.Active.Import.Register") \
  X(EnergyReactiveExportRegister, "Energy.Reactive.Export.Register") \
  X(EnergyReactiveImportRegister, "Energy.Reactive.Import.Register") \
  X(EnergyActiveExportInterval, "Energy.Active.Export.Interval") \
  X(EnergyActiveImportInterval, "Energy.Active.Import.Interval") \
  X(EnergyReactiveExportInterval, "Energy.Reactive.Export.Interval") \
  X(EnergyReactiveImportInterval, "Energy.Reactive.Import.Interval") \
  X(PowerActiveExport, "Power.Active.Export") X(PowerActiveImport, "Power.Active.Import") \
  X(PowerOffered, "Power.Offered") X(PowerReactiveExport, "Power.Reactive.Export") \
  X(PowerReactiveImport, "Power.Reactive.Import") X(PowerFactor, "Power.Factor") \
  X(CurrentImport, "Current.Import") X(CurrentExport, "Current.Export") \
  X(CurrentOffered, "Current.Offered") X(Voltage, "Voltage") X(Frequency, "Frequency") \
  X(Temperature, "Temperature") X(SoC, "SoC") X(RPM, "RPM")
#define CT_OCPP16_ENUM_Phase(X) \
  X(L1, "L1") X(L2, "L2") X(L3, "L3") X(N, "N") X(L1_N, "L1-N") X(L2_N, "L2-N") \
  X(L3_N, "L3-N") X(L1_L2, "L1-L2") X(L2_L3, "L2-L3") X(L3_L1, "L3-L1")
#define CT_OCPP16_ENUM_Location(X) \
  X(Cable, "Cable") X(EV, "EV") X(Inlet, "Inlet") X(Outlet, "Outlet") X(Body, "Body")
// Note: the MeterValues schema allows "Hertz", the StopTransaction schema does not (the
// validator enforces this). Both "Celcius" (sic) and "Celsius" are in the schema.
#define CT_OCPP16_ENUM_UnitOfMeasure(X) \
  X(Wh, "Wh") X(kWh, "kWh") X(varh, "varh") X(kvarh, "kvarh") X(W, "W") X(kW, "kW") \
  X(VA, "VA") X(kVA, "kVA") X(var, "var") X(kvar, "kvar") X(A, "A") X(V, "V") X(K, "K") \
  X(Celcius, "Celcius") X(Celsius, "Celsius") X(Fahrenheit, "Fahrenheit") \
  X(Percent, "Percent") X(Hertz, "Hertz")
#define CT_OCPP16_ENUM_ChargingProfileKindType(X) \
  X(Absolute, "Absolute") X(Recurring, "Recurring") X(Relative, "Relative")
#define CT_OCPP16_ENUM_RecurrencyKindType(X) X(Daily, "Daily") X(Weekly, "Weekly")
#define CT_OCPP16_ENUM_RemoteStartStopStatus(X) X(Accepted, "Accepted") X(Rejected, "Rejected")
#define CT_OCPP16_ENUM_ReservationStatus(X) \
  X(Accepted, "Accepted") X(Faulted, "Faulted") X(Occupied, "Occupied") \
  X(Rejected, "Rejected") X(Unavailable, "Unavailable")
#define CT_OCPP16_ENUM_ResetType(X) X(Hard, "Hard") X(Soft, "Soft")
#define CT_OCPP16_ENUM_ResetStatus(X) X(Accepted, "Accepted") X(Rejected, "Rejected")
#define CT_OCPP16_ENUM_UpdateType(X) X(Differential, "Differential") X(Full, "Full")
#define CT_OCPP16_ENUM_UpdateStatus(X) \
  X(Accepted, "Accepted") X(Failed, "Failed") X(NotSupported, "NotSupported") \
  X(VersionMismatch, "VersionMismatch")
#define CT_OCPP16_ENUM_ChargingProfileStatus(X) \
  X(Accepted, "Accepted") X(Rejected, "Rejected") X(NotSupported, "NotSupported")
#define CT_OCPP16_ENUM_ChargePointErrorCode(X) \
  X(ConnectorLockFailure, "ConnectorLockFailure") X(EVCommunicationError, "EVCommunicationError") \
  X(GroundFailure, "GroundFailure") X(HighTemperature, "HighTemperature") \
  X(InternalError, "InternalError") X(LocalListConflict, "LocalListConflict") \
  X(NoError, "NoError") X(OtherError, "OtherError") X(OverCurrentFailure, "OverCurrentFailure") \
  X(PowerMeterFailure, "PowerMeterFailure") X(PowerSwitchFailure, "PowerSwitchFailure") \
  X(ReaderFailure, "ReaderFailure") X(ResetFailure, "ResetFailure") \
  X(UnderVoltage, "UnderVoltage") X(OverVoltage, "OverVoltage") X(WeakSignal, "WeakSignal")
#define CT_OCPP16_ENUM_ChargePointStatus(X) \
  X(Available, "Available") X(Preparing, "Preparing") X(Charging, "Charging") \
  X(SuspendedEVSE, "SuspendedEVSE") X(SuspendedEV, "SuspendedEV") X(Finishing, "Finishing") \
  X(Reserved, "Reserved") X(Unavailable, "Unavailable") X(Faulted, "Faulted")
#define CT_OCPP16_ENUM_Reason(X) \
  X(EmergencyStop, "EmergencyStop") X(EVDisconnected, "EVDisconnected") \
  X(HardReset, "HardReset") X(Local, "Local") X(Other, "Other") X(PowerLoss, "PowerLoss") \
  X(Reboot, "Reboot") X(Remote, "Remote") X(SoftReset, "SoftReset") \
  X(UnlockCommand, "UnlockCommand") X(DeAuthorized, "DeAuthorized")
#define CT_OCPP16_ENUM_MessageTrigger(X) \
  X(BootNotification, "BootNotification") \
  X(DiagnosticsStatusNotification, "DiagnosticsStatusNotification") \
  X(FirmwareStatusNotification, "FirmwareStatusNotification") X(Heartbeat, "Heartbeat") \
  X(MeterValues, "MeterValues") X(StatusNotification, "StatusNotification")
#define CT_OCPP16_ENUM_TriggerMessageStatus(X) \
  X(Accepted, "Accepted") X(Rejected, "Rejected") X(NotImplemented, "NotImplemented")
#define CT_OCPP16_ENUM_UnlockStatus(X) \
  X(Unlocked, "Unlocked") X(UnlockFailed, "UnlockFailed") X(NotSupported, "NotSupported")

#define CT_OCPP16_ENUMS(X) \
  X(AuthorizationStatus) X(RegistrationStatus) X(CancelReservationStatus) X(AvailabilityType) \
  X(AvailabilityStatus) X(ConfigurationStatus) X(ClearCacheStatus) \
  X(ChargingProfilePurposeType) X(ClearChargingProfileStatus) X(DataTransferStatus) \
  X(DiagnosticsStatus) X(FirmwareStatus) X(ChargingRateUnit) X(GetCompositeScheduleStatus) \
  X(ReadingContext) X(ValueFormat) X(Measurand) X(Phase) X(Location) X(UnitOfMeasure) \
  X(ChargingProfileKindType) X(RecurrencyKindType) X(RemoteStartStopStatus) \
  X(ReservationStatus) X(ResetType) X(ResetStatus) X(UpdateType) X(UpdateStatus) \
  X(ChargingProfileStatus) X(ChargePointErrorCode) X(ChargePointStatus) X(Reason) \
  X(MessageTrigger) X(TriggerMessageStatus) X(UnlockStatus)
// clang-format on

#define CT_OCPP16_ENUM_MEMBER(id, str) id,
#define CT_OCPP16_DECLARE_ENUM(Name)                                     \
  enum class Name { CT_OCPP16_ENUM_##Name(CT_OCPP16_ENUM_MEMBER) };      \
  const char* to_string(Name value) noexcept;                            \
  template <>                                                            \
  std::optional<Name> from_string<Name>(std::string_view text) noexcept; \
  template <>                                                            \
  std::span<const Name> enum_values<Name>() noexcept;

CT_OCPP16_ENUMS(CT_OCPP16_DECLARE_ENUM)

#undef CT_OCPP16_DECLARE_ENUM
#undef CT_OCPP16_ENUM_MEMBER

template <class E>
struct is_schema_enum : std::false_type {};
#define CT_OCPP16_ENUM_TRAIT(Name) \
  template <>                      \
  struct is_schema_enum<Name> : std::true_type {};
CT_OCPP16_ENUMS(CT_OCPP16_ENUM_TRAIT)
#undef CT_OCPP16_ENUM_TRAIT

template <class E>
inline constexpr bool is_schema_enum_v = is_schema_enum<E>::value;

}  // namespace ct::ocpp16
