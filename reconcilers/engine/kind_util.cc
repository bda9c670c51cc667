#include "reconcilers/engine/kind_util.h"

#include "core/strings.h"
#include "reconcilers/engine/executor.h"

namespace deskops::reconcilers {

using core::StrCat;

Action AdoptAction(const std::string& kind, const std::string& name, const std::string& id) {
  auto payload = std::make_shared<IdPayload>(id);
  return MakeAction(kind, name, Verb::kAdopt, "(none)", payload);
}

ActionResult Adopt(ExecContext& ctx, const Action& adopt) {
  ctx.inventory.Own(adopt.kind, adopt.name, adopt.As<IdPayload>()->id);
  return {};
}

Action DeleteAction(const std::string& kind, const std::string& name, const std::string& id,
                    const std::string& op) {
  auto payload = std::make_shared<IdPayload>(id);
  Action a = MakeAction(kind, name, Verb::kDelete, op, payload);
  a.batch_key = op;
  a.disruption = Disruption::kDestructive;
  return a;
}

std::vector<ActionResult> DeleteInOneCall(
    ExecContext& ctx, const std::string& op, const std::vector<const Action*>& batch,
    const std::function<core::Status(const std::vector<std::string>&)>& call) {
  std::vector<std::string> ids;
  for (const Action* a : batch) ids.push_back(a->As<IdPayload>()->id);
  auto results = CallSync(ctx, op, batch, [&] { return call(ids); });
  if (results.front().status.ok()) {
    for (const Action* a : batch) {
      ctx.inventory.Remove(a->kind, a->name);
      ctx.index.Remove(a->kind, a->name);
    }
  }
  return results;
}

bool MayAdopt(const DiffContext& ctx, const specs::Object& object, PlanBuilder& plan) {
  const std::string kind(object.kind->name);
  if (object.policy.adopt.value_or(ctx.options.AdoptKind(kind))) return true;
  plan.Error(kind, object.meta.name,
             StrCat("a live ", kind,
                    " of this name exists but deskops does not own it; allow "
                    "adoption (deskops.io/adopt: \"true\") to manage it"));
  return false;
}

std::string ShowList(const std::vector<std::string>& items) {
  return StrCat("[", core::Join(items, ", "), "]");
}

std::vector<ActionResult> CallSync(ExecContext& ctx, const std::string& op,
                                   const std::vector<const Action*>& batch,
                                   const std::function<core::Status()>& call) {
  return CallOnce(ctx, op, batch, [&]() -> core::StatusOr<std::string> {
    DESKOPS_RETURN_IF_ERROR(call());
    return std::string();
  });
}

std::vector<ActionResult> RunInPlanOrder(const std::vector<const Action*>& batch,
                                         const std::function<ActionResult(const Action&)>& run) {
  std::vector<ActionResult> results;
  const Action* failed = nullptr;
  for (const Action* a : batch) {
    if (failed) {
      results.push_back({core::Status::Aborted(StrCat("not attempted: the ", VerbName(failed->verb),
                                                      " of ", ObjectKey(failed->kind, failed->name),
                                                      " before it failed")),
                         "", ""});
      continue;
    }
    results.push_back(run(*a));
    if (!results.back().status.ok()) failed = a;
  }
  return results;
}

}  // namespace deskops::reconcilers
