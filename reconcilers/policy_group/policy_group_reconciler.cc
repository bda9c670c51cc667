#include "reconcilers/policy_group/policy_group_reconciler.h"

#include <nlohmann/json.hpp>

#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/steps.h"
#include "reconcilers/policy_group/policy_targets.h"
#include "reconcilers/policy_group/policy_values.h"

namespace deskops::reconcilers {
namespace policy_group {

using core::Status;
using core::StrCat;
namespace groups = cloud::policy_groups;
namespace ops = cloud::ops;

namespace {

void DiffFields(const Reconciler& kind, const std::string& name, const specs::PolicyGroupSpec& spec,
                const groups::PolicyGroup& live, ObjectPlan& p) {
  Modify m{live.id, {}};
  std::vector<FieldChange> changes;
  if (Compare(changes, "spec.description", spec.description, live.description)) {
    m.spec.description = spec.description;
  }
  if (Compare(changes, "spec.priority", spec.priority, live.priority)) {
    m.spec.priority = spec.priority;
  }
  if (changes.empty()) return;
  Action a = MakeStep(kind.Kind(), name, Verb::kUpdate, {&ops::kModifyPolicyGroup}, Step{m});
  a.changes = std::move(changes);
  p.actions.push_back(std::move(a));
}

void DiffPolicies(const Reconciler& kind, const std::string& name,
                  const specs::PolicyGroupSpec& spec, const groups::PolicyGroup& live,
                  ObjectPlan& p) {
  const auto observed = policies::Normalize(live.policies);
  SetPolicies set{live.id, {}};
  std::vector<FieldChange> changes;
  for (const specs::PolicyLeaf& leaf : spec.policies) {
    auto it = observed.find(leaf.wire_path);
    if (it != observed.end() && policies::SameValue(leaf.value, it->second)) continue;
    changes.push_back({policies::ManifestPath(leaf.wire_path),
                       it == observed.end() ? "" : policies::ShowValue(it->second),
                       policies::ShowValue(leaf.value)});
    set.leaves.push_back(policies::ToWire(leaf));
  }
  if (changes.empty()) return;
  Action a =
      MakeStep(kind.Kind(), name, Verb::kUpdate, {&ops::kModifyPolicies}, Step{std::move(set)});
  a.changes = std::move(changes);
  p.actions.push_back(std::move(a));
}

void DiffTargets(const Reconciler& kind, const std::string& name,
                 const specs::PolicyGroupSpec& spec, const groups::PolicyGroup& live,
                 ObjectPlan& p) {
  if (!spec.targets) return;
  targets::Delta delta = targets::Diff(*spec.targets, live.targets);
  if (delta.empty()) return;
  SetTargets set{live.id, {}, delta.remove};
  std::vector<std::string> depends_on;
  targets::DependOn(delta.add, depends_on);
  std::vector<FieldChange> changes;
  for (const auto& added : delta.add) {
    set.add.push_back(added.target);
    changes.push_back(
        {"spec.targets", "", targets::Describe(added.target.type, added.target.name)});
  }
  for (const auto& t : delta.remove) {
    changes.push_back({"spec.targets", targets::Describe(t.target_type, t.target_name), ""});
  }
  Action a = MakeStep(kind.Kind(), name, Verb::kTargets, {&ops::kModifyPolicyTargets},
                      Step{std::move(set)});
  a.changes = std::move(changes);
  a.depends_on = std::move(depends_on);
  p.actions.push_back(std::move(a));
}

ActionResult CreateGroup(ExecContext& ctx, const Action& a, const Create& c) {
  groups::Spec spec = c.spec;
  if (c.targets) {
    auto resolved = targets::Resolve(ctx.index, *c.targets);
    if (!resolved.ok()) return {resolved.status().Annotate("policy group targets")};
    spec.targets = std::move(*resolved);
  }
  return CallCreate(ctx, ops::kCreatePolicyGroup, a,
                    [&] { return groups::Create(ctx.client, spec); });
}

ActionResult RunOne(ExecContext& ctx, const Action& a) {
  const Step& step = StepOf<Step>(a);
  if (const auto* c = std::get_if<Create>(&step)) return CreateGroup(ctx, a, *c);
  if (const auto* d = std::get_if<Delete>(&step)) {
    return CallSync(ctx, ops::kDeletePolicyGroup, a,
                    [&] { return groups::Delete(ctx.client, d->id); });
  }
  // Fields and leaves whose changes deskops.io/ignore-changes dropped are not sent.
  if (const auto* m = std::get_if<Modify>(&step)) {
    groups::Spec spec = m->spec;
    if (!Keeps(a, "spec.description")) spec.description.reset();
    if (!Keeps(a, "spec.priority")) spec.priority.reset();
    return CallSync(ctx, ops::kModifyPolicyGroup, a,
                    [&] { return groups::Modify(ctx.client, m->id, spec); });
  }
  if (const auto* set = std::get_if<SetPolicies>(&step)) {
    std::vector<cloud::JsonLeaf> leaves;
    for (const auto& leaf : set->leaves) {
      if (Keeps(a, policies::ManifestPath(leaf.path))) leaves.push_back(leaf);
    }
    return CallSync(ctx, ops::kModifyPolicies, a,
                    [&] { return groups::ModifyPolicies(ctx.client, set->id, leaves); });
  }
  const auto& t = std::get<SetTargets>(step);
  auto add = targets::Resolve(ctx.index, t.add);
  if (!add.ok()) return {add.status().Annotate("policy group targets")};
  return CallSync(ctx, ops::kModifyPolicyTargets, a,
                  [&] { return groups::ModifyTargets(ctx.client, t.id, *add, t.remove); });
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::PolicyGroupKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{"User", "UserGroup", "Desktop", "DesktopPool"},
      .serial = true};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListPolicyGroupsDetail, &ops::kCreatePolicyGroup,   &ops::kModifyPolicyGroup,
          &ops::kModifyPolicies,         &ops::kModifyPolicyTargets, &ops::kDeletePolicyGroup};
}

core::StatusOr<std::vector<groups::PolicyGroup>> Reconciler::List(const ObserveContext& ctx) const {
  DESKOPS_ASSIGN_OR_RETURN(auto listed, groups::ListDetail(ctx.client));
  if (ctx.name) std::erase_if(listed, [&](const auto& g) { return g.name != *ctx.name; });
  return listed;
}

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const {
  Create c;
  c.spec.name = ctx.name();
  c.spec.description = spec.description;
  c.spec.priority = spec.priority;
  c.spec.policies = policies::ToWire(spec.policies);
  c.targets = spec.targets;
  std::vector<std::string> depends_on;
  if (spec.targets) targets::DependOn(targets::Diff(*spec.targets, {}).add, depends_on);
  Action a = NewStep(ctx.name(), Verb::kCreate, {&ops::kCreatePolicyGroup}, std::move(c));
  a.need.policy_groups = 1;
  a.depends_on = std::move(depends_on);
  p.actions.push_back(std::move(a));
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  DiffFields(*this, ctx.name(), spec, live, p);
  DiffPolicies(*this, ctx.name(), spec, live, p);
  // Ignored targets are not checked either: their errors would block the rest of the group.
  if (!ctx.Ignores("spec.targets")) DiffTargets(*this, ctx.name(), spec, live, p);
}

void Reconciler::PlanDelete(const DeleteContext& ctx, const Live& live, ObjectPlan& p) const {
  Action a = NewStep(ctx.owned.name, Verb::kDelete, {&ops::kDeletePolicyGroup}, Delete{live.id});
  a.disruption = Disruption::kDisruptive;
  a.note = StrCat("its policies stop applying to ", live.targets.size(), " target(s)");
  p.actions.push_back(std::move(a));
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) results.push_back(RunOne(ctx, *a));
  return results;
}

void Reconciler::ExportTo(const Live& g, const ExportContext&, ExportDoc& doc) const {
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
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "PRIORITY", "TARGETS", "POLICIES"};
}

Reconciler::Row Reconciler::RowOf(const Live& g) const {
  std::vector<std::string> names;
  nlohmann::json tj = nlohmann::json::array();
  for (const auto& t : g.targets) {
    names.push_back(t.target_type + ":" + t.target_name);
    tj.push_back({{"type", t.target_type}, {"name", t.target_name}, {"id", t.target_id}});
  }
  nlohmann::json policies = nlohmann::json::object();
  for (const auto& leaf : g.policies) {
    std::visit([&](const auto& v) { policies[leaf.path] = v; }, leaf.value);
  }
  return {{g.name, g.id, g.priority ? std::to_string(*g.priority) : "", core::Join(names, ","),
           std::to_string(g.policies.size())},
          nlohmann::json{{"name", g.name},
                         {"id", g.id},
                         {"priority", g.priority.value_or(0)},
                         {"description", g.description},
                         {"targets", tj},
                         {"policies", policies}}
              .dump()};
}

}  // namespace policy_group

std::unique_ptr<reconcilers::Reconciler> MakePolicyGroupReconciler() {
  return std::make_unique<policy_group::Reconciler>();
}

}  // namespace deskops::reconcilers
