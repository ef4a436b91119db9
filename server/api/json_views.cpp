#include "server/api/json_views.hpp"

#include "server/api/decimal_e6.hpp"
#include "server/core/clock.hpp"

namespace ct::api {

using nlohmann::json;

namespace {
json opt_int(const std::optional<std::int64_t>& v) {
  return v ? json(*v) : json(nullptr);
}

// A stored JSON document; null when empty, the raw text when it is not JSON.
json stored_json(const std::string& text) {
  if (text.empty()) return nullptr;
  auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return text;
  return j;
}
}  // namespace

json time_json(const std::optional<core::UtcMillis>& t) {
  return t ? json(core::format_utc(*t)) : json(nullptr);
}

json tenant_json(const core::Tenant& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"enabled", t.enabled},
          {"createdAt", core::format_utc(t.created_at)},
          {"updatedAt", core::format_utc(t.updated_at)}};
}

json api_token_json(const core::ApiToken& t) {
  return {{"id", t.id},
          {"tenantId", t.tenant_id},
          {"label", t.label},
          {"revoked", t.revoked},
          {"createdAt", core::format_utc(t.created_at)}};
}

json station_json(const core::Station& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"address", s.address},
          {"province", s.province},
          {"city", s.city},
          {"district", s.district},
          {"latitude", e6_to_json(s.latitude_e6)},
          {"longitude", e6_to_json(s.longitude_e6)},
          {"timeZone", s.time_zone},
          {"openingHours", s.opening_hours},
          {"parkingInfo", s.parking_info},
          {"parkingFeeType", s.parking_fee_type},
          {"createdAt", core::format_utc(s.created_at)},
          {"updatedAt", core::format_utc(s.updated_at)}};
}

json connector_json(const core::Connector& c) {
  return {{"connectorId", c.connector_id},
          {"maxPowerW", c.max_power_w},
          {"type", c.type},
          {"status", c.status},
          {"errorCode", c.error_code},
          {"info", c.info},
          {"vendorId", c.vendor_id},
          {"vendorErrorCode", c.vendor_error_code},
          {"statusAt", time_json(c.status_at)},
          {"currentTransactionId", opt_int(c.current_transaction_id)}};
}

json pile_json(const core::Pile& p) {
  return {{"id", p.id},
          {"chargePointId", p.charge_point_id},
          {"stationId", opt_int(p.station_id)},
          {"name", p.name},
          {"vendor", p.vendor},
          {"model", p.model},
          {"currentType", core::to_string(p.current_type)},
          {"maxPowerW", p.max_power_w},
          {"protocol", p.protocol},
          {"enabled", p.enabled},
          {"bound", p.bound},
          {"basicAuth", !p.password_hash.empty()},
          {"status", p.status},
          {"errorCode", p.error_code},
          {"online", p.online},
          {"lastHeartbeatAt", time_json(p.last_heartbeat_at)},
          {"lastBootAt", time_json(p.last_boot_at)},
          {"firmwareVersion", p.firmware_version},
          {"firmwareStatus", p.firmware_status},
          {"diagnosticsStatus", p.diagnostics_status},
          {"serialNumber", p.serial_number},
          {"iccid", p.iccid},
          {"imsi", p.imsi},
          {"meterType", p.meter_type},
          {"meterSerialNumber", p.meter_serial_number},
          {"connectors", json_array(p.connectors, connector_json)},
          {"createdAt", core::format_utc(p.created_at)},
          {"updatedAt", core::format_utc(p.updated_at)}};
}

json unbound_pile_json(const core::Pile& p) {
  return {{"id", p.id},
          {"chargePointId", p.charge_point_id},
          {"protocol", p.protocol},
          {"vendor", p.vendor},
          {"model", p.model},
          {"serialNumber", p.serial_number},
          {"firmwareVersion", p.firmware_version},
          {"online", p.online},
          {"firstSeenAt", core::format_utc(p.created_at)},
          {"lastBootAt", time_json(p.last_boot_at)}};
}

json id_tag_json(const core::IdTag& t) {
  return {{"id", t.id},
          {"idTag", t.id_tag},
          {"kind", t.kind},
          {"status", t.status},
          {"expiryDate", time_json(t.expiry)},
          {"parentIdTag", t.parent_id_tag},
          {"holder", t.holder},
          {"createdAt", core::format_utc(t.created_at)},
          {"updatedAt", core::format_utc(t.updated_at)}};
}

json transaction_json(const core::Transaction& t) {
  json energy = nullptr;
  if (t.meter_stop_wh) energy = *t.meter_stop_wh - t.meter_start_wh;
  return {{"id", t.id},
          {"pileId", t.pile_id},
          {"chargePointId", t.charge_point_id},
          {"connectorId", t.connector_id},
          {"idTag", t.id_tag},
          {"state", t.state},
          {"meterStartWh", t.meter_start_wh},
          {"meterStopWh", opt_int(t.meter_stop_wh)},
          {"energyWh", energy},
          {"startedAt", core::format_utc(t.started_at)},
          {"stoppedAt", time_json(t.stopped_at)},
          {"stopReason", t.stop_reason},
          {"stopIdTag", t.stop_id_tag},
          {"reservationId", t.reservation_id ? json(*t.reservation_id) : json(nullptr)},
          {"reference", t.reference.empty() ? json(nullptr) : json(t.reference)},
          {"createdAt", core::format_utc(t.created_at)},
          {"updatedAt", core::format_utc(t.updated_at)}};
}

json meter_sample_json(const core::MeterSample& m) {
  return {{"timestamp", core::format_utc(m.timestamp)},
          {"connectorId", m.connector_id},
          {"transactionId", opt_int(m.transaction_id)},
          {"measurand", m.measurand},
          {"phase", m.phase},
          {"unit", m.unit},
          {"context", m.context},
          {"location", m.location},
          {"format", m.format},
          {"value", m.value},
          {"normalized", opt_int(m.normalized)}};
}

json status_event_json(const core::StatusEvent& e) {
  return {{"id", e.id},
          {"connectorId", e.connector_id},
          {"status", e.status},
          {"errorCode", e.error_code},
          {"info", e.info},
          {"vendorId", e.vendor_id},
          {"vendorErrorCode", e.vendor_error_code},
          {"timestamp", time_json(e.timestamp)},
          {"receivedAt", core::format_utc(e.received_at)}};
}

json command_json(const core::Command& c) {
  return {{"id", c.id},
          {"pileId", c.pile_id},
          {"chargePointId", c.charge_point_id},
          {"action", c.action},
          {"status", core::to_string(c.status)},
          {"request", stored_json(c.request_json)},
          {"response", stored_json(c.response_json)},
          {"error", c.error},
          {"requestedBy", c.requested_by},
          {"createdAt", core::format_utc(c.created_at)},
          {"sentAt", time_json(c.sent_at)},
          {"completedAt", time_json(c.completed_at)}};
}

}  // namespace ct::api
