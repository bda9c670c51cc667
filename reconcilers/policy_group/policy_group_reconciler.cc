#include "reconcilers/policy_group/policy_group_reconciler.h"

#include "core/strings.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/export.h"
#include "reconcilers/engine/gates.h"
#include "reconcilers/policy_group/policy_targets.h"
#include "reconcilers/policy_group/policy_values.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;
namespace groups = cloud::policy_groups;

namespace {

constexpr const char* kKind = "PolicyGroup";

struct CreatePayload : ActionPayload {
  groups::Spec spec;                                        // without targets
  std::optional<std::vector<specs::PolicyTarget>> targets;  // by name: resolved when executing
};
struct ModifyPayload : ActionPayload {
  std::string id;
  groups::Spec spec;  // only the changed description / priority
};
struct PoliciesPayload : ActionPayload {
  std::string id;
  std::vector<cloud::JsonLeaf> leaves;  // only the differing leaves, canonical paths
};
struct TargetsPayload : ActionPayload {
  std::string id;
  std::vector<specs::PolicyTarget> add;  // by name: resolved when executing
  std::vector<groups::Target> remove;    // as observed
};

}  // namespace

std::unique_ptr<Reconciler> MakePolicyGroupReconciler() {
  return std::make_unique<PolicyGroupReconciler>();
}

const PolicyGroupReconciler::Group* PolicyGroupReconciler::Live(const std::string& name) const {
  for (const auto& g : live_) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

Status PolicyGroupReconciler::Observe(cloud::ApiClient& client, LiveIndex& index) {
  DESKOPS_ASSIGN_OR_RETURN(live_, groups::ListDetail(client));
  for (const auto& g : live_) index.Put({kKind, g.name, g.id, {}});
  return Status::Ok();
}

void PolicyGroupReconciler::Diff(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const specs::Object* o : ctx.desired) DiffGroup(ctx, *o, plan);
  PlanDeletions(ctx, plan);
}

void PolicyGroupReconciler::DiffGroup(const DiffContext& ctx, const specs::Object& o,
                                      PlanBuilder& plan) const {
  const std::string& name = o.meta.name;
  const Group* live = Live(name);
  if (!live) {
    if (auto held = HeldCreate(ctx, kKind, name, "policy_groups.create")) {
      plan.Add(std::move(*held));
      return;
    }
    Commit(plan, kKind, name, PlanCreate(ctx, o), true);
    return;
  }
  ObjectPlan p;
  if (!ctx.Owned(kKind, name)) {
    Adoption adoption = Adopt(ctx, o, live->id);
    if (!adoption.refused.empty()) {
      plan.Error(kKind, name, adoption.refused);
      return;
    }
    p.actions.push_back(std::move(*adoption.action));
  }
  const auto& spec = *o.As<specs::PolicyGroupSpec>();
  DiffFields(spec, *live, p);
  DiffPolicies(spec, *live, p);
  // Ignored targets are not checked either: their errors would block the rest of the group.
  if (!IgnoresChange(o, "spec.targets")) DiffTargets(ctx, spec, *live, p);
  Commit(plan, kKind, name, std::move(p), true);
}

ObjectPlan PolicyGroupReconciler::PlanCreate(const DiffContext& ctx, const specs::Object& o) const {
  const auto& spec = *o.As<specs::PolicyGroupSpec>();
  auto payload = std::make_shared<CreatePayload>();
  payload->spec.name = o.meta.name;
  payload->spec.description = spec.description;
  payload->spec.priority = spec.priority;
  payload->spec.policies = policies::ToWire(spec.policies);
  payload->targets = spec.targets;
  Action a = MakeAction(kKind, o.meta.name, Verb::kCreate, "policy_groups.create", payload);
  ObjectPlan p;
  if (spec.targets)
    targets::Check(ctx, targets::Diff(*spec.targets, {}).add, p.errors, a.depends_on);
  p.actions.push_back(std::move(a));
  return p;
}

void PolicyGroupReconciler::DiffFields(const specs::PolicyGroupSpec& spec, const Group& live,
                                       ObjectPlan& p) const {
  auto payload = std::make_shared<ModifyPayload>();
  payload->id = live.id;
  std::vector<FieldChange> changes;
  if (Compare(changes, "spec.description", spec.description, live.description)) {
    payload->spec.description = spec.description;
  }
  if (Compare(changes, "spec.priority", spec.priority, live.priority)) {
    payload->spec.priority = spec.priority;
  }
  if (changes.empty()) return;
  Action a = MakeAction(kKind, live.name, Verb::kUpdate, "policy_groups.modify", payload);
  a.changes = std::move(changes);
  p.actions.push_back(std::move(a));
}

void PolicyGroupReconciler::DiffPolicies(const specs::PolicyGroupSpec& spec, const Group& live,
                                         ObjectPlan& p) const {
  const auto observed = policies::Normalize(live.policies);
  auto payload = std::make_shared<PoliciesPayload>();
  payload->id = live.id;
  std::vector<FieldChange> changes;
  for (const specs::PolicyLeaf& leaf : spec.policies) {
    auto it = observed.find(leaf.wire_path);
    if (it != observed.end() && policies::SameValue(leaf.value, it->second)) continue;
    changes.push_back({policies::ManifestPath(leaf.wire_path),
                       it == observed.end() ? "" : policies::ShowValue(it->second),
                       policies::ShowValue(leaf.value)});
    payload->leaves.push_back(policies::ToWire(leaf));
  }
  if (changes.empty()) return;
  Action a = MakeAction(kKind, live.name, Verb::kUpdate, "policy_groups.modify_policies", payload);
  a.changes = std::move(changes);
  p.actions.push_back(std::move(a));
}

void PolicyGroupReconciler::DiffTargets(const DiffContext& ctx, const specs::PolicyGroupSpec& spec,
                                        const Group& live, ObjectPlan& p) const {
  if (!spec.targets) return;
  targets::Delta delta = targets::Diff(*spec.targets, live.targets);
  if (delta.empty()) return;
  auto payload = std::make_shared<TargetsPayload>();
  payload->id = live.id;
  payload->remove = delta.remove;
  Action a = MakeAction(kKind, live.name, Verb::kTargets, "policy_groups.modify_targets", payload);
  targets::Check(ctx, delta.add, p.errors, a.depends_on);
  for (const auto& added : delta.add) {
    payload->add.push_back(added.target);
    a.changes.push_back(
        {"spec.targets", "", targets::Describe(added.target.type, added.target.name)});
  }
  for (const auto& t : delta.remove) {
    a.changes.push_back({"spec.targets", targets::Describe(t.target_type, t.target_name), ""});
  }
  p.actions.push_back(std::move(a));
}

void PolicyGroupReconciler::PlanDeletions(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const auto& owned : ctx.inventory.OfKind(kKind)) {
    if (ctx.manifests.Find(kKind, owned.name)) continue;
    const Group* live = Live(owned.name);
    if (!live) continue;  // already gone
    Action a = MakeAction(kKind, owned.name, Verb::kDelete, "policy_groups.delete",
                          std::make_shared<IdPayload>(live->id));
    a.disruption = Disruption::kDisruptive;
    a.note = StrCat("its policies stop applying to ", live->targets.size(), " target(s)");
    plan.Add(std::move(a));
  }
}

std::vector<ActionResult> PolicyGroupReconciler::Execute(ExecContext& ctx,
                                                         const std::vector<const Action*>& batch) {
  return RunInOrder(ctx, *this, batch, [&](const Action& a) { return ExecuteOne(ctx, a); });
}

ActionResult PolicyGroupReconciler::ExecuteOne(ExecContext& ctx, const Action& a) {
  if (a.verb == Verb::kAdopt) {
    ctx.inventory.Own(kKind, a.name, a.As<IdPayload>()->id);
    return {};
  }
  if (a.verb == Verb::kDelete) {
    const std::string id = a.As<IdPayload>()->id;
    ActionResult r =
        CallSync(ctx, "policy_groups.delete", a, [&] { return groups::Delete(ctx.client, id); });
    if (r.status.ok()) {
      ctx.inventory.Remove(kKind, a.name);
      ctx.index.Remove(kKind, a.name);
    }
    return r;
  }
  if (const auto* c = a.As<CreatePayload>()) {
    groups::Spec spec = c->spec;
    if (c->targets) {
      auto resolved = targets::Resolve(ctx.index, *c->targets);
      if (!resolved.ok()) return {resolved.status().Annotate("policy group targets"), "", ""};
      spec.targets = std::move(*resolved);
    }
    std::string id;
    ActionResult r = CallSync(ctx, "policy_groups.create", a, [&]() -> Status {
      DESKOPS_ASSIGN_OR_RETURN(id, groups::Create(ctx.client, spec));
      return Status::Ok();
    });
    if (r.status.ok()) {
      ctx.inventory.Own(kKind, a.name, id);
      ctx.index.Put({kKind, a.name, id, {}});
    }
    return r;
  }
  // Fields and leaves whose changes deskops.io/ignore-changes dropped are not sent.
  if (const auto* m = a.As<ModifyPayload>()) {
    groups::Spec spec = m->spec;
    if (!Keeps(a, "spec.description")) spec.description.reset();
    if (!Keeps(a, "spec.priority")) spec.priority.reset();
    return CallSync(ctx, "policy_groups.modify", a,
                    [&] { return groups::Modify(ctx.client, m->id, spec); });
  }
  if (const auto* p = a.As<PoliciesPayload>()) {
    std::vector<cloud::JsonLeaf> leaves;
    for (const auto& leaf : p->leaves) {
      if (Keeps(a, policies::ManifestPath(leaf.path))) leaves.push_back(leaf);
    }
    return CallSync(ctx, "policy_groups.modify_policies", a,
                    [&] { return groups::ModifyPolicies(ctx.client, p->id, leaves); });
  }
  const auto* t = a.As<TargetsPayload>();
  auto add = targets::Resolve(ctx.index, t->add);
  if (!add.ok()) return {add.status().Annotate("policy group targets"), "", ""};
  return CallSync(ctx, "policy_groups.modify_targets", a,
                  [&] { return groups::ModifyTargets(ctx.client, t->id, *add, t->remove); });
}

std::string PolicyGroupReconciler::Export(const Inventory& inventory, bool owned_only) const {
  std::string out;
  for (const auto& g : live_) {
    if (owned_only && !inventory.Find(kKind, g.name)) continue;
    ExportDoc doc(kKind, g.name);
    if (g.priority) doc.Set("priority", *g.priority);
    doc.Set("description", g.description);
    if (g.targets.empty()) doc.SetList("targets", {});
    for (const auto& t : g.targets) {
      // INSTANCE targets come back with the desktop's name, which is what manifests use.
      doc.Append("targets", {{"targetType", t.target_type},
                             {"targetName", t.target_type == "ALL" ? "" : t.target_name}});
    }
    if (std::size_t left_out = policies::ExportPolicies(g.policies, doc)) {
      doc.Annotate("export.deskops.io/left-out",
                   StrCat(left_out, " policy value(s) the manifest schema does not accept"));
    }
    out += doc.Yaml();
  }
  return out;
}

}  // namespace deskops::reconcilers
