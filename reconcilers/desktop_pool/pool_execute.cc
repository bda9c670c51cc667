// DesktopPoolReconciler::Execute: one pool's actions, in order (see RunInOrder), each mutating call
// through the write-ahead ledger; IDs of referenced objects resolved from the LiveIndex now.
#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"
#include "reconcilers/desktop_pool/pool_payloads.h"

namespace deskops::reconcilers {

using core::StatusOr;
using pool::kKind;
namespace pools = cloud::pools;

namespace {

ActionResult Failed(const core::Status& status, std::string_view context) {
  return {status.Annotate(context), "", ""};
}

StatusOr<std::vector<pools::AuthorizedObject>> Resolve(const LiveIndex& index,
                                                       const std::vector<specs::NamedObject>& in) {
  std::vector<pools::AuthorizedObject> out;
  for (const auto& o : in) {
    DESKOPS_ASSIGN_OR_RETURN(std::string id,
                             ResolveId(index, o.type == "USER" ? "User" : "UserGroup", o.name));
    out.push_back({o.type, id, o.name, o.user_group, ""});
  }
  return out;
}

// The 4.4.3 request without the fields deskops.io/ignore-changes dropped from the action; an
// ignored autoscale sub-field keeps the pool's value, since the policy is sent whole.
pools::ModifyRequest KeptRequest(const Action& a, const pool::ModifyPayload& m) {
  pools::ModifyRequest r = m.request;
  auto drop = [&](auto& field, const char* path) {
    if (!Keeps(a, path)) field.reset();
  };
  drop(r.description, "spec.description");
  drop(r.availability_zone, "spec.availabilityZone");
  drop(r.disconnected_retention_period, "spec.disconnectedRetentionPeriod");
  drop(r.enable_autoscale, "spec.enableAutoscale");
  drop(r.in_maintenance_mode, "spec.maintenanceMode");
  if (!r.autoscale_policy) return r;
  pools::Autoscale& send = *r.autoscale_policy;
  const pools::Autoscale have = m.observed_autoscale.value_or(pools::Autoscale{});
  bool kept = false;
  auto keep = [&](auto& field, const auto& observed, const std::string& sub) {
    if (Keeps(a, "spec.autoscalePolicy." + sub)) {
      kept = true;
    } else {
      field = observed;
    }
  };
  keep(send.autoscale_type, have.autoscale_type, "autoscaleType");
  keep(send.max_auto_created, have.max_auto_created, "maxAutoCreated");
  keep(send.min_idle, have.min_idle, "minIdle");
  keep(send.once_auto_created, have.once_auto_created, "onceAutoCreated");
  if (!kept) r.autoscale_policy.reset();
  return r;
}

ActionResult Authorize(ExecContext& ctx, const Action& a) {
  const auto* p = a.As<pool::AuthorizePayload>();
  std::vector<pools::AuthorizedObject> objects = p->remove;
  if (p->action == "ADD") {
    auto resolved = Resolve(ctx.index, p->add);
    if (!resolved.ok()) return Failed(resolved.status(), "authorize pool users");
    objects = std::move(*resolved);
  }
  return CallSync(ctx, "pools.authorize", a,
                  [&] { return pools::Authorize(ctx.client, p->id, objects, p->action); });
}

ActionResult Volumes(ExecContext& ctx, const Action& a, const pool::VolumesPayload& v) {
  using Op = pool::VolumesPayload::Op;
  switch (v.op) {
    case Op::kAdd:
      return CallJob(ctx, "pools.volumes_add", a,
                     [&] { return pools::AddVolumes(ctx.client, v.id, v.volumes); });
    case Op::kExpand:
      return CallJob(ctx, "pools.volumes_expand", a,
                     [&] { return pools::ExpandVolumes(ctx.client, v.id, v.volumes); });
    case Op::kDelete:
      break;
  }
  return CallJob(ctx, "pools.volumes_delete", a,
                 [&] { return pools::DeleteVolumes(ctx.client, v.id, v.volumes); });
}

}  // namespace

std::vector<ActionResult> DesktopPoolReconciler::Execute(ExecContext& ctx,
                                                         const std::vector<const Action*>& batch) {
  return RunInOrder(ctx, *this, batch, [&](const Action& a) { return ExecuteOne(ctx, a); });
}

ActionResult DesktopPoolReconciler::ExecuteOne(ExecContext& ctx, const Action& a) {
  switch (a.verb) {
    case Verb::kAdopt:
      ctx.inventory.Own(kKind, a.name, a.As<IdPayload>()->id);
      return {};
    case Verb::kCreate:
      return Create(ctx, a, *a.As<pool::CreatePayload>());
    case Verb::kReplace: {
      const auto* r = a.As<pool::ReplacePayload>();
      ActionResult deleted = DeleteWithDesktops(ctx, a, r->id);
      if (!deleted.status.ok()) return deleted;
      ctx.index.Remove(kKind, a.name);
      return Create(ctx, a, r->create);
    }
    case Verb::kDelete: {
      ActionResult r = DeleteWithDesktops(ctx, a, a.As<IdPayload>()->id);
      if (r.status.ok()) {
        ctx.inventory.Remove(kKind, a.name);
        ctx.index.Remove(kKind, a.name);
      }
      return r;
    }
    case Verb::kUpdate:
      return Modify(ctx, a);
    case Verb::kAuthorize:
      return Authorize(ctx, a);
    default:
      return StartJob(ctx, a);
  }
}

ActionResult DesktopPoolReconciler::Create(ExecContext& ctx, const Action& a,
                                           const pool::CreatePayload& create) {
  pools::CreateRequest request = create.request;
  auto authorized = Resolve(ctx.index, create.authorized);
  if (!authorized.ok()) return Failed(authorized.status(), "create pool");
  request.authorized_objects = std::move(*authorized);
  if (create.name_policy) {
    auto id = ResolveId(ctx.index, "DesktopNamePolicy", *create.name_policy);
    if (!id.ok()) return Failed(id.status(), "create pool");
    request.desktop_name_policy_id = *id;
  }
  ActionResult r =
      CallJob(ctx, "pools.create", a, [&] { return pools::Create(ctx.client, request); });
  // Owned from the moment the API accepted it; its ID comes with AfterJob (or the next run).
  if (r.status.ok()) ctx.inventory.Own(kKind, a.name, "");
  return r;
}

ActionResult DesktopPoolReconciler::DeleteWithDesktops(ExecContext& ctx, const Action& a,
                                                       const std::string& id) {
  // Read now, not at plan time: the pool may have grown since.
  auto members = pools::ListDesktops(ctx.client, id);
  if (!members.ok()) return Failed(members.status(), "list the pool's desktops");
  if (!members->empty()) {
    std::vector<std::string> ids;
    for (const auto& d : *members) ids.push_back(d.id);
    ActionResult deleted = AwaitJob(ctx, CallJob(ctx, "desktops.batch_delete", a, [&] {
                                      return cloud::desktops::BatchDelete(ctx.client, ids);
                                    }));
    if (!deleted.status.ok()) return deleted;
  }
  return CallSync(ctx, "pools.delete", a, [&] { return pools::Delete(ctx.client, id); });
}

ActionResult DesktopPoolReconciler::Modify(ExecContext& ctx, const Action& a) {
  const auto* m = a.As<pool::ModifyPayload>();
  pools::ModifyRequest request = KeptRequest(a, *m);
  if (m->name_policy && Keeps(a, "spec.desktopNamePolicy")) {
    auto id = ResolveId(ctx.index, "DesktopNamePolicy", *m->name_policy);
    if (!id.ok()) return Failed(id.status(), "modify pool");
    request.desktop_name_policy_id = *id;
  }
  return CallSync(ctx, "pools.modify", a,
                  [&] { return pools::Modify(ctx.client, m->id, request); });
}

ActionResult DesktopPoolReconciler::Repair(ExecContext& ctx, const Action& a,
                                           const pool::ExpandPayload& e) {
  ActionResult deleted = AwaitJob(
      ctx, CallJob(ctx, "desktops.batch_delete", a,
                   [&] { return cloud::desktops::BatchDelete(ctx.client, e.failed_desktop_ids); }));
  if (!deleted.status.ok() || e.add == 0) return deleted;
  return CallJob(ctx, "pools.expand", a, [&] { return pools::Expand(ctx.client, e.id, e.add); });
}

ActionResult DesktopPoolReconciler::StartJob(ExecContext& ctx, const Action& a) {
  if (const auto* e = a.As<pool::ExpandPayload>()) {
    if (!e->failed_desktop_ids.empty()) return Repair(ctx, a, *e);
    return CallJob(ctx, "pools.expand", a,
                   [&] { return pools::Expand(ctx.client, e->id, e->add); });
  }
  if (const auto* r = a.As<pool::ResizePayload>()) {
    const std::string& product =
        Keeps(a, "spec.productId") ? r->product_id : r->observed_product_id;
    const auto flavor = Keeps(a, "spec.flavorId") ? r->flavor_id : std::nullopt;
    return CallJob(ctx, "pools.resize", a, [&] {
      return pools::Resize(ctx.client, r->id, product, flavor, "STOP_DESKTOP");
    });
  }
  if (const auto* r = a.As<pool::RebuildPayload>()) {
    return CallJob(ctx, "pools.rebuild", a,
                   [&] { return pools::Rebuild(ctx.client, r->id, r->image_type, r->image_id); });
  }
  if (const auto* v = a.As<pool::VolumesPayload>()) return Volumes(ctx, a, *v);
  const auto* p = a.As<pool::PowerPayload>();
  return CallJob(ctx, "pools.action", a,
                 [&] { return pools::Action(ctx.client, p->id, p->op_type); });
}

}  // namespace deskops::reconcilers
