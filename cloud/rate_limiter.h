#pragma once
// Client-side rate limiting shared by every caller of one ApiClient: a token bucket (requests per
// second with a burst) and a cap on calls in flight. A 429 from the server pauses everyone until
// its Retry-After has passed, so a throttling storm lowers deskops' request rate instead of being
// hammered by each caller's own retries. Thread-safe; waiting uses the injected Clock.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

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
  // Nobody gets a token before now + `d` (a 429's Retry-After).
  void PauseFor(std::chrono::milliseconds d);

  // Time callers spent waiting for tokens or pauses, for metrics.
  std::chrono::nanoseconds total_wait() const;

 private:
  std::chrono::nanoseconds TakeTokenOrWait();

  const RateLimits limits_;
  const core::Clock& clock_;
  mutable std::mutex mu_;
  std::condition_variable slot_free_;
  int in_flight_ = 0;
  double tokens_;
  core::Clock::MonoTime refilled_;
  core::Clock::MonoTime paused_until_;
  std::chrono::nanoseconds waited_{0};
};

}  // namespace deskops::cloud
