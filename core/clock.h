#pragma once
// Clock: the only source of "now" in deskops (architecture.md: no other now()). Production code
// takes a `const Clock&`; tests pass a FakeClock and move time by hand. Both implementations are
// thread-safe.

#include <chrono>
#include <mutex>
#include <string>

namespace deskops::core {

class Clock {
 public:
  using WallTime = std::chrono::system_clock::time_point;
  using MonoTime = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;
  // Wall-clock time, for timestamps shown to people and sent to APIs (X-Sdk-Date).
  virtual WallTime Now() const = 0;
  // Monotonic time, for deadlines, intervals and backoff.
  virtual MonoTime Monotonic() const = 0;
  // Blocks the calling thread for `d` (a FakeClock advances itself instead).
  virtual void SleepFor(std::chrono::nanoseconds d) const = 0;
};

// The process-wide real clock.
const Clock& SystemClock();

// A clock that moves only when told to. SleepFor advances it, so code that sleeps runs instantly.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(WallTime start = WallTime(std::chrono::seconds(1'700'000'000)));
  WallTime Now() const override;
  MonoTime Monotonic() const override;
  void SleepFor(std::chrono::nanoseconds d) const override;
  void Advance(std::chrono::nanoseconds d);
  void SetNow(WallTime t);  // moves wall time only; monotonic time never goes back

 private:
  mutable std::mutex mu_;
  mutable WallTime wall_;
  mutable MonoTime mono_;
};

// RFC 3339 UTC with milliseconds: 2026-11-27T20:40:22.123Z.
std::string FormatRfc3339(Clock::WallTime t);

}  // namespace deskops::core
