// The in-process wire of a YKC pile: the gateway's YkcSession fed with the pile's bytes,
// as gateway/ykc_server.cpp feeds it from a socket, registered in the ChargerRegistry on
// login so that commands reach it. Commands arrive from inside the API or the order
// service, where the core mutex may be held; like the TCP connection (which posts them to
// its strand) the link queues them and hands them to the session at its next poll.
#include <deque>
#include <mutex>

#include "server/core/ocpp/charge_point_service.hpp"
#include "server/gateway/charger_registry.hpp"
#include "server/node/csms_core.hpp"
#include "server/ykc/ykc_session.hpp"
#include "simulator/twin/in_process_link.hpp"
#include "simulator/twin/in_process_wire.hpp"

namespace ct::sim {

namespace {

using wire::Wire;

class YkcServerEnd final : public gateway::ChargerLink {
 public:
  YkcServerEnd(std::shared_ptr<Wire> wire, node::CsmsCore& core)
      : wire_(std::move(wire)),
        core_(core),
        session_(core.ykc(), core.service(), core.clock(), core.core_mutex()) {}

  void send_command(const core::Command& command) override { commands_.push_back(command); }

  // The server closes the link (a newer connection of the same pile replaced it).
  void close(const std::string& reason) override {
    if (ended_) return;
    end(reason);
    wire_->up = false;
    wire_->inbox.push_back({wire_->now, {LinkEvent::Kind::Closed, reason}});
  }

  ykc::YkcOutput on_bytes(const std::string& bytes) {
    return session_.on_bytes(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  }
  ykc::YkcOutput on_tick() { return session_.on_tick(); }
  // Commands queued since the last call, through the session (or failed when it ended).
  std::vector<ykc::YkcOutput> take_commands() {
    std::vector<ykc::YkcOutput> out;
    while (!commands_.empty()) {
      auto c = std::move(commands_.front());
      commands_.pop_front();
      if (ended_) {
        std::lock_guard lock(core_.core_mutex());
        core_.service().on_command_failed(c.id, "charger disconnected");
        continue;
      }
      out.push_back(session_.enqueue(c));
    }
    return out;
  }

  void end(const std::string& why) {
    if (ended_) return;
    ended_ = true;
    const bool current = !cpid_.empty() && core_.registry().detach(cpid_, this);
    session_.on_closed(why, current);
  }
  bool ended() const { return ended_; }
  void set_cpid(std::string cpid) { cpid_ = std::move(cpid); }
  const std::string& cpid() const { return cpid_; }

 private:
  std::shared_ptr<Wire> wire_;
  node::CsmsCore& core_;
  ykc::YkcSession session_;
  std::deque<core::Command> commands_;
  std::string cpid_;
  bool ended_ = false;
};

}  // namespace

class InProcessYkcLink final : public ChargerTransport {
 public:
  InProcessYkcLink(InProcessCsms& csms, std::uint64_t seed)
      : csms_(csms), rng_(seed), wire_(std::make_shared<Wire>()) {}

  ~InProcessYkcLink() override {
    if (server_) server_->end("simulation ended");
  }

  void connect(Millis now) override {
    wire_->now = now;
    if (wire_->up || server_) return;
    server_ = std::make_shared<YkcServerEnd>(wire_, csms_.core_);
    wire_->up = true;
    wire_->inbox.push_back({now, {LinkEvent::Kind::Connected, {}}});
  }

  void send(std::string bytes, Millis now) override {
    wire_->now = now;
    if (!wire_->up || !server_ || server_->ended()) return;
    ++csms_.counters_.frames_to_csms;
    const int copies = copies_of_frame();
    for (int i = 0; i < copies && server_ && !server_->ended(); ++i)
      apply(server_->on_bytes(bytes));
  }

  void close(Millis now) override {
    wire_->now = now;
    wire_->up = false;
    wire_->inbox.clear();
    if (server_) server_->end("closed by pile");
    server_.reset();
  }

  void poll(Millis now, std::vector<LinkEvent>& out) override {
    wire_->now = now;
    if (server_ && !server_->ended()) {
      for (auto& o : server_->take_commands()) apply(std::move(o));
    }
    if (server_ && !server_->ended()) apply(server_->on_tick());
    if (server_ && server_->ended()) {
      server_->take_commands();  // fails what is left
      server_.reset();
    }
    while (!wire_->inbox.empty() && wire_->inbox.front().deliver_at <= now) {
      out.push_back(std::move(wire_->inbox.front().event));
      wire_->inbox.pop_front();
    }
  }

 private:
  // What the session wants done: the login registers the link, frames go to the pile, a
  // close ends the connection after them (as the TCP connection does).
  void apply(ykc::YkcOutput o) {
    if (!server_) return;
    if (o.logged_in) {
      server_->set_cpid(*o.logged_in);
      if (auto previous = csms_.core_.registry().attach(*o.logged_in, server_)) {
        previous->close("replaced by a newer connection");
      }
    }
    for (auto& f : o.frames) {
      ++csms_.counters_.frames_to_chargers;
      std::string bytes(f.begin(), f.end());
      const int copies = copies_of_frame();
      for (int i = 0; i < copies; ++i) {
        wire_->inbox.push_back(
            {wire_->now + csms_.faults_.delay_ms, {LinkEvent::Kind::Text, bytes}});
      }
    }
    if (o.close) {
      server_->end(o.close_reason);
      wire_->up = false;
      wire_->inbox.push_back(
          {wire_->now + csms_.faults_.delay_ms, {LinkEvent::Kind::Closed, o.close_reason}});
    }
  }

  int copies_of_frame() { return csms_.copies_of_frame(rng_); }

  InProcessCsms& csms_;
  Rng rng_;
  std::shared_ptr<Wire> wire_;
  std::shared_ptr<YkcServerEnd> server_;
};

std::unique_ptr<ChargerTransport> InProcessCsms::ykc_link(const std::string& pile_code) {
  (void)pile_code;  // the pile names itself in its login
  return std::make_unique<InProcessYkcLink>(*this, splitmix64(seed_ ^ (0x7C0ULL + ++links_)));
}

}  // namespace ct::sim
