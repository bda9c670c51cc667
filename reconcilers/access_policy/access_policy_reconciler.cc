#include "reconcilers/access_policy/access_policy_reconciler.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "reconcilers/engine/diff_util.h"

namespace deskops::reconcilers {
namespace access_policy {

using core::Status;
using core::StrCat;
namespace ap = cloud::access_policies;
namespace ops = cloud::ops;

namespace {

constexpr const char* kKind = "AccessPolicy";

std::string ShowList(const std::vector<std::string>& items) {
  return StrCat("[", core::Join(items, ", "), "]");
}

// The name of a live object: from the index by ID, else as the policy stored it.
std::string NameOf(const LiveIndex& index, const ap::Object& o) {
  if (auto ref = index.FindById(KindOfObject(o.object_type), o.object_id)) return ref->name;
  return o.object_name.empty() ? o.object_id : o.object_name;
}

std::vector<specs::NamedObject> NamedObjects(const LiveIndex& index,
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

void DependOn(Action& a, const std::vector<specs::NamedObject>& objects) {
  for (const auto& o : objects) a.depends_on.push_back(ObjectKey(KindOfObject(o.type), o.name));
}

// A create, or (replaces non-null) a replace: what the manifest sets, and for what it leaves
// unmanaged, what the replaced policy had.
Action CreateAction(const std::string& name, const specs::AccessPolicySpec& spec,
                    const LivePolicy* replaces, const LiveIndex& index) {
  Create c;
  c.request.policy_name = name;
  c.request.blacklist_type = spec.blacklist_type;
  c.request.access_control_type = spec.access_control_type;
  c.request.ip_list = spec.ip_list
                          ? ToWire(*spec.ip_list)
                          : (replaces ? replaces->policy.ip_list : std::vector<ap::IpRange>{});
  c.objects = spec.objects ? *spec.objects
                           : (replaces ? NamedObjects(index, replaces->objects)
                                       : std::vector<specs::NamedObject>{});
  c.is_enable = spec.is_enable;
  c.is_block_all = spec.is_block_all;
  if (replaces) {
    c.replaces_id = replaces->policy.id;
    if (!c.is_enable) c.is_enable = replaces->policy.is_enable;
    if (!c.is_block_all && replaces->policy.is_enable) {
      c.is_block_all = replaces->policy.is_block_all;
    }
  }
  // 4.14.12 answers without a body: one list call finds the new policy.
  std::vector<const cloud::Operation*> calls = {&ops::kCreateAccessPolicy,
                                                &ops::kListAccessPolicies};
  if (c.is_enable || c.is_block_all) calls.push_back(&ops::kUpdateAccessPolicy);
  if (replaces) calls.insert(calls.begin(), &ops::kDeleteAccessPolicies);
  std::vector<specs::NamedObject> objects = c.objects;
  Action a = MakeStep(kKind, name, replaces ? Verb::kReplace : Verb::kCreate, std::move(calls),
                      Step{std::move(c)});
  DependOn(a, objects);
  return a;
}

Action UpdateAction(const std::string& name, const std::string& id, FieldChange change,
                    std::vector<ap::UpdateRequest> calls) {
  std::vector<const cloud::Operation*> ops_calls(calls.size(), &ops::kUpdateAccessPolicy);
  Action a = MakeStep(kKind, name, Verb::kUpdate, std::move(ops_calls),
                      Step{Update{id, std::move(calls)}});
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
                                    const LivePolicy& live, const LiveIndex& index) {
  const auto current = ObjectKeys(NamedObjects(index, live.objects));
  const auto desired = ObjectKeys(wanted);
  if (current == desired) return std::nullopt;
  Action a = MakeStep(kKind, live.policy.name, Verb::kAuthorize, {&ops::kUpdateAccessPolicyObjects},
                      Step{SetObjects{live.policy.id, wanted}});
  a.changes = {{"spec.policyObjectsList", ShowList(current), ShowList(desired)}};
  DependOn(a, wanted);
  return a;
}

}  // namespace

std::string KindOfObject(const std::string& object_type) {
  return object_type == "USER" ? "User" : "UserGroup";
}

const specs::KindInfo& Reconciler::Info() const { return specs::AccessPolicyKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{"User", "UserGroup"},
      .serial = true,
      .replaceable = true,
      .batch_delete = &ops::kDeleteAccessPolicies,
      .delete_ids = [](cloud::ApiClient& client,
                       const std::vector<std::string>& ids) -> core::StatusOr<std::string> {
        DESKOPS_RETURN_IF_ERROR(ap::Delete(client, ids));
        return std::string();
      }};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListAccessPolicies, &ops::kListAccessPolicyObjects,   &ops::kCreateAccessPolicy,
          &ops::kUpdateAccessPolicy, &ops::kUpdateAccessPolicyObjects, &ops::kDeleteAccessPolicies};
}

core::StatusOr<std::vector<LivePolicy>> Reconciler::List(const ObserveContext& ctx) const {
  DESKOPS_ASSIGN_OR_RETURN(auto policies, ap::List(ctx.client));
  std::vector<LivePolicy> out;
  for (auto& p : policies) {
    if (ctx.name && p.name != *ctx.name) continue;
    LivePolicy live{std::move(p), {}};
    if (ctx.purpose != Purpose::kGet) {
      auto objects = ap::ListObjects(ctx.client, live.policy.id);
      if (!objects.ok()) return objects.status().Annotate(StrCat("objects of ", live.policy.name));
      live.objects = std::move(*objects);
    }
    out.push_back(std::move(live));
  }
  return out;
}

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const {
  p.actions.push_back(CreateAction(ctx.name(), spec, nullptr, ctx.diff.index));
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  const ap::AccessPolicy& policy = live.policy;
  auto fixed = [&](const std::string& path, const std::string& desired, const std::string& have) {
    if (!have.empty() && desired != have) p.Immutable(path, Show(desired), Show(have));
  };
  fixed("spec.blacklistType", spec.blacklist_type, policy.blacklist_type);
  fixed("spec.accessControlType", spec.access_control_type, policy.access_control_type);
  if (!p.fixed.empty()) return;
  const bool block_all_changes = spec.is_block_all && *spec.is_block_all != policy.is_block_all;
  if (block_all_changes && !spec.is_enable.value_or(policy.is_enable)) {
    p.errors.push_back(
        "spec.isBlockAll can change only while the policy is enabled (L31945); set "
        "spec.isEnable: true");
    return;
  }
  // One action per changed field, each with its own calls, in the order they must run: enabling
  // first and disabling last, because is_block_all can change only while the policy is enabled.
  auto enable = SwitchAction("spec.isEnable", spec.is_enable, policy.is_enable, policy);
  const bool enabling = spec.is_enable.value_or(false);
  for (auto a : {enabling ? enable : std::nullopt,
                 SwitchAction("spec.isBlockAll", spec.is_block_all, policy.is_block_all, policy),
                 spec.ip_list ? IpAction(*spec.ip_list, policy) : std::nullopt,
                 spec.objects ? ObjectsAction(*spec.objects, live, ctx.diff.index) : std::nullopt,
                 enabling ? std::nullopt : enable}) {
    if (a) p.actions.push_back(std::move(*a));
  }
}

void Reconciler::PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                             ObjectPlan& p) const {
  p.actions.push_back(CreateAction(ctx.name(), spec, &live, ctx.diff.index));
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) results.push_back(RunStep(ctx, *a));
  return results;
}

void Reconciler::ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const {
  const ap::AccessPolicy& p = live.policy;
  doc.Set("blacklistType", p.blacklist_type)
      .Set("accessControlType", p.access_control_type)
      .Set("isEnable", p.is_enable);
  // isBlockAll cannot be set while the policy is disabled (L31945): leave it unmanaged then.
  if (p.is_enable) doc.Set("isBlockAll", p.is_block_all);
  if (p.ip_list.empty()) doc.SetList("ipList", {});
  for (const auto& ip : p.ip_list) {
    doc.Append("ipList", {{"ipAddress", ip.ip_address}, {"subnetMask", ip.subnet_mask}});
  }
  if (live.objects.empty()) doc.SetList("policyObjectsList", {});
  for (const auto& obj : NamedObjects(ctx.index, live.objects)) {
    doc.Append("policyObjectsList", {{"objectType", obj.type}, {"objectName", obj.name}});
  }
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "CONTROL", "ENABLED", "BLOCK_ALL", "IPS"};
}

Reconciler::Row Reconciler::RowOf(const Live& live) const {
  const ap::AccessPolicy& p = live.policy;
  std::vector<std::string> ips;
  nlohmann::json ij = nlohmann::json::array();
  for (const auto& ip : p.ip_list) {
    ips.push_back(ip.ip_address + "/" + ip.subnet_mask);
    ij.push_back({{"ip_address", ip.ip_address}, {"subnet_mask", ip.subnet_mask}});
  }
  return {{p.name, p.id, p.access_control_type, p.is_enable ? "yes" : "no",
           p.is_block_all ? "yes" : "no", core::Join(ips, ",")},
          nlohmann::json{{"name", p.name},
                         {"id", p.id},
                         {"blacklist_type", p.blacklist_type},
                         {"access_control_type", p.access_control_type},
                         {"ip_list", ij},
                         {"is_enable", p.is_enable},
                         {"is_block_all", p.is_block_all}}
              .dump()};
}

}  // namespace access_policy

std::unique_ptr<reconcilers::Reconciler> MakeAccessPolicyReconciler() {
  return std::make_unique<access_policy::Reconciler>();
}

}  // namespace deskops::reconcilers
