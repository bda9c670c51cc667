#include "specs/scheduled_task.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <regex>
#include <set>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

using core::Quote;
using core::StrCat;

namespace {

constexpr std::array<std::string_view, 7> kTaskTypes = {
    "START", "STOP", "REBOOT", "HIBERNATE", "REBUILD", "EXECUTE_SCRIPT", "CREATE_SNAPSHOT"};
constexpr std::array<std::string_view, 5> kPeriods = {"FIXED_TIME", "DAY", "WEEK", "MONTH",
                                                      "LIFE_CYCLE"};
constexpr std::array<std::string_view, 5> kPeriodFields = {"once", "daily", "weekly", "monthly",
                                                           "trigger"};
constexpr std::array<std::string_view, 4> kTargetTypes = {"DESKTOP", "DESKTOP_POOL", "ALL_DESKTOPS",
                                                          "DESKTOP_TAG"};
constexpr std::array<std::string_view, 7> kWeekDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
// The longest each month can be (February in a leap year).
constexpr std::array<int, 12> kMonthLength = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

template <std::size_t N>
std::optional<std::size_t> IndexOf(const std::array<std::string_view, N>& names,
                                   std::string_view name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names.begin());
}

template <std::size_t N>
std::vector<std::string> Names(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

// ---- Schema ------------------------------------------------------------------------------------

SchemaNode TimeSchema() {
  return String(
             "Time of day, HH:mm or HH:mm:ss (scheduled_time, L37918), in the schedule's "
             "time zone.")
      .Pattern("([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?",
               "be a time of day, HH:mm or HH:mm:ss");
}

SchemaField TimeField() { return Field("time", TimeSchema()).Wire("scheduled_time").Required(); }

SchemaNode OnceSchema() {
  return Struct({Field("date", String("The day, yyyy-MM-dd (scheduled_date, L37917).")
                                   .Pattern("[0-9]{4}-[0-9]{2}-[0-9]{2}", "be a date, yyyy-MM-dd"))
                     .Wire("scheduled_date")
                     .Required(),
                 TimeField()},
                "Runs once (FIXED_TIME).");
}

SchemaNode DailySchema() {
  return Struct({Field("interval", Integer("Every this many days (day_interval, L37913; at least "
                                           "1: WKS.00000029, L50773). Default 1.")
                                       .Min(1)
                                       .Default("1"))
                     .Wire("day_interval"),
                 TimeField()},
                "Runs every day or every few days (DAY), counted from the day the schedule is "
                "set.");
}

SchemaNode WeeklySchema() {
  return Struct({Field("days", ArrayOf(String().Enum(Names(kWeekDays)),
                                       "Days of the week (week_list, L37914: the API numbers them "
                                       "1 = Sunday to 7 = Saturday).")
                                   .Items(1, 7))
                     .Wire("week_list")
                     .Required(),
                 TimeField()},
                "Runs on days of the week (WEEK).");
}

SchemaNode MonthlySchema() {
  return Struct(
      {Field("months", ArrayOf(String().Enum(Names(kMonths)),
                               "Months (month_list, L37915). Default: every month.")
                           .Items(1, 12))
           .Wire("month_list"),
       Field("days", String("Days of the month, comma-separated: 1 to 31 and L for the month's "
                            "last day, e.g. \"1,15,L\" (date_list, L37916). A month without a "
                            "listed day (31 in April) skips it.")
                         .Pattern("([1-9]|[12][0-9]|3[01]|L)(,([1-9]|[12][0-9]|3[01]|L))*",
                                  "list days 1 to 31 and L separated by commas, e.g. \"1,15,L\""))
           .Wire("date_list")
           .Required(),
       TimeField()},
      "Runs on days of the month (MONTH).");
}

SchemaNode TriggerSchema() {
  return Struct(
      {Field("event",
             String("What triggers the task (life_cycle_type, L37925): POST_CREATE_DESKTOP_SUCCESS "
                    "(a desktop was created), POST_REBUILD_DESKTOP_SUCCESS (rebuilt), "
                    "POST_REATTACH_DESKTOP_SUCCESS (a user assignment that rebuilds it succeeded), "
                    "POST_DESKTOP_DISCONNECTED (a user disconnected).")
                 .Enum({"POST_CREATE_DESKTOP_SUCCESS", "POST_REBUILD_DESKTOP_SUCCESS",
                        "POST_REATTACH_DESKTOP_SUCCESS", "POST_DESKTOP_DISCONNECTED"}))
           .Wire("life_cycle_type")
           .Required(),
       Field("waitTime", Integer("How long to wait after the event (wait_time, L37935; the "
                                 "reference gives no unit, its example 43200).")
                             .Min(0))},
      "Runs when something happens to a desktop (LIFE_CYCLE). START and REBUILD cannot be "
      "triggered (L38051).");
}

SchemaNode ScheduleSchema() {
  return Struct(
             {
                 Field("once", OnceSchema()).NoWire(),
                 Field("daily", DailySchema()).NoWire(),
                 Field("weekly", WeeklySchema()).NoWire(),
                 Field("monthly", MonthlySchema()).NoWire(),
                 Field("trigger", TriggerSchema()).NoWire(),
                 Field("timeZone",
                       String("Time zone (time_zone, L37926): a zone name of 4.20.10 such as "
                              "Asia/Shanghai, or an offset such as GMT+08:00. Required for "
                              "once, daily, weekly and monthly; the plan checks it against "
                              "the zones the API offers (4.20.10).")
                           .Pattern("[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*|(GMT|UTC)[+-]"
                                    "(0?[0-9]|1[0-4])(:[0-5][0-9])?",
                                    "be a time zone name such as Asia/Shanghai or an offset "
                                    "such as GMT+08:00")),
                 Field("expires",
                       String("When the task stops running, yyyy-MM-dd HH:mm:ss in "
                              "its time zone (expire_time, L37919).")
                           .Pattern("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}",
                                    "be a date and time, yyyy-MM-dd HH:mm:ss"))
                     .Wire("expire_time"),
             },
             "When the task runs: exactly one of once, daily, weekly, monthly or trigger "
             "(scheduled_type, L37912).")
      .ExactlyOneOf(Names(kPeriodFields));
}

SchemaNode TargetSchema() {
  return Struct(
      {
          Field("objectType", String("DESKTOP (a Desktop by name), DESKTOP_POOL (a DesktopPool by "
                                     "name), DESKTOP_TAG (desktops with a tag, key=value or key) "
                                     "or ALL_DESKTOPS (L37941).")
                                  .Enum(Names(kTargetTypes)))
              .Required(),
          Field("objectName", String("The desktop's or pool's name, or the tag; omitted for "
                                     "ALL_DESKTOPS. The API takes the object's ID (object_id), "
                                     "which deskops looks up.")
                                  .MinLen(1)),
      },
      "Desktops the task applies to (apply_objects).");
}

SchemaNode GraySchema() {
  return Struct(
      {
          Field("count", Integer("Desktops in the first batch (gray_count, L37920); it "
                                 "takes precedence over desktops.")
                             .Min(0))
              .Wire("gray_count"),
          Field("desktops", ArrayOf(String().MinLen(1),
                                    "Desktops of the first batch, by name "
                                    "(gray_desktop_ids, L37923)."))
              .Wire("gray_desktop_ids")
              .Ref("Desktop"),
          Field("failThreshold", Integer("Failures in a batch that stop the next one "
                                         "(gray_fail_threshold, L37924).")
                                     .Min(0))
              .Wire("gray_fail_threshold"),
          Field("enabled", Boolean("Run the script in gray mode (is_gray, L38206; set "
                                   "by 4.20.4 only and never read back: write-only)."))
              .Wire("is_gray"),
      },
      "Gray (canary) rollout, for EXECUTE_SCRIPT tasks only (L37920-37924).");
}

SchemaNode MakeSpecSchema() {
  return Struct(
      {
          Field("taskType",
                String("What the task does (task_type, L37927): START, STOP, REBOOT, HIBERNATE, "
                       "REBUILD (rebuilds system disks: needs deskops.io/allow-destroy), "
                       "EXECUTE_SCRIPT or CREATE_SNAPSHOT. Cannot change in place.")
                    .Enum(Names(kTaskTypes)))
              .Required(),
          Field("description", String("Description (L37932).")),
          Field("enable", Boolean("Whether the task runs (4.20.4 L38202, read from 4.20.1). A "
                                  "new task is enabled.")),
          Field("priority", Integer("Rule priority, used by triggered tasks (4.20.4 L38205, read "
                                    "from 4.20.1); the API documents no range.")),
          Field("forceExecute", Boolean("Run even where it would otherwise be skipped "
                                        "(force_execute, L37931).")),
          Field("extraParams",
                MapOf(String().MinLen(1), String(),
                      "Extended parameters, sent as a JSON object (extra_params, L37933), e.g. "
                      "{notify_message: ...}.")),
          Field("schedule", ScheduleSchema()).NoWire().Required(),
          Field("targets", ArrayOf(TargetSchema(), "The desktops the task applies to.").MinItems(1))
              .Wire("apply_objects")
              .Required(),
          Field("gray", GraySchema()).NoWire(),
      },
      "A scheduled task (4.20.2).");
}

// ---- Decoding ----------------------------------------------------------------------------------

std::string FullTime(const std::string& time) { return time.size() == 5 ? time + ":00" : time; }

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Whether yyyy-MM-dd (already matching the pattern) is a day of the calendar.
bool ValidDate(std::string_view text) {
  auto number = [&](std::size_t pos, std::size_t n) {
    int v = 0;
    std::from_chars(text.data() + pos, text.data() + pos + n, v);
    return v;
  };
  const int y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= (m == 2 ? (LeapYear(y) ? 29 : 28) : kMonthLength[m - 1]);
}

// Names of a list field (week days, months) as numbers, ascending; duplicates are errors.
std::vector<int> DecodeNames(const Fields& f, std::string_view key, const std::string& path,
                             std::optional<int> (*number)(std::string_view),
                             const DecodeContext& ctx) {
  std::vector<int> out;
  for (const std::string& name : f.StrList(key)) {
    std::optional<int> n = number(name);
    if (!n) continue;  // the schema's enum reports it
    if (std::find(out.begin(), out.end(), *n) != out.end()) {
      ctx.Error(f.MarkOf(key), path, StrCat("lists ", name, " twice"));
      continue;
    }
    out.push_back(*n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void CheckMonthly(const Fields& m, TaskSchedule& s, const std::string& path,
                  const DecodeContext& ctx) {
  static const std::regex kDays("([1-9]|[12][0-9]|3[01]|L)(,([1-9]|[12][0-9]|3[01]|L))*");
  if (!std::regex_match(s.month_days, kDays)) return;  // the schema's pattern reports it
  bool last = false;
  std::optional<std::vector<int>> days = ParseMonthDays(s.month_days, &last);
  if (!days) {
    ctx.Error(m.MarkOf("days"), path + ".days", StrCat("lists a day twice: ", Quote(s.month_days)));
    return;
  }
  if (last) return;  // every month has a last day
  const std::vector<int> months =
      s.months.empty() ? std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12} : s.months;
  for (int month : months) {
    for (int day : *days) {
      if (day <= kMonthLength[month - 1]) return;
    }
  }
  ctx.Error(m.MarkOf("days"), path + ".days",
            StrCat("never runs: none of the months listed has day ", s.month_days,
                   " (the API refuses a task that never triggers, WKS.00000028 L50772)"));
}

void DecodePeriod(const Fields& f, SchedulePeriod period, TaskSchedule& s,
                  const DecodeContext& ctx) {
  const std::string field(PeriodField(period));
  const std::string path = "spec.schedule." + field;
  Fields p = f.Sub(field);
  s.period = period;
  s.time = FullTime(p.StrOr("time", ""));
  switch (period) {
    case SchedulePeriod::kOnce:
      s.date = p.StrOr("date", "");
      if (!s.date.empty() && !ValidDate(s.date)) {
        ctx.Error(p.MarkOf("date"), path + ".date",
                  StrCat("is not a day of the calendar: ", Quote(s.date)));
      }
      break;
    case SchedulePeriod::kDaily:
      s.interval = p.Int("interval").value_or(1);
      break;
    case SchedulePeriod::kWeekly:
      s.week_days = DecodeNames(p, "days", path + ".days", WeekDayNumber, ctx);
      break;
    case SchedulePeriod::kMonthly:
      s.months = DecodeNames(p, "months", path + ".months", MonthNumber, ctx);
      s.month_days = p.StrOr("days", "");
      CheckMonthly(p, s, path, ctx);
      break;
    case SchedulePeriod::kTrigger:
      s.event = p.StrOr("event", "");
      s.wait_time = p.Int("waitTime");
      break;
  }
}

TaskSchedule DecodeSchedule(const Fields& f, const DecodeContext& ctx) {
  TaskSchedule s;
  Fields sched = f.Sub("schedule");
  for (std::size_t i = 0; i < kPeriodFields.size(); ++i) {
    if (sched.Has(kPeriodFields[i])) {
      DecodePeriod(sched, static_cast<SchedulePeriod>(i), s, ctx);
      break;  // more than one: the schema's exactly-one rule reports it
    }
  }
  s.time_zone = sched.Str("timeZone");
  s.expires = sched.Str("expires");
  if (!f.Has("schedule")) return s;
  if (s.period != SchedulePeriod::kTrigger && !s.time_zone) {
    ctx.Error(sched.value()->mark, "spec.schedule.timeZone",
              "required field is missing: a schedule at a time of day needs its time zone (the "
              "reference names no default)");
  }
  if (s.expires && !ValidDate(s.expires->substr(0, 10))) {
    ctx.Error(sched.MarkOf("expires"), "spec.schedule.expires",
              StrCat("is not a day of the calendar: ", Quote(*s.expires)));
  } else if (s.expires && s.period == SchedulePeriod::kOnce && !s.date.empty() &&
             *s.expires < s.date + " " + s.time) {
    ctx.Error(sched.MarkOf("expires"), "spec.schedule.expires",
              StrCat("is before the task's one run (", s.date, " ", s.time,
                     "): it would never run (WKS.00000028, L50772)"));
  }
  return s;
}

// DESKTOP_TAG names a tag as the desktop list's tag filter writes it, key=value or key (4.3.2
// L5311); keys and values allow letters, digits, hyphens and underscores (L5135-5136).
bool ValidTag(std::string_view tag) {
  static const std::regex kTag(
      "([A-Za-z0-9_-]|[^\\x00-\\x7F]){1,128}(=([A-Za-z0-9_-]|[^\\x00-\\x7F]){0,43})?");
  return std::regex_match(tag.begin(), tag.end(), kTag);
}

void CheckTarget(const Fields& t, const TaskTarget& target, const std::string& path,
                 const DecodeContext& ctx) {
  if (target.type == TargetType::kAllDesktops) {
    if (!target.name.empty()) {
      ctx.Error(t.MarkOf("objectName"), path + ".objectName", "must be omitted for ALL_DESKTOPS");
    }
    return;
  }
  if (target.name.empty()) {
    ctx.Error(t.MarkOf("objectType"), path + ".objectName",
              StrCat("is required for objectType ", TargetTypeName(target.type)));
    return;
  }
  if (target.type == TargetType::kTag && !ValidTag(target.name)) {
    ctx.Error(t.MarkOf("objectName"), path + ".objectName",
              StrCat("must be a tag, key=value or key, of letters, digits, hyphens and "
                     "underscores (L5135, L5311); got ",
                     Quote(target.name)));
  }
  const std::string_view kind = TaskTargetKind(target.type);
  if (!kind.empty()) {
    ctx.AddRef(std::string(kind), target.name, path + ".objectName", t.MarkOf("objectName"));
  }
}

std::vector<TaskTarget> DecodeTargets(const Fields& f, const DecodeContext& ctx) {
  std::vector<TaskTarget> out;
  std::set<std::pair<TargetType, std::string>> seen;
  std::size_t i = 0;
  for (const Fields& t : f.List("targets")) {
    const std::string path = StrCat("spec.targets[", i++, "]");
    std::optional<TargetType> type = ParseTargetType(t.StrOr("objectType", ""));
    if (!type) continue;  // the schema's enum reports it
    TaskTarget target{*type, t.StrOr("objectName", "")};
    CheckTarget(t, target, path, ctx);
    const std::string key =
        target.type == TargetType::kDesktop ? core::ToLower(target.name) : target.name;
    if (!seen.emplace(target.type, key).second) {
      ctx.Error(t.MarkOf("objectType"), path,
                StrCat("duplicate target ", TargetTypeName(target.type),
                       target.name.empty() ? "" : " " + Quote(target.name)));
    }
    out.push_back(std::move(target));
  }
  const bool all = std::any_of(out.begin(), out.end(), [](const TaskTarget& t) {
    return t.type == TargetType::kAllDesktops;
  });
  if (all && out.size() > 1) {
    ctx.Warning(f.MarkOf("targets"), "spec.targets",
                "ALL_DESKTOPS covers every desktop: the other targets add nothing");
  }
  return out;
}

std::optional<TaskGray> DecodeGray(const Fields& f, TaskType type, const DecodeContext& ctx) {
  if (!f.Has("gray")) return std::nullopt;
  Fields g = f.Sub("gray");
  if (type != TaskType::kExecuteScript) {
    ctx.Error(f.MarkOf("gray"), "spec.gray",
              "is for EXECUTE_SCRIPT tasks only (\"Only script execution is supported\", L37920)");
  }
  TaskGray gray;
  gray.count = g.Int("count");
  gray.fail_threshold = g.Int("failThreshold");
  gray.enabled = g.Bool("enabled");
  if (const Value* list = g.Get("desktops"); list && list->type == Value::Type::kSeq) {
    gray.desktops.emplace();
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      const Value& item = list->items[i];
      if (item.type != Value::Type::kString) continue;  // the schema reports it
      gray.desktops->push_back(item.scalar);
      ctx.AddRef("Desktop", item.scalar, StrCat("spec.gray.desktops[", i, "]"), item.mark);
    }
  }
  return gray;
}

}  // namespace

std::string_view TaskTypeName(TaskType type) { return kTaskTypes[static_cast<std::size_t>(type)]; }
std::optional<TaskType> ParseTaskType(std::string_view wire) {
  auto i = IndexOf(kTaskTypes, wire);
  if (!i) return std::nullopt;
  return static_cast<TaskType>(*i);
}
std::string_view PeriodWireName(SchedulePeriod p) { return kPeriods[static_cast<std::size_t>(p)]; }
std::optional<SchedulePeriod> ParsePeriod(std::string_view wire) {
  auto i = IndexOf(kPeriods, wire);
  if (!i) return std::nullopt;
  return static_cast<SchedulePeriod>(*i);
}
std::string_view PeriodField(SchedulePeriod p) {
  return kPeriodFields[static_cast<std::size_t>(p)];
}
std::string_view TargetTypeName(TargetType t) { return kTargetTypes[static_cast<std::size_t>(t)]; }
std::optional<TargetType> ParseTargetType(std::string_view wire) {
  auto i = IndexOf(kTargetTypes, wire);
  if (!i) return std::nullopt;
  return static_cast<TargetType>(*i);
}
std::string_view TaskTargetKind(TargetType t) {
  if (t == TargetType::kDesktop) return "Desktop";
  if (t == TargetType::kPool) return "DesktopPool";
  return "";
}

std::optional<int> WeekDayNumber(std::string_view name) {
  auto i = IndexOf(kWeekDays, name);
  if (!i) return std::nullopt;
  return static_cast<int>(*i) + 1;
}
std::string_view WeekDayName(int n) { return n >= 1 && n <= 7 ? kWeekDays[n - 1] : ""; }
std::optional<int> MonthNumber(std::string_view name) {
  auto i = IndexOf(kMonths, name);
  if (!i) return std::nullopt;
  return static_cast<int>(*i) + 1;
}
std::string_view MonthName(int n) { return n >= 1 && n <= 12 ? kMonths[n - 1] : ""; }

std::optional<std::vector<int>> ParseMonthDays(std::string_view text, bool* last) {
  std::vector<int> days;
  *last = false;
  for (const std::string& item : core::Split(text, ',')) {
    if (item == "L") {
      if (*last) return std::nullopt;
      *last = true;
      continue;
    }
    int day = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), day);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || day < 1 ||
        day > 31 || std::find(days.begin(), days.end(), day) != days.end()) {
      return std::nullopt;
    }
    days.push_back(day);
  }
  if (days.empty() && !*last) return std::nullopt;
  return days;
}

const SchemaNode& ScheduledTaskNameSchema() {
  // 4.20.2 gives task_name no rule (L37928); its example has a space ("Test task", L37989).
  static const SchemaNode schema =
      String("The task's name (task_name, L37928), unique in the tenant.")
          .Len(1, 255)
          .Pattern("[^\\x00-\\x1f ]([^\\x00-\\x1f]*[^\\x00-\\x1f ])?",
                   "have no control characters and no leading or trailing spaces");
  return schema;
}

const SchemaNode& ScheduledTaskSpecSchema() {
  static const SchemaNode schema = MakeSpecSchema();
  return schema;
}

ScheduledTaskSpec DecodeScheduledTask(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  ScheduledTaskSpec t;
  t.task_type = ParseTaskType(f.StrOr("taskType", "")).value_or(TaskType::kStop);
  t.description = f.Str("description");
  t.enable = f.Bool("enable");
  t.force_execute = f.Bool("forceExecute");
  t.priority = f.Int("priority");
  if (f.Has("extraParams")) t.extra_params = f.StrMap("extraParams");
  t.schedule = DecodeSchedule(f, ctx);
  if (t.schedule.period == SchedulePeriod::kTrigger &&
      (t.task_type == TaskType::kStart || t.task_type == TaskType::kRebuild)) {
    ctx.Error(f.MarkOf("taskType"), "spec.taskType",
              StrCat(TaskTypeName(t.task_type),
                     " cannot be triggered: a trigger schedule (LIFE_CYCLE) does not support "
                     "START and REBUILD (L38051)"));
  }
  t.targets = DecodeTargets(f, ctx);
  t.gray = DecodeGray(f, t.task_type, ctx);
  return t;
}

const KindInfo& ScheduledTaskKind() {
  static const KindInfo kind{"ScheduledTask",
                             "scheduledtasks",
                             "A scheduled task: start, stop, reboot, hibernate, rebuild, run a "
                             "script on or snapshot desktops on a schedule (4.20).",
                             false,
                             ScheduledTaskNameSchema,
                             ScheduledTaskSpecSchema,
                             DecodeAs<ScheduledTaskSpec, DecodeScheduledTask>,
                             {"4.20.1-4.20.7", "4.20.10"},
                             {"scheduledtask", "tasks"}};
  return kind;
}

}  // namespace deskops::specs
