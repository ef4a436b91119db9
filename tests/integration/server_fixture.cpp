#include "tests/integration/server_fixture.hpp"

#include <random>

namespace ct::testing {

void ServerFixture::SetUp() {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() /
         ("chargetwin-it-" + std::to_string(rd()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(dir_);
  start_node();
  tenant_token_ = create_tenant("Acme");
}

void ServerFixture::TearDown() {
  stop_node();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void ServerFixture::start_node() {
  node::NodeConfig cfg;
  cfg.db_path = (dir_ / "chargetwin.db").string();
  cfg.http.host = "127.0.0.1";
  cfg.http.port = 0;
  cfg.http.threads = 2;
  cfg.http.rpc.call_timeout_ms = 2000;
  cfg.http.rpc.max_frame_bytes = 16 * 1024;
  cfg.charge_point.heartbeat_interval_s = 300;
  cfg.bootstrap_token = kPlatformToken;
  cfg.sms = sms_;
  node_ = std::make_unique<node::CsmsNode>(cfg);
  port_ = node_->start();
}

void ServerFixture::stop_node() {
  if (node_) node_->stop();
  node_.reset();
}

HttpResult ServerFixture::api(const std::string& method, const std::string& target,
                              const nlohmann::json& body, const std::string& token) {
  return http_request(port_, method, target, token.empty() ? tenant_token_ : token,
                      body.is_null() ? "" : body.dump());
}

std::string ServerFixture::create_tenant(const std::string& name) {
  auto t = api("POST", "/api/v1/tenants", {{"name", name}}, kPlatformToken);
  EXPECT_EQ(t.status, 201) << t.body;
  auto id = t.json()["data"]["id"].get<std::int64_t>();
  auto tok = api("POST", "/api/v1/tenants/" + std::to_string(id) + "/api-tokens",
                 {{"label", "it-" + name}}, kPlatformToken);
  EXPECT_EQ(tok.status, 201) << tok.body;
  return tok.json()["data"]["token"].get<std::string>();
}

std::int64_t ServerFixture::create_station(const std::string& token, const std::string& name) {
  auto st = api("POST", "/api/v1/stations",
                {{"name", name},
                 {"address", "1 Century Ave"},
                 {"city", "Shanghai"},
                 {"latitude", 31.230416},
                 {"longitude", 121.473701},
                 {"timeZone", "Asia/Shanghai"}},
                token);
  EXPECT_EQ(st.status, 201) << st.body;
  return st.json()["data"]["id"].get<std::int64_t>();
}

std::int64_t ServerFixture::create_pile(const std::string& token, const std::string& cpid,
                                        int connectors, const std::string& password) {
  auto station = create_station(token, "Station of " + cpid);
  nlohmann::json cs = nlohmann::json::array();
  for (int i = 1; i <= connectors; ++i) {
    cs.push_back({{"connectorId", i}, {"maxPowerW", 60000}, {"type", "GBT-DC"}});
  }
  nlohmann::json body{{"chargePointId", cpid}, {"vendor", "Acme"},    {"model", "DC60"},
                      {"currentType", "DC"},   {"maxPowerW", 120000}, {"connectors", cs}};
  if (!password.empty()) body["password"] = password;
  auto p = api("POST", "/api/v1/stations/" + std::to_string(station) + "/piles", body, token);
  EXPECT_EQ(p.status, 201) << p.body;
  return p.json()["data"]["id"].get<std::int64_t>();
}

void ServerFixture::create_id_tag(const std::string& token, const std::string& tag,
                                  const std::string& status) {
  auto r = api("POST", "/api/v1/id-tags", {{"idTag", tag}, {"status", status}}, token);
  EXPECT_EQ(r.status, 201) << r.body;
}

std::unique_ptr<WsClient> ServerFixture::boot_charger(const std::string& cpid) {
  auto ws = std::make_unique<WsClient>();
  EXPECT_EQ(ws->connect(port_, "/ocpp/" + cpid), 101);
  auto boot =
      ws->call("BootNotification", {{"chargePointVendor", "Acme"}, {"chargePointModel", "DC60"}});
  EXPECT_EQ(boot[0], 3) << boot.dump();
  EXPECT_EQ(boot[2]["status"], "Accepted") << boot.dump();
  return ws;
}

}  // namespace ct::testing
