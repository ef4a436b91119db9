#include "server/node/csms_core.hpp"

#include "server/api/api_router.hpp"
#include "server/bus/bus.hpp"
#include "server/core/log.hpp"
#include "server/gateway/charger_registry.hpp"
#include "server/store/sqlite_store.hpp"

namespace ct::node {

CsmsCore::CsmsCore(CoreConfig config, const core::Clock& clock)
    : config_(std::move(config)), clock_(clock) {
  store_ = store::open_sqlite_store(config_.db_path, clock_);
  // Nothing is connected before the core exists: whatever a previous run left online or
  // in flight is settled now, so chargers reconnect into a truthful state.
  store_->set_all_offline();
  auto failed = store_->fail_unfinished_commands(clock_.now(),
                                                 "server restarted before the charger answered");
  if (failed > 0) log::warn("commands_failed_at_start", {{"count", failed}});

  bus_ = std::make_unique<bus::InProcessBus>();
  service_ =
      std::make_unique<core::ChargePointService>(*store_, clock_, *bus_, config_.charge_point);
  registry_ = std::make_unique<gateway::ChargerRegistry>();
  registry_->set_on_undeliverable([this](const core::Command& c) {
    std::lock_guard lock(core_mutex_);
    service_->on_command_failed(c.id, "charger went offline before the command was sent");
  });
  api_ = std::make_unique<api::ApiRouter>(api::ApiContext{*store_, clock_, *registry_, *bus_});

  auto boot = api::ensure_platform_token(*store_, config_.bootstrap_token);
  if (boot.generated) generated_token_ = boot.token;
}

CsmsCore::~CsmsCore() {
  // Whatever is still attached is gone with the core.
  if (store_) store_->set_all_offline();
  api_.reset();
  registry_.reset();
  service_.reset();
  bus_.reset();
  store_.reset();
}

}  // namespace ct::node
