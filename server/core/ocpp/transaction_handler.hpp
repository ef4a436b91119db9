// StartTransaction, StopTransaction and MeterValues (OCPP 1.6 Core).
//
// Chargers resend (after a reboot, with a new message id): both Start and Stop are
// idempotent by content. Start is keyed by (pile, connector, idTag, meterStart,
// timestamp); Stop by the transaction's state (a stopped transaction answers the same
// and changes nothing). Transaction id 0/-1 or unknown, MeterValues without or with an
// unknown transactionId, a decreasing meter: all answered normally and logged.
// A Stop of an unknown transaction is answered idTagInfo Invalid (when an idTag is sent)
// and its transactionData is stored unattached; a known one answers by the Authorize
// rules without ConcurrentTx (the stopping tag is charging by definition).
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/ocpp16/messages.hpp"
#include "server/core/ocpp/service_context.hpp"

namespace ct::core {

nlohmann::json handle_start_transaction(const ServiceContext& ctx, CallContext& call,
                                        const ocpp16::StartTransactionRequest& req);
nlohmann::json handle_stop_transaction(const ServiceContext& ctx, const CallContext& call,
                                       const ocpp16::StopTransactionRequest& req);
nlohmann::json handle_meter_values(const ServiceContext& ctx, const CallContext& call,
                                   const ocpp16::MeterValuesRequest& req);

}  // namespace ct::core
