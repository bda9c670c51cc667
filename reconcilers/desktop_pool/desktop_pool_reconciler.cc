#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/strings.h"
#include "reconcilers/engine/capacity.h"
#include "reconcilers/engine/diff_util.h"

namespace deskops::reconcilers {
namespace pool {

using core::Status;
using core::StrCat;
namespace pools = cloud::pools;
namespace ops = cloud::ops;

namespace {

// Which pools' per-pool reads a plan makes: those whose manifests manage the field, and for
// desktops also those whose last create failed (to repair what it left). nullopt: every pool.
struct Scope {
  std::optional<std::set<std::string>> authorized, desktops;
};

Scope ScopeOf(const ObserveContext& ctx) {
  Scope s;
  if (ctx.purpose == Purpose::kExport) {  // who may use each pool is exported, power states not
    s.desktops.emplace();
    return s;
  }
  s.authorized.emplace();
  s.desktops.emplace();
  if (ctx.purpose == Purpose::kGet || !ctx.manifests) return s;
  for (const specs::Object* o : ctx.manifests->OfKind(kKind)) {
    const auto& spec = *o->As<specs::DesktopPoolSpec>();
    if (spec.authorized_objects) s.authorized->insert(o->meta.name);
    if (spec.power_state) s.desktops->insert(o->meta.name);
  }
  if (ctx.inventory) {
    for (const auto& owned : ctx.inventory->OfKind(kKind)) {
      if (owned.create_failed) s.desktops->insert(owned.name);
    }
  }
  return s;
}

bool Wanted(const std::optional<std::set<std::string>>& scope, const std::string& name) {
  return !scope || scope->count(name) > 0;
}

// Who works on the pool's desktops (when they were read): its disruptive and destructive actions
// wait for them (the user-connected gate looks only at those).
void NoteSessions(const DiffContext& ctx, const LivePool& live, ObjectPlan& p) {
  if (!live.desktops) return;
  std::vector<std::string> holds;
  for (const auto& d : *live.desktops) {
    std::string hold =
        SessionHold(ctx, ObjectKey(kKind, live.pool.name), d.id, d.user_name, d.login_status);
    if (!hold.empty()) holds.push_back(StrCat(hold, " (", d.computer_name, ")"));
  }
  if (holds.empty()) return;
  const std::size_t shown = std::min<std::size_t>(holds.size(), 3);
  std::string why = core::Join({holds.begin(), holds.begin() + static_cast<long>(shown)}, "; ");
  if (holds.size() > shown) why += StrCat("; and ", holds.size() - shown, " more");
  for (auto& a : p.actions) a.session_hold = why;
}

// A plan that will stop, resize, rebuild or delete the pool's desktops reads them, to see who is
// working on them (sessions.h): its manifest changes the product or image, or it left the
// manifests while deskops owns it.
bool Disrupting(const ObserveContext& ctx, const pools::Pool& live) {
  if (ctx.purpose != Purpose::kPlan || !ctx.manifests) return false;
  const specs::Object* o = ctx.manifests->Find(kKind, live.name);
  if (!o) return ctx.inventory && ctx.inventory->Find(kKind, live.name).has_value();
  const auto& spec = *o->As<specs::DesktopPoolSpec>();
  return (!live.product.product_id.empty() && spec.product_id != live.product.product_id) ||
         (!live.image_id.empty() && spec.image_id != live.image_id);
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::DesktopPoolKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      // Name policies only for pools whose manifests name one: the engine observes what manifests
      // refer to.
      .needs = std::vector<std::string>{"User", "UserGroup"},
      .serial = true,
      .replaceable = true,
      // A pool's create job names its desktops, not the pool: a job of this type in progress may
      // be this create's.
      .create_job_type = "createDesktopPool"};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListPools,      &ops::kListPoolUsers,     &ops::kListPoolDesktops,
          &ops::kCreatePool,     &ops::kModifyPool,        &ops::kDeletePool,
          &ops::kExpandPool,     &ops::kResizePool,        &ops::kRebuildPool,
          &ops::kAddPoolVolumes, &ops::kDeletePoolVolumes, &ops::kExpandPoolVolumes,
          &ops::kPoolAction,     &ops::kAuthorizePool,     &ops::kBatchDeleteDesktops};
}

core::StatusOr<std::vector<LivePool>> Reconciler::List(const ObserveContext& ctx) const {
  const Scope scope = ScopeOf(ctx);
  DESKOPS_ASSIGN_OR_RETURN(std::vector<pools::Pool> listed, pools::List(ctx.client, ctx.name));
  std::vector<LivePool> out;
  for (auto& p : listed) {
    if (ctx.name && p.name != *ctx.name) continue;  // the name filter may match loosely
    LivePool live{std::move(p), std::nullopt, std::nullopt};
    if (Wanted(scope.authorized, live.pool.name)) {
      DESKOPS_ASSIGN_OR_RETURN(live.authorized, pools::ListAuthorized(ctx.client, live.pool.id));
    }
    if (Wanted(scope.desktops, live.pool.name) || Disrupting(ctx, live.pool)) {
      DESKOPS_ASSIGN_OR_RETURN(live.desktops, pools::ListDesktops(ctx.client, live.pool.id));
    }
    out.push_back(std::move(live));
  }
  return out;
}

void Reconciler::Attributes(const Live& live, LiveRef& ref) const {
  if (live.desktops && std::any_of(live.desktops->begin(), live.desktops->end(),
                                   [](const auto& d) { return d.status == "ERROR"; })) {
    ref.attrs[kNotReadyAttr] = "desktops in ERROR";  // keeps a failed create's mark
  }
}

// The create job carries no pool ID (L44034): the pool is found by its unique name (the name
// filter may match loosely: List keeps exact matches only).
core::StatusOr<std::vector<LivePool>> Reconciler::Find(ExecContext& ctx,
                                                       const std::vector<std::string>& names,
                                                       const std::vector<std::string>&) const {
  std::optional<std::string> name;
  if (names.size() == 1) name = names.front();
  return List(ObserveContext{ctx.client, Purpose::kGet, nullptr, nullptr, name});
}

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const {
  Action a = NewStep(ctx.name(), Verb::kCreate, {&ops::kCreatePool}, CreateFor(ctx.name(), spec));
  a.note = StrCat("with ", spec.size, " desktop(s)");
  a.need = capacity::NewDesktops(spec.size, spec.product_id, spec.availability_zone.value_or(""),
                                 spec.image_id, spec.root_volume, spec.data_volumes);
  RecordWriteOnly(ctx, spec, a.records);
  p.actions.push_back(std::move(a));
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& full, const Live& live,
                            ObjectPlan& p) const {
  // A field whose changes deskops.io/ignore-changes ignores is neither compared nor checked, so its
  // errors (an unknown reference, a shrink) do not block the rest of the pool.
  specs::DesktopPoolSpec spec = full;
  if (ctx.Ignores("spec.authorizedObjects")) spec.authorized_objects.reset();
  if (ctx.Ignores("spec.powerState")) spec.power_state.reset();
  Immutables(ctx, spec, live.pool, p);
  if (!p.fixed.empty()) return;
  DiffModify(ctx, spec, live.pool, p);
  DiffAuthorized(spec, live, p);
  const bool create_failed = ctx.owned && ctx.owned->create_failed;
  if (!ctx.Ignores("spec.size") && !DiffFailedDesktops(spec, live, create_failed, p)) {
    DiffSize(spec, live.pool, p);
  }
  DiffProductAndImage(spec, live.pool, p);
  if (!ctx.Ignores("spec.dataVolumes")) DiffVolumes(ctx, spec, live.pool, p);
  DiffPower(spec, live, p);
  NoteSessions(ctx.diff, live, p);
}

void Reconciler::PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                             ObjectPlan& p) const {
  std::vector<const cloud::Operation*> calls = {&ops::kDeletePool, &ops::kCreatePool};
  if (live.pool.desktop_count > 0) calls.insert(calls.begin(), &ops::kBatchDeleteDesktops);
  Action a = NewStep(ctx.name(), Verb::kReplace, std::move(calls),
                     Replace{live.pool.id, CreateFor(ctx.name(), spec)});
  a.note = StrCat("deletes the pool and its ", live.pool.desktop_count,
                  " desktop(s), then creates it again");
  RecordWriteOnly(ctx, spec, a.records);
  p.actions.push_back(std::move(a));
  NoteSessions(ctx.diff, live, p);
}

void Reconciler::PlanDelete(const DeleteContext& ctx, const Live& live, ObjectPlan& p) const {
  const std::int64_t desktops = live.pool.desktop_count;
  std::vector<const cloud::Operation*> calls = {&ops::kDeletePool};
  if (desktops > 0) calls.insert(calls.begin(), &ops::kBatchDeleteDesktops);
  Action a = NewStep(ctx.owned.name, Verb::kDelete, std::move(calls), Delete{live.pool.id});
  a.disruption = Disruption::kDestructive;
  a.note = StrCat("deletes its ", desktops, " desktop(s) with it: a pool is deleted empty");
  p.actions.push_back(std::move(a));
  NoteSessions(ctx.diff, live, p);
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) results.push_back(RunStep(ctx, *a));
  return results;
}

void Reconciler::ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const {
  const pools::Pool& p = live.pool;
  doc.Set("type", p.type)
      .Set("size", p.desktop_count)
      .Set("description", p.description)
      .Set("availabilityZone", p.availability_zone)
      .Set("productId", p.product.product_id)
      .Set("flavorId", p.product.flavor_id)
      .Set("imageId", p.image_id)
      .Set("rootVolume.type", p.root_volume.type)
      .Set("rootVolume.size", p.root_volume.size);
  auto owned = ctx.inventory.Find(kKind, p.name);
  int unnamed = 0;
  for (const auto& v : p.data_volumes) {
    std::string name;
    if (owned) {
      for (const auto& [key, id] : owned->records) {
        if (core::StartsWith(key, "disk:") && id == v.id) name = key.substr(5);
      }
    }
    if (name.empty()) name = StrCat("data", ++unnamed);
    doc.Append("dataVolumes", {{"name", name}, {"type", v.type}, {"size", v.size}});
  }
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
  auto name_policy = ctx.index.FindById("DesktopNamePolicy", p.desktop_name_policy_id);
  if (!p.desktop_name_policy_id.empty() && name_policy) {
    doc.Set("desktopNamePolicy", name_policy->name);
  }
  doc.Set("maintenanceMode", p.in_maintenance_mode);
  if (live.authorized && live.authorized->empty()) doc.SetList("authorizedObjects", {});
  for (const auto& a : live.authorized.value_or(std::vector<pools::AuthorizedObject>{})) {
    doc.Append("authorizedObjects", {{"objectType", a.object_type},
                                     {"objectName", a.object_name},
                                     {"userGroup", a.user_group}});
  }
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "TYPE", "DESKTOPS", "USED", "STATUS", "PRODUCT"};
}

Reconciler::Row Reconciler::RowOf(const Live& live) const {
  const pools::Pool& p = live.pool;
  auto volume = [](const cloud::Volume& v) {
    return nlohmann::json{{"id", v.id}, {"type", v.type}, {"size", v.size}, {"device", v.device}};
  };
  return {{p.name, p.id, p.type, std::to_string(p.desktop_count), std::to_string(p.desktop_used),
           p.status, p.product.product_id},
          nlohmann::json{{"name", p.name},
                         {"id", p.id},
                         {"type", p.type},
                         {"description", p.description},
                         {"desktop_count", p.desktop_count},
                         {"desktop_used", p.desktop_used},
                         {"status", p.status},
                         {"product_id", p.product.product_id},
                         {"image_id", p.image_id},
                         {"availability_zone", p.availability_zone},
                         {"root_volume", volume(p.root_volume)},
                         {"in_maintenance_mode", p.in_maintenance_mode}}
              .dump()};
}

}  // namespace pool

std::unique_ptr<reconcilers::Reconciler> MakeDesktopPoolReconciler() {
  return std::make_unique<pool::Reconciler>();
}

}  // namespace deskops::reconcilers
