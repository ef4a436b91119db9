// Domain model of the CSMS: plain values, no I/O. Units are fixed here once:
// energy in Wh, power in W, coordinates in 1e-6 degrees, time as UTC epoch milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ct::core {

using Id = std::int64_t;
using UtcMillis = std::int64_t;  // milliseconds since 1970-01-01T00:00:00Z

// Every tenant-owned read or write takes a scope. It can only be made from an
// authenticated tenant token (API) or from a pile's own row (gateway), so no query
// can forget which tenant it belongs to.
class TenantScope {
 public:
  static TenantScope of(Id tenant_id) { return TenantScope(tenant_id); }
  Id tenant_id() const { return tenant_id_; }

 private:
  explicit TenantScope(Id id) : tenant_id_(id) {}
  Id tenant_id_;
};

struct Tenant {
  Id id = 0;
  std::string name;
  bool enabled = true;
  UtcMillis created_at = 0;
  UtcMillis updated_at = 0;
};

struct ApiToken {
  Id id = 0;
  Id tenant_id = 0;
  std::string label;
  std::string token_hash;  // hex SHA-256 of the bearer token
  bool revoked = false;
  UtcMillis created_at = 0;
};

struct Station {
  Id id = 0;
  Id tenant_id = 0;
  std::string name;
  std::string address;
  std::string province;
  std::string city;
  std::string district;
  std::int64_t latitude_e6 = 0;   // 1e-6 degrees
  std::int64_t longitude_e6 = 0;  // 1e-6 degrees
  std::string time_zone = "Asia/Shanghai";
  std::string opening_hours;  // free text, e.g. "00:00-24:00"
  std::string parking_info;   // free text shown to drivers
  // What parking costs, for the drivers' app filter: "" (not stated), "free", "paid",
  // "free_while_charging".
  std::string parking_fee_type;
  UtcMillis created_at = 0;
  UtcMillis updated_at = 0;
};

enum class CurrentType { AC, DC };

// A connector as configured plus its live state as last reported by the charger.
struct Connector {
  int connector_id = 1;  // 1..n; 0 is the charger itself and is not stored here
  std::int64_t max_power_w = 0;
  std::string type;                // e.g. "GBT-DC", "GBT-AC", "Type2", "CCS2"
  std::string status = "Unknown";  // OCPP ChargePointStatus
  std::string error_code = "NoError";
  std::string info;
  std::string vendor_id;
  std::string vendor_error_code;
  std::optional<UtcMillis> status_at;
  std::optional<std::int64_t> current_transaction_id;
};

struct Pile {
  Id id = 0;
  Id tenant_id = 0;              // 0 while unbound
  std::optional<Id> station_id;  // empty while unbound
  std::string charge_point_id;   // device serial, unique across the platform
  std::string name;
  std::string vendor;
  std::string model;
  CurrentType current_type = CurrentType::AC;
  std::int64_t max_power_w = 0;
  std::string protocol = "ocpp1.6";  // "ocpp1.6" or "ykc1.6"
  bool enabled = true;
  bool bound = true;          // false: recorded from an unknown charger's boot, awaiting bind
  std::string password_hash;  // empty: no HTTP Basic auth required
  // Reported by the charger.
  std::string serial_number;
  std::string firmware_version;
  std::string iccid;
  std::string imsi;
  std::string meter_type;
  std::string meter_serial_number;
  std::string status = "Unknown";  // connector 0 status
  std::string error_code = "NoError";
  std::string firmware_status;
  std::string diagnostics_status;
  std::optional<UtcMillis> last_boot_at;
  std::optional<UtcMillis> last_heartbeat_at;  // any inbound message
  bool online = false;                         // socket up; reset to false when the server starts
  std::vector<Connector> connectors;
  UtcMillis created_at = 0;
  UtcMillis updated_at = 0;
};

struct IdTag {
  Id id = 0;
  Id tenant_id = 0;
  std::string id_tag;               // up to 20 chars (OCPP CiString20)
  std::string kind = "rfid";        // "rfid" or "app"
  std::string status = "Accepted";  // Accepted, Blocked, Expired
  std::optional<UtcMillis> expiry;
  std::string parent_id_tag;
  std::string holder;  // free text: who carries the card
  UtcMillis created_at = 0;
  UtcMillis updated_at = 0;
};

struct Transaction {
  std::int64_t id = 0;  // the OCPP transactionId given to the charger
  Id tenant_id = 0;
  Id pile_id = 0;
  std::string charge_point_id;
  int connector_id = 0;
  std::string id_tag;
  std::int64_t meter_start_wh = 0;
  UtcMillis started_at = 0;  // charger's timestamp
  std::optional<int> reservation_id;
  std::optional<std::int64_t> meter_stop_wh;
  std::optional<UtcMillis> stopped_at;
  std::string stop_reason;  // OCPP Reason, "Local" when absent
  std::string stop_id_tag;
  std::string state = "active";  // "active" or "stopped"
  // The protocol's own name for the session, when it has one (YKC: the transaction serial).
  std::string reference;
  UtcMillis created_at = 0;
  UtcMillis updated_at = 0;
};

struct MeterSample {
  Id id = 0;
  Id tenant_id = 0;
  Id pile_id = 0;
  int connector_id = 0;
  std::optional<std::int64_t> transaction_id;
  UtcMillis timestamp = 0;
  std::string measurand = "Energy.Active.Import.Register";
  std::string phase;
  std::string unit = "Wh";
  std::string context = "Sample.Periodic";
  std::string location;
  std::string format = "Raw";
  std::string value;  // as sent by the charger
  // Energy measurands normalised to integer Wh; other measurands scaled by 1000
  // (e.g. W -> mW, A -> mA, V -> mV, Percent -> 1e-3 %). Empty when not numeric.
  std::optional<std::int64_t> normalized;
};

struct StatusEvent {
  Id id = 0;
  Id tenant_id = 0;
  Id pile_id = 0;
  int connector_id = 0;
  std::string status;
  std::string error_code;
  std::string info;
  std::string vendor_id;
  std::string vendor_error_code;
  std::optional<UtcMillis> timestamp;  // charger's
  UtcMillis received_at = 0;
};

enum class CommandStatus { Pending, Sent, Accepted, Rejected, TimedOut, Failed };

struct Command {
  Id id = 0;
  Id tenant_id = 0;
  Id pile_id = 0;
  std::string charge_point_id;
  std::string action;        // OCPP action, e.g. "RemoteStartTransaction"
  std::string request_json;  // payload sent to the charger
  CommandStatus status = CommandStatus::Pending;
  std::string response_json;  // charger's CALLRESULT payload or CALLERROR
  std::string error;          // why it failed, for people
  std::string requested_by;   // token label / user
  UtcMillis created_at = 0;
  std::optional<UtcMillis> sent_at;
  std::optional<UtcMillis> completed_at;
};

// A charger-initiated message we keep verbatim for audit (DataTransfer, firmware and
// diagnostics notifications).
struct ChargerMessage {
  Id id = 0;
  Id tenant_id = 0;
  Id pile_id = 0;
  std::string action;
  std::string payload_json;
  UtcMillis received_at = 0;
};

const char* to_string(CommandStatus s);
std::optional<CommandStatus> command_status_from_string(const std::string& s);
const char* to_string(CurrentType t);
std::optional<CurrentType> current_type_from_string(const std::string& s);

}  // namespace ct::core
