// The YKC 1.6 conversation with one pile over one TCP connection, sans-IO: bytes in,
// frames out. It reassembles frames (ykc16::FrameDecoder), holds the login, answers the
// pile's frames through YkcService, keeps the pile's clock and tariff in line (time sync
// after login and daily; the billing model pushed when the tariff changes and the pile is
// idle), turns the CSMS's commands into YKC frames and their answers into command results,
// tells a charging pile when its driver's balance changed (0x42, e.g. a top-up
// mid-session), and closes the line after three missed heartbeats. The transport feeds it
// bytes and ticks and writes what it returns.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "protocol/ykc16/frame_decoder.hpp"
#include "server/core/clock.hpp"
#include "server/core/model.hpp"

namespace ct::core {
class ChargePointService;
}

namespace ct::ykc {

class YkcService;

struct YkcSessionConfig {
  core::UtcMillis heartbeat_interval_ms = 10'000;  // the vendor's 10 s per gun
  int missed_heartbeats = 3;                       // then the pile is taken as gone
  core::UtcMillis reply_timeout_ms = 30'000;       // a command the pile never answers
  core::UtcMillis late_plug_ms = 60'000;           // 0x33 "not plugged" may still succeed
  core::UtcMillis time_sync_every_ms = 24LL * 3'600'000;
  core::UtcMillis tariff_check_every_ms = 60'000;
  // How often the charging guns' spendable balances are compared with what their piles
  // were told (a top-up mid-session reaches the pile as a 0x42 within this time).
  core::UtcMillis balance_check_every_ms = 30'000;
  std::size_t max_pending_commands = 64;
};

struct YkcOutput {
  std::vector<std::vector<std::uint8_t>> frames;  // to write, in order
  std::optional<std::string> logged_in;           // the pile code, on a successful login
  bool close = false;                             // close after writing the frames
  std::string close_reason;
};

class YkcSession {
 public:
  // core_mutex serialises every call into the services (as for OCPP connections).
  YkcSession(YkcService& ykc, core::ChargePointService& service, const core::Clock& clock,
             std::mutex& core_mutex, YkcSessionConfig config = {});

  YkcOutput on_bytes(std::span<const std::uint8_t> bytes);
  YkcOutput on_tick();
  // A command from the API or the order service, for this pile.
  YkcOutput enqueue(const core::Command& command);
  // The connection ended: pending commands fail; the pile is offline unless a newer
  // connection of the same pile replaced this one (mark_offline false).
  void on_closed(const std::string& reason, bool mark_offline);

  bool logged_in() const { return pile_.has_value(); }
  std::string charge_point_id() const { return pile_ ? pile_->charge_point_id : std::string(); }
  const ykc16::DecoderStats& decoder_stats() const { return decoder_.stats(); }

 private:
  // A command sent and waiting for the pile's answer.
  struct Pending {
    core::Id command_id = 0;
    std::uint8_t answer_type = 0;  // the frame type that answers it
    std::string key;               // serial (0x33), gun (0x35), "" (one per pile)
    core::UtcMillis deadline = 0;
    bool not_plugged_yet = false;  // 0x33 said "not plugged": the late-plug minute runs
  };

  void handle(const ykc16::Frame& frame, YkcOutput& out);
  void handle_login(const ykc16::Frame& frame, YkcOutput& out);
  void send(const ykc16::Message& m, YkcOutput& out, std::optional<std::uint16_t> sequence = {});
  void send_time_sync(YkcOutput& out);
  void maybe_push_tariff(YkcOutput& out);
  void push_changed_balances(YkcOutput& out);
  std::optional<Pending> take_pending(std::uint8_t answer_type, const std::string& key);
  void finish_command(const Pending& p, bool accepted, const std::string& detail,
                      const nlohmann::json& details = nlohmann::json::object());

  YkcService& ykc_;
  core::ChargePointService& service_;
  const core::Clock& clock_;
  std::mutex& core_mutex_;
  YkcSessionConfig config_;
  ykc16::FrameDecoder decoder_;
  std::optional<core::Pile> pile_;
  std::uint16_t next_sequence_ = 0;
  core::UtcMillis last_heartbeat_at_ = 0;
  core::UtcMillis last_touch_at_ = INT64_MIN / 2;
  core::UtcMillis next_time_sync_at_ = 0;
  core::UtcMillis next_tariff_check_at_ = 0;
  core::UtcMillis next_balance_check_at_ = 0;
  std::optional<std::string> confirmed_model_;  // the model number the pile has
  std::optional<std::string> pushing_model_;    // sent in 0x58, not yet confirmed
  std::map<int, bool> charging_;                // gun -> charging (from 0x13)
  std::map<int, std::int64_t> told_balance_;    // gun -> fen the pile was last told
  std::deque<Pending> pending_;
  std::int64_t frames_refused_ = 0;
};

}  // namespace ct::ykc
