// Execute for access policies: the steps of one policy in order, and deletions in one call.
#include "reconcilers/access_policy/access_policy_reconciler.h"
#include "reconcilers/access_policy/access_policy_steps.h"
#include "reconcilers/engine/kind_util.h"

namespace deskops::reconcilers {
namespace access_policy {

using core::Status;
namespace ap = cloud::access_policies;

std::string KindOfObject(const std::string& object_type) {
  return object_type == "USER" ? "User" : "UserGroup";
}

namespace {

// The objects with their IDs, looked up now (they may have been created earlier in this run).
core::StatusOr<std::vector<ap::Object>> Resolve(const LiveIndex& index,
                                                const std::vector<specs::NamedObject>& objects) {
  std::vector<ap::Object> out;
  for (const auto& o : objects) {
    DESKOPS_ASSIGN_OR_RETURN(std::string id, ResolveId(index, KindOfObject(o.type), o.name));
    out.push_back({std::move(id), o.name, o.type});
  }
  return out;
}

ActionResult Update(ExecContext& ctx, const Action& a, const std::string& id,
                    const ap::UpdateRequest& request) {
  return CallSync(ctx, "access_policies.update", {&a},
                  [&] { return ap::Update(ctx.client, id, request); })
      .front();
}

// The policy 4.14.12 just created (it answers without a body): by name and access-control type,
// and not the one it replaced.
core::StatusOr<ap::AccessPolicy> FindCreated(ExecContext& ctx, const Action& a,
                                             const CreatePayload& p) {
  DESKOPS_ASSIGN_OR_RETURN(auto listed, ap::List(ctx.client));
  const std::string type = p.request.access_control_type.value_or("");
  for (auto& policy : listed) {
    if (policy.name != a.name || policy.id == p.replaces_id) continue;
    if (!policy.access_control_type.empty() && !type.empty() &&
        policy.access_control_type != type) {
      continue;
    }
    return std::move(policy);
  }
  return Status::NotFound("created, but the policy list does not show it yet");
}

// is_enable, then is_block_all, each in a call of its own, where the new policy differs.
ActionResult SetSwitches(ExecContext& ctx, const Action& a, const CreatePayload& p,
                         const ap::AccessPolicy& created) {
  if (p.is_enable && *p.is_enable != created.is_enable) {
    ap::UpdateRequest r;
    r.is_enable = p.is_enable;
    if (ActionResult done = Update(ctx, a, created.id, r); !done.status.ok()) return done;
  }
  if (p.is_block_all && *p.is_block_all != created.is_block_all) {
    ap::UpdateRequest r;
    r.is_block_all = p.is_block_all;
    return Update(ctx, a, created.id, r);
  }
  return {};
}

ActionResult CreatePolicy(ExecContext& ctx, const Action& a) {
  const auto& p = *a.As<CreatePayload>();
  ap::CreateRequest request = p.request;
  auto objects = Resolve(ctx.index, p.objects);  // before deleting anything
  if (!objects.ok()) return {objects.status(), "", ""};
  request.objects = std::move(*objects);
  if (!p.replaces_id.empty()) {
    ActionResult deleted = CallSync(ctx, "access_policies.delete", {&a}, [&] {
                             return ap::Delete(ctx.client, {p.replaces_id});
                           }).front();
    if (!deleted.status.ok()) return deleted;
    ctx.index.Remove(kKind, a.name);
  }
  ActionResult created = CallSync(ctx, "access_policies.create", {&a}, [&] {
                           return ap::Create(ctx.client, request);
                         }).front();
  if (!created.status.ok()) return created;
  ctx.inventory.Own(kKind, a.name, "");
  auto found = FindCreated(ctx, a, p);
  if (!found.ok()) return {found.status().Annotate("looking up the new policy's ID"), "", ""};
  ctx.index.Put({kKind, a.name, found->id, {}});
  ctx.inventory.Own(kKind, a.name, found->id);
  return SetSwitches(ctx, a, p, *found);
}

}  // namespace

ActionResult RunStep(ExecContext& ctx, const Action& a) {
  switch (a.verb) {
    case Verb::kAdopt:
      return Adopt(ctx, a);
    case Verb::kCreate:
    case Verb::kReplace:
      return CreatePolicy(ctx, a);
    case Verb::kAuthorize: {
      const auto* p = a.As<ObjectsPayload>();
      auto objects = Resolve(ctx.index, p->objects);
      if (!objects.ok()) return {objects.status(), "", ""};
      return CallSync(ctx, "access_policies.update_objects", {&a},
                      [&] { return ap::UpdateObjects(ctx.client, p->id, *objects); })
          .front();
    }
    default: {
      const auto* p = a.As<UpdatePayload>();
      for (const auto& call : p->calls) {
        if (ActionResult done = Update(ctx, a, p->id, call); !done.status.ok()) return done;
      }
      return {};
    }
  }
}

}  // namespace access_policy

std::vector<ActionResult> AccessPolicyReconciler::Execute(ExecContext& ctx,
                                                          const std::vector<const Action*>& batch) {
  if (batch.front()->verb != Verb::kDelete) {
    return RunInPlanOrder(batch, [&](const Action& a) { return access_policy::RunStep(ctx, a); });
  }
  return DeleteInOneCall(ctx, "access_policies.delete", batch, [&](const auto& ids) {
    return cloud::access_policies::Delete(ctx.client, ids);
  });
}

}  // namespace deskops::reconcilers
