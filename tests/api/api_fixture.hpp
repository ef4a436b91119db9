// Shared fixture for the API tests: the real SQLite store on a temp file, a ManualClock,
// a fake CommandSink and the in-process bus, driven through ApiRouter::handle().
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/api/api_router.hpp"
#include "server/bus/bus.hpp"
#include "server/core/clock.hpp"
#include "server/core/command_sink.hpp"
#include "server/store/sqlite_store.hpp"

namespace ct::api::testing {

using nlohmann::json;

class FakeSink final : public core::CommandSink {
 public:
  bool is_online(const std::string& cpid) const override { return offline.count(cpid) == 0; }
  void dispatch(const core::Command& c) override {
    if (throw_on_dispatch) throw std::runtime_error("gateway queue closed");
    dispatched.push_back(c);
  }
  std::set<std::string> offline;
  bool throw_on_dispatch = false;
  std::vector<core::Command> dispatched;
};

struct Resp {
  int status = 0;
  json body;
  std::map<std::string, std::string> headers;
  const json& data() const { return body.at("data"); }
  int code() const { return body.at("code").get<int>(); }
  std::string field() const { return body.value("field", ""); }
};

struct Tenant {
  core::Id id = 0;
  std::string token;
};

class ApiTest : public ::testing::Test {
 protected:
  static constexpr const char* kPlatform = "ctp_test_platform_token";

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    db_ = std::filesystem::path(::testing::TempDir()) /
          (std::string("ct_api_") + info->test_suite_name() + "_" + info->name() + ".db");
    remove_db();
    store = store::open_sqlite_store(db_.string(), clock);
    ensure_platform_token(*store, std::string(kPlatform));
    router = std::make_unique<ApiRouter>(ApiContext{*store, clock, sink, bus});
    bus.subscribe([this](const ct::events::Event& e) { events.push_back(e); });
  }

  void TearDown() override {
    router.reset();
    store.reset();
    remove_db();
  }

  void remove_db() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(db_.string() + suffix);
    }
  }

  Resp call(const std::string& method, const std::string& path, const std::string& token,
            const json& body = nullptr, std::map<std::string, std::string> query = {}) {
    HttpRequest req;
    req.method = method;
    req.path = path;
    req.query = std::move(query);
    if (!token.empty()) req.headers["authorization"] = "Bearer " + token;
    if (!body.is_null()) req.body = body.dump();
    return to_resp(router->handle(req));
  }

  Resp call_raw(const std::string& method, const std::string& path, const std::string& token,
                const std::string& raw_body) {
    HttpRequest req;
    req.method = method;
    req.path = path;
    req.headers["authorization"] = "Bearer " + token;
    req.body = raw_body;
    return to_resp(router->handle(req));
  }

  static Resp to_resp(const HttpResponse& r) {
    Resp out;
    out.status = r.status;
    out.headers = r.headers;
    out.body = json::parse(r.body);
    EXPECT_EQ(r.content_type, "application/json");
    return out;
  }

  Tenant make_tenant(const std::string& name) {
    auto t = call("POST", "/api/v1/tenants", kPlatform, {{"name", name}});
    EXPECT_EQ(t.status, 201) << t.body;
    Tenant out;
    out.id = t.data()["id"].get<core::Id>();
    auto tok = call("POST", "/api/v1/tenants/" + std::to_string(out.id) + "/api-tokens", kPlatform,
                    {{"label", name + "-ops"}});
    EXPECT_EQ(tok.status, 201) << tok.body;
    out.token = tok.data()["token"].get<std::string>();
    return out;
  }

  core::Id make_station(const Tenant& t, const std::string& name = "Station") {
    auto r = call("POST", "/api/v1/stations", t.token, {{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.data()["id"].get<core::Id>();
  }

  core::Id make_pile(const Tenant& t, core::Id station, const std::string& cpid,
                     json extra = json::object()) {
    extra["chargePointId"] = cpid;
    auto r = call("POST", "/api/v1/stations/" + std::to_string(station) + "/piles", t.token, extra);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.data()["id"].get<core::Id>();
  }

  // A transaction as the gateway would record it.
  core::Transaction make_transaction(const Tenant& t, core::Id pile_id, int connector,
                                     const std::string& tag, std::int64_t meter_start,
                                     core::UtcMillis started_at) {
    auto pile = store->get_pile_by_id(pile_id);
    core::Transaction tx;
    tx.tenant_id = t.id;
    tx.pile_id = pile_id;
    tx.charge_point_id = pile->charge_point_id;
    tx.connector_id = connector;
    tx.id_tag = tag;
    tx.meter_start_wh = meter_start;
    tx.started_at = started_at;
    return store->create_transaction(tx);
  }

  static std::string path(const std::string& prefix, core::Id id, const std::string& rest = "") {
    return prefix + std::to_string(id) + rest;
  }

  core::ManualClock clock{1'767'225'600'000};  // 2026-01-01T00:00:00Z
  FakeSink sink;
  bus::InProcessBus bus;
  std::vector<ct::events::Event> events;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<ApiRouter> router;

 private:
  std::filesystem::path db_;
};

}  // namespace ct::api::testing
