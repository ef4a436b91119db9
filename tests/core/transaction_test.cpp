// StartTransaction and StopTransaction: creation, idempotent resends, unknown ids.
#include "tests/core/charge_point_fixture.hpp"

namespace ct::test {
namespace {

using Body = events::Event::BodyCase;

class TransactionTest : public ChargePointTest {
 protected:
  void SetUp() override { standard_setup(); }

  std::vector<core::Transaction> transactions() {
    return store_.list_transactions(core::TenantScope::of(tenant_.id), {}).items;
  }
  std::optional<std::int64_t> current_tx(int connector) {
    for (const auto& c : reload(pile_).connectors) {
      if (c.connector_id == connector) return c.current_transaction_id;
    }
    return std::nullopt;
  }
};

TEST_F(TransactionTest, StartCreatesTransactionWithChargerTimestamp) {
  const core::UtcMillis at = clock_.now() - 30'000;  // charger clock differs from ours
  json r = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 1200, at));
  // Its own transaction does not make the tag ConcurrentTx.
  EXPECT_EQ(r["idTagInfo"]["status"], "Accepted");
  ASSERT_TRUE(r["transactionId"].is_number_integer());
  const std::int64_t id = r["transactionId"];

  auto tx = store_.get_transaction(core::TenantScope::of(tenant_.id), id);
  ASSERT_TRUE(tx.has_value());
  EXPECT_EQ(tx->pile_id, pile_.id);
  EXPECT_EQ(tx->tenant_id, tenant_.id);
  EXPECT_EQ(tx->charge_point_id, "CP1");
  EXPECT_EQ(tx->connector_id, 1);
  EXPECT_EQ(tx->id_tag, "TAG1");
  EXPECT_EQ(tx->meter_start_wh, 1200);
  EXPECT_EQ(tx->started_at, at);
  EXPECT_EQ(tx->state, "active");
  EXPECT_EQ(current_tx(1), id);

  auto started = events_of(Body::kTransactionStarted);
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].transaction_started().transaction_id(), id);
  EXPECT_EQ(started[0].transaction_started().meter_start_wh(), 1200);
  EXPECT_EQ(started[0].transaction_started().started_at_ms(), at);
  EXPECT_EQ(started[0].tenant_id(), tenant_.id);
  EXPECT_EQ(started[0].pile_id(), pile_.id);
  EXPECT_EQ(started[0].at_ms(), clock_.now());
}

TEST_F(TransactionTest, StartResendWithNewMessageIdGetsSameIdAndCreatesNothing) {
  const auto at = clock_.now();
  json first = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 500, at));
  clock_.advance(20'000);  // after a reboot, from the charger's offline queue
  json again = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 500, at));
  EXPECT_EQ(again, first);
  EXPECT_EQ(transactions().size(), 1u);
  EXPECT_EQ(events_of(Body::kTransactionStarted).size(), 1u);
}

TEST_F(TransactionTest, DifferentContentIsANewTransaction) {
  const auto at = clock_.now();
  json a = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 500, at));
  make_tag(tenant_, "TAG2");
  json b = ok("CP1", "StartTransaction", start_payload(2, "TAG2", 500, at));
  EXPECT_NE(a["transactionId"], b["transactionId"]);
  EXPECT_EQ(transactions().size(), 2u);
}

TEST_F(TransactionTest, SecondStartOfSameTagElsewhereIsConcurrentTxButGetsId) {
  json a = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()));
  json b = ok("CP1", "StartTransaction", start_payload(2, "TAG1", 0, clock_.now() + 1));
  EXPECT_EQ(a["idTagInfo"]["status"], "Accepted");
  EXPECT_EQ(b["idTagInfo"]["status"], "ConcurrentTx");
  EXPECT_NE(a["transactionId"], b["transactionId"]);
}

TEST_F(TransactionTest, InvalidAndBlockedTagsStillGetATransactionId) {
  make_tag(tenant_, "BAD", "Blocked");
  json inv = ok("CP1", "StartTransaction", start_payload(1, "NOPE", 0, clock_.now()));
  json blk = ok("CP1", "StartTransaction", start_payload(2, "BAD", 0, clock_.now()));
  EXPECT_EQ(inv["idTagInfo"]["status"], "Invalid");
  EXPECT_EQ(blk["idTagInfo"]["status"], "Blocked");
  EXPECT_GT(inv["transactionId"].get<std::int64_t>(), 0);
  EXPECT_GT(blk["transactionId"].get<std::int64_t>(), 0);
  EXPECT_EQ(transactions().size(), 2u);
}

TEST_F(TransactionTest, StartOnUnboundPileGetsIdWithTenantZero) {
  ok("NEW1", "BootNotification", {{"chargePointVendor", "V"}, {"chargePointModel", "M"}});
  json r = ok("NEW1", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()));
  EXPECT_EQ(r["idTagInfo"]["status"], "Invalid");
  EXPECT_GT(r["transactionId"].get<std::int64_t>(), 0);
  auto tx = store_.get_transaction(core::TenantScope::of(0), r["transactionId"]);
  ASSERT_TRUE(tx.has_value());
  EXPECT_EQ(tx->tenant_id, 0);
  EXPECT_EQ(events_of(Body::kTransactionStarted).at(0).tenant_id(), 0);
}

TEST_F(TransactionTest, StartStoreFailureIsInternalErrorSoTheChargerRetries) {
  store_.fail = {"create_transaction"};
  auto e = err("CP1", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()));
  EXPECT_EQ(e.code, ocpp16::ErrorCode::InternalError);
  store_.fail.clear();
  EXPECT_TRUE(transactions().empty());  // rolled back, nothing half-written
  EXPECT_TRUE(events_of(Body::kTransactionStarted).empty());
  // The retry succeeds.
  EXPECT_EQ(ok("CP1", "StartTransaction",
               start_payload(1, "TAG1", 0, clock_.now()))["idTagInfo"]["status"],
            "Accepted");
}

TEST_F(TransactionTest, StopStopsAttachesDataAndClearsConnector) {
  json st = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 1000, clock_.now()));
  const std::int64_t id = st["transactionId"];
  clock_.advance(3'600'000);
  json r =
      ok("CP1", "StopTransaction",
         {{"transactionId", id},
          {"idTag", "TAG1"},
          {"meterStop", 8500},
          {"timestamp", now_text()},
          {"reason", "EVDisconnected"},
          {"transactionData",
           json::array({{{"timestamp", now_text()},
                         {"sampledValue", json::array({{{"value", "8.5"},
                                                        {"unit", "kWh"},
                                                        {"context", "Transaction.End"}}})}}})}});
  EXPECT_EQ(r, json({{"idTagInfo", {{"status", "Accepted"}}}}));

  auto tx = store_.get_transaction(core::TenantScope::of(tenant_.id), id);
  ASSERT_TRUE(tx.has_value());
  EXPECT_EQ(tx->state, "stopped");
  EXPECT_EQ(tx->meter_stop_wh, 8500);
  EXPECT_EQ(tx->stopped_at, clock_.now());
  EXPECT_EQ(tx->stop_reason, "EVDisconnected");
  EXPECT_EQ(tx->stop_id_tag, "TAG1");
  EXPECT_EQ(current_tx(1), std::nullopt);

  auto samples = store_.list_meter_samples(core::TenantScope::of(tenant_.id), id);
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].normalized, 8500);
  EXPECT_EQ(samples[0].context, "Transaction.End");
  EXPECT_EQ(samples[0].connector_id, 1);

  auto stopped = events_of(Body::kTransactionStopped);
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_EQ(stopped[0].transaction_stopped().transaction_id(), id);
  EXPECT_EQ(stopped[0].transaction_stopped().energy_wh(), 7500);
  EXPECT_EQ(stopped[0].transaction_stopped().meter_stop_wh(), 8500);
  EXPECT_EQ(stopped[0].transaction_stopped().reason(), "EVDisconnected");
  EXPECT_EQ(stopped[0].transaction_stopped().connector_id(), 1);
  EXPECT_EQ(stopped[0].transaction_stopped().stopped_at_ms(), clock_.now());
  EXPECT_EQ(stopped[0].pile_id(), pile_.id);
}

TEST_F(TransactionTest, StopWithoutReasonIsLocalAndWithoutIdTagAnswersEmpty) {
  json st = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()));
  json r =
      ok("CP1", "StopTransaction",
         {{"transactionId", st["transactionId"]}, {"meterStop", 10}, {"timestamp", now_text()}});
  EXPECT_EQ(r, json::object());
  auto tx = store_.get_transaction(core::TenantScope::of(tenant_.id), st["transactionId"]);
  EXPECT_EQ(tx->stop_reason, "Local");
}

TEST_F(TransactionTest, StopResendIsIdempotent) {
  json st = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 100, clock_.now()));
  json stop = {{"transactionId", st["transactionId"]},
               {"idTag", "TAG1"},
               {"meterStop", 900},
               {"timestamp", now_text()}};
  json first = ok("CP1", "StopTransaction", stop);
  clock_.advance(10'000);
  json resend = stop;
  resend["meterStop"] = 950;  // even a different body changes nothing once stopped
  json again = ok("CP1", "StopTransaction", resend);
  EXPECT_EQ(again, first);
  auto tx = store_.get_transaction(core::TenantScope::of(tenant_.id), st["transactionId"]);
  EXPECT_EQ(tx->meter_stop_wh, 900);
  EXPECT_EQ(events_of(Body::kTransactionStopped).size(), 1u);
}

TEST_F(TransactionTest, StopOfUnknownIdZeroOrMinusOneAnswersInvalidAndKeepsData) {
  for (int id : {0, -1, 999}) {
    SCOPED_TRACE(id);
    store_.inserted_samples.clear();
    json r = ok(
        "CP1", "StopTransaction",
        {{"transactionId", id},
         {"idTag", "TAG1"},
         {"meterStop", 10},
         {"timestamp", now_text()},
         {"transactionData", json::array({{{"timestamp", now_text()},
                                           {"sampledValue", json::array({{{"value", "10"}}})}}})}});
    EXPECT_EQ(r, json({{"idTagInfo", {{"status", "Invalid"}}}}));
    ASSERT_EQ(store_.inserted_samples.size(), 1u);
    EXPECT_FALSE(store_.inserted_samples[0].transaction_id.has_value());
    EXPECT_EQ(store_.inserted_samples[0].pile_id, pile_.id);
    EXPECT_EQ(store_.inserted_samples[0].normalized, 10);
  }
  EXPECT_EQ(ok("CP1", "StopTransaction",
               {{"transactionId", 0}, {"meterStop", 10}, {"timestamp", now_text()}}),
            json::object());
  EXPECT_TRUE(events_of(Body::kTransactionStopped).empty());
}

TEST_F(TransactionTest, StopOfAnotherPilesTransactionIsUnknown) {
  make_pile(tenant_, station_, "CP2");
  json st = ok("CP2", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()));
  ok("CP1", "StopTransaction",
     {{"transactionId", st["transactionId"]}, {"meterStop", 10}, {"timestamp", now_text()}});
  auto tx = store_.get_transaction(core::TenantScope::of(tenant_.id), st["transactionId"]);
  EXPECT_EQ(tx->state, "active");
}

TEST_F(TransactionTest, DecreasingMeterIsKeptAsNegativeEnergy) {
  json st = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 5000, clock_.now()));
  ok("CP1", "StopTransaction",
     {{"transactionId", st["transactionId"]}, {"meterStop", 4000}, {"timestamp", now_text()}});
  auto stopped = events_of(Body::kTransactionStopped);
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_EQ(stopped[0].transaction_stopped().energy_wh(), -1000);
  auto tx = store_.get_transaction(core::TenantScope::of(tenant_.id), st["transactionId"]);
  EXPECT_EQ(tx->meter_stop_wh, 4000);
}

TEST_F(TransactionTest, LateStopOfZombieKeepsNewerTransactionOnConnector) {
  json old_tx = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()));
  make_tag(tenant_, "TAG2");
  clock_.advance(1000);
  json new_tx = ok("CP1", "StartTransaction", start_payload(1, "TAG2", 700, clock_.now()));
  EXPECT_EQ(current_tx(1), new_tx["transactionId"].get<std::int64_t>());
  ok("CP1", "StopTransaction",
     {{"transactionId", old_tx["transactionId"]}, {"meterStop", 700}, {"timestamp", now_text()}});
  EXPECT_EQ(current_tx(1), new_tx["transactionId"].get<std::int64_t>());
  auto old_row = store_.get_transaction(core::TenantScope::of(tenant_.id), old_tx["transactionId"]);
  EXPECT_EQ(old_row->state, "stopped");
}

TEST_F(TransactionTest, StopIdTagInfoNeverConcurrentTx) {
  json st = ok("CP1", "StartTransaction", start_payload(1, "TAG1", 0, clock_.now()));
  ok("CP1", "StartTransaction", start_payload(2, "TAG1", 0, clock_.now() + 5));  // 2nd active
  json r = ok("CP1", "StopTransaction",
              {{"transactionId", st["transactionId"]},
               {"idTag", "TAG1"},
               {"meterStop", 10},
               {"timestamp", now_text()}});
  EXPECT_EQ(r["idTagInfo"]["status"], "Accepted");
}

}  // namespace
}  // namespace ct::test
