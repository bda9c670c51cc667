#pragma once
// Shared by the ScheduledTask kind's tests: manifests, live tasks as 4.20.1 and 4.20.3 read them,
// and the tenant around them (a desktop, a pool, the time zones of 4.20.10), with the clock fixed
// at Monday 2026-12-07 12:00 in Shanghai (04:00 UTC).

#include <optional>
#include <string>

#include "../kind_test_util.h"
#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"

namespace deskops::reconcilers::scheduled_task_test {

using Fixture = testing::KindFixture<scheduled_task::Reconciler>;
using LiveTask = scheduled_task::LiveTask;
namespace api = cloud::scheduled_tasks;

inline constexpr const char* kWeekly =
    "    weekly: {days: [Mon, Fri], time: \"20:00\"}\n    timeZone: Asia/Shanghai\n";
inline constexpr const char* kTrigger =
    "    trigger: {event: POST_DESKTOP_DISCONNECTED, waitTime: 600}\n";
inline constexpr const char* kDesktopTarget = "    - {objectType: DESKTOP, objectName: eng-01}\n";

// A ScheduledTask manifest: `schedule` and `targets` are indented YAML lines under spec.schedule
// and spec.targets, `extra` more lines of spec.
inline std::string Task(const std::string& name, const std::string& schedule = kWeekly,
                        const std::string& extra = "", const std::string& targets = "",
                        const std::string& type = "STOP", const std::string& annotations = "") {
  return testing::Manifest("ScheduledTask", name,
                           "  taskType: " + type + "\n" + extra + "  schedule:\n" + schedule +
                               "  targets:\n" + (targets.empty() ? kDesktopTarget : targets),
                           annotations);
}

// A weekly task on Monday and Friday at 20:00 in Shanghai, on desktop eng-01 (d1), as the list and
// the details read it.
inline api::Task Weekly(const std::string& name, const std::string& id,
                        const std::string& type = "STOP") {
  api::Task t;
  t.id = id;
  t.task_name = name;
  t.task_type = type;
  t.scheduled_type = "WEEK";
  t.week_list = "2,6";
  t.scheduled_time = "20:00:00";
  t.time_zone = "Asia/Shanghai";
  t.detail_time_zone = "GMT+8";
  t.next_execution_time = "2026-12-07 20:00:00";
  t.detailed = true;
  t.apply_objects = {{"d1", "DESKTOP", "eng-01"}};
  return t;
}

inline api::Task WithZones(api::Task t, const std::string& listed, const std::string& detail) {
  t.time_zone = listed;
  t.detail_time_zone = detail;
  return t;
}

inline LiveTask Live(api::Task t) { return {std::move(t), std::nullopt}; }
inline LiveTask Live(api::Task t, scheduled_task::Preview p) {
  return {std::move(t), std::move(p)};
}

// The clock, the desktop and pool targets name, and the time zones of 4.20.10.
inline void Arrange(Fixture& f) {
  f.clock.SetNow(core::Clock::WallTime(std::chrono::seconds(1796616000)));
  f.index.Put({"Desktop", "eng-01", "d1", {}});
  f.index.Put({"Desktop", "eng-02", "d2", {}});
  f.index.Put({"DesktopPool", "support", "p1", {}});
  for (auto [name, offset] : {std::pair{"America/Sao_Paulo", "GMT-03:00"},
                              {"Asia/Kolkata", "GMT+05:30"},
                              {"Asia/Shanghai", "GMT+08:00"}}) {
    f.index.Put({scheduled_task::kZoneKind, name, "", {{"offset", offset}}});
  }
}

}  // namespace deskops::reconcilers::scheduled_task_test
