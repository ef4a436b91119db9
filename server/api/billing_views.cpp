#include "server/api/billing_views.hpp"

#include <cstdio>

#include "server/api/json_views.hpp"
#include "server/billing/bill_json.hpp"
#include "server/core/clock.hpp"

namespace ct::api {

using nlohmann::json;

namespace {

std::string local_hhmm(const billing::TimeZone& zone, core::UtcMillis t) {
  auto l = zone.to_local(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", l.hour, l.minute);
  return buf;
}

json opt_id(const std::optional<core::Id>& v) {
  return v ? json(*v) : json(nullptr);
}

json opt_int(const std::optional<std::int64_t>& v) {
  return v ? json(*v) : json(nullptr);
}

json flags_json(const std::string& flags) {
  auto out = json::array();
  std::size_t at = 0;
  while (at < flags.size()) {
    auto comma = flags.find(',', at);
    if (comma == std::string::npos) comma = flags.size();
    if (comma > at) out.push_back(flags.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

}  // namespace

json tariff_json(const store::Tariff& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"description", t.description},
          {"createdAt", core::format_utc(t.created_at)},
          {"updatedAt", core::format_utc(t.updated_at)}};
}

json tariff_version_json(const store::TariffVersionRecord& v) {
  json prices = json::object();
  for (auto p : billing::kPeriods) {
    const auto& pr = v.version.price(p);
    prices[billing::to_string(p)] =
        pr ? json{{"electricityPriceE5", pr->electricity_price_e5},
                  {"servicePriceE5", pr->service_price_e5},
                  {"totalPriceE5", pr->electricity_price_e5 + pr->service_price_e5}}
           : json(nullptr);
  }
  json slots = json::array();
  for (auto p : v.version.slots) slots.push_back(billing::to_string(p));
  return {{"id", v.version.id},
          {"tariffId", v.tariff_id},
          {"versionNo", v.version_no},
          {"effectiveFrom", core::format_utc(v.version.effective_from)},
          {"prices", prices},
          {"slots", slots},
          {"idleFee",
           {{"graceMinutes", v.version.idle_fee.grace_minutes},
            {"pricePerMinuteE4", v.version.idle_fee.price_per_minute_e4},
            {"capE4", v.version.idle_fee.cap_e4}}},
          {"createdBy", v.created_by},
          {"createdAt", core::format_utc(v.created_at)}};
}

json price_slot_json(const billing::PriceSlot& s, const billing::TimeZone& zone) {
  return {{"slot", s.slot},
          {"from", core::format_utc(s.from)},
          {"to", core::format_utc(s.to)},
          {"localStart", local_hhmm(zone, s.from)},
          {"localDate", billing::to_string(s.local_date)},
          {"period", billing::to_string(s.period)},
          {"tariffVersionId", s.tariff_version_id},
          {"electricityPriceE5", s.electricity_price_e5},
          {"servicePriceE5", s.service_price_e5},
          {"totalPriceE5", s.electricity_price_e5 + s.service_price_e5}};
}

json order_json(const orders::Order& o) {
  json j = {{"id", o.id},
            {"orderNo", o.order_no},
            {"state", orders::to_string(o.state)},
            {"driverId", opt_id(o.driver_id)},
            {"stationId", opt_id(o.station_id)},
            {"pileId", o.pile_id},
            {"chargePointId", o.charge_point_id},
            {"connectorId", o.connector_id},
            {"idTag", o.id_tag},
            {"startMethod", orders::to_string(o.start_method)},
            {"transactionId", opt_int(o.transaction_id)},
            {"tariffId", opt_id(o.tariff_id)},
            {"tariffVersionId", opt_id(o.tariff_version_id)},
            {"startCommandId", opt_id(o.start_command_id)},
            {"stopCommandId", opt_id(o.stop_command_id)},
            {"meterStartWh", opt_int(o.meter_start_wh)},
            {"meterStopWh", opt_int(o.meter_stop_wh)},
            {"energyWh", o.energy_wh},
            {"amountE4", o.amount_e4},
            {"idleFeeE4", o.idle_fee_e4},
            {"payableFen", o.payable_fen},
            {"heldFen", o.hold_cash_fen + o.hold_gift_fen},
            {"chargedFen", o.charged_cash_fen + o.charged_gift_fen},
            {"chargedCashFen", o.charged_cash_fen},
            {"chargedGiftFen", o.charged_gift_fen},
            {"debtFen", o.debt_fen},
            {"flags", flags_json(o.flags)},
            {"chargerAmountE4", opt_int(o.charger_amount_e4)},
            {"stopReason", o.stop_reason},
            {"failureReason", o.failure_reason},
            {"createdAt", core::format_utc(o.created_at)},
            {"startDeadlineAt", time_json(o.start_deadline_at)},
            {"startedAt", time_json(o.started_at)},
            {"chargingEndedAt", time_json(o.charging_ended_at)},
            {"stoppedAt", time_json(o.stopped_at)},
            {"unpluggedAt", time_json(o.unplugged_at)},
            {"settledAt", time_json(o.settled_at)},
            {"updatedAt", core::format_utc(o.updated_at)}};
  return j;
}

json order_event_json(const orders::OrderEventRecord& e) {
  return {{"id", e.id},        {"at", core::format_utc(e.at)},
          {"event", e.event},  {"from", e.from_state},
          {"to", e.to_state},  {"actor", e.actor},
          {"detail", e.detail}};
}

json wallet_json(const store::WalletRow& w) {
  const auto& b = w.balances;
  return {{"driverId", w.driver_id},
          {"balanceFen", b.balance()},
          {"giftFen", b.gift_total()},
          {"frozenFen", b.frozen()},
          {"availableFen", b.available()},
          {"accounts",
           {{"cash", b.cash},
            {"gift", b.gift},
            {"heldCash", b.held_cash},
            {"heldGift", b.held_gift},
            {"refunding", b.refunding}}},
          {"entries", w.entries},
          {"updatedAt", core::format_utc(w.updated_at)}};
}

json journal_json(const wallet::JournalRecord& r) {
  json lines = json::array();
  wallet::Fen wallet_change = 0;
  for (const auto& l : r.entry.lines) {
    lines.push_back({{"account", l.account_name()}, {"amountFen", l.amount}});
    if (l.wallet_account && (*l.wallet_account == wallet::WalletAccount::Cash ||
                             *l.wallet_account == wallet::WalletAccount::Gift)) {
      wallet_change += l.amount;
    }
  }
  return {{"id", r.id},
          {"kind", wallet::to_string(r.entry.kind)},
          {"reference", r.entry.reference},
          {"memo", r.entry.memo},
          {"availableChangeFen", wallet_change},
          {"lines", lines},
          {"createdAt", core::format_utc(r.created_at)}};
}

json payment_json(const wallet::Payment& p) {
  return {{"id", p.id},
          {"driverId", p.driver_id},
          {"kind", wallet::to_string(p.kind)},
          {"provider", p.provider},
          {"amountFen", p.amount_fen},
          {"status", wallet::to_string(p.status)},
          {"providerOrderId", p.provider_order_id},
          {"providerTransactionId", p.provider_txn_id ? json(*p.provider_txn_id) : json(nullptr)},
          {"refundId", opt_id(p.refund_request_id)},
          {"notifications", p.notifications},
          {"createdAt", core::format_utc(p.created_at)},
          {"completedAt", time_json(p.completed_at)}};
}

json refund_json(const wallet::RefundRequest& r) {
  return {{"id", r.id},
          {"driverId", r.driver_id},
          {"amountFen", r.amount_fen},
          {"status", wallet::to_string(r.status)},
          {"reason", r.reason},
          {"decidedBy", r.decided_by},
          {"decisionNote", r.decision_note},
          {"createdAt", core::format_utc(r.created_at)},
          {"decidedAt", time_json(r.decided_at)}};
}

json policy_json(const wallet::TenantPolicy& p) {
  return {{"minStartBalanceFen", p.min_start_balance_fen},
          {"refundNeedsApproval", p.refund_needs_approval},
          {"startTimeoutS", p.start_timeout_s}};
}

}  // namespace ct::api
