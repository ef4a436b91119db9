// Time is injected: production uses SystemClock, tests and the simulator a ManualClock.
#pragma once

#include <atomic>

#include "server/core/model.hpp"

namespace ct::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UtcMillis now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UtcMillis now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(UtcMillis start = 1'700'000'000'000) : now_(start) {}
  UtcMillis now() const override { return now_.load(); }
  void set(UtcMillis t) { now_.store(t); }
  void advance(UtcMillis ms) { now_.fetch_add(ms); }

 private:
  std::atomic<UtcMillis> now_;
};

// RFC 3339 in UTC with millisecond precision, e.g. "2026-11-23T10:00:00.000Z".
std::string format_utc(UtcMillis t);

}  // namespace ct::core
