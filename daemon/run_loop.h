#pragma once
// `deskops run`: the daemon. Serves the admin endpoints at once, waits for the state directory's
// lock (a standby until the other instance exits) or, with etcd, campaigns for leadership (a
// standby while another replica leads; a leader that loses its lease stops acting at once and
// campaigns again), then reconciles kind by kind on their
// intervals (with jitter), at once when the manifests change (inotify, debounced), again after the
// retry interval when a pass fails, and with a per-object backoff for objects whose actions fail.
// Credential files are re-read when they change, and after a 401 (cloud/credential_rotator.h).
// SIGHUP re-reads the configuration (an invalid one is rejected and the old one kept); SIGTERM
// stops starting calls, lets the ones in flight finish within the grace period and exits 0.
// Tells systemd where it is (READY, STATUS, STOPPING, watchdog). One per process.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/log.h"
#include "daemon/config/config.h"
#include "daemon/loop/liveness.h"
#include "daemon/settings.h"

namespace deskops::daemon {

class Daemon {
 public:
  // `settings` re-resolves the configuration on reload (the file again, the flags on top).
  Daemon(const Settings& settings, Config config, bool once);
  ~Daemon();

  // Runs until stopped (or one pass with `once`); the process exit code.
  int Run();

  // Thread-safe; called from the signal thread and the watcher.
  void RequestStop();
  void RequestReload();
  void ManifestsChanged();
  // Set once a stop was requested (the executor stops starting calls).
  const std::atomic<bool>& stopping() const { return stop_; }
  // The last sign of life (the loop waking, an API call) and the limit, for the watchdog and
  // /healthz.
  const Liveness& liveness() const { return liveness_; }
  void Touch() { liveness_.Touch(); }

 private:
  struct Session;
  enum class Wake { kTimeout, kStop, kReload, kChanged, kLost };

  Wake WaitUntil(std::chrono::steady_clock::time_point deadline);
  bool AcquireLeadership();
  void StandBy(const std::string& reason, const std::string& status, bool& announced);
  void LeadershipLost(const std::string& why);
  bool Relead();
  core::Status StartSession();
  core::Status WatchCredentials();
  core::Status StartTerm();
  core::Status StartWebhook();
  void DrainWebhook();
  bool RunPass(const std::set<std::string>& kinds);
  void Reload();
  void RefreshReadiness();

  const Settings& settings_;
  Config config_;
  bool once_;
  Liveness liveness_;
  std::unique_ptr<Session> s_;
  std::atomic<bool> stop_{false};
  // What the engine checks: set on a stop, and when leadership is lost (until the next term).
  std::atomic<bool> halt_{false};
  std::atomic<bool> lost_{false};
  std::atomic<long long> activity_ms_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool reload_requested_ = false, changed_ = false;
  std::string webhook_key_;  // the settings the running webhook was started with
};

}  // namespace deskops::daemon
