// Every TenantScope-taking method, called with tenant B's scope on tenant A's rows, must
// behave as if the rows did not exist and must leave them untouched.
#include <gtest/gtest.h>

#include "tests/store/store_fixture.hpp"

namespace ct::test {
namespace {

using store::StoreError;

class TenantIsolationTest : public StoreTest {
 protected:
  TenantIsolationTest() {
    a_ = tenant("a");
    b_ = tenant("b");
    station_a_ = station(a_.id, "A station");
    station_b_ = station(b_.id, "B station");
    pile_a_ = pile(a_.id, station_a_.id, "CP-A");
    pile_b_ = pile(b_.id, station_b_.id, "CP-B");
    tag_a_ = tag(a_.id, "TAG-A", "Ann");
    tx_a_ = start(pile_a_, 1, "TAG-A");

    core::MeterSample m;
    m.tenant_id = a_.id;
    m.pile_id = pile_a_.id;
    m.connector_id = 1;
    m.transaction_id = tx_a_.id;
    m.value = "1";
    s().insert_meter_samples({m});

    core::StatusEvent ev;
    ev.pile_id = pile_a_.id;
    ev.connector_id = 1;
    ev.status = "Charging";
    s().apply_status(ev);

    core::Command c;
    c.tenant_id = a_.id;
    c.pile_id = pile_a_.id;
    c.charge_point_id = "CP-A";
    c.action = "Reset";
    command_a_ = s().create_command(c);
  }

  TenantScope A() const { return TenantScope::of(a_.id); }
  TenantScope B() const { return TenantScope::of(b_.id); }

  core::Tenant a_, b_;
  core::Station station_a_, station_b_;
  core::Pile pile_a_, pile_b_;
  core::IdTag tag_a_;
  core::Transaction tx_a_;
  core::Command command_a_;
};

TEST_F(TenantIsolationTest, Stations) {
  EXPECT_FALSE(s().get_station(B(), station_a_.id));
  auto listed = s().list_stations(B(), {});
  EXPECT_EQ(listed.total, 1);
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].id, station_b_.id);
  store::StationFilter f;
  f.q = "A station";
  EXPECT_EQ(s().list_stations(B(), f).total, 0);

  core::Station hijack = station_a_;
  hijack.name = "hijacked";
  hijack.tenant_id = b_.id;
  EXPECT_FALSE(s().update_station(B(), hijack));
  EXPECT_EQ(s().get_station(A(), station_a_.id)->name, "A station");

  EXPECT_FALSE(s().delete_station(B(), station_a_.id));  // no conflict leak either
  EXPECT_TRUE(s().get_station(A(), station_a_.id));

  core::Station smuggled;
  smuggled.tenant_id = a_.id;  // the scope wins over the entity
  smuggled.name = "smuggled";
  EXPECT_EQ(s().create_station(B(), smuggled).tenant_id, b_.id);
  EXPECT_EQ(s().list_stations(A(), {}).total, 1);
}

TEST_F(TenantIsolationTest, Piles) {
  EXPECT_FALSE(s().get_pile(B(), pile_a_.id));
  auto listed = s().list_piles(B(), {});
  EXPECT_EQ(listed.total, 1);
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].id, pile_b_.id);
  store::PileFilter f;
  f.station_id = station_a_.id;
  EXPECT_EQ(s().list_piles(B(), f).total, 0);
  f = {};
  f.q = "CP-A";
  EXPECT_EQ(s().list_piles(B(), f).total, 0);

  core::Pile hijack = pile_a_;
  hijack.name = "hijacked";
  hijack.station_id = station_b_.id;
  hijack.connectors.clear();
  EXPECT_FALSE(s().update_pile(B(), hijack));
  auto still = s().get_pile(A(), pile_a_.id);
  EXPECT_EQ(still->name, pile_a_.name);
  EXPECT_EQ(still->station_id, station_a_.id);
  EXPECT_EQ(still->connectors.size(), 2u);

  EXPECT_FALSE(s().delete_pile(B(), pile_a_.id));
  EXPECT_TRUE(s().get_pile(A(), pile_a_.id));

  // B cannot attach its piles to A's station.
  core::Pile mine = pile_b_;
  mine.station_id = station_a_.id;
  EXPECT_THROW(s().update_pile(B(), mine), StoreError);
  EXPECT_EQ(s().get_pile(B(), pile_b_.id)->station_id, station_b_.id);
  core::Pile fresh;
  fresh.charge_point_id = "CP-NEW";
  fresh.station_id = station_a_.id;
  EXPECT_THROW(s().create_pile(B(), fresh), StoreError);
  EXPECT_FALSE(s().find_pile_by_charge_point_id("CP-NEW"));

  // The entity's tenant_id is ignored on create.
  fresh.station_id = std::nullopt;
  fresh.tenant_id = a_.id;
  EXPECT_EQ(s().create_pile(B(), fresh).tenant_id, b_.id);
}

TEST_F(TenantIsolationTest, BindPileToAnotherTenantsStation) {
  core::Pile u = s().create_unbound_pile("NEW", {}, 1);
  EXPECT_FALSE(s().bind_pile(B(), u.id, station_a_.id));
  EXPECT_FALSE(s().get_pile_by_id(u.id)->bound);
  EXPECT_FALSE(s().bind_pile(B(), pile_a_.id, station_b_.id));  // bound to A already
  EXPECT_EQ(s().get_pile_by_id(pile_a_.id)->tenant_id, a_.id);
}

TEST_F(TenantIsolationTest, StatusHistory) {
  auto h = s().list_status_history(B(), pile_a_.id, {});
  EXPECT_EQ(h.total, 0);
  EXPECT_TRUE(h.items.empty());
  EXPECT_EQ(s().list_status_history(A(), pile_a_.id, {}).total, 1);
}

TEST_F(TenantIsolationTest, IdTags) {
  EXPECT_FALSE(s().get_id_tag(B(), tag_a_.id));
  EXPECT_FALSE(s().find_id_tag(B(), "TAG-A"));
  EXPECT_EQ(s().list_id_tags(B(), {}).total, 0);
  store::IdTagFilter f;
  f.q = "ann";
  EXPECT_EQ(s().list_id_tags(B(), f).total, 0);

  core::IdTag hijack = tag_a_;
  hijack.status = "Blocked";
  EXPECT_FALSE(s().update_id_tag(B(), hijack));
  EXPECT_EQ(s().get_id_tag(A(), tag_a_.id)->status, "Accepted");
  EXPECT_FALSE(s().delete_id_tag(B(), tag_a_.id));
  EXPECT_TRUE(s().get_id_tag(A(), tag_a_.id));

  // The same idTag may exist in B; each tenant sees its own.
  core::IdTag b_tag = tag(b_.id, "TAG-A", "Bob");
  EXPECT_EQ(s().find_id_tag(B(), "TAG-A")->id, b_tag.id);
  EXPECT_EQ(s().find_id_tag(A(), "TAG-A")->id, tag_a_.id);
}

TEST_F(TenantIsolationTest, TransactionsAndSamples) {
  EXPECT_FALSE(s().get_transaction(B(), tx_a_.id));
  EXPECT_TRUE(s().get_transaction(A(), tx_a_.id));
  EXPECT_EQ(s().count_active_transactions_for_tag(B(), "TAG-A"), 0);
  EXPECT_EQ(s().count_active_transactions_for_tag(A(), "TAG-A"), 1);
  EXPECT_EQ(s().list_transactions(B(), {}).total, 0);
  store::TransactionFilter f;
  f.pile_id = pile_a_.id;
  EXPECT_EQ(s().list_transactions(B(), f).total, 0);
  EXPECT_TRUE(s().list_meter_samples(B(), tx_a_.id).empty());
  EXPECT_EQ(s().list_meter_samples(A(), tx_a_.id).size(), 1u);
}

TEST_F(TenantIsolationTest, Commands) {
  EXPECT_FALSE(s().get_command(B(), command_a_.id));
  EXPECT_TRUE(s().get_command(A(), command_a_.id));
  EXPECT_EQ(s().list_commands(B(), pile_a_.id, {}).total, 0);
  EXPECT_EQ(s().list_commands(A(), pile_a_.id, {}).total, 1);
}

TEST_F(TenantIsolationTest, ApiTokens) {
  core::ApiToken t;
  t.tenant_id = a_.id;
  t.label = "a";
  t.token_hash = "ha";
  core::ApiToken ta = s().create_api_token(t);
  EXPECT_TRUE(s().list_api_tokens(b_.id).empty());
  EXPECT_FALSE(s().revoke_api_token(b_.id, ta.id));
  EXPECT_FALSE(s().find_api_token_by_hash("ha")->revoked);
}

}  // namespace
}  // namespace ct::test
