#include "reconcilers/access_policy/access_policy_reconciler.h"

#include <algorithm>

#include "core/strings.h"
#include "reconcilers/access_policy/access_policy_steps.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/export.h"
#include "reconcilers/engine/kind_util.h"
#include "specs/access_policy.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;
namespace ap = cloud::access_policies;
using access_policy::kKind;

namespace {

using Observed = AccessPolicyReconciler::Observed;

// The name of a live object: from the index by ID, else as the policy stored it.
std::string NameOf(const LiveIndex* index, const ap::Object& o) {
  if (index) {
    if (auto ref = index->FindById(access_policy::KindOfObject(o.object_type), o.object_id)) {
      return ref->name;
    }
  }
  return o.object_name.empty() ? o.object_id : o.object_name;
}

std::vector<specs::NamedObject> NamedObjects(const LiveIndex* index,
                                             const std::vector<ap::Object>& objects) {
  std::vector<specs::NamedObject> out;
  for (const auto& o : objects) out.push_back({o.object_type, NameOf(index, o), ""});
  return out;
}

// "USER/alice", sorted: the form objects are compared and shown in.
std::vector<std::string> ObjectKeys(const std::vector<specs::NamedObject>& objects) {
  std::vector<std::string> out;
  for (const auto& o : objects) out.push_back(StrCat(o.type, "/", o.name));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> IpKeys(const std::vector<ap::IpRange>& ips) {
  std::vector<std::string> out;
  for (const auto& ip : ips) out.push_back(StrCat(ip.ip_address, "/", ip.subnet_mask));
  return out;
}

std::vector<ap::IpRange> ToWire(const std::vector<specs::IpRange>& ips) {
  std::vector<ap::IpRange> out;
  for (const auto& ip : ips) out.push_back({ip.ip_address, ip.subnet_mask});
  return out;
}

// The ranges of `a` that are not in `b`, in `a`'s order.
std::vector<ap::IpRange> Minus(const std::vector<ap::IpRange>& a,
                               const std::vector<ap::IpRange>& b) {
  std::vector<ap::IpRange> out;
  for (const auto& ip : a) {
    if (std::find(b.begin(), b.end(), ip) == b.end() &&
        std::find(out.begin(), out.end(), ip) == out.end()) {
      out.push_back(ip);
    }
  }
  return out;
}

// Every action on one policy shares a batch, so Execute runs them one by one in plan order.
Action PolicyAction(const std::string& name, Verb verb, std::string op,
                    std::shared_ptr<const ActionPayload> payload) {
  Action a = MakeAction(kKind, name, verb, std::move(op), std::move(payload));
  a.batch_key = ObjectKey(kKind, name);
  return a;
}

void DependOn(Action& a, const std::vector<specs::NamedObject>& objects) {
  for (const auto& o : objects) {
    a.depends_on.push_back(ObjectKey(access_policy::KindOfObject(o.type), o.name));
  }
}

// A create, or (replaces non-empty) a replace: what the manifest sets, and for what it leaves
// unmanaged, what the replaced policy had.
Action CreateAction(const std::string& name, const specs::AccessPolicySpec& spec,
                    const Observed* replaces, const LiveIndex& index) {
  auto p = std::make_shared<access_policy::CreatePayload>();
  p->request.policy_name = name;
  p->request.blacklist_type = spec.blacklist_type;
  p->request.access_control_type = spec.access_control_type;
  p->request.ip_list = spec.ip_list
                           ? ToWire(*spec.ip_list)
                           : (replaces ? replaces->policy.ip_list : std::vector<ap::IpRange>{});
  p->objects = spec.objects ? *spec.objects
                            : (replaces ? NamedObjects(&index, replaces->objects)
                                        : std::vector<specs::NamedObject>{});
  p->is_enable = spec.is_enable;
  p->is_block_all = spec.is_block_all;
  if (replaces) {
    p->replaces_id = replaces->policy.id;
    if (!p->is_enable) p->is_enable = replaces->policy.is_enable;
    if (!p->is_block_all && replaces->policy.is_enable) {
      p->is_block_all = replaces->policy.is_block_all;
    }
  }
  Action a =
      PolicyAction(name, replaces ? Verb::kReplace : Verb::kCreate, "access_policies.create", p);
  a.api_calls.push_back("access_policies.list");  // 4.14.12 answers without a body
  if (p->is_enable || p->is_block_all) a.api_calls.push_back("access_policies.update");
  if (replaces) {
    a.api_calls.insert(a.api_calls.begin(), "access_policies.delete");
    a.disruption = Disruption::kDestructive;
  }
  DependOn(a, p->objects);
  return a;
}

Action UpdateAction(const std::string& name, const std::string& id, FieldChange change,
                    std::vector<ap::UpdateRequest> calls) {
  auto p = std::make_shared<access_policy::UpdatePayload>();
  p->id = id;
  p->calls = std::move(calls);
  Action a = PolicyAction(name, Verb::kUpdate, "access_policies.update", p);
  a.api_calls.resize(p->calls.size(), "access_policies.update");
  a.changes = {std::move(change)};
  return a;
}

std::optional<Action> SwitchAction(const std::string& path, const std::optional<bool>& desired,
                                   bool live, const ap::AccessPolicy& p) {
  if (!desired || *desired == live) return std::nullopt;
  ap::UpdateRequest r;
  if (path == "spec.isEnable") {
    r.is_enable = desired;
  } else {
    r.is_block_all = desired;
  }
  return UpdateAction(p.name, p.id, {path, Show(live), Show(*desired)}, {r});
}

// Ranges added (ADD_IP), then ranges removed (DELETE_IP): one action, one or two calls.
std::optional<Action> IpAction(const std::vector<specs::IpRange>& wanted,
                               const ap::AccessPolicy& p) {
  const std::vector<ap::IpRange> desired = ToWire(wanted);
  std::vector<ap::UpdateRequest> calls;
  if (auto add = Minus(desired, p.ip_list); !add.empty()) {
    calls.push_back({"ADD_IP", std::move(add), std::nullopt, std::nullopt});
  }
  if (auto remove = Minus(p.ip_list, desired); !remove.empty()) {
    calls.push_back({"DELETE_IP", std::move(remove), std::nullopt, std::nullopt});
  }
  if (calls.empty()) return std::nullopt;
  return UpdateAction(p.name, p.id,
                      {"spec.ipList", ShowList(IpKeys(p.ip_list)), ShowList(IpKeys(desired))},
                      std::move(calls));
}

// Any difference in (type, name): one PUT of the complete desired list.
std::optional<Action> ObjectsAction(const std::vector<specs::NamedObject>& wanted,
                                    const Observed& live, const LiveIndex& index) {
  const auto current = ObjectKeys(NamedObjects(&index, live.objects));
  const auto desired = ObjectKeys(wanted);
  if (current == desired) return std::nullopt;
  auto p = std::make_shared<access_policy::ObjectsPayload>();
  p->id = live.policy.id;
  p->objects = wanted;
  Action a = PolicyAction(live.policy.name, Verb::kAuthorize, "access_policies.update_objects", p);
  a.changes = {{"spec.policyObjectsList", ShowList(current), ShowList(desired)}};
  DependOn(a, p->objects);
  return a;
}

// One action per changed field, each with its own calls, in the order they must run: enabling
// first and disabling last, because is_block_all can change only while the policy is enabled
// (L31945).
std::vector<Action> DiffFields(const specs::AccessPolicySpec& spec, const Observed& live,
                               const LiveIndex& index) {
  const ap::AccessPolicy& p = live.policy;
  auto enable = SwitchAction("spec.isEnable", spec.is_enable, p.is_enable, p);
  const bool enabling = spec.is_enable.value_or(false);
  std::vector<Action> out;
  for (auto a : {enabling ? enable : std::nullopt,
                 SwitchAction("spec.isBlockAll", spec.is_block_all, p.is_block_all, p),
                 spec.ip_list ? IpAction(*spec.ip_list, p) : std::nullopt,
                 spec.objects ? ObjectsAction(*spec.objects, live, index) : std::nullopt,
                 enabling ? std::nullopt : enable}) {
    if (a) out.push_back(std::move(*a));
  }
  return out;
}

}  // namespace

std::unique_ptr<Reconciler> MakeAccessPolicyReconciler() {
  return std::make_unique<AccessPolicyReconciler>();
}

std::vector<const Observed*> AccessPolicyReconciler::Live(const std::string& name) const {
  std::vector<const Observed*> out;
  for (const auto& o : live_) {
    if (o.policy.name == name) out.push_back(&o);
  }
  return out;
}

Status AccessPolicyReconciler::Observe(cloud::ApiClient& client, LiveIndex& index) {
  DESKOPS_ASSIGN_OR_RETURN(auto policies, ap::List(client));
  std::vector<Observed> observed;
  for (auto& p : policies) {
    auto objects = ap::ListObjects(client, p.id);
    if (!objects.ok()) return objects.status().Annotate(StrCat("objects of ", p.name));
    observed.push_back({std::move(p), std::move(*objects)});
  }
  live_ = std::move(observed);
  for (const auto& o : live_) index.Put({kKind, o.policy.name, o.policy.id, {}});
  index_ = &index;
  return Status::Ok();
}

void AccessPolicyReconciler::Diff(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const specs::Object* o : ctx.desired) DiffPolicy(ctx, *o, plan);
  DiffDeletions(ctx, plan);
}

namespace {

// Why the object cannot be planned before looking at its live state, or "".
std::string CheckReferences(const DiffContext& ctx, const specs::AccessPolicySpec& spec) {
  std::vector<std::string> unknown;
  for (const auto& o : spec.objects.value_or(std::vector<specs::NamedObject>{})) {
    if (ctx.Ref(access_policy::KindOfObject(o.type), o.name) == RefState::kMissing) {
      unknown.push_back(StrCat(o.type, "/", o.name));
    }
  }
  if (unknown.empty()) return "";
  return StrCat("spec.policyObjectsList: ", core::Join(unknown, ", "),
                " is neither live nor declared in the manifests");
}

// The type fields that differ (they cannot change in place), and the plan error text for them.
std::vector<FieldChange> TypeChanges(const specs::AccessPolicySpec& spec, const ap::AccessPolicy& p,
                                     std::string& error) {
  std::vector<FieldChange> out;
  auto check = [&](const std::string& path, const std::string& desired, const std::string& live) {
    if (live.empty()) return;  // not read back: never diffed
    if (auto msg = Immutable(path, desired, live)) {
      out.push_back({path, Show(live), Show(desired)});
      error += (error.empty() ? "" : "; ") + *msg;
    }
  };
  check("spec.blacklistType", spec.blacklist_type, p.blacklist_type);
  check("spec.accessControlType", spec.access_control_type, p.access_control_type);
  return out;
}

}  // namespace

void AccessPolicyReconciler::DiffPolicy(const DiffContext& ctx, const specs::Object& o,
                                        PlanBuilder& plan) const {
  const auto& spec = *o.As<specs::AccessPolicySpec>();
  const std::string& name = o.meta.name;
  if (std::string why = CheckReferences(ctx, spec); !why.empty()) {
    return plan.Error(kKind, name, why);
  }
  const std::vector<const Observed*> matches = Live(name);
  if (matches.size() > 1) {
    return plan.Error(kKind, name,
                      StrCat(matches.size(),
                             " live access policies have this name; deskops "
                             "cannot tell which one to manage"));
  }
  if (matches.empty()) {
    if (auto held = HeldCreate(ctx, kKind, name, "access_policies.create")) return plan.Add(*held);
    return plan.Add(CreateAction(name, spec, nullptr, ctx.index));
  }
  const Observed& live = *matches.front();
  const bool adopt = !ctx.Owned(kKind, name);
  if (adopt && !MayAdopt(ctx, o, plan)) return;
  std::string immutable;
  std::vector<FieldChange> type_changes = TypeChanges(spec, live.policy, immutable);
  if (!type_changes.empty() && !o.policy.allow_replace) return plan.Error(kKind, name, immutable);
  const bool block_all_changes =
      spec.is_block_all && *spec.is_block_all != live.policy.is_block_all;
  if (type_changes.empty() && block_all_changes &&
      !spec.is_enable.value_or(live.policy.is_enable)) {
    return plan.Error(kKind, name,
                      "spec.isBlockAll can change only while the policy is enabled "
                      "(L31945); set spec.isEnable: true");
  }
  if (adopt) {
    Action a = AdoptAction(kKind, name, live.policy.id);
    a.batch_key = ObjectKey(kKind, name);
    plan.Add(std::move(a));
  }
  if (!type_changes.empty()) {
    Action replace = CreateAction(name, spec, &live, ctx.index);
    replace.changes = std::move(type_changes);
    return plan.Add(std::move(replace));
  }
  std::vector<Action> updates = DiffFields(spec, live, ctx.index);
  if (updates.empty() && !adopt) plan.InSync();
  for (Action& a : updates) plan.Add(std::move(a));
}

void AccessPolicyReconciler::DiffDeletions(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const auto& owned : ctx.inventory.OfKind(kKind)) {
    if (ctx.manifests.Find(kKind, owned.name)) continue;
    std::vector<const Observed*> matches = Live(owned.name);
    std::erase_if(matches, [&](const Observed* o) {
      return !owned.id.empty() && o->policy.id != owned.id;  // a namesake deskops does not own
    });
    if (matches.size() > 1) {
      plan.Error(kKind, owned.name,
                 StrCat(matches.size(),
                        " live access policies have this name and the "
                        "inventory has no ID; not deleting any"));
      continue;
    }
    for (const Observed* live : matches) {
      plan.Add(DeleteAction(kKind, owned.name, live->policy.id, "access_policies.delete"));
    }
  }
}

std::string AccessPolicyReconciler::Export(const Inventory& inventory, bool owned_only) const {
  std::string out;
  for (const auto& o : live_) {
    const ap::AccessPolicy& p = o.policy;
    if (owned_only && !inventory.Find(kKind, p.name)) continue;
    ExportDoc doc(kKind, p.name);
    doc.Set("blacklistType", p.blacklist_type)
        .Set("accessControlType", p.access_control_type)
        .Set("isEnable", p.is_enable);
    // isBlockAll cannot be set while the policy is disabled (L31945): leave it unmanaged then.
    if (p.is_enable) doc.Set("isBlockAll", p.is_block_all);
    if (p.ip_list.empty()) doc.SetList("ipList", {});
    for (const auto& ip : p.ip_list) {
      doc.Append("ipList", {{"ipAddress", ip.ip_address}, {"subnetMask", ip.subnet_mask}});
    }
    if (o.objects.empty()) doc.SetList("policyObjectsList", {});
    for (const auto& obj : NamedObjects(index_, o.objects)) {
      doc.Append("policyObjectsList", {{"objectType", obj.type}, {"objectName", obj.name}});
    }
    out += doc.Yaml();
  }
  return out;
}

}  // namespace deskops::reconcilers
