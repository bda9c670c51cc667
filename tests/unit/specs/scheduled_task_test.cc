#include "specs/scheduled_task.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: ScheduledTask
metadata:
  name: stop-evenings
spec:
  taskType: STOP
  schedule:
    weekly:
      days: [Mon, Fri]
      time: "20:00"
    timeZone: Asia/Shanghai
  targets:
    - objectType: DESKTOP
      objectName: eng-01
)";

const std::string kPrefix = "test.yaml:";
const std::string kObject = ": ScheduledTask/stop-evenings: ";

std::string Err(int line, int col, const std::string& rest) {
  return kPrefix + std::to_string(line) + ":" + std::to_string(col) + kObject + rest;
}

TEST(ScheduledTaskSpecTest, Schedules) {
  RunCases(
      kBase,
      {
          {"valid", "", "", {}},
          {"once", "weekly:\n      days: [Mon, Fri]\n", "once:\n      date: \"2026-12-24\"\n", {}},
          {"daily, every other day",
           "weekly:\n      days: [Mon, Fri]\n",
           "daily:\n      interval: 2\n",
           {}},
          {"monthly on the 1st, the 15th and the last day",
           "weekly:\n      days: [Mon, Fri]\n",
           "monthly:\n      days: \"1,15,L\"\n",
           {}},
          {"a trigger needs no time zone",
           "    weekly:\n      days: [Mon, Fri]\n      time: \"20:00\"\n    timeZone: "
           "Asia/Shanghai\n",
           "    trigger: {event: POST_DESKTOP_DISCONNECTED, waitTime: 600}\n",
           {}},
          {"an offset is a time zone too", "timeZone: Asia/Shanghai", "timeZone: GMT+08:00", {}},
          {"expiry",
           "timeZone: Asia/Shanghai",
           "timeZone: Asia/Shanghai\n    expires: \"2027-12-31 23:59:59\"",
           {}},
          {"two forms at once",
           "    timeZone: Asia/Shanghai\n",
           "    daily: {time: \"08:00\"}\n    timeZone: Asia/Shanghai\n",
           {Err(8, 5,
                "spec.schedule: takes only one of once or daily or weekly or monthly or "
                "trigger")}},
          {"no form",
           "    weekly:\n      days: [Mon, Fri]\n      time: \"20:00\"\n",
           "",
           {Err(8, 5,
                "spec.schedule: needs one of once or daily or weekly or monthly or "
                "trigger")}},
          {"an unknown week day",
           "days: [Mon, Fri]",
           "days: [Mon, Fry]",
           {Err(9, 19,
                "spec.schedule.weekly.days[1]: must be one of Sun, Mon, Tue, Wed, Thu, "
                "Fri, Sat; got \"Fry\" (did you mean \"Fri\"?)")}},
          {"a week day twice",
           "days: [Mon, Fri]",
           "days: [Mon, Fri, Mon]",
           {Err(9, 13, "spec.schedule.weekly.days: lists Mon twice")}},
          {"a cron-like day list out of range",
           "weekly:\n      days: [Mon, Fri]\n",
           "monthly:\n      days: \"1,32\"\n",
           {Err(9, 13,
                "spec.schedule.monthly.days: must list days 1 to 31 and L separated by "
                "commas, e.g. \"1,15,L\"; got \"1,32\"")}},
          {"a day of the month twice",
           "weekly:\n      days: [Mon, Fri]\n",
           "monthly:\n      days: \"L,1,L\"\n",
           {Err(9, 13, "spec.schedule.monthly.days: lists a day twice: \"L,1,L\"")}},
          {"a monthly schedule that never runs",
           "weekly:\n      days: [Mon, Fri]\n",
           "monthly:\n      months: [Feb]\n      days: \"30,31\"\n",
           {Err(10, 13,
                "spec.schedule.monthly.days: never runs: none of the months listed has "
                "day 30,31 (the API refuses a task that never triggers, WKS.00000028 "
                "L50772)")}},
          {"a time of day",
           "time: \"20:00\"",
           "time: \"24:00\"",
           {Err(10, 13,
                "spec.schedule.weekly.time: must be a time of day, HH:mm or HH:mm:ss; "
                "got \"24:00\"")}},
          {"a date of the calendar",
           "weekly:\n      days: [Mon, Fri]\n",
           "once:\n      date: \"2027-02-29\"\n",
           {Err(9, 13, "spec.schedule.once.date: is not a day of the calendar: \"2027-02-29\"")}},
          {"daily every 0 days",
           "weekly:\n      days: [Mon, Fri]\n",
           "daily:\n      interval: 0\n",
           {Err(9, 17, "spec.schedule.daily.interval: must be at least 1, got 0")}},
          {"a time zone that is no zone",
           "timeZone: Asia/Shanghai",
           "timeZone: Asia Shanghai",
           {Err(11, 15,
                "spec.schedule.timeZone: must be a time zone name such as "
                "Asia/Shanghai or an offset such as GMT+08:00; got \"Asia Shanghai\"")}},
          {"no time zone at a time of day",
           "    timeZone: Asia/Shanghai\n",
           "",
           {Err(8, 5,
                "spec.schedule.timeZone: required field is missing: a schedule at a time "
                "of day needs its time zone (the reference names no default)")}},
          {"a trigger cannot start desktops",
           "  taskType: STOP\n  schedule:\n    weekly:\n      days: [Mon, Fri]\n      time: "
           "\"20:00\"\n    timeZone: Asia/Shanghai\n",
           "  taskType: START\n  schedule:\n    trigger: {event: POST_CREATE_DESKTOP_SUCCESS}\n",
           {Err(6, 13,
                "spec.taskType: START cannot be triggered: a trigger schedule "
                "(LIFE_CYCLE) does not support START and REBUILD (L38051)")}},
          {"an unknown trigger",
           "    weekly:\n      days: [Mon, Fri]\n      time: \"20:00\"\n",
           "    trigger: {event: AFTER_LUNCH}\n",
           {Err(8, 22,
                "spec.schedule.trigger.event: must be one of POST_CREATE_DESKTOP_SUCCESS, "
                "POST_REBUILD_DESKTOP_SUCCESS, POST_REATTACH_DESKTOP_SUCCESS, "
                "POST_DESKTOP_DISCONNECTED; got \"AFTER_LUNCH\"")}},
      });
}

TEST(ScheduledTaskSpecTest, ExpiryBeforeTheOneRunIsRefused) {
  RunCases(kBase, {{"expires before",
                    "    weekly:\n      days: [Mon, Fri]\n      time: \"20:00\"\n",
                    "    once: {date: \"2027-01-10\", time: \"08:00\"}\n    expires: \"2027-01-09 "
                    "23:00:00\"\n",
                    {Err(9, 14,
                         "spec.schedule.expires: is before the task's one run (2027-01-10 "
                         "08:00:00): it would never run (WKS.00000028, L50772)")}},
                   {"expires on an impossible day",
                    "timeZone: Asia/Shanghai",
                    "timeZone: Asia/Shanghai\n    expires: \"2027-13-01 00:00:00\"",
                    {Err(12, 14,
                         "spec.schedule.expires: is not a day of the calendar: \"2027-13-01 "
                         "00:00:00\"")}}});
}

TEST(ScheduledTaskSpecTest, TaskTypesAndTargets) {
  RunCases(kBase,
           {
               {"every task type of L37927", "taskType: STOP", "taskType: CREATE_SNAPSHOT", {}},
               {"an unknown task type",
                "taskType: STOP",
                "taskType: SHUTDOWN",
                {Err(6, 13,
                     "spec.taskType: must be one of START, STOP, REBOOT, HIBERNATE, REBUILD, "
                     "EXECUTE_SCRIPT, CREATE_SNAPSHOT; got \"SHUTDOWN\"")}},
               {"a pool and a tag",
                "    - objectType: DESKTOP\n      objectName: eng-01\n",
                "    - {objectType: DESKTOP_POOL, objectName: support-pool}\n"
                "    - {objectType: DESKTOP_TAG, objectName: team=eng}\n",
                {}},
               {"all desktops, alone",
                "    - objectType: DESKTOP\n      objectName: eng-01\n",
                "    - objectType: ALL_DESKTOPS\n",
                {}},
               {"all desktops names nothing",
                "objectType: DESKTOP\n",
                "objectType: ALL_DESKTOPS\n",
                {Err(14, 19, "spec.targets[0].objectName: must be omitted for ALL_DESKTOPS")}},
               {"all desktops with others",
                "      objectName: eng-01\n",
                "      objectName: eng-01\n    - objectType: ALL_DESKTOPS\n",
                {"test.yaml:13:5: warning: ScheduledTask/stop-evenings: spec.targets: ALL_DESKTOPS "
                 "covers "
                 "every desktop: the other targets add nothing"}},
               {"a desktop needs its name",
                "      objectName: eng-01\n",
                "",
                {Err(13, 19, "spec.targets[0].objectName: is required for objectType DESKTOP")}},
               {"a tag is key=value",
                "objectType: DESKTOP\n      objectName: eng-01",
                "objectType: DESKTOP_TAG\n      objectName: \"team=eng=x\"",
                {Err(14, 19,
                     "spec.targets[0].objectName: must be a tag, key=value or key, of "
                     "letters, digits, hyphens and underscores (L5135, L5311); got "
                     "\"team=eng=x\"")}},
               {"a target twice",
                "      objectName: eng-01\n",
                "      objectName: eng-01\n    - {objectType: DESKTOP, objectName: ENG-01}\n",
                {Err(15, 20, "spec.targets[1]: duplicate target DESKTOP \"ENG-01\"")}},
               {"no targets",
                "  targets:\n    - objectType: DESKTOP\n      objectName: eng-01\n",
                "  targets: []\n",
                {Err(12, 12, "spec.targets: must have at least one item")}},
               {"a desktop name that is no desktop name",
                "objectName: eng-01",
                "objectName: \"eng 01\"",
                {Err(14, 19,
                     "spec.targets[0].objectName: is not a valid Desktop name: must contain "
                     "only letters, digits and hyphens, start with a letter or digit and not "
                     "end with a hyphen; got \"eng 01\"")}},
               {"gray rollout is for scripts",
                "  taskType: STOP\n",
                "  taskType: STOP\n  gray: {count: 2}\n",
                {Err(7, 9,
                     "spec.gray: is for EXECUTE_SCRIPT tasks only (\"Only script execution is "
                     "supported\", L37920)")}},
               {"a script with a gray rollout",
                "  taskType: STOP\n",
                "  taskType: EXECUTE_SCRIPT\n  gray: {count: 2, desktops: [eng-02], failThreshold: "
                "1, enabled: true}\n",
                {}},
           });
}

TEST(ScheduledTaskSpecTest, Decodes) {
  LoadResult r = LoadYaml(testing::Patch(
      std::string(kBase), "  taskType: STOP\n",
      "  taskType: EXECUTE_SCRIPT\n  enable: false\n  priority: 3\n  extraParams: {script: s1}\n"
      "  gray: {count: 2, desktops: [eng-02]}\n"));
  ASSERT_TRUE(r.ok()) << testing::Lines(r.diagnostics).front();
  const specs::Object& o = r.manifests.objects().at(0);
  const auto& t = *o.As<ScheduledTaskSpec>();
  EXPECT_EQ(t.task_type, TaskType::kExecuteScript);
  EXPECT_EQ(t.enable, false);
  EXPECT_EQ(t.priority, 3);
  EXPECT_EQ(t.extra_params, (std::map<std::string, std::string>{{"script", "s1"}}));
  EXPECT_EQ(t.schedule.period, SchedulePeriod::kWeekly);
  EXPECT_EQ(t.schedule.week_days, (std::vector<int>{2, 6})) << "1 = Sunday (L37914)";
  EXPECT_EQ(t.schedule.time, "20:00:00") << "HH:mm becomes the API's HH:mm:ss";
  EXPECT_EQ(t.schedule.time_zone, "Asia/Shanghai");
  EXPECT_EQ(t.targets, (std::vector<TaskTarget>{{TargetType::kDesktop, "eng-01"}}));
  ASSERT_TRUE(t.gray && t.gray->desktops);
  EXPECT_EQ(*t.gray->desktops, std::vector<std::string>{"eng-02"});
  // Desktops and pools are references the engine checks; tags and all desktops are not.
  std::vector<std::string> refs;
  for (const Ref& ref : o.refs) refs.push_back(ref.kind + "/" + ref.name + " " + ref.path);
  EXPECT_EQ(refs, (std::vector<std::string>{"Desktop/eng-01 spec.targets[0].objectName",
                                            "Desktop/eng-02 spec.gray.desktops[0]"}));
}

TEST(ScheduledTaskSpecTest, MonthlyDefaultsToEveryMonth) {
  LoadResult r =
      LoadYaml(testing::Patch(std::string(kBase), "weekly:\n      days: [Mon, Fri]\n",
                              "monthly:\n      days: \"L,1\"\n      months: [Jul, Jan]\n"));
  ASSERT_TRUE(r.ok());
  const auto& s = r.manifests.objects().at(0).As<ScheduledTaskSpec>()->schedule;
  EXPECT_EQ(s.period, SchedulePeriod::kMonthly);
  EXPECT_EQ(s.months, (std::vector<int>{1, 7}));
  EXPECT_EQ(s.month_days, "L,1");
  bool last = false;
  EXPECT_EQ(ParseMonthDays("1,15,L", &last), (std::vector<int>{1, 15}));
  EXPECT_TRUE(last);
  EXPECT_EQ(ParseMonthDays("1,,2", &last), std::nullopt);
  EXPECT_EQ(ParseMonthDays("0", &last), std::nullopt);
}

}  // namespace
}  // namespace deskops::specs
