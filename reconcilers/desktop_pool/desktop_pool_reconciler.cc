#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"

#include <algorithm>

#include "core/strings.h"
#include "reconcilers/desktop_pool/pool_access.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/export.h"
#include "reconcilers/engine/gates.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;
using pool::kKind;

std::unique_ptr<Reconciler> MakeDesktopPoolReconciler() {
  return std::make_unique<DesktopPoolReconciler>();
}

void DesktopPoolReconciler::Scope(const specs::ManifestSet* manifests) {
  if (!manifests) {  // an export: who may use each pool is part of it, power states are not
    read_authorized_.reset();
    read_desktops_.emplace();
    return;
  }
  read_authorized_.emplace();
  read_desktops_.emplace();
  for (const specs::Object* o : manifests->OfKind(kKind)) {
    const auto& spec = *o->As<specs::DesktopPoolSpec>();
    if (spec.authorized_objects) read_authorized_->insert(o->meta.name);
    if (spec.power_state) read_desktops_->insert(o->meta.name);
  }
}

void DesktopPoolReconciler::ScopeOwned(const Inventory& inventory) {
  if (!read_desktops_) return;  // every pool's desktops are read anyway
  for (const auto& owned : inventory.OfKind(kKind)) {
    if (owned.create_failed) read_desktops_->insert(owned.name);
  }
}

Status DesktopPoolReconciler::Observe(cloud::ApiClient& client, LiveIndex& index) {
  auto wanted = [](const std::optional<std::set<std::string>>& scope, const std::string& name) {
    return !scope || scope->count(name) > 0;
  };
  DESKOPS_ASSIGN_OR_RETURN(std::vector<cloud::pools::Pool> pools, cloud::pools::List(client));
  std::vector<Observed> observed;
  for (auto& p : pools) {
    Observed o{std::move(p), std::nullopt, std::nullopt};
    if (wanted(read_authorized_, o.pool.name)) {
      DESKOPS_ASSIGN_OR_RETURN(o.authorized, cloud::pools::ListAuthorized(client, o.pool.id));
    }
    if (wanted(read_desktops_, o.pool.name)) {
      DESKOPS_ASSIGN_OR_RETURN(o.desktops, cloud::pools::ListDesktops(client, o.pool.id));
    }
    LiveRef ref{kKind, o.pool.name, o.pool.id, {}};
    if (o.desktops && std::any_of(o.desktops->begin(), o.desktops->end(),
                                  [](const auto& d) { return d.status == "ERROR"; })) {
      ref.attrs[kNotReadyAttr] = "desktops in ERROR";  // keeps a failed create's mark
    }
    index.Put(std::move(ref));
    observed.push_back(std::move(o));
  }
  live_ = std::move(observed);
  index_ = &index;
  return Status::Ok();
}

const DesktopPoolReconciler::Observed* DesktopPoolReconciler::Live(const std::string& name) const {
  for (const auto& o : live_) {
    if (o.pool.name == name) return &o;
  }
  return nullptr;
}

void DesktopPoolReconciler::Diff(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const specs::Object* o : ctx.desired) DiffPool(ctx, *o, plan);
  PlanDeletions(ctx, plan);
}

void DesktopPoolReconciler::DiffPool(const DiffContext& ctx, const specs::Object& o,
                                     PlanBuilder& plan) const {
  const std::string& name = o.meta.name;
  const Observed* live = Live(name);
  ObjectPlan p;
  if (!live) {
    if (auto held = HeldCreate(ctx, kKind, name, "pools.create")) {
      plan.Add(std::move(*held));
      return;
    }
    Action a = MakeAction(kKind, name, Verb::kCreate, "pools.create");
    a.payload =
        std::make_shared<pool::CreatePayload>(pool::CreateFor(ctx, o, p.errors, a.depends_on));
    a.note = StrCat("with ", o.As<specs::DesktopPoolSpec>()->size, " desktop(s)");
    p.actions.push_back(std::move(a));
    Commit(plan, kKind, name, std::move(p), true);
    return;
  }
  if (!ctx.Owned(kKind, name)) {
    Adoption adoption = Adopt(ctx, o, live->pool.id);
    if (!adoption.refused.empty()) {
      plan.Error(kKind, name, adoption.refused);
      return;
    }
    p.actions.push_back(std::move(*adoption.action));
  }
  DiffLive(ctx, o, *live, p);
  Commit(plan, kKind, name, std::move(p), true);
}

void DesktopPoolReconciler::DiffLive(const DiffContext& ctx, const specs::Object& o,
                                     const Observed& live, ObjectPlan& p) const {
  // A field whose changes deskops.io/ignore-changes ignores is neither compared nor checked, so its
  // errors (an unknown reference, a shrink) do not block the rest of the pool.
  auto ignored = [&](const std::string& path) { return IgnoresChange(o, path); };
  specs::DesktopPoolSpec spec = *o.As<specs::DesktopPoolSpec>();
  if (ignored("spec.authorizedObjects")) spec.authorized_objects.reset();
  if (ignored("spec.desktopNamePolicy")) spec.desktop_name_policy.reset();
  if (ignored("spec.powerState")) spec.power_state.reset();
  std::vector<pool::Fixed> fixed = pool::Immutables(spec, live.pool);
  std::erase_if(fixed, [&](const pool::Fixed& f) { return ignored(f.path); });
  if (!fixed.empty() && !o.policy.allow_replace) {
    for (const auto& f : fixed) p.errors.push_back(CannotChange(f.path, f.desired, f.live));
    return;
  }
  if (!fixed.empty()) {
    p.actions.push_back(PlanReplace(ctx, o, live, fixed, p));
    return;
  }
  pool::DiffModify(ctx, spec, live.pool, p);
  pool::DiffAuthorized(ctx, spec, live.pool, live.authorized, p);
  const auto owned = ctx.inventory.Find(kKind, o.meta.name);
  if (!ignored("spec.size") &&
      !pool::DiffFailedDesktops(spec, live.pool, live.desktops, owned && owned->create_failed, p)) {
    pool::DiffSize(spec, live.pool, p);
  }
  pool::DiffProductAndImage(spec, live.pool, p);
  if (!ignored("spec.dataVolumes")) pool::DiffVolumes(spec, live.pool, p);
  pool::DiffPower(spec, live.pool, live.desktops, p);
}

Action DesktopPoolReconciler::PlanReplace(const DiffContext& ctx, const specs::Object& o,
                                          const Observed& live,
                                          const std::vector<pool::Fixed>& fixed,
                                          ObjectPlan& p) const {
  auto payload = std::make_shared<pool::ReplacePayload>();
  payload->id = live.pool.id;
  Action a = MakeAction(kKind, o.meta.name, Verb::kReplace, "pools.delete");
  if (live.pool.desktop_count > 0) a.api_calls.insert(a.api_calls.begin(), "desktops.batch_delete");
  a.api_calls.push_back("pools.create");
  payload->create = pool::CreateFor(ctx, o, p.errors, a.depends_on);
  a.payload = payload;
  for (const auto& f : fixed) a.changes.push_back({f.path, f.live, f.desired});
  a.disruption = Disruption::kDestructive;
  a.note = StrCat("deletes the pool and its ", live.pool.desktop_count,
                  " desktop(s), then creates it again");
  return a;
}

void DesktopPoolReconciler::PlanDeletions(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const auto& owned : ctx.inventory.OfKind(kKind)) {
    if (ctx.manifests.Find(kKind, owned.name)) continue;
    const Observed* live = Live(owned.name);
    if (!live) continue;  // already gone
    const std::int64_t desktops = live->pool.desktop_count;
    Action a = MakeAction(kKind, owned.name, Verb::kDelete, "pools.delete",
                          std::make_shared<IdPayload>(live->pool.id));
    if (desktops > 0) a.api_calls.insert(a.api_calls.begin(), "desktops.batch_delete");
    a.disruption = Disruption::kDestructive;
    a.note = StrCat("deletes its ", desktops, " desktop(s) with it: a pool is deleted empty");
    plan.Add(std::move(a));
  }
}

void DesktopPoolReconciler::AfterJob(ExecContext& ctx, const Action& action, bool succeeded,
                                     const std::vector<std::string>&) {
  if (action.verb == Verb::kExpand) {
    // What a failed expand of the pool's size left (desktops in ERROR) is repaired by a later
    // run; a failed expand of its data disks leaves no desktop to replace.
    if (!succeeded && action.As<pool::ExpandPayload>()) {
      ctx.inventory.MarkCreateFailed(kKind, action.name, true);
    }
    return;
  }
  if (action.verb != Verb::kCreate && action.verb != Verb::kReplace) return;
  // The create job carries no pool ID (L44034): find the pool by its unique name. The name filter
  // may match loosely, so only an exact match counts.
  auto listed = cloud::pools::List(ctx.client, action.name);
  if (listed.ok()) {
    for (const auto& p : *listed) {
      if (p.name != action.name) continue;
      ctx.inventory.Own(kKind, p.name, p.id);
      // A failed job may have made the pool with desktops in ERROR: a later run repairs them.
      if (!succeeded) ctx.inventory.MarkCreateFailed(kKind, p.name, true);
      ctx.index.Put({kKind, p.name, p.id, {}});
      return;
    }
  }
  if (!succeeded && listed.ok()) {
    ctx.inventory.Remove(kKind, action.name);  // the failed job left no pool behind
  } else {
    ctx.log.Warn("pool ID not found after its create; the next run will look again",
                 {{"kind", kKind}, {"name", action.name}});
  }
}

std::string DesktopPoolReconciler::Export(const Inventory& inventory, bool owned_only) const {
  std::string out;
  for (const auto& o : live_) {
    const auto& p = o.pool;
    if (owned_only && !inventory.Find(kKind, p.name)) continue;
    ExportDoc doc(kKind, p.name);
    doc.Set("type", p.type)
        .Set("size", p.desktop_count)
        .Set("description", p.description)
        .Set("availabilityZone", p.availability_zone)
        .Set("productId", p.product.product_id)
        .Set("flavorId", p.product.flavor_id)
        .Set("imageId", p.image_id)
        .Set("rootVolume.type", p.root_volume.type)
        .Set("rootVolume.size", p.root_volume.size);
    for (const auto& v : p.data_volumes)
      doc.Append("dataVolumes", {{"type", v.type}, {"size", v.size}});
    doc.SetList("subnetIds", {p.subnet_id});
    for (const auto& sg : p.security_groups) doc.Append("securityGroups", {{"id", sg.id}});
    doc.Set("enterpriseProjectId", p.enterprise_project_id);
    if (p.disconnected_retention_period) {
      doc.Set("disconnectedRetentionPeriod", *p.disconnected_retention_period);
    }
    doc.Set("enableAutoscale", p.enable_autoscale);
    if (const auto& a = p.autoscale_policy) {
      doc.Set("autoscalePolicy.autoscaleType", a->autoscale_type.value_or(""));
      if (a->max_auto_created) doc.Set("autoscalePolicy.maxAutoCreated", *a->max_auto_created);
      if (a->min_idle) doc.Set("autoscalePolicy.minIdle", *a->min_idle);
      if (a->once_auto_created) doc.Set("autoscalePolicy.onceAutoCreated", *a->once_auto_created);
    }
    auto name_policy =
        index_ ? index_->FindById("DesktopNamePolicy", p.desktop_name_policy_id) : std::nullopt;
    if (!p.desktop_name_policy_id.empty() && name_policy)
      doc.Set("desktopNamePolicy", name_policy->name);
    doc.Set("maintenanceMode", p.in_maintenance_mode);
    if (o.authorized && o.authorized->empty()) doc.SetList("authorizedObjects", {});
    for (const auto& a : o.authorized.value_or(std::vector<cloud::pools::AuthorizedObject>{})) {
      doc.Append("authorizedObjects", {{"objectType", a.object_type},
                                       {"objectName", a.object_name},
                                       {"userGroup", a.user_group}});
    }
    out += doc.Yaml();
  }
  return out;
}

}  // namespace deskops::reconcilers
