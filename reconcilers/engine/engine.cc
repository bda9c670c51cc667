#include "reconcilers/engine/engine.h"

#include <future>
#include <mutex>

#include "cloud/jobs.h"
#include "core/files.h"
#include "core/strings.h"
#include "reconcilers/engine/capacity.h"
#include "reconcilers/engine/gates.h"
#include "reconcilers/engine/rollouts.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;

const PendingCreate* DiffContext::Pending(const std::string& kind, const std::string& name) const {
  for (const auto& p : pending) {
    if (ObjectKey(kind, p.name) == ObjectKey(kind, name)) return &p;
  }
  return nullptr;
}

RefState DiffContext::Ref(const std::string& kind, const std::string& name) const {
  if (index.Find(kind, name)) return RefState::kLive;
  if (manifests.Find(kind, name)) return RefState::kPlanned;
  return RefState::kMissing;
}

Engine::Engine(const ReconcilerList& kinds, cloud::ApiClient& client, const core::Clock& clock,
               const core::Logger& log, EngineOptions options, std::string state_dir)
    : kinds_(kinds),
      client_(client),
      clock_(clock),
      log_(log),
      options_(std::move(options)),
      state_dir_(std::move(state_dir)),
      started_ms_(
          std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
              .count()) {
  for (const cloud::Operation* op : cloud::ops::kAll) {
    if (op->creates) creating_ops_.insert(std::string(op->id));
  }
  for (const auto& kind : kinds_) {
    for (const cloud::Operation* op : kind->Operations()) {
      if (op->creates) creating_ops_.insert(std::string(op->id));
    }
  }
}

bool Engine::Creates(const std::string& op_id) const { return creating_ops_.count(op_id) > 0; }

const ObservedSet* Engine::observed(const std::string& kind) const {
  auto it = observed_.find(kind);
  return it == observed_.end() ? nullptr : it->second.get();
}

Status Engine::Open() {
  if (ledger_) return Status::Ok();
  if (!store_) {
    if (!state_dir_.empty()) DESKOPS_RETURN_IF_ERROR(core::MakeDirs(state_dir_));
    store_ = std::make_shared<LocalStateStore>(state_dir_);
  }
  DESKOPS_ASSIGN_OR_RETURN(inventory_, store_->LoadInventory());
  DESKOPS_ASSIGN_OR_RETURN(ledger_, Ledger::Open(*store_, clock_));
  sessions_.Load(inventory_);
  if (ledger_->torn_line() > 0) {
    log_.Warn(
        "the ledger ends in a torn line (deskops stopped while writing it); ignoring that "
        "entry: a call recorded only there was never sent, and a job or end it recorded "
        "is found again by observing the tenant; the lines before it are honoured",
        {{"file", ledger_->path()}, {"line", static_cast<long long>(ledger_->torn_line())}});
  }
  return Status::Ok();
}

// The kinds this pass reconciles that have something to plan, the kinds they declare they need,
// and the kinds their manifests refer to (whose IDs Plan and Execute look up). Without manifests
// (an export): every kind.
// A kind with nothing to plan is not read at all: no manifest, nothing owned, no call of it in
// flight, and no ownership to recover from the tenant (desktops carry an ownership tag).
bool Engine::Relevant(const Reconciler& kind, const specs::ManifestSet& manifests) const {
  const std::string name = kind.Kind();
  if (!manifests.OfKind(name).empty() || !inventory_.OfKind(name).empty()) return true;
  if (kind.Traits().recovers_ownership) return true;
  for (const auto& intent : Unfinished()) {
    if (intent.kind == name) return true;
  }
  return false;
}

std::set<std::string> Engine::KindsToObserve(const specs::ManifestSet* manifests) const {
  std::set<std::string> out;
  for (const auto& kind : kinds_) {
    if (manifests && !options_.Reconciles(kind->Kind())) continue;
    if (manifests && !Relevant(*kind, *manifests)) continue;
    out.insert(kind->Kind());
    auto needs = kind->Needs();
    if (!needs || !manifests) {
      for (const auto& k : kinds_) out.insert(k->Kind());
      return out;
    }
    out.insert(needs->begin(), needs->end());
    for (const specs::Object* o : manifests->OfKind(kind->Kind())) {
      for (const specs::Ref& ref : o->refs) {
        if (specs::FindKind(ref.kind)) out.insert(ref.kind);
      }
    }
  }
  return out;
}

std::vector<LedgerIntent> Engine::Unfinished() const {
  return ledger_ ? ledger_->Unfinished() : std::vector<LedgerIntent>{};
}

Status Engine::ObserveAll(const std::set<std::string>& wanted, const ObserveContext& base) {
  std::vector<std::pair<const Reconciler*, std::future<Status>>> observed;
  std::mutex mu;
  observed_.clear();
  for (const auto& kind : kinds_) {
    if (!wanted.count(kind->Kind())) continue;
    index_.ClearKind(kind->Kind());  // a long-running engine must forget deleted objects
    const Reconciler* k = kind.get();
    observed.emplace_back(k, std::async(std::launch::async, [&, k] {
                            auto set = k->Observe(base);
                            if (!set.ok())
                              return set.status().Annotate(StrCat("observe ", k->Kind()));
                            for (LiveRef& ref : k->Refs(**set)) index_.Put(std::move(ref));
                            std::lock_guard lock(mu);
                            observed_[k->Kind()] = std::move(*set);
                            return Status::Ok();
                          }));
  }
  Status first;
  for (auto& [kind, f] : observed) {
    Status s = f.get();
    if (!s.ok() && first.ok()) first = s;
  }
  return first;
}

// Fills in IDs the inventory learned late, forgets the failed creates of objects now healthy, and
// re-owns desktops carrying our ownership tag that the inventory lost (a deleted or restored state
// directory). Forgets owned objects that are gone, unless a create of theirs may be in flight: a
// delete whose end a crash lost would otherwise leave the name owned, and a later object of that
// name, made by someone else, would be deskops' to prune.
void Engine::RecoverOwnership(const std::set<std::string>& observed) {
  std::set<std::string> creating;
  for (const auto& intent : ledger_->Unfinished()) {
    if (!Creates(intent.op)) continue;
    for (const auto& n : intent.names) creating.insert(ObjectKey(intent.kind, n));
  }
  for (const auto& owned : inventory_.All()) {
    auto live = index_.Find(owned.kind, owned.name);
    if (!live && observed.count(owned.kind) && !creating.count(ObjectKey(owned.kind, owned.name))) {
      log_.Info("forgot an owned object that is gone",
                {{"kind", owned.kind}, {"name", owned.name}});
      inventory_.Remove(owned.kind, owned.name);
    }
    if (!live) continue;
    if (owned.id.empty()) inventory_.Own(owned.kind, owned.name, live->id);
    // Seen healthy: whatever failed while creating it, it is a working object now.
    if (owned.create_failed && !live->attrs.count(kNotReadyAttr)) {
      inventory_.MarkCreateFailed(owned.kind, owned.name, false);
    }
  }
  for (const auto& kind : kinds_) {
    for (const auto& live : index_.OfKind(kind->Kind())) {
      if (live.Attr("owner") != options_.owner) continue;
      if (inventory_.Find(live.kind, live.name)) continue;
      log_.Info("recovered ownership from tag", {{"kind", live.kind}, {"name", live.name}});
      inventory_.Upsert({live.kind, live.name, live.id, false, false, {}});
    }
  }
}

// Objects a create deskops sent made: deskops' own, though the answer that would have recorded
// them was lost (a dropped connection, a timeout, a crash). Without this, with adoption off they
// would be "someone else's" forever.
void Engine::OwnCreated(const LedgerIntent& intent) {
  if (!Creates(intent.op)) return;
  for (const auto& n : intent.names) {
    auto live = index_.Find(intent.kind, n);
    if (live && !inventory_.Find(intent.kind, n)) {
      log_.Info("owning what an earlier create made", {{"kind", intent.kind}, {"name", n}});
      inventory_.Own(intent.kind, n, live->id);
    }
  }
}

// Added to an attempt's time before an unanswered call is looked for (clock skew, the API's own
// processing after the connection ended).
constexpr long long kSettleMarginMs = 5'000;

struct Engine::Trace {
  enum class Seen { kNothing, kJob, kUnknown } seen = Seen::kUnknown;
  std::string job_id;
};

// The sub-jobs (4.28.2) of a kind's create job type, read at most once per kind and pass: those
// waiting or running, or every one the API still keeps.
struct Engine::CreateJobs {
  std::optional<std::vector<cloud::jobs::SubJob>> in_progress, every;
};

namespace {

bool InProgress(const cloud::jobs::SubJob& sub) {
  return sub.status == "RUNNING" || sub.status == "WAITING";
}

}  // namespace

// What the API shows of a create an earlier run recorded but never saw answered, besides the list:
// a job that is (or, for objects that exist, was) creating them, none, or it cannot tell.
Engine::Trace Engine::TraceCreate(const Reconciler& kind, const LedgerIntent& intent,
                                  CreateJobs& jobs, bool live) {
  const KindTraits& traits = kind.Traits();
  if (traits.create_job_type.empty()) return {Trace::Seen::kNothing, ""};  // the list says it all
  if (live && !traits.create_jobs_name_objects) return {Trace::Seen::kNothing, ""};
  auto& cache = live ? jobs.every : jobs.in_progress;
  if (!cache) {
    auto subs = cloud::jobs::ListSubJobsOfType(
        client_, std::string(traits.create_job_type),
        live ? std::vector<std::string>{} : std::vector<std::string>{"RUNNING", "WAITING"});
    if (!subs.ok()) {
      log_.Warn("cannot read the create jobs; waiting for earlier creates instead",
                {{"kind", kind.Kind()}, {"error", std::string(subs.status().message())}});
      return {};
    }
    cache = std::move(*subs);
  }
  if (!traits.create_jobs_name_objects) {  // a job of this type in progress may be this create's
    return cache->empty() ? Trace{Trace::Seen::kNothing, ""} : Trace{};
  }
  // The job creating these objects: one in progress first, else the latest.
  const cloud::jobs::SubJob* found = nullptr;
  for (const auto& sub : *cache) {
    bool named = false;
    for (const auto& n : intent.names) {
      named |= ObjectKey(kind.Kind(), sub.entities.desktop_name) == ObjectKey(kind.Kind(), n);
    }
    if (!named) continue;
    if (!found || (InProgress(sub) && !InProgress(*found)) ||
        (InProgress(sub) == InProgress(*found) && sub.begin_time > found->begin_time)) {
      found = &sub;
    }
  }
  if (!found) return {Trace::Seen::kNothing, ""};
  return {Trace::Seen::kJob, found->job_id};
}

// The objects an earlier run's create job failed to make (a failure that names none failed them
// all): like a failed create this run saw, what it left (a desktop in ERROR) may be replaced.
void Engine::MarkFailedCreates(const LedgerIntent& intent, const cloud::jobs::Outcome& outcome) {
  if (outcome.state != cloud::jobs::State::kFailed && outcome.failures.empty()) return;
  for (const auto& n : intent.names) {
    bool failed = outcome.failures.empty();  // the job failed, and says no more
    for (const auto& f : outcome.failures) {
      failed |= f.desktop_name.empty() ||
                ObjectKey(intent.kind, f.desktop_name) == ObjectKey(intent.kind, n);
    }
    if (failed && inventory_.Find(intent.kind, n))
      inventory_.MarkCreateFailed(intent.kind, n, true);
  }
}

// Calls an earlier run started but never saw end. A create's objects must not be created again
// while it may still be in flight: its job is followed to the end; without a job, the API is asked
// (the list, and the create jobs); only when it cannot tell is it waited for, up to
// pendingCreateGrace.
std::vector<PendingCreate> Engine::SettlePending(const Reconciler& kind) {
  std::vector<PendingCreate> pending;
  const std::string name = kind.Kind();
  const long long now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
          .count();
  const long long grace_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.pending_create_grace).count();
  CreateJobs jobs;
  for (auto intent : ledger_->Unfinished()) {
    if (intent.kind != name) continue;
    bool all_live = !intent.names.empty();
    for (const auto& n : intent.names) all_live = all_live && index_.Find(name, n).has_value();
    if (intent.job_id.empty() && all_live) {
      // They exist; the job that made them says whether it made them whole.
      Trace trace = Creates(intent.op) ? TraceCreate(kind, intent, jobs, /*live=*/true) : Trace{};
      if (trace.seen != Trace::Seen::kJob) {
        OwnCreated(intent);
        (void)ledger_->Done(intent.id, LedgerOutcome::kSettled, "the objects exist");
        continue;
      }
      (void)ledger_->Sent(intent.id, trace.job_id);
      intent.job_id = trace.job_id;
    }
    // A call that may still be on its way is not looked for yet (its create is held), so a slow
    // API cannot make deskops create an object twice: one attempt may take attempt_timeout, and
    // the last was sent before the call was given up (unanswered) or, for an earlier run's, before
    // this engine started. pendingCreateGrace bounds the wait.
    const long long last_sent_by =
        intent.unanswered_ms != 0 ? intent.unanswered_ms : std::max(intent.at_ms, started_ms_);
    const long long in_flight_until =
        std::min(last_sent_by + client_.attempt_timeout().count() + kSettleMarginMs,
                 intent.at_ms + grace_ms);
    const bool may_be_in_flight = now_ms < in_flight_until;
    if (intent.job_id.empty() && Creates(intent.op) && !may_be_in_flight) {
      Trace trace = TraceCreate(kind, intent, jobs, /*live=*/false);
      if (trace.seen == Trace::Seen::kNothing) {
        log_.Info("an earlier run's create left no trace in the API; creating again",
                  {{"kind", name}, {"objects", core::Join(intent.names, ",")}});
        (void)ledger_->Done(intent.id, LedgerOutcome::kAbandoned,
                            "the API shows no trace of it (the list, the jobs in progress)");
        continue;
      }
      if (trace.seen == Trace::Seen::kJob) {
        (void)ledger_->Sent(intent.id, trace.job_id);
        intent.job_id = trace.job_id;
      }
    }
    std::string reason;
    if (!intent.job_id.empty()) {
      auto job = cloud::jobs::Get(client_, intent.job_id);
      const cloud::jobs::Outcome outcome =
          job.ok() ? cloud::jobs::Summarize(*job) : cloud::jobs::Outcome{};
      if (job.ok() && outcome.state != cloud::jobs::State::kRunning) {
        OwnCreated(intent);
        MarkFailedCreates(intent, outcome);
        (void)ledger_->Done(intent.id, LedgerOutcome::kSettled, outcome.Describe());
        continue;
      }
      reason = StrCat("job ", intent.job_id, " from an earlier run is still running");
    } else if (now_ms - intent.at_ms > grace_ms) {
      (void)ledger_->Done(intent.id, LedgerOutcome::kAbandoned,
                          "no answer was recorded and nothing appeared");
      continue;
    } else if (may_be_in_flight) {
      reason =
          "an earlier run sent this call moments ago and stopped before the answer; the API "
          "is asked once the call's time is up";
    } else {
      reason =
          "an earlier run sent this call and crashed before the answer, and the API cannot "
          "tell yet whether it arrived; waiting for it to show up";
    }
    if (!Creates(intent.op)) continue;
    for (const auto& n : intent.names) pending.push_back({n, intent.id, intent.job_id, reason});
  }
  return pending;
}

core::StatusOr<Plan> Engine::MakePlan(const specs::ManifestSet& manifests,
                                      const std::string& digest) {
  DESKOPS_RETURN_IF_ERROR(Open());
  const std::set<std::string> wanted = KindsToObserve(&manifests);
  DESKOPS_RETURN_IF_ERROR(
      ObserveAll(wanted, ObserveContext{client_, Purpose::kPlan, &manifests, &inventory_, {}}));
  RecoverOwnership(wanted);
  // The inventory remembers each owned object's prune opt-out, because when the manifest is gone
  // the annotation is gone with it.
  for (const auto& o : manifests.objects()) {
    if (auto owned = inventory_.Find(std::string(o.kind->name), o.meta.name)) {
      owned->prune_protected = o.policy.prune == false;
      inventory_.Upsert(*owned);
    }
  }
  Plan plan;
  plan.manifest_digest = digest;
  PlanBuilder builder(plan);
  for (const auto& kind : kinds_) {
    if (!options_.Reconciles(kind->Kind())) continue;
    const ObservedSet* set = observed(kind->Kind());
    if (!set) continue;
    DiffContext ctx{manifests,
                    manifests.OfKind(kind->Kind()),
                    inventory_,
                    index_,
                    SettlePending(*kind),
                    options_,
                    clock_,
                    &sessions_};
    kind->Plan(ctx, *set, builder);
  }
  ApplyObjectOptions(plan, manifests);
  ApplyGates(plan, options_, manifests, inventory_, clock_.Now());
  if (!options_.observe_only) {
    ApplyRollouts(
        plan, manifests, inventory_, index_,
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
            .count());
    HoldFollowersAndDependents(plan);
  }
  capacity::Preflight(plan, client_);
  sessions_.Save(inventory_);
  DESKOPS_RETURN_IF_ERROR(inventory_.Save());
  return plan;
}

ApplyReport Engine::Apply(const Plan& plan) {
  for (const PlanRecord& r : plan.records) inventory_.Record(r.kind, r.name, r.records);
  ExecContext ctx{client_, inventory_, *ledger_,  index_, clock_,
                  log_,    options_,   observer_, stop_,  may_act_ ? &may_act_ : nullptr};
  Executor executor(kinds_, ctx);
  ApplyReport report = executor.Run(plan);
  RecordRolloutFailures(plan, report, inventory_);
  (void)inventory_.Save();
  (void)ledger_->Compact();
  return report;
}

core::StatusOr<std::string> Engine::Export(bool owned_only) {
  DESKOPS_RETURN_IF_ERROR(Open());
  const std::set<std::string> all = KindsToObserve(nullptr);
  DESKOPS_RETURN_IF_ERROR(
      ObserveAll(all, ObserveContext{client_, Purpose::kExport, nullptr, nullptr, {}}));
  RecoverOwnership(all);
  std::string out;
  const ExportContext ctx{inventory_, index_, owned_only};
  for (const auto& kind : kinds_) {
    if (const ObservedSet* set = observed(kind->Kind())) out += kind->Export(*set, ctx);
  }
  return out;
}

}  // namespace deskops::reconcilers
