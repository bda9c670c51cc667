// Observing scheduled tasks through a fake API as a plan does: which calls it makes (4.20.6 only
// for a schedule to create or change), and what their answers do to the plan.
#include <gtest/gtest.h>

#include "../kind_test_util.h"
#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"
#include "scheduled_task_test_data.h"

namespace deskops::reconcilers {
namespace {

using namespace scheduled_task_test;
using nlohmann::json;

constexpr const char* kTasks = "/v2/p1/scheduled-tasks";
constexpr const char* kFuture = "/v2/p1/scheduled-tasks/future-executions";

// A tenant of 4.20 behind the fake API: `tasks` as 4.20.1 and 4.20.3 answer them (triggered ones
// only with scheduled_type=LIFE_CYCLE), 4.20.10's zones, and 4.20.6 answering `future`.
void Serve(Fixture& f, const std::vector<api::Task>& tasks, cloud::HttpResponse future) {
  f.api.api->On("GET", kTasks, [tasks, &f](const cloud::HttpRequest& r) {
    const bool triggered = f.api.api->Query(r, "scheduled_type") == "LIFE_CYCLE";
    json items = json::array();
    for (const auto& t : tasks) {
      if ((t.scheduled_type == "LIFE_CYCLE") != triggered) continue;
      items.push_back({{"id", t.id},
                       {"task_name", t.task_name},
                       {"task_type", t.task_type},
                       {"scheduled_type", t.scheduled_type},
                       {"enable", t.enable},
                       {"priority", t.priority},
                       {"time_zone", t.time_zone},
                       {"life_cycle_type", t.life_cycle_type},
                       {"next_execution_time", t.next_execution_time}});
    }
    return cloud::HttpResponse{
        200, {}, json{{"scheduled_tasks", items}, {"total_count", items.size()}}.dump()};
  });
  for (const auto& t : tasks) {
    json objects = json::array();
    for (const auto& o : t.apply_objects) {
      objects.push_back({{"object_id", o.object_id},
                         {"object_type", o.object_type},
                         {"object_name", o.object_name}});
    }
    f.api.api->On("GET", std::string(kTasks) + "/" + t.id, 200,
                  json{{"id", t.id},
                       {"task_type", t.task_type},
                       {"task_name", t.task_name},
                       {"scheduled_type", t.scheduled_type},
                       {"week_list", t.week_list},
                       {"scheduled_time", t.scheduled_time},
                       {"time_zone", t.detail_time_zone},
                       {"description", t.description},
                       {"apply_objects", objects}}
                      .dump());
  }
  f.api.api->On("GET", "/v2/p1/common/timezones", 200,
                R"({"time_zones": [{"time_zone": "GMT+08:00", "time_zone_name": "Asia/Shanghai"},
                                   {"time_zone": "GMT+00:00", "time_zone_name": "UTC"}]})");
  f.api.api->On("POST", kFuture, [future](const cloud::HttpRequest&) { return future; });
}

int Count(const Fixture& f, const std::string& call) {
  int n = 0;
  for (const auto& r : f.api.api->requests) n += r.method + " " + r.path == call;
  return n;
}

const cloud::HttpResponse kRuns{
    200, {}, R"({"future_executions": ["2026-12-07 20:00:00", "2026-12-11 20:00:00",
                                       "2026-12-14 20:00:00", "2026-12-18 20:00:00"]})"};

TEST(ScheduledTaskObserveTest, AskingForNextRunsOnlyForWhatWillChange) {
  struct Case {
    std::string name, yaml;
    std::vector<api::Task> live;
    std::vector<std::string> owned;
    int future_calls;
    int list_calls;      // 4.20.1: two walks by List, two more by Lookups for a task not owned
    int zone_calls = 1;  // 4.20.10, when a task is declared
  };
  const Case cases[] = {
      {"in sync: no 4.20.6",
       Task("stop-evenings"),
       {Weekly("stop-evenings", "t1")},
       {"stop-evenings"},
       0,
       2},
      {"a new task: one 4.20.6", Task("stop-evenings"), {}, {}, 1, 4},
      {"adopted as it is: no 4.20.6",
       Task("stop-evenings"),
       {Weekly("stop-evenings", "t1")},
       {},
       0,
       4},
      {"a changed schedule: one 4.20.6",
       Task("stop-evenings", "    weekly: {days: [Mon], time: \"20:00\"}\n    timeZone: UTC\n"),
       {Weekly("stop-evenings", "t1")},
       {"stop-evenings"},
       1,
       2},
      {"a new description only: no 4.20.6",
       Task("stop-evenings", kWeekly, "  description: x\n"),
       {Weekly("stop-evenings", "t1")},
       {"stop-evenings"},
       0,
       2},
      {"a trigger: no 4.20.6", Task("reboot-idle", kTrigger), {}, {}, 0, 2},
      {"a suspended task: no 4.20.6",
       Task("stop-evenings", kWeekly, "", "", "STOP", "deskops.io/suspend: \"true\""),
       {},
       {},
       0,
       2,
       0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(c.yaml);
    Arrange(f);
    Serve(f, c.live, kRuns);
    for (const auto& o : c.owned) f.Own(o);
    ASSERT_TRUE(f.ObserveLive().ok());
    EXPECT_EQ(Count(f, std::string("POST ") + kFuture), c.future_calls);
    EXPECT_EQ(Count(f, std::string("GET ") + kTasks), c.list_calls);
    EXPECT_EQ(Count(f, "GET /v2/p1/common/timezones"), c.zone_calls);
  }
}

TEST(ScheduledTaskObserveTest, ThePlanShowsWhat4206Answered) {
  Fixture f(Task("stop-evenings") +
            Task("later", "    weekly: {days: [Sat], time: \"10:00\"}\n    timeZone: UTC\n"));
  Arrange(f);
  Serve(f, {Weekly("later", "t2")}, kRuns);
  f.Own("later", "t2");
  ASSERT_TRUE(f.ObserveLive().ok());
  std::vector<json> asked;
  for (const std::string& b : f.Sent("POST", kFuture)) asked.push_back(json::parse(b));
  EXPECT_EQ(asked, (std::vector<json>{json::parse(R"({"scheduled_type": "WEEK", "week_list": "7",
                                       "scheduled_time": "10:00:00", "time_zone": "UTC"})"),
                                      json::parse(R"({"scheduled_type": "WEEK", "week_list": "2,6",
                                       "scheduled_time": "20:00:00",
                                       "time_zone": "Asia/Shanghai"})")}))
      << "List asks for the changed schedule, Lookups for the new one";
  const std::string text = RenderText(f.Diff());
  EXPECT_NE(text.find("+ stop-evenings                       create  (next runs: 2026-12-07 20:00 "
                      "+08:00, 2026-12-11 20:00 +08:00, 2026-12-14 20:00 +08:00)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("~ later                               update  (next runs: 2026-12-07 20:00 "
                      "+00:00"),
            std::string::npos)
      << "the API's answer, even where it differs from deskops' own reckoning\n"
      << text;
}

TEST(ScheduledTaskObserveTest, WhenTheApiCannotBeAskedTheRunsAreComputed) {
  Fixture f(Task("stop-evenings"));
  Arrange(f);
  Serve(f, {}, {503, {}, R"({"error_code": "SIM.0503", "error_msg": "unavailable"})"});
  ASSERT_TRUE(f.ObserveLive().ok());
  EXPECT_EQ(RenderText(f.Diff()),
            "ScheduledTask\n"
            "  + stop-evenings                       create  (next runs: 2026-12-07 20:00 +08:00, "
            "2026-12-11 20:00 +08:00, 2026-12-14 20:00 +08:00)\n"
            "      spec.taskType: STOP\n"
            "      spec.schedule.weekly.days: [Mon, Fri]\n"
            "      spec.schedule.weekly.time: 20:00\n"
            "      spec.schedule.timeZone: Asia/Shanghai\n"
            "      spec.targets[0].objectType: DESKTOP\n"
            "      spec.targets[0].objectName: eng-01\n"
            "Plan: 1 create; 0 in sync.\n");
}

TEST(ScheduledTaskObserveTest, AScheduleTheApiRefusesIsNotCreated) {
  Fixture f(Task("stop-evenings"));
  Arrange(f);
  Serve(
      f, {},
      {500,
       {},
       R"({"error_code": "WKS.00000028", "error_msg": "Please check whether the task time is set to Never trigger."})"});
  ASSERT_TRUE(f.ObserveLive().ok());
  const Plan plan = f.Diff();
  EXPECT_TRUE(plan.actions.empty());
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_NE(plan.errors[0].message.find("spec.schedule: the API refuses this schedule (4.20.6)"),
            std::string::npos)
      << plan.errors[0].message;
}

TEST(ScheduledTaskObserveTest, TriggeredTasksComeFromTheirOwnWalk) {
  api::Task trigger = Weekly("reboot-idle", "t5", "REBOOT");
  trigger.scheduled_type = "LIFE_CYCLE";
  trigger.life_cycle_type = "POST_DESKTOP_DISCONNECTED";
  Fixture f("");
  Arrange(f);
  Serve(f, {Weekly("stop-evenings", "t1"), trigger}, kRuns);
  ASSERT_TRUE(f.ObserveLive(Purpose::kGet).ok());
  const GetListing listing = f.kind.Present(*f.observed);
  ASSERT_EQ(listing.rows.size(), 2u);
  EXPECT_EQ(listing.headers, (std::vector<std::string>{"NAME", "ID", "TYPE", "SCHEDULE", "NEXT RUN",
                                                       "ENABLED", "LAST STATUS"}));
  EXPECT_EQ(listing.rows[1], (std::vector<std::string>{"reboot-idle", "t5", "REBOOT",
                                                       "LIFE_CYCLE POST_DESKTOP_DISCONNECTED",
                                                       "2026-12-07 20:00:00", "true", ""}));
  EXPECT_EQ(Count(f, "GET /v2/p1/scheduled-tasks/t1"), 0) << "get reads no details";
}

}  // namespace
}  // namespace deskops::reconcilers
