#include "server/gateway/http_util.hpp"

#include <gtest/gtest.h>

#include "server/gateway/charger_registry.hpp"

namespace ct::gateway {
namespace {

TEST(HttpUtil, SplitsAndDecodesTargets) {
  auto t = split_target("/api/v1/piles?q=a%20b&online=true&x=1+2&bad=%zz");
  EXPECT_EQ(t.path, "/api/v1/piles");
  EXPECT_EQ(t.query.at("q"), "a b");
  EXPECT_EQ(t.query.at("online"), "true");
  EXPECT_EQ(t.query.at("x"), "1 2");
  EXPECT_EQ(t.query.count("bad"), 0u) << "undecodable parameters are dropped";
  EXPECT_EQ(split_target("/ocpp/CP%2D1").path, "/ocpp/CP-1");
}

TEST(HttpUtil, ChargePointIdComesFromTheLastSegment) {
  EXPECT_EQ(charge_point_id_from_path("/ocpp/CP-001"), "CP-001");
  EXPECT_FALSE(charge_point_id_from_path("/ocpp/"));
  EXPECT_FALSE(charge_point_id_from_path("/ocpp/a/b"));
  EXPECT_FALSE(charge_point_id_from_path("/other/CP"));
  EXPECT_FALSE(charge_point_id_from_path("/ocpp/" + std::string(65, 'x')));
  EXPECT_TRUE(charge_point_id_from_path("/ocpp/" + std::string(64, 'x')));
}

TEST(HttpUtil, SubprotocolListIsMatchedByToken) {
  EXPECT_TRUE(offers_subprotocol("ocpp1.6", "ocpp1.6"));
  EXPECT_TRUE(offers_subprotocol("ocpp2.0.1, ocpp1.6", "ocpp1.6"));
  EXPECT_TRUE(offers_subprotocol(" OCPP1.6 ", "ocpp1.6"));
  EXPECT_FALSE(offers_subprotocol("ocpp1.6j", "ocpp1.6"));
  EXPECT_FALSE(offers_subprotocol("", "ocpp1.6"));
}

TEST(HttpUtil, BasicAuthDecodes) {
  auto a = parse_basic_auth("Basic Q1AtU0VDOnMzY3JldC1wYXNz");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "CP-SEC");
  EXPECT_EQ(a->second, "s3cret-pass");
  auto colon_in_password = parse_basic_auth("basic dTpwOnE=");  // u:p:q
  ASSERT_TRUE(colon_in_password);
  EXPECT_EQ(colon_in_password->second, "p:q");
  EXPECT_FALSE(parse_basic_auth("Bearer abc"));
  EXPECT_FALSE(parse_basic_auth("Basic !!!"));
  EXPECT_FALSE(parse_basic_auth("Basic dXNlcg=="));  // "user": no colon
  EXPECT_FALSE(base64_decode("ab=c"));
}

class FakeLink : public ChargerLink {
 public:
  void send_command(const core::Command& c) override { sent.push_back(c.id); }
  void close(const std::string& reason) override { closed_with = reason; }
  std::vector<core::Id> sent;
  std::string closed_with;
};

TEST(ChargerRegistry, NewerConnectionReplacesOlderAndOlderCloseIsNotCurrent) {
  ChargerRegistry r;
  auto a = std::make_shared<FakeLink>();
  auto b = std::make_shared<FakeLink>();
  EXPECT_EQ(r.attach("CP", a), nullptr);
  EXPECT_EQ(r.attach("CP", b), a) << "the caller gets the old link to close";
  EXPECT_FALSE(r.detach("CP", a.get())) << "the replaced link is not current";
  EXPECT_TRUE(r.is_online("CP"));
  core::Command cmd;
  cmd.id = 7;
  cmd.charge_point_id = "CP";
  r.dispatch(cmd);
  EXPECT_EQ(b->sent, std::vector<core::Id>{7});
  EXPECT_TRUE(a->sent.empty());
  EXPECT_TRUE(r.detach("CP", b.get()));
  EXPECT_FALSE(r.is_online("CP"));
}

TEST(ChargerRegistry, UndeliverableCommandsAreReported) {
  ChargerRegistry r;
  std::vector<core::Id> failed;
  r.set_on_undeliverable([&](const core::Command& c) { failed.push_back(c.id); });
  core::Command cmd;
  cmd.id = 3;
  cmd.charge_point_id = "GONE";
  r.dispatch(cmd);
  EXPECT_EQ(failed, std::vector<core::Id>{3});
}

}  // namespace
}  // namespace ct::gateway
