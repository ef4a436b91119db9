#include "app/ledger_command.hpp"

#include <cstdio>
#include <filesystem>

#include "server/core/clock.hpp"
#include "server/store/sql_store.hpp"

namespace ct::app {

int run_ledger_verify(const std::string& db_path) {
  if (!std::filesystem::exists(db_path)) {
    std::fprintf(stderr, "error: no database at %s\n", db_path.c_str());
    return 2;
  }
  core::SystemClock clock;
  store::LedgerCheck r;
  try {
    auto store = store::open_sqlite_sql_store(db_path, clock);
    r = store->verify_ledger();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  std::printf("%s: %lld wallets, %lld journal entries, %lld unbalanced entries\n", db_path.c_str(),
              static_cast<long long>(r.wallets), static_cast<long long>(r.entries),
              static_cast<long long>(r.unbalanced_entries));
  for (const auto& d : r.discrepancies) {
    auto show = [](const wallet::WalletBalances& b) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "cash %lld, gift %lld, held %lld/%lld, refunding %lld",
                    static_cast<long long>(b.cash), static_cast<long long>(b.gift),
                    static_cast<long long>(b.held_cash), static_cast<long long>(b.held_gift),
                    static_cast<long long>(b.refunding));
      return std::string(buf);
    };
    std::printf("  MISMATCH tenant %lld driver %lld\n    cached:  %s\n    journal: %s\n",
                static_cast<long long>(d.tenant_id), static_cast<long long>(d.driver_id),
                show(d.cached).c_str(), show(d.journal).c_str());
  }
  if (r.ok()) {
    std::printf("ok: every wallet equals its journal (fen)\n");
    return 0;
  }
  std::printf("FAILED: %zu wallets differ from their journal\n", r.discrepancies.size());
  return 1;
}

}  // namespace ct::app
