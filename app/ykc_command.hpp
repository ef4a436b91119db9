// `chargetwin ykc decode|encode`: the YKC 1.6 frame tool for charger vendors debugging
// captures. decode prints each frame as JSON in human units (with the CRC verdict and why
// the platform would refuse it, if it would); encode turns such JSON back into frame hex.
#pragma once

#include <CLI/CLI.hpp>

namespace ct::app {

// Registers the `ykc` subcommand; it runs from its CLI11 callbacks once parsed (a failure
// is reported through CLI::RuntimeError, so CLI11_PARSE returns its exit code).
void add_ykc_command(CLI::App& app);

}  // namespace ct::app
