// Fixture for the charge-point service: a real SQLite store in memory (wrapped in a
// FaultyStore for failure injection), a ManualClock and an InProcessBus whose events
// are captured in order.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "protocol/ocpp16/datetime.hpp"
#include "server/bus/bus.hpp"
#include "server/core/clock.hpp"
#include "server/core/ocpp/charge_point_service.hpp"
#include "server/store/sqlite_store.hpp"
#include "tests/core/faulty_store.hpp"

namespace ct::test {

using nlohmann::json;
using Outcome = core::ChargePointService::CallOutcome;

class ChargePointTest : public ::testing::Test {
 protected:
  ChargePointTest() : real_(store::open_sqlite_store(":memory:", clock_)), store_(*real_) {
    bus_.subscribe([this](const events::Event& e) { events_.push_back(e); });
  }

  // The service is built lazily so a test can change cfg_ first.
  core::ChargePointService& svc() {
    if (!svc_) svc_ = std::make_unique<core::ChargePointService>(store_, clock_, bus_, cfg_);
    return *svc_;
  }

  core::Tenant make_tenant(const std::string& name, bool enabled = true) {
    core::Tenant t;
    t.name = name;
    t.enabled = enabled;
    return store_.create_tenant(t);
  }

  core::Station make_station(const core::Tenant& t, const std::string& name = "Depot") {
    core::Station st;
    st.name = name;
    return store_.create_station(core::TenantScope::of(t.id), st);
  }

  core::Pile make_pile(const core::Tenant& t, const core::Station& st, const std::string& cpid,
                       int connectors = 2, bool enabled = true) {
    core::Pile p;
    p.tenant_id = t.id;
    p.station_id = st.id;
    p.charge_point_id = cpid;
    p.name = cpid;
    p.enabled = enabled;
    for (int i = 1; i <= connectors; ++i) {
      core::Connector c;
      c.connector_id = i;
      c.max_power_w = 7000;
      c.type = "Type2";
      p.connectors.push_back(c);
    }
    return store_.create_pile(core::TenantScope::of(t.id), p);
  }

  core::IdTag make_tag(const core::Tenant& t, const std::string& tag,
                       const std::string& status = "Accepted",
                       std::optional<core::UtcMillis> expiry = std::nullopt,
                       const std::string& parent = "") {
    core::IdTag it;
    it.id_tag = tag;
    it.status = status;
    it.expiry = expiry;
    it.parent_id_tag = parent;
    return store_.create_id_tag(core::TenantScope::of(t.id), it);
  }

  // A tenant "acme" with station and pile CP1 (2 connectors) and tag TAG1 (Accepted).
  void standard_setup() {
    tenant_ = make_tenant("acme");
    station_ = make_station(tenant_);
    pile_ = make_pile(tenant_, station_, "CP1");
    make_tag(tenant_, "TAG1");
  }

  Outcome call(const std::string& cpid, const std::string& action, json payload) {
    ocpp16::Call c;
    c.unique_id = "m" + std::to_string(++next_unique_id_);
    c.action = action;
    c.payload = std::move(payload);
    return svc().handle_call(cpid, c);
  }

  // The CALLRESULT payload; fails the test on a CALLERROR.
  json ok(const std::string& cpid, const std::string& action, json payload) {
    auto out = call(cpid, action, std::move(payload));
    if (auto* err = std::get_if<ocpp16::CallError>(&out)) {
      ADD_FAILURE() << action << " answered CALLERROR " << ocpp16::to_string(err->code) << ": "
                    << err->description;
      return json();
    }
    return std::get<json>(out);
  }

  ocpp16::CallError err(const std::string& cpid, const std::string& action, json payload) {
    auto out = call(cpid, action, std::move(payload));
    if (auto* e = std::get_if<ocpp16::CallError>(&out)) return *e;
    ADD_FAILURE() << action << " answered CALLRESULT " << std::get<json>(out).dump();
    return {};
  }

  std::string now_text() const { return core::format_utc(clock_.now()); }

  static core::UtcMillis parse_time(const json& j) {
    auto t = ocpp16::parse_datetime(j.get<std::string>());
    EXPECT_TRUE(t.has_value()) << j;
    return t ? t->epoch_ms : -1;
  }

  json start_payload(int connector, const std::string& tag, std::int64_t meter_start,
                     core::UtcMillis at) const {
    return {{"connectorId", connector},
            {"idTag", tag},
            {"meterStart", meter_start},
            {"timestamp", core::format_utc(at)}};
  }

  // Events of one body kind, in publish order.
  std::vector<events::Event> events_of(events::Event::BodyCase kind) const {
    std::vector<events::Event> out;
    for (const auto& e : events_) {
      if (e.body_case() == kind) out.push_back(e);
    }
    return out;
  }

  core::Pile reload(const core::Pile& p) { return *store_.get_pile_by_id(p.id); }

  core::ManualClock clock_;
  std::unique_ptr<store::Store> real_;
  FaultyStore store_;
  bus::InProcessBus bus_;
  std::vector<events::Event> events_;
  core::ChargePointConfig cfg_;
  std::unique_ptr<core::ChargePointService> svc_;
  int next_unique_id_ = 0;

  core::Tenant tenant_;
  core::Station station_;
  core::Pile pile_;
};

}  // namespace ct::test
