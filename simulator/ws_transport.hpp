// Network links for simulated chargers: ChargerTransport over OCPP-J WebSockets (Beast
// client, subprotocol "ocpp1.6", target {path}/{chargePointId}), or over plain TCP for
// YKC 1.6 piles (LinkFraming::RawTcp: the bytes pass through as they come, the pile's model
// reassembles its frames).
//
// A WsLinkPool owns what the links share: the io_context and its I/O threads, the
// resolved server endpoint and the local source addresses. Each connection binds its
// socket to the next source address (round-robin, port 0) before connecting, because
// Linux gives one (source, destination) address pair only ~28k ephemeral ports: with
// 127.0.0.1..127.0.0.N one process can hold N times that against one server.
//
// Threading: I/O threads push events (Connected / Text / Closed) into a per-link
// mutex-protected queue; poll() drains it on the simulation thread, so the charger
// model never sees a second thread. send() hands the frame to the connection's strand,
// which writes one frame at a time in order. Beast stays out of this header (pimpl), so
// that it is compiled once, in ct_net.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "simulator/charger_transport.hpp"

namespace ct::sim {

enum class LinkFraming {
  OcppWebSocket,  // one OCPP-J text message per LinkEvent::text / send()
  RawTcp,         // a byte stream: each text / send() is a chunk of it (YKC 1.6)
};

struct WsLinkPoolConfig {
  LinkFraming framing = LinkFraming::OcppWebSocket;
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string path = "/ocpp";  // link URL = ws://host:port{path}/{chargePointId} (WebSocket)
  int threads = 1;             // I/O threads (clamped to 1..64)
  // Local addresses to connect from, round-robin over the links (e.g. 127.0.0.1 ..
  // 127.0.0.8); empty: let the OS choose.
  std::vector<std::string> source_addresses;
  // TCP connect (not the WebSocket handshake, which has Beast's suggested timeout).
  std::chrono::milliseconds connect_timeout{10'000};
  // How long a charger-side close may wait for the server's close frame.
  std::chrono::milliseconds close_timeout{2'000};
};

class WsLinkPool {
 public:
  // Parses the source addresses; throws std::invalid_argument on a bad one.
  explicit WsLinkPool(WsLinkPoolConfig config);
  ~WsLinkPool();  // stop()
  WsLinkPool(const WsLinkPool&) = delete;
  WsLinkPool& operator=(const WsLinkPool&) = delete;

  // Resolves the host (throws std::runtime_error if it does not resolve) and starts the
  // I/O threads. Links made before start() may connect only after it.
  void start();

  // A new link for one charger. `tag` comes back from wait_ready() when the link has
  // events, so that the caller steps only the chargers that have something to do. Links
  // may outlive the pool object (they keep its internals alive), but do nothing once the
  // pool is stopped.
  std::unique_ptr<ChargerTransport> make_link(std::string charge_point_id, std::size_t tag = 0);

  // Blocks until some link has undrained events or `until` passes; appends the tags of
  // the links that got events since their last poll() (each once) to `tags`.
  void wait_ready(std::chrono::steady_clock::time_point until, std::vector<std::size_t>& tags);
  // Wakes a wait_ready() in progress (e.g. to stop the simulation thread).
  void wake();

  // Waits, at most until `until`, for every socket to be released (links closed, close
  // handshakes done); true when they all were. Does not close anything itself.
  bool drain(std::chrono::steady_clock::time_point until);
  // Stops the I/O threads; sockets still open are then closed with the io_context.
  // Idempotent.
  void stop();

  // Sockets currently held (connecting, open or closing).
  std::size_t sockets() const;
  const WsLinkPoolConfig& config() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// "127.0.0.1-127.0.0.8" (an IPv4 range, last address included) or a comma list
// "127.0.0.1,127.0.0.2" (items may themselves be ranges). Throws std::invalid_argument.
std::vector<std::string> parse_source_addresses(const std::string& spec);

}  // namespace ct::sim
