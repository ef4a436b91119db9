// A payment provider for development, tests and demos that behaves like a real one:
//  * create_payment registers the payment and returns what an app needs to pay it: a pay
//    URL on the sandbox's "payment page" (POST /api/v1/sandbox/pay/{providerOrderId}).
//  * Paying (or declining) there makes the sandbox notify the server later, with a body
//    signed by HMAC-SHA256 (header X-Sandbox-Signature, hex) under the secret shared with
//    the server, and repeat the notification on a schedule until the server answers with
//    the acknowledgement {"code":"SUCCESS"}. Like real providers it may repeat a
//    notification even after it was acknowledged (`repeat_after_ack`), which is what the
//    server's idempotency must absorb.
//  * create_refund is processed by the sandbox after `refund_delay_ms` and notified the
//    same way (kind "refund").
// State lives in memory: a server restart forgets the sandbox's unpaid payments.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/core/clock.hpp"
#include "server/wallet/payment_provider.hpp"

namespace ct::wallet {

// Carries a notification to the server's notification endpoint: over HTTP in a running
// server, straight into the API router in tests and the in-process twin. Returns the
// server's response body, or nullopt when it could not be reached.
class NotificationChannel {
 public:
  virtual ~NotificationChannel() = default;
  virtual std::optional<std::string> deliver(const std::string& path,
                                             const std::map<std::string, std::string>& headers,
                                             const std::string& body) = 0;
};

struct SandboxConfig {
  std::string secret;                      // HMAC key shared with the server
  std::string public_base_url;             // where the pay URL points, e.g. http://127.0.0.1:8080
  core::UtcMillis notify_delay_ms = 500;   // from paying to the first notification
  core::UtcMillis refund_delay_ms = 2000;  // from a refund request to its notification
  // Retries of an unacknowledged notification (like the big providers: quick, then spaced).
  std::vector<core::UtcMillis> retry_after_ms = {2'000, 5'000, 15'000, 60'000, 300'000, 1'800'000};
  int repeat_after_ack = 0;  // extra copies of an acknowledged notification
};

class SandboxProvider final : public PaymentProvider {
 public:
  static constexpr const char* kName = "sandbox";
  static constexpr const char* kNotifyPath = "/api/v1/payments/notify/sandbox";
  static constexpr const char* kSignatureHeader = "x-sandbox-signature";

  SandboxProvider(SandboxConfig config, const core::Clock& clock);

  void set_channel(NotificationChannel* channel);
  // Once the server knows its port (a listener on port 0 learns it only when bound).
  void set_public_base_url(std::string url);

  std::string name() const override { return kName; }
  nlohmann::json create_payment(const Payment& p) override;
  void create_refund(const Payment& refund) override;
  std::variant<ProviderNotice, NoticeRefusal> read_notice(
      const std::map<std::string, std::string>& headers, const std::string& body) override;
  std::string acknowledgement(bool accepted, const std::string& message) const override;

  // The driver pays (success) or declines in the sandbox's payment page. false when the
  // sandbox does not know the payment or it was already paid or declined.
  bool pay(const std::string& provider_order_id, bool success);
  // Sends every notification that is due; returns how many were sent.
  int deliver_due();
  // Notifications waiting (acknowledged ones that will repeat included).
  std::size_t pending() const;
  // The signature the server must find on a body (tests forge notifications with it).
  std::string sign(const std::string& body) const;

 private:
  struct Known {
    Fen amount_fen = 0;
    bool settled = false;  // paid, declined or refunded: no second notification source
  };
  struct Outgoing {
    std::string body;
    core::UtcMillis due = 0;
    std::size_t attempts = 0;
    int repeats_left = 0;  // copies still to send after the acknowledgement
    bool acknowledged = false;
  };
  void schedule(const nlohmann::json& notice, core::UtcMillis delay);

  SandboxConfig config_;
  const core::Clock& clock_;
  NotificationChannel* channel_ = nullptr;
  mutable std::mutex mu_;
  std::map<std::string, Known> payments_;
  std::map<std::string, Known> refunds_;
  std::deque<Outgoing> outbox_;
  std::uint64_t next_txn_ = 1;
};

}  // namespace ct::wallet
