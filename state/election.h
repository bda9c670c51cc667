#pragma once
// Leader election in etcd, with fencing. Every replica of `deskops run` on one prefix campaigns
// for the one leader key (<prefix>leader), bound to a lease of `ttl`: the first to create it
// leads; the key's create revision is the term's fencing token (EtcdStateStore's writes succeed
// only while the key still exists at that revision). While it leads, a thread renews the lease
// every ttl/3 and checks the key is still its own.
//
// MayAct is the local half of fencing, asked right before every mutating call: OK only while the
// last successful renewal (the monotonic time its request was sent) plus the TTL, less a safety
// margin, is still ahead. etcd counts the lease from when it received that renewal, which is later,
// so a leader stops acting before its lease can expire at etcd, and so before anyone else can be
// elected: a process paused (SIGSTOP, a VM freeze) past that point finds, when it resumes, that it
// may not act, whatever its threads do first.
//
// Leadership ends when the lease is gone at etcd, when it could not be renewed in time, when the
// key is gone or another's, or when a fenced write was refused (Lose): `on_lost` is told once,
// from the thread that noticed. Campaign again to start a new term. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/status_or.h"
#include "state/etcd/etcd_client.h"

namespace deskops::state {

struct ElectionOptions {
  std::string key;  // <prefix>leader
  std::chrono::seconds ttl{15};
  std::string identity;  // shown to the others: "pid 1234 on host"
};

// The leader key's content.
struct LeaderInfo {
  std::string identity, since;
  long long lease = 0;
  long long revision = 0;  // the key's create revision
};

class Election {
 public:
  Election(etcd::Client& client, ElectionOptions options, const core::Clock& clock);
  ~Election();  // stops renewing; does not resign (the lease then expires on its own)
  Election(const Election&) = delete;
  Election& operator=(const Election&) = delete;

  // One attempt to lead: true when this process leads now; false while another does (leader()
  // says who). Errors: etcd cannot be reached.
  core::StatusOr<bool> Campaign();
  core::Status MayAct() const;
  bool leading() const;
  // The leader the last campaign saw (this process's own while it leads).
  LeaderInfo leader() const;
  // The leader key's create revision this term (the fencing token); 0 when not leading.
  long long revision() const;
  const std::string& key() const { return options_.key; }
  std::chrono::seconds ttl() const { return options_.ttl; }

  void set_on_lost(std::function<void(const std::string& why)> on_lost);
  // Ends this term from outside (a fenced write was refused).
  void Lose(const std::string& why);
  // Gives leadership up now: the lease is revoked, which deletes the key, so a standby need not
  // wait for it to expire.
  void Resign();

  // How long before the lease's end MayAct stops answering OK, and how often it is renewed.
  static std::chrono::milliseconds Margin(std::chrono::seconds ttl);
  static std::chrono::milliseconds RenewEvery(std::chrono::seconds ttl);
  // "pid 1234 on host".
  static std::string DefaultIdentity();
  // Who leads now, as the key says, without campaigning; nullopt when nobody does.
  static core::StatusOr<std::optional<LeaderInfo>> Read(etcd::Client& client,
                                                        const std::string& key);

 private:
  bool Won(long long lease, long long revision, core::Clock::MonoTime renewed);
  void Renew(long long term);
  void StopRenewing();
  std::string Value(long long lease) const;

  etcd::Client& client_;
  const ElectionOptions options_;
  const core::Clock& clock_;
  const std::string nonce_;  // tells this process's key from another's with the same identity
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool leading_ = false, stop_ = false;
  long long term_ = 0, lease_ = 0, revision_ = 0;
  core::Clock::MonoTime renewed_{};
  LeaderInfo leader_;
  std::string lost_why_;
  std::function<void(const std::string&)> on_lost_;
  std::thread renewer_;
};

}  // namespace deskops::state
