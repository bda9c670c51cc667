// Executing access-policy steps (access_policy_reconciler.h).
#include "reconcilers/access_policy/access_policy_reconciler.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers::access_policy {

using core::Status;
namespace ap = cloud::access_policies;
namespace ops = cloud::ops;

namespace {

constexpr const char* kKind = "AccessPolicy";

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

ActionResult UpdateCall(ExecContext& ctx, const Action& a, const std::string& id,
                        const ap::UpdateRequest& request) {
  return CallSync(ctx, ops::kUpdateAccessPolicy, a,
                  [&] { return ap::Update(ctx.client, id, request); });
}

// The policy 4.14.12 just created (it answers without a body): by name and access-control type,
// and not the one it replaced.
core::StatusOr<ap::AccessPolicy> FindCreated(ExecContext& ctx, const Action& a, const Create& c) {
  DESKOPS_ASSIGN_OR_RETURN(auto listed, ap::List(ctx.client));
  const std::string type = c.request.access_control_type.value_or("");
  for (auto& policy : listed) {
    if (policy.name != a.name || policy.id == c.replaces_id) continue;
    if (!policy.access_control_type.empty() && !type.empty() &&
        policy.access_control_type != type) {
      continue;
    }
    return std::move(policy);
  }
  return Status::NotFound("created, but the policy list does not show it yet");
}

// is_enable, then is_block_all, each in a call of its own, where the new policy differs.
ActionResult SetSwitches(ExecContext& ctx, const Action& a, const Create& c,
                         const ap::AccessPolicy& created) {
  if (c.is_enable && *c.is_enable != created.is_enable) {
    ap::UpdateRequest r;
    r.is_enable = c.is_enable;
    if (ActionResult done = UpdateCall(ctx, a, created.id, r); !done.status.ok()) return done;
  }
  if (c.is_block_all && *c.is_block_all != created.is_block_all) {
    ap::UpdateRequest r;
    r.is_block_all = c.is_block_all;
    return UpdateCall(ctx, a, created.id, r);
  }
  return {};
}

ActionResult CreatePolicy(ExecContext& ctx, const Action& a, const Create& c) {
  ap::CreateRequest request = c.request;
  auto objects = Resolve(ctx.index, c.objects);  // before deleting anything
  if (!objects.ok()) return {objects.status()};
  request.objects = std::move(*objects);
  if (!c.replaces_id.empty()) {
    ActionResult deleted = CallSync(ctx, ops::kDeleteAccessPolicies, a,
                                    [&] { return ap::Delete(ctx.client, {c.replaces_id}); });
    if (!deleted.status.ok()) return deleted;
    ctx.index.Remove(kKind, a.name);
  }
  ActionResult created =
      CallSync(ctx, ops::kCreateAccessPolicy, a, [&] { return ap::Create(ctx.client, request); });
  if (!created.status.ok()) return created;
  auto found = FindCreated(ctx, a, c);
  if (!found.ok()) return {found.status().Annotate("looking up the new policy's ID")};
  // Known from here on, whatever the switches do.
  ctx.inventory.Own(kKind, a.name, found->id);
  ctx.index.Put({kKind, a.name, found->id, {}});
  ActionResult switched = SetSwitches(ctx, a, c, *found);
  switched.id = found->id;
  return switched;
}

}  // namespace

ActionResult RunStep(ExecContext& ctx, const Action& a) {
  const Step& step = StepOf<Step>(a);
  if (const auto* c = std::get_if<Create>(&step)) return CreatePolicy(ctx, a, *c);
  if (const auto* o = std::get_if<SetObjects>(&step)) {
    auto objects = Resolve(ctx.index, o->objects);
    if (!objects.ok()) return {objects.status()};
    return CallSync(ctx, ops::kUpdateAccessPolicyObjects, a,
                    [&] { return ap::UpdateObjects(ctx.client, o->id, *objects); });
  }
  const auto& u = std::get<Update>(step);
  for (const auto& call : u.calls) {
    if (ActionResult done = UpdateCall(ctx, a, u.id, call); !done.status.ok()) return done;
  }
  return {};
}

}  // namespace deskops::reconcilers::access_policy
