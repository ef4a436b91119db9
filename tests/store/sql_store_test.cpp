#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "server/store/migrations.hpp"
#include "tests/store/store_fixture.hpp"

namespace ct::test {
namespace {

using store::ConflictError;
using store::PageRequest;
using store::StoreError;

// --- Settings -----------------------------------------------------------------------------

TEST_F(StoreTest, SettingsRoundTripAndOverwrite) {
  EXPECT_FALSE(s().get_setting("k").has_value());
  s().put_setting("k", "v1");
  EXPECT_EQ(s().get_setting("k"), "v1");
  s().put_setting("k", "v2");
  EXPECT_EQ(s().get_setting("k"), "v2");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM settings"), 1);
}

// --- Tenants and tokens ---------------------------------------------------------------------

TEST_F(StoreTest, TenantCrud) {
  core::Tenant a = tenant("acme");
  EXPECT_EQ(a.id, 1);
  EXPECT_EQ(a.name, "acme");
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.created_at, clock_.now());
  EXPECT_EQ(a.updated_at, clock_.now());

  clock_.advance(5000);
  a.name = "acme2";
  a.enabled = false;
  a.updated_at = 0;
  EXPECT_TRUE(s().update_tenant(a));
  auto got = s().get_tenant(a.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "acme2");
  EXPECT_FALSE(got->enabled);
  EXPECT_EQ(got->created_at, clock_.now() - 5000);
  EXPECT_EQ(got->updated_at, clock_.now());

  core::Tenant ghost;
  ghost.id = 99;
  ghost.name = "ghost";
  EXPECT_FALSE(s().update_tenant(ghost));
  EXPECT_FALSE(s().get_tenant(99));
}

TEST_F(StoreTest, TenantNamesAreUnique) {
  tenant("acme");
  core::Tenant b = tenant("beta");
  core::Tenant dup;
  dup.name = "acme";
  EXPECT_THROW(s().create_tenant(dup), ConflictError);
  b.name = "acme";
  EXPECT_THROW(s().update_tenant(b), ConflictError);
  EXPECT_EQ(s().get_tenant(b.id)->name, "beta");
  EXPECT_EQ(s().list_tenants({}).total, 2);
}

TEST_F(StoreTest, TenantPagingAndLimitClamp) {
  s().in_transaction([&] {
    for (int i = 0; i < 520; ++i) tenant("t" + std::to_string(i));
  });
  auto p = s().list_tenants({.limit = 10, .offset = 5});
  EXPECT_EQ(p.total, 520);
  ASSERT_EQ(p.items.size(), 10u);
  EXPECT_EQ(p.items.front().name, "t5");
  EXPECT_EQ(p.items.back().name, "t14");
  EXPECT_EQ(s().list_tenants({.limit = 100000, .offset = 0}).items.size(), 500u);
  EXPECT_EQ(s().list_tenants({.limit = 0, .offset = 0}).items.size(), 1u);
  EXPECT_EQ(s().list_tenants({.limit = -3, .offset = -7}).items.front().name, "t0");
  auto tail = s().list_tenants({.limit = 50, .offset = 510});
  EXPECT_EQ(tail.items.size(), 10u);
  EXPECT_EQ(tail.total, 520);
}

TEST_F(StoreTest, ApiTokens) {
  core::Tenant a = tenant("a");
  core::Tenant b = tenant("b");
  core::ApiToken t;
  t.tenant_id = a.id;
  t.label = "ci";
  t.token_hash = "h1";
  core::ApiToken made = s().create_api_token(t);
  EXPECT_GT(made.id, 0);
  EXPECT_EQ(made.created_at, clock_.now());
  EXPECT_FALSE(made.revoked);
  t.token_hash = "h2";
  t.tenant_id = b.id;
  core::ApiToken other = s().create_api_token(t);
  t.tenant_id = a.id;
  EXPECT_THROW(s().create_api_token(t), ConflictError);  // hash unique

  auto found = s().find_api_token_by_hash("h1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->tenant_id, a.id);
  EXPECT_EQ(found->label, "ci");
  EXPECT_FALSE(s().find_api_token_by_hash("nope"));

  auto listed = s().list_api_tokens(a.id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, made.id);

  EXPECT_FALSE(s().revoke_api_token(a.id, other.id));  // b's token
  EXPECT_FALSE(s().find_api_token_by_hash("h2")->revoked);
  EXPECT_TRUE(s().revoke_api_token(a.id, made.id));
  EXPECT_TRUE(s().find_api_token_by_hash("h1")->revoked);
  EXPECT_FALSE(s().revoke_api_token(a.id, 12345));
}

TEST_F(StoreTest, ScopedRowsNeedAnExistingTenant) {
  core::Station st;
  st.name = "orphan";
  EXPECT_THROW(s().create_station(TenantScope::of(77), st), StoreError);
}

// --- Stations ---------------------------------------------------------------------------------

TEST_F(StoreTest, StationRoundTripsEveryField) {
  core::Tenant a = tenant("a");
  core::Station st;
  st.tenant_id = 999;  // ignored: the scope decides
  st.name = "Depot";
  st.address = "1 Road";
  st.province = "Guangdong";
  st.city = "Shenzhen";
  st.district = "Nanshan";
  st.latitude_e6 = -22'543'096;
  st.longitude_e6 = 114'057'865;
  st.time_zone = "Europe/Berlin";
  st.opening_hours = "08:00-20:00";
  st.parking_info = "free 2h";
  st.created_at = 1234;
  core::Station made = s().create_station(TenantScope::of(a.id), st);
  EXPECT_EQ(made.tenant_id, a.id);
  EXPECT_EQ(made.created_at, 1234);
  EXPECT_EQ(made.updated_at, 1234);

  auto got = s().get_station(TenantScope::of(a.id), made.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Depot");
  EXPECT_EQ(got->address, "1 Road");
  EXPECT_EQ(got->province, "Guangdong");
  EXPECT_EQ(got->city, "Shenzhen");
  EXPECT_EQ(got->district, "Nanshan");
  EXPECT_EQ(got->latitude_e6, -22'543'096);
  EXPECT_EQ(got->longitude_e6, 114'057'865);
  EXPECT_EQ(got->time_zone, "Europe/Berlin");
  EXPECT_EQ(got->opening_hours, "08:00-20:00");
  EXPECT_EQ(got->parking_info, "free 2h");

  clock_.advance(10);
  got->name = "Depot 2";
  got->latitude_e6 = 1;
  got->updated_at = 0;
  EXPECT_TRUE(s().update_station(TenantScope::of(a.id), *got));
  auto again = s().get_station(TenantScope::of(a.id), made.id);
  EXPECT_EQ(again->name, "Depot 2");
  EXPECT_EQ(again->latitude_e6, 1);
  EXPECT_EQ(again->created_at, 1234);
  EXPECT_EQ(again->updated_at, clock_.now());

  EXPECT_TRUE(s().delete_station(TenantScope::of(a.id), made.id));
  EXPECT_FALSE(s().get_station(TenantScope::of(a.id), made.id));
  EXPECT_FALSE(s().delete_station(TenantScope::of(a.id), made.id));
  EXPECT_FALSE(s().update_station(TenantScope::of(a.id), *again));
}

TEST_F(StoreTest, StationSearchIsCaseInsensitiveSubstringWithEscaping) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  core::Station st;
  st.name = "North Depot";
  st.address = "Main St";
  s().create_station(scope, st);
  st.name = "100% Green";
  st.address = "x";
  s().create_station(scope, st);
  st.name = "1000 Volts";
  st.address = "a_b road";
  s().create_station(scope, st);
  st.name = "South";
  st.address = "axb road";
  s().create_station(scope, st);

  auto q = [&](const std::string& text) {
    store::StationFilter f;
    f.q = text;
    return s().list_stations(scope, f);
  };
  EXPECT_EQ(q("").total, 4);
  EXPECT_EQ(q("depot").total, 1);
  EXPECT_EQ(q("MAIN").total, 1);  // address
  EXPECT_EQ(q("100%").total, 1);  // % is literal
  EXPECT_EQ(q("100").total, 2);
  EXPECT_EQ(q("a_b").total, 1);  // _ is literal, does not match "axb"
  EXPECT_EQ(q("road").total, 2);
  EXPECT_EQ(q("\\").total, 0);
  auto paged = s().list_stations(scope, {.q = "road", .page = {.limit = 1, .offset = 1}});
  EXPECT_EQ(paged.total, 2);
  ASSERT_EQ(paged.items.size(), 1u);
  EXPECT_EQ(paged.items[0].name, "South");
}

TEST_F(StoreTest, DeleteStationWithPilesIsAConflict) {
  core::Tenant a = tenant("a");
  core::Station st = station(a.id);
  core::Pile p = pile(a.id, st.id, "CP1");
  EXPECT_THROW(s().delete_station(TenantScope::of(a.id), st.id), ConflictError);
  EXPECT_TRUE(s().get_station(TenantScope::of(a.id), st.id));
  EXPECT_TRUE(s().delete_pile(TenantScope::of(a.id), p.id));
  EXPECT_TRUE(s().delete_station(TenantScope::of(a.id), st.id));
}

// --- Piles ------------------------------------------------------------------------------------

TEST_F(StoreTest, PileRoundTripWithConnectorsOrdered) {
  core::Tenant a = tenant("a");
  core::Station st = station(a.id);
  core::Pile p;
  p.tenant_id = 12345;  // ignored
  p.station_id = st.id;
  p.charge_point_id = "CP-9";
  p.name = "Nine";
  p.vendor = "Acme";
  p.model = "X1";
  p.current_type = core::CurrentType::DC;
  p.max_power_w = 120'000;
  p.protocol = "ykc1.6";
  p.enabled = false;
  p.password_hash = "ph";
  for (int id : {3, 1, 2}) {
    core::Connector c;
    c.connector_id = id;
    c.max_power_w = id * 1000;
    c.type = "GBT-DC";
    p.connectors.push_back(c);
  }
  core::Pile made = s().create_pile(TenantScope::of(a.id), p);
  EXPECT_GT(made.id, 0);
  EXPECT_EQ(made.tenant_id, a.id);
  EXPECT_TRUE(made.bound);
  EXPECT_EQ(made.station_id, st.id);
  EXPECT_EQ(made.created_at, clock_.now());

  auto got = s().get_pile(TenantScope::of(a.id), made.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->charge_point_id, "CP-9");
  EXPECT_EQ(got->name, "Nine");
  EXPECT_EQ(got->vendor, "Acme");
  EXPECT_EQ(got->model, "X1");
  EXPECT_EQ(got->current_type, core::CurrentType::DC);
  EXPECT_EQ(got->max_power_w, 120'000);
  EXPECT_EQ(got->protocol, "ykc1.6");
  EXPECT_FALSE(got->enabled);
  EXPECT_EQ(got->password_hash, "ph");
  EXPECT_EQ(got->status, "Unknown");
  EXPECT_FALSE(got->online);
  EXPECT_FALSE(got->last_boot_at);
  ASSERT_EQ(got->connectors.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(got->connectors[i].connector_id, i + 1);
    EXPECT_EQ(got->connectors[i].max_power_w, (i + 1) * 1000);
    EXPECT_EQ(got->connectors[i].type, "GBT-DC");
    EXPECT_EQ(got->connectors[i].status, "Unknown");
    EXPECT_FALSE(got->connectors[i].current_transaction_id);
  }
  EXPECT_EQ(s().find_pile_by_charge_point_id("CP-9")->id, made.id);
  EXPECT_EQ(s().get_pile_by_id(made.id)->connectors.size(), 3u);
  EXPECT_FALSE(s().find_pile_by_charge_point_id("cp-9"));  // exact
}

TEST_F(StoreTest, ChargePointIdIsUniqueAcrossThePlatform) {
  core::Tenant a = tenant("a");
  core::Tenant b = tenant("b");
  pile(a.id, station(a.id).id, "CP1");
  EXPECT_THROW(pile(b.id, station(b.id).id, "CP1"), ConflictError);
  EXPECT_THROW(s().create_unbound_pile("CP1", {}, 1), ConflictError);
  s().create_unbound_pile("CP2", {}, 1);
  EXPECT_THROW(pile(a.id, std::nullopt, "CP2"), ConflictError);
  // The failed creates left nothing behind, connectors included.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM piles"), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM connectors"), 2);
}

TEST_F(StoreTest, PileStationMustBelongToTheTenant) {
  core::Tenant a = tenant("a");
  core::Tenant b = tenant("b");
  core::Station sb = station(b.id);
  try {
    pile(a.id, sb.id, "CP1");
    FAIL() << "expected StoreError";
  } catch (const ConflictError&) {
    FAIL() << "not a conflict";
  } catch (const StoreError&) {
  }
  EXPECT_THROW(pile(a.id, 4242, "CP1"), StoreError);
  EXPECT_FALSE(s().find_pile_by_charge_point_id("CP1"));
  EXPECT_EQ(pile(a.id, std::nullopt, "CP1").station_id, std::nullopt);
}

TEST_F(StoreTest, UpdatePileChangesStaticAttributesAndSyncsConnectors) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  core::Station s1 = station(a.id, "one");
  core::Station s2 = station(a.id, "two");
  core::Pile p = pile(a.id, s1.id, "CP1", 2);
  s().set_online(p.id, true);
  core::StatusEvent ev;
  ev.pile_id = p.id;
  ev.connector_id = 1;
  ev.status = "Charging";
  ev.received_at = 50;
  s().apply_status(ev);
  s().set_connector_transaction(p.id, 1, 77);

  clock_.advance(1000);
  p.name = "renamed";
  p.vendor = "V";
  p.model = "M";
  p.current_type = core::CurrentType::DC;
  p.max_power_w = 60'000;
  p.protocol = "ykc1.6";
  p.enabled = false;
  p.password_hash = "new";
  p.station_id = s2.id;
  p.charge_point_id = "IGNORED";
  p.updated_at = 0;
  p.connectors[0].max_power_w = 11'000;  // connector 1: changed, keeps live state
  p.connectors[0].type = "CCS2";
  p.connectors[0].status = "Faulted";            // live fields are not edited here
  p.connectors.erase(p.connectors.begin() + 1);  // connector 2: removed
  core::Connector c3;
  c3.connector_id = 3;
  c3.max_power_w = 3000;
  c3.type = "GBT-AC";
  p.connectors.push_back(c3);
  ASSERT_TRUE(s().update_pile(scope, p));

  auto got = s().get_pile(scope, p.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "renamed");
  EXPECT_EQ(got->vendor, "V");
  EXPECT_EQ(got->model, "M");
  EXPECT_EQ(got->current_type, core::CurrentType::DC);
  EXPECT_EQ(got->max_power_w, 60'000);
  EXPECT_EQ(got->protocol, "ykc1.6");
  EXPECT_FALSE(got->enabled);
  EXPECT_EQ(got->password_hash, "new");
  EXPECT_EQ(got->station_id, s2.id);
  EXPECT_EQ(got->charge_point_id, "CP1");
  EXPECT_TRUE(got->online);
  EXPECT_EQ(got->updated_at, clock_.now());
  EXPECT_EQ(got->created_at, clock_.now() - 1000);
  ASSERT_EQ(got->connectors.size(), 2u);
  EXPECT_EQ(got->connectors[0].connector_id, 1);
  EXPECT_EQ(got->connectors[0].max_power_w, 11'000);
  EXPECT_EQ(got->connectors[0].type, "CCS2");
  EXPECT_EQ(got->connectors[0].status, "Charging");
  EXPECT_EQ(got->connectors[0].current_transaction_id, 77);
  EXPECT_EQ(got->connectors[1].connector_id, 3);
  EXPECT_EQ(got->connectors[1].type, "GBT-AC");

  p.station_id = std::nullopt;
  ASSERT_TRUE(s().update_pile(scope, p));
  EXPECT_FALSE(s().get_pile(scope, p.id)->station_id);

  p.connectors[0].connector_id = 0;  // connector 0 is the charger itself
  EXPECT_THROW(s().update_pile(scope, p), StoreError);
  EXPECT_EQ(s().get_pile(scope, p.id)->connectors.size(), 2u);  // rolled back

  p.id = 9999;
  p.connectors.clear();
  EXPECT_FALSE(s().update_pile(scope, p));
}

TEST_F(StoreTest, DeletePileDeletesConnectorsButKeepsHistory) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  core::Pile p = pile(a.id, station(a.id).id, "CP1", 2);
  core::Transaction t = start(p, 1, "TAG");
  core::StatusEvent ev;
  ev.pile_id = p.id;
  ev.connector_id = 1;
  ev.status = "Charging";
  s().apply_status(ev);
  core::MeterSample m;
  m.tenant_id = a.id;
  m.pile_id = p.id;
  m.connector_id = 1;
  m.transaction_id = t.id;
  m.value = "5";
  s().insert_meter_samples({m});

  EXPECT_TRUE(s().delete_pile(scope, p.id));
  EXPECT_FALSE(s().get_pile(scope, p.id));
  EXPECT_FALSE(s().find_pile_by_charge_point_id("CP1"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM connectors"), 0);
  EXPECT_FALSE(s().delete_pile(scope, p.id));

  auto kept = s().get_transaction(scope, t.id);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->charge_point_id, "CP1");
  EXPECT_EQ(s().list_status_history(scope, p.id, {}).total, 1);
  EXPECT_EQ(s().list_meter_samples(scope, t.id).size(), 1u);

  // The chargePointId is free again; the new pile is a different row.
  core::Pile again = pile(a.id, std::nullopt, "CP1");
  EXPECT_NE(again.id, p.id);
}

TEST_F(StoreTest, ListPilesFiltersAndCounts) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  core::Station s1 = station(a.id, "one");
  core::Station s2 = station(a.id, "two");
  core::Pile p1 = pile(a.id, s1.id, "SZ-001");
  core::Pile p2 = pile(a.id, s1.id, "SZ-002");
  core::Pile p3 = pile(a.id, s2.id, "BJ_100%");
  core::Pile p4 = pile(a.id, std::nullopt, "BJX100");
  p4.vendor = "Wallbox";
  p4.model = "Pulsar";
  ASSERT_TRUE(s().update_pile(scope, p4));
  s().set_online(p1.id, true);
  s().set_online(p3.id, true);
  core::StatusEvent ev;
  ev.pile_id = p2.id;
  ev.connector_id = 0;
  ev.status = "Unavailable";
  s().apply_status(ev);

  auto ids = [](const store::Page<core::Pile>& pg) {
    std::vector<Id> out;
    for (const auto& p : pg.items) out.push_back(p.id);
    return out;
  };
  store::PileFilter f;
  EXPECT_EQ(s().list_piles(scope, f).total, 4);
  f.station_id = s1.id;
  EXPECT_EQ(ids(s().list_piles(scope, f)), (std::vector<Id>{p1.id, p2.id}));
  f.online = true;
  EXPECT_EQ(ids(s().list_piles(scope, f)), (std::vector<Id>{p1.id}));
  f = {};
  f.online = false;
  EXPECT_EQ(ids(s().list_piles(scope, f)), (std::vector<Id>{p2.id, p4.id}));
  f = {};
  f.status = "Unavailable";
  EXPECT_EQ(ids(s().list_piles(scope, f)), (std::vector<Id>{p2.id}));
  f = {};
  f.q = "sz-";
  EXPECT_EQ(s().list_piles(scope, f).total, 2);
  f.q = "100%";
  EXPECT_EQ(ids(s().list_piles(scope, f)), (std::vector<Id>{p3.id}));
  f.q = "J_1";
  EXPECT_EQ(ids(s().list_piles(scope, f)), (std::vector<Id>{p3.id}));
  f.q = "wallBOX";
  EXPECT_EQ(ids(s().list_piles(scope, f)), (std::vector<Id>{p4.id}));
  f.q = "pulsar";
  EXPECT_EQ(ids(s().list_piles(scope, f)), (std::vector<Id>{p4.id}));
  f.q = "pile sz";  // name is "Pile <cpid>"
  EXPECT_EQ(s().list_piles(scope, f).total, 2);

  f = {};
  f.page = {.limit = 2, .offset = 1};
  auto page = s().list_piles(scope, f);
  EXPECT_EQ(page.total, 4);
  EXPECT_EQ(ids(page), (std::vector<Id>{p2.id, p3.id}));
  ASSERT_EQ(page.items[0].connectors.size(), 2u);  // listed piles carry connectors
}

TEST_F(StoreTest, UnboundPileLifecycle) {
  core::Tenant a = tenant("a");
  core::Tenant b = tenant("b");
  core::Station sa = station(a.id);
  core::Station sb = station(b.id);
  store::BootInfo info;
  info.vendor = "Acme";
  info.model = "X";
  info.serial_number = "SN1";
  info.firmware_version = "1.0";
  info.iccid = "ic";
  info.imsi = "im";
  info.meter_type = "mt";
  info.meter_serial_number = "ms";
  core::Pile u = s().create_unbound_pile("NEW1", info, 777);
  EXPECT_EQ(u.tenant_id, 0);
  EXPECT_FALSE(u.bound);
  EXPECT_FALSE(u.station_id);
  EXPECT_EQ(u.vendor, "Acme");
  EXPECT_EQ(u.model, "X");
  EXPECT_EQ(u.serial_number, "SN1");
  EXPECT_EQ(u.firmware_version, "1.0");
  EXPECT_EQ(u.iccid, "ic");
  EXPECT_EQ(u.imsi, "im");
  EXPECT_EQ(u.meter_type, "mt");
  EXPECT_EQ(u.meter_serial_number, "ms");
  EXPECT_EQ(u.last_boot_at, 777);
  EXPECT_EQ(u.created_at, 777);
  pile(a.id, sa.id, "BOUND");

  auto unbound = s().list_unbound_piles({});
  EXPECT_EQ(unbound.total, 1);
  ASSERT_EQ(unbound.items.size(), 1u);
  EXPECT_EQ(unbound.items[0].id, u.id);
  EXPECT_FALSE(s().get_pile(TenantScope::of(a.id), u.id));

  // Status reported while unbound: recorded under tenant 0, follows the pile when bound.
  core::StatusEvent ev;
  ev.pile_id = u.id;
  ev.connector_id = 1;
  ev.status = "Available";
  s().apply_status(ev);

  EXPECT_FALSE(s().bind_pile(TenantScope::of(a.id), u.id, sb.id));  // b's station
  EXPECT_FALSE(s().bind_pile(TenantScope::of(a.id), 9999, sa.id));
  EXPECT_TRUE(s().bind_pile(TenantScope::of(a.id), u.id, sa.id));
  EXPECT_FALSE(s().bind_pile(TenantScope::of(b.id), u.id, sb.id));  // no longer unbound
  auto bound = s().get_pile(TenantScope::of(a.id), u.id);
  ASSERT_TRUE(bound);
  EXPECT_TRUE(bound->bound);
  EXPECT_EQ(bound->tenant_id, a.id);
  EXPECT_EQ(bound->station_id, sa.id);
  ASSERT_EQ(bound->connectors.size(), 1u);
  EXPECT_EQ(s().list_unbound_piles({}).total, 0);
  EXPECT_EQ(s().list_status_history(TenantScope::of(a.id), u.id, {}).total, 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM connectors WHERE tenant_id = 0"), 0);
}

TEST_F(StoreTest, DynamicStateUpdates) {
  core::Tenant a = tenant("a");
  core::Pile p = pile(a.id, std::nullopt, "CP1");
  core::Pile q = pile(a.id, std::nullopt, "CP2");
  store::BootInfo info;
  info.vendor = "V2";
  info.model = "";  // not reported: keep the configured one
  info.firmware_version = "2.0";
  s().record_boot(p.id, info, 5000);
  s().touch_heartbeat(p.id, 6000);
  s().set_online(p.id, true);
  s().set_online(q.id, true);
  s().set_firmware_status(p.id, "Installed");
  s().set_diagnostics_status(p.id, "Uploaded");
  auto got = s().get_pile_by_id(p.id);
  EXPECT_EQ(got->vendor, "V2");
  EXPECT_EQ(got->model, "");
  EXPECT_EQ(got->firmware_version, "2.0");
  EXPECT_EQ(got->last_boot_at, 5000);
  EXPECT_EQ(got->last_heartbeat_at, 6000);
  EXPECT_TRUE(got->online);
  EXPECT_EQ(got->firmware_status, "Installed");
  EXPECT_EQ(got->diagnostics_status, "Uploaded");

  core::Pile edited = *s().get_pile_by_id(p.id);
  edited.model = "Configured";
  ASSERT_TRUE(s().update_pile(TenantScope::of(a.id), edited));
  s().record_boot(p.id, info, 7000);
  EXPECT_EQ(s().get_pile_by_id(p.id)->model, "Configured");

  s().set_all_offline();
  EXPECT_FALSE(s().get_pile_by_id(p.id)->online);
  EXPECT_FALSE(s().get_pile_by_id(q.id)->online);
}

TEST_F(StoreTest, ApplyStatusUpdatesPileOrConnectorAndAppendsHistory) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  core::Pile p = pile(a.id, std::nullopt, "CP1", 2);

  core::StatusEvent ev;
  ev.tenant_id = 999;  // ignored: taken from the pile
  ev.pile_id = p.id;
  ev.connector_id = 0;
  ev.status = "Faulted";
  ev.error_code = "GroundFailure";
  ev.received_at = 100;
  s().apply_status(ev);

  ev.connector_id = 2;
  ev.status = "Charging";
  ev.error_code = "NoError";
  ev.info = "i";
  ev.vendor_id = "vid";
  ev.vendor_error_code = "E1";
  ev.timestamp = 90;
  ev.received_at = 101;
  s().apply_status(ev);

  ev.connector_id = 5;  // not configured
  ev.status = "Available";
  ev.timestamp = std::nullopt;
  ev.received_at = 102;
  s().apply_status(ev);

  auto got = s().get_pile(scope, p.id);
  EXPECT_EQ(got->status, "Faulted");
  EXPECT_EQ(got->error_code, "GroundFailure");
  ASSERT_EQ(got->connectors.size(), 3u);
  EXPECT_EQ(got->connectors[0].status, "Unknown");
  const core::Connector& c2 = got->connectors[1];
  EXPECT_EQ(c2.status, "Charging");
  EXPECT_EQ(c2.info, "i");
  EXPECT_EQ(c2.vendor_id, "vid");
  EXPECT_EQ(c2.vendor_error_code, "E1");
  EXPECT_EQ(c2.status_at, 90);
  EXPECT_EQ(c2.max_power_w, 14000);  // configured value kept
  const core::Connector& c5 = got->connectors[2];
  EXPECT_EQ(c5.connector_id, 5);
  EXPECT_EQ(c5.max_power_w, 0);
  EXPECT_EQ(c5.type, "");
  EXPECT_EQ(c5.status, "Available");
  EXPECT_EQ(c5.status_at, 102);

  auto h = s().list_status_history(scope, p.id, {});
  EXPECT_EQ(h.total, 3);
  ASSERT_EQ(h.items.size(), 3u);
  EXPECT_EQ(h.items[0].connector_id, 5);  // newest first
  EXPECT_FALSE(h.items[0].timestamp);
  EXPECT_EQ(h.items[1].connector_id, 2);
  EXPECT_EQ(h.items[1].timestamp, 90);
  EXPECT_EQ(h.items[1].received_at, 101);
  EXPECT_EQ(h.items[1].vendor_error_code, "E1");
  EXPECT_EQ(h.items[2].connector_id, 0);
  EXPECT_EQ(h.items[2].error_code, "GroundFailure");
  for (const auto& e : h.items) EXPECT_EQ(e.tenant_id, a.id);
  auto page = s().list_status_history(scope, p.id, {.limit = 1, .offset = 2});
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].connector_id, 0);
}

TEST_F(StoreTest, ApplyStatusForAMissingPileThrowsAndRecordsNothing) {
  core::StatusEvent ev;
  ev.pile_id = 42;
  ev.connector_id = 1;
  ev.status = "Available";
  EXPECT_THROW(s().apply_status(ev), StoreError);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM status_events"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM connectors"), 0);
}

TEST_F(StoreTest, SetConnectorTransactionSetsAndClears) {
  core::Tenant a = tenant("a");
  core::Pile p = pile(a.id, std::nullopt, "CP1", 2);
  s().set_connector_transaction(p.id, 2, 41);
  auto got = s().get_pile_by_id(p.id);
  EXPECT_FALSE(got->connectors[0].current_transaction_id);
  EXPECT_EQ(got->connectors[1].current_transaction_id, 41);
  s().set_connector_transaction(p.id, 2, std::nullopt);
  EXPECT_FALSE(s().get_pile_by_id(p.id)->connectors[1].current_transaction_id);
  s().set_connector_transaction(p.id, 4, 43);  // unknown connector is created
  got = s().get_pile_by_id(p.id);
  ASSERT_EQ(got->connectors.size(), 3u);
  EXPECT_EQ(got->connectors[2].connector_id, 4);
  EXPECT_EQ(got->connectors[2].current_transaction_id, 43);
}

// --- Id tags -----------------------------------------------------------------------------------

TEST_F(StoreTest, IdTagCrudAndUniqueness) {
  core::Tenant a = tenant("a");
  core::Tenant b = tenant("b");
  auto scope = TenantScope::of(a.id);
  core::IdTag t;
  t.id_tag = "04A1B2";
  t.kind = "app";
  t.status = "Blocked";
  t.expiry = 1'800'000'000'000;
  t.parent_id_tag = "PARENT";
  t.holder = "Ann";
  core::IdTag made = s().create_id_tag(scope, t);
  EXPECT_EQ(made.tenant_id, a.id);
  auto got = s().find_id_tag(scope, "04A1B2");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, made.id);
  EXPECT_EQ(got->kind, "app");
  EXPECT_EQ(got->status, "Blocked");
  EXPECT_EQ(got->expiry, 1'800'000'000'000);
  EXPECT_EQ(got->parent_id_tag, "PARENT");
  EXPECT_EQ(got->holder, "Ann");
  EXPECT_FALSE(s().find_id_tag(scope, "04a1b2"));

  EXPECT_THROW(s().create_id_tag(scope, t), ConflictError);
  EXPECT_EQ(s().create_id_tag(TenantScope::of(b.id), t).tenant_id, b.id);  // per tenant

  core::IdTag other = tag(a.id, "OTHER");
  other.id_tag = "04A1B2";
  EXPECT_THROW(s().update_id_tag(scope, other), ConflictError);

  got->status = "Accepted";
  got->expiry = std::nullopt;
  EXPECT_TRUE(s().update_id_tag(scope, *got));
  auto again = s().get_id_tag(scope, made.id);
  EXPECT_EQ(again->status, "Accepted");
  EXPECT_FALSE(again->expiry);

  EXPECT_TRUE(s().delete_id_tag(scope, made.id));
  EXPECT_FALSE(s().get_id_tag(scope, made.id));
  EXPECT_FALSE(s().delete_id_tag(scope, made.id));
  EXPECT_NO_THROW(tag(a.id, "04A1B2"));  // free again
}

TEST_F(StoreTest, ListIdTagsFilters) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  tag(a.id, "AAA1", "Ann");
  tag(a.id, "BBB2", "Bob");
  core::IdTag blocked = tag(a.id, "CCC3", "ann-marie");
  blocked.status = "Blocked";
  s().update_id_tag(scope, blocked);

  store::IdTagFilter f;
  EXPECT_EQ(s().list_id_tags(scope, f).total, 3);
  f.q = "ann";
  EXPECT_EQ(s().list_id_tags(scope, f).total, 2);
  f.status = "Blocked";
  auto pg = s().list_id_tags(scope, f);
  EXPECT_EQ(pg.total, 1);
  ASSERT_EQ(pg.items.size(), 1u);
  EXPECT_EQ(pg.items[0].id_tag, "CCC3");
  f = {};
  f.q = "bb";
  EXPECT_EQ(s().list_id_tags(scope, f).items.at(0).id_tag, "BBB2");
}

// --- Transactions ------------------------------------------------------------------------------

TEST_F(StoreTest, TransactionLifecycle) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  core::Station st = station(a.id);
  core::Pile p = pile(a.id, st.id, "CP1", 2);
  core::Pile q = pile(a.id, st.id, "CP2", 2);

  core::Transaction t1 = start(p, 1, "TAG", 1000, 5000);
  EXPECT_EQ(t1.id, 1);
  EXPECT_EQ(t1.state, "active");
  EXPECT_EQ(t1.tenant_id, a.id);
  EXPECT_EQ(t1.charge_point_id, "CP1");
  EXPECT_EQ(t1.created_at, clock_.now());
  EXPECT_FALSE(t1.meter_stop_wh);
  core::Transaction t2 = start(q, 1, "TAG", 0, 6000);
  EXPECT_EQ(t2.id, 2);

  // Exact content key.
  auto found = s().find_transaction_by_start(p.id, 1, "TAG", 1000, 5000);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, t1.id);
  EXPECT_FALSE(s().find_transaction_by_start(q.id, 1, "TAG", 1000, 5000));
  EXPECT_FALSE(s().find_transaction_by_start(p.id, 2, "TAG", 1000, 5000));
  EXPECT_FALSE(s().find_transaction_by_start(p.id, 1, "tag", 1000, 5000));
  EXPECT_FALSE(s().find_transaction_by_start(p.id, 1, "TAG", 1001, 5000));
  EXPECT_FALSE(s().find_transaction_by_start(p.id, 1, "TAG", 1000, 5001));

  EXPECT_EQ(s().active_transaction_on(p.id, 1)->id, t1.id);
  EXPECT_FALSE(s().active_transaction_on(p.id, 2));
  EXPECT_EQ(s().count_active_transactions_for_tag(scope, "TAG"), 2);
  EXPECT_EQ(s().get_transaction_of_pile(p.id, t1.id)->id, t1.id);
  EXPECT_FALSE(s().get_transaction_of_pile(q.id, t1.id));

  store::StopInfo stop;
  stop.meter_stop_wh = 4500;
  stop.stopped_at = 9000;
  stop.reason = "EVDisconnected";
  stop.id_tag = "TAG";
  EXPECT_FALSE(s().stop_transaction(q.id, t1.id, stop));  // wrong pile
  clock_.advance(100);
  EXPECT_TRUE(s().stop_transaction(p.id, t1.id, stop));
  auto stopped = s().get_transaction(scope, t1.id);
  EXPECT_EQ(stopped->state, "stopped");
  EXPECT_EQ(stopped->meter_stop_wh, 4500);
  EXPECT_EQ(stopped->stopped_at, 9000);
  EXPECT_EQ(stopped->stop_reason, "EVDisconnected");
  EXPECT_EQ(stopped->stop_id_tag, "TAG");
  EXPECT_EQ(stopped->updated_at, clock_.now());

  // Idempotent: a resend changes nothing.
  store::StopInfo resend = stop;
  resend.meter_stop_wh = 9999;
  resend.reason = "Other";
  EXPECT_FALSE(s().stop_transaction(p.id, t1.id, resend));
  auto same = s().get_transaction(scope, t1.id);
  EXPECT_EQ(same->meter_stop_wh, 4500);
  EXPECT_EQ(same->stop_reason, "EVDisconnected");
  EXPECT_FALSE(s().active_transaction_on(p.id, 1));
  EXPECT_EQ(s().count_active_transactions_for_tag(scope, "TAG"), 1);

  store::StopInfo no_reason;
  no_reason.meter_stop_wh = 10;
  no_reason.stopped_at = 7000;
  EXPECT_TRUE(s().stop_transaction(q.id, t2.id, no_reason));
  EXPECT_EQ(s().get_transaction(scope, t2.id)->stop_reason, "Local");
  EXPECT_FALSE(s().stop_transaction(p.id, 12345, stop));
}

TEST_F(StoreTest, TransactionOptionalFieldsRoundTrip) {
  core::Tenant a = tenant("a");
  core::Pile p = pile(a.id, std::nullopt, "CP1");
  core::Transaction t;
  t.tenant_id = a.id;
  t.pile_id = p.id;
  t.charge_point_id = "CP1";
  t.connector_id = 2;
  t.id_tag = "X";
  t.meter_start_wh = 9'000'000'000;  // beyond 32 bits
  t.started_at = 1;
  t.reservation_id = 17;
  auto made = s().create_transaction(t);
  EXPECT_EQ(made.reservation_id, 17);
  EXPECT_EQ(made.meter_start_wh, 9'000'000'000);
  EXPECT_FALSE(made.stopped_at);
  EXPECT_EQ(made.stop_reason, "");
}

TEST_F(StoreTest, ActiveTransactionOnPicksTheNewest) {
  core::Tenant a = tenant("a");
  core::Pile p = pile(a.id, std::nullopt, "CP1");
  start(p, 1, "A", 1, 100);
  core::Transaction newer = start(p, 1, "B", 2, 200);
  EXPECT_EQ(s().active_transaction_on(p.id, 1)->id, newer.id);
}

TEST_F(StoreTest, ListTransactionsFilters) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  core::Station s1 = station(a.id, "one");
  core::Station s2 = station(a.id, "two");
  core::Pile p = pile(a.id, s1.id, "CP1");
  core::Pile q = pile(a.id, s2.id, "CP2");
  auto t1 = start(p, 1, "ANN", 0, 1000);
  auto t2 = start(p, 2, "BOB", 0, 2000);
  auto t3 = start(q, 1, "ANN", 0, 3000);
  auto t4 = start(q, 2, "ANN", 0, 4000);
  s().stop_transaction(p.id, t1.id,
                       {.meter_stop_wh = 5, .stopped_at = 1500, .reason = "", .id_tag = ""});

  auto ids = [](const store::Page<core::Transaction>& pg) {
    std::vector<std::int64_t> out;
    for (const auto& t : pg.items) out.push_back(t.id);
    return out;
  };
  store::TransactionFilter f;
  EXPECT_EQ(ids(s().list_transactions(scope, f)),
            (std::vector<std::int64_t>{t4.id, t3.id, t2.id, t1.id}));  // newest start first
  f.pile_id = p.id;
  EXPECT_EQ(ids(s().list_transactions(scope, f)), (std::vector<std::int64_t>{t2.id, t1.id}));
  f = {};
  f.station_id = s2.id;
  EXPECT_EQ(ids(s().list_transactions(scope, f)), (std::vector<std::int64_t>{t4.id, t3.id}));
  f = {};
  f.id_tag = "ANN";
  EXPECT_EQ(s().list_transactions(scope, f).total, 3);
  f.state = "active";
  EXPECT_EQ(ids(s().list_transactions(scope, f)), (std::vector<std::int64_t>{t4.id, t3.id}));
  f = {};
  f.state = "stopped";
  EXPECT_EQ(ids(s().list_transactions(scope, f)), (std::vector<std::int64_t>{t1.id}));
  f = {};
  f.from = 2000;
  f.to = 4000;  // [from, to)
  EXPECT_EQ(ids(s().list_transactions(scope, f)), (std::vector<std::int64_t>{t3.id, t2.id}));
  f = {};
  f.page = {.limit = 1, .offset = 3};
  auto pg = s().list_transactions(scope, f);
  EXPECT_EQ(pg.total, 4);
  EXPECT_EQ(ids(pg), (std::vector<std::int64_t>{t1.id}));

  // Station history stays with the transaction when the pile moves.
  q.station_id = s1.id;
  ASSERT_TRUE(s().update_pile(scope, q));
  f = {};
  f.station_id = s2.id;
  EXPECT_EQ(s().list_transactions(scope, f).total, 2);
}

TEST_F(StoreTest, MeterSamplesRoundTripIncludingOptionalFields) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  core::Pile p = pile(a.id, std::nullopt, "CP1");
  auto t = start(p, 1, "TAG");
  auto other = start(p, 2, "TAG");

  core::MeterSample full;
  full.tenant_id = a.id;
  full.pile_id = p.id;
  full.connector_id = 1;
  full.transaction_id = t.id;
  full.timestamp = 2000;
  full.measurand = "Power.Active.Import";
  full.phase = "L1";
  full.unit = "kW";
  full.context = "Transaction.Begin";
  full.location = "Outlet";
  full.format = "SignedData";
  full.value = "7.4";
  full.normalized = 7'400'000;
  core::MeterSample bare;
  bare.tenant_id = a.id;
  bare.pile_id = p.id;
  bare.connector_id = 1;
  bare.transaction_id = t.id;
  bare.timestamp = 1000;  // earlier: listed first
  bare.value = "n/a";
  core::MeterSample loose = bare;  // no transaction
  loose.transaction_id = std::nullopt;
  core::MeterSample elsewhere = bare;
  elsewhere.transaction_id = other.id;
  s().insert_meter_samples({full, bare, loose, elsewhere});
  s().insert_meter_samples({});

  auto got = s().list_meter_samples(scope, t.id);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].timestamp, 1000);
  EXPECT_EQ(got[0].value, "n/a");
  EXPECT_FALSE(got[0].normalized);
  EXPECT_EQ(got[0].measurand, "Energy.Active.Import.Register");
  EXPECT_EQ(got[0].unit, "Wh");
  EXPECT_EQ(got[0].context, "Sample.Periodic");
  EXPECT_EQ(got[0].format, "Raw");
  EXPECT_EQ(got[0].phase, "");
  const auto& f = got[1];
  EXPECT_GT(f.id, 0);
  EXPECT_EQ(f.tenant_id, a.id);
  EXPECT_EQ(f.pile_id, p.id);
  EXPECT_EQ(f.connector_id, 1);
  EXPECT_EQ(f.transaction_id, t.id);
  EXPECT_EQ(f.timestamp, 2000);
  EXPECT_EQ(f.measurand, "Power.Active.Import");
  EXPECT_EQ(f.phase, "L1");
  EXPECT_EQ(f.unit, "kW");
  EXPECT_EQ(f.context, "Transaction.Begin");
  EXPECT_EQ(f.location, "Outlet");
  EXPECT_EQ(f.format, "SignedData");
  EXPECT_EQ(f.value, "7.4");
  EXPECT_EQ(f.normalized, 7'400'000);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM meter_samples WHERE transaction_id IS NULL"), 1);
}

// --- Commands and charger messages ------------------------------------------------------------

TEST_F(StoreTest, CommandLifecycleAndFailUnfinished) {
  core::Tenant a = tenant("a");
  auto scope = TenantScope::of(a.id);
  core::Pile p = pile(a.id, std::nullopt, "CP1");
  auto make = [&](const std::string& action) {
    core::Command c;
    c.tenant_id = a.id;
    c.pile_id = p.id;
    c.charge_point_id = "CP1";
    c.action = action;
    c.request_json = "{}";
    c.requested_by = "ops";
    return s().create_command(c);
  };
  core::Command c1 = make("Reset");
  EXPECT_GT(c1.id, 0);
  EXPECT_EQ(c1.status, core::CommandStatus::Pending);
  EXPECT_EQ(c1.created_at, clock_.now());
  EXPECT_EQ(c1.requested_by, "ops");
  core::Command c2 = make("UnlockConnector");
  core::Command c3 = make("ChangeAvailability");
  core::Command c4 = make("TriggerMessage");

  c2.status = core::CommandStatus::Sent;
  c2.sent_at = 10;
  s().update_command(c2);
  c3.status = core::CommandStatus::Accepted;
  c3.sent_at = 11;
  c3.completed_at = 12;
  c3.response_json = R"({"status":"Accepted"})";
  c3.action = "Changed";  // not updatable
  s().update_command(c3);
  auto got3 = s().get_command(scope, c3.id);
  EXPECT_EQ(got3->status, core::CommandStatus::Accepted);
  EXPECT_EQ(got3->sent_at, 11);
  EXPECT_EQ(got3->completed_at, 12);
  EXPECT_EQ(got3->response_json, R"({"status":"Accepted"})");
  EXPECT_EQ(got3->action, "ChangeAvailability");
  c4.status = core::CommandStatus::Rejected;
  s().update_command(c4);

  EXPECT_EQ(s().fail_unfinished_commands(500, "restart"), 2);  // c1 pending, c2 sent
  for (const auto& c : {c1, c2}) {
    auto got = s().get_command(scope, c.id);
    EXPECT_EQ(got->status, core::CommandStatus::Failed);
    EXPECT_EQ(got->error, "restart");
    EXPECT_EQ(got->completed_at, 500);
  }
  EXPECT_EQ(s().get_command(scope, c3.id)->status, core::CommandStatus::Accepted);
  EXPECT_EQ(s().get_command(scope, c4.id)->status, core::CommandStatus::Rejected);
  EXPECT_EQ(s().fail_unfinished_commands(600, "again"), 0);

  auto page = s().list_commands(scope, p.id, {.limit = 2, .offset = 0});
  EXPECT_EQ(page.total, 4);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, c4.id);  // newest first
  EXPECT_EQ(page.items[1].id, c3.id);
}

TEST_F(StoreTest, ChargerMessagesAreStored) {
  core::Tenant a = tenant("a");
  core::Pile p = pile(a.id, std::nullopt, "CP1");
  core::ChargerMessage m;
  m.tenant_id = a.id;
  m.pile_id = p.id;
  m.action = "DataTransfer";
  m.payload_json = R"({"vendorId":"x"})";
  m.received_at = 321;
  s().insert_charger_message(m);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM charger_messages WHERE action = 'DataTransfer' AND "
                   "received_at = 321 AND tenant_id = " +
                   std::to_string(a.id)),
            1);
}

// --- Transactions (database) --------------------------------------------------------------------

TEST_F(StoreTest, InTransactionRollbackLeavesNothing) {
  EXPECT_THROW(s().in_transaction([&] {
    core::Tenant t = tenant("a");
    station(t.id);
    s().put_setting("k", "v");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(s().list_tenants({}).total, 0);
  EXPECT_FALSE(s().get_setting("k"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM stations"), 0);
  // A ConflictError inside rolls back the earlier writes too.
  tenant("dup");
  EXPECT_THROW(s().in_transaction([&] {
    tenant("fresh");
    tenant("dup");
  }),
               ConflictError);
  EXPECT_EQ(s().list_tenants({}).total, 1);
  // The store is usable afterwards and commits.
  s().in_transaction([&] { tenant("ok"); });
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM tenants"), 2);
}

TEST_F(StoreTest, NestedInTransactionJoinsTheOuterOne) {
  s().in_transaction([&] {
    tenant("outer");
    try {
      s().in_transaction([&] {
        tenant("inner-failed");
        throw std::runtime_error("inner");
      });
    } catch (const std::runtime_error&) {
    }
    s().in_transaction([&] { tenant("inner-ok"); });
    // Not visible to another connection until the outer commit.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM tenants"), 0);
  });
  auto all = s().list_tenants({});
  ASSERT_EQ(all.total, 2);
  EXPECT_EQ(all.items[0].name, "outer");
  EXPECT_EQ(all.items[1].name, "inner-ok");

  // An exception escaping the outer function undoes the nested work as well.
  EXPECT_THROW(s().in_transaction([&] {
    s().in_transaction([&] { tenant("nested"); });
    throw std::runtime_error("outer");
  }),
               std::runtime_error);
  EXPECT_EQ(s().list_tenants({}).total, 2);
}

TEST_F(StoreTest, TwoThreadsShareTheStore) {
  core::Tenant a = tenant("a");
  auto work = [&](const std::string& prefix) {
    for (int i = 0; i < 100; ++i) {
      if (i % 2 == 0) {
        s().in_transaction([&] {
          tag(a.id, prefix + std::to_string(i));
          EXPECT_TRUE(s().find_id_tag(TenantScope::of(a.id), prefix + std::to_string(i)));
        });
      } else {
        tag(a.id, prefix + std::to_string(i));
      }
    }
  };
  std::thread t1(work, "x");
  std::thread t2(work, "y");
  t1.join();
  t2.join();
  EXPECT_EQ(s().list_id_tags(TenantScope::of(a.id), {}).total, 200);
}

// --- Persistence ---------------------------------------------------------------------------------

TEST_F(StoreTest, DataAndSchemaSurviveReopen) {
  core::Tenant a = tenant("a");
  core::Pile p = pile(a.id, station(a.id).id, "CP1", 2);
  s().put_setting("bootstrap", "hash");
  s().set_online(p.id, true);
  std::int64_t applied_at = scalar("SELECT applied_at FROM schema_migrations WHERE version = 1");

  clock_.advance(60'000);
  reopen();
  EXPECT_EQ(s().get_setting("bootstrap"), "hash");
  auto got = s().find_pile_by_charge_point_id("CP1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->connectors.size(), 2u);
  EXPECT_TRUE(got->online);  // the node resets it with set_all_offline
  EXPECT_EQ(s().get_tenant(a.id)->name, "a");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(store::migrations().size()));
  EXPECT_EQ(scalar("SELECT applied_at FROM schema_migrations WHERE version = 1"), applied_at);
  EXPECT_EQ(store::sqlite_schema_version(db_path_), store::latest_schema_version());
  EXPECT_EQ(store::migrate_sqlite(db_path_), store::latest_schema_version());
}

TEST_F(StoreTest, TransactionIdsAreMonotonicAndNeverReusedAcrossReopen) {
  core::Tenant a = tenant("a");
  core::Pile p = pile(a.id, std::nullopt, "CP1");
  EXPECT_EQ(start(p, 1, "T", 1).id, 1);
  EXPECT_EQ(start(p, 1, "T", 2).id, 2);
  EXPECT_EQ(start(p, 1, "T", 3).id, 3);
  reopen();
  EXPECT_EQ(start(p, 1, "T", 4).id, 4);
  {
    // Even if the newest rows vanish (e.g. a manual clean-up), ids are not handed out again.
    store::SqliteConnection raw(db_path_);
    raw.exec("DELETE FROM transactions WHERE id >= 3");
  }
  reopen();
  EXPECT_EQ(start(p, 1, "T", 5).id, 5);
  EXPECT_FALSE(s().get_transaction(TenantScope::of(a.id), 3));
}

}  // namespace
}  // namespace ct::test
