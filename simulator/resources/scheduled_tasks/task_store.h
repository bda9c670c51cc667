#pragma once
// The scheduled-task family's state (4.20): the tenant's scheduled tasks and the time zones they
// may run in (4.20.10). Tasks start empty; the time zones are the seed's "time_zones" (4.20.10
// Timezones objects) or, without that key, a built-in table of common zones. Handlers reach it as
// ctx.state.Ext<TaskStore>(); like all state it is guarded by the Simulator's lock.
//
// A task is kept as the API was told it (the simulator's own field names are the wire names),
// except that extra_params, "Extended parameter in JSON format" (L37933), is kept parsed, and that
// fields no request sets are the simulator's: anchor_date (the day a DAY schedule counts from),
// last_status ("" until the task has run: the simulator runs no task) and created_ms.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/ordered_store.h"
#include "simulator/state_extension.h"

namespace deskops::simulator {

// ApplyObject (4.20.3 L38076-38081).
struct TaskObject {
  std::string object_id;
  std::string object_type;  // DESKTOP | DESKTOP_POOL | ALL_DESKTOPS | DESKTOP_TAG (L37941)
  std::string object_name;  // the desktop's or pool's name, the tag; "" for ALL_DESKTOPS
};

struct ScheduledTask {
  std::string id;
  std::string task_name;
  std::string task_type;
  std::string scheduled_type;
  std::int64_t day_interval = 0;
  std::string week_list, month_list, date_list;  // as written: "1,2,7", "1,3,12", "1,2,28,L"
  std::string scheduled_date, scheduled_time, expire_time;
  std::string time_zone;  // as written: a 4.20.10 time_zone_name or an offset ("GMT+08:00")
  std::string life_cycle_type;
  std::int64_t wait_time = 0;
  std::int64_t priority = 0;
  bool enable = true;
  bool force_execute = false;
  std::string description;
  nlohmann::json extra_params;  // parsed; null when none was given
  std::vector<TaskObject> apply_objects;
  std::int64_t gray_count = 0, gray_fail_threshold = 0;
  std::vector<std::string> gray_desktop_ids;
  bool is_gray = false;  // 4.20.4 only (L38206); no read returns it
  std::string anchor_date;
  std::string last_status;
  std::int64_t created_ms = 0;
};

// Timezones (4.20.10 L38837-38846).
struct TimeZone {
  std::string time_zone_desc;
  std::string time_zone;  // the offset, GMT+08:00
  std::string time_zone_name;
  std::string time_zone_desc_us;
  std::string time_zone_desc_cn;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TaskObject, object_id, object_type, object_name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    ScheduledTask, id, task_name, task_type, scheduled_type, day_interval, week_list, month_list,
    date_list, scheduled_date, scheduled_time, expire_time, time_zone, life_cycle_type, wait_time,
    priority, enable, force_execute, description, extra_params, apply_objects, gray_count,
    gray_fail_threshold, gray_desktop_ids, is_gray, anchor_date, last_status, created_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TimeZone, time_zone_desc, time_zone, time_zone_name,
                                                time_zone_desc_us, time_zone_desc_cn)

class TaskStore final : public StateExtension {
 public:
  void Reset(const Catalog& catalog) override;
  nlohmann::json Snapshot() const override;
  void Restore(const nlohmann::json& part) override;

  ScheduledTask* FindByName(std::string_view name) const;
  // The zone of this name (time_zone_name), or nullptr.
  const TimeZone* FindZone(std::string_view name) const;

  OrderedStore<ScheduledTask> tasks;
  std::vector<TimeZone> time_zones;
};

// The built-in time zones, used when the seed has no "time_zones".
const std::vector<TimeZone>& DefaultTimeZones();

}  // namespace deskops::simulator
