#include "simulator/resources/scheduled_tasks/task_request.h"

#include "core/strings.h"

namespace deskops::simulator::tasks {
namespace {

using Json = nlohmann::json;
using std::chrono::sys_seconds;

constexpr std::string_view kTaskTypes[] = {
    "START", "STOP", "REBOOT", "HIBERNATE", "REBUILD", "EXECUTE_SCRIPT", "CREATE_SNAPSHOT"};
constexpr std::string_view kPeriods[] = {"FIXED_TIME", "DAY", "WEEK", "MONTH", "LIFE_CYCLE"};
// L37925; 4.20.3 leaves POST_DESKTOP_DISCONNECTED out of its read table (L38057), the write tables
// of 4.20.2, 4.20.4 and 4.20.6 list it: it is accepted.
constexpr std::string_view kTriggers[] = {
    "POST_CREATE_DESKTOP_SUCCESS", "POST_REBUILD_DESKTOP_SUCCESS", "POST_REATTACH_DESKTOP_SUCCESS",
    "POST_DESKTOP_DISCONNECTED"};
constexpr std::string_view kObjectTypes[] = {"DESKTOP", "DESKTOP_POOL", "ALL_DESKTOPS",
                                             "DESKTOP_TAG"};

bool IsOneOf(std::string_view value, std::span<const std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// A list field in its documented syntax, kept as written.
void ReadList(BodyReader& r, std::string_view key, int hi, bool allow_last, std::string& out,
              bool& schedule) {
  std::optional<std::string> text = r.Str(key);
  if (!text) return;
  bool last = false;
  if (!ParseNumberList(*text, 1, hi, allow_last, &last)) {
    r.Fail(
        InvalidField(key, core::StrCat("It lists values from 1 to ", hi, allow_last ? " and L" : "",
                                       " separated by commas, each once.")));
    return;
  }
  out = *text;
  schedule = true;
}

void ReadFormatted(BodyReader& r, std::string_view key, bool (*valid)(std::string_view),
                   std::string_view format, std::string& out, bool& schedule) {
  std::optional<std::string> text = r.Str(key);
  if (!text) return;
  if (!valid(*text)) {
    r.Fail(InvalidField(key, core::StrCat("The format is ", format, ".")));
    return;
  }
  out = *text;
  schedule = true;
}

bool ValidDate(std::string_view t) { return ParseDate(t).has_value(); }
bool ValidTime(std::string_view t) { return ParseTime(t).has_value(); }
bool ValidDateTime(std::string_view t) { return ParseDateTime(t).has_value(); }

// DESKTOP_TAG objects name a tag as the desktop list's tag filter writes it: key=value or key
// (4.3.2 L5311); tag keys and values as L5135-5136 allow them.
bool ValidTag(std::string_view tag) {
  const std::size_t eq = tag.find('=');
  std::string_view key = tag.substr(0, eq);
  std::string_view value = eq == std::string_view::npos ? "" : tag.substr(eq + 1);
  auto ok = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
             static_cast<unsigned char>(c) >= 0x80;
    });
  };
  return !key.empty() && key.size() <= 128 && value.size() <= 43 && ok(key) && ok(value);
}

core::Status ReadObject(Context& ctx, BodyReader& item, TaskObject& out) {
  out.object_type = item.Enum("object_type", Need::kRequired, kObjectTypes).value_or("");
  out.object_id = item.Str("object_id").value_or("");
  if (!item.ok()) return item.status();
  // object_name is the API's to fill in (4.20.3 reads it, L38081); a name sent with the object
  // (the Go SDK's ApplyObject has one) is not taken.
  if (out.object_type == "ALL_DESKTOPS") {
    out.object_id.clear();
    out.object_name.clear();
    return core::Status::Ok();
  }
  if (out.object_id.empty()) return InvalidField(item.PathOf("object_id"), "It is mandatory.");
  if (out.object_type == "DESKTOP") {
    const Desktop* d = ctx.state.desktops.Find(out.object_id);
    if (!d) return DesktopNotFoundInBody(out.object_id);
    out.object_name = d->computer_name;
  } else if (out.object_type == "DESKTOP_POOL") {
    const Pool* p = ctx.state.pools.Find(out.object_id);
    if (!p) return ResourceNotFoundInBody("desktop pool", out.object_id);
    out.object_name = p->name;
  } else {
    if (!ValidTag(out.object_id)) {
      return InvalidField(item.PathOf("object_id"),
                          "A DESKTOP_TAG object is a tag, key=value or key (L5135-5136).");
    }
    out.object_name = out.object_id;
  }
  return core::Status::Ok();
}

void ReadObjects(Context& ctx, BodyReader& r, ScheduledTask& task) {
  if (!r.Has("apply_objects")) return;
  std::vector<TaskObject> objects;
  r.ForEach("apply_objects", Need::kOptional, 0, [&](BodyReader& item, std::size_t) {
    TaskObject o;
    core::Status s = ReadObject(ctx, item, o);
    if (s.ok()) objects.push_back(std::move(o));
    return s;
  });
  if (r.ok()) task.apply_objects = std::move(objects);
}

void ReadExtraParams(BodyReader& r, ScheduledTask& task) {
  std::optional<std::string> text = r.Str("extra_params");
  if (!text) return;
  if (text->empty()) {
    task.extra_params = nullptr;
    return;
  }
  Json parsed = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    r.Fail(InvalidField("extra_params", "It is an extended parameter in JSON format (L37933)."));
    return;
  }
  task.extra_params = std::move(parsed);
}

void ReadTimeZone(const TaskStore& store, BodyReader& r, ScheduledTask& task, bool& schedule) {
  std::optional<std::string> zone = r.Str("time_zone");
  if (!zone) return;
  // A zone of 4.20.10 by name (the 4.20.2 example, L37987), or an offset: 4.20.10 calls its
  // offsets time zones too (L38841) and 4.20.3 answers one (L38136), so both forms are taken.
  if (!zone->empty() && !store.FindZone(*zone) && !ParseOffset(*zone)) {
    r.Fail(InvalidField("time_zone",
                        "It is a time zone of 4.20.10 (time_zone_name), such as "
                        "Asia/Shanghai, or an offset such as GMT+08:00."));
    return;
  }
  task.time_zone = *zone;
  schedule = true;
}

void ReadSchedule(const TaskStore& store, BodyReader& r, ScheduledTask& task, bool& schedule) {
  if (auto period = r.Enum("scheduled_type", Need::kOptional, kPeriods)) {
    task.scheduled_type = *period;
    schedule = true;
  }
  if (auto interval = r.Int("day_interval")) {
    task.day_interval = *interval;
    schedule = true;
  }
  ReadList(r, "week_list", 7, false, task.week_list, schedule);
  ReadList(r, "month_list", 12, false, task.month_list, schedule);
  ReadList(r, "date_list", 31, true, task.date_list, schedule);
  ReadFormatted(r, "scheduled_date", ValidDate, "yyyy-MM-dd", task.scheduled_date, schedule);
  ReadFormatted(r, "scheduled_time", ValidTime, "HH:mm:ss", task.scheduled_time, schedule);
  ReadFormatted(r, "expire_time", ValidDateTime, "yyyy-MM-dd HH:mm:ss", task.expire_time, schedule);
  ReadTimeZone(store, r, task, schedule);
  if (auto trigger = r.Str("life_cycle_type")) {
    task.life_cycle_type = *trigger;  // checked by CheckTask: it counts only for LIFE_CYCLE
    schedule = true;
  }
}

void ReadGray(BodyReader& r, ScheduledTask& task) {
  if (auto n = r.Int("gray_count", Need::kOptional, 0)) task.gray_count = *n;
  if (auto ids = r.StrList("gray_desktop_ids")) task.gray_desktop_ids = *ids;
  if (auto n = r.Int("gray_fail_threshold", Need::kOptional, 0)) task.gray_fail_threshold = *n;
}

void ReadSettings(BodyReader& r, ScheduledTask& task, Body kind) {
  if (auto d = r.Str("description")) task.description = *d;
  if (auto f = r.Bool("force_execute")) task.force_execute = *f;
  if (auto w = r.Int("wait_time", Need::kOptional, 0)) task.wait_time = *w;
  ReadExtraParams(r, task);
  if (kind != Body::kModify) return;
  // enable, priority and is_gray are 4.20.4's only (L38202-38206): 4.20.2 has no such fields, so
  // a create that sends them is not changed by them.
  if (auto e = r.Bool("enable")) task.enable = *e;
  if (auto p = r.Int("priority")) task.priority = *p;
  if (auto g = r.Bool("is_gray")) task.is_gray = *g;
}

core::Status Fail500(std::string_view code, std::string message) {
  return ApiError(500, code, std::move(message));
}

core::Status CheckComplete(const ScheduledTask& t, Period period) {
  // A.2 WKS.00000026 "Failed to create the task." - "Please configure cron expression" (L50768).
  auto missing = [](std::string_view field) {
    return Fail500("WKS.00000026",
                   core::StrCat("Failed to create the task. Please configure cron expression: ",
                                field, " is missing."));
  };
  if (period == Period::kLifeCycle) {
    if (t.life_cycle_type.empty()) return missing("life_cycle_type");
    return core::Status::Ok();
  }
  if (t.scheduled_time.empty()) return missing("scheduled_time");
  if (period == Period::kFixedTime && t.scheduled_date.empty()) return missing("scheduled_date");
  if (period == Period::kWeek && t.week_list.empty()) return missing("week_list");
  if (period == Period::kMonth && t.month_list.empty()) return missing("month_list");
  if (period == Period::kMonth && t.date_list.empty()) return missing("date_list");
  if (period == Period::kDay && t.day_interval <= 0) {
    // A.2 L50773.
    return Fail500("WKS.00000029",
                   "Failed to create the task because the interval is less than or equal to 0.");
  }
  return core::Status::Ok();
}

core::Status CheckTrigger(const ScheduledTask& t) {
  if (!IsOneOf(t.life_cycle_type, kTriggers)) {
    return InvalidField(
        "life_cycle_type",
        "Allowed values: POST_CREATE_DESKTOP_SUCCESS, POST_REBUILD_DESKTOP_SUCCESS, "
        "POST_REATTACH_DESKTOP_SUCCESS, POST_DESKTOP_DISCONNECTED.");
  }
  // "If scheduled_type is set to LIFE_CYCLE, START and REBUILD are not supported." (L38051)
  if (t.task_type == "START" || t.task_type == "REBUILD") {
    return InvalidField("task_type",
                        "START and REBUILD are not supported when scheduled_type "
                        "is LIFE_CYCLE.");
  }
  return core::Status::Ok();
}

// gray_* are for script execution only (L37920-37924). The 4.20.2 example sends them with a START
// task (L37983-37988), so they are accepted and dropped for other types, not refused.
core::Status CheckGray(const Context& ctx, ScheduledTask& t) {
  if (t.task_type != "EXECUTE_SCRIPT") {
    t.gray_count = t.gray_fail_threshold = 0;
    t.gray_desktop_ids.clear();
    t.is_gray = false;
    return core::Status::Ok();
  }
  for (const std::string& id : t.gray_desktop_ids) {
    if (!ctx.state.desktops.Find(id)) return DesktopNotFoundInBody(id);
  }
  return core::Status::Ok();
}

}  // namespace

core::StatusOr<Applied> ApplyBody(Context& ctx, const Json& body, Body kind, ScheduledTask& task) {
  BodyReader r(body);
  Applied applied;
  const TaskStore& store = ctx.state.Ext<TaskStore>();
  if (kind == Body::kCreate) {
    task.task_type = r.Enum("task_type", Need::kRequired, kTaskTypes).value_or("");
    task.task_name = r.Str("task_name", Need::kRequired).value_or("");
  } else if (kind == Body::kModify) {
    // task_type is not in 4.20.4's table (L38179-38207): it cannot change and is not read.
    if (auto name = r.Str("task_name", Need::kOptional)) {
      if (name->empty()) r.Fail(InvalidField("task_name", "It cannot be empty."));
      task.task_name = *name;
    }
  }
  ReadSchedule(store, r, task, applied.schedule);
  if (kind != Body::kPreview) {
    ReadSettings(r, task, kind);
    ReadGray(r, task);
    ReadObjects(ctx, r, task);
  }
  if (!r.ok()) return r.status();
  return applied;
}

core::Status CheckTask(const Context& ctx, ScheduledTask& task, const Applied& applied) {
  if (task.scheduled_type.empty()) {
    return Fail500("WKS.00000026",
                   "Failed to create the task. Please configure cron expression: "
                   "scheduled_type is missing.");
  }
  const Period period = *ParsePeriod(task.scheduled_type);
  DESKOPS_RETURN_IF_ERROR(CheckComplete(task, period));
  if (period == Period::kLifeCycle) DESKOPS_RETURN_IF_ERROR(CheckTrigger(task));
  DESKOPS_RETURN_IF_ERROR(CheckGray(ctx, task));
  if (!applied.schedule) return core::Status::Ok();
  const TaskStore& store = ctx.state.Ext<TaskStore>();
  const sys_seconds now{std::chrono::seconds(ctx.now_ms / 1000)};
  task.anchor_date = FormatDate(LocalDay(now, OffsetOf(store, task)));
  if (period != Period::kLifeCycle && NextRuns(ScheduleOf(store, task), now, 1).empty()) {
    // A.2 L50772.
    return Fail500("WKS.00000028",
                   "Internal task operation error (an internal error of task framework). Please "
                   "check whether the task time is set to Never trigger.");
  }
  return core::Status::Ok();
}

std::chrono::minutes OffsetOf(const TaskStore& store, const ScheduledTask& task) {
  if (const TimeZone* zone = store.FindZone(task.time_zone)) {
    return ParseOffset(zone->time_zone).value_or(std::chrono::minutes(0));
  }
  return ParseOffset(task.time_zone).value_or(std::chrono::minutes(0));
}

Schedule ScheduleOf(const TaskStore& store, const ScheduledTask& task) {
  Schedule s;
  s.period = ParsePeriod(task.scheduled_type).value_or(Period::kLifeCycle);
  s.offset = OffsetOf(store, task);
  s.date = ParseDate(task.scheduled_date).value_or(Days{});
  s.time = ParseTime(task.scheduled_time).value_or(std::chrono::seconds(0));
  s.interval = task.day_interval;
  s.anchor = ParseDate(task.anchor_date).value_or(Days{});
  s.week_days = ParseNumberList(task.week_list, 1, 7).value_or(std::vector<int>{});
  s.months = ParseNumberList(task.month_list, 1, 12).value_or(std::vector<int>{});
  s.month_days =
      ParseNumberList(task.date_list, 1, 31, true, &s.last_day).value_or(std::vector<int>{});
  if (auto expires = ParseDateTime(task.expire_time)) s.expires = *expires - s.offset;
  return s;
}

}  // namespace deskops::simulator::tasks
