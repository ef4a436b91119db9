// `chargetwin sim`: runs a fleet of simulated OCPP 1.6J chargers against a CSMS over
// real sockets, optionally provisioning the demo tenant first.
#pragma once

#include <CLI/CLI.hpp>

namespace ct::app {

// Registers the `sim` subcommand; it runs from its CLI11 callback once parsed (a failure
// is reported through CLI::RuntimeError, so CLI11_PARSE returns its exit code).
void add_sim_command(CLI::App& app);

}  // namespace ct::app
