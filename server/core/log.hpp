// Structured logging: one JSON object per line, e.g.
//   {"ts":"2026-11-23T10:00:00.000Z","level":"info","event":"boot","chargePointId":"CP1",...}
// Call log::init once at start-up; before that events go to stderr the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace ct::log {

enum class Level { Debug, Info, Warn, Error };

// format: "json" (default) or "text" for people at a terminal.
void init(std::string_view level, std::string_view format = "json");
void event(Level level, std::string_view name, nlohmann::json fields = nlohmann::json::object());

inline void debug(std::string_view name, nlohmann::json f = nlohmann::json::object()) {
  event(Level::Debug, name, std::move(f));
}
inline void info(std::string_view name, nlohmann::json f = nlohmann::json::object()) {
  event(Level::Info, name, std::move(f));
}
inline void warn(std::string_view name, nlohmann::json f = nlohmann::json::object()) {
  event(Level::Warn, name, std::move(f));
}
inline void error(std::string_view name, nlohmann::json f = nlohmann::json::object()) {
  event(Level::Error, name, std::move(f));
}

}  // namespace ct::log
