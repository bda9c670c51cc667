#pragma once
// Client-side rate limiting shared by every caller of one ApiClient: a token bucket (requests per
// second with a burst) and a cap on calls in flight. A 429 from the server pauses everyone until
// its Retry-After has passed and halves the rate (additive increase, multiplicative decrease: each
// success gives back a twentieth of the configured rate), so a throttling storm lowers deskops'
// request rate instead of being hammered by each caller's own retries, and the rate after it
// climbs back instead of bursting. Thread-safe; waiting uses the injected Clock.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "core/clock.h"

namespace deskops::cloud {

struct RateLimits {
  double requests_per_second = 10;
  int burst = 20;
  int max_in_flight = 8;
};

class RateLimiter {
 public:
  RateLimiter(RateLimits limits, const core::Clock& clock);

  // Holds an in-flight slot until destroyed.
  class Permit {
   public:
    explicit Permit(RateLimiter* owner) : owner_(owner) {}
    Permit(Permit&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    ~Permit();

   private:
    RateLimiter* owner_;
  };

  // Waits for a free in-flight slot and a token (and for any pause to end).
  Permit Acquire();
  // The server throttled a call sent at `sent`: nobody gets a token before now + `d` (its
  // Retry-After), the bucket is emptied (no burst when the pause ends), and the rate is halved,
  // down to 1 request/s (or the configured rate if lower). Calls sent before the last halving
  // come back 429 too and do not halve it again. Returns the new rate when it was lowered. An
  // unlimited rate stays unlimited.
  std::optional<double> Throttled(std::chrono::milliseconds d, core::Clock::MonoTime sent);
  // A call succeeded: the rate climbs back by a twentieth of the configured rate.
  void Succeeded();
  // Requests per second allowed now (the configured rate unless throttled lately; 0: unlimited).
  double rate() const;

  // Time callers spent waiting for tokens or pauses, for metrics.
  std::chrono::nanoseconds total_wait() const;

 private:
  std::chrono::nanoseconds TakeTokenOrWait();

  const RateLimits limits_;
  const core::Clock& clock_;
  mutable std::mutex mu_;
  std::condition_variable slot_free_;
  int in_flight_ = 0;
  double rate_;  // requests per second now: the configured rate, lowered by 429s
  double tokens_;
  core::Clock::MonoTime refilled_;
  core::Clock::MonoTime paused_until_;
  core::Clock::MonoTime lowered_at_ = core::Clock::MonoTime::min();  // the last halving
  std::chrono::nanoseconds waited_{0};
};

}  // namespace deskops::cloud
