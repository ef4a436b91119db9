#include "server/wallet/sandbox_provider.hpp"

#include <algorithm>

#include "server/core/log.hpp"
#include "server/core/secrets.hpp"

namespace ct::wallet {

using nlohmann::json;

SandboxProvider::SandboxProvider(SandboxConfig config, const core::Clock& clock)
    : config_(std::move(config)), clock_(clock) {}

void SandboxProvider::set_channel(NotificationChannel* channel) {
  std::lock_guard lock(mu_);
  channel_ = channel;
}

void SandboxProvider::set_public_base_url(std::string url) {
  std::lock_guard lock(mu_);
  config_.public_base_url = std::move(url);
}

std::string SandboxProvider::sign(const std::string& body) const {
  return core::hmac_sha256_hex(config_.secret, body);
}

json SandboxProvider::create_payment(const Payment& p) {
  std::lock_guard lock(mu_);
  payments_[p.provider_order_id] = Known{p.amount_fen, false};
  return {{"provider", kName},
          {"providerOrderId", p.provider_order_id},
          {"amountFen", p.amount_fen},
          {"payUrl", config_.public_base_url + "/api/v1/sandbox/pay/" + p.provider_order_id}};
}

void SandboxProvider::create_refund(const Payment& refund) {
  std::lock_guard lock(mu_);
  refunds_[refund.provider_order_id] = Known{refund.amount_fen, true};
  json notice = {{"kind", "refund"},
                 {"providerOrderId", refund.provider_order_id},
                 {"transactionId", "SBXR" + std::to_string(next_txn_++)},
                 {"amountFen", refund.amount_fen},
                 {"status", "SUCCESS"}};
  schedule(notice, config_.refund_delay_ms);
}

bool SandboxProvider::pay(const std::string& provider_order_id, bool success) {
  std::lock_guard lock(mu_);
  auto it = payments_.find(provider_order_id);
  if (it == payments_.end() || it->second.settled) return false;
  it->second.settled = true;
  json notice = {{"kind", "payment"},
                 {"providerOrderId", provider_order_id},
                 {"transactionId", "SBX" + std::to_string(next_txn_++)},
                 {"amountFen", it->second.amount_fen},
                 {"status", success ? "SUCCESS" : "FAIL"}};
  schedule(notice, config_.notify_delay_ms);
  return true;
}

void SandboxProvider::schedule(const json& notice, core::UtcMillis delay) {
  Outgoing o;
  o.body = notice.dump();
  o.due = clock_.now() + delay;
  o.repeats_left = config_.repeat_after_ack;
  outbox_.push_back(std::move(o));
}

int SandboxProvider::deliver_due() {
  std::vector<Outgoing> due;
  NotificationChannel* channel = nullptr;
  const auto now = clock_.now();
  {
    std::lock_guard lock(mu_);
    channel = channel_;
    if (channel == nullptr) return 0;
    for (auto it = outbox_.begin(); it != outbox_.end();) {
      if (it->due <= now) {
        due.push_back(std::move(*it));
        it = outbox_.erase(it);
      } else {
        ++it;
      }
    }
  }
  int sent = 0;
  std::vector<Outgoing> again;
  for (auto& o : due) {
    // Delivered without the lock: the server's handler may call back into the sandbox.
    auto answer = channel->deliver(
        kNotifyPath, {{"Content-Type", "application/json"}, {"X-Sandbox-Signature", sign(o.body)}},
        o.body);
    ++sent;
    ++o.attempts;
    bool acked = false;
    if (answer) {
      auto j = json::parse(*answer, nullptr, false);
      acked = j.is_object() && j.value("code", "") == "SUCCESS";
    }
    if (acked || o.acknowledged) {
      o.acknowledged = true;
      if (o.repeats_left-- > 0) {
        o.due = now + config_.notify_delay_ms;
        again.push_back(std::move(o));
      }
      continue;
    }
    if (o.attempts > config_.retry_after_ms.size()) {
      log::warn("sandbox_notification_abandoned", {{"attempts", o.attempts}, {"body", o.body}});
      continue;
    }
    o.due = now + config_.retry_after_ms[o.attempts - 1];
    again.push_back(std::move(o));
  }
  std::lock_guard lock(mu_);
  for (auto& o : again) outbox_.push_back(std::move(o));
  return sent;
}

std::size_t SandboxProvider::pending() const {
  std::lock_guard lock(mu_);
  return outbox_.size();
}

std::variant<ProviderNotice, NoticeRefusal> SandboxProvider::read_notice(
    const std::map<std::string, std::string>& headers, const std::string& body) {
  auto sig = headers.find(kSignatureHeader);
  if (sig == headers.end()) return NoticeRefusal{"missing X-Sandbox-Signature header"};
  if (!core::equal_constant_time(sig->second, sign(body)))
    return NoticeRefusal{"the signature does not match the body"};
  auto j = json::parse(body, nullptr, false);
  if (!j.is_object()) return NoticeRefusal{"the body is not a JSON object"};
  ProviderNotice n;
  try {
    auto kind = j.at("kind").get<std::string>();
    if (kind == "payment") {
      n.kind = ProviderNotice::Kind::Payment;
    } else if (kind == "refund") {
      n.kind = ProviderNotice::Kind::Refund;
    } else {
      return NoticeRefusal{"unknown kind " + kind};
    }
    n.provider_order_id = j.at("providerOrderId").get<std::string>();
    n.provider_txn_id = j.at("transactionId").get<std::string>();
    n.amount_fen = j.at("amountFen").get<Fen>();
    auto status = j.at("status").get<std::string>();
    n.success = status == "SUCCESS";
    n.detail = status;
  } catch (const json::exception& e) {
    return NoticeRefusal{std::string("malformed notification: ") + e.what()};
  }
  return n;
}

std::string SandboxProvider::acknowledgement(bool accepted, const std::string& message) const {
  return json{{"code", accepted ? "SUCCESS" : "FAIL"}, {"message", message}}.dump();
}

}  // namespace ct::wallet
