// The seam between a simulated charger and the CSMS it talks to. The in-process twin
// implements it with direct calls into the server core; network mode with a WebSocket.
// Polling (rather than callbacks) keeps the model single-threaded and the in-process
// run deterministic: the driver of the simulation decides when events are consumed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ct::sim {

using Millis = std::int64_t;  // UTC epoch milliseconds (virtual time in the simulator)

struct LinkEvent {
  enum class Kind { Connected, Text, Closed };
  Kind kind = Kind::Text;
  std::string text;  // Text: the frame; Closed: why (connect failed, server closed, ...)
};

class ChargerTransport {
 public:
  virtual ~ChargerTransport() = default;
  // Starts connecting; Connected or Closed follows through poll(). No-op while connected
  // or connecting.
  virtual void connect(Millis now) = 0;
  // Queues one text frame; dropped when the link is not up (the model keeps what matters).
  virtual void send(std::string frame, Millis now) = 0;
  // Closes the link from the charger's side. No Closed event follows: the caller knows.
  virtual void close(Millis now) = 0;
  // Appends the events that happened since the last call, in order.
  virtual void poll(Millis now, std::vector<LinkEvent>& out) = 0;
};

}  // namespace ct::sim
