// Provisions a demo tenant through the REST API (docs/api.md) so that simulated
// chargers are accepted at boot: tenant "Demo Fleet", a tenant API token, one station
// per 10 piles around Shanghai (Asia/Shanghai), piles SIM-0001.. with 2 connectors each
// (DC 60 kW or AC 7 kW) and id tags SIMTAG0001..; with YKC piles also "Demo Station YKC"
// holding 云快充 1.6 piles 31011500000001.. (2 DC guns) and their cards 00000000DE000001..
// Idempotent: a second run reuses what
// exists (409 duplicates are looked up), only the tenant token is new every time (the
// server keeps only token hashes, so an old token cannot be read back).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "simulator/charger_model.hpp"
#include "simulator/ykc_charger_model.hpp"

namespace ct::sim {

inline constexpr const char* kDemoTenantName = "Demo Fleet";

struct DemoPileSpec {
  std::string charge_point_id;  // SIM-0001
  bool dc = true;
  std::int64_t connector_max_w = 60'000;
  int connectors = 2;
};

// The deterministic layout of demo pile `index` (1-based): two DC 60 kW piles, then one
// AC 7 kW pile, repeated.
DemoPileSpec demo_pile_spec(int index);
std::string demo_id_tag(int index);  // SIMTAG0001
int demo_id_tag_count(int chargers);

// Configs of the demo chargers [first, first + count) (0-based; count -1: to the end) of a
// fleet of `total` (what the fleet runs, with or without provisioning): the same piles as
// provisioning creates, each with a window of 10 of the fleet's id tags. A charger's
// config depends only on its global index, so a shard simulates it as an unsharded run.
std::vector<ChargerConfig> demo_charger_configs(int total, int first = 0, int count = -1);

// The demo's YKC piles (1-based index): pile code 3101150000nnnn, and cards that read
// as 00000000DE00nnnn (a YKC card id tag: the card's 8 bytes as 16 hex digits).
std::string demo_ykc_pile_code(int index);
std::string demo_ykc_card(int index);
int demo_ykc_card_count(int piles);
// Configs of `count` demo YKC piles drawing their own card drivers. `speed` scales the
// timers the platform's answers are waited for to real time (as the OCPP chargers'
// call timeout), so that a sped-up pile does not give up on a server that answers in
// milliseconds of wall time.
std::vector<YkcChargerConfig> demo_ykc_configs(int count, double speed);

struct ProvisionOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string platform_token;
  int chargers = 10;
  int ykc_piles = 0;
};

struct ProvisionResult {
  std::int64_t tenant_id = 0;
  std::string tenant_token;
  std::vector<std::int64_t> station_ids;
  std::vector<std::int64_t> pile_ids;         // in charger order
  std::vector<std::string> charge_point_ids;  // in charger order, then the YKC piles
  std::vector<std::string> id_tags;
};

struct ProvisionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws ProvisionError with the failing request and the server's answer.
ProvisionResult provision_demo(const ProvisionOptions& options);

}  // namespace ct::sim
