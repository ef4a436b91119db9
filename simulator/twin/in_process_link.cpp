#include "simulator/twin/in_process_link.hpp"

#include <deque>
#include <mutex>

#include "server/core/ocpp/charge_point_service.hpp"
#include "server/gateway/charger_registry.hpp"
#include "server/node/csms_core.hpp"
#include "simulator/twin/in_process_wire.hpp"

namespace ct::sim {

namespace {

using wire::Wire;

class ServerEnd final : public gateway::ChargerLink {
 public:
  ServerEnd(std::shared_ptr<Wire> wire, std::string cpid, node::CsmsCore& core,
            gateway::RpcConfig rpc, std::function<void(std::vector<std::string>)> deliver)
      : wire_(std::move(wire)),
        cpid_(std::move(cpid)),
        core_(core),
        rpc_(cpid_, core.service(), core.clock(), core.core_mutex(), rpc),
        deliver_(std::move(deliver)) {}

  void send_command(const core::Command& command) override {
    if (ended_) {
      core_.service().on_command_failed(command.id, "charger disconnected");
      return;
    }
    deliver_(rpc_.enqueue(command));
  }

  // The server closes the link (a newer connection replaced it).
  void close(const std::string& reason) override {
    if (ended_) return;
    end(reason);
    wire_->up = false;
    wire_->inbox.push_back({wire_->now, {LinkEvent::Kind::Closed, reason}});
  }

  std::vector<std::string> on_text(const std::string& frame) { return rpc_.on_text(frame); }
  std::vector<std::string> on_tick() { return rpc_.on_tick(); }

  void end(const std::string& why) {
    if (ended_) return;
    ended_ = true;
    rpc_.on_closed(why);
    bool was_current = core_.registry().detach(cpid_, this);
    if (was_current) core_.service().on_disconnected(cpid_, why);
  }
  bool ended() const { return ended_; }

 private:
  std::shared_ptr<Wire> wire_;
  std::string cpid_;
  node::CsmsCore& core_;
  gateway::OcppRpcSession rpc_;
  std::function<void(std::vector<std::string>)> deliver_;
  bool ended_ = false;
};

}  // namespace

class InProcessLink final : public ChargerTransport {
 public:
  InProcessLink(InProcessCsms& csms, std::string cpid, std::uint64_t seed)
      : csms_(csms), cpid_(std::move(cpid)), rng_(seed), wire_(std::make_shared<Wire>()) {}

  ~InProcessLink() override {
    if (server_) server_->end("simulation ended");
  }

  void connect(Millis now) override {
    wire_->now = now;
    if (wire_->up || server_) return;
    auto& core = csms_.core_;
    auto admission = core.service().admit(cpid_, std::nullopt, std::nullopt);
    if (!admission.allowed) {
      wire_->inbox.push_back({now,
                              {LinkEvent::Kind::Closed, "handshake refused: HTTP " +
                                                            std::to_string(admission.http_status) +
                                                            " " + admission.reason}});
      return;
    }
    server_ = std::make_shared<ServerEnd>(
        wire_, cpid_, core, csms_.rpc_,
        [this](std::vector<std::string> frames) { to_charger(std::move(frames)); });
    if (auto previous = core.registry().attach(cpid_, server_)) {
      previous->close("replaced by a new connection");
    }
    core.service().on_connected(cpid_, "in-process");
    wire_->up = true;
    wire_->inbox.push_back({now, {LinkEvent::Kind::Connected, {}}});
  }

  void send(std::string frame, Millis now) override {
    wire_->now = now;
    if (!wire_->up || !server_ || server_->ended()) return;
    ++csms_.counters_.frames_to_csms;
    int copies = copies_of_frame();
    for (int i = 0; i < copies && server_ && !server_->ended(); ++i) {
      to_charger(server_->on_text(frame));
    }
  }

  void close(Millis now) override {
    wire_->now = now;
    wire_->up = false;
    wire_->inbox.clear();
    if (server_) server_->end("closed by charger");
    server_.reset();
  }

  void poll(Millis now, std::vector<LinkEvent>& out) override {
    wire_->now = now;
    if (server_ && !server_->ended()) to_charger(server_->on_tick());
    if (server_ && server_->ended()) server_.reset();
    while (!wire_->inbox.empty() && wire_->inbox.front().deliver_at <= now) {
      out.push_back(std::move(wire_->inbox.front().event));
      wire_->inbox.pop_front();
    }
  }

 private:
  int copies_of_frame() { return csms_.copies_of_frame(rng_); }

  void to_charger(std::vector<std::string> frames) {
    for (auto& f : frames) {
      ++csms_.counters_.frames_to_chargers;
      if (f.size() > 1 && f[1] == '4') ++csms_.counters_.call_errors_from_csms;  // [4,...
      int copies = copies_of_frame();
      for (int i = 0; i < copies; ++i) {
        wire_->inbox.push_back({wire_->now + csms_.faults_.delay_ms, {LinkEvent::Kind::Text, f}});
      }
    }
  }

  InProcessCsms& csms_;
  std::string cpid_;
  Rng rng_;
  std::shared_ptr<Wire> wire_;
  std::shared_ptr<ServerEnd> server_;
};

InProcessCsms::InProcessCsms(node::CsmsCore& core, gateway::RpcConfig rpc, std::uint64_t seed)
    : core_(core), rpc_(rpc), seed_(seed) {}

InProcessCsms::~InProcessCsms() = default;

int InProcessCsms::copies_of_frame(Rng& rng) {
  if (faults_.loss > 0 && rng.uniform01() < faults_.loss) {
    ++counters_.frames_lost;
    return 0;
  }
  if (faults_.duplicate > 0 && rng.uniform01() < faults_.duplicate) {
    ++counters_.frames_duplicated;
    return 2;
  }
  return 1;
}

std::unique_ptr<ChargerTransport> InProcessCsms::link(const std::string& charge_point_id) {
  return std::make_unique<InProcessLink>(*this, charge_point_id,
                                         splitmix64(seed_ ^ (0x11CEULL + ++links_)));
}

}  // namespace ct::sim
