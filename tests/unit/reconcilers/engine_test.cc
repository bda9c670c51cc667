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
  void Plan(const DiffContext&, const ObservedSet&, PlanBuilder&) const override {
    std::lock_guard lock(*mu);
    diffed->insert(kind);
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

}  // namespace
}  // namespace deskops::reconcilers
