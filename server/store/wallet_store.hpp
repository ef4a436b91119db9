// Wallets, the journal behind them, payments, refund requests and tenant policies.
// Tenant scoped; same error model (store.hpp).
//
// post_entries is the only way money moves: it appends the entries and their lines and
// updates the wallet's cached balances in one database transaction, refusing (returning
// false, writing nothing) when a wallet account would go negative.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/store/store.hpp"
#include "server/wallet/payment.hpp"

namespace ct::store {

struct WalletRow {
  Id driver_id = 0;
  Id tenant_id = 0;
  wallet::WalletBalances balances;
  std::int64_t entries = 0;  // journal entries posted to this wallet
  UtcMillis updated_at = 0;
};

// What a consistency check found for one wallet.
struct WalletDiscrepancy {
  Id tenant_id = 0;
  Id driver_id = 0;
  wallet::WalletBalances cached;
  wallet::WalletBalances journal;
};

struct LedgerCheck {
  std::int64_t wallets = 0;
  std::int64_t entries = 0;
  std::int64_t unbalanced_entries = 0;  // entries whose lines do not sum to zero
  std::vector<WalletDiscrepancy> discrepancies;
  bool ok() const { return unbalanced_entries == 0 && discrepancies.empty(); }
};

class WalletStore {
 public:
  virtual ~WalletStore() = default;

  // Creates the wallet (all zero) when missing.
  virtual WalletRow get_wallet(const TenantScope& s, Id driver_id) = 0;
  // Appends the entries to the driver's wallet and updates its balances, atomically.
  // false (nothing written) when an account would go negative or an entry is unbalanced.
  virtual bool post_entries(const TenantScope& s, Id driver_id,
                            const std::vector<wallet::Entry>& entries, UtcMillis at) = 0;
  // Newest first.
  virtual Page<wallet::JournalRecord> list_journal(const TenantScope& s, Id driver_id,
                                                   const PageRequest& page) = 0;
  // Every wallet of every tenant: cached balances against the sums of journal lines.
  virtual LedgerCheck verify_ledger() = 0;

  virtual wallet::Payment create_payment(const wallet::Payment& p) = 0;
  virtual void update_payment(const wallet::Payment& p) = 0;
  virtual std::optional<wallet::Payment> get_payment(const TenantScope& s, Id id) = 0;
  virtual std::optional<wallet::Payment> find_payment_by_provider_order(
      const std::string& provider, const std::string& provider_order_id) = 0;
  virtual Page<wallet::Payment> list_payments(const TenantScope& s, std::optional<Id> driver_id,
                                              const PageRequest& page) = 0;

  virtual wallet::RefundRequest create_refund_request(const wallet::RefundRequest& r) = 0;
  virtual void update_refund_request(const wallet::RefundRequest& r) = 0;
  virtual std::optional<wallet::RefundRequest> get_refund_request(const TenantScope& s, Id id) = 0;
  virtual Page<wallet::RefundRequest> list_refund_requests(const TenantScope& s,
                                                           const std::string& status,
                                                           std::optional<Id> driver_id,
                                                           const PageRequest& page) = 0;

  // The tenant's policy (defaults when never set).
  virtual wallet::TenantPolicy get_tenant_policy(const TenantScope& s) = 0;
  virtual void put_tenant_policy(const TenantScope& s, const wallet::TenantPolicy& p) = 0;
};

}  // namespace ct::store
