// Desktop observe, execute, after-job bookkeeping and export.
#include "reconcilers/desktop/desktop_reconciler.h"

#include <algorithm>
#include <set>

#include "cloud/jobs.h"
#include "core/strings.h"
#include "reconcilers/desktop/desktop_actions.h"
#include "reconcilers/engine/executor.h"
#include "reconcilers/engine/export.h"
#include "specs/common.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;
using namespace desktop;  // NOLINT
namespace api = cloud::desktops;

namespace {

constexpr std::size_t kCreatesPerCall = 50;       // L5081
constexpr std::size_t kTagDesktopsPerCall = 100;  // L16210

LiveRef Ref(const api::Desktop& d) {
  std::string owner;
  for (const auto& t : d.tags) {
    if (t.key == specs::kOwnerTagKey) owner = t.value;
  }
  LiveRef ref{"Desktop", d.computer_name, d.id, {{"sid", d.sid}, {"owner", owner}}};
  if (d.status == "ERROR") {
    ref.attrs[kNotReadyAttr] = "the desktop is in ERROR";
  } else if (cloud::desktops::TaskRunning(d)) {
    ref.attrs[kNotReadyAttr] = "a task is running: " + d.task_status;
  }
  return ref;
}

std::vector<std::string> IdsOf(const std::vector<const Action*>& batch) {
  std::vector<std::string> ids;
  for (const Action* a : batch) ids.push_back(a->As<IdPayload>()->id);
  return ids;
}

// Codes meaning the desktop is already where the action would take it (api-errors.md §4).
bool AlreadyThere(const std::string& code) {
  return code == "WKS.00010107" || code == "WKS.00010108";
}

// Batch calls answer one job for the accepted desktops plus a list of rejected ones.
std::vector<ActionResult> SplitAsync(const std::vector<const Action*>& batch,
                                     std::vector<ActionResult> results,
                                     const std::vector<cloud::FailedOperation>& failed) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const std::string& id = batch[i]->As<IdPayload>()->id;
    for (const auto& f : failed) {
      if (f.desktop_id != id || AlreadyThere(f.error_code)) continue;
      results[i].status = Status::Aborted(StrCat(f.error_code, ": ", f.error_msg));
      results[i].job_id.clear();
    }
  }
  return results;
}

template <class T, class F>
Status InChunks(const std::vector<T>& items, std::size_t size, F call) {
  for (std::size_t i = 0; i < items.size(); i += size) {
    std::vector<T> chunk(items.begin() + i, items.begin() + std::min(items.size(), i + size));
    DESKOPS_RETURN_IF_ERROR(call(chunk));
  }
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Reconciler> MakeDesktopReconciler() {
  return std::make_unique<DesktopReconciler>();
}

Status DesktopReconciler::Observe(cloud::ApiClient& client, LiveIndex& index) {
  DESKOPS_ASSIGN_OR_RETURN(auto desktops, api::ListDetail(client));
  SetObserved(std::move(desktops));
  for (const auto& d : live_) index.Put(Ref(d));
  return Status::Ok();
}

std::vector<ActionResult> DesktopReconciler::ExecuteCreate(
    ExecContext& ctx, const std::vector<const Action*>& batch) {
  std::vector<ActionResult> results;
  for (std::size_t i = 0; i < batch.size(); i += kCreatesPerCall) {
    std::vector<const Action*> chunk(batch.begin() + i,
                                     batch.begin() + std::min(batch.size(), i + kCreatesPerCall));
    api::CreateRequest merged = chunk.front()->As<CreatePayload>()->request;
    merged.desktops.clear();
    for (const Action* a : chunk) {
      const auto& r = a->As<CreatePayload>()->request;
      merged.desktops.insert(merged.desktops.end(), r.desktops.begin(), r.desktops.end());
    }
    auto part =
        CallOnce(ctx, "desktops.create", chunk, [&] { return api::Create(ctx.client, merged); });
    // Owned from the moment the request is accepted (the tag says so too), so a crash before the
    // job ends cannot orphan them.
    if (part.front().status.ok()) {
      for (const Action* a : chunk) ctx.inventory.Own("Desktop", a->name, "");
    }
    results.insert(results.end(), part.begin(), part.end());
  }
  return results;
}

std::vector<ActionResult> DesktopReconciler::Execute(ExecContext& ctx,
                                                     const std::vector<const Action*>& batch) {
  const Action& first = *batch.front();
  const std::string op = first.api_calls.empty() ? "" : first.api_calls.front();
  auto job = [&](const std::function<core::StatusOr<std::string>()>& call) {
    return CallOnce(ctx, op, batch, call);
  };
  auto sync = [&](const std::function<Status()>& call) {
    return CallOnce(ctx, op, batch, [&]() -> core::StatusOr<std::string> {
      DESKOPS_RETURN_IF_ERROR(call());
      return std::string();
    });
  };
  switch (first.verb) {
    case Verb::kAdopt:
      ctx.inventory.Own("Desktop", first.name, first.As<IdPayload>()->id);
      return {ActionResult{}};
    case Verb::kCreate:
      return ExecuteCreate(ctx, batch);
    case Verb::kReplace:
      return ExecuteRecreate(ctx, first);
    case Verb::kDelete:
      return job([&] { return api::BatchDelete(ctx.client, IdsOf(batch)); });
    case Verb::kPower: {
      cloud::AsyncResult async;
      auto r = job([&]() -> core::StatusOr<std::string> {
        DESKOPS_ASSIGN_OR_RETURN(
            async, api::Action(ctx.client, IdsOf(batch), first.As<IdPayload>()->arg, "SOFT"));
        return async.job_id;
      });
      return SplitAsync(batch, r, async.failed);
    }
    case Verb::kResize:
      return job([&] { return api::Resize(ctx.client, IdsOf(batch), first.As<IdPayload>()->arg); });
    case Verb::kRebuild:
      return job([&] {
        const auto* p = first.As<IdPayload>();
        return api::Rebuild(ctx.client, IdsOf(batch), p->arg, p->arg2);
      });
    case Verb::kAttach:
      return ExecuteAttach(ctx, batch, op);
    case Verb::kDisks: {
      const auto* v = first.As<VolumePayload>();
      if (!v->remove_ids.empty()) {
        return job([&] { return api::DeleteVolumes(ctx.client, v->id, v->remove_ids); });
      }
      if (!v->add.empty()) {
        std::vector<api::DesktopVolumes> items;
        for (const Action* a : batch)
          items.push_back({a->As<VolumePayload>()->id, a->As<VolumePayload>()->add});
        return job([&] { return api::BatchAddVolumes(ctx.client, items); });
      }
      std::vector<api::VolumeExpansion> items;
      for (const Action* a : batch) {
        const auto& e = a->As<VolumePayload>()->expand;
        items.insert(items.end(), e.begin(), e.end());
      }
      return job([&] { return api::BatchExpandVolumes(ctx.client, items); });
    }
    case Verb::kTag: {
      std::vector<api::DesktopTags> items;
      for (const Action* a : batch) {
        const auto* t = a->As<TagPayload>();
        items.push_back({t->id, op == "tags.batch_create" ? t->set : t->remove});
      }
      return sync([&] {
        return InChunks(items, kTagDesktopsPerCall, [&](const std::vector<api::DesktopTags>& c) {
          return op == "tags.batch_create" ? api::BatchCreateTags(ctx.client, c)
                                           : api::BatchDeleteTags(ctx.client, c);
        });
      });
    }
    case Verb::kMaintenance:
      return sync([&] {
        return api::SetMaintenanceMode(ctx.client, IdsOf(batch),
                                       first.As<IdPayload>()->arg == "true");
      });
    default:
      break;
  }
  if (op == "desktops.change_privilege_group") {
    return job([&] {
      return api::ChangePrivilegeGroup(ctx.client, IdsOf(batch), first.As<IdPayload>()->arg);
    });
  }
  if (const auto* n = first.As<NetworkPayload>()) {
    return job([&] {
      return api::ChangeNetwork(ctx.client, n->id, n->vpc_id, n->subnet_id, n->security_group_ids,
                                n->private_ip);
    });
  }
  return std::vector<ActionResult>(
      batch.size(), ActionResult{Status::Internal("unknown desktop action"), "", ""});
}

std::vector<ActionResult> DesktopReconciler::ExecuteAttach(ExecContext& ctx,
                                                           const std::vector<const Action*>& batch,
                                                           const std::string& op) {
  const auto* first = batch.front()->As<AttachPayload>();
  if (first->detach_first) {
    // Re-assignment: unassign (and wait for it), then assign to the new user.
    auto detached = CallOnce(ctx, op, batch, [&]() -> core::StatusOr<std::string> {
      DESKOPS_ASSIGN_OR_RETURN(auto r, api::Detach(ctx.client, {first->id}));
      if (!r.failed.empty()) {
        return Status::Aborted(StrCat(r.failed[0].error_code, ": ", r.failed[0].error_msg));
      }
      DESKOPS_ASSIGN_OR_RETURN(auto done, cloud::jobs::Wait(ctx.client, r.job_id, ctx.clock));
      if (done.state != cloud::jobs::State::kSuccess) return Status::Aborted(done.Describe());
      return std::string();
    });
    if (!detached.front().status.ok()) return detached;
  }
  std::vector<api::AttachItem> items;
  for (const Action* a : batch) {
    const auto* p = a->As<AttachPayload>();
    api::AttachItem item;
    item.desktop_id = p->id;
    item.user_name = p->user_name;
    item.user_email = p->user_email;
    if (!p->user_group.empty()) item.user_group = p->user_group;
    item.computer_name = a->name;
    // A desktop that had no user keeps what is on it; one that changes hands is cleared.
    item.is_clear_data = p->detach_first;
    items.push_back(std::move(item));
  }
  return CallOnce(ctx, "desktops.attach", batch, [&] { return api::Attach(ctx.client, items); });
}

void DesktopReconciler::AfterJob(ExecContext& ctx, const Action& action, bool succeeded,
                                 const std::vector<std::string>& desktop_ids) {
  const bool create = action.verb == Verb::kCreate || action.verb == Verb::kReplace;
  if (!succeeded) {
    // What a failed create left (a desktop in ERROR) may be replaced; healthy desktops of the
    // same request are cleared again when next observed.
    if (create) ctx.inventory.MarkCreateFailed("Desktop", action.name, true);
    return;
  }
  if (action.verb == Verb::kDelete) {
    ctx.inventory.Remove("Desktop", action.name);
    ctx.index.Remove("Desktop", action.name);
    return;
  }
  if (!create) return;
  ctx.inventory.MarkCreateFailed("Desktop", action.name, false);
  std::lock_guard lock(index_mu_);
  if (auto known = ctx.index.Find("Desktop", action.name); known && !known->id.empty()) {
    ctx.inventory.Own("Desktop", action.name, known->id);
    return;
  }
  // Learn the new desktops' IDs and SIDs (policy targets need SIDs): one call per 100 desktops.
  for (std::size_t i = 0; i < desktop_ids.size(); i += 100) {
    api::Query q;
    q.desktop_ids.assign(desktop_ids.begin() + i,
                         desktop_ids.begin() + std::min(desktop_ids.size(), i + 100));
    auto listed = api::ListDetail(ctx.client, q);
    if (!listed.ok()) break;
    for (const auto& d : *listed) ctx.index.Put(Ref(d));
  }
  if (auto known = ctx.index.Find("Desktop", action.name)) {
    ctx.inventory.Own("Desktop", action.name, known->id);
  }
}

std::string DesktopReconciler::Export(const Inventory& inventory, bool owned_only) const {
  std::string out;
  for (const auto& d : live_) {
    if (owned_only && !inventory.Find("Desktop", d.computer_name)) continue;
    if (d.desktop_type == "POOLED") continue;  // its pool's manifest describes it
    ExportDoc doc("Desktop", d.computer_name);
    if (d.desktop_type == "SHARED") doc.Set("desktopType", d.desktop_type);
    doc.Set("availabilityZone", d.availability_zone)
        .Set("productId", d.product_id)
        .Set("imageId", d.image_id)
        .Set("rootVolume.type", d.root_volume.type)
        .Set("rootVolume.size", d.root_volume.size);
    for (const auto& v : d.data_volumes) {
      doc.Append("dataVolumes", {{"type", v.type}, {"size", v.size}});
    }
    if (!d.subnet_id.empty()) doc.Append("nics", {{"subnetId", d.subnet_id}});
    for (const auto& sg : d.security_groups) doc.Append("securityGroups", {{"id", sg.id}});
    doc.Set("userName", d.user_name).Set("userGroup", d.user_group);
    for (const auto& t : d.tags) {
      if (t.key != specs::kOwnerTagKey) doc.Set("tags." + t.key, t.value);
    }
    if (d.status == "ACTIVE") doc.Set("powerState", "running");
    if (d.status == "SHUTOFF") doc.Set("powerState", "stopped");
    if (d.status == "HIBERNATED") doc.Set("powerState", "hibernated");
    doc.Set("maintenanceMode", d.in_maintenance_mode);
    out += doc.Yaml();
  }
  return out;
}

}  // namespace deskops::reconcilers
