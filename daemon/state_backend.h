#pragma once
// Where a command keeps its state and who may write it: the state directory, guarded by its flock
// (daemon/loop/leader_lock.h), or etcd, guarded by the leader election with fenced writes
// (state/election.h, state/etcd_state_store.h). plan, export and `state show` read through
// ReadOnlyStore and never lock or campaign; apply, run and `state migrate` write only while they
// lead. Main thread, except MayAct and the loss callback (any thread).

#include <functional>
#include <memory>
#include <string>

#include "core/log.h"
#include "core/status_or.h"
#include "daemon/config/config.h"
#include "reconcilers/engine/state_store.h"
#include "state/etcd/etcd_client.h"

namespace deskops::daemon {

class StateBackend {
 public:
  // etcd when the configuration names endpoints, else the state directory. Nothing is contacted
  // yet; errors: the etcd settings are unusable (prefix, TTL, TLS files, credentials).
  static core::StatusOr<std::unique_ptr<StateBackend>> Open(const Config& config);
  virtual ~StateBackend() = default;

  virtual bool etcd() const = 0;
  // "state directory .deskops", "etcd prefix /deskops/t1/ at http://127.0.0.1:2379".
  virtual std::string Describe() const = 0;
  // Reads the state and never writes it.
  virtual std::shared_ptr<reconcilers::StateStore> ReadOnlyStore() = 0;
  // One attempt to become the one writer: true when this process is now.
  virtual core::StatusOr<bool> TryLead() = 0;
  // Who is the writer instead ("pid 1234 on host since ..."), "" when unknown.
  virtual std::string Leader() const = 0;
  // Who is the writer now, read without locking or campaigning; "" when nobody is.
  virtual core::StatusOr<std::string> CurrentLeader() = 0;
  // The store this term's writes go to (fenced, with etcd).
  virtual std::shared_ptr<reconcilers::StateStore> Store() = 0;
  // OK while this process may act (always, for the state directory).
  virtual core::Status MayAct() const = 0;
  // Told once per term, from any thread, when this process stops leading (never, for the state
  // directory: its lock is held until the process ends).
  virtual void OnLost(std::function<void(const std::string& why)> on_lost) = 0;
  // Stops leading now: with etcd the lease is revoked, so a standby takes over at once.
  virtual void Resign() = 0;
  // The etcd client, for `state` commands and counters; nullptr for the state directory.
  virtual state::etcd::Client* client() { return nullptr; }
  // The etcd prefix ("" for the state directory).
  virtual std::string prefix() const { return ""; }
};

}  // namespace deskops::daemon
