// Executing one pool step (the engine runs a pool's steps in order), each mutating call through
// the write-ahead ledger; IDs of referenced objects resolved from the LiveIndex now.
#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers::pool {

using core::StatusOr;
namespace pools = cloud::pools;
namespace ops = cloud::ops;

namespace {

ActionResult Failed(const core::Status& status, std::string_view context) {
  return {status.Annotate(context)};
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
pools::ModifyRequest KeptRequest(const Action& a, const Modify& m) {
  pools::ModifyRequest r = m.request;
  auto drop = [&](auto& field, const char* path) {
    if (!Keeps(a, path)) field.reset();
  };
  drop(r.description, "spec.description");
  drop(r.availability_zone, "spec.availabilityZone");
  drop(r.disconnected_retention_period, "spec.disconnectedRetentionPeriod");
  drop(r.enable_autoscale, "spec.enableAutoscale");
  drop(r.in_maintenance_mode, "spec.maintenanceMode");
  drop(r.ou_name, "spec.ouName");
  drop(r.tags, "spec.tags");
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

ActionResult CreatePool(ExecContext& ctx, const Action& a, const Create& create) {
  pools::CreateRequest request = create.request;
  auto authorized = Resolve(ctx.index, create.authorized);
  if (!authorized.ok()) return Failed(authorized.status(), "create pool");
  request.authorized_objects = std::move(*authorized);
  if (create.name_policy) {
    auto id = ResolveId(ctx.index, "DesktopNamePolicy", *create.name_policy);
    if (!id.ok()) return Failed(id.status(), "create pool");
    request.desktop_name_policy_id = *id;
  }
  return CallJob(ctx, ops::kCreatePool, a, [&] { return pools::Create(ctx.client, request); });
}

ActionResult DeleteWithDesktops(ExecContext& ctx, const Action& a, const std::string& id) {
  // Read now, not at plan time: the pool may have grown since.
  auto members = pools::ListDesktops(ctx.client, id);
  if (!members.ok()) return Failed(members.status(), "list the pool's desktops");
  if (!members->empty()) {
    std::vector<std::string> ids;
    for (const auto& d : *members) ids.push_back(d.id);
    ActionResult deleted = AwaitJob(ctx, CallJob(ctx, ops::kBatchDeleteDesktops, a, [&] {
                                      return cloud::desktops::BatchDelete(ctx.client, ids);
                                    }));
    if (!deleted.status.ok()) return deleted;
  }
  return CallSync(ctx, ops::kDeletePool, a, [&] { return pools::Delete(ctx.client, id); });
}

ActionResult ModifyPool(ExecContext& ctx, const Action& a, const Modify& m) {
  pools::ModifyRequest request = KeptRequest(a, m);
  if (m.name_policy && Keeps(a, "spec.desktopNamePolicy")) {
    auto id = ResolveId(ctx.index, "DesktopNamePolicy", *m.name_policy);
    if (!id.ok()) return Failed(id.status(), "modify pool");
    request.desktop_name_policy_id = *id;
  }
  return CallSync(ctx, ops::kModifyPool, a,
                  [&] { return pools::Modify(ctx.client, m.id, request); });
}

ActionResult ExpandPool(ExecContext& ctx, const Action& a, const Expand& e) {
  if (!e.failed_desktop_ids.empty()) {
    ActionResult deleted =
        AwaitJob(ctx, CallJob(ctx, ops::kBatchDeleteDesktops, a, [&] {
                   return cloud::desktops::BatchDelete(ctx.client, e.failed_desktop_ids);
                 }));
    if (!deleted.status.ok() || e.add == 0) return deleted;
  }
  return CallJob(ctx, ops::kExpandPool, a, [&] { return pools::Expand(ctx.client, e.id, e.add); });
}

ActionResult ChangeVolumes(ExecContext& ctx, const Action& a, const Volumes& v) {
  using Op = Volumes::Op;
  switch (v.op) {
    case Op::kAdd:
      return CallJob(ctx, ops::kAddPoolVolumes, a,
                     [&] { return pools::AddVolumes(ctx.client, v.id, v.volumes); });
    case Op::kExpand:
      return CallJob(ctx, ops::kExpandPoolVolumes, a,
                     [&] { return pools::ExpandVolumes(ctx.client, v.id, v.volumes); });
    case Op::kDelete:
      break;
  }
  return CallJob(ctx, ops::kDeletePoolVolumes, a,
                 [&] { return pools::DeleteVolumes(ctx.client, v.id, v.volumes); });
}

ActionResult AuthorizePool(ExecContext& ctx, const Action& a, const Authorize& p) {
  std::vector<pools::AuthorizedObject> objects = p.remove;
  if (p.action == "ADD") {
    auto resolved = Resolve(ctx.index, p.add);
    if (!resolved.ok()) return Failed(resolved.status(), "authorize pool users");
    objects = std::move(*resolved);
  }
  return CallSync(ctx, ops::kAuthorizePool, a,
                  [&] { return pools::Authorize(ctx.client, p.id, objects, p.action); });
}

}  // namespace

ActionResult RunStep(ExecContext& ctx, const Action& a) {
  return std::visit(
      [&](const auto& s) -> ActionResult {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, Create>) {
          return CreatePool(ctx, a, s);
        } else if constexpr (std::is_same_v<T, Replace>) {
          ActionResult deleted = DeleteWithDesktops(ctx, a, s.id);
          if (!deleted.status.ok()) return deleted;
          ctx.index.Remove(kKind, a.name);
          return CreatePool(ctx, a, s.create);
        } else if constexpr (std::is_same_v<T, Delete>) {
          return DeleteWithDesktops(ctx, a, s.id);
        } else if constexpr (std::is_same_v<T, Modify>) {
          return ModifyPool(ctx, a, s);
        } else if constexpr (std::is_same_v<T, Expand>) {
          return ExpandPool(ctx, a, s);
        } else if constexpr (std::is_same_v<T, Resize>) {
          const std::string& product =
              Keeps(a, "spec.productId") ? s.product_id : s.observed_product_id;
          const auto flavor = Keeps(a, "spec.flavorId") ? s.flavor_id : std::nullopt;
          return CallJob(ctx, ops::kResizePool, a, [&] {
            return pools::Resize(ctx.client, s.id, product, flavor, "STOP_DESKTOP");
          });
        } else if constexpr (std::is_same_v<T, Rebuild>) {
          return CallJob(ctx, ops::kRebuildPool, a, [&] {
            return pools::Rebuild(ctx.client, s.id, s.image_type, s.image_id);
          });
        } else if constexpr (std::is_same_v<T, Volumes>) {
          return ChangeVolumes(ctx, a, s);
        } else if constexpr (std::is_same_v<T, Authorize>) {
          return AuthorizePool(ctx, a, s);
        } else {
          static_assert(std::is_same_v<T, Power>);
          return CallJob(ctx, ops::kPoolAction, a,
                         [&] { return pools::Action(ctx.client, s.id, s.op_type); });
        }
      },
      StepOf<Step>(a));
}

}  // namespace deskops::reconcilers::pool
