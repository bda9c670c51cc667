// Executing desktop steps: one batch is steps of one variant (their batch keys say so), carried
// out with the API's batch calls where it has them.
#include "core/strings.h"
#include "reconcilers/desktop/desktop_reconciler.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers::desktop {

using core::Status;
using core::StrCat;
namespace api = cloud::desktops;
namespace ops = cloud::ops;

namespace {

constexpr std::size_t kCreatesPerCall = 50;       // L5081
constexpr std::size_t kTagDesktopsPerCall = 100;  // L16210

using Batch = std::vector<const Action*>;

template <class T>
const T& Get(const Action* a) {
  return std::get<T>(StepOf<Step>(*a));
}

template <class T>
std::vector<std::string> IdsOf(const Batch& batch) {
  std::vector<std::string> ids;
  for (const Action* a : batch) ids.push_back(Get<T>(a).id);
  return ids;
}

// Codes meaning the desktop is already where the action would take it (api-errors.md §4).
bool AlreadyThere(const std::string& code) {
  return code == "WKS.00010107" || code == "WKS.00010108";
}

// Batch calls answer one job for the accepted desktops plus a list of rejected ones.
std::vector<ActionResult> SplitAsync(const Batch& batch, std::vector<ActionResult> results,
                                     const std::vector<cloud::FailedOperation>& failed) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const std::string& id = Get<Power>(batch[i]).id;
    for (const auto& f : failed) {
      if (f.desktop_id != id || AlreadyThere(f.error_code)) continue;
      results[i].status = Status::Aborted(StrCat(f.error_code, ": ", f.error_msg));
      results[i].job_id.clear();
    }
  }
  return results;
}

std::vector<ActionResult> CreateDesktops(ExecContext& ctx, const Batch& batch) {
  std::vector<ActionResult> results;
  for (std::size_t i = 0; i < batch.size(); i += kCreatesPerCall) {
    Batch chunk(batch.begin() + i, batch.begin() + std::min(batch.size(), i + kCreatesPerCall));
    api::CreateRequest merged = Get<Create>(chunk.front()).request;
    merged.desktops.clear();
    for (const Action* a : chunk) {
      const auto& r = Get<Create>(a).request;
      merged.desktops.insert(merged.desktops.end(), r.desktops.begin(), r.desktops.end());
    }
    auto part =
        CallOnce(ctx, ops::kCreateDesktops, chunk, [&] { return api::Create(ctx.client, merged); });
    // One desktop's bad field fails the whole request: then each is created on its own.
    part = EachAloneIfRefused(ctx, chunk, std::move(part), [&](std::size_t k) {
      return CallJob(ctx, ops::kCreateDesktops, *chunk[k],
                     [&] { return api::Create(ctx.client, Get<Create>(chunk[k]).request); });
    });
    results.insert(results.end(), part.begin(), part.end());
  }
  return results;
}

// Deletes the desktop a failed create left in ERROR (and waits for that), then creates it again.
ActionResult Recreate_(ExecContext& ctx, const Action& a) {
  const auto& r = Get<Recreate>(&a);
  ActionResult deleted = AwaitJob(ctx, CallJob(ctx, ops::kBatchDeleteDesktops, a, [&] {
                                    return api::BatchDelete(ctx.client, {r.id});
                                  }));
  if (!deleted.status.ok()) return deleted;
  // Gone: if deskops stops here, the next run finds no desktop and creates it.
  ctx.index.Remove("Desktop", a.name);
  return CallJob(ctx, ops::kCreateDesktops, a, [&] { return api::Create(ctx.client, r.request); });
}

// Re-assignment unassigns first and waits for that (the engine's job waiter: it honours a stop
// and the job timeout); a desktop without a user is assigned directly. Assignments share calls.
std::vector<ActionResult> AttachDesktops(ExecContext& ctx, const Batch& batch) {
  const Attach& first = Get<Attach>(batch.front());
  if (first.detach_first) {
    cloud::AsyncResult detached;
    ActionResult r = AwaitJob(
        ctx,
        CallJob(ctx, ops::kDetachDesktops, *batch.front(), [&]() -> core::StatusOr<std::string> {
          DESKOPS_ASSIGN_OR_RETURN(detached, api::Detach(ctx.client, {first.id}));
          if (!detached.failed.empty()) {
            const auto& f = detached.failed.front();
            return Status::Aborted(StrCat(f.error_code, ": ", f.error_msg));
          }
          return detached.job_id;
        }));
    if (!r.status.ok()) return std::vector<ActionResult>(batch.size(), r);
  }
  std::vector<api::AttachItem> items;
  for (const Action* a : batch) {
    const Attach& at = Get<Attach>(a);
    api::AttachItem item;
    item.desktop_id = at.id;
    item.user_name = at.user_name;
    item.user_email = at.user_email;
    if (!at.user_group.empty()) item.user_group = at.user_group;
    item.computer_name = a->name;
    // A desktop that had no user keeps what is on it; one that changes hands is cleared.
    item.is_clear_data = at.detach_first;
    items.push_back(std::move(item));
  }
  return CallOnce(ctx, ops::kAttachDesktops, batch, [&] { return api::Attach(ctx.client, items); });
}

std::vector<ActionResult> Tags(ExecContext& ctx, const Batch& batch, bool set) {
  std::vector<api::DesktopTags> items;
  for (const Action* a : batch) {
    if (set) {
      items.push_back({Get<SetTags>(a).id, Get<SetTags>(a).tags});
    } else {
      items.push_back({Get<RemoveTags>(a).id, Get<RemoveTags>(a).tags});
    }
  }
  const cloud::Operation& op = set ? ops::kBatchCreateTags : ops::kBatchDeleteTags;
  return CallSync(ctx, op, batch, [&] {
    return InChunks(items, kTagDesktopsPerCall, [&](const std::vector<api::DesktopTags>& c) {
      return set ? api::BatchCreateTags(ctx.client, c) : api::BatchDeleteTags(ctx.client, c);
    });
  });
}

std::vector<ActionResult> PowerDesktops(ExecContext& ctx, const Batch& batch) {
  cloud::AsyncResult async;
  auto r = CallOnce(ctx, ops::kDesktopsAction, batch, [&]() -> core::StatusOr<std::string> {
    DESKOPS_ASSIGN_OR_RETURN(async, api::Action(ctx.client, IdsOf<Power>(batch),
                                                Get<Power>(batch.front()).op_type, "SOFT"));
    return async.job_id;
  });
  return SplitAsync(batch, r, async.failed);
}

}  // namespace

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx, const Batch& batch) const {
  const Action& first = *batch.front();
  auto job = [&](const cloud::Operation& op,
                 const std::function<core::StatusOr<std::string>()>& call) {
    return CallOnce(ctx, op, batch, call);
  };
  return std::visit(
      [&](const auto& step) -> std::vector<ActionResult> {
        using T = std::decay_t<decltype(step)>;
        if constexpr (std::is_same_v<T, Create>) {
          return CreateDesktops(ctx, batch);
        } else if constexpr (std::is_same_v<T, Recreate>) {
          return {Recreate_(ctx, first)};
        } else if constexpr (std::is_same_v<T, Delete>) {
          return job(ops::kBatchDeleteDesktops,
                     [&] { return api::BatchDelete(ctx.client, IdsOf<Delete>(batch)); });
        } else if constexpr (std::is_same_v<T, Power>) {
          return PowerDesktops(ctx, batch);
        } else if constexpr (std::is_same_v<T, Resize>) {
          return job(ops::kResizeDesktops, [&] {
            return api::Resize(ctx.client, IdsOf<Resize>(batch), step.product_id);
          });
        } else if constexpr (std::is_same_v<T, Rebuild>) {
          return job(ops::kRebuildDesktops, [&] {
            return api::Rebuild(ctx.client, IdsOf<Rebuild>(batch), step.image_type, step.image_id);
          });
        } else if constexpr (std::is_same_v<T, Attach>) {
          return AttachDesktops(ctx, batch);
        } else if constexpr (std::is_same_v<T, Privilege>) {
          return job(ops::kChangePrivilegeGroup, [&] {
            return api::ChangePrivilegeGroup(ctx.client, IdsOf<Privilege>(batch), step.user_group);
          });
        } else if constexpr (std::is_same_v<T, Network>) {
          return job(ops::kChangeDesktopNetwork, [&] {
            return api::ChangeNetwork(ctx.client, step.id, step.vpc_id, step.subnet_id,
                                      step.security_group_ids, step.private_ip);
          });
        } else if constexpr (std::is_same_v<T, AddDisks>) {
          std::vector<api::DesktopVolumes> items;
          for (const Action* a : batch)
            items.push_back({Get<AddDisks>(a).id, Get<AddDisks>(a).volumes});
          return job(ops::kBatchAddVolumes,
                     [&] { return api::BatchAddVolumes(ctx.client, items); });
        } else if constexpr (std::is_same_v<T, ExpandDisks>) {
          std::vector<api::VolumeExpansion> items;
          for (const Action* a : batch) {
            const auto& e = Get<ExpandDisks>(a).expansions;
            items.insert(items.end(), e.begin(), e.end());
          }
          return job(ops::kBatchExpandVolumes,
                     [&] { return api::BatchExpandVolumes(ctx.client, items); });
        } else if constexpr (std::is_same_v<T, RemoveDisks>) {
          return job(ops::kDeleteVolumes,
                     [&] { return api::DeleteVolumes(ctx.client, step.id, step.volume_ids); });
        } else if constexpr (std::is_same_v<T, SetTags>) {
          return Tags(ctx, batch, true);
        } else if constexpr (std::is_same_v<T, RemoveTags>) {
          return Tags(ctx, batch, false);
        } else if constexpr (std::is_same_v<T, Maintenance>) {
          return CallSync(ctx, ops::kSetMaintenanceMode, batch, [&] {
            return api::SetMaintenanceMode(ctx.client, IdsOf<Maintenance>(batch), step.on);
          });
        } else {
          static_assert(std::is_same_v<T, Modify>);
          std::vector<ActionResult> results;
          for (const Action* a : batch) {
            const Modify& m = Get<Modify>(a);
            results.push_back(CallSync(ctx, ops::kModifyDesktop, *a, [&] {
              return api::Modify(ctx.client, m.id, std::nullopt, m.self_backup_management);
            }));
          }
          return results;
        }
      },
      StepOf<Step>(first));
}

}  // namespace deskops::reconcilers::desktop
