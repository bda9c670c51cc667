#include "reconcilers/scheduled_task/scheduled_task_client.h"

#include "cloud/wire.h"

namespace deskops::cloud::scheduled_tasks {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

Task ReadListItem(const json& j) {
  Task t;
  t.id = jsonx::Str(j, "id");
  t.task_name = jsonx::Str(j, "task_name");
  t.task_type = jsonx::Str(j, "task_type");
  t.scheduled_type = jsonx::Str(j, "scheduled_type");
  t.life_cycle_type = jsonx::Str(j, "life_cycle_type");
  t.last_status = jsonx::Str(j, "last_status");
  t.next_execution_time = jsonx::Str(j, "next_execution_time");
  t.enable = jsonx::Bool(j, "enable", true);
  t.description = jsonx::Str(j, "description");
  t.priority = jsonx::Int(j, "priority");
  t.time_zone = jsonx::Str(j, "time_zone");
  t.wait_time = jsonx::Int(j, "wait_time");
  return t;
}

void ReadDetail(const json& j, Task& t) {
  t.detailed = true;
  t.force_execute = jsonx::Bool(j, "force_execute");
  if (t.scheduled_type.empty()) t.scheduled_type = jsonx::Str(j, "scheduled_type");
  if (t.life_cycle_type.empty()) t.life_cycle_type = jsonx::Str(j, "life_cycle_type");
  t.day_interval = jsonx::Int(j, "day_interval");
  t.week_list = jsonx::Str(j, "week_list");
  t.month_list = jsonx::Str(j, "month_list");
  t.date_list = jsonx::Str(j, "date_list");
  t.scheduled_date = jsonx::Str(j, "scheduled_date");
  t.scheduled_time = jsonx::Str(j, "scheduled_time");
  t.expire_time = jsonx::Str(j, "expire_time");
  t.extra_params = jsonx::Str(j, "extra_params");
  t.gray_count = jsonx::Int(j, "gray_count");
  t.gray_fail_threshold = jsonx::Int(j, "gray_fail_threshold");
  t.gray_desktop_ids = jsonx::StrList(j, "gray_desktop_ids");
  t.detail_time_zone = jsonx::Str(j, "time_zone");
  if (t.wait_time == 0) t.wait_time = jsonx::Int(j, "wait_time");
  t.apply_objects.clear();
  for (const json& o : jsonx::Array(j, "apply_objects")) {
    t.apply_objects.push_back(
        {jsonx::Str(o, "object_id"), jsonx::Str(o, "object_type"), jsonx::Str(o, "object_name")});
  }
}

StatusOr<std::vector<Task>> Walk(ApiClient& client,
                                 std::vector<std::pair<std::string, std::string>> query) {
  return wire::ListAll<Task>(client, ops::kListScheduledTasks, {}, std::move(query),
                             "scheduled_tasks", ReadListItem, [](const Task& t) { return t.id; });
}

void PutSchedule(json& body, const Schedule& s) {
  if (!s.scheduled_type.empty()) body["scheduled_type"] = s.scheduled_type;
  jsonx::Put(body, "day_interval", s.day_interval);
  jsonx::Put(body, "week_list", s.week_list);
  jsonx::Put(body, "month_list", s.month_list);
  jsonx::Put(body, "date_list", s.date_list);
  jsonx::Put(body, "scheduled_date", s.scheduled_date);
  jsonx::Put(body, "scheduled_time", s.scheduled_time);
  jsonx::Put(body, "expire_time", s.expire_time);
  jsonx::Put(body, "life_cycle_type", s.life_cycle_type);
  jsonx::Put(body, "time_zone", s.time_zone);
  jsonx::Put(body, "wait_time", s.wait_time);
}

json Body(const Request& r) {
  json body = json::object();
  jsonx::Put(body, "task_name", r.task_name);
  jsonx::Put(body, "task_type", r.task_type);
  if (r.schedule) PutSchedule(body, *r.schedule);
  jsonx::Put(body, "description", r.description);
  jsonx::Put(body, "force_execute", r.force_execute);
  jsonx::Put(body, "enable", r.enable);
  jsonx::Put(body, "priority", r.priority);
  jsonx::Put(body, "extra_params", r.extra_params);
  jsonx::Put(body, "gray_count", r.gray_count);
  jsonx::Put(body, "gray_desktop_ids", r.gray_desktop_ids);
  jsonx::Put(body, "gray_fail_threshold", r.gray_fail_threshold);
  jsonx::Put(body, "is_gray", r.is_gray);
  if (r.apply_objects) {
    json objects = json::array();
    for (const ApplyObject& o : *r.apply_objects) {
      json object = {{"object_type", o.object_type}};
      if (!o.object_id.empty()) object["object_id"] = o.object_id;
      objects.push_back(std::move(object));
    }
    body["apply_objects"] = std::move(objects);
  }
  return body;
}

}  // namespace

StatusOr<std::vector<Task>> List(ApiClient& client, const std::optional<std::string>& name) {
  std::vector<std::pair<std::string, std::string>> query;
  if (name) query.emplace_back("task_name", *name);
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Task> tasks, Walk(client, query));
  // Triggered tasks only come with scheduled_type=LIFE_CYCLE (L37783).
  query.emplace_back("scheduled_type", "LIFE_CYCLE");
  DESKOPS_ASSIGN_OR_RETURN(std::vector<Task> triggered, Walk(client, query));
  for (Task& t : triggered) {
    const bool listed = std::any_of(tasks.begin(), tasks.end(),
                                    [&](const Task& other) { return other.id == t.id; });
    if (!listed) tasks.push_back(std::move(t));
  }
  return tasks;
}

Status Get(ApiClient& client, Task& task) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kGetScheduledTask, {task.id}));
  ReadDetail(j, task);
  return Status::Ok();
}

Status Create(ApiClient& client, const Request& request) {
  return wire::Call(client, ops::kCreateScheduledTask, {}, {}, Body(request)).status();
}

Status Modify(ApiClient& client, const std::string& id, const Request& request) {
  return wire::Call(client, ops::kModifyScheduledTask, {id}, {}, Body(request)).status();
}

Status Delete(ApiClient& client, const std::string& id) {
  return wire::Call(client, ops::kDeleteScheduledTask, {id}).status();
}

Status BatchDelete(ApiClient& client, const std::vector<std::string>& ids) {
  return wire::Call(client, ops::kBatchDeleteScheduledTasks, {}, {}, {{"task_ids", ids}}).status();
}

StatusOr<std::vector<std::string>> FutureExecutions(ApiClient& client, const Schedule& schedule) {
  json body = json::object();
  PutSchedule(body, schedule);
  body.erase("wait_time");  // not in 4.20.6's table (L38392-38411)
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kFutureExecutions, {}, {}, body));
  return jsonx::StrList(j, "future_executions");
}

StatusOr<std::vector<TimeZone>> ListTimeZones(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kListTimeZones));
  std::vector<TimeZone> out;
  for (const json& z : jsonx::Array(j, "time_zones")) {
    out.push_back({jsonx::Str(z, "time_zone_name"), jsonx::Str(z, "time_zone"),
                   jsonx::Str(z, "time_zone_desc")});
  }
  return out;
}

}  // namespace deskops::cloud::scheduled_tasks
