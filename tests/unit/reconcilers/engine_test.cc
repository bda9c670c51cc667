#include "reconcilers/engine/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>

#include "../cloud/fake_api.h"

namespace deskops::reconcilers {
namespace {

// The live objects a ProbeKind's Observe returned: their names.
struct ProbeSet : ObservedSet {
  std::vector<std::string> names;
  std::size_t size() const override { return names.size(); }
};

// A kind that records being observed and planned, and observes scripted live objects (their refs
// go into the index as the engine puts them).
struct ProbeKind : Reconciler {
  std::string kind;
  KindTraits traits;
  std::vector<std::string> live;  // names observed
  std::set<std::string>* observed;
  std::set<std::string>* diffed;
  std::mutex* mu;
  std::vector<PendingCreate> pending;  // what the last Plan was told is in flight

  const specs::KindInfo& Info() const override { return *specs::FindKind(kind); }
  const KindTraits& Traits() const override { return traits; }
  std::vector<const cloud::Operation*> Operations() const override { return {}; }
  core::StatusOr<std::shared_ptr<const ObservedSet>> Observe(const ObserveContext&) const override {
    {
      std::lock_guard lock(*mu);
      observed->insert(kind);
    }
    auto set = std::make_shared<ProbeSet>();
    set->names = live;
    return std::shared_ptr<const ObservedSet>(std::move(set));
  }
  std::vector<LiveRef> Refs(const ObservedSet& set) const override {
    std::vector<LiveRef> out;
    for (const auto& n : static_cast<const ProbeSet&>(set).names) {
      out.push_back({kind, n, "id-" + n, {}});
    }
    return out;
  }
  void Plan(const DiffContext& ctx, const ObservedSet&, PlanBuilder&) const override {
    std::lock_guard lock(*mu);
    diffed->insert(kind);
    const_cast<ProbeKind*>(this)->pending = ctx.pending;
  }
  std::vector<ActionResult> Execute(ExecContext&,
                                    const std::vector<const Action*>& b) const override {
    return std::vector<ActionResult>(b.size());
  }
  core::StatusOr<std::vector<LiveRef>> Discover(ExecContext&, const std::vector<std::string>&,
                                                const std::vector<std::string>&) const override {
    return std::vector<LiveRef>{};
  }
  std::string Export(const ObservedSet&, const ExportContext&) const override { return ""; }
  GetListing Present(const ObservedSet&) const override { return {}; }
};

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() {
    Add("User", std::vector<std::string>{});
    Add("UserGroup", std::vector<std::string>{"User"});
    Add("Desktop", std::vector<std::string>{"User"});
    Add("PolicyGroup", std::nullopt);
  }
  void Add(std::string kind, std::optional<std::vector<std::string>> needs) {
    auto k = std::make_unique<ProbeKind>();
    k->kind = std::move(kind);
    k->traits.needs = std::move(needs);
    // Read even with nothing declared or owned (see KindsWithNothingToPlanAreNotRead).
    k->traits.recovers_ownership = true;
    k->observed = &observed_;
    k->diffed = &diffed_;
    k->mu = &mu_;
    kinds_.push_back(std::move(k));
  }
  ProbeKind& Kind(int i) { return *static_cast<ProbeKind*>(kinds_[i].get()); }

  std::mutex mu_;
  std::set<std::string> observed_, diffed_;
  ReconcilerList kinds_;
  cloud::testing::FakeClient api_;
  core::Logger log_{nullptr, {}};
};

TEST_F(EngineTest, APassOverSomeKindsObservesWhatTheyNeedAndDiffsOnlyThem) {
  struct Case {
    std::string name;
    std::set<std::string> only;
    std::set<std::string> want_observed, want_diffed;
  };
  const std::set<std::string> all = {"User", "UserGroup", "Desktop", "PolicyGroup"};
  const Case cases[] = {
      {"every kind", {}, all, all},
      {"a kind that needs nothing", {"User"}, {"User"}, {"User"}},
      {"a kind and what it needs", {"Desktop"}, {"Desktop", "User"}, {"Desktop"}},
      {"two kinds",
       {"Desktop", "UserGroup"},
       {"Desktop", "User", "UserGroup"},
       {"Desktop", "UserGroup"}},
      {"a kind that does not say needs everything", {"PolicyGroup"}, all, {"PolicyGroup"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    observed_.clear();
    diffed_.clear();
    EngineOptions options;
    options.only_kinds = c.only;
    Engine engine(kinds_, *api_.client, api_.clock, log_, options, "");
    specs::ManifestSet manifests;
    ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
    EXPECT_EQ(observed_, c.want_observed);
    EXPECT_EQ(diffed_, c.want_diffed);
  }
}

// A kind no manifest declares, of which deskops owns nothing and has no call in flight, has
// nothing to plan and is not read at all, unless its live objects carry deskops' ownership mark
// (desktops' tag) or another kind that is read needs it.
TEST_F(EngineTest, KindsWithNothingToPlanAreNotRead) {
  struct Case {
    std::string name;
    std::set<std::string> recovering;
    std::set<std::string> want_observed;
  };
  const Case cases[] = {
      {"nothing declared, owned or recoverable", {}, {}},
      {"desktops recover ownership from their tag, and need users",
       {"Desktop"},
       {"Desktop", "User"}},
      {"a kind that does not say what it needs reads everything",
       {"PolicyGroup"},
       {"User", "UserGroup", "Desktop", "PolicyGroup"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    for (int i = 0; i < 4; ++i) {
      Kind(i).traits.recovers_ownership = c.recovering.count(Kind(i).kind) > 0;
    }
    observed_.clear();
    Engine engine(kinds_, *api_.client, api_.clock, log_, {}, "");
    specs::ManifestSet manifests;
    ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
    EXPECT_EQ(observed_, c.want_observed);
  }
}

TEST_F(EngineTest, ALongRunningEngineForgetsObjectsThatDisappeared) {
  Engine engine(kinds_, *api_.client, api_.clock, log_, {}, "");
  specs::ManifestSet manifests;
  Kind(0).live = {"alice", "bob"};
  ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
  EXPECT_TRUE(engine.index().Find("User", "bob").has_value());
  Kind(0).live = {"alice"};
  ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
  EXPECT_FALSE(engine.index().Find("User", "bob").has_value());
  EXPECT_TRUE(engine.index().Find("User", "alice").has_value());
}

TEST_F(EngineTest, OwnedObjectsThatAreGoneAreForgottenUnlessTheirCreateMayBeInFlight) {
  const std::string dir = ::testing::TempDir() + "/engine_forget";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Inventory owned(dir + "/inventory.json");
  for (const char* name : {"alice", "gone", "coming"}) owned.Own("User", name, "");
  owned.Own("Desktop", "d-gone", "id-d");
  ASSERT_TRUE(owned.Save().ok());
  {
    auto ledger = Ledger::Open(dir + "/ledger.jsonl", api_.clock);
    ASSERT_TRUE((*ledger)->Intent("users.batch_create", "User", {"coming"}).ok());
  }
  Kind(0).live = {"alice"};
  EngineOptions options;
  options.only_kinds = {"User"};  // Desktop is not observed: its owned objects stay
  Engine engine(kinds_, *api_.client, api_.clock, log_, options, dir);
  specs::ManifestSet manifests;
  ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
  EXPECT_TRUE(engine.inventory().Find("User", "alice"));
  EXPECT_FALSE(engine.inventory().Find("User", "gone")) << "a name it no longer has";
  EXPECT_TRUE(engine.inventory().Find("User", "coming")) << "its create may still be in flight";
  EXPECT_TRUE(engine.inventory().Find("Desktop", "d-gone")) << "not observed, not judged";
  auto saved = Inventory::Load(dir + "/inventory.json");
  ASSERT_TRUE(saved.ok());
  EXPECT_FALSE(saved->Find("User", "gone"));
}

TEST_F(EngineTest, WhatACreateWithALostAnswerMadeIsOwnedOnceItShowsUp) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("deskops-engine-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    // An earlier run sent these and lost the answers (a dropped connection, a timeout).
    auto ledger = Ledger::Open((dir / "ledger.jsonl").string(), api_.clock);
    ASSERT_TRUE(ledger.ok());
    ASSERT_TRUE((*ledger)->Intent("users.batch_create", "User", {"alice", "bob"}).ok());
    ASSERT_TRUE((*ledger)->Intent("groups.members", "UserGroup", {"staff"}).ok());
  }
  EngineOptions options;
  options.adopt["User"] = options.adopt["UserGroup"] = false;
  Engine engine(kinds_, *api_.client, api_.clock, log_, options, dir.string());
  Kind(0).live = {"alice", "bob", "carol"};
  Kind(1).live = {"staff"};
  specs::ManifestSet manifests;
  ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
  ASSERT_TRUE(engine.inventory().Find("User", "alice").has_value());
  EXPECT_EQ(engine.inventory().Find("User", "bob")->id, "id-bob");
  EXPECT_FALSE(engine.inventory().Find("User", "carol")) << "nobody asked deskops to make carol";
  EXPECT_FALSE(engine.inventory().Find("UserGroup", "staff")) << "not a create: not deskops' own";
  EXPECT_TRUE(engine.Unfinished().empty());
  std::filesystem::remove_all(dir);
}

// After a crash, a create an earlier run recorded but never saw answered is settled by asking the
// API (the list, and the sub-jobs of the kind's create job type in progress), not by waiting out
// pendingCreateGrace; it is only held while the call may still be on its way, or when the API
// cannot tell.
TEST_F(EngineTest, AnEarlierRunsUnansweredCreateIsSettledByAskingTheApi) {
  struct Case {
    std::string name = {};
    std::string job_type = {};  // the kind's create_job_type
    bool jobs_name_objects = true;
    int sub_jobs_status = 200;
    std::string sub_jobs = {};       // JSON array of the sub-jobs in progress
    std::chrono::seconds after{66};  // since this engine started (attempt timeout 60 s + 5 s)
    std::string job_status = {};     // for the job found; empty: none looked up
    // Expected:
    bool held = false;
    std::string held_job = {};
    std::string reason_has = {};
    bool asked_jobs = true;
  };
  const std::string d1 = R"({"id":"s1","job_id":"j1","job_type":"createDesktops",)"
                         R"("status":"RUNNING","entities":{"desktop_name":"d1"}})";
  const std::string other = R"({"id":"s2","job_id":"j2","job_type":"createDesktops",)"
                            R"("status":"RUNNING","entities":{"desktop_name":"zz"}})";
  const Case cases[] = {
      {"no trace in the list or the jobs: created again now", "createDesktops", true, 200, "[]"},
      {"its job is running: followed", "createDesktops", true, 200, "[" + d1 + "]",
       std::chrono::seconds(66), "RUNNING", true, "j1", "still running"},
      {"jobs of that type, none of it: created again", "createDesktops", true, 200,
       "[" + other + "]"},
      {"a kind without create jobs: the list says it all", "", true, 200, "[]",
       std::chrono::seconds(66), "", false, "", "", false},
      {"jobs in progress that do not name objects: it may be one of them, wait",
       "createDesktopPool", false, 200, "[" + other + "]", std::chrono::seconds(66), "", true, "",
       "cannot tell"},
      {"the jobs cannot be read: wait", "createDesktops", true, 500, "[]", std::chrono::seconds(66),
       "", true, "", "cannot tell"},
      {"the call may still be on its way: held, nothing asked", "createDesktops", true, 200, "[]",
       std::chrono::seconds(30), "", true, "", "moments ago", false},
      {"past pendingCreateGrace even though the API cannot tell: given up", "createDesktops", true,
       500, "[]", std::chrono::seconds(700), "", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto dir =
        std::filesystem::temp_directory_path() / ("deskops-settle-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    {
      auto ledger = Ledger::Open((dir / "ledger.jsonl").string(), api_.clock);
      ASSERT_TRUE(ledger.ok());
      ASSERT_TRUE((*ledger)->Intent("desktops.create", "Desktop", {"d1"}).ok());
    }
    Kind(2).traits.create_job_type = c.job_type;
    Kind(2).traits.create_jobs_name_objects = c.jobs_name_objects;
    Kind(2).live = {};
    int sub_job_reads = 0;
    api_.api->routes.clear();
    api_.api->requests.clear();
    api_.api->On("GET", "/v2/p1/workspace-sub-jobs", [&](const cloud::HttpRequest& r) {
      ++sub_job_reads;
      EXPECT_EQ(api_.api->Query(r, "job_type"), c.job_type);
      return cloud::HttpResponse{
          c.sub_jobs_status, {}, R"({"jobs":)" + c.sub_jobs + R"(,"total_count":1})"};
    });
    api_.api->On("GET", "/v2/p1/workspace-jobs/j1", 200,
                 R"({"id":"j1","job_type":"createDesktops","status":")" + c.job_status +
                     R"(","sub_job_total":1})");
    EngineOptions options;
    options.only_kinds = {"Desktop"};
    options.pending_create_grace = std::chrono::seconds(600);
    Engine engine(kinds_, *api_.client, api_.clock, log_, options, dir.string());
    api_.clock.Advance(c.after);
    specs::ManifestSet manifests;
    ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
    EXPECT_EQ(sub_job_reads > 0, c.asked_jobs && !c.job_type.empty());
    const auto& pending = Kind(2).pending;
    ASSERT_EQ(pending.size(), c.held ? 1u : 0u);
    EXPECT_EQ(engine.Unfinished().size(), c.held ? 1u : 0u);
    if (c.held) {
      EXPECT_EQ(pending[0].name, "d1");
      EXPECT_EQ(pending[0].job_id, c.held_job);
      EXPECT_THAT(pending[0].reason, ::testing::HasSubstr(c.reason_has));
    }
    std::filesystem::remove_all(dir);
  }
}

// Objects an earlier run's create made, whose answer it never saw: owned, and those the create's
// job failed to make whole (a desktop it left in ERROR) are marked so, to be replaced like a failed
// create this run saw.
TEST_F(EngineTest, AnEarlierRunsCreateJobThatFailedForOneMarksThatOne) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("deskops-failedjob-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto ledger = Ledger::Open((dir / "ledger.jsonl").string(), api_.clock);
    ASSERT_TRUE((*ledger)->Intent("desktops.create", "Desktop", {"d1", "d2"}).ok());
  }
  Kind(2).traits.create_job_type = "createDesktops";
  Kind(2).traits.create_jobs_name_objects = true;
  Kind(2).live = {"d1", "d2"};
  api_.api->On("GET", "/v2/p1/workspace-sub-jobs", [&](const cloud::HttpRequest& r) {
    EXPECT_EQ(api_.api->Query(r, "status"), "") << "every job: those that ended too";
    return cloud::HttpResponse{
        200,
        {},
        R"({"total_count":2,"jobs":[)"
        R"({"id":"s1","job_id":"j9","status":"SUCCESS","entities":{"desktop_name":"d1"}},)"
        R"({"id":"s2","job_id":"j9","status":"FAILED","entities":{"desktop_name":"d2"}}]})"};
  });
  api_.api->On("GET", "/v2/p1/workspace-jobs/j9", 200,
               R"({"id":"j9","status":"FAILED","sub_jobs":[)"
               R"({"id":"s1","status":"SUCCESS","entities":{"desktop_name":"d1"}},)"
               R"({"id":"s2","status":"FAILED","error_code":"WKS.0005","entities":)"
               R"({"desktop_name":"d2"}}]})");
  EngineOptions options;
  options.only_kinds = {"Desktop"};
  Engine engine(kinds_, *api_.client, api_.clock, log_, options, dir.string());
  specs::ManifestSet manifests;
  ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
  ASSERT_TRUE(engine.inventory().Find("Desktop", "d1"));
  ASSERT_TRUE(engine.inventory().Find("Desktop", "d2"));
  EXPECT_FALSE(engine.inventory().Find("Desktop", "d1")->create_failed);
  EXPECT_TRUE(engine.inventory().Find("Desktop", "d2")->create_failed);
  EXPECT_TRUE(engine.Unfinished().empty());
  std::filesystem::remove_all(dir);
}

// A call this run gave up without an answer may have been sent up to then: it is not looked for
// until an attempt's time has passed since, however old its intent.
TEST_F(EngineTest, AnUnansweredCallIsLookedForOnlyOnceItCannotStillArrive) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("deskops-unanswered-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Kind(2).traits.create_job_type = "createDesktops";
  Kind(2).traits.create_jobs_name_objects = true;
  api_.api->On("GET", "/v2/p1/workspace-sub-jobs", 200, R"({"jobs":[],"total_count":0})");
  EngineOptions options;
  options.only_kinds = {"Desktop"};
  Engine engine(kinds_, *api_.client, api_.clock, log_, options, dir.string());
  {
    auto ledger = Ledger::Open((dir / "ledger.jsonl").string(), api_.clock);
    ASSERT_TRUE(ledger.ok());
    auto id = (*ledger)->Intent("desktops.create", "Desktop", {"d1"});
    api_.clock.Advance(std::chrono::minutes(3));  // retried for a while, then given up
    ASSERT_TRUE((*ledger)->Unanswered(*id).ok());
  }
  ASSERT_TRUE(engine.Open().ok());
  specs::ManifestSet manifests;
  api_.clock.Advance(std::chrono::seconds(30));
  ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
  EXPECT_EQ(Kind(2).pending.size(), 1u) << "sent at most 30 s ago: may still arrive";
  api_.clock.Advance(std::chrono::seconds(40));
  ASSERT_TRUE(engine.MakePlan(manifests, "d").ok());
  EXPECT_TRUE(Kind(2).pending.empty()) << "no trace once it cannot arrive any more";
  EXPECT_TRUE(engine.Unfinished().empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace deskops::reconcilers
