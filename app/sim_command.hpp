// `chargetwin sim`: runs a fleet of simulated OCPP 1.6J chargers against a CSMS over
// real sockets, optionally provisioning the demo tenant first. Large fleets are split
// across processes (each stays well under the per-process open-file limit): the parent
// re-executes itself once per shard and aggregates the children's status lines.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace ct::app {

// Registers the `sim` subcommand; it runs from its CLI11 callback once parsed (a failure
// is reported through CLI::RuntimeError, so CLI11_PARSE returns its exit code).
void add_sim_command(CLI::App& app);

// ---- sharding (exposed for tests) ----

// The charger indices [first, first + count) (0-based, global) of shard `shard`
// (1-based) of `shards`: contiguous, disjoint, sizes differ by at most one.
struct ShardSlice {
  int first = 0;
  int count = 0;
};
ShardSlice shard_slice(int chargers, int shard, int shards);

// The source addresses shard `shard` (1-based) of `shards` uses: its own contiguous
// slice when there are at least as many addresses as shards, else one address, shared
// round-robin. Empty in, empty out.
std::vector<std::string> shard_source_addresses(const std::vector<std::string>& all, int shard,
                                                int shards);

}  // namespace ct::app
