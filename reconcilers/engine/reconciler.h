#pragma once
// The engine's side of the kind contract: what the engine calls on every kind, type-erased. Kinds
// do not implement this interface directly: they derive from TypedKind<Spec, Live, Step> (kind.h),
// which implements it once for every kind, and supply only what is particular to them.
//
//   Observe   lists the kind's live objects and returns them (the kind keeps no state);
//   Refs      what other kinds may look up about them in the LiveIndex (IDs, SIDs, ...);
//   Plan      desired (manifests) against observed: actions and per-object errors. Pure;
//   Execute   carries out one batch of compatible actions;
//   Discover  finds objects the run just created (their IDs), with as few calls as the API allows;
//   Export    manifests for observed objects; Present: rows for `deskops get`.
//
// Threads: the engine calls Observe for several kinds at once (each call on its own thread, the
// kind object shared and immutable), Plan from one thread, Execute and Discover from the
// executor's workers (never two batches of the same object at once).

#include <atomic>
#include <functional>
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
#include "reconcilers/engine/sessions.h"
#include "specs/manifest_set.h"

namespace deskops::reconcilers {

// Why a kind is observed: a plan reads what the manifests manage (a pool's authorisations only for
// pools whose manifests list them); an export reads what it writes; `get` reads the least.
enum class Purpose { kPlan, kExport, kGet };

struct ObserveContext {
  cloud::ApiClient& client;
  Purpose purpose = Purpose::kPlan;
  const specs::ManifestSet* manifests = nullptr;  // kPlan only
  const Inventory* inventory = nullptr;           // kPlan only
  std::optional<std::string> name;                // kGet of one object: may narrow the list
};

// The live objects of one kind as Observe returned them; typed in TypedKind<>. Immutable once made.
class ObservedSet {
 public:
  virtual ~ObservedSet() = default;
  virtual std::size_t size() const = 0;
};

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
  // Where the sessions of desktops were first seen disconnected (sessions.h); null: now.
  SessionWatch* sessions = nullptr;

  const PendingCreate* Pending(const std::string& kind, const std::string& name) const;
  // A reference to `kind`/`name`: live (its ID is in the index), declared in the manifests (it will
  // be created first; resolve its ID when executing), or missing (a plan error for the referrer).
  RefState Ref(const std::string& kind, const std::string& name) const;
  bool Owned(const std::string& kind, const std::string& name) const {
    return inventory.Find(kind, name).has_value();
  }
};

// Collects what Plan finds.
class PlanBuilder {
 public:
  explicit PlanBuilder(Plan& plan) : plan_(plan) {}
  void Add(Action action) { plan_.actions.push_back(std::move(action)); }
  void Error(std::string kind, std::string name, std::string message) {
    plan_.errors.push_back({std::move(kind), std::move(name), std::move(message)});
  }
  void InSync() { ++plan_.in_sync; }
  // Facts to record on an object when the plan is applied (ObjectPlan::records).
  void Record(std::string kind, std::string name, std::map<std::string, std::string> records) {
    plan_.records.push_back({std::move(kind), std::move(name), std::move(records)});
  }

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
  // Asked right before every mutating call: "may I act?" (leadership with etcd: the lease is
  // certainly still held). Not OK: the call is not sent. Unset: always.
  const std::function<core::Status()>* may_act = nullptr;

  bool Stopping() const { return stop != nullptr && stop->load(); }
  core::Status MayAct() const { return may_act ? (*may_act)() : core::Status::Ok(); }
};

// The result of one action: success, a job to follow, or an error.
struct ActionResult {
  core::Status status = {};
  std::string job_id = {};               // follow this job; the action succeeds when it does
  std::string intent_id = {};            // the ledger entry to close when the job ends
  const cloud::Operation* op = nullptr;  // the call that started the job (metrics, reports)
  std::string id = {};                   // a create's new object ID, when the answer carried it
};

// What the engine needs to know of a kind besides its code.
struct KindTraits {
  // The other kinds Plan and Execute look up in the LiveIndex, so that a pass reconciling only some
  // kinds (per-kind intervals) observes what they need. nullopt: every kind.
  std::optional<std::vector<std::string>> needs = std::nullopt;
  // One object's steps run one after the other, each job ending before the next call starts, and
  // none after a failed one: for APIs that refuse concurrent operations on one object (409), and
  // for steps that build on each other (a group's members after the group).
  bool serial = false;
  // Whether an object whose immutable fields changed can be replaced (deleted and created again,
  // with deskops.io/allow-replace): the kind plans it in PlanReplace.
  bool replaceable = false;
  // A singleton: the tenant has exactly one object of the kind (its settings), whatever the
  // manifest names it; it is never created, adopted or deleted. Only the keys a manifest sets are
  // managed, and removing the manifest stops managing it (nothing is reset). specs::KindInfo's
  // check_set refuses a second manifest.
  bool singleton = false;
  // Live objects carry deskops' ownership mark (desktops' deskops-owner tag), so the kind is read
  // even when nothing of it is declared or owned: a lost state directory is recovered from it.
  bool recovers_ownership = false;
  // The job type (4.28.2) of the kind's asynchronous creates (createDesktops), and whether their
  // sub-jobs name the objects (entities.desktop_name): after a crash, a create whose answer was
  // never recorded is looked for among the jobs in progress instead of waited for. Empty: creates
  // are synchronous, and an object the list does not show was never made.
  std::string_view create_job_type = {};
  bool create_jobs_name_objects = false;
  // Deleting owned objects that left the manifests, when the kind does not plan its own deletions:
  // one call of this operation per `max_per_delete` objects (0: no limit), given their IDs.
  const cloud::Operation* batch_delete = nullptr;
  std::size_t max_per_delete = 0;
  // Sends batch_delete for these IDs; returns the job it started ("" for a synchronous call).
  std::function<core::StatusOr<std::string>(cloud::ApiClient&, const std::vector<std::string>&)>
      delete_ids = {};
};

// `deskops get`: a table and, per row, the object as a JSON object (text).
struct GetListing {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> items;
};

// What Export needs besides the observed objects.
struct ExportContext {
  const Inventory& inventory;
  const LiveIndex& index;  // names of referenced objects, by ID
  bool owned_only = false;
};

class Reconciler {
 public:
  virtual ~Reconciler() = default;
  virtual const specs::KindInfo& Info() const = 0;
  std::string Kind() const { return std::string(Info().name); }
  virtual const KindTraits& Traits() const = 0;
  std::optional<std::vector<std::string>> Needs() const { return Traits().needs; }
  // Every API operation the kind's reads and steps use (metrics, docs/coverage.md).
  virtual std::vector<const cloud::Operation*> Operations() const = 0;

  virtual core::StatusOr<std::shared_ptr<const ObservedSet>> Observe(
      const ObserveContext& ctx) const = 0;
  virtual std::vector<LiveRef> Refs(const ObservedSet& observed) const = 0;
  virtual void Plan(const DiffContext& ctx, const ObservedSet& observed,
                    PlanBuilder& plan) const = 0;
  // One result per action, in order.
  virtual std::vector<ActionResult> Execute(ExecContext& ctx,
                                            const std::vector<const Action*>& batch) const = 0;
  // The objects of these names that the run created (their creates succeeded, or their jobs
  // ended), and `ids` that jobs reported for them (desktop IDs), as LiveRefs.
  virtual core::StatusOr<std::vector<LiveRef>> Discover(
      ExecContext& ctx, const std::vector<std::string>& names,
      const std::vector<std::string>& ids) const = 0;
  // YAML documents (joined with ---), one per observed object (or owned object).
  virtual std::string Export(const ObservedSet& observed, const ExportContext& ctx) const = 0;
  virtual GetListing Present(const ObservedSet& observed) const = 0;
};

using ReconcilerList = std::vector<std::unique_ptr<Reconciler>>;

}  // namespace deskops::reconcilers
