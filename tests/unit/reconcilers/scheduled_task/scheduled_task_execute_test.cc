// The exact requests the ScheduledTask kind's plans send, and export followed by plan.
#include <gtest/gtest.h>

#include "../kind_test_util.h"
#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"
#include "scheduled_task_test_data.h"

namespace deskops::reconcilers {
namespace {

using namespace scheduled_task_test;
using nlohmann::json;

constexpr const char* kTasks = "/v2/p1/scheduled-tasks";

// The list (4.20.1) shows `listed` without a scheduled_type filter and nothing with
// scheduled_type=LIFE_CYCLE, and records the task_name filters asked for.
void ListAnswers(Fixture& f, std::vector<api::Task> listed, std::vector<std::string>* names) {
  f.api.api->On("GET", kTasks, [listed, names, &f](const cloud::HttpRequest& r) {
    json items = json::array();
    if (f.api.api->Query(r, "scheduled_type").empty()) {
      for (const auto& t : listed) {
        items.push_back({{"id", t.id},
                         {"task_name", t.task_name},
                         {"task_type", t.task_type},
                         {"scheduled_type", t.scheduled_type},
                         {"enable", t.enable},
                         {"priority", t.priority},
                         {"time_zone", t.time_zone}});
      }
    }
    if (names) names->push_back(f.api.api->Query(r, "task_name"));
    return cloud::HttpResponse{
        200, {}, json{{"scheduled_tasks", items}, {"total_count", items.size()}}.dump()};
  });
}

std::vector<json> Bodies(const Fixture& f, const std::string& method, const std::string& path) {
  std::vector<json> out;
  for (const std::string& b : f.Sent(method, path)) out.push_back(json::parse(b));
  return out;
}

TEST(ScheduledTaskExecuteTest, CreateFindsTheNewTaskByNameThenSetsWhatOnly4204Takes) {
  Fixture f(Task("stop-evenings", kWeekly,
                 "  description: Evenings\n  enable: false\n  priority: 2\n"
                 "  extraParams: {notify_message: bye}\n",
                 "    - {objectType: DESKTOP, objectName: eng-01}\n"
                 "    - {objectType: DESKTOP_POOL, objectName: support}\n"
                 "    - {objectType: DESKTOP_TAG, objectName: team=eng}\n"));
  Arrange(f);
  f.api.api->On("POST", kTasks, 200, "");  // "Normal." without a body (L38003)
  std::vector<std::string> names;
  ListAnswers(f, {Weekly("stop-evenings", "t9")}, &names);
  f.api.api->On("PUT", std::string(kTasks) + "/t9", 200, "");
  Plan plan = f.Diff();
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(Bodies(f, "POST", kTasks), std::vector<json>{json::parse(R"({
    "task_name": "stop-evenings", "task_type": "STOP", "scheduled_type": "WEEK",
    "week_list": "2,6", "scheduled_time": "20:00:00", "time_zone": "Asia/Shanghai",
    "description": "Evenings", "extra_params": "{\"notify_message\":\"bye\"}",
    "apply_objects": [{"object_type": "DESKTOP", "object_id": "d1"},
                      {"object_type": "DESKTOP_POOL", "object_id": "p1"},
                      {"object_type": "DESKTOP_TAG", "object_id": "team=eng"}]})")})
      << "names resolved to IDs; enable and priority are not 4.20.2 fields";
  EXPECT_EQ(names, (std::vector<std::string>{"stop-evenings", "stop-evenings"}))
      << "both walks of 4.20.1, by name";
  EXPECT_EQ(Bodies(f, "PUT", std::string(kTasks) + "/t9"),
            std::vector<json>{json::parse(R"({"enable": false, "priority": 2})")});
  EXPECT_EQ(f.inventory.Find("ScheduledTask", "stop-evenings")->id, "t9");
}

TEST(ScheduledTaskExecuteTest, ACreateWithNothingFor4204SendsNoModify) {
  Fixture f(Task("stop-evenings", kWeekly, "", "    - objectType: ALL_DESKTOPS\n"));
  Arrange(f);
  f.api.api->On("POST", kTasks, 200, "");
  ListAnswers(f, {Weekly("stop-evenings", "t9")}, nullptr);
  ApplyReport report = f.Apply(f.Diff());
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(Bodies(f, "POST", kTasks)[0]["apply_objects"],
            json::parse(R"([{"object_type": "ALL_DESKTOPS"}])"));
  EXPECT_TRUE(f.Sent("PUT", std::string(kTasks) + "/t9").empty());
}

TEST(ScheduledTaskExecuteTest, UpdatesSendTheWholeScheduleInOneModify) {
  struct Case {
    std::string name, yaml;
    json want;
  };
  const Case cases[] = {
      {"a new time: the schedule whole, nothing else",
       Task("stop-evenings",
            "    weekly: {days: [Mon, Fri], time: \"21:30\"}\n"
            "    timeZone: Asia/Shanghai\n"),
       json::parse(R"({"scheduled_type": "WEEK", "week_list": "2,6",
                       "scheduled_time": "21:30:00", "time_zone": "Asia/Shanghai"})")},
      {"a new form: the new form's fields",
       Task("stop-evenings",
            "    daily: {interval: 2, time: \"06:00\"}\n    timeZone: UTC\n"
            "    expires: \"2027-06-30 00:00:00\"\n"),
       json::parse(R"({"scheduled_type": "DAY", "day_interval": 2, "scheduled_time": "06:00:00",
                       "time_zone": "UTC", "expire_time": "2027-06-30 00:00:00"})")},
      {"targets and settings",
       Task("stop-evenings", kWeekly, "  description: New\n  forceExecute: true\n",
            "    - {objectType: DESKTOP, objectName: eng-02}\n"),
       json::parse(R"({"description": "New", "force_execute": true,
                       "apply_objects": [{"object_type": "DESKTOP", "object_id": "d2"}]})")},
      {"an ignored time keeps the live one while the days change",
       Task("stop-evenings",
            "    weekly: {days: [Sat], time: \"23:00\"}\n"
            "    timeZone: Asia/Shanghai\n",
            "", "", "STOP", "deskops.io/ignore-changes: spec.schedule.weekly.time"),
       json::parse(R"({"scheduled_type": "WEEK", "week_list": "7",
                       "scheduled_time": "20:00:00", "time_zone": "Asia/Shanghai"})")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(c.yaml);
    Arrange(f);
    f.index.Put({scheduled_task::kZoneKind, "UTC", "", {{"offset", "GMT+00:00"}}});
    f.Observe({Live(Weekly("stop-evenings", "t1"))});
    f.Own("stop-evenings", "t1");
    f.api.api->On("PUT", std::string(kTasks) + "/t1", 200, "");
    ApplyReport report = f.Apply(f.Diff());
    EXPECT_TRUE(report.ok()) << report.Summary();
    EXPECT_EQ(Bodies(f, "PUT", std::string(kTasks) + "/t1"), std::vector<json>{c.want});
  }
}

TEST(ScheduledTaskExecuteTest, ReplacementDeletesThenCreates) {
  Fixture f(Task("stop-evenings", kWeekly, "", "", "HIBERNATE",
                 "deskops.io/allow-replace: \"true\", deskops.io/allow-destroy: \"true\""));
  Arrange(f);
  f.Observe({Live(Weekly("stop-evenings", "t1"))});
  f.Own("stop-evenings", "t1");
  f.api.api->On("DELETE", std::string(kTasks) + "/t1", 200, "");
  f.api.api->On("POST", kTasks, 200, "");
  api::Task created = Weekly("stop-evenings", "t2", "HIBERNATE");
  ListAnswers(f, {created}, nullptr);
  ApplyReport report = f.Apply(f.Diff());
  EXPECT_TRUE(report.ok()) << report.Summary();
  std::vector<std::string> calls;
  for (const std::string& c : f.Calls()) calls.push_back(c.substr(0, c.find(' ', c.find(' ') + 1)));
  EXPECT_EQ(calls, (std::vector<std::string>{
                       "DELETE /v2/p1/scheduled-tasks/t1", "POST /v2/p1/scheduled-tasks",
                       "GET /v2/p1/scheduled-tasks", "GET /v2/p1/scheduled-tasks"}));
  EXPECT_EQ(Bodies(f, "POST", kTasks)[0]["task_type"], "HIBERNATE");
  EXPECT_EQ(f.inventory.Find("ScheduledTask", "stop-evenings")->id, "t2");
}

TEST(ScheduledTaskExecuteTest, PruneDeletesOwnedTasksInOneBatch) {
  Fixture f(Task("keep"));
  Arrange(f);
  f.options.prune = true;
  f.options.max_deletions = -1;
  f.options.max_deletion_percent = -1;
  f.Observe({Live(Weekly("keep", "k")), Live(Weekly("a", "ta")), Live(Weekly("b", "tb")),
             Live(Weekly("not-mine", "tc"))});
  for (auto [n, id] : {std::pair{"keep", "k"}, {"a", "ta"}, {"b", "tb"}}) f.Own(n, id);
  f.api.api->On("POST", std::string(kTasks) + "/batch-delete", 200, "");
  ApplyReport report = f.Apply(f.Diff());
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(Bodies(f, "POST", std::string(kTasks) + "/batch-delete"),
            std::vector<json>{json::parse(R"({"task_ids": ["ta", "tb"]})")});
  EXPECT_FALSE(f.inventory.Find("ScheduledTask", "a"));
  EXPECT_TRUE(f.inventory.Find("ScheduledTask", "keep"));
}

TEST(ScheduledTaskExecuteTest, ExportLoadsBackWithoutChanges) {
  api::Task weekly = Weekly("stop-evenings", "t1");
  weekly.description = "Evenings";
  weekly.extra_params = R"({"notify_message": "bye"})";
  weekly.priority = 3;
  api::Task monthly = Weekly("snapshots", "t2", "CREATE_SNAPSHOT");
  monthly.scheduled_type = "MONTH";
  monthly.month_list = "1,2,3,4,5,6,7,8,9,10,11,12";
  monthly.date_list = "1,L";
  monthly.expire_time = "2030-01-01 00:00:00";
  monthly.apply_objects = {{"team=eng", "DESKTOP_TAG", "team=eng"}};
  api::Task trigger = Weekly("reboot-idle", "t3", "REBOOT");
  trigger.scheduled_type = "LIFE_CYCLE";
  trigger.life_cycle_type = "POST_DESKTOP_DISCONNECTED";
  trigger.wait_time = 600;
  trigger.enable = false;
  trigger.time_zone.clear();
  trigger.detail_time_zone.clear();
  trigger.apply_objects = {{"p1", "DESKTOP_POOL", "support"}, {"", "ALL_DESKTOPS", ""}};
  api::Task script = Weekly("inventory", "t4", "EXECUTE_SCRIPT");
  script.scheduled_type = "DAY";
  script.day_interval = 2;
  script.gray_count = 1;
  script.gray_desktop_ids = {"d2"};
  script.time_zone = "GMT+05:30";
  std::vector<LiveTask> live = {Live(weekly), Live(monthly), Live(trigger), Live(script)};

  scheduled_task::Reconciler kind;
  Fixture probe("");
  Arrange(probe);
  const std::string yaml =
      kind.Export(*kind.ObservedOf(live), ExportContext{probe.inventory, probe.index, false});
  EXPECT_NE(yaml.find("    weekly:\n      days:\n        - Mon\n        - Fri\n      time: "
                      "\"20:00:00\"\n    timeZone: Asia/Shanghai\n"),
            std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("    monthly:\n      days: \"1,L\"\n"), std::string::npos)
      << "every month: months left out\n"
      << yaml;
  EXPECT_NE(yaml.find("  gray:\n    count: 1\n    desktops:\n      - eng-02\n"), std::string::npos)
      << yaml;
  Fixture f(yaml);
  Arrange(f);
  f.Observe(live);
  f.ExpectNothingToDo();
}

}  // namespace
}  // namespace deskops::reconcilers
