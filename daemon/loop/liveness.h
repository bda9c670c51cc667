#pragma once
// Liveness: the one rule the systemd watchdog and /healthz share. The daemon is alive while its
// loop (waking while it idles, stands by or starts a pass) or its API calls (every attempt's end)
// showed a sign of life within the limit (`livenessTimeout`, default 5m). A loop stuck in a call
// that never returns, or in a deadlock, stops both the watchdog pings (systemd restarts it) and
// /healthz (a Kubernetes liveness probe restarts it). Thread-safe.

#include <atomic>
#include <chrono>

namespace deskops::daemon {

class Liveness {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Liveness(std::chrono::milliseconds limit);

  // A sign of life now.
  void Touch() { Touch(Clock::now()); }
  void Touch(Clock::time_point now);
  void set_limit(std::chrono::milliseconds limit) { limit_ms_ = limit.count(); }
  std::chrono::milliseconds limit() const { return std::chrono::milliseconds(limit_ms_.load()); }

  // How long since the last sign of life.
  std::chrono::milliseconds Silence(Clock::time_point now) const;
  bool Alive(Clock::time_point now) const { return Silence(now) < limit(); }
  bool Alive() const { return Alive(Clock::now()); }
  // How often an idle loop must wake to stay alive with a margin: a quarter of the limit, at most
  // 5 seconds.
  std::chrono::milliseconds WakeEvery() const;

 private:
  std::atomic<long long> last_ms_{0};
  std::atomic<long long> limit_ms_;
};

}  // namespace deskops::daemon
