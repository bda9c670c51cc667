#include "reconcilers/engine/kind_support.h"

#include <algorithm>

#include "cloud/jobs.h"
#include "core/strings.h"
#include "reconcilers/engine/executor.h"

namespace deskops::reconcilers {

using core::StrCat;

Action MakeAction(const std::string& kind, const std::string& name, Verb verb, std::string op,
                  std::shared_ptr<const ActionPayload> payload) {
  Action a;
  a.kind = kind;
  a.name = name;
  a.verb = verb;
  a.api_calls = {std::move(op)};
  a.payload = std::move(payload);
  return a;
}

std::optional<Action> HeldCreate(const DiffContext& ctx, const std::string& kind,
                                 const std::string& name, const std::string& op) {
  const PendingCreate* p = ctx.Pending(kind, name);
  if (!p) return std::nullopt;
  Action a = MakeAction(kind, name, Verb::kCreate, op);
  a.held_by = "in-flight";
  a.held_reason = p->reason;
  return a;
}

Adoption Adopt(const DiffContext& ctx, const specs::Object& object, const std::string& id) {
  const std::string kind(object.kind->name);
  Adoption out;
  if (!object.policy.adopt.value_or(ctx.options.AdoptKind(kind))) {
    out.refused = StrCat("a ", kind,
                         " of this name exists but deskops does not own it; allow "
                         "adoption (deskops.io/adopt: \"true\") to manage it");
    return out;
  }
  out.action =
      MakeAction(kind, object.meta.name, Verb::kAdopt, "(none)", std::make_shared<IdPayload>(id));
  return out;
}

void Commit(PlanBuilder& plan, const std::string& kind, const std::string& name, ObjectPlan p,
            bool in_order) {
  if (!p.errors.empty()) {
    for (auto& e : p.errors) plan.Error(kind, name, std::move(e));
    return;
  }
  if (p.actions.empty()) {
    plan.InSync();
    return;
  }
  for (Action& a : p.actions) {
    if (in_order) a.batch_key = ObjectKey(kind, name);
    plan.Add(std::move(a));
  }
}

void CheckRef(const DiffContext& ctx, const std::string& kind, const std::string& name,
              const std::string& path, std::vector<std::string>& errors,
              std::vector<std::string>& depends_on) {
  if (ctx.Ref(kind, name) == RefState::kMissing) {
    errors.push_back(StrCat(path, ": ", kind, " ", core::Quote(name),
                            " neither exists nor is declared in the manifests"));
    return;
  }
  std::string key = ObjectKey(kind, name);
  if (std::find(depends_on.begin(), depends_on.end(), key) == depends_on.end()) {
    depends_on.push_back(std::move(key));
  }
}

core::StatusOr<std::string> ResolveId(const LiveIndex& index, const std::string& kind,
                                      const std::string& name) {
  auto ref = index.Find(kind, name);
  if (!ref || ref->id.empty()) {
    return core::Status::FailedPrecondition(
        StrCat(kind, " ", core::Quote(name), " has no known ID (it does not exist yet)"));
  }
  return ref->id;
}

bool Keeps(const Action& action, std::string_view path) {
  return std::any_of(action.changes.begin(), action.changes.end(),
                     [&](const FieldChange& c) { return c.path == path; });
}

ActionResult CallJob(ExecContext& ctx, const std::string& op, const Action& action,
                     const std::function<core::StatusOr<std::string>()>& call) {
  return CallOnce(ctx, op, {&action}, call).front();
}

ActionResult CallSync(ExecContext& ctx, const std::string& op, const Action& action,
                      const std::function<core::Status()>& call) {
  return CallJob(ctx, op, action, [&]() -> core::StatusOr<std::string> {
    DESKOPS_RETURN_IF_ERROR(call());
    return std::string();
  });
}

ActionResult AwaitJob(ExecContext& ctx, ActionResult result,
                      std::vector<std::string>* desktop_ids) {
  if (!result.status.ok() || result.job_id.empty()) return result;
  cloud::jobs::WaitOptions options;
  options.timeout = ctx.options.job_timeout;
  options.stop = ctx.stop;
  auto outcome = cloud::jobs::Wait(ctx.client, result.job_id, ctx.clock, options);
  if (!outcome.ok() && outcome.status().code() == core::StatusCode::kCancelled) {
    // Shutting down: the ledger keeps the job for the next run, which follows it.
    result.status = core::Status::Cancelled(
        StrCat("deskops stopped while job ", result.job_id, " ran; the next run follows it"));
    return result;
  }
  const std::string job = JobName(result);
  std::string failure;
  if (!outcome.ok()) {
    failure = StrCat(job, ": ", outcome.status().message());
  } else if (outcome->state != cloud::jobs::State::kSuccess) {
    failure = StrCat(job, " ", outcome->Describe());
  } else if (desktop_ids) {
    *desktop_ids = outcome->desktop_ids;
  }
  (void)ctx.ledger.Done(result.intent_id, failure.empty() ? "ok" : "failed", failure);
  if (!failure.empty()) result.status = core::Status::Aborted(failure);
  result.job_id.clear();
  result.intent_id.clear();
  return result;
}

std::vector<ActionResult> RunInOrder(ExecContext& ctx, Reconciler& kind,
                                     const std::vector<const Action*>& batch,
                                     const std::function<ActionResult(const Action&)>& run_one) {
  std::vector<ActionResult> results;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (ctx.Stopping()) {
      results.push_back({core::Status::Cancelled(kNotStartedStopping), "", ""});
      continue;
    }
    ActionResult r = run_one(*batch[i]);
    if (i + 1 < batch.size() && !r.job_id.empty() && r.status.ok()) {
      std::vector<std::string> desktop_ids;
      r = AwaitJob(ctx, std::move(r), &desktop_ids);
      kind.AfterJob(ctx, *batch[i], r.status.ok(), desktop_ids);
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace deskops::reconcilers
