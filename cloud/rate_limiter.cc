#include "cloud/rate_limiter.h"

#include <algorithm>

namespace deskops::cloud {

RateLimiter::RateLimiter(RateLimits limits, const core::Clock& clock)
    : limits_(limits),
      clock_(clock),
      tokens_(std::max(1, limits.burst)),
      refilled_(clock.Monotonic()),
      paused_until_(clock.Monotonic()) {}

RateLimiter::Permit::~Permit() {
  if (!owner_) return;
  {
    std::lock_guard lock(owner_->mu_);
    --owner_->in_flight_;
  }
  owner_->slot_free_.notify_one();
}

std::chrono::nanoseconds RateLimiter::TakeTokenOrWait() {
  std::lock_guard lock(mu_);
  const auto now = clock_.Monotonic();
  if (now < paused_until_) return paused_until_ - now;
  if (limits_.requests_per_second <= 0) return std::chrono::nanoseconds(0);  // unlimited
  const double elapsed = std::chrono::duration<double>(now - refilled_).count();
  tokens_ = std::min<double>(std::max(1, limits_.burst),
                             tokens_ + elapsed * limits_.requests_per_second);
  refilled_ = now;
  if (tokens_ >= 1) {
    tokens_ -= 1;
    return std::chrono::nanoseconds(0);
  }
  return std::chrono::nanoseconds(
      static_cast<long long>((1 - tokens_) / limits_.requests_per_second * 1e9) + 1);
}

RateLimiter::Permit RateLimiter::Acquire() {
  {
    std::unique_lock lock(mu_);
    slot_free_.wait(lock, [&] { return limits_.max_in_flight <= 0 || in_flight_ < limits_.max_in_flight; });
    ++in_flight_;
  }
  Permit permit(this);
  while (true) {
    auto wait = TakeTokenOrWait();
    if (wait.count() == 0) return permit;
    {
      std::lock_guard lock(mu_);
      waited_ += wait;
    }
    clock_.SleepFor(wait);
  }
}

void RateLimiter::PauseFor(std::chrono::milliseconds d) {
  std::lock_guard lock(mu_);
  paused_until_ = std::max(paused_until_, clock_.Monotonic() + d);
}

std::chrono::nanoseconds RateLimiter::total_wait() const {
  std::lock_guard lock(mu_);
  return waited_;
}

}  // namespace deskops::cloud
