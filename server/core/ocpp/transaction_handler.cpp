#include "server/core/ocpp/transaction_handler.hpp"

#include "server/core/log.hpp"
#include "server/core/ocpp/authorize.hpp"
#include "server/core/ocpp/call_rejection.hpp"
#include "server/core/ocpp/events.hpp"
#include "server/core/ocpp/meter_samples.hpp"

namespace ct::core {
namespace {

// A StartTransaction from a charger that never booted still needs a pile row to hang
// the transaction on: record it as unbound, as its BootNotification would have.
const Pile& ensure_pile(const ServiceContext& ctx, CallContext& call) {
  if (!call.pile) {
    try {
      call.pile =
          ctx.store.create_unbound_pile(call.charge_point_id, store::BootInfo{}, ctx.clock.now());
      ctx.store.set_online(call.pile->id, true);
      call.pile->online = true;
    } catch (const store::ConflictError&) {
      call.pile = ctx.store.find_pile_by_charge_point_id(call.charge_point_id);
      if (!call.pile) throw;
    }
    log::warn("transaction_before_boot",
              {{"chargePointId", call.charge_point_id}, {"pileId", call.pile->id}});
  }
  return *call.pile;
}

nlohmann::json stop_answer(const ServiceContext& ctx, const std::optional<Pile>& pile,
                           const std::optional<std::string>& id_tag) {
  ocpp16::StopTransactionResponse resp;
  if (id_tag) {
    // The stopping tag is charging by definition: no ConcurrentTx here.
    resp.id_tag_info = authorize_id_tag(ctx, pile, *id_tag, TagCheck::without_concurrency());
  }
  return ocpp16::encode(resp);
}

// A Stop for a transaction we do not know (id 0/-1, another pile's, never started):
// idTagInfo Invalid when an idTag was sent, else an empty answer.
nlohmann::json unknown_stop_answer(const std::optional<std::string>& id_tag) {
  ocpp16::StopTransactionResponse resp;
  if (id_tag) resp.id_tag_info = invalid_id_tag_info();
  return ocpp16::encode(resp);
}

void clear_connector_if_current(const ServiceContext& ctx, const Pile& pile,
                                const Transaction& tx) {
  for (const auto& c : pile.connectors) {
    if (c.connector_id != tx.connector_id) continue;
    // A newer transaction on this connector (the stopped one was a zombie) stays.
    if (c.current_transaction_id && *c.current_transaction_id != tx.id) return;
    break;
  }
  ctx.store.set_connector_transaction(pile.id, tx.connector_id, std::nullopt);
}

}  // namespace

nlohmann::json handle_start_transaction(const ServiceContext& ctx, CallContext& call,
                                        const ocpp16::StartTransactionRequest& req) {
  const int connector_id = checked_connector_id(req.connector_id, 1);
  const Pile& pile = ensure_pile(ctx, call);
  const UtcMillis started_at = req.timestamp.epoch_ms;

  // Find-or-create in one database transaction: a resend racing the original cannot
  // create a second transaction.
  std::optional<Transaction> existing;
  std::optional<Transaction> zombie;
  Transaction created;
  ocpp16::IdTagInfo info;
  ctx.store.in_transaction([&] {
    existing = ctx.store.find_transaction_by_start(pile.id, connector_id, req.id_tag,
                                                   req.meter_start, started_at);
    if (existing) {
      info = authorize_id_tag(ctx, call.pile, req.id_tag, TagCheck::excluding(existing->id));
      return;
    }
    // Decided before the transaction exists: it must not count against its own tag.
    info = authorize_id_tag(ctx, call.pile, req.id_tag, TagCheck{});
    // An older transaction still active on this connector (power loss, lost Stop) stays
    // active for the operator to see and close, or for its late StopTransaction.
    zombie = ctx.store.active_transaction_on(pile.id, connector_id);

    Transaction tx;
    tx.tenant_id = pile.tenant_id;
    tx.pile_id = pile.id;
    tx.charge_point_id = pile.charge_point_id;
    tx.connector_id = connector_id;
    tx.id_tag = req.id_tag;
    tx.meter_start_wh = req.meter_start;
    tx.started_at = started_at;
    tx.reservation_id = req.reservation_id;
    created = ctx.store.create_transaction(tx);
    ctx.store.set_connector_transaction(pile.id, connector_id, created.id);
  });

  if (existing) {
    log::info("start_transaction_resend", {{"chargePointId", call.charge_point_id},
                                           {"transactionId", existing->id},
                                           {"connectorId", connector_id},
                                           {"uniqueId", call.unique_id}});
    ocpp16::StartTransactionResponse resp;
    resp.transaction_id = existing->id;
    resp.id_tag_info = info;
    return ocpp16::encode(resp);
  }
  if (zombie) {
    log::warn("zombie_transaction", {{"chargePointId", call.charge_point_id},
                                     {"transactionId", zombie->id},
                                     {"connectorId", connector_id},
                                     {"newTransactionId", created.id}});
  }

  auto ev = make_event(ctx.clock.now(), pile);
  auto* body = ev.mutable_transaction_started();
  body->set_transaction_id(created.id);
  body->set_connector_id(connector_id);
  body->set_id_tag(req.id_tag);
  body->set_meter_start_wh(req.meter_start);
  body->set_started_at_ms(started_at);
  ctx.bus.publish(std::move(ev));

  log::info("start_transaction", {{"chargePointId", call.charge_point_id},
                                  {"transactionId", created.id},
                                  {"connectorId", connector_id},
                                  {"idTag", req.id_tag},
                                  {"meterStart", req.meter_start},
                                  {"idTagStatus", ocpp16::to_string(info.status)}});

  ocpp16::StartTransactionResponse resp;
  resp.transaction_id = created.id;
  resp.id_tag_info = info;
  return ocpp16::encode(resp);
}

nlohmann::json handle_stop_transaction(const ServiceContext& ctx, const CallContext& call,
                                       const ocpp16::StopTransactionRequest& req) {
  nlohmann::json fields = {{"chargePointId", call.charge_point_id},
                           {"transactionId", req.transaction_id},
                           {"meterStop", req.meter_stop}};
  if (!call.pile) {
    log::warn("stop_from_unknown_charger", std::move(fields));
    return unknown_stop_answer(req.id_tag);
  }
  const Pile& pile = *call.pile;
  const std::vector<ocpp16::MeterValue> no_data;
  const auto& data = req.transaction_data ? *req.transaction_data : no_data;

  enum class Outcome { Unknown, Resend, Stopped };
  Outcome outcome = Outcome::Unknown;
  std::optional<Transaction> tx;
  store::StopInfo stop;
  std::size_t sample_count = 0;
  ctx.store.in_transaction([&] {
    tx = ctx.store.get_transaction_of_pile(pile.id, req.transaction_id);
    if (!tx) {
      // Id 0/-1 or unknown: keep the data, unattached, for the operator.
      auto samples = to_meter_samples(SampleOwner{pile.tenant_id, pile.id, 0, std::nullopt}, data);
      if (!samples.empty()) ctx.store.insert_meter_samples(samples);
      sample_count = samples.size();
      outcome = Outcome::Unknown;
      return;
    }
    stop.meter_stop_wh = req.meter_stop;
    stop.stopped_at = req.timestamp.epoch_ms;
    stop.reason = req.reason ? std::string(ocpp16::to_string(*req.reason)) : std::string("Local");
    stop.id_tag = req.id_tag.value_or("");
    if (tx->state == "stopped" || !ctx.store.stop_transaction(pile.id, tx->id, stop)) {
      outcome = Outcome::Resend;
      return;
    }
    auto samples =
        to_meter_samples(SampleOwner{pile.tenant_id, pile.id, tx->connector_id, tx->id}, data);
    if (!samples.empty()) ctx.store.insert_meter_samples(samples);
    sample_count = samples.size();
    clear_connector_if_current(ctx, pile, *tx);
    outcome = Outcome::Stopped;
  });

  if (outcome == Outcome::Unknown) {
    fields["unattachedSamples"] = sample_count;
    log::warn("stop_unknown_transaction", std::move(fields));
    return unknown_stop_answer(req.id_tag);
  }
  if (outcome == Outcome::Resend) {
    log::info("stop_transaction_resend", std::move(fields));
    return stop_answer(ctx, call.pile, req.id_tag);
  }

  const std::int64_t energy = req.meter_stop - tx->meter_start_wh;
  if (energy < 0) {
    // Kept as reported: a decreasing meter is the charger's fault and must stay visible.
    log::warn("meter_decreased", {{"chargePointId", call.charge_point_id},
                                  {"transactionId", tx->id},
                                  {"meterStart", tx->meter_start_wh},
                                  {"meterStop", req.meter_stop}});
  }

  auto ev = make_event(ctx.clock.now(), pile);
  auto* body = ev.mutable_transaction_stopped();
  body->set_transaction_id(tx->id);
  body->set_connector_id(tx->connector_id);
  body->set_meter_stop_wh(req.meter_stop);
  body->set_energy_wh(energy);
  body->set_reason(stop.reason);
  body->set_stopped_at_ms(stop.stopped_at);
  body->set_charger_amount_e4(-1);  // OCPP chargers send no bill of their own
  ctx.bus.publish(std::move(ev));

  fields["energyWh"] = energy;
  fields["reason"] = stop.reason;
  log::info("stop_transaction", std::move(fields));
  return stop_answer(ctx, call.pile, req.id_tag);
}

nlohmann::json handle_meter_values(const ServiceContext& ctx, const CallContext& call,
                                   const ocpp16::MeterValuesRequest& req) {
  const int connector_id = checked_connector_id(req.connector_id, 0);
  if (!call.pile) {
    log::warn("meter_values_from_unknown_charger", {{"chargePointId", call.charge_point_id}});
    return ocpp16::encode(ocpp16::MeterValuesResponse{});
  }
  const Pile& pile = *call.pile;
  std::optional<std::int64_t> attach;
  if (req.transaction_id) {
    if (auto tx = ctx.store.get_transaction_of_pile(pile.id, *req.transaction_id)) {
      attach = tx->id;
      if (tx->connector_id != connector_id) {
        log::warn("meter_values_connector_mismatch",
                  {{"chargePointId", call.charge_point_id},
                   {"transactionId", tx->id},
                   {"connectorId", connector_id},
                   {"transactionConnectorId", tx->connector_id}});
      }
    } else {
      log::warn("meter_values_unknown_transaction", {{"chargePointId", call.charge_point_id},
                                                     {"transactionId", *req.transaction_id},
                                                     {"connectorId", connector_id}});
    }
  }
  auto samples =
      to_meter_samples(SampleOwner{pile.tenant_id, pile.id, connector_id, attach}, req.meter_value);
  if (!samples.empty()) ctx.store.insert_meter_samples(samples);

  const auto sum = summarize(samples);
  auto ev = make_event(ctx.clock.now(), pile);
  auto* body = ev.mutable_meter_sampled();
  body->set_transaction_id(attach.value_or(0));
  body->set_connector_id(connector_id);
  body->set_energy_wh(sum.energy_wh);
  body->set_energy_at_ms(sum.energy_at);
  body->set_power_mw(sum.power_mw);
  body->set_sample_count(sum.count);
  ctx.bus.publish(std::move(ev));

  log::debug("meter_values",
             {{"chargePointId", call.charge_point_id},
              {"transactionId", attach ? nlohmann::json(*attach) : nlohmann::json()},
              {"connectorId", connector_id},
              {"samples", sum.count}});
  return ocpp16::encode(ocpp16::MeterValuesResponse{});
}

}  // namespace ct::core
