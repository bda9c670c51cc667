#pragma once
// The per-kind contract (Crossplane's ExternalClient, adapted to whole-inventory passes):
//   Observe: list every live object of the kind in as few calls as the API allows; reads only.
//            Records what other kinds may refer to in the LiveIndex.
//   Diff:    pure. Desired (manifests) against observed; appends actions and per-object errors.
//   Execute: carries out one batch of compatible actions; idempotent where the API allows.
//   Export:  manifests for the observed objects, so a tenant can be brought under management.
// The engine calls Observe on one thread per kind, Diff on one thread, and Execute from its worker
// pool (never two batches of the same object at once).
//
// Conventions every kind follows:
//   - An action that changes spec fields lists them in `changes` (path spec.<field>), so that
//     deskops.io/ignore-changes can drop it; actions that reference other objects name them in
//     `depends_on` (ObjectKey), so a failed dependency skips them.
//   - Payloads carry names, not IDs, for objects the same plan creates; Execute resolves IDs from
//     the LiveIndex at run time.
//   - A create records the new object in the inventory and, as soon as its ID is known (from the
//     answer, the job, or one list call), in the LiveIndex, so later phases can resolve it.
//   - Fields that cannot be read back are never diffed; only set fields are managed.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "core/clock.h"
#include "core/log.h"
#include "reconcilers/engine/action.h"
#include "reconcilers/engine/inventory.h"
#include "reconcilers/engine/ledger.h"
#include "reconcilers/engine/live_index.h"
#include "reconcilers/engine/observer.h"
#include "reconcilers/engine/options.h"
#include "reconcilers/engine/plan.h"
#include "specs/manifest_set.h"

namespace deskops::reconcilers {

// Whether a referenced object exists now, will be created by this plan, or neither.
enum class RefState { kLive, kPlanned, kMissing };

// Objects of this kind whose create may still be in flight (from the ledger), by name.
struct PendingCreate {
  std::string name, intent_id, job_id, reason;
};

struct DiffContext {
  const specs::ManifestSet& manifests;
  std::vector<const specs::Object*> desired;  // this kind's objects
  const Inventory& inventory;
  const LiveIndex& index;
  std::vector<PendingCreate> pending;
  const EngineOptions& options;
  const core::Clock& clock;

  const PendingCreate* Pending(const std::string& kind, const std::string& name) const;
  // A reference to `kind`/`name`: live (its ID is in the index), declared in the manifests (it will
  // be created first; resolve its ID when executing), or missing (a plan error for the referrer).
  RefState Ref(const std::string& kind, const std::string& name) const;
  bool Owned(const std::string& kind, const std::string& name) const {
    return inventory.Find(kind, name).has_value();
  }
};

// Collects what Diff finds.
class PlanBuilder {
 public:
  explicit PlanBuilder(Plan& plan) : plan_(plan) {}
  void Add(Action action) { plan_.actions.push_back(std::move(action)); }
  void Error(std::string kind, std::string name, std::string message) {
    plan_.errors.push_back({std::move(kind), std::move(name), std::move(message)});
  }
  void InSync() { ++plan_.in_sync; }

 private:
  Plan& plan_;
};

struct ExecContext {
  cloud::ApiClient& client;
  Inventory& inventory;
  Ledger& ledger;
  LiveIndex& index;
  const core::Clock& clock;
  const core::Logger& log;
  const EngineOptions& options;
  EngineObserver* observer = nullptr;
  // Set when deskops is shutting down: start no new calls, stop following jobs.
  const std::atomic<bool>* stop = nullptr;

  bool Stopping() const { return stop != nullptr && stop->load(); }
};

// The result of one action: success, a job to follow, or an error.
struct ActionResult {
  core::Status status;
  std::string job_id;     // follow this job; the action succeeds when it does
  std::string intent_id;  // the ledger entry to close when the job ends
  std::string op = {};    // the operation that started the job (its type, for metrics)
};

class Reconciler {
 public:
  virtual ~Reconciler() = default;
  virtual std::string Kind() const = 0;
  // The other kinds Diff and Execute look up in the LiveIndex, so that a pass reconciling only some
  // kinds (per-kind intervals) observes what they need. nullopt (the default): every kind.
  virtual std::optional<std::vector<std::string>> Needs() const { return std::nullopt; }
  virtual core::Status Observe(cloud::ApiClient& client, LiveIndex& index) = 0;
  // Called before Observe, on the engine's thread, with the manifests the plan is for (nullptr
  // when exporting). A kind whose reads cost one call per object for fields few manifests set (a
  // pool's authorised users, its desktops' power states) reads them only for the objects whose
  // manifests set those fields. Most kinds need nothing.
  virtual void Scope(const specs::ManifestSet* manifests) { (void)manifests; }
  // Called after Scope with what deskops owns, before Observe: a kind may read more of the
  // objects whose last create failed (e.g. a pool's desktops, to repair those left in ERROR).
  virtual void ScopeOwned(const Inventory& inventory) { (void)inventory; }
  virtual void Diff(const DiffContext& ctx, PlanBuilder& plan) const = 0;
  // One result per action, in order.
  virtual std::vector<ActionResult> Execute(ExecContext& ctx,
                                            const std::vector<const Action*>& batch) = 0;
  // Called once an action's job ended (successfully or not), e.g. to record created IDs.
  virtual void AfterJob(ExecContext& ctx, const Action& action, bool succeeded,
                        const std::vector<std::string>& desktop_ids) {
    (void)ctx, (void)action, (void)succeeded, (void)desktop_ids;
  }
  // YAML documents (joined with ---) for every observed object, or only the owned ones.
  virtual std::string Export(const Inventory& inventory, bool owned_only) const = 0;
};

using ReconcilerList = std::vector<std::unique_ptr<Reconciler>>;

}  // namespace deskops::reconcilers
