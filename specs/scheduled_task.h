#pragma once
// ScheduledTask: a scheduled task of the tenant (4.20), named by its task name (metadata.name, the
// API's task_name). What it does to desktops (taskType: start, stop, reboot, hibernate, rebuild,
// run a script, snapshot), when (schedule: once, daily, weekly or monthly at a time of day in a
// time zone, until an expiry time, or triggered by a desktop event), on which desktops (targets by
// name: desktops, pools, a tag, or all desktops), and its switches (enable, priority,
// forceExecute, extraParams, gray rollout for scripts). Immutable after decoding; thread-safe to
// read.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

// task_type (4.20.2 L37927).
enum class TaskType {
  kStart,
  kStop,
  kReboot,
  kHibernate,
  kRebuild,
  kExecuteScript,
  kCreateSnapshot
};
// The schedule's form: scheduled_type FIXED_TIME, DAY, WEEK, MONTH, LIFE_CYCLE (L37912).
enum class SchedulePeriod { kOnce, kDaily, kWeekly, kMonthly, kTrigger };
// apply_objects[].object_type (L37941).
enum class TargetType { kDesktop, kPool, kAllDesktops, kTag };

std::string_view TaskTypeName(TaskType type);  // "STOP"
std::optional<TaskType> ParseTaskType(std::string_view wire);
std::string_view PeriodWireName(SchedulePeriod period);  // "WEEK"
std::optional<SchedulePeriod> ParsePeriod(std::string_view wire);
std::string_view PeriodField(SchedulePeriod period);  // the manifest's field: "weekly"
std::string_view TargetTypeName(TargetType type);     // "DESKTOP_POOL"
std::optional<TargetType> ParseTargetType(std::string_view wire);
// The kind a target of this type names ("" for tags and all desktops).
std::string_view TaskTargetKind(TargetType type);

// Week days as the manifest names them (Sun..Sat) and the API numbers them (1 = Sunday, L37914).
std::optional<int> WeekDayNumber(std::string_view name);
std::string_view WeekDayName(int number);
// Months: Jan..Dec, 1-12 (L37915).
std::optional<int> MonthNumber(std::string_view name);
std::string_view MonthName(int number);
// A date_list (L37916): days 1-31 and L, comma-separated; nullopt when it is not one. `last` says
// whether L is in it.
std::optional<std::vector<int>> ParseMonthDays(std::string_view text, bool* last);

struct TaskSchedule {
  SchedulePeriod period = SchedulePeriod::kOnce;
  std::string date;            // once: yyyy-MM-dd (scheduled_date)
  std::string time;            // HH:mm:ss (scheduled_time); a manifest's HH:mm gets :00
  std::int64_t interval = 1;   // daily: every `interval` days (day_interval)
  std::vector<int> week_days;  // weekly: 1-7, 1 = Sunday, ascending (week_list)
  std::vector<int> months;     // monthly: 1-12 ascending; empty in a manifest: every month
  std::string month_days;      // monthly: as written, "1,15,L" (date_list)
  std::string event;           // trigger: life_cycle_type
  std::optional<std::int64_t> wait_time;  // trigger: wait_time
  std::optional<std::string> time_zone;   // a 4.20.10 zone name or an offset (GMT+08:00)
  std::optional<std::string> expires;     // yyyy-MM-dd HH:mm:ss (expire_time)
};

struct TaskTarget {
  TargetType type = TargetType::kAllDesktops;
  std::string name;  // desktop or pool name, the tag (key=value or key); "" for all desktops
  friend bool operator==(const TaskTarget&, const TaskTarget&) = default;
};

// Gray (canary) rollout of a script task (L37920-37924, L38206).
struct TaskGray {
  std::optional<std::int64_t> count, fail_threshold;
  std::optional<std::vector<std::string>> desktops;  // desktop names
  std::optional<bool> enabled;                       // is_gray: 4.20.4 only, never read back
};

struct ScheduledTaskSpec {
  TaskType task_type = TaskType::kStop;  // cannot change in place
  std::optional<std::string> description;
  std::optional<bool> enable, force_execute;
  std::optional<std::int64_t> priority;
  std::optional<std::map<std::string, std::string>> extra_params;
  TaskSchedule schedule;
  std::vector<TaskTarget> targets;
  std::optional<TaskGray> gray;
};

const SchemaNode& ScheduledTaskNameSchema();
const SchemaNode& ScheduledTaskSpecSchema();
ScheduledTaskSpec DecodeScheduledTask(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& ScheduledTaskKind();

}  // namespace deskops::specs
