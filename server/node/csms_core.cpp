#include "server/node/csms_core.hpp"

#include "server/api/api_router.hpp"
#include "server/bus/bus.hpp"
#include "server/commands/command_issuer.hpp"
#include "server/core/log.hpp"
#include "server/core/secrets.hpp"
#include "server/drivers/driver_auth.hpp"
#include "server/drivers/sms_sender.hpp"
#include "server/gateway/charger_registry.hpp"
#include "server/orders/order_service.hpp"
#include "server/store/sql_store.hpp"
#include "server/store/sqlite_store.hpp"
#include "server/wallet/payment_service.hpp"
#include "server/wallet/sandbox_provider.hpp"
#include "server/ykc/ykc_service.hpp"

namespace ct::node {

namespace {

constexpr const char* kSandboxSecretSetting = "sandbox_payment_secret";

// The sandbox's notifications, straight into the router (no socket): the in-process twin
// and API tests.
class RouterChannel final : public wallet::NotificationChannel {
 public:
  explicit RouterChannel(api::ApiRouter& api) : api_(api) {}
  std::optional<std::string> deliver(const std::string& path,
                                     const std::map<std::string, std::string>& headers,
                                     const std::string& body) override {
    api::HttpRequest req;
    req.method = "POST";
    req.path = path;
    for (const auto& [k, v] : headers) {
      std::string lower;
      for (char c : k) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[lower] = v;
    }
    req.body = body;
    req.remote = "sandbox";
    return api_.handle(req).body;
  }

 private:
  api::ApiRouter& api_;
};

}  // namespace

store::Store& CsmsCore::store() {
  return *store_;
}

CsmsCore::CsmsCore(CoreConfig config, const core::Clock& clock)
    : config_(std::move(config)), clock_(clock) {
  store_ = store::open_sqlite_sql_store(config_.db_path, clock_);
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
  issuer_ = std::make_unique<commands::CommandIssuer>(*store_, *bus_, *registry_, clock_);
  orders_ = std::make_unique<orders::OrderService>(
      orders::OrderStores{*store_, *store_, *store_, *store_, *store_}, *bus_, *issuer_, clock_);
  orders_->recover_after_restart();
  if (config_.sms == nullptr) sms_ = std::make_unique<drivers::LogSmsSender>();
  auth_ = std::make_unique<drivers::DriverAuth>(
      *store_, *store_, *store_, *store_, config_.sms != nullptr ? *config_.sms : *sms_, clock_);
  payments_ = std::make_unique<wallet::PaymentService>(*store_, *store_, *store_, *orders_, clock_);
  if (config_.sandbox_payments) {
    auto secret = store_->get_setting(kSandboxSecretSetting);
    if (!secret) {
      secret = core::random_token("");
      store_->put_setting(kSandboxSecretSetting, *secret);
    }
    wallet::SandboxConfig sc;
    sc.secret = *secret;
    sc.public_base_url = config_.public_url;
    sandbox_ = std::make_unique<wallet::SandboxProvider>(sc, clock_);
    payments_->add_provider(*sandbox_);
  }
  ykc_ = std::make_unique<ykc::YkcService>(*store_, *bus_, clock_,
                                           config_.charge_point.auto_accept_unknown);
  services_ = std::make_unique<api::ApiServices>(
      api::ApiServices{*store_, *store_, *store_, *store_, *issuer_, *orders_, *auth_, *payments_});
  api_ = std::make_unique<api::ApiRouter>(
      api::ApiContext{*store_, clock_, *registry_, *bus_, services_.get()});
  if (sandbox_) {
    router_channel_ = std::make_unique<RouterChannel>(*api_);
    sandbox_->set_channel(router_channel_.get());
  }

  auto boot = api::ensure_platform_token(*store_, config_.bootstrap_token);
  if (boot.generated) generated_token_ = boot.token;
}

void CsmsCore::set_notification_channel(wallet::NotificationChannel* channel) {
  if (sandbox_) sandbox_->set_channel(channel != nullptr ? channel : router_channel_.get());
}

void CsmsCore::run_background() {
  orders_->pump();
  if (sandbox_) sandbox_->deliver_due();
  // Deliveries may have queued order work (a recharge paying a debt publishes nothing the
  // orders consume, but a command answer may be waiting): one more round keeps it prompt.
  if (orders_->has_pending()) orders_->pump();
}

CsmsCore::~CsmsCore() {
  // Whatever is still attached is gone with the core.
  if (store_) store_->set_all_offline();
  if (sandbox_) sandbox_->set_channel(nullptr);
  api_.reset();
  ykc_.reset();
  services_.reset();
  payments_.reset();
  sandbox_.reset();
  router_channel_.reset();
  auth_.reset();
  sms_.reset();
  orders_.reset();
  issuer_.reset();
  registry_.reset();
  service_.reset();
  bus_.reset();
  store_.reset();
}

}  // namespace ct::node
