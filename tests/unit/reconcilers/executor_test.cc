#include "reconcilers/engine/executor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>

#include "../cloud/fake_api.h"

namespace deskops::reconcilers {
namespace {

// A kind whose Execute and Discover are scripted; it records the batches it was given and the
// names each Discover call asked for.
struct FakeKind : Reconciler {
  std::string kind;
  KindTraits traits;
  std::function<ActionResult(const Action&)> result = [](const Action&) { return ActionResult{}; };
  // What Discover finds, given the names and job-reported IDs it is asked for.
  std::function<std::vector<LiveRef>(const std::vector<std::string>&,
                                     const std::vector<std::string>&)>
      find = [](const std::vector<std::string>&, const std::vector<std::string>&) {
        return std::vector<LiveRef>{};
      };
  mutable std::vector<std::vector<std::string>> batches;
  mutable std::vector<std::vector<std::string>> discovered;
  mutable std::vector<std::string> discovered_ids;
  std::vector<std::string>* order = nullptr;
  mutable std::mutex mu;

  explicit FakeKind(std::string k) : kind(std::move(k)) {}
  const specs::KindInfo& Info() const override { return *specs::FindKind(kind); }
  const KindTraits& Traits() const override { return traits; }
  std::vector<const cloud::Operation*> Operations() const override { return {}; }
  core::StatusOr<std::shared_ptr<const ObservedSet>> Observe(const ObserveContext&) const override {
    return core::Status::Unimplemented("not observed in these tests");
  }
  std::vector<LiveRef> Refs(const ObservedSet&) const override { return {}; }
  void Plan(const DiffContext&, const ObservedSet&, PlanBuilder&) const override {}
  std::string Export(const ObservedSet&, const ExportContext&) const override { return ""; }
  GetListing Present(const ObservedSet&) const override { return {}; }
  std::vector<ActionResult> Execute(ExecContext&,
                                    const std::vector<const Action*>& batch) const override {
    std::lock_guard lock(mu);
    std::vector<std::string> names;
    std::vector<ActionResult> out;
    for (const Action* a : batch) {
      names.push_back(a->name);
      out.push_back(result(*a));
      if (order) order->push_back(kind + "/" + a->name + ":" + std::string(VerbName(a->verb)));
    }
    batches.push_back(names);
    return out;
  }
  core::StatusOr<std::vector<LiveRef>> Discover(
      ExecContext&, const std::vector<std::string>& names,
      const std::vector<std::string>& ids) const override {
    std::lock_guard lock(mu);
    discovered.push_back(names);
    discovered_ids.insert(discovered_ids.end(), ids.begin(), ids.end());
    return find(names, ids);
  }
};

Action Act(std::string kind, std::string name, Verb verb, std::vector<std::string> deps = {},
           std::string batch = "") {
  Action a;
  a.kind = std::move(kind);
  a.name = std::move(name);
  a.verb = verb;
  a.depends_on = std::move(deps);
  a.batch_key = std::move(batch);
  return a;
}

class ExecutorTest : public ::testing::Test {
 protected:
  ExecutorTest() {
    kinds_.push_back(std::make_unique<FakeKind>("User"));
    kinds_.push_back(std::make_unique<FakeKind>("UserGroup"));
    kinds_.push_back(std::make_unique<FakeKind>("Desktop"));
    for (auto& k : kinds_) static_cast<FakeKind*>(k.get())->order = &order_;
    ledger_ = std::move(*Ledger::Open("", api_.clock));
  }
  FakeKind& Kind(int i) { return *static_cast<FakeKind*>(kinds_[i].get()); }
  ApplyReport Run(const Plan& plan) {
    ExecContext ctx{*api_.client, inventory_, *ledger_,  index_, api_.clock,
                    log_,         options_,   observer_, &stop_};
    return Executor(kinds_, ctx).Run(plan);
  }
  ReconcilerList kinds_;
  std::vector<std::string> order_;
  cloud::testing::FakeClient api_;
  Inventory inventory_;
  std::unique_ptr<Ledger> ledger_;
  LiveIndex index_;
  EngineOptions options_;
  core::Logger log_{nullptr, {}};
  EngineObserver* observer_ = nullptr;
  std::atomic<bool> stop_{false};
};

// Records what the executor reports.
struct RecordingObserver : EngineObserver {
  std::mutex mu;
  std::vector<std::string> events;
  void OnJobStarted(const std::string& id, const std::string& type) override {
    std::lock_guard lock(mu);
    events.push_back("start " + id + " " + type);
  }
  void OnJobEnded(const std::string& id, const std::string& type,
                  std::string_view outcome) override {
    std::lock_guard lock(mu);
    events.push_back("end " + id + " " + type + " " + std::string(outcome));
  }
  void OnOutcome(const Action& a, const ActionOutcome& o) override {
    std::lock_guard lock(mu);
    events.push_back("outcome " + o.key + " " + std::string(VerbName(a.verb)) +
                     (o.ok        ? " ok"
                      : o.skipped ? " skipped"
                                  : " failed"));
  }
};

TEST_F(ExecutorTest, DependencyOrderCreatesForwardDeletesBackward) {
  options_.concurrency = 1;
  Plan plan;
  plan.actions = {Act("Desktop", "d1", Verb::kCreate), Act("User", "old", Verb::kDelete),
                  Act("User", "alice", Verb::kCreate), Act("Desktop", "gone", Verb::kDelete),
                  Act("UserGroup", "g", Verb::kUpdate)};
  ApplyReport r = Run(plan);
  EXPECT_TRUE(r.ok()) << r.Summary();
  EXPECT_EQ(order_, (std::vector<std::string>{"User/alice:create", "UserGroup/g:update",
                                              "Desktop/d1:create", "Desktop/gone:delete",
                                              "User/old:delete"}));
}

TEST_F(ExecutorTest, HeldActionsDoNotRun) {
  Plan plan;
  plan.actions = {Act("User", "a", Verb::kDelete)};
  plan.actions[0].held_by = Gate::kPruneDisabled;
  ApplyReport r = Run(plan);
  EXPECT_TRUE(order_.empty());
  EXPECT_EQ(r.held, 1u);
}

TEST_F(ExecutorTest, BatchKeysGroupActions) {
  Plan plan;
  for (int i = 0; i < 5; ++i) {
    plan.actions.push_back(Act("Desktop", "d" + std::to_string(i), Verb::kCreate, {}, "cfg-A"));
  }
  plan.actions.push_back(Act("Desktop", "x", Verb::kCreate, {}, "cfg-B"));
  plan.actions.push_back(Act("Desktop", "y", Verb::kUpdate));
  Run(plan);
  auto batches = Kind(2).batches;
  std::sort(batches.begin(), batches.end());
  EXPECT_EQ(batches,
            (std::vector<std::vector<std::string>>{{"d0", "d1", "d2", "d3", "d4"}, {"x"}, {"y"}}));
}

TEST_F(ExecutorTest, FailureBlocksOnlyDependents) {
  Kind(0).result = [](const Action& a) {
    return a.name == "bad" ? ActionResult{core::Status::InvalidArgument("nope")} : ActionResult{};
  };
  Plan plan;
  plan.actions = {Act("User", "bad", Verb::kCreate), Act("User", "good", Verb::kCreate),
                  Act("UserGroup", "g1", Verb::kMembershipAdd, {"User/bad"}),
                  Act("UserGroup", "g2", Verb::kMembershipAdd, {"User/good"}),
                  Act("Desktop", "d1", Verb::kCreate, {"UserGroup/g1"})};
  ApplyReport r = Run(plan);
  EXPECT_EQ(r.Succeeded(), 2u);
  EXPECT_EQ(r.Failed(), 1u);
  EXPECT_EQ(r.Skipped(), 2u) << "g1 depends on bad; d1 depends on g1";
  EXPECT_FALSE(r.ok());
  for (const auto& o : r.outcomes) {
    if (o.key == "Desktop/d1") {
      EXPECT_EQ(o.error, "skipped: UserGroup/g1 failed");
    }
  }
}

TEST_F(ExecutorTest, JobsAreFollowedAndAFailedJobIsAFailure) {
  api_.api->On("GET", "/v2/p1/workspace-jobs/ok", 200, R"({"status":"SUCCESS"})");
  api_.api->On("GET", "/v2/p1/workspace-jobs/bad", 200,
               R"({"status":"SUCCESS","sub_jobs":[{"status":"FAILED","error_code":"WKS.0106",)"
               R"("fail_reason":"quota","entities":{"desktop_id":"x"}}]})");
  int polls = 0;
  api_.api->On("GET", "/v2/p1/workspace-jobs/slow", [&](const cloud::HttpRequest&) {
    return cloud::HttpResponse{
        200, {}, ++polls < 3 ? R"({"status":"RUNNING"})" : R"({"status":"SUCCESS"})"};
  });
  Kind(2).result = [](const Action& a) { return ActionResult{{}, a.name, "i-" + a.name}; };
  Plan plan;
  plan.actions = {Act("Desktop", "ok", Verb::kCreate), Act("Desktop", "bad", Verb::kCreate),
                  Act("Desktop", "slow", Verb::kCreate)};
  ApplyReport r = Run(plan);
  EXPECT_EQ(r.Succeeded(), 2u);
  ASSERT_EQ(r.Failed(), 1u);
  for (const auto& o : r.outcomes) {
    if (!o.ok) {
      EXPECT_EQ(o.key, "Desktop/bad");
      EXPECT_THAT(o.error, ::testing::HasSubstr("WKS.0106 quota"));
    }
  }
  EXPECT_EQ(polls, 3);
}

// What needs an object that could not be planned is skipped, not sent to fail for want of it;
// the rest goes on.
TEST_F(ExecutorTest, APlanErrorBlocksOnlyWhatNeedsItsObject) {
  Plan plan;
  plan.errors = {{"User", "erin", "spec.passwordFrom: the password variable X is not set"}};
  plan.actions = {Act("User", "alice", Verb::kCreate),
                  Act("UserGroup", "contractors", Verb::kMembershipAdd, {"User/erin"}),
                  Act("UserGroup", "staff", Verb::kMembershipAdd, {"User/alice"})};
  ApplyReport r = Run(plan);
  EXPECT_EQ(r.Succeeded(), 2u);
  EXPECT_EQ(r.Skipped(), 1u);
  EXPECT_EQ(Kind(1).batches, (std::vector<std::vector<std::string>>{{"staff"}}))
      << "contractors' call is never made";
  for (const auto& o : r.outcomes) {
    if (o.key == "UserGroup/contractors") {
      EXPECT_EQ(o.error, "skipped: User/erin has a plan error");
    }
  }
}

// One job creating several desktops can fail for some of them: those fail, the others succeed.
// When the job cannot say whose part failed, every desktop of it has failed.
TEST_F(ExecutorTest, APerItemFailureInASharedJobStaysWithItsObject) {
  struct Case {
    std::string name;
    std::string failed_entities;  // entities of the failed sub-job
    std::set<std::string> want_failed;
  };
  const Case cases[] = {
      {"the failed part names one of the job's desktops", R"({"desktop_name":"d2"})", {"d2"}},
      {"the failure names no desktop: the job failed as a whole",
       R"({"desktop_id":"x"})",
       {"d1", "d2", "d3"}},
      {"the failure names a desktop not of this job",
       R"({"desktop_name":"zz"})",
       {"d1", "d2", "d3"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    api_.api->On(
        "GET", "/v2/p1/workspace-jobs/shared", 200,
        R"({"status":"FAILED","sub_jobs":[{"status":"SUCCESS","entities":{"desktop_name":"d1"}},)"
        R"({"status":"FAILED","error_code":"WKS.0106","fail_reason":"quota","entities":)" +
            c.failed_entities + "}]}");
    Kind(2).result = [](const Action&) { return ActionResult{{}, "shared", ""}; };
    Plan plan;
    plan.actions = {Act("Desktop", "d1", Verb::kCreate, {}, "b"),
                    Act("Desktop", "d2", Verb::kCreate, {}, "b"),
                    Act("Desktop", "d3", Verb::kCreate, {}, "b")};
    ApplyReport r = Run(plan);
    std::set<std::string> failed;
    for (const auto& o : r.outcomes) {
      if (!o.ok) {
        failed.insert(o.key.substr(o.key.find('/') + 1));
        EXPECT_THAT(o.error, ::testing::HasSubstr("WKS.0106"));
      }
    }
    EXPECT_EQ(failed, c.want_failed);
    EXPECT_EQ(r.Succeeded(), 3 - c.want_failed.size());
  }
}

TEST_F(ExecutorTest, CallOnceRecordsIntentBeforeCallingAndClosesIt) {
  ExecContext ctx{*api_.client, inventory_, *ledger_, index_, api_.clock, log_, options_};
  Action a = Act("User", "alice", Verb::kCreate);
  bool intent_seen_by_call = false;
  auto results = CallOnce(ctx, cloud::ops::kCreateUser, {&a}, [&]() -> core::StatusOr<std::string> {
    intent_seen_by_call = ledger_->Unfinished().size() == 1;
    return std::string();
  });
  EXPECT_TRUE(intent_seen_by_call) << "the intent is durable before the call is made";
  EXPECT_TRUE(results.at(0).status.ok());
  EXPECT_TRUE(ledger_->Unfinished().empty());
  auto unknown = CallOnce(
      ctx, cloud::ops::kCreateDesktops, {&a},
      []() -> core::StatusOr<std::string> { return core::Status::Unknown("outcome unknown"); });
  EXPECT_EQ(ledger_->Unfinished().size(), 1u)
      << "a call that may have happened stays open so the next run waits for it";
  auto job = CallOnce(ctx, cloud::ops::kCreateDesktops, {&a},
                      []() -> core::StatusOr<std::string> { return std::string("job-9"); });
  EXPECT_EQ(job.at(0).job_id, "job-9");
  auto open = ledger_->Unfinished();
  EXPECT_TRUE(std::any_of(open.begin(), open.end(), [](auto& i) { return i.job_id == "job-9"; }));
}

}  // namespace
}  // namespace deskops::reconcilers

namespace deskops::reconcilers {
namespace {

// A kind that starts a job through CallOnce, like the real ones.
struct JobKind : FakeKind {
  using FakeKind::FakeKind;
  std::vector<ActionResult> Execute(ExecContext& ctx,
                                    const std::vector<const Action*>& batch) const override {
    return CallOnce(ctx, cloud::ops::kCreateDesktops, batch,
                    [&]() -> core::StatusOr<std::string> { return "job-" + batch[0]->name; });
  }
};

TEST_F(ExecutorTest, ObserverSeesJobsAndOutcomes) {
  RecordingObserver rec;
  observer_ = &rec;
  kinds_[2] = std::make_unique<JobKind>("Desktop");
  api_.api->On("GET", "/v2/p1/workspace-jobs/job-d1", 200, R"({"status":"SUCCESS"})");
  api_.api->On("GET", "/v2/p1/workspace-jobs/job-d2", 200, R"({"status":"FAILED"})");
  Plan plan;
  plan.actions = {Act("Desktop", "d1", Verb::kCreate), Act("Desktop", "d2", Verb::kCreate),
                  Act("User", "u", Verb::kDelete, {}, "")};
  Run(plan);
  std::sort(rec.events.begin(), rec.events.end());
  EXPECT_EQ(rec.events, (std::vector<std::string>{
                            "end job-d1 desktops.create success",
                            "end job-d2 desktops.create failed", "outcome Desktop/d1 create ok",
                            "outcome Desktop/d2 create failed", "outcome User/u delete ok",
                            "start job-d1 desktops.create", "start job-d2 desktops.create"}));
}

TEST_F(ExecutorTest, AFailedJobIsReportedWithTheOperationThatStartedIt) {
  kinds_[2] = std::make_unique<JobKind>("Desktop");
  api_.api->On("GET", "/v2/p1/workspace-jobs/job-d1", 200,
               R"({"status":"FAILED","sub_jobs":[{"status":"FAILED","error_code":"WKS.0005",)"
               R"("fail_reason":"ECS","entities":{"desktop_id":"x"}}]})");
  Plan plan;
  plan.actions = {Act("Desktop", "d1", Verb::kCreate)};
  ApplyReport r = Run(plan);
  ASSERT_EQ(r.Failed(), 1u);
  EXPECT_THAT(r.outcomes.at(0).error,
              ::testing::StartsWith("desktops.create job job-d1 failed: desktop x: WKS.0005 ECS"));
}

TEST_F(ExecutorTest, StoppingStartsNothingNewAndLeavesJobsToTheNextRun) {
  RecordingObserver rec;
  observer_ = &rec;
  kinds_[2] = std::make_unique<JobKind>("Desktop");
  api_.api->On("GET", "/v2/p1/workspace-jobs/job-d1", [&](const cloud::HttpRequest&) {
    stop_ = true;  // SIGTERM arrives while the job runs
    return cloud::HttpResponse{200, {}, R"({"status":"RUNNING"})"};
  });
  options_.concurrency = 1;
  Plan plan;
  plan.actions = {Act("Desktop", "d1", Verb::kCreate), Act("User", "gone", Verb::kDelete)};
  ApplyReport r = Run(plan);
  EXPECT_EQ(r.Failed(), 0u) << "stopping is not a failure: " << r.Summary();
  ASSERT_EQ(r.outcomes.size(), 2u) << "every runnable action has an outcome";
  EXPECT_TRUE(r.outcomes[0].skipped);
  EXPECT_THAT(r.outcomes[0].error, ::testing::HasSubstr("next run follows it"));
  EXPECT_TRUE(r.outcomes[1].skipped);
  EXPECT_EQ(r.outcomes[1].error, "not started: deskops is stopping");
  EXPECT_TRUE(Kind(0).batches.empty()) << "the deletion phase never started";
  EXPECT_EQ(ledger_->Unfinished().size(), 1u) << "the job stays in the ledger for the next run";
  EXPECT_THAT(rec.events, ::testing::Contains("end job-d1 desktops.create abandoned"));
}

TEST_F(ExecutorTest, StoppingMidPhaseStartsNoFurtherBatch) {
  options_.concurrency = 1;
  Kind(0).result = [&](const Action&) {
    stop_ = true;
    return ActionResult{};
  };
  Plan plan;
  plan.actions = {Act("User", "a", Verb::kCreate), Act("User", "b", Verb::kCreate)};
  ApplyReport r = Run(plan);
  EXPECT_EQ(Kind(0).batches.size(), 1u);
  EXPECT_EQ(r.Succeeded(), 1u);
  EXPECT_EQ(r.Skipped(), 1u);
  EXPECT_EQ(r.Failed(), 0u);
}

}  // namespace
}  // namespace deskops::reconcilers

// The books the executor keeps for every kind alike (executor.h).
namespace deskops::reconcilers {
namespace {

// A create of Desktop `name`: its call makes new objects (cloud::Operation::creates).
Action Create(std::string name) {
  Action a = Act("Desktop", std::move(name), Verb::kCreate);
  a.calls = {&cloud::ops::kCreateDesktops};
  return a;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(ExecutorTest, CreatesAreOwnedWhenAcceptedAndLearnTheirIdsOncePerPhase) {
  api_.api->On("GET", "/v2/p1/workspace-jobs/job-d2", 200,
               R"({"status":"SUCCESS","sub_jobs":[{"status":"SUCCESS",)"
               R"("entities":{"desktop_id":"id-d2"}}]})");
  Kind(2).result = [](const Action& a) {
    if (a.name == "d1") return ActionResult{{}, "", "", nullptr, "id-d1"};  // the answer has it
    if (a.name == "d2") return ActionResult{{}, "job-d2", "i2", &cloud::ops::kCreateDesktops};
    return ActionResult{};  // d3: accepted, no ID and no job
  };
  Kind(2).find = [](const std::vector<std::string>&, const std::vector<std::string>&) {
    return std::vector<LiveRef>{{"Desktop", "d2", "id-d2", {}},
                                {"Desktop", "d3", "id-d3", {}},
                                {"Desktop", "someone-elses", "id-x", {}}};
  };
  Plan plan;
  plan.actions = {Create("d1"), Create("d2"), Create("d3"), Act("Desktop", "d4", Verb::kUpdate)};
  ApplyReport r = Run(plan);
  EXPECT_TRUE(r.ok()) << r.Summary();
  ASSERT_EQ(Kind(2).discovered.size(), 1u) << "one Discover call for the kind and phase";
  EXPECT_EQ(Sorted(Kind(2).discovered[0]), (std::vector<std::string>{"d2", "d3"}))
      << "d1's ID came with the answer; d4 created nothing";
  EXPECT_EQ(Kind(2).discovered_ids, std::vector<std::string>{"id-d2"}) << "what the job named";
  for (const char* name : {"d1", "d2", "d3"}) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(inventory_.Find("Desktop", name));
    EXPECT_EQ(inventory_.Find("Desktop", name)->id, std::string("id-") + name);
    EXPECT_EQ(index_.Find("Desktop", name)->id, std::string("id-") + name);
  }
  EXPECT_FALSE(inventory_.Find("Desktop", "someone-elses")) << "only what the run created";
  EXPECT_FALSE(inventory_.Find("Desktop", "d4"));
}

TEST_F(ExecutorTest, ACreateIsOwnedBeforeItsJobEnds) {
  kinds_[2] = std::make_unique<JobKind>("Desktop");
  api_.api->On("GET", "/v2/p1/workspace-jobs/job-d1", [&](const cloud::HttpRequest&) {
    stop_ = true;  // deskops stops (or crashes) while the job runs
    return cloud::HttpResponse{200, {}, R"({"status":"RUNNING"})"};
  });
  Plan plan;
  plan.actions = {Create("d1")};
  ApplyReport r = Run(plan);
  EXPECT_EQ(r.Skipped(), 1u) << r.Summary();
  ASSERT_TRUE(inventory_.Find("Desktop", "d1")) << "owned from the moment the call is accepted";
  EXPECT_FALSE(inventory_.Find("Desktop", "d1")->create_failed);
  EXPECT_TRUE(Kind(2).discovered.empty()) << "not followed to the end: the next run looks";
}

TEST_F(ExecutorTest, AFailedCreateIsForgottenUnlessItLeftAnObject) {
  const char* failed = R"({"status":"FAILED","fail_reason":"quota"})";
  api_.api->On("GET", "/v2/p1/workspace-jobs/job-gone", 200, failed);
  api_.api->On("GET", "/v2/p1/workspace-jobs/job-error", 200, failed);
  Kind(2).result = [](const Action& a) {
    if (a.name == "refused") return ActionResult{core::Status::InvalidArgument("bad request")};
    return ActionResult{{}, "job-" + a.name, "i-" + a.name, &cloud::ops::kCreateDesktops};
  };
  // The failed job left a desktop in ERROR for "error", nothing for "gone".
  Kind(2).find = [](const std::vector<std::string>&, const std::vector<std::string>&) {
    return std::vector<LiveRef>{{"Desktop", "error", "id-e", {{kNotReadyAttr, "ERROR"}}}};
  };
  Plan plan;
  plan.actions = {Create("gone"), Create("error"), Create("refused")};
  ApplyReport r = Run(plan);
  EXPECT_EQ(r.Failed(), 3u) << r.Summary();
  EXPECT_FALSE(inventory_.Find("Desktop", "gone")) << "the failed job left nothing: forgotten";
  ASSERT_TRUE(inventory_.Find("Desktop", "error"));
  EXPECT_EQ(inventory_.Find("Desktop", "error")->id, "id-e");
  EXPECT_TRUE(inventory_.Find("Desktop", "error")->create_failed) << "marked for repair";
  EXPECT_FALSE(inventory_.Find("Desktop", "refused")) << "a refused call made nothing";
  ASSERT_EQ(Kind(2).discovered.size(), 1u);
  EXPECT_EQ(Sorted(Kind(2).discovered[0]), (std::vector<std::string>{"error", "gone"}))
      << "a refused call is not looked for";
}

TEST_F(ExecutorTest, TaintsRecordsAndDeletions) {
  struct Case {
    std::string name;
    Action action;
    bool ok;
    bool want_owned, want_create_failed;
    std::map<std::string, std::string> want_records;
  };
  Action tainting = Act("Desktop", "p", Verb::kExpand);
  tainting.taints_on_failure = true;
  Action recording = Act("Desktop", "p", Verb::kUpdate);
  recording.records = {{"applied:spec.tags", "f2"}, {"disk:old", ""}};
  const std::map<std::string, std::string> before = {{"applied:spec.tags", "f1"},
                                                     {"disk:old", "v1"}};
  const Case cases[] = {
      {"a failure that taints marks the object for repair", tainting, false, true, true, before},
      {"a failure that does not taint leaves it", Act("Desktop", "p", Verb::kUpdate), false, true,
       false, before},
      {"a success stores the action's records",
       recording,
       true,
       true,
       false,
       {{"applied:spec.tags", "f2"}}},
      {"a failure stores none", recording, false, true, false, before},
      {"a successful create clears an earlier failure", Create("p"), true, true, false, before},
      {"a successful deletion forgets the object",
       Act("Desktop", "p", Verb::kDelete),
       true,
       false,
       false,
       {}},
      {"a failed deletion keeps it", Act("Desktop", "p", Verb::kDelete), false, true, false,
       before},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    inventory_ = Inventory();
    inventory_.Upsert({"Desktop", "p", "id-p", false, false, before});
    if (c.action.creates()) inventory_.MarkCreateFailed("Desktop", "p", true);
    index_.Put({"Desktop", "p", "id-p", {}});
    Kind(2).result = [&](const Action&) {
      return c.ok ? ActionResult{} : ActionResult{core::Status::Aborted("job failed")};
    };
    Plan plan;
    plan.actions = {c.action};
    if (c.action.verb == Verb::kDelete) {
      options_.prune = true;
    }
    ApplyReport r = Run(plan);
    EXPECT_EQ(r.ok(), c.ok) << r.Summary();
    auto owned = inventory_.Find("Desktop", "p");
    ASSERT_EQ(owned.has_value(), c.want_owned);
    EXPECT_EQ(index_.Find("Desktop", "p").has_value(), c.want_owned);
    if (!owned) continue;
    EXPECT_EQ(owned->create_failed, c.want_create_failed);
    EXPECT_EQ(owned->records, c.want_records);
  }
}

}  // namespace
}  // namespace deskops::reconcilers
