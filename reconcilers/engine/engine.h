#pragma once
// Engine: one reconcile pass. Loads the state (inventory and write-ahead ledger) from the state
// directory, observes every kind in parallel, settles creates left in flight by an earlier crash,
// asks each kind to diff, applies the object options and safety gates, and — on Apply — executes
// the plan. Level-based: every pass re-reads the tenant and trusts nothing remembered except
// ownership and in-flight calls. One pass at a time per Engine.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "cloud/api_client.h"
#include "cloud/jobs.h"
#include "core/clock.h"
#include "core/log.h"
#include "reconcilers/engine/executor.h"
#include "reconcilers/engine/options.h"
#include "reconcilers/engine/plan.h"
#include "reconcilers/engine/reconciler.h"
#include "reconcilers/engine/state_store.h"
#include "specs/manifest_set.h"

namespace deskops::reconcilers {

class Engine {
 public:
  Engine(const ReconcilerList& kinds, cloud::ApiClient& client, const core::Clock& clock,
         const core::Logger& log, EngineOptions options, std::string state_dir);

  // Keeps the state in `store` instead of the state directory (before Open).
  void set_state_store(std::shared_ptr<StateStore> store) { store_ = std::move(store); }
  // Asked before every mutating call (steps.h CallOnce): a call is not sent unless it answers OK
  // (leadership: the lease is certainly still held). Unset: always.
  void set_may_act(std::function<core::Status()> may_act) { may_act_ = std::move(may_act); }
  // Loads the inventory and ledger (once); fails on corrupt state.
  core::Status Open();
  // Observes the tenant and plans. `digest` identifies the manifests (saved plans check it).
  core::StatusOr<Plan> MakePlan(const specs::ManifestSet& manifests, const std::string& digest);
  // Executes the plan's runnable actions.
  ApplyReport Apply(const Plan& plan);
  // Manifests for live objects (all, or only owned ones), in dependency order.
  core::StatusOr<std::string> Export(bool owned_only);

  // Per-pass settings (the daemon narrows kinds and sets backoffs between passes).
  EngineOptions& options() { return options_; }
  void set_observer(EngineObserver* observer) { observer_ = observer; }
  // Apply checks this flag: once set, no new call starts and jobs are no longer followed.
  void set_stop(const std::atomic<bool>* stop) { stop_ = stop; }
  // Calls started and not known to have ended (after Open).
  std::vector<LedgerIntent> Unfinished() const;

  const Inventory& inventory() const { return inventory_; }
  const LiveIndex& index() const { return index_; }
  // What the last MakePlan or Export observed of a kind (nullptr when it did not observe it).
  const ObservedSet* observed(const std::string& kind) const;

 private:
  core::Status ObserveAll(const std::set<std::string>& kinds, const ObserveContext& base);
  std::set<std::string> KindsToObserve(const specs::ManifestSet* manifests) const;
  bool Relevant(const Reconciler& kind, const specs::ManifestSet& manifests) const;
  void RecoverOwnership(const std::set<std::string>& observed);
  void OwnCreated(const LedgerIntent& intent);
  struct Trace;
  struct CreateJobs;
  Trace TraceCreate(const Reconciler& kind, const LedgerIntent& intent, CreateJobs& jobs,
                    bool live);
  void MarkFailedCreates(const LedgerIntent& intent, const cloud::jobs::Outcome& outcome);
  std::vector<PendingCreate> SettlePending(const Reconciler& kind);
  bool Creates(const std::string& op_id) const;

  const ReconcilerList& kinds_;
  cloud::ApiClient& client_;
  const core::Clock& clock_;
  const core::Logger& log_;
  EngineOptions options_;
  SessionWatch sessions_;  // when desktops' sessions were first seen disconnected
  std::string state_dir_;
  // When this engine started (wall clock, ms): the state lock is held by then (or, with etcd, the
  // election won: the daemon builds an engine per term), so an earlier run's calls, and a deposed
  // leader's, were all sent before it.
  long long started_ms_ = 0;
  std::shared_ptr<StateStore> store_;
  std::function<core::Status()> may_act_;
  Inventory inventory_;
  std::unique_ptr<Ledger> ledger_;
  LiveIndex index_;
  std::map<std::string, std::shared_ptr<const ObservedSet>> observed_;  // by kind
  std::set<std::string> creating_ops_;  // IDs of the operations that create objects
  EngineObserver* observer_ = nullptr;
  const std::atomic<bool>* stop_ = nullptr;
};

}  // namespace deskops::reconcilers
