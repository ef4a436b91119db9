// What the API needs from the rest of the server, and who is calling.
#pragma once

#include <string>

#include "server/bus/bus.hpp"
#include "server/core/clock.hpp"
#include "server/core/command_sink.hpp"
#include "server/core/model.hpp"
#include "server/store/store.hpp"

namespace ct::api {

struct ApiContext {
  store::Store& store;
  const core::Clock& clock;
  core::CommandSink& commands;
  bus::Bus& bus;
};

struct Principal {
  bool platform_admin = false;
  core::Id tenant_id = 0;  // 0 for the platform admin
  std::string label;       // token label; "platform" for the platform admin
};

}  // namespace ct::api
