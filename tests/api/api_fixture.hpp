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
#include "server/commands/command_issuer.hpp"
#include "server/core/clock.hpp"
#include "server/core/command_sink.hpp"
#include "server/drivers/driver_auth.hpp"
#include "server/orders/order_service.hpp"
#include "server/store/sql_store.hpp"
#include "server/store/sqlite_store.hpp"
#include "server/wallet/payment_service.hpp"
#include "server/wallet/sandbox_provider.hpp"

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

// Remembers the codes the server "texts" (the tests sign drivers in with them).
class CapturingSms final : public drivers::SmsSender {
 public:
  void send_code(core::Id, const std::string& phone, const std::string& code) override {
    last_code[phone] = code;
    ++sent;
  }
  std::map<std::string, std::string> last_code;
  int sent = 0;
};

// The sandbox's notifications straight into the router, as the in-process core does.
class RouterChannel final : public wallet::NotificationChannel {
 public:
  std::optional<std::string> deliver(const std::string& path,
                                     const std::map<std::string, std::string>& headers,
                                     const std::string& body) override {
    if (router == nullptr || !reachable) return std::nullopt;
    HttpRequest req;
    req.method = "POST";
    req.path = path;
    for (const auto& [k, v] : headers) {
      std::string lower;
      for (char ch : k) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      req.headers[lower] = v;
    }
    req.body = body;
    ++delivered;
    return router->handle(req).body;
  }
  ApiRouter* router = nullptr;
  bool reachable = true;  // false: the provider cannot reach the server (it retries)
  int delivered = 0;
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
    store = store::open_sqlite_sql_store(db_.string(), clock);
    ensure_platform_token(*store, std::string(kPlatform));
    issuer = std::make_unique<commands::CommandIssuer>(*store, bus, sink, clock);
    orders = std::make_unique<orders::OrderService>(
        orders::OrderStores{*store, *store, *store, *store, *store}, bus, *issuer, clock);
    auth = std::make_unique<drivers::DriverAuth>(*store, *store, *store, *store, sms, clock,
                                                 auth_config());
    payments = std::make_unique<wallet::PaymentService>(*store, *store, *store, *orders, clock);
    wallet::SandboxConfig sc;
    sc.secret = kSandboxSecret;
    sc.public_base_url = "http://ct.test";
    sc.notify_delay_ms = 0;  // a paid payment is notified at the next deliver_due()
    sandbox = std::make_unique<wallet::SandboxProvider>(sc, clock);
    payments->add_provider(*sandbox);
    services = std::make_unique<ApiServices>(
        ApiServices{*store, *store, *store, *store, *issuer, *orders, *auth, *payments});
    router = std::make_unique<ApiRouter>(ApiContext{*store, clock, sink, bus, services.get()});
    channel.router = router.get();
    sandbox->set_channel(&channel);
    bus.subscribe([this](const ct::events::Event& e) { events.push_back(e); });
  }

  void TearDown() override {
    sandbox->set_channel(nullptr);
    router.reset();
    services.reset();
    sandbox.reset();
    payments.reset();
    auth.reset();
    orders.reset();
    issuer.reset();
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

  HttpResponse call_http(const std::string& method, const std::string& path,
                         const std::string& token, std::map<std::string, std::string> query = {}) {
    HttpRequest req;
    req.method = method;
    req.path = path;
    req.query = std::move(query);
    if (!token.empty()) req.headers["authorization"] = "Bearer " + token;
    return router->handle(req);
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

  // A driver of the tenant signed in through the app endpoints (SMS code, login).
  struct Driver {
    core::Id id = 0;
    std::string access_token;
    std::string refresh_token;
    std::string id_tag;
  };
  Driver sign_in_driver(const Tenant& t, const std::string& phone) {
    auto sent =
        call("POST", "/api/v1/app/auth/sms-code", "", {{"tenantId", t.id}, {"phone", phone}});
    EXPECT_EQ(sent.status, 202) << sent.body;
    auto normalized = drivers::DriverAuth::normalize_phone(phone).value_or(phone);
    auto login = call("POST", "/api/v1/app/auth/login", "",
                      {{"tenantId", t.id}, {"phone", phone}, {"code", sms.last_code[normalized]}});
    EXPECT_EQ(login.status, 200) << login.body;
    Driver d;
    d.id = login.data()["driver"]["id"].get<core::Id>();
    d.access_token = login.data()["accessToken"].get<std::string>();
    d.refresh_token = login.data()["refreshToken"].get<std::string>();
    d.id_tag = login.data()["driver"]["idTag"].get<std::string>();
    return d;
  }

  const std::filesystem::path& db_path() const { return db_; }
  // Tests that let hours pass on the clock keep their drivers signed in.
  virtual drivers::DriverAuthConfig auth_config() const { return {}; }

  static constexpr const char* kSandboxSecret = "test-sandbox-secret";

  core::ManualClock clock{1'767'225'600'000};  // 2026-01-01T00:00:00Z
  FakeSink sink;
  bus::InProcessBus bus;
  std::vector<ct::events::Event> events;
  std::unique_ptr<store::SqlStore> store;
  CapturingSms sms;
  RouterChannel channel;
  std::unique_ptr<commands::CommandIssuer> issuer;
  std::unique_ptr<orders::OrderService> orders;
  std::unique_ptr<drivers::DriverAuth> auth;
  std::unique_ptr<wallet::PaymentService> payments;
  std::unique_ptr<wallet::SandboxProvider> sandbox;
  std::unique_ptr<ApiServices> services;
  std::unique_ptr<ApiRouter> router;

 private:
  std::filesystem::path db_;
};

}  // namespace ct::api::testing
