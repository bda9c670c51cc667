#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/strings.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/gates.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {
namespace scheduled_task {

using core::StrCat;
namespace ops = cloud::ops;

namespace {

constexpr const char* kKind = "ScheduledTask";
constexpr std::size_t kMaxPerDelete = 50;

// The manifests a plan reconciles: declared, not suspended.
std::vector<const specs::Object*> Declared(const ObserveContext& ctx) {
  std::vector<const specs::Object*> out;
  if (!ctx.manifests) return out;
  for (const specs::Object* o : ctx.manifests->OfKind(kKind)) {
    if (!o->policy.suspend) out.push_back(o);
  }
  return out;
}

// Whether a plan reads this task's details (4.20.3): it is declared or owned.
bool Needed(const ObserveContext& ctx, const std::string& name) {
  if (ctx.purpose == Purpose::kExport) return true;
  if (ctx.purpose != Purpose::kPlan) return false;
  return (ctx.manifests && ctx.manifests->Find(kKind, name)) ||
         (ctx.inventory && ctx.inventory->Find(kKind, name));
}

// A plan's preview of a declared task's schedule that differs from the live one (4.20.6).
void AddPreview(const ObserveContext& ctx, LiveTask& live) {
  const specs::Object* o =
      ctx.manifests ? ctx.manifests->Find(kKind, live.task.task_name) : nullptr;
  if (!o || o->policy.suspend || IgnoresChange(*o, "spec.schedule")) return;
  const auto& spec = *o->As<specs::ScheduledTaskSpec>();
  if (spec.schedule.period == specs::SchedulePeriod::kTrigger) return;
  if (DiffSchedule(spec.schedule, LiveSchedule(live.task), nullptr).empty()) return;
  live.preview = AskNextRuns(ctx.client, spec.schedule);
}

std::string ExtraParamsLeftOut(const std::string& text, ExportDoc& doc) {
  if (text.empty()) return "";
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "extraParams is not a JSON object";
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string() || k.find('.') != std::string::npos) {
      return "extraParams has values the manifest schema does not accept";
    }
  }
  for (const auto& [k, v] : j.items()) doc.Set("extraParams." + k, v.get<std::string>());
  return "";
}

std::vector<std::string> NamesOf(const std::vector<int>& numbers, std::string_view (*name)(int)) {
  std::vector<std::string> out;
  for (int n : numbers) out.emplace_back(name(n));
  return out;
}

void ExportSchedule(const api::Task& t, ExportDoc& doc) {
  const specs::TaskSchedule s = LiveSchedule(t);
  const std::string base = StrCat("schedule.", specs::PeriodField(s.period));
  switch (s.period) {
    case specs::SchedulePeriod::kOnce:
      doc.Set(base + ".date", s.date);
      break;
    case specs::SchedulePeriod::kDaily:
      doc.Set(base + ".interval", s.interval);
      break;
    case specs::SchedulePeriod::kWeekly:
      doc.SetList(base + ".days", NamesOf(s.week_days, specs::WeekDayName));
      break;
    case specs::SchedulePeriod::kMonthly:
      if (s.months.size() != 12) doc.SetList(base + ".months", NamesOf(s.months, specs::MonthName));
      doc.Set(base + ".days", s.month_days);
      break;
    case specs::SchedulePeriod::kTrigger:
      doc.Set(base + ".event", s.event);
      if (s.wait_time) doc.Set(base + ".waitTime", *s.wait_time);
      break;
  }
  if (s.period != specs::SchedulePeriod::kTrigger) doc.Set(base + ".time", s.time);
  if (s.time_zone) doc.Set("schedule.timeZone", *s.time_zone);
  if (s.expires) doc.Set("schedule.expires", *s.expires);
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::ScheduledTaskKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{
      .needs = std::vector<std::string>{"Desktop", "DesktopPool"},
      .serial = true,
      .replaceable = true,
      .batch_delete = &ops::kBatchDeleteScheduledTasks,
      .max_per_delete = kMaxPerDelete,  // the reference gives 4.20.7 no limit: one list page
      .delete_ids = [](cloud::ApiClient& client,
                       const std::vector<std::string>& ids) -> core::StatusOr<std::string> {
        DESKOPS_RETURN_IF_ERROR(api::BatchDelete(client, ids));
        return std::string();
      }};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kListScheduledTasks,  &ops::kGetScheduledTask,    &ops::kCreateScheduledTask,
          &ops::kModifyScheduledTask, &ops::kDeleteScheduledTask, &ops::kBatchDeleteScheduledTasks,
          &ops::kFutureExecutions,    &ops::kListTimeZones};
}

core::StatusOr<std::vector<LiveTask>> Reconciler::List(const ObserveContext& ctx) const {
  DESKOPS_ASSIGN_OR_RETURN(auto listed, api::List(ctx.client, ctx.name));
  std::vector<LiveTask> out;
  for (api::Task& t : listed) {
    if (ctx.name && t.task_name != *ctx.name) continue;  // the filter matches substrings
    LiveTask live{std::move(t), std::nullopt};
    if (Needed(ctx, live.task.task_name)) {
      DESKOPS_RETURN_IF_ERROR(api::Get(ctx.client, live.task));
    }
    if (ctx.purpose == Purpose::kPlan && live.task.detailed) AddPreview(ctx, live);
    out.push_back(std::move(live));
  }
  return out;
}

core::StatusOr<std::vector<LiveRef>> Reconciler::Lookups(const ObserveContext& ctx) const {
  std::vector<LiveRef> out;
  const std::vector<const specs::Object*> declared = Declared(ctx);
  if (declared.empty()) return out;
  DESKOPS_ASSIGN_OR_RETURN(auto zones, api::ListTimeZones(ctx.client));
  for (const auto& z : zones) out.push_back({kZoneKind, z.name, "", {{"offset", z.offset}}});
  // Previews of the tasks a plan will create: declared, not owned, and not in the tenant. The
  // list is read only when a declared task is not owned (a first apply, an adoption).
  std::vector<const specs::Object*> fresh;
  for (const specs::Object* o : declared) {
    const auto& spec = *o->As<specs::ScheduledTaskSpec>();
    if (spec.schedule.period == specs::SchedulePeriod::kTrigger) continue;
    if (ctx.inventory && ctx.inventory->Find(kKind, o->meta.name)) continue;
    fresh.push_back(o);
  }
  if (fresh.empty()) return out;
  DESKOPS_ASSIGN_OR_RETURN(auto live, api::List(ctx.client));
  std::set<std::string> names;
  for (const api::Task& t : live) names.insert(t.task_name);
  for (const specs::Object* o : fresh) {
    if (names.count(o->meta.name)) continue;
    auto preview = AskNextRuns(ctx.client, o->As<specs::ScheduledTaskSpec>()->schedule);
    if (!preview) continue;
    out.push_back({kNextKind,
                   o->meta.name,
                   "",
                   {{"runs", core::Join(preview->runs, "\n")}, {"refused", preview->refused}}});
  }
  return out;
}

void Reconciler::PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const {
  CheckTimeZone(ctx, spec.schedule, p);
  Action a = CreateStep(*this, ctx, spec, "", p);
  if (!p.errors.empty()) return;
  p.actions.push_back(std::move(a));
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  const std::string want(specs::TaskTypeName(spec.task_type));
  if (want != live.task.task_type) {
    // 4.20.4 has no task_type (L38179-38207): a new type is a new task.
    p.Immutable("spec.taskType", Show(want), Show(live.task.task_type));
    return;
  }
  if (!live.task.detailed) {
    p.errors.push_back("the task's details (4.20.3) were not read");
    return;
  }
  CheckTimeZone(ctx, spec.schedule, p);
  std::optional<Action> a = UpdateStep(*this, ctx, spec, live, p);
  if (a && p.errors.empty()) p.actions.push_back(std::move(*a));
}

void Reconciler::PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                             ObjectPlan& p) const {
  CheckTimeZone(ctx, spec.schedule, p);
  Action a = CreateStep(*this, ctx, spec, live.task.id, p);
  a.note = StrCat("deleted and created again: 4.20.4 cannot change taskType",
                  a.note.empty() ? "" : "; ", a.note);
  if (p.errors.empty()) p.actions.push_back(std::move(a));
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) results.push_back(RunStep(ctx, *a));
  return results;
}

void Reconciler::ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const {
  const api::Task& t = live.task;
  doc.Set("taskType", t.task_type).Set("description", t.description).Set("enable", t.enable);
  if (t.priority) doc.Set("priority", t.priority);
  if (t.force_execute) doc.Set("forceExecute", true);
  std::string left_out = ExtraParamsLeftOut(t.extra_params, doc);
  ExportSchedule(t, doc);
  if (LiveSchedule(t).period != specs::SchedulePeriod::kTrigger && !LiveSchedule(t).time_zone) {
    left_out = "the task has no time zone, which a manifest needs: add spec.schedule.timeZone";
  }
  for (const auto& target : LiveTargets(ctx.index, t)) {
    doc.Append("targets", {{"objectType", std::string(specs::TargetTypeName(target.type))},
                           {"objectName", target.name}});
  }
  if (t.task_type == "EXECUTE_SCRIPT") {
    if (t.gray_count) doc.Set("gray.count", t.gray_count);
    if (t.gray_fail_threshold) doc.Set("gray.failThreshold", t.gray_fail_threshold);
    std::vector<std::string> gray;
    for (const std::string& id : t.gray_desktop_ids) {
      auto ref = ctx.index.FindById("Desktop", id);
      gray.push_back(ref ? ref->name : id);
    }
    if (!gray.empty()) doc.SetList("gray.desktops", gray);
  }
  if (!left_out.empty()) doc.Annotate("export.deskops.io/left-out", left_out);
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "ID", "TYPE", "SCHEDULE", "NEXT RUN", "ENABLED", "LAST STATUS"};
}

Reconciler::Row Reconciler::RowOf(const Live& live) const {
  const api::Task& t = live.task;
  const std::string schedule = t.scheduled_type == "LIFE_CYCLE"
                                   ? StrCat("LIFE_CYCLE ", t.life_cycle_type)
                                   : t.scheduled_type;
  return {{t.task_name, t.id, t.task_type, schedule, t.next_execution_time, Show(t.enable),
           t.last_status},
          nlohmann::json{{"name", t.task_name},
                         {"id", t.id},
                         {"task_type", t.task_type},
                         {"scheduled_type", t.scheduled_type},
                         {"life_cycle_type", t.life_cycle_type},
                         {"next_execution_time", t.next_execution_time},
                         {"enable", t.enable},
                         {"priority", t.priority},
                         {"time_zone", t.time_zone},
                         {"last_status", t.last_status},
                         {"description", t.description}}
              .dump()};
}

}  // namespace scheduled_task

std::unique_ptr<reconcilers::Reconciler> MakeScheduledTaskReconciler() {
  return std::make_unique<scheduled_task::Reconciler>();
}

}  // namespace deskops::reconcilers
