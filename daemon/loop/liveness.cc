#include "daemon/loop/liveness.h"

#include <algorithm>

namespace deskops::daemon {
namespace {

long long Ms(Liveness::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

Liveness::Liveness(std::chrono::milliseconds limit) : limit_ms_(limit.count()) { Touch(); }

void Liveness::Touch(Clock::time_point now) {
  // Never backwards: threads touch with their own `now`.
  long long ms = Ms(now), seen = last_ms_.load();
  while (ms > seen && !last_ms_.compare_exchange_weak(seen, ms)) {
  }
}

std::chrono::milliseconds Liveness::Silence(Clock::time_point now) const {
  return std::chrono::milliseconds(std::max(0LL, Ms(now) - last_ms_.load()));
}

std::chrono::milliseconds Liveness::WakeEvery() const {
  return std::clamp(limit() / 4, std::chrono::milliseconds(100), std::chrono::milliseconds(5000));
}

}  // namespace deskops::daemon
