// Executing scheduled-task steps, and asking 4.20.6 for a plan (scheduled_task_reconciler.h).
#include "core/strings.h"
#include "reconcilers/engine/steps.h"
#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"

namespace deskops::reconcilers::scheduled_task {

using core::Status;
using core::StrCat;
namespace ops = cloud::ops;

namespace {

constexpr const char* kKind = "ScheduledTask";

// The task 4.20.2 just created (it answers without a body): by name, and not the one it replaced.
core::StatusOr<api::Task> FindCreated(ExecContext& ctx, const std::string& name,
                                      const std::string& replaced) {
  DESKOPS_ASSIGN_OR_RETURN(auto listed, api::List(ctx.client, name));
  for (api::Task& t : listed) {
    if (t.task_name == name && t.id != replaced) return std::move(t);
  }
  return Status::NotFound("created, but the task list does not show it yet");
}

// What only 4.20.4 takes (enable, priority, is_gray), where the new task differs.
std::optional<api::Request> Followup(const Create& c, const api::Task& created) {
  api::Request r;
  bool any = false;
  if (c.enable && *c.enable != created.enable) any = true, r.enable = c.enable;
  if (c.priority && *c.priority != created.priority) any = true, r.priority = c.priority;
  if (c.is_gray.value_or(false)) any = true, r.is_gray = c.is_gray;
  if (!any) return std::nullopt;
  return r;
}

ActionResult CreateTask(ExecContext& ctx, const Action& a, const Create& c) {
  api::Request request = c.request;
  auto objects = ResolveTargets(ctx.index, c.targets);  // before deleting anything
  if (!objects.ok()) return {objects.status().Annotate("scheduled task targets")};
  request.apply_objects = std::move(*objects);
  if (c.gray_desktops) {
    auto ids = ResolveDesktops(ctx.index, *c.gray_desktops);
    if (!ids.ok()) return {ids.status().Annotate("gray desktops")};
    request.gray_desktop_ids = std::move(*ids);
  }
  if (!c.replaces_id.empty()) {
    ActionResult deleted = CallSync(ctx, ops::kDeleteScheduledTask, a,
                                    [&] { return api::Delete(ctx.client, c.replaces_id); });
    if (!deleted.status.ok()) return deleted;
    ctx.index.Remove(kKind, a.name);
  }
  ActionResult created =
      CallSync(ctx, ops::kCreateScheduledTask, a, [&] { return api::Create(ctx.client, request); });
  if (!created.status.ok()) return created;
  auto found = FindCreated(ctx, a.name, c.replaces_id);
  if (!found.ok()) {
    // It was created (200): deskops owns it, and the next pass learns its ID by name.
    ctx.inventory.Own(kKind, a.name, "");
    return {found.status().Annotate("looking up the new task's ID")};
  }
  // Known from here on, whatever the follow-up does.
  ctx.inventory.Own(kKind, a.name, found->id);
  ctx.index.Put({kKind, a.name, found->id, {}});
  ActionResult done;
  if (auto followup = Followup(c, *found)) {
    done = CallSync(ctx, ops::kModifyScheduledTask, a,
                    [&] { return api::Modify(ctx.client, found->id, *followup); });
  }
  done.id = found->id;
  return done;
}

// The schedule to send: the manifest's, with the live value of each field whose change
// deskops.io/ignore-changes dropped (the whole schedule when its form changed).
specs::TaskSchedule MergeSchedule(const Action& a, const specs::TaskSchedule& want,
                                  const specs::TaskSchedule& have) {
  if (Keeps(a, "spec.schedule")) return want;
  specs::TaskSchedule s = have;
  const std::string base = StrCat("spec.schedule.", specs::PeriodField(want.period));
  if (Keeps(a, base + ".time")) s.time = want.time;
  if (Keeps(a, base + ".date")) s.date = want.date;
  if (Keeps(a, base + ".interval")) s.interval = want.interval;
  if (Keeps(a, base + ".days")) s.week_days = want.week_days, s.month_days = want.month_days;
  if (Keeps(a, base + ".months")) s.months = want.months;
  if (Keeps(a, base + ".event")) s.event = want.event;
  if (Keeps(a, base + ".waitTime")) s.wait_time = want.wait_time;
  if (Keeps(a, "spec.schedule.timeZone")) s.time_zone = want.time_zone;
  if (Keeps(a, "spec.schedule.expires")) s.expires = want.expires;
  return s;
}

bool ScheduleKept(const Action& a) {
  return std::any_of(a.changes.begin(), a.changes.end(), [](const FieldChange& c) {
    return c.path == "spec.schedule" || core::StartsWith(c.path, "spec.schedule.");
  });
}

// The 4.20.4 body of an update: the fields whose changes are still planned.
core::StatusOr<api::Request> UpdateRequest(ExecContext& ctx, const Action& a, const Update& u) {
  api::Request r = u.request;
  if (!Keeps(a, "spec.description")) r.description.reset();
  if (!Keeps(a, "spec.enable")) r.enable.reset();
  if (!Keeps(a, "spec.priority")) r.priority.reset();
  if (!Keeps(a, "spec.forceExecute")) r.force_execute.reset();
  if (!Keeps(a, "spec.extraParams")) r.extra_params.reset();
  if (!Keeps(a, "spec.gray.count")) r.gray_count.reset();
  if (!Keeps(a, "spec.gray.failThreshold")) r.gray_fail_threshold.reset();
  if (!Keeps(a, "spec.gray.enabled")) r.is_gray.reset();
  if (u.desired && u.live && ScheduleKept(a)) {
    r.schedule = WireSchedule(MergeSchedule(a, *u.desired, *u.live));
  }
  if (u.targets && Keeps(a, "spec.targets")) {
    DESKOPS_ASSIGN_OR_RETURN(auto objects, ResolveTargets(ctx.index, *u.targets));
    r.apply_objects = std::move(objects);
  }
  if (u.gray_desktops && Keeps(a, "spec.gray.desktops")) {
    DESKOPS_ASSIGN_OR_RETURN(auto ids, ResolveDesktops(ctx.index, *u.gray_desktops));
    r.gray_desktop_ids = std::move(ids);
  }
  return r;
}

bool Refusal(const Status& s) {
  // 400s, and A.2's codes for a schedule that is incomplete, never triggers or has no interval
  // (WKS.00000026, WKS.00000028, WKS.00000029: 500s, L50768-50773).
  const std::string_view code = s.api_code();
  return s.http_status() == 400 || code == "WKS.00000026" || code == "WKS.00000028" ||
         code == "WKS.00000029";
}

}  // namespace

ActionResult RunStep(ExecContext& ctx, const Action& a) {
  const Step& step = StepOf<Step>(a);
  if (const auto* c = std::get_if<Create>(&step)) return CreateTask(ctx, a, *c);
  const auto& u = std::get<Update>(step);
  auto request = UpdateRequest(ctx, a, u);
  if (!request.ok()) return {request.status().Annotate("scheduled task")};
  return CallSync(ctx, ops::kModifyScheduledTask, a,
                  [&] { return api::Modify(ctx.client, u.id, *request); });
}

std::optional<Preview> AskNextRuns(cloud::ApiClient& client, const specs::TaskSchedule& s) {
  auto runs = api::FutureExecutions(client, WireSchedule(s));
  if (runs.ok()) return Preview{std::move(*runs), ""};
  if (Refusal(runs.status())) return Preview{{}, std::string(runs.status().message())};
  return std::nullopt;
}

}  // namespace deskops::reconcilers::scheduled_task
