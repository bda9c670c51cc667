#include "cloud/rate_limiter.h"

#include <algorithm>

namespace deskops::cloud {

RateLimiter::RateLimiter(RateLimits limits, const core::Clock& clock)
    : limits_(limits),
      clock_(clock),
      rate_(limits.requests_per_second),
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
  if (rate_ <= 0) return std::chrono::nanoseconds(0);  // unlimited
  const double elapsed = std::chrono::duration<double>(now - refilled_).count();
  // The burst shrinks with the rate: a throttled client must not save up a full burst.
  const double burst = std::max(1, limits_.burst) * rate_ / limits_.requests_per_second;
  tokens_ = std::min(std::max(1.0, burst), tokens_ + elapsed * rate_);
  refilled_ = now;
  if (tokens_ >= 1) {
    tokens_ -= 1;
    return std::chrono::nanoseconds(0);
  }
  return std::chrono::nanoseconds(static_cast<long long>((1 - tokens_) / rate_ * 1e9) + 1);
}

RateLimiter::Permit RateLimiter::Acquire() {
  {
    std::unique_lock lock(mu_);
    slot_free_.wait(
        lock, [&] { return limits_.max_in_flight <= 0 || in_flight_ < limits_.max_in_flight; });
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

std::optional<double> RateLimiter::Throttled(std::chrono::milliseconds d,
                                             core::Clock::MonoTime sent) {
  std::lock_guard lock(mu_);
  const auto now = clock_.Monotonic();
  paused_until_ = std::max(paused_until_, now + d);
  tokens_ = 0;
  refilled_ = paused_until_;  // tokens accrue from the end of the pause
  if (rate_ <= 0 || sent < lowered_at_) return std::nullopt;
  const double floor = std::min(1.0, limits_.requests_per_second);
  if (rate_ <= floor) return std::nullopt;
  rate_ = std::max(floor, rate_ / 2);
  lowered_at_ = now;
  return rate_;
}

void RateLimiter::Succeeded() {
  std::lock_guard lock(mu_);
  if (rate_ <= 0) return;
  rate_ = std::min(limits_.requests_per_second, rate_ + limits_.requests_per_second / 20);
}

double RateLimiter::rate() const {
  std::lock_guard lock(mu_);
  return rate_;
}

std::chrono::nanoseconds RateLimiter::total_wait() const {
  std::lock_guard lock(mu_);
  return waited_;
}

}  // namespace deskops::cloud
