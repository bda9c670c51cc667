// Golden tests of the ScheduledTask kind's plans: manifests and observed tasks in, plan text out,
// with the clock fixed at Monday 2026-12-07 12:00 in Shanghai (04:00 UTC) so that next runs are
// deterministic.
#include <gtest/gtest.h>

#include "../kind_test_util.h"
#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"
#include "scheduled_task_test_data.h"

namespace deskops::reconcilers {
namespace {

using namespace scheduled_task_test;

TEST(ScheduledTaskPlanTest, Plans) {
  struct Case {
    std::string name;
    std::string yaml;
    std::vector<LiveTask> live;
    std::vector<std::string> owned;
    std::string want;
  };
  const Case cases[] = {
      {"a new task shows its next three runs, computed in its time zone",
       Task("stop-evenings"),
       {},
       {},
       "ScheduledTask\n"
       "  + stop-evenings                       create  (next runs: 2026-12-07 20:00 +08:00, "
       "2026-12-11 20:00 +08:00, 2026-12-14 20:00 +08:00)\n"
       "      spec.taskType: STOP\n"
       "      spec.schedule.weekly.days: [Mon, Fri]\n"
       "      spec.schedule.weekly.time: 20:00\n"
       "      spec.schedule.timeZone: Asia/Shanghai\n"
       "      spec.targets[0].objectType: DESKTOP\n"
       "      spec.targets[0].objectName: eng-01\n"
       "Plan: 1 create; 0 in sync.\n"},
      {"a disabled task says so",
       Task("stop-evenings", kWeekly, "  enable: false\n"),
       {},
       {},
       "ScheduledTask\n"
       "  + stop-evenings                       create  (disabled; when enabled, next runs: "
       "2026-12-07 20:00 +08:00, 2026-12-11 20:00 +08:00, 2026-12-14 20:00 +08:00)\n"
       "      spec.taskType: STOP\n"
       "      spec.enable: false\n"
       "      spec.schedule.weekly.days: [Mon, Fri]\n"
       "      spec.schedule.weekly.time: 20:00\n"
       "      spec.schedule.timeZone: Asia/Shanghai\n"
       "      spec.targets[0].objectType: DESKTOP\n"
       "      spec.targets[0].objectName: eng-01\n"
       "Plan: 1 create; 0 in sync.\n"},
      {"a trigger has no times",
       Task("reboot-idle", kTrigger),
       {},
       {},
       "ScheduledTask\n"
       "  + reboot-idle                         create  (runs on POST_DESKTOP_DISCONNECTED after "
       "600)\n"
       "      spec.taskType: STOP\n"
       "      spec.schedule.trigger.event: POST_DESKTOP_DISCONNECTED\n"
       "      spec.schedule.trigger.waitTime: 600\n"
       "      spec.targets[0].objectType: DESKTOP\n"
       "      spec.targets[0].objectName: eng-01\n"
       "Plan: 1 create; 0 in sync.\n"},
      {"a past day never runs: refused before any call",
       Task("once",
            "    once: {date: \"2026-12-01\", time: \"09:00\"}\n    timeZone: Asia/Shanghai\n"),
       {},
       {},
       "error: ScheduledTask/once: spec.schedule: never runs: once on 2026-12-01 at 09:00:00 in "
       "Asia/Shanghai has no run after now (the API refuses a task that never triggers, "
       "WKS.00000028 L50772)\nPlan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"expiry cuts the runs",
       Task("soon",
            "    daily: {time: \"13:00\"}\n    timeZone: Asia/Shanghai\n    expires: "
            "\"2026-12-08 23:00:00\"\n"),
       {},
       {},
       "ScheduledTask\n"
       "  + soon                                create  (next runs: 2026-12-07 13:00 +08:00, "
       "2026-12-08 13:00 +08:00)\n"
       "      spec.taskType: STOP\n"
       "      spec.schedule.daily.time: 13:00\n"
       "      spec.schedule.timeZone: Asia/Shanghai\n"
       "      spec.schedule.expires: 2026-12-08 23:00:00\n"
       "      spec.targets[0].objectType: DESKTOP\n"
       "      spec.targets[0].objectName: eng-01\n"
       "Plan: 1 create; 0 in sync.\n"},
      {"a time zone 4.20.10 does not offer",
       Task("stop-evenings",
            "    weekly: {days: [Mon], time: \"20:00\"}\n    timeZone: Asia/Shanghal\n"),
       {},
       {},
       "error: ScheduledTask/stop-evenings: spec.schedule.timeZone: \"Asia/Shanghal\" is not a "
       "time zone the API offers (4.20.10 lists 3, such as America/Sao_Paulo); did you mean "
       "\"Asia/Shanghai\"?\nPlan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"in sync",
       Task("stop-evenings"),
       {Live(Weekly("stop-evenings", "t1"))},
       {"stop-evenings"},
       "Plan: no changes; 1 in sync.\n"},
      {"a zone read back as its offset (4.20.3, L38136) is the same zone",
       Task("stop-evenings"),
       {Live(WithZones(Weekly("stop-evenings", "t1"), "", "GMT+8"))},
       {"stop-evenings"},
       "Plan: no changes; 1 in sync.\n"},
      {"a new time: updated in place, its next runs shown",
       Task("stop-evenings",
            "    weekly: {days: [Mon, Fri], time: \"21:30\"}\n    timeZone: "
            "Asia/Shanghai\n"),
       {Live(Weekly("stop-evenings", "t1"))},
       {"stop-evenings"},
       "ScheduledTask\n  ~ stop-evenings                       update  (next runs: 2026-12-07 "
       "21:30 +08:00, 2026-12-11 21:30 +08:00, 2026-12-14 21:30 +08:00)\n"
       "      spec.schedule.weekly.time: 20:00:00 -> 21:30:00\nPlan: 1 update; 0 in sync.\n"},
      {"a new form of schedule",
       Task("stop-evenings",
            "    monthly: {days: \"1,L\", time: \"20:00\"}\n    timeZone: "
            "Asia/Shanghai\n"),
       {Live(Weekly("stop-evenings", "t1"))},
       {"stop-evenings"},
       "ScheduledTask\n  ~ stop-evenings                       update  (next runs: 2026-12-31 "
       "20:00 +08:00, 2027-01-01 20:00 +08:00, 2027-01-31 20:00 +08:00)\n"
       "      spec.schedule: weekly on Mon,Fri at 20:00:00 -> monthly on days 1,L at 20:00:00\n"
       "Plan: 1 update; 0 in sync.\n"},
      {"enable and priority, as the list reads them",
       Task("stop-evenings", kWeekly, "  enable: false\n  priority: 5\n"),
       {Live(Weekly("stop-evenings", "t1"))},
       {"stop-evenings"},
       "ScheduledTask\n  ~ stop-evenings                       update\n"
       "      spec.enable: true -> false\n      spec.priority: 0 -> 5\nPlan: 1 update; 0 in "
       "sync.\n"},
      {"targets by name",
       Task("stop-evenings", kWeekly, "",
            "    - {objectType: DESKTOP_POOL, objectName: support}\n"
            "    - {objectType: DESKTOP_TAG, objectName: team=eng}\n"),
       {Live(Weekly("stop-evenings", "t1"))},
       {"stop-evenings"},
       "ScheduledTask\n  ~ stop-evenings                       update\n"
       "      spec.targets: DESKTOP \"eng-01\" -> DESKTOP_POOL \"support\", DESKTOP_TAG "
       "\"team=eng\"\nPlan: 1 update; 0 in sync.\n"},
      {"a new task type cannot change in place",
       Task("stop-evenings", kWeekly, "", "", "HIBERNATE"),
       {Live(Weekly("stop-evenings", "t1"))},
       {"stop-evenings"},
       "error: ScheduledTask/stop-evenings: spec.taskType cannot change in place (\"STOP\" -> "
       "\"HIBERNATE\"); add the annotation deskops.io/allow-replace: \"true\" to delete and "
       "re-create it, or change it back\nPlan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"a live task of the manifest's name is adopted",
       Task("stop-evenings"),
       {Live(Weekly("stop-evenings", "t1"))},
       {},
       "ScheduledTask\n  = stop-evenings                       adopt\nPlan: 1 adopt; 1 in sync.\n"},
      {"an owned task that left the manifests is deleted with --prune; a stranger is not",
       Task("stop-evenings"),
       {Live(Weekly("stop-evenings", "t1")), Live(Weekly("old", "t2")),
        Live(Weekly("stranger", "t3"))},
       {"stop-evenings", "old"},
       "ScheduledTask\n  - old                                 delete [destructive]\n"
       "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
       "Plan: no changes; 1 held; 1 in sync.\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(c.yaml);
    Arrange(f);
    f.Observe(c.live);
    for (const auto& o : c.owned) f.Own(o);
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
}

TEST(ScheduledTaskPlanTest, TheApisNextRunsArePreferred) {
  // 4.20.6's answer, as Lookups (a task to create) and List (a changed schedule) put it.
  Fixture f(Task("stop-evenings") + Task("later",
                                         "    weekly: {days: [Sat], time: \"10:00\"}\n"
                                         "    timeZone: Asia/Shanghai\n"));
  Arrange(f);
  f.index.Put({scheduled_task::kNextKind,
               "stop-evenings",
               "",
               {{"runs", "2030-01-07 20:00:00\n2030-01-11 20:00:00\n2030-01-14 20:00:30"},
                {"refused", ""}}});
  f.Observe({Live(Weekly("later", "t2"), scheduled_task::Preview{{"2031-03-01 10:00:00"}, ""})});
  f.Own("later", "t2");
  EXPECT_EQ(RenderText(f.Diff()),
            "ScheduledTask\n"
            "  + stop-evenings                       create  (next runs: 2030-01-07 20:00 +08:00, "
            "2030-01-11 20:00 +08:00, 2030-01-14 20:00:30 +08:00)\n"
            "      spec.taskType: STOP\n"
            "      spec.schedule.weekly.days: [Mon, Fri]\n"
            "      spec.schedule.weekly.time: 20:00\n"
            "      spec.schedule.timeZone: Asia/Shanghai\n"
            "      spec.targets[0].objectType: DESKTOP\n"
            "      spec.targets[0].objectName: eng-01\n"
            "  ~ later                               update  (next runs: 2031-03-01 10:00 +08:00)\n"
            "      spec.schedule.weekly.days: Mon,Fri -> Sat\n"
            "      spec.schedule.weekly.time: 20:00:00 -> 10:00:00\n"
            "Plan: 1 create, 1 update; 0 in sync.\n");
}

TEST(ScheduledTaskPlanTest, ASchedulesTheApiRefusesIsAPlanError) {
  Fixture f(Task("stop-evenings"));
  Arrange(f);
  f.index.Put({scheduled_task::kNextKind,
               "stop-evenings",
               "",
               {{"runs", ""}, {"refused", "Failed to create the task."}}});
  EXPECT_EQ(RenderText(f.Diff()),
            "error: ScheduledTask/stop-evenings: spec.schedule: the API refuses this schedule "
            "(4.20.6): Failed to create the task.\n"
            "Plan: nothing to run now; 1 error(s); 0 in sync.\n");
}

TEST(ScheduledTaskPlanTest, RebuildTasksNeedAllowDestroy) {
  struct Case {
    std::string name, yaml;
    std::vector<LiveTask> live;
    std::string want;
  };
  const std::string rebuild = "REBUILD";
  const Case cases[] = {
      {"a new REBUILD task is held",
       Task("rebuild-weekly", kWeekly, "", "", rebuild),
       {},
       "ScheduledTask\n"
       "  + rebuild-weekly                      create [destructive]  (next runs: 2026-12-07 "
       "20:00 +08:00, 2026-12-11 20:00 +08:00, 2026-12-14 20:00 +08:00; REBUILD rebuilds the "
       "system disks of its desktops each run)\n"
       "      spec.taskType: REBUILD\n"
       "      spec.schedule.weekly.days: [Mon, Fri]\n"
       "      spec.schedule.weekly.time: 20:00\n"
       "      spec.schedule.timeZone: Asia/Shanghai\n"
       "      spec.targets[0].objectType: DESKTOP\n"
       "      spec.targets[0].objectName: eng-01\n"
       "      HELD by destructive (clears with deskops.io/allow-destroy: \"true\" or "
       "--allow-destructive): it loses data\n"
       "Plan: nothing to run now; 1 held; 0 in sync.\n"},
      {"with deskops.io/allow-destroy it runs",
       Task("rebuild-weekly", kWeekly, "", "", rebuild, "deskops.io/allow-destroy: \"true\""),
       {},
       "ScheduledTask\n"
       "  + rebuild-weekly                      create [destructive]  (next runs: 2026-12-07 "
       "20:00 +08:00, 2026-12-11 20:00 +08:00, 2026-12-14 20:00 +08:00; REBUILD rebuilds the "
       "system disks of its desktops each run)\n"
       "      spec.taskType: REBUILD\n"
       "      spec.schedule.weekly.days: [Mon, Fri]\n"
       "      spec.schedule.weekly.time: 20:00\n"
       "      spec.schedule.timeZone: Asia/Shanghai\n"
       "      spec.targets[0].objectType: DESKTOP\n"
       "      spec.targets[0].objectName: eng-01\n"
       "Plan: 1 create; 1 destructive; 0 in sync.\n"},
      {"a new description of a REBUILD task loses nothing",
       Task("rebuild-weekly", kWeekly, "  description: weekly rebuild\n", "", rebuild),
       {Live(Weekly("rebuild-weekly", "t1", "REBUILD"))},
       "ScheduledTask\n  ~ rebuild-weekly                      update\n"
       "      spec.description: (unset) -> \"weekly rebuild\"\nPlan: 1 update; 0 in sync.\n"},
      {"disabling a REBUILD task loses nothing",
       Task("rebuild-weekly", kWeekly, "  enable: false\n", "", rebuild),
       {Live(Weekly("rebuild-weekly", "t1", "REBUILD"))},
       "ScheduledTask\n  ~ rebuild-weekly                      update\n"
       "      spec.enable: true -> false\nPlan: 1 update; 0 in sync.\n"},
      {"a new schedule of a REBUILD task is held",
       Task("rebuild-weekly",
            "    weekly: {days: [Sun], time: \"20:00\"}\n    timeZone: "
            "Asia/Shanghai\n",
            "", "", rebuild),
       {Live(Weekly("rebuild-weekly", "t1", "REBUILD"))},
       "ScheduledTask\n  ~ rebuild-weekly                      update [destructive]  (next runs: "
       "2026-12-13 20:00 +08:00, 2026-12-20 20:00 +08:00, 2026-12-27 20:00 +08:00; REBUILD "
       "rebuilds the system disks of its desktops each run)\n"
       "      spec.schedule.weekly.days: Mon,Fri -> Sun\n"
       "      HELD by destructive (clears with deskops.io/allow-destroy: \"true\" or "
       "--allow-destructive): it loses data\nPlan: nothing to run now; 1 held; 0 in sync.\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(c.yaml);
    Arrange(f);
    f.Observe(c.live);
    f.OwnDeclared();
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
}

TEST(ScheduledTaskPlanTest, ReplacementOnANewTaskType) {
  Fixture f(
      Task("stop-evenings", kWeekly, "", "", "HIBERNATE", "deskops.io/allow-replace: \"true\""));
  Arrange(f);
  f.Observe({Live(Weekly("stop-evenings", "t1"))});
  f.Own("stop-evenings", "t1");
  f.options.allow_destructive = true;
  EXPECT_EQ(
      RenderText(f.Diff()),
      "ScheduledTask\n  # stop-evenings                       replace [destructive]  (deleted "
      "and created again: 4.20.4 cannot change taskType; next runs: 2026-12-07 20:00 "
      "+08:00, 2026-12-11 20:00 +08:00, 2026-12-14 20:00 +08:00)\n"
      "      spec.taskType: \"STOP\" -> \"HIBERNATE\"\n"
      "Plan: 1 replace; 1 destructive; 0 in sync.\n");
}

TEST(ScheduledTaskPlanTest, IgnoredFieldsAreNeitherComparedNorChecked) {
  Fixture f(
      Task("stop-evenings",
           "    weekly: {days: [Mon, Fri], time: \"21:00\"}\n"
           "    timeZone: Mars/Olympus\n",
           "", "", "STOP",
           "deskops.io/ignore-changes: \"spec.schedule.weekly.time, spec.schedule.timeZone\""));
  Arrange(f);
  f.Observe({Live(Weekly("stop-evenings", "t1"))});
  f.Own("stop-evenings", "t1");
  f.ExpectInSync(1);
}

}  // namespace
}  // namespace deskops::reconcilers
