#pragma once
// The scheduled-task endpoints (4.20), the ScheduledTask kind's own client: list (4.20.1, two
// walks: triggered tasks are listed only when asked for, L37783), create (4.20.2, which answers
// without an ID), details (4.20.3), modify (4.20.4), delete one (4.20.5) or many (4.20.7), the
// next execution times of a schedule (4.20.6) and the time zones (4.20.10). Thread-safe like
// ApiClient.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/operations.h"
#include "core/status_or.h"

namespace deskops::cloud {

namespace ops {
// offset and limit are mandatory, limit 0 to 50 (L37777-37778).
inline constexpr Operation kListScheduledTasks{"scheduled_tasks.list", "GET",
                                               "/v2/{project_id}/scheduled-tasks", "4.20.1", 50};
inline constexpr Operation kCreateScheduledTask{
    "scheduled_tasks.create", "POST", "/v2/{project_id}/scheduled-tasks", "4.20.2", 0, true};
inline constexpr Operation kGetScheduledTask{
    "scheduled_tasks.get", "GET", "/v2/{project_id}/scheduled-tasks/{task_id}", "4.20.3"};
inline constexpr Operation kModifyScheduledTask{
    "scheduled_tasks.modify", "PUT", "/v2/{project_id}/scheduled-tasks/{task_id}", "4.20.4"};
inline constexpr Operation kDeleteScheduledTask{
    "scheduled_tasks.delete", "DELETE", "/v2/{project_id}/scheduled-tasks/{task_id}", "4.20.5"};
// A read sent as a POST: it changes nothing.
inline constexpr Operation kFutureExecutions{"scheduled_tasks.future_executions", "POST",
                                             "/v2/{project_id}/scheduled-tasks/future-executions",
                                             "4.20.6"};
inline constexpr Operation kBatchDeleteScheduledTasks{
    "scheduled_tasks.batch_delete", "POST", "/v2/{project_id}/scheduled-tasks/batch-delete",
    "4.20.7"};
inline constexpr Operation kListTimeZones{"time_zones.list", "GET",
                                          "/v2/{project_id}/common/timezones", "4.20.10"};
}  // namespace ops

namespace scheduled_tasks {

// ApplyObject (L37937-37941, L38076-38081).
struct ApplyObject {
  std::string object_id, object_type, object_name;
};

// The schedule's fields of a request (4.20.2, 4.20.4, 4.20.6); unset ones are left out.
struct Schedule {
  std::string scheduled_type;
  std::optional<std::int64_t> day_interval, wait_time;
  std::optional<std::string> week_list, month_list, date_list, scheduled_date, scheduled_time,
      life_cycle_type, time_zone, expire_time;
};

// A 4.20.2 or 4.20.4 body; unset fields are left out.
struct Request {
  std::optional<std::string> task_name, task_type, description;
  std::optional<Schedule> schedule;
  std::optional<bool> force_execute, enable, is_gray;  // enable, is_gray: 4.20.4 only
  std::optional<std::int64_t> priority, gray_count, gray_fail_threshold;  // priority: 4.20.4
  std::optional<std::vector<std::string>> gray_desktop_ids;
  std::optional<std::string> extra_params;  // JSON text
  std::optional<std::vector<ApplyObject>> apply_objects;
};

// A task: the 4.20.1 list item (L37804-37820) and, once read (`detailed`), the 4.20.3 details
// (L38047-38074). enable and priority come from the list only.
struct Task {
  std::string id, task_name, task_type, scheduled_type, life_cycle_type, last_status,
      next_execution_time, description, time_zone;
  bool enable = true;
  std::int64_t priority = 0, wait_time = 0;
  bool detailed = false;
  bool force_execute = false;
  std::int64_t day_interval = 0, gray_count = 0, gray_fail_threshold = 0;
  std::string week_list, month_list, date_list, scheduled_date, scheduled_time, expire_time,
      extra_params;
  std::string detail_time_zone;  // 4.20.3's time_zone: an offset, GMT+8 (L38136)
  std::vector<ApplyObject> apply_objects;
  std::vector<std::string> gray_desktop_ids;
};

// Timezones (L38837-38846).
struct TimeZone {
  std::string name;    // time_zone_name: Asia/Shanghai
  std::string offset;  // time_zone: GMT+08:00
  std::string description;
};

// Every task (of this name: the list filters by substring, so the caller compares exactly), from
// both walks of 4.20.1; not detailed.
core::StatusOr<std::vector<Task>> List(ApiClient& client,
                                       const std::optional<std::string>& name = std::nullopt);
// Reads 4.20.3 into `task`.
core::Status Get(ApiClient& client, Task& task);
core::Status Create(ApiClient& client, const Request& request);
core::Status Modify(ApiClient& client, const std::string& id, const Request& request);
core::Status Delete(ApiClient& client, const std::string& id);
core::Status BatchDelete(ApiClient& client, const std::vector<std::string>& ids);
// 4.20.6: the next execution times, as the API writes them.
core::StatusOr<std::vector<std::string>> FutureExecutions(ApiClient& client,
                                                          const Schedule& schedule);
core::StatusOr<std::vector<TimeZone>> ListTimeZones(ApiClient& client);

}  // namespace scheduled_tasks
}  // namespace deskops::cloud
