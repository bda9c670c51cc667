// Scheduled tasks, 4.20.1-4.20.7 and 4.20.10 (L37753-38916): list, create, read, modify and
// delete tasks, preview their next execution times, delete them in batches, and list the time
// zones. A family on the seam (resource.h): its state is a TaskStore (task_store.h), request
// bodies are read by task_request.h, times computed by task_schedule.h. 4.20.8 and 4.20.9 (the
// execution records) are not served: the simulator runs no task.
//
// Where the reference is silent or contradicts itself:
// - 4.20.1 makes offset and limit mandatory (L37777-37778): a list without either is 400 WKS.0001.
//   limit is 0 to 50. Triggered tasks are listed only when scheduled_type=LIFE_CYCLE is asked for
//   (L37783); without scheduled_type the others are. task_name filters by substring,
//   case-insensitively, like the service's other name filters; the other filters are exact.
// - 4.20.2 answers 200 without a body (L38003), so a client finds the new task by name. A name
//   already taken has no documented code: 409 SIM.0409 as for other kinds. enable, priority and
//   is_gray are 4.20.4's only (L38202-38206): a new task is enabled, with priority 0.
// - 4.20.3, 4.20.4 and 4.20.5 document no 404 (L38143, L38283, L38357): an unknown task_id is
//   400 WKS.0568, as for 4.5.3. 4.20.7 takes task_ids that must all exist (400 WKS.0568) before
//   any is deleted.
// - Time zones: 4.20.2 writes a zone name (Asia/Shanghai, L37987), 4.20.10 gives each name an
//   offset (GMT+08:00, L38894) and the 4.20.3 example answers an offset written GMT+8 (L38136).
//   Both forms are accepted on write; 4.20.1 answers the zone as written, 4.20.3 its offset as
//   GMT+8 (the example's form). A task without a zone runs at UTC.
// - next_execution_time (4.20.1) is the next run in the task's zone, yyyy-MM-dd HH:mm:ss, and ""
//   for a disabled or triggered task or one that will not run again. 4.20.6 answers the next five
//   runs the same way (the reference gives no count), [] for a schedule that never runs.
// - Errors use 4.20's four-field body (api-errors.md 1); 4.20.10 the three-field one (L38848).
#include <chrono>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/resource.h"
#include "simulator/resources/scheduled_tasks/task_request.h"
#include "simulator/resources/scheduled_tasks/task_store.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;
using std::chrono::sys_seconds;

constexpr std::size_t kPreviewRuns = 5;
constexpr PageSpec kTaskPages = {.default_limit = 50, .max_limit = 50};  // L37778

sys_seconds NowOf(const Context& ctx) {
  return sys_seconds{std::chrono::seconds(ctx.now_ms / 1000)};
}

// Errors of 4.20.1-4.20.9 in the four-field shape, whatever the core's table says for the ID.
template <HandlerFn F>
core::StatusOr<Response> Detailed(Context& ctx) {
  core::StatusOr<Response> r = F(ctx);
  if (r.ok()) return r;
  return ErrorResponse(r.status(), ErrorShape::kWithDetail);
}

TaskStore& Store(Context& ctx) { return ctx.state.Ext<TaskStore>(); }

core::StatusOr<ScheduledTask*> PathTask(Context& ctx) {
  ScheduledTask* t = Store(ctx).tasks.Find(ctx.Param("task_id"));
  if (!t) return ResourceNotFoundInBody("scheduled task", ctx.Param("task_id"));
  return t;
}

std::string NextExecution(const Context& ctx, const ScheduledTask& t) {
  if (!t.enable || t.scheduled_type == "LIFE_CYCLE") return "";
  const TaskStore& store = ctx.state.Ext<TaskStore>();
  auto runs = tasks::NextRuns(tasks::ScheduleOf(store, t), NowOf(ctx), 1);
  return runs.empty() ? "" : tasks::FormatLocal(runs.front(), tasks::OffsetOf(store, t));
}

Json ListItem(const Context& ctx, const ScheduledTask& t) {  // ScheduledTask, L37804-37820
  return {{"id", t.id},
          {"task_name", t.task_name},
          {"task_type", t.task_type},
          {"scheduled_type", t.scheduled_type},
          {"life_cycle_type", t.scheduled_type == "LIFE_CYCLE" ? t.life_cycle_type : ""},
          {"last_status", t.last_status},
          {"next_execution_time", NextExecution(ctx, t)},
          {"enable", t.enable},
          {"description", t.description},
          {"priority", t.priority},
          {"time_zone", t.time_zone},
          {"wait_time", t.wait_time}};
}

Json Detail(const Context& ctx, const ScheduledTask& t) {  // L38047-38081
  Json objects = Json::array();
  for (const TaskObject& o : t.apply_objects) {
    objects.push_back({{"object_id", o.object_id},
                       {"object_type", o.object_type},
                       {"object_name", o.object_name}});
  }
  const std::string zone =
      t.time_zone.empty() ? "" : tasks::ShortOffset(tasks::OffsetOf(ctx.state.Ext<TaskStore>(), t));
  return {{"id", t.id},
          {"task_type", t.task_type},
          {"task_name", t.task_name},
          {"force_execute", t.force_execute},
          {"scheduled_type", t.scheduled_type},
          {"life_cycle_type", t.scheduled_type == "LIFE_CYCLE" ? t.life_cycle_type : ""},
          {"day_interval", t.day_interval},
          {"week_list", t.week_list},
          {"month_list", t.month_list},
          {"date_list", t.date_list},
          {"scheduled_date", t.scheduled_date},
          {"scheduled_time", t.scheduled_time},
          {"expire_time", t.expire_time},
          {"description", t.description},
          {"extra_params", t.extra_params.is_null() ? "" : t.extra_params.dump()},
          {"apply_objects", objects},
          {"gray_count", t.gray_count},
          {"gray_desktop_ids", t.gray_desktop_ids},
          {"gray_fail_threshold", t.gray_fail_threshold},
          {"time_zone", zone},
          {"wait_time", t.wait_time}};
}

bool Listed(const QueryParams& q, const ScheduledTask& t) {
  auto exact = [&](std::string_view key, const std::string& value) {
    auto wanted = q.Get(key);
    return !wanted || *wanted == value;
  };
  const bool triggered = t.scheduled_type == "LIFE_CYCLE";
  auto period = q.Get("scheduled_type");
  if (period ? *period != t.scheduled_type : triggered) return false;  // L37783
  auto name = q.Get("task_name");
  return (!name || Fuzzy(t.task_name, *name)) && exact("task_type", t.task_type) &&
         exact("life_cycle_type", t.life_cycle_type) && exact("last_status", t.last_status);
}

core::StatusOr<Response> ListTasks(Context& ctx) {
  for (const char* key : {"offset", "limit"}) {
    if (!ctx.query.Has(key)) return InvalidField(key, "It is mandatory (L37777-37778).");
  }
  DESKOPS_ASSIGN_OR_RETURN(Page page, ParsePage(ctx.query, kTaskPages));
  std::vector<ScheduledTask*> found =
      Store(ctx).tasks.Select([&](const ScheduledTask& t) { return Listed(ctx.query, t); });
  return PageResponse(found, page, "scheduled_tasks", "total_count",
                      [&](const ScheduledTask* t) { return ListItem(ctx, *t); });
}

core::StatusOr<Response> CreateTask(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  ScheduledTask task;
  DESKOPS_ASSIGN_OR_RETURN(tasks::Applied applied,
                           tasks::ApplyBody(ctx, body, tasks::Body::kCreate, task));
  if (Store(ctx).FindByName(task.task_name)) return AlreadyExists("scheduled task", task.task_name);
  applied.schedule = true;
  DESKOPS_RETURN_IF_ERROR(tasks::CheckTask(ctx, task, applied));
  task.id = ctx.state.NewUuid();
  task.created_ms = ctx.now_ms;
  Store(ctx).tasks.Add(std::move(task));
  return EmptyResponse(200);  // "Normal." without a body (L37947, L38003)
}

core::StatusOr<Response> GetTask(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(ScheduledTask * t, PathTask(ctx));
  return JsonResponse(200, Detail(ctx, *t));
}

core::StatusOr<Response> ModifyTask(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(ScheduledTask * t, PathTask(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  ScheduledTask changed = *t;  // all or nothing: the task changes only if every rule holds
  DESKOPS_ASSIGN_OR_RETURN(tasks::Applied applied,
                           tasks::ApplyBody(ctx, body, tasks::Body::kModify, changed));
  const ScheduledTask* namesake = Store(ctx).FindByName(changed.task_name);
  if (namesake && namesake->id != t->id) return AlreadyExists("scheduled task", changed.task_name);
  DESKOPS_RETURN_IF_ERROR(tasks::CheckTask(ctx, changed, applied));
  *t = std::move(changed);
  return EmptyResponse(200);  // L38219
}

core::StatusOr<Response> DeleteTask(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(ScheduledTask * t, PathTask(ctx));
  Store(ctx).tasks.Remove(t->id);
  return EmptyResponse(200);  // L38323
}

core::StatusOr<Response> FutureExecutions(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  ScheduledTask task;
  DESKOPS_ASSIGN_OR_RETURN(tasks::Applied applied,
                           tasks::ApplyBody(ctx, body, tasks::Body::kPreview, task));
  (void)applied;
  Json runs = Json::array();
  if (task.scheduled_type.empty()) {
    return ApiError(500, "WKS.00000026",
                    "Failed to create the task. Please configure cron expression: scheduled_type "
                    "is missing.");
  }
  if (task.scheduled_type == "LIFE_CYCLE") return JsonResponse(200, {{"future_executions", runs}});
  // The schedule as a create would take it, counted from today; a schedule that never runs has no
  // future executions rather than an error.
  task.task_type = "STOP";
  core::Status checked = tasks::CheckTask(ctx, task, tasks::Applied{});
  if (!checked.ok()) return checked;
  const TaskStore& store = Store(ctx);
  task.anchor_date = tasks::FormatDate(tasks::LocalDay(NowOf(ctx), tasks::OffsetOf(store, task)));
  for (sys_seconds run :
       tasks::NextRuns(tasks::ScheduleOf(store, task), NowOf(ctx), kPreviewRuns)) {
    runs.push_back(tasks::FormatLocal(run, tasks::OffsetOf(store, task)));
  }
  return JsonResponse(200, {{"future_executions", runs}});
}

core::StatusOr<Response> BatchDeleteTasks(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<std::string> ids = r.StrList("task_ids").value_or(std::vector<std::string>{});
  if (!r.ok()) return r.status();
  TaskStore& store = Store(ctx);
  for (const std::string& id : ids) {
    if (!store.tasks.Find(id)) return ResourceNotFoundInBody("scheduled task", id);
  }
  for (const std::string& id : ids) store.tasks.Remove(id);
  return EmptyResponse(200);  // L38516
}

core::StatusOr<Response> ListTimeZones(Context& ctx) {
  auto name = ctx.query.Get("time_zone_name");
  Json zones = Json::array();
  for (const TimeZone& z : Store(ctx).time_zones) {
    if (!name || Fuzzy(z.time_zone_name, *name)) zones.push_back(z);
  }
  return JsonResponse(200, {{"time_zones", zones}});  // L38832-38846
}

class TasksResource final : public Resource {
 public:
  std::string_view name() const override { return "scheduled_tasks"; }
  std::span<const Operation> operations() const override {
    static const Operation kOperations[] = {
        // 4.20.1, 4.20.2
        {"GET", "/v2/{project_id}/scheduled-tasks", "scheduled_tasks.list", Detailed<ListTasks>},
        {"POST", "/v2/{project_id}/scheduled-tasks", "scheduled_tasks.create",
         Detailed<CreateTask>},
        // 4.20.6, 4.20.7: literal segments, matched before {task_id}
        {"POST", "/v2/{project_id}/scheduled-tasks/future-executions",
         "scheduled_tasks.future_executions", Detailed<FutureExecutions>},
        {"POST", "/v2/{project_id}/scheduled-tasks/batch-delete", "scheduled_tasks.batch_delete",
         Detailed<BatchDeleteTasks>},
        // 4.20.3, 4.20.4, 4.20.5
        {"GET", "/v2/{project_id}/scheduled-tasks/{task_id}", "scheduled_tasks.get",
         Detailed<GetTask>},
        {"PUT", "/v2/{project_id}/scheduled-tasks/{task_id}", "scheduled_tasks.modify",
         Detailed<ModifyTask>},
        {"DELETE", "/v2/{project_id}/scheduled-tasks/{task_id}", "scheduled_tasks.delete",
         Detailed<DeleteTask>},
        // 4.20.10
        {"GET", "/v2/{project_id}/common/timezones", "time_zones.list", ListTimeZones},
    };
    return kOperations;
  }
  std::unique_ptr<StateExtension> NewState() const override {
    return std::make_unique<TaskStore>();
  }
  std::vector<ObjectKind> object_kinds() const override {
    return {StoreKind<ScheduledTask>(
        "scheduled_tasks",
        [](State& s) -> OrderedStore<ScheduledTask>& { return s.Ext<TaskStore>().tasks; })};
  }
};

}  // namespace

const Resource& ScheduledTasksResource() {
  static const TasksResource kTasks;
  return kTasks;
}

}  // namespace deskops::simulator
