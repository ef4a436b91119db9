// Billing values as the API's JSON: tariffs and versions, price slots, orders, wallets,
// journal entries, payments and refunds. Money keeps its unit in the field name
// (...PriceE5 1e-5 yuan/kWh, ...E4 1e-4 yuan, ...Fen fen); energy in Wh.
#pragma once

#include <nlohmann/json.hpp>

#include "server/billing/tariff.hpp"
#include "server/billing/tariff_schedule.hpp"
#include "server/orders/order.hpp"
#include "server/store/tariff_store.hpp"
#include "server/store/wallet_store.hpp"
#include "server/wallet/payment.hpp"

namespace ct::api {

nlohmann::json tariff_json(const store::Tariff& t);
nlohmann::json tariff_version_json(const store::TariffVersionRecord& v);
nlohmann::json price_slot_json(const billing::PriceSlot& s, const billing::TimeZone& zone);
nlohmann::json order_json(const orders::Order& o);
nlohmann::json order_event_json(const orders::OrderEventRecord& e);
nlohmann::json wallet_json(const store::WalletRow& w);
nlohmann::json journal_json(const wallet::JournalRecord& r);
nlohmann::json payment_json(const wallet::Payment& p);
nlohmann::json refund_json(const wallet::RefundRequest& r);
nlohmann::json policy_json(const wallet::TenantPolicy& p);

}  // namespace ct::api
