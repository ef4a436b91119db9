// BootNotification, Heartbeat, StatusNotification, connection events and the
// firmware/diagnostics notifications.
#include "tests/core/charge_point_fixture.hpp"

namespace ct::test {
namespace {

using Body = events::Event::BodyCase;

json boot_payload() {
  return {{"chargePointVendor", "Acme"},
          {"chargePointModel", "AC22"},
          {"chargePointSerialNumber", "SN-1"},
          {"firmwareVersion", "1.2.3"},
          {"iccid", "8986"},
          {"meterType", "DDS666"}};
}

TEST_F(ChargePointTest, BootOfRegisteredPileIsAcceptedAndRecorded) {
  standard_setup();
  clock_.set(1'750'000'000'123);
  json r = ok("CP1", "BootNotification", boot_payload());
  EXPECT_EQ(r["status"], "Accepted");
  EXPECT_EQ(r["interval"], 300);
  EXPECT_EQ(parse_time(r["currentTime"]), 1'750'000'000'123);

  auto p = reload(pile_);
  EXPECT_EQ(p.vendor, "Acme");
  EXPECT_EQ(p.model, "AC22");
  EXPECT_EQ(p.serial_number, "SN-1");
  EXPECT_EQ(p.firmware_version, "1.2.3");
  EXPECT_EQ(p.meter_type, "DDS666");
  ASSERT_TRUE(p.last_boot_at.has_value());
  EXPECT_EQ(*p.last_boot_at, 1'750'000'000'123);

  auto boots = events_of(Body::kBootNotified);
  ASSERT_EQ(boots.size(), 1u);
  EXPECT_EQ(boots[0].tenant_id(), tenant_.id);
  EXPECT_EQ(boots[0].pile_id(), pile_.id);
  EXPECT_EQ(boots[0].charge_point_id(), "CP1");
  EXPECT_EQ(boots[0].at_ms(), 1'750'000'000'123);
  EXPECT_EQ(boots[0].boot_notified().registration_status(), "Accepted");
  EXPECT_EQ(boots[0].boot_notified().firmware_version(), "1.2.3");
  EXPECT_FALSE(boots[0].boot_notified().unbound());
}

TEST_F(ChargePointTest, BootIntervalComesFromConfig) {
  standard_setup();
  cfg_.heartbeat_interval_s = 42;
  EXPECT_EQ(ok("CP1", "BootNotification", boot_payload())["interval"], 42);
}

TEST_F(ChargePointTest, BootOfUnknownChargerRecordsUnboundPileAndAnswersPending) {
  json r = ok("NEW1", "BootNotification", boot_payload());
  EXPECT_EQ(r["status"], "Pending");
  EXPECT_EQ(r["interval"], 60);

  auto unbound = store_.list_unbound_piles({});
  ASSERT_EQ(unbound.items.size(), 1u);
  EXPECT_EQ(unbound.items[0].charge_point_id, "NEW1");
  EXPECT_FALSE(unbound.items[0].bound);
  EXPECT_EQ(unbound.items[0].tenant_id, 0);
  EXPECT_EQ(unbound.items[0].vendor, "Acme");

  auto boots = events_of(Body::kBootNotified);
  ASSERT_EQ(boots.size(), 1u);
  EXPECT_TRUE(boots[0].boot_notified().unbound());
  EXPECT_EQ(boots[0].boot_notified().registration_status(), "Pending");
  EXPECT_EQ(boots[0].tenant_id(), 0);
  EXPECT_EQ(boots[0].pile_id(), unbound.items[0].id);

  // The retry boot finds the row: still Pending, no second row.
  clock_.advance(60'000);
  EXPECT_EQ(ok("NEW1", "BootNotification", boot_payload())["status"], "Pending");
  EXPECT_EQ(store_.list_unbound_piles({}).items.size(), 1u);
}

TEST_F(ChargePointTest, BootOfUnknownChargerIsAcceptedWithAutoAccept) {
  cfg_.auto_accept_unknown = true;
  json r = ok("NEW1", "BootNotification", boot_payload());
  EXPECT_EQ(r["status"], "Accepted");
  EXPECT_EQ(r["interval"], 300);
  EXPECT_EQ(store_.list_unbound_piles({}).items.size(), 1u);
}

TEST_F(ChargePointTest, BootOfDisabledPileIsRejected) {
  auto t = make_tenant("acme");
  make_pile(t, make_station(t), "CP1", 1, /*enabled=*/false);
  json r = ok("CP1", "BootNotification", boot_payload());
  EXPECT_EQ(r["status"], "Rejected");
  EXPECT_EQ(r["interval"], 60);
  EXPECT_EQ(events_of(Body::kBootNotified).at(0).boot_notified().registration_status(), "Rejected");
}

TEST_F(ChargePointTest, BootOfPileOfDisabledTenantIsRejected) {
  standard_setup();
  tenant_.enabled = false;
  ASSERT_TRUE(store_.update_tenant(tenant_));
  EXPECT_EQ(ok("CP1", "BootNotification", boot_payload())["status"], "Rejected");
}

TEST_F(ChargePointTest, BootOnStoreFailureAnswersPendingNotCallError) {
  standard_setup();
  store_.fail = {"*"};
  json r = ok("CP1", "BootNotification", boot_payload());
  EXPECT_EQ(r["status"], "Pending");
  EXPECT_EQ(r["interval"], 60);
}

TEST_F(ChargePointTest, HeartbeatAnswersClockTimeAndTouchesPile) {
  standard_setup();
  clock_.set(1'760'000'000'500);
  json r = ok("CP1", "Heartbeat", json::object());
  EXPECT_EQ(parse_time(r["currentTime"]), 1'760'000'000'500);
  EXPECT_EQ(reload(pile_).last_heartbeat_at, 1'760'000'000'500);
}

TEST_F(ChargePointTest, EveryInboundCallTouchesLastHeartbeat) {
  standard_setup();
  clock_.set(1'760'000'000'000);
  ok("CP1", "Authorize", {{"idTag", "TAG1"}});
  EXPECT_EQ(reload(pile_).last_heartbeat_at, 1'760'000'000'000);
  clock_.advance(5'000);
  ok("CP1", "StatusNotification",
     {{"connectorId", 1}, {"errorCode", "NoError"}, {"status", "Available"}});
  EXPECT_EQ(reload(pile_).last_heartbeat_at, 1'760'000'005'000);
}

TEST_F(ChargePointTest, HeartbeatFromUnknownChargerIsAnswered) {
  json r = ok("GHOST", "Heartbeat", json::object());
  EXPECT_EQ(parse_time(r["currentTime"]), clock_.now());
}

TEST_F(ChargePointTest, StatusNotificationUpdatesConnectorAndKeepsHistory) {
  standard_setup();
  ok("CP1", "StatusNotification",
     {{"connectorId", 1},
      {"errorCode", "NoError"},
      {"status", "Preparing"},
      {"timestamp", core::format_utc(clock_.now() - 1000)}});
  clock_.advance(1000);
  json r = ok("CP1", "StatusNotification",
              {{"connectorId", 1},
               {"errorCode", "GroundFailure"},
               {"status", "Faulted"},
               {"info", "rcd tripped"},
               {"vendorErrorCode", "E42"}});
  EXPECT_EQ(r, json::object());

  auto p = reload(pile_);
  auto it = std::find_if(p.connectors.begin(), p.connectors.end(),
                         [](const core::Connector& c) { return c.connector_id == 1; });
  ASSERT_NE(it, p.connectors.end());
  EXPECT_EQ(it->status, "Faulted");
  EXPECT_EQ(it->error_code, "GroundFailure");
  EXPECT_EQ(it->vendor_error_code, "E42");

  auto hist = store_.list_status_history(core::TenantScope::of(tenant_.id), pile_.id, {});
  ASSERT_EQ(hist.items.size(), 2u);
  // Newest first; the first carried the charger's timestamp, the second none.
  EXPECT_EQ(hist.items[0].status, "Faulted");
  EXPECT_FALSE(hist.items[0].timestamp.has_value());
  EXPECT_EQ(hist.items[0].received_at, clock_.now());
  EXPECT_EQ(hist.items[1].status, "Preparing");
  EXPECT_EQ(hist.items[1].timestamp, clock_.now() - 2000);

  auto changes = events_of(Body::kStatusChanged);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].status_changed().connector_id(), 1);
  EXPECT_EQ(changes[1].status_changed().status(), "Faulted");
  EXPECT_EQ(changes[1].status_changed().error_code(), "GroundFailure");
  EXPECT_EQ(changes[1].status_changed().info(), "rcd tripped");
  EXPECT_EQ(changes[1].tenant_id(), tenant_.id);
  EXPECT_EQ(changes[1].pile_id(), pile_.id);
  EXPECT_EQ(changes[1].at_ms(), clock_.now());
}

TEST_F(ChargePointTest, StatusOfConnectorZeroIsTheCharger) {
  standard_setup();
  ok("CP1", "StatusNotification",
     {{"connectorId", 0}, {"errorCode", "NoError"}, {"status", "Unavailable"}});
  EXPECT_EQ(reload(pile_).status, "Unavailable");
}

TEST_F(ChargePointTest, StatusOfUnknownConnectorCreatesIt) {
  standard_setup();
  ok("CP1", "StatusNotification",
     {{"connectorId", 3}, {"errorCode", "NoError"}, {"status", "Available"}});
  auto p = reload(pile_);
  EXPECT_TRUE(std::any_of(p.connectors.begin(), p.connectors.end(), [](const core::Connector& c) {
    return c.connector_id == 3 && c.status == "Available";
  }));
}

TEST_F(ChargePointTest, ConnectAndDisconnectSetOnlineAndPublish) {
  standard_setup();
  svc().on_connected("CP1", "10.0.0.7:51000");
  EXPECT_TRUE(reload(pile_).online);
  svc().on_disconnected("CP1", "ping timeout");
  EXPECT_FALSE(reload(pile_).online);

  auto up = events_of(Body::kChargerConnected);
  auto down = events_of(Body::kChargerDisconnected);
  ASSERT_EQ(up.size(), 1u);
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(up[0].charger_connected().remote(), "10.0.0.7:51000");
  EXPECT_EQ(up[0].pile_id(), pile_.id);
  EXPECT_EQ(up[0].tenant_id(), tenant_.id);
  EXPECT_EQ(down[0].charger_disconnected().reason(), "ping timeout");
}

TEST_F(ChargePointTest, ConnectOfUnknownChargerPublishesWithoutPile) {
  svc().on_connected("GHOST", "10.0.0.9:1");
  auto up = events_of(Body::kChargerConnected);
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].pile_id(), 0);
  EXPECT_EQ(up[0].charge_point_id(), "GHOST");
}

TEST_F(ChargePointTest, FirmwareAndDiagnosticsStatusAreStored) {
  standard_setup();
  EXPECT_EQ(ok("CP1", "FirmwareStatusNotification", {{"status", "Installing"}}), json::object());
  EXPECT_EQ(ok("CP1", "DiagnosticsStatusNotification", {{"status", "Uploaded"}}), json::object());
  auto p = reload(pile_);
  EXPECT_EQ(p.firmware_status, "Installing");
  EXPECT_EQ(p.diagnostics_status, "Uploaded");
  ASSERT_EQ(store_.charger_messages.size(), 2u);
  EXPECT_EQ(store_.charger_messages[0].action, "FirmwareStatusNotification");
  EXPECT_EQ(json::parse(store_.charger_messages[0].payload_json), json({{"status", "Installing"}}));
  EXPECT_EQ(store_.charger_messages[1].action, "DiagnosticsStatusNotification");
}

}  // namespace
}  // namespace ct::test
