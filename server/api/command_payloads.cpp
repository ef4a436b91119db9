#include "server/api/command_payloads.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace ct::api {
namespace {

constexpr std::int64_t kMaxConnectorId = 99;

void check_ci_string(Fields& f, const char* name, const std::string& v) {
  for (unsigned char ch : v) {
    if (ch < 0x20 || ch > 0x7e) f.invalid(name, "must contain printable ASCII characters only");
  }
}

CommandRequest start_transaction(Fields& f) {
  CommandRequest r;
  r.payload = nlohmann::json::object();
  if (auto cid = f.opt_int("connectorId", 1, kMaxConnectorId)) {
    r.connector_id = static_cast<int>(*cid);
    r.payload["connectorId"] = *cid;
  }
  r.id_tag = f.req_string("idTag", 1, 20);
  check_ci_string(f, "idTag", r.id_tag);
  r.payload["idTag"] = r.id_tag;
  if (auto profile = f.opt_object("chargingProfile")) r.payload["chargingProfile"] = *profile;
  return r;
}

CommandRequest stop_transaction(Fields& f) {
  CommandRequest r;
  r.transaction_id = f.req_int("transactionId", 1, INT32_MAX);  // OCPP integer
  r.payload = {{"transactionId", *r.transaction_id}};
  return r;
}

CommandRequest reset(Fields& f) {
  return {{{"type", f.req_enum("type", {"Hard", "Soft"})}}, std::nullopt, std::nullopt, {}};
}

CommandRequest unlock_connector(Fields& f) {
  CommandRequest r;
  r.connector_id = static_cast<int>(f.req_int("connectorId", 1, kMaxConnectorId));
  r.payload = {{"connectorId", *r.connector_id}};
  return r;
}

CommandRequest change_availability(Fields& f) {
  CommandRequest r;
  r.connector_id = static_cast<int>(f.req_int("connectorId", 0, kMaxConnectorId));
  auto type = f.req_enum("type", {"Inoperative", "Operative"});
  r.payload = {{"connectorId", *r.connector_id}, {"type", type}};
  return r;
}

CommandRequest change_configuration(Fields& f) {
  auto key = f.req_string("key", 1, 50);
  auto value = f.req_string("value", 0, 500);
  return {{{"key", key}, {"value", value}}, std::nullopt, std::nullopt, {}};
}

CommandRequest get_configuration(Fields& f) {
  CommandRequest r;
  r.payload = nlohmann::json::object();
  if (auto keys = f.opt_array("keys")) {
    if (keys->size() > 100) f.invalid("keys", "must list at most 100 keys");
    for (std::size_t i = 0; i < keys->size(); ++i) {
      const auto& k = (*keys)[i];
      if (!k.is_string() || k.get<std::string>().empty() || k.get<std::string>().size() > 50) {
        f.invalid("keys[" + std::to_string(i) + "]", "must be a string of 1..50 characters");
      }
    }
    if (!keys->empty()) r.payload["key"] = *keys;
  }
  return r;
}

CommandRequest trigger_message(Fields& f) {
  CommandRequest r;
  auto msg = f.req_enum("requestedMessage", {"BootNotification", "DiagnosticsStatusNotification",
                                             "FirmwareStatusNotification", "Heartbeat",
                                             "MeterValues", "StatusNotification"});
  r.payload = {{"requestedMessage", msg}};
  if (auto cid = f.opt_int("connectorId", 0, kMaxConnectorId)) {
    r.connector_id = static_cast<int>(*cid);
    r.payload["connectorId"] = *cid;
  }
  return r;
}

CommandRequest clear_cache(Fields&) {
  return {nlohmann::json::object(), std::nullopt, std::nullopt, {}};
}

CommandRequest data_transfer(Fields& f) {
  CommandRequest r;
  r.payload = {{"vendorId", f.req_string("vendorId", 1, 255)}};
  if (auto m = f.opt_string("messageId", 1, 50)) r.payload["messageId"] = *m;
  // OCPP's data is free text: a JSON value that is not a string is sent serialised.
  if (const auto* d = f.raw("data"); d != nullptr && !d->is_null()) {
    r.payload["data"] = d->is_string() ? d->get<std::string>() : d->dump();
  }
  return r;
}

// OCPP UpdateFirmware: where the image is and when to fetch it (default: now). A YKC pile
// takes ftp://user:password@host:port/path (0x94; the session checks the parts' sizes).
CommandRequest update_firmware(Fields& f) {
  CommandRequest r;
  auto location = f.req_string("location", 1, 512);
  check_ci_string(f, "location", location);
  if (location.find("://") == std::string::npos)
    f.invalid("location", "must be a URI such as ftp://user:password@host:21/firmware.bin");
  r.payload = {{"location", location}};
  if (const auto* d = f.raw("retrieveDate"); d != nullptr && !d->is_null()) {
    if (!d->is_string()) f.invalid("retrieveDate", "must be an RFC 3339 time");
    r.payload["retrieveDate"] = d->get<std::string>();
  }
  if (auto retries = f.opt_int("retries", 0, 10)) r.payload["retries"] = *retries;
  return r;
}

// YKC 0x62: raise or lower the parking lock of a gun's bay.
CommandRequest parking_lock(Fields& f) {
  CommandRequest r;
  r.connector_id = static_cast<int>(f.req_int("connectorId", 1, kMaxConnectorId));
  r.payload = {{"connectorId", *r.connector_id},
               {"action", f.req_enum("action", {"raise", "lower"})}};
  return r;
}

// YKC 0x48: which of these cards (16 hex digits, at most 26: one frame) the pile's offline
// list holds.
CommandRequest query_offline_cards(Fields& f) {
  auto tags = f.opt_array("idTags");
  if (!tags || tags->empty() || tags->size() > 26) {
    f.invalid("idTags", "must list 1..26 YKC card numbers");
  }
  for (std::size_t i = 0; i < tags->size(); ++i) {
    const auto& t = (*tags)[i];
    const std::string tag = t.is_string() ? t.get<std::string>() : std::string();
    const bool card = tag.size() == 16 && std::all_of(tag.begin(), tag.end(), [](unsigned char ch) {
                        return std::isxdigit(ch) != 0;
                      });
    if (!card)
      f.invalid("idTags[" + std::to_string(i) + "]",
                "must be a YKC card number: 16 hex digits of the card's 8 bytes");
  }
  CommandRequest r;
  r.payload = {{"idTags", *tags}};
  return r;
}

// OCPP SendLocalList; on a YKC pile the offline card list (0x44 adds, 0x46 removes: one
// kind per command, YKC card id tags of 16 hex digits).
CommandRequest send_local_list(Fields& f) {
  CommandRequest r;
  auto version = f.req_int("listVersion", 0, INT32_MAX);
  auto type = f.req_enum("updateType", {"Differential", "Full"});
  nlohmann::json list = nlohmann::json::array();
  if (auto entries = f.opt_array("localAuthorizationList")) {
    if (entries->size() > 1000)
      f.invalid("localAuthorizationList", "must list at most 1000 id tags");
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const auto& e = (*entries)[i];
      const auto field = "localAuthorizationList[" + std::to_string(i) + "]";
      if (!e.is_object() || !e.contains("idTag") || !e["idTag"].is_string() ||
          e["idTag"].get<std::string>().empty() || e["idTag"].get<std::string>().size() > 20)
        f.invalid(field + ".idTag", "must be a string of 1..20 characters");
      nlohmann::json entry = {{"idTag", e["idTag"]}};
      if (e.contains("idTagInfo")) {
        const auto& info = e["idTagInfo"];
        static const char* const kStatus[] = {"Accepted", "Blocked", "Expired", "Invalid",
                                              "ConcurrentTx"};
        bool ok = info.is_object() && info.contains("status") && info["status"].is_string();
        if (ok) {
          const auto st = info["status"].get<std::string>();
          ok = std::any_of(std::begin(kStatus), std::end(kStatus),
                           [&](const char* k) { return st == k; });
        }
        if (!ok)
          f.invalid(field + ".idTagInfo.status",
                    "must be Accepted, Blocked, Expired, Invalid or ConcurrentTx");
        entry["idTagInfo"] = {{"status", info["status"]}};
      }
      list.push_back(std::move(entry));
    }
  }
  r.payload = {{"listVersion", version}, {"updateType", type}, {"localAuthorizationList", list}};
  return r;
}

constexpr CommandSpec kCommands[] = {
    {"start-transaction", "RemoteStartTransaction", true, start_transaction},
    {"stop-transaction", "RemoteStopTransaction", true, stop_transaction},
    {"reset", "Reset", true, reset},
    {"unlock-connector", "UnlockConnector", false, unlock_connector},
    {"change-availability", "ChangeAvailability", true, change_availability},
    {"change-configuration", "ChangeConfiguration", false, change_configuration},
    {"get-configuration", "GetConfiguration", false, get_configuration},
    {"trigger-message", "TriggerMessage", false, trigger_message},
    {"clear-cache", "ClearCache", false, clear_cache},
    {"data-transfer", "DataTransfer", false, data_transfer},
    {"update-firmware", "UpdateFirmware", true, update_firmware},
    {"send-local-list", "SendLocalList", true, send_local_list},
    {"parking-lock", "ParkingLock", true, parking_lock, false},
    {"query-offline-cards", "QueryOfflineCards", true, query_offline_cards, false},
};

}  // namespace

const CommandSpec* find_command(const std::string& name) {
  for (const auto& c : kCommands) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

std::string command_names() {
  std::string out;
  for (const auto& c : kCommands) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out;
}

}  // namespace ct::api
