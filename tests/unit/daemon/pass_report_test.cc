#include "daemon/pass_report.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "../cloud/fake_api.h"

namespace deskops::daemon {
namespace {

using reconcilers::Action;
using reconcilers::ActionOutcome;
using reconcilers::ApplyReport;
using reconcilers::Plan;

Action Act(const std::string& name, reconcilers::Gate held_by = reconcilers::Gate::kNone) {
  Action a;
  a.kind = "UserGroup";
  a.name = name;
  a.verb = reconcilers::Verb::kMembershipAdd;
  a.held_by = held_by;
  return a;
}

ActionOutcome Outcome(const std::string& name, bool ok, bool skipped = false) {
  return {"UserGroup/" + name, "membership-add", ok, skipped, ok ? "" : "HTTP 429"};
}

// What a pass amounts to, from its plan, what ran of it, and whether deskops was stopping. A pass
// that planned changes and did not apply them (a stop came first, or a dependency failed) is not a
// clean pass: it used to be logged "pass done" with nothing changed and nothing failed.
TEST(DigestPassTest, OnlyAPassThatAppliedItsWholePlanIsClean) {
  struct Case {
    std::string name;
    std::vector<Action> actions;
    std::size_t plan_errors;
    std::optional<std::vector<ActionOutcome>> outcomes;  // nullopt: Apply did not run
    bool stopping;
    bool want_ok, want_stopped;
    std::size_t want_not_applied;
    std::string want_in_summary;
  };
  const Case cases[] = {
      {"nothing to do", {}, 0, std::nullopt, false, true, false, 0, "0 changed, 0 failed"},
      {"nothing to do, then a stop", {}, 0, std::nullopt, true, true, false, 0, "0 changed"},
      {"only held actions, then a stop",
       {Act("g1", reconcilers::Gate::kDisruptionBudget)},
       0,
       std::nullopt,
       true,
       true,
       false,
       0,
       "1 held"},
      {"applied",
       {Act("g1")},
       0,
       std::vector{Outcome("g1", true)},
       false,
       true,
       false,
       0,
       "1 changed"},
      {"stopped before Apply",
       {Act("g1"), Act("g2")},
       0,
       std::nullopt,
       true,
       false,
       true,
       2,
       "2 not applied (deskops is stopping)"},
      {"stopped during Apply",
       {Act("g1"), Act("g2")},
       0,
       std::vector{Outcome("g1", true), Outcome("g2", false, true)},
       true,
       false,
       true,
       1,
       "1 changed, 0 failed"},
      {"stopped between phases: no outcome for the rest",
       {Act("g1"), Act("g2")},
       0,
       std::vector{Outcome("g1", true)},
       true,
       false,
       true,
       1,
       "1 not applied"},
      {"a failure and its dependent skipped",
       {Act("g1"), Act("g2")},
       0,
       std::vector{Outcome("g1", false), Outcome("g2", false, true)},
       false,
       false,
       false,
       1,
       "1 failed"},
      {"a failure, then a stop: still a failure",
       {Act("g1"), Act("g2")},
       0,
       std::vector{Outcome("g1", false), Outcome("g2", false, true)},
       true,
       false,
       false,
       1,
       "1 not applied"},
      {"plan error", {}, 1, std::nullopt, false, false, false, 0, "1 plan errors"},
  };
  const auto dir = std::filesystem::temp_directory_path() / "deskops-pass-report-test";
  cloud::testing::FakeClient api;
  core::Logger log{nullptr, {}};
  reconcilers::Engine engine({}, *api.client, api.clock, log, {}, dir.string());
  specs::ManifestSet manifests;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Plan plan;
    plan.actions = c.actions;
    for (std::size_t i = 0; i < c.plan_errors; ++i)
      plan.errors.push_back({"UserGroup", "g9", "bad"});
    ApplyReport report;
    if (c.outcomes) report.outcomes = *c.outcomes;
    PassInput in;
    in.kinds = {"UserGroup"};
    in.manifests = &manifests;
    in.plan = &plan;
    in.report = c.outcomes ? &report : nullptr;
    in.engine = &engine;
    in.stopping = c.stopping;
    const PassOutcome out = DigestPass(in, {}, std::chrono::system_clock::now());
    EXPECT_EQ(out.ok, c.want_ok);
    EXPECT_EQ(out.stopped, c.want_stopped);
    EXPECT_EQ(out.not_applied, c.want_not_applied);
    EXPECT_NE(out.summary.find(c.want_in_summary), std::string::npos) << out.summary;
    bool logged = false;
    for (const auto& f : out.log_fields) logged = logged || f.key == "not_applied";
    EXPECT_TRUE(logged) << "the log line says how much of the plan was left unapplied";
  }
}

}  // namespace
}  // namespace deskops::daemon
