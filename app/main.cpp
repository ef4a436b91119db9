// chargetwin: one CLI for the server and, later, the simulator, scenarios,
// conformance and load tests. Every option can also come from the environment
// (CHARGETWIN_*) or a config file (--config, INI/TOML).
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/ledger_command.hpp"
#include "app/scenario_command.hpp"
#include "app/sim_command.hpp"
#include "app/ykc_command.hpp"
#include "server/core/log.hpp"
#include "server/core/open_files.hpp"
#include "server/node/csms_node.hpp"
#include "server/store/sqlite_store.hpp"
#include "simulator/demo_fleet.hpp"

namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string db = "data/chargetwin.db";
  std::string bootstrap_token;
  int threads = 2;
  int heartbeat_interval_s = 300;
  int pending_retry_interval_s = 60;
  bool auto_accept = false;
  int call_timeout_s = 30;
  std::size_t max_frame_bytes = 64 * 1024;
  int ws_idle_timeout_s = 120;
  std::string log_level = "info";
  std::string log_format = "json";
  std::string public_host;
  std::string public_url;
  std::string payments = "sandbox";
  std::string ykc_listen;
  int demo_fleet = 0;
  int demo_ykc_piles = 4;
  double demo_speed = 60;
  std::uint64_t demo_seed = 1;
};

bool split_listen(const std::string& listen, std::string& host, std::uint16_t& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  try {
    int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    port = static_cast<std::uint16_t>(p);
  } catch (...) {
    return false;
  }
  if (host.empty()) host = "0.0.0.0";
  return true;
}

int run_serve(const ServeOptions& o) {
  ct::log::init(o.log_level, o.log_format);
  ct::core::raise_open_file_limit();  // one descriptor per connected charger
  ct::node::NodeConfig cfg;
  if (!split_listen(o.listen, cfg.http.host, cfg.http.port)) {
    std::cerr << "error: --listen must be HOST:PORT, got '" << o.listen << "'\n";
    return 2;
  }
  cfg.db_path = o.db;
  cfg.http.threads = o.threads;
  cfg.http.ws_idle_timeout_s = o.ws_idle_timeout_s;
  cfg.http.rpc.call_timeout_ms = static_cast<std::int64_t>(o.call_timeout_s) * 1000;
  cfg.http.rpc.max_frame_bytes = o.max_frame_bytes;
  cfg.charge_point.heartbeat_interval_s = o.heartbeat_interval_s;
  cfg.charge_point.pending_retry_interval_s = o.pending_retry_interval_s;
  cfg.charge_point.auto_accept_unknown = o.auto_accept;
  if (!o.bootstrap_token.empty()) cfg.bootstrap_token = o.bootstrap_token;
  cfg.public_url = o.public_url;
  if (!o.ykc_listen.empty()) {
    ct::gateway::YkcServerConfig ykc;
    if (!split_listen(o.ykc_listen, ykc.host, ykc.port)) {
      std::cerr << "error: --ykc-listen must be HOST:PORT, got '" << o.ykc_listen << "'\n";
      return 2;
    }
    cfg.ykc = ykc;
  }
  cfg.sandbox_payments = o.payments == "sandbox";
  if (auto parent = std::filesystem::path(o.db).parent_path(); !parent.empty()) {
    std::filesystem::create_directories(parent);
  }

  // Block the stop signals in every thread; this one waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  ct::node::CsmsNode node(cfg);
  std::uint16_t port = 0;
  try {
    port = node.start();
  } catch (const std::exception& e) {
    std::cerr << "error: cannot start the server: " << e.what() << "\n";
    return 1;
  }
  std::string host = !o.public_host.empty()
                         ? o.public_host
                         : (cfg.http.host == "0.0.0.0" ? std::string("127.0.0.1") : cfg.http.host);
  std::string base = host + ":" + std::to_string(port);
  std::printf(
      "\nChargeTwin is running.\n"
      "  REST API        http://%s/api/v1/   (Authorization: Bearer <token>)\n"
      "  OCPP 1.6J       ws://%s/ocpp/{chargePointId}   (subprotocol ocpp1.6)\n"
      "  Event stream    ws://%s/api/v1/events\n"
      "  Health          http://%s/healthz\n"
      "  Metrics         http://%s/metrics   (platform token)\n"
      "  Driver app API  http://%s/api/v1/app/   (sign in: POST /api/v1/app/auth/sms-code)\n"
      "  YKC 1.6 piles   %s\n"
      "  Payments        %s\n"
      "  Database        %s\n",
      base.c_str(), base.c_str(), base.c_str(), base.c_str(), base.c_str(), base.c_str(),
      cfg.ykc ? ("tcp://" + host + ":" + std::to_string(node.ykc_port())).c_str()
              : "off (--ykc-listen HOST:PORT)",
      cfg.sandbox_payments ? "sandbox provider (pay pages under /api/v1/sandbox/pay/)" : "none",
      o.db.c_str());
  if (node.generated_token()) {
    std::printf("\n  Platform-admin token (shown once, store it now):\n    %s\n",
                node.generated_token()->c_str());
  }
  std::unique_ptr<ct::sim::DemoFleet> demo;
  if (o.demo_fleet > 0) {
    std::optional<std::string> token;
    if (!o.bootstrap_token.empty())
      token = o.bootstrap_token;
    else
      token = node.generated_token();
    std::string local = cfg.http.host == "0.0.0.0" ? std::string("127.0.0.1") : cfg.http.host;
    if (!token) {
      std::fprintf(stderr,
                   "warning: --demo-fleet needs --bootstrap-token (the platform token is stored "
                   "hashed); no demo fleet\n");
    } else {
      try {
        const int ykc_piles = cfg.ykc ? o.demo_ykc_piles : 0;
        demo = ct::sim::DemoFleet::start(local, port, *token, o.demo_fleet, o.demo_seed,
                                         o.demo_speed, ykc_piles, cfg.ykc ? node.ykc_port() : 0);
        std::string ykc_line;
        if (ykc_piles > 0)
          ykc_line = ", " + std::to_string(ykc_piles) + " YKC piles " +
                     ct::sim::demo_ykc_pile_code(1) + ".. in real time";
        std::printf(
            "\n  Demo fleet      %d simulated chargers SIM-0001.. at %gx%s; tenant 'Demo Fleet' "
            "token:\n    %s\n",
            o.demo_fleet, o.demo_speed, ykc_line.c_str(), demo->tenant_token().c_str());
      } catch (const std::exception& e) {
        std::fprintf(stderr, "warning: demo fleet not started: %s\n", e.what());
      }
    }
  }
  std::printf("\nPress Ctrl+C to stop.\n\n");
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  ct::log::info("shutdown_requested", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
  if (demo) {
    demo->stop();
    ct::log::info("demo_fleet_stopped", {{"summary", demo->summary()}});
  }
  node.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ChargeTwin: EV charging-station management system, simulation-first"};
  app.require_subcommand(1);
  app.set_config("--config", "", "Read options from an INI/TOML file");

  ServeOptions serve;
  auto* s = app.add_subcommand("serve", "Run the CSMS server (OCPP 1.6J + REST API)");
  s->add_option("--listen", serve.listen, "HOST:PORT for HTTP, WebSocket and OCPP")
      ->envname("CHARGETWIN_LISTEN")
      ->capture_default_str();
  s->add_option("--db", serve.db, "SQLite database file")
      ->envname("CHARGETWIN_DB")
      ->capture_default_str();
  s->add_option("--bootstrap-token", serve.bootstrap_token,
                "Platform-admin bearer token (generated and printed once if absent)")
      ->envname("CHARGETWIN_BOOTSTRAP_TOKEN");
  s->add_option("--threads", serve.threads, "I/O threads")
      ->envname("CHARGETWIN_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  s->add_option("--heartbeat-interval", serve.heartbeat_interval_s,
                "Heartbeat interval (s) given to accepted chargers")
      ->envname("CHARGETWIN_HEARTBEAT_INTERVAL")
      ->check(CLI::Range(10, 86400))
      ->capture_default_str();
  s->add_option("--pending-retry-interval", serve.pending_retry_interval_s,
                "Boot retry interval (s) given to Pending chargers")
      ->envname("CHARGETWIN_PENDING_RETRY_INTERVAL")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  s->add_flag("--auto-accept", serve.auto_accept, "Accept unknown chargers at boot (still unbound)")
      ->envname("CHARGETWIN_AUTO_ACCEPT");
  s->add_option("--call-timeout", serve.call_timeout_s, "Seconds a charger has to answer a CALL")
      ->envname("CHARGETWIN_CALL_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  s->add_option("--max-frame-bytes", serve.max_frame_bytes, "Largest OCPP frame accepted")
      ->envname("CHARGETWIN_MAX_FRAME_BYTES")
      ->check(CLI::Range(1024, 16 * 1024 * 1024))
      ->capture_default_str();
  s->add_option("--ws-idle-timeout", serve.ws_idle_timeout_s,
                "Seconds of silence (pings unanswered) before a charger is marked offline")
      ->envname("CHARGETWIN_WS_IDLE_TIMEOUT")
      ->check(CLI::Range(5, 86400))
      ->capture_default_str();
  s->add_option("--log-level", serve.log_level, "debug, info, warn, error")
      ->envname("CHARGETWIN_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  s->add_option("--log-format", serve.log_format, "json (one object per line) or text")
      ->envname("CHARGETWIN_LOG_FORMAT")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
  s->add_option("--public-host", serve.public_host, "Host name to print in the URLs")
      ->envname("CHARGETWIN_PUBLIC_HOST");
  s->add_option("--public-url", serve.public_url,
                "Base URL apps and payment providers reach this server at (default: the listen "
                "address)")
      ->envname("CHARGETWIN_PUBLIC_URL");
  s->add_option("--ykc-listen", serve.ykc_listen,
                "HOST:PORT for 云快充 (YKC) 1.6 piles over TCP (off when empty)")
      ->envname("CHARGETWIN_YKC_LISTEN");
  s->add_option("--payments", serve.payments,
                "Payment providers offered to apps: sandbox (development, tests, demos) or none")
      ->envname("CHARGETWIN_PAYMENTS")
      ->check(CLI::IsMember({"sandbox", "none"}))
      ->capture_default_str();
  s->add_option(
       "--demo-fleet", serve.demo_fleet,
       "Also run N simulated chargers against this server (provisions tenant 'Demo Fleet')")
      ->envname("CHARGETWIN_DEMO_FLEET")
      ->check(CLI::Range(0, 10000))
      ->capture_default_str();
  s->add_option("--demo-ykc-piles", serve.demo_ykc_piles,
                "With --demo-fleet and --ykc-listen: also run N simulated YKC 1.6 piles")
      ->envname("CHARGETWIN_DEMO_YKC_PILES")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  s->add_option("--demo-speed", serve.demo_speed,
                "Virtual seconds per real second for the demo fleet")
      ->envname("CHARGETWIN_DEMO_SPEED")
      ->check(CLI::Range(0.1, 100000.0))
      ->capture_default_str();
  s->add_option("--demo-seed", serve.demo_seed, "Random seed of the demo fleet")
      ->envname("CHARGETWIN_DEMO_SEED")
      ->capture_default_str();

  std::string migrate_db = "data/chargetwin.db";
  auto* db = app.add_subcommand("db", "Database maintenance");
  db->require_subcommand(1);
  auto* migrate = db->add_subcommand("migrate", "Apply pending schema migrations");
  migrate->add_option("--db", migrate_db, "SQLite database file")
      ->envname("CHARGETWIN_DB")
      ->capture_default_str();

  std::string ledger_db = "data/chargetwin.db";
  auto* ledger = app.add_subcommand("ledger", "Wallet ledger maintenance");
  ledger->require_subcommand(1);
  auto* verify = ledger->add_subcommand(
      "verify", "Prove every wallet's cached balances equal the sums of its journal lines");
  verify->add_option("--db", ledger_db, "SQLite database file")
      ->envname("CHARGETWIN_DB")
      ->capture_default_str();

  app.add_subcommand("version", "Print the version");
  ct::app::add_sim_command(app);
  ct::app::add_scenario_command(app);
  ct::app::add_ykc_command(app);

  CLI11_PARSE(app, argc, argv);

  if (s->parsed()) return run_serve(serve);
  if (migrate->parsed()) {
    try {
      if (auto parent = std::filesystem::path(migrate_db).parent_path(); !parent.empty()) {
        std::filesystem::create_directories(parent);
      }
      int version = ct::store::migrate_sqlite(migrate_db);
      std::printf("%s: schema version %d\n", migrate_db.c_str(), version);
      return 0;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: migration failed: %s\n", e.what());
      return 1;
    }
  }
  if (verify->parsed()) return ct::app::run_ledger_verify(ledger_db);
  if (app.got_subcommand("version")) {
    std::printf("chargetwin 0.1.0\n");
    return 0;
  }
  return 0;
}
