#include "daemon/status/object_status.h"

#include <gtest/gtest.h>

#include "daemon/status/status_page.h"
#include "daemon/status/status_view.h"

namespace deskops::daemon {
namespace {

using reconcilers::Action;
using reconcilers::Verb;
using Time = std::chrono::system_clock::time_point;

Action Act(std::string name, Verb verb, reconcilers::Gate held_by = reconcilers::Gate::kNone) {
  Action a;
  a.kind = "User";
  a.name = std::move(name);
  a.verb = verb;
  a.held_by = held_by;
  if (held_by != reconcilers::Gate::kNone) a.held_reason = "because";
  return a;
}

struct Case {
  std::string name;
  std::vector<Action> actions;
  std::vector<reconcilers::PlanError> errors;
  std::vector<reconcilers::ActionOutcome> outcomes;  // empty: nothing applied
  bool live = true;
  std::string not_ready;
  bool declared = true;
  std::vector<reconcilers::LedgerIntent> unfinished;
  std::string want_ready, want_synced;  // "Status/Reason"
};

TEST(ObjectStatusTest, ConditionsFromOnePass) {
  const Case cases[] = {
      {"in sync", {}, {}, {}, true, "", true, {}, "True/Available", "True/InSync"},
      {"drift planned",
       {Act("u", Verb::kUpdate)},
       {},
       {},
       true,
       "",
       true,
       {},
       "True/Available",
       "False/Drifted"},
      {"drift corrected",
       {Act("u", Verb::kUpdate)},
       {},
       {{"User/u", "update", true, false, ""}},
       true,
       "",
       true,
       {},
       "True/Available",
       "True/Reconciled"},
      {"apply failed",
       {Act("u", Verb::kUpdate)},
       {},
       {{"User/u", "update", false, false, "WKS.0106 quota"}},
       true,
       "",
       true,
       {},
       "True/Available",
       "False/ApplyFailed"},
      {"dependency failed",
       {Act("u", Verb::kUpdate)},
       {},
       {{"User/u", "update", false, true, "skipped: User/x failed"}},
       true,
       "",
       true,
       {},
       "True/Available",
       "False/DependencyFailed"},
      {"interrupted",
       {Act("u", Verb::kUpdate)},
       {},
       {{"User/u", "update", false, true, "not started: deskops is stopping"}},
       true,
       "",
       true,
       {},
       "True/Available",
       "False/Interrupted"},
      {"held",
       {Act("u", Verb::kPower, reconcilers::Gate::kDisruptionBudget)},
       {},
       {},
       true,
       "",
       true,
       {},
       "True/Available",
       "False/Held"},
      {"plan error",
       {},
       {{"User", "u", "references unknown group"}},
       {},
       false,
       "",
       true,
       {},
       "False/NotFound",
       "False/PlanError"},
      {"not created yet",
       {Act("u", Verb::kCreate)},
       {},
       {},
       false,
       "",
       true,
       {},
       "False/NotFound",
       "False/Drifted"},
      {"create in flight",
       {Act("u", Verb::kCreate, reconcilers::Gate::kInFlight)},
       {},
       {},
       false,
       "",
       true,
       {{"i1", "users.create", "User", {"u"}, "job-1", 0}},
       "False/Creating",
       "False/Held"},
      {"busy",
       {},
       {},
       {},
       true,
       "a task is running: rebuilding",
       true,
       {},
       "False/NotReady",
       "True/InSync"},
      {"orphaned",
       {Act("u", Verb::kDelete, reconcilers::Gate::kPruneDisabled)},
       {},
       {},
       true,
       "",
       false,
       {},
       "True/Available",
       "False/Orphaned"},
      {"deleting",
       {Act("u", Verb::kDelete)},
       {},
       {},
       true,
       "",
       false,
       {},
       "False/Deleting",
       "False/Drifted"},
      {"adoption only is in sync",
       {Act("u", Verb::kAdopt)},
       {},
       {},
       true,
       "",
       true,
       {},
       "True/Available",
       "True/InSync"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    reconcilers::Plan plan;
    plan.actions = c.actions;
    plan.errors = c.errors;
    reconcilers::ApplyReport report;
    report.outcomes = c.outcomes;
    PassFacts f;
    f.kinds = {"User"};
    if (c.declared) f.declared = {{"User", "u"}};
    f.owned = {{"User", "u"}};
    if (c.live) f.live["User/u"] = {"id-u", c.not_ready};
    f.plan = &plan;
    f.report = c.outcomes.empty() ? nullptr : &report;
    f.unfinished = c.unfinished;
    auto out = ComputeStatuses(f, {}, Time(std::chrono::seconds(100)));
    ASSERT_EQ(out.count("User/u"), 1u);
    const ObjectStatus& st = out.at("User/u");
    EXPECT_EQ(st.ready.status + "/" + st.ready.reason, c.want_ready) << st.ready.message;
    EXPECT_EQ(st.synced.status + "/" + st.synced.reason, c.want_synced) << st.synced.message;
    EXPECT_FALSE(st.synced.message.empty());
  }
}

TEST(ObjectStatusTest, TransitionTimesErrorsAndKindsNotReconciled) {
  reconcilers::Plan plan;
  plan.actions = {Act("u", Verb::kUpdate)};
  reconcilers::ApplyReport failed;
  failed.outcomes = {{"User/u", "update", false, false, "boom"}};
  PassFacts f;
  f.kinds = {"User"};
  f.declared = {{"User", "u"}};
  f.live["User/u"] = {"id", ""};
  f.plan = &plan;
  f.report = &failed;
  const Time t1(std::chrono::seconds(100)), t2(std::chrono::seconds(200)),
      t3(std::chrono::seconds(300));
  auto first = ComputeStatuses(f, {}, t1);
  ObjectStatus other;
  other.kind = "Desktop";
  other.name = "d";
  first["Desktop/d"] = other;
  auto second = ComputeStatuses(f, first, t2);
  EXPECT_EQ(second.at("User/u").synced.last_transition, t1) << "same status: time kept";
  EXPECT_EQ(second.at("User/u").last_error, "update: boom");
  EXPECT_EQ(second.count("Desktop/d"), 1u) << "a kind not reconciled keeps its status";
  plan.actions.clear();
  f.report = nullptr;
  auto third = ComputeStatuses(f, second, t3);
  EXPECT_EQ(third.at("User/u").synced.status, "True");
  EXPECT_EQ(third.at("User/u").synced.last_transition, t3);
  EXPECT_EQ(third.at("User/u").last_error, "update: boom") << "the last error stays for the record";
  EXPECT_EQ(third.at("User/u").ready.last_transition, t1);
  f.declared.clear();
  auto fourth = ComputeStatuses(f, third, t3);
  EXPECT_EQ(fourth.count("User/u"), 0u) << "neither declared nor owned: no longer reported";
}

TEST(StatusViewTest, ReadinessNeedsTheLockAndARecentObservation) {
  const Time now(std::chrono::seconds(10'000));
  struct Case {
    std::string name;
    bool leader;
    Time last_observe;
    bool want;
    std::string reason_has;
  };
  const Case cases[] = {
      {"standby", false, now, false, "standby"},
      {"first pass running", true, Time{}, false, "first observation"},
      {"observed recently", true, now - std::chrono::seconds(60), true, ""},
      {"observation too old", true, now - std::chrono::seconds(2000), false,
       "no successful observation"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    DaemonState d;
    d.leader = c.leader;
    d.standby_reason = "held by pid 7";
    d.last_observe_ok = c.last_observe;
    d.observe_window = std::chrono::seconds(900);
    EvaluateReadiness(d, now);
    EXPECT_EQ(d.ready, c.want);
    EXPECT_NE(d.ready_reason.find(c.reason_has), std::string::npos) << d.ready_reason;
  }
}

TEST(StatusViewTest, JsonAndPageShowObjectsAndEscapeEverything) {
  DaemonState d;
  d.phase = "idle";
  ObjectStatus o;
  o.kind = "User";
  o.name = "<b>mallory</b>";
  o.ready = {"True", "Available", "exists", Time(std::chrono::seconds(0))};
  o.synced = {"False", "Held", "delete held by prune-disabled: \"x\" & y", {}};
  o.held = {{"delete", "prune-disabled", "needs --prune", "with --prune"},
            {"rebuild", "maintenance-window", "outside its maintenance window nights",
             "when its maintenance window nights opens at 2026-12-07 22:00 UTC"}};
  const std::map<std::string, ObjectStatus> objects = {{"User/x", o}};
  const std::string json = RenderStatusJson(d, objects);
  EXPECT_NE(json.find(R"("type": "Synced")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("reason": "Held")"), std::string::npos);
  EXPECT_NE(json.find(R"("gate": "prune-disabled")"), std::string::npos);
  EXPECT_NE(json.find(R"("clears": "with --prune")"), std::string::npos) << "every gate says when";
  EXPECT_NE(json.find(R"("clears": "when its maintenance window nights opens at 2026-12-07)"),
            std::string::npos);
  const std::string page = RenderStatusPage(d, objects, {}, Time(std::chrono::seconds(100)));
  EXPECT_NE(page.find("<code>maintenance-window</code>: outside its maintenance window nights; "
                      "clears when its maintenance window nights opens at 2026-12-07 22:00 UTC"),
            std::string::npos)
      << page;
  EXPECT_EQ(page.find("<b>mallory"), std::string::npos) << "names are escaped";
  EXPECT_NE(page.find("&lt;b&gt;mallory"), std::string::npos);
  EXPECT_NE(page.find("&quot;x&quot; &amp; y"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("http://"), std::string::npos) << "no external assets";
}

}  // namespace
}  // namespace deskops::daemon
