// Starts a real CsmsNode on an ephemeral loopback port with a SQLite file in a
// temporary directory, and gives tests a tenant with a station, a pile and id tags.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "server/node/csms_node.hpp"
#include "tests/integration/test_client.hpp"

namespace ct::testing {

inline constexpr const char* kPlatformToken = "ctp_integration_platform_token";

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  void start_node();
  void stop_node();

  HttpResult api(const std::string& method, const std::string& target,
                 const nlohmann::json& body = nullptr, const std::string& token = "");
  // Creates a tenant and returns its API token.
  std::string create_tenant(const std::string& name);
  // Creates a station and a pile with `connectors` connectors; returns the pile id.
  std::int64_t create_pile(const std::string& token, const std::string& cpid, int connectors = 2,
                           const std::string& password = "");
  std::int64_t create_station(const std::string& token, const std::string& name);
  void create_id_tag(const std::string& token, const std::string& tag,
                     const std::string& status = "Accepted");
  // Connects a charger and gets it Accepted at boot.
  std::unique_ptr<WsClient> boot_charger(const std::string& cpid);

  std::filesystem::path dir_;
  std::unique_ptr<node::CsmsNode> node_;
  std::uint16_t port_ = 0;
  std::string tenant_token_;
  drivers::SmsSender* sms_ = nullptr;  // set before start_node() to read sign-in codes
};

}  // namespace ct::testing
