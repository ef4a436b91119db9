#include "server/core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>

#include "server/core/clock.hpp"

namespace ct::log {
namespace {

std::atomic<bool> g_text{false};

spdlog::level::level_enum to_spd(Level l) {
  switch (l) {
    case Level::Debug: return spdlog::level::debug;
    case Level::Info: return spdlog::level::info;
    case Level::Warn: return spdlog::level::warn;
    case Level::Error: return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* name_of(Level l) {
  switch (l) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warn";
    case Level::Error: return "error";
  }
  return "info";
}

std::shared_ptr<spdlog::logger> logger() {
  static auto instance = [] {
    auto l = spdlog::stderr_logger_mt("chargetwin");
    l->set_pattern("%v");
    l->set_level(spdlog::level::info);
    return l;
  }();
  return instance;
}

}  // namespace

void init(std::string_view level, std::string_view format) {
  auto l = logger();
  l->set_level(spdlog::level::from_str(std::string(level)));
  g_text = (format == "text");
  l->flush_on(spdlog::level::info);
}

void event(Level level, std::string_view name, nlohmann::json fields) {
  auto l = logger();
  if (!l->should_log(to_spd(level))) return;
  static const core::SystemClock clock;
  if (!fields.is_object()) fields = nlohmann::json{{"detail", std::move(fields)}};
  if (g_text) {
    l->log(to_spd(level), "{} {:5} {} {}", core::format_utc(clock.now()), name_of(level), name,
           fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  nlohmann::json line = nlohmann::json::object();
  line["ts"] = core::format_utc(clock.now());
  line["level"] = name_of(level);
  line["event"] = std::string(name);
  for (auto& [k, v] : fields.items()) line[k] = std::move(v);
  l->log(to_spd(level), "{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace ct::log
