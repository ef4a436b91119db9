// The remote commands the API accepts, and how each request body becomes an OCPP 1.6
// request payload (camelCase per the OCPP 1.6 JSON schemas). Pure: no store, no I/O.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/api/json_fields.hpp"

namespace ct::api {

struct CommandRequest {
  nlohmann::json payload;                      // OCPP request payload
  std::optional<int> connector_id;             // connector the command addresses, if any (0 = pile)
  std::optional<std::int64_t> transaction_id;  // stop-transaction only
  std::string id_tag;                          // start-transaction only
};

struct CommandSpec {
  const char* name;    // URL name, e.g. "start-transaction"
  const char* action;  // OCPP action, e.g. "RemoteStartTransaction"
  bool ykc_supported;  // has an equivalent in the YKC 1.6 protocol
  CommandRequest (*build)(Fields& body);
  bool ocpp_supported = true;  // false: a YKC 1.6 command without an OCPP 1.6 equivalent
};

// nullptr for an unknown command name.
const CommandSpec* find_command(const std::string& name);
// All command names, for error messages and docs.
std::string command_names();

}  // namespace ct::api
