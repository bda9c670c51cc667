// Desktop diff: desired Desktop manifests against the observed desktops.
#include "reconcilers/desktop/desktop_diff.h"

#include <algorithm>
#include <map>

#include "core/strings.h"
#include "reconcilers/desktop/desktop_actions.h"
#include "reconcilers/desktop/desktop_reconciler.h"
#include "reconcilers/engine/diff_util.h"
#include "specs/common.h"

namespace deskops::reconcilers {

using core::StrCat;
using namespace desktop;  // NOLINT

namespace {

constexpr char kKind[] = "Desktop";

// Errors for fields that cannot change in place.
std::vector<std::string> ImmutableErrors(const specs::DesktopSpec& s,
                                         const cloud::desktops::Desktop& d) {
  std::vector<std::string> out;
  auto check = [&](const std::string& path, const std::string& want, const std::string& have) {
    if (want.empty() || have.empty()) return;
    if (auto msg = Immutable(path, want, have)) out.push_back(*msg);
  };
  check("spec.availabilityZone", s.availability_zone.value_or(""), d.availability_zone);
  check("spec.rootVolume.type", s.root_volume.type, d.root_volume.type);
  check("spec.enterpriseProjectId", s.enterprise_project_id.value_or(""), d.enterprise_project_id);
  check("spec.osHostName", s.os_host_name.value_or(""), d.os_host_name);
  if (s.desktop_type == "SHARED" || d.desktop_type == "SHARED") {
    check("spec.desktopType", s.desktop_type, d.desktop_type);
  }
  return out;
}

// A desktop left in ERROR by deskops' own failed create holds nothing: delete it and create it
// again (what Terraform does with a resource whose create failed).
Action Recreate(const DiffContext& ctx, const specs::Object& o, const cloud::desktops::Desktop& d) {
  const std::string& name = o.meta.name;
  auto payload = std::make_shared<RecreatePayload>();
  payload->id = d.id;
  payload->request = CreateRequestFor(name, *o.As<specs::DesktopSpec>(), ctx.options.owner);
  Action a = MakeAction(name, Verb::kReplace, "desktops.batch_delete", payload, Disruption::kSafe,
                        "recreate|" + name);
  a.api_calls.push_back("desktops.create");
  a.note = "its create failed and left it in ERROR: deleted and created again";
  if (const auto& user = o.As<specs::DesktopSpec>()->user_name) {
    a.depends_on.push_back(ObjectKey("User", *user));
  }
  return a;
}

}  // namespace

void DesktopReconciler::SetObserved(std::vector<cloud::desktops::Desktop> desktops) {
  live_ = std::move(desktops);
  by_name_.clear();
  for (std::size_t i = 0; i < live_.size(); ++i) {
    by_name_.emplace(core::ToLower(live_[i].computer_name), i);
  }
}

// Computer names are unique case-insensitively; a map keeps the diff linear in the tenant's size.
const cloud::desktops::Desktop* DesktopReconciler::Live(const std::string& name) const {
  auto it = by_name_.find(core::ToLower(name));
  return it == by_name_.end() ? nullptr : &live_[it->second];
}

void DesktopReconciler::Diff(const DiffContext& ctx, PlanBuilder& plan) const {
  for (const specs::Object* o : ctx.desired) {
    const auto& spec = *o->As<specs::DesktopSpec>();
    const std::string& name = o->meta.name;
    if (spec.user_name && ctx.Ref("User", *spec.user_name) == RefState::kMissing) {
      plan.Error(kKind, name,
                 StrCat("spec.userName: User ", core::Quote(*spec.user_name),
                        " neither exists nor is declared"));
      continue;
    }
    const cloud::desktops::Desktop* live = Live(name);
    if (live) {
      DiffExisting(ctx, *o, *live, plan);
      continue;
    }
    if (const PendingCreate* p = ctx.Pending(kKind, name)) {
      Action a = MakeAction(name, Verb::kCreate, "desktops.create", nullptr);
      a.held_by = "in-flight";
      a.held_reason = p->reason;
      plan.Add(std::move(a));
      continue;
    }
    auto payload = std::make_shared<CreatePayload>();
    payload->request = CreateRequestFor(name, spec, ctx.options.owner);
    Action a = MakeAction(name, Verb::kCreate, "desktops.create", payload, Disruption::kSafe,
                          CreateBatchKey(payload->request));
    a.note = "up to 50 identical desktops per request";
    if (spec.user_name) a.depends_on.push_back(ObjectKey("User", *spec.user_name));
    plan.Add(std::move(a));
  }
  for (const auto& owned : ctx.inventory.OfKind(kKind)) {
    if (ctx.manifests.Find(kKind, owned.name)) continue;
    const cloud::desktops::Desktop* live = Live(owned.name);
    if (!live) continue;
    Action a = MakeAction(owned.name, Verb::kDelete, "desktops.batch_delete", Ids(live->id),
                          Disruption::kDestructive, "desktops.batch_delete");
    a.note = "the desktop and the data on it";
    // Busy (with the delete an earlier run started, say): wait for the task rather than have the
    // API refuse the call, or answer that the desktop no longer exists. Without --prune the gate
    // says why it stays.
    if (ctx.options.prune && cloud::desktops::TaskRunning(*live)) {
      a.held_by = "busy";
      a.held_reason =
          StrCat("the desktop is busy (", live->task_status, "); deleted once that ends");
    }
    plan.Add(std::move(a));
  }
}

void DesktopReconciler::DiffExisting(const DiffContext& ctx, const specs::Object& o,
                                     const cloud::desktops::Desktop& d, PlanBuilder& plan) const {
  const auto& s = *o.As<specs::DesktopSpec>();
  const std::string& name = o.meta.name;
  bool owned = ctx.Owned(kKind, name);
  std::vector<Action> actions;
  if (!owned) {
    if (!o.policy.adopt.value_or(ctx.options.AdoptKind(kKind))) {
      plan.Error(kKind, name,
                 "a desktop of this name exists but deskops does not own it; allow "
                 "adoption (deskops.io/adopt: \"true\") to manage it");
      return;
    }
    actions.push_back(MakeAction(name, Verb::kAdopt, "(none)", Ids(d.id)));
  }
  if (auto errors = ImmutableErrors(s, d); !errors.empty()) {
    for (const auto& e : errors) plan.Error(kKind, name, e);
    return;
  }
  if (d.status == "ERROR") {
    auto inv = ctx.inventory.Find(kKind, name);
    if (inv && inv->create_failed && !cloud::desktops::TaskRunning(d)) {
      plan.Add(Recreate(ctx, o, d));
      return;
    }
    plan.Error(kKind, name, "the desktop is in ERROR state; fix or delete it in the console");
    return;
  }
  // Steps that start a job, in the order they run: one per desktop at a time, the rest wait.
  std::vector<Action> jobs;
  if (!d.image_id.empty() && s.image_id != d.image_id) {
    Action a =
        MakeAction(name, Verb::kRebuild, "desktops.rebuild", Ids(d.id, s.image_type, s.image_id),
                   Disruption::kDestructive, "rebuild|" + s.image_type + "|" + s.image_id);
    a.changes = {{"spec.imageId", Show(d.image_id), Show(s.image_id)}};
    a.note = "rebuilds the system disk: data on C: is lost";
    jobs.push_back(std::move(a));
  }
  if (!d.product_id.empty() && s.product_id != d.product_id) {
    Action a = MakeAction(name, Verb::kResize, "desktops.resize", Ids(d.id, s.product_id),
                          Disruption::kDisruptive, "resize|" + s.product_id);
    a.changes = {{"spec.productId", Show(d.product_id), Show(s.product_id)}};
    a.note = "stops the desktop first";
    jobs.push_back(std::move(a));
  }
  DiffNetwork(s, d, name, jobs, plan);
  DiffUser(s, d, name, jobs);
  DiffVolumes(s, d, name, jobs, plan);
  DiffPower(s, d, name, jobs, plan);
  std::vector<Action> sync;
  DiffTags(s, d, name, ctx.options.owner, sync);
  DiffMaintenance(s, d, name, sync, jobs);
  Sequence(d, jobs);
  for (auto& a : jobs) actions.push_back(std::move(a));
  for (auto& a : sync) actions.push_back(std::move(a));
  bool changed = false;
  for (auto& a : actions) {
    changed = changed || (a.verb != Verb::kAdopt);
    plan.Add(std::move(a));
  }
  if (!changed) plan.InSync();
}

}  // namespace deskops::reconcilers
