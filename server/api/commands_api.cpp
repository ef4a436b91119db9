// Tenant endpoints: remote commands to a pile and the command log.
// A command is refused immediately when it cannot work (unknown pile 404, bad body 400,
// protocol without equivalent 422, pile offline 503, state forbids it 409); otherwise it
// is stored as pending, announced on the bus, handed to the gateway and answered 202.
#include <algorithm>

#include "server/api/command_payloads.hpp"
#include "server/api/envelope.hpp"
#include "server/api/handler.hpp"
#include "server/api/json_views.hpp"
#include "server/api/query_params.hpp"
#include "server/commands/command_issuer.hpp"
#include "server/core/log.hpp"

namespace ct::api {
namespace {

// Connector states in which a new transaction cannot start.
bool busy_status(const std::string& s) {
  static const char* const kBusy[] = {"Charging",  "SuspendedEV", "SuspendedEVSE",
                                      "Finishing", "Faulted",     "Unavailable"};
  return std::any_of(std::begin(kBusy), std::end(kBusy), [&](const char* b) { return s == b; });
}

const core::Connector* find_connector(const core::Pile& p, int connector_id) {
  for (const auto& c : p.connectors) {
    if (c.connector_id == connector_id) return &c;
  }
  return nullptr;
}

[[noreturn]] void conflict(const std::string& why) {
  throw ApiError(ErrorCode::kStateConflict, why);
}

const core::Connector& require_connector(const core::Pile& p, int connector_id) {
  const auto* c = find_connector(p, connector_id);
  if (c == nullptr) {
    conflict("pile " + p.charge_point_id + " has no connector " + std::to_string(connector_id));
  }
  return *c;
}

// Why a transaction cannot start on this connector, or empty.
std::string start_refusal(Call& c, const core::Pile& p, const core::Connector& conn) {
  if (busy_status(conn.status)) {
    return "connector " + std::to_string(conn.connector_id) + " is " + conn.status;
  }
  if (conn.current_transaction_id || c.ctx.store.active_transaction_on(p.id, conn.connector_id)) {
    return "connector " + std::to_string(conn.connector_id) + " already has an active transaction";
  }
  return {};
}

void check_state(Call& c, const CommandSpec& spec, const CommandRequest& req, const core::Pile& p) {
  std::string name = spec.name;
  if (name == "start-transaction") {
    if (!p.enabled) conflict("pile " + p.charge_point_id + " is disabled; enable it first");
    if (req.connector_id) {
      auto why = start_refusal(c, p, require_connector(p, *req.connector_id));
      if (!why.empty()) conflict(why);
    } else {
      bool any_free =
          std::any_of(p.connectors.begin(), p.connectors.end(),
                      [&](const core::Connector& k) { return start_refusal(c, p, k).empty(); });
      if (!any_free) conflict("no connector of pile " + p.charge_point_id + " is free");
    }
  } else if (name == "stop-transaction") {
    auto t = c.ctx.store.get_transaction_of_pile(p.id, *req.transaction_id);
    if (!t || t->state != "active") {
      conflict("transaction " + std::to_string(*req.transaction_id) + " is not active on pile " +
               p.charge_point_id);
    }
  } else if (name == "send-local-list" && p.protocol == "ykc1.6") {
    // A YKC pile adds cards (0x44, up to 15) or removes them (0x46, up to 24) per frame.
    std::size_t adds = 0, removes = 0;
    for (const auto& e : req.payload["localAuthorizationList"]) {
      const bool add = e.contains("idTagInfo") && e["idTagInfo"].value("status", "") == "Accepted";
      (add ? adds : removes) += 1;
    }
    if (adds > 0 && removes > 0)
      throw ApiError(ErrorCode::kUnsupportedByProtocol,
                     "a ykc1.6 pile takes added and removed offline cards in separate commands");
    if (adds > 15 || removes > 24)
      throw ApiError(
          ErrorCode::kUnsupportedByProtocol,
          "a ykc1.6 pile takes at most 15 added or 24 removed offline cards per command");
    if (adds + removes == 0)
      throw ApiError(ErrorCode::kUnsupportedByProtocol,
                     "a ykc1.6 pile cannot clear its whole offline card list; name the cards");
  } else if (req.connector_id && *req.connector_id > 0) {
    require_connector(p, *req.connector_id);
  }
}

Reply send_command(Call& c) {
  const auto& name = c.param("name");
  const CommandSpec* spec = find_command(name);
  if (spec == nullptr) {
    throw ApiError(ErrorCode::kRouteNotFound,
                   "unknown command " + name + "; commands: " + command_names());
  }
  auto pile_id = c.id_param("pileId", "pile");
  auto pile = c.ctx.store.get_pile(c.scope(), pile_id);
  if (!pile) throw_not_found("pile " + std::to_string(pile_id));
  if (pile->protocol == "ykc1.6" && !spec->ykc_supported) {
    throw ApiError(ErrorCode::kUnsupportedByProtocol,
                   std::string(spec->name) + " has no equivalent in the ykc1.6 protocol");
  }
  if (pile->protocol != "ykc1.6" && !spec->ocpp_supported) {
    throw ApiError(
        ErrorCode::kUnsupportedByProtocol,
        std::string(spec->name) + " has no equivalent in the " + pile->protocol + " protocol");
  }
  auto f = c.body();
  CommandRequest req = spec->build(f);
  f.reject_unknown();
  if (!c.ctx.commands.is_online(pile->charge_point_id)) {
    throw ApiError(ErrorCode::kPileOffline,
                   "pile " + pile->charge_point_id + " is offline; retry when it reconnects");
  }
  check_state(c, *spec, req, *pile);

  // The same path as the order service's commands: stored, announced, dispatched.
  auto cmd = c.services().issuer.issue(*pile, spec->action, req.payload, c.who.label);
  return {202, {{"commandId", cmd.id}, {"status", core::to_string(cmd.status)}}};
}

Reply get_command(Call& c) {
  auto id = c.id_param("commandId", "command");
  auto cmd = c.ctx.store.get_command(c.scope(), id);
  if (!cmd) throw_not_found("command " + std::to_string(id));
  return {200, command_json(*cmd)};
}

Reply list_pile_commands(Call& c) {
  auto pile_id = c.id_param("pileId", "pile");
  if (!c.ctx.store.get_pile(c.scope(), pile_id)) throw_not_found("pile " + std::to_string(pile_id));
  auto page = page_of(c.req.query);
  auto p = c.ctx.store.list_commands(c.scope(), pile_id, page);
  return {200, page_json(json_array(p.items, command_json), p.total, page.limit, page.offset)};
}

}  // namespace

void add_command_routes(Routes& r) {
  r.add("POST", "/api/v1/piles/{pileId}/commands/{name}", {Access::Tenant, send_command});
  r.add("GET", "/api/v1/piles/{pileId}/commands", {Access::Tenant, list_pile_commands});
  r.add("GET", "/api/v1/commands/{commandId}", {Access::Tenant, get_command});
}

}  // namespace ct::api
