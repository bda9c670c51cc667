#pragma once
// Reading the bodies of 4.20.2 (create), 4.20.4 (modify) and 4.20.6 (future executions) into a
// ScheduledTask, and the rules the whole task must then meet. Shared by the family's handlers.
// Not thread-safe: runs under the Simulator's lock like every handler.

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/status_or.h"
#include "simulator/handlers.h"
#include "simulator/resources/scheduled_tasks/task_schedule.h"
#include "simulator/resources/scheduled_tasks/task_store.h"

namespace deskops::simulator::tasks {

enum class Body { kCreate, kModify, kPreview };

// What a body changed.
struct Applied {
  bool schedule = false;  // a field of the schedule (what NextRuns reads) was in the body
};

// Merges the body's fields into `task`: each present field replaces the task's. Formats, enums
// and referenced objects are checked here (400); the rules across fields by CheckTask.
core::StatusOr<Applied> ApplyBody(Context& ctx, const nlohmann::json& body, Body kind,
                                  ScheduledTask& task);

// The rules of a whole task, after a body was applied: a complete schedule (500 WKS.00000026),
// a positive day interval (500 WKS.00000029), triggers only for the task types that allow them,
// and, when its schedule changed, a schedule that runs at least once (500 WKS.00000028).
core::Status CheckTask(const Context& ctx, ScheduledTask& task, const Applied& applied);

// The task's time zone offset: a 4.20.10 zone's, an offset written out, or UTC when it has none.
std::chrono::minutes OffsetOf(const TaskStore& store, const ScheduledTask& task);
// The task's schedule in computable form (the caller checked it with CheckTask).
Schedule ScheduleOf(const TaskStore& store, const ScheduledTask& task);

}  // namespace deskops::simulator::tasks
