#include "reconcilers/engine/gates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "specs/loader.h"

namespace deskops::reconcilers {
namespace {

// Monday 2026-12-07 12:00 UTC, where the gates are applied.
const core::Clock::WallTime kNow =
    core::Clock::WallTime(std::chrono::sys_days(std::chrono::year(2026) / 12 / 7)) +
    std::chrono::hours(12);

specs::ManifestSet Manifests(const std::string& yaml) {
  specs::Loader loader;
  loader.AddText(yaml, "m.yaml");
  auto r = std::move(loader).Finish();
  EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics.items()[0].ToString());
  return std::move(r.manifests);
}

std::string UserDoc(const std::string& name, const std::string& annotations = "") {
  return "---\napiVersion: deskops.io/v1alpha1\nkind: User\nmetadata:\n  name: " + name + "\n" +
         (annotations.empty() ? "" : "  annotations:\n" + annotations) + "spec: {}\n";
}

Action Act(std::string name, Verb verb, Disruption d = Disruption::kSafe,
           std::vector<FieldChange> changes = {}) {
  Action a;
  a.kind = "User";
  a.name = std::move(name);
  a.verb = verb;
  a.disruption = d;
  a.changes = std::move(changes);
  return a;
}

Inventory Owned(int n, std::vector<std::string> protected_names = {}) {
  Inventory inv;
  for (int i = 0; i < n; ++i) inv.Upsert({"User", "u" + std::to_string(i), "", false, false, {}});
  for (auto& p : protected_names) inv.Upsert({"User", p, "", true, false, {}});
  return inv;
}

std::vector<std::string> Held(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& a : p.actions)
    out.push_back(a.name + ":" + (a.held() ? std::string(GateName(a.held_by)) : "runs"));
  return out;
}

TEST(GatesTest, Table) {
  struct Case {
    std::string name;
    EngineOptions options;
    std::string manifests;
    Inventory inventory;
    std::vector<Action> actions;
    std::vector<std::string> want;
  };
  EngineOptions prune;
  prune.prune = true;
  EngineOptions prune_allow_empty = prune;
  prune_allow_empty.allow_empty = true;
  EngineOptions observe;
  observe.observe_only = true;
  EngineOptions destructive_ok;
  destructive_ok.allow_destructive = true;
  EngineOptions two_disruptive;
  two_disruptive.max_disruptive = 2;
  EngineOptions unlimited = prune;
  unlimited.max_deletions = -1;
  unlimited.max_deletion_percent = -1;
  EngineOptions backoff = prune;
  backoff.backoff["User/a"] = "failed 2 times; next try in 60s";
  const std::string keep = UserDoc("keep");
  const Case cases[] = {
      {"backoff holds only that object",
       backoff,
       keep,
       Owned(10),
       {Act("a", Verb::kUpdate), Act("a", Verb::kDelete), Act("b", Verb::kUpdate)},
       {"a:backoff", "a:backoff", "b:runs"}},
      {"prune off holds deletions",
       {},
       keep,
       Owned(10),
       {Act("u1", Verb::kDelete)},
       {"u1:prune-disabled"}},
      {"prune on deletes", prune, keep, Owned(10), {Act("u1", Verb::kDelete)}, {"u1:runs"}},
      {"per-object opt-out survives the manifest",
       prune,
       keep,
       Owned(10, {"p"}),
       {Act("p", Verb::kDelete)},
       {"p:prune-protected"}},
      {"empty manifests never delete",
       prune,
       "",
       Owned(10),
       {Act("u1", Verb::kDelete)},
       {"u1:empty-manifests"}},
      {"unless allowed", prune_allow_empty, "", Owned(10), {Act("u1", Verb::kDelete)}, {"u1:runs"}},
      {"count budget holds every deletion",
       prune,
       keep,
       Owned(100),
       {Act("a", Verb::kDelete), Act("b", Verb::kDelete), Act("c", Verb::kDelete),
        Act("d", Verb::kDelete), Act("e", Verb::kDelete), Act("f", Verb::kDelete),
        Act("g", Verb::kDelete), Act("h", Verb::kDelete), Act("i", Verb::kDelete),
        Act("j", Verb::kDelete), Act("k", Verb::kDelete), Act("new", Verb::kCreate)},
       {"a:deletion-budget", "b:deletion-budget", "c:deletion-budget", "d:deletion-budget",
        "e:deletion-budget", "f:deletion-budget", "g:deletion-budget", "h:deletion-budget",
        "i:deletion-budget", "j:deletion-budget", "k:deletion-budget", "new:runs"}},
      {"percentage budget",
       prune,
       keep,
       Owned(4),
       {Act("a", Verb::kDelete), Act("b", Verb::kDelete)},
       {"a:deletion-budget", "b:deletion-budget"}},
      {"no budget",
       unlimited,
       keep,
       Owned(4),
       {Act("a", Verb::kDelete), Act("b", Verb::kDelete)},
       {"a:runs", "b:runs"}},
      {"destructive needs an opt-in",
       {},
       keep,
       Owned(1),
       {Act("keep", Verb::kRebuild, Disruption::kDestructive)},
       {"keep:destructive"}},
      {"run-wide opt-in",
       destructive_ok,
       keep,
       Owned(1),
       {Act("keep", Verb::kRebuild, Disruption::kDestructive)},
       {"keep:runs"}},
      {"per-object opt-in",
       {},
       UserDoc("d", "    deskops.io/allow-destroy: \"true\"\n"),
       Owned(1),
       {Act("d", Verb::kRebuild, Disruption::kDestructive)},
       {"d:runs"}},
      {"disruption budget",
       two_disruptive,
       keep,
       Owned(1),
       {Act("a", Verb::kPower, Disruption::kDisruptive),
        Act("b", Verb::kPower, Disruption::kDisruptive),
        Act("c", Verb::kPower, Disruption::kDisruptive), Act("d", Verb::kUpdate)},
       {"a:runs", "b:runs", "c:disruption-budget", "d:runs"}},
      {"observe mode holds everything",
       observe,
       keep,
       Owned(1),
       {Act("a", Verb::kCreate), Act("b", Verb::kUpdate)},
       {"a:observe-mode", "b:observe-mode"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Plan plan;
    plan.actions = c.actions;
    specs::ManifestSet m = Manifests(c.manifests);
    ApplyGates(plan, c.options, m, c.inventory, kNow);
    EXPECT_EQ(Held(plan), c.want);
    for (const auto& a : plan.actions) {
      if (a.held()) {
        EXPECT_FALSE(a.held_reason.empty());
      }
    }
  }
}

// A step of an object whose steps run in order (KindTraits::serial: they share the object's key as
// their batch) builds on the steps before it: once one is held, those after it wait too.
TEST(GatesTest, AHeldStepHoldsTheLaterStepsOfItsObject) {
  auto step = [](std::string name, Verb verb, Disruption d = Disruption::kSafe) {
    Action a = Act(std::move(name), verb, d);
    a.kind = "UserGroup";
    a.batch_key = ObjectKey(a.kind, a.name);
    return a;
  };
  struct Case {
    std::string name;
    std::vector<Action> actions;
    std::vector<std::string> want;
  };
  Action batched_held = Act("a", Verb::kRebuild, Disruption::kDestructive);
  batched_held.batch_key = "users.batch_create";
  Action batched = Act("b", Verb::kUpdate);
  batched.batch_key = "users.batch_create";
  const Case cases[] = {
      {"steps after a held one wait; those before it run",
       {step("g", Verb::kUpdate), step("g", Verb::kReplace, Disruption::kDestructive),
        step("g", Verb::kMembershipAdd), step("g", Verb::kMembershipRemove)},
       {"g:runs", "g:destructive", "g:sequenced", "g:sequenced"}},
      {"other objects go on",
       {step("g", Verb::kReplace, Disruption::kDestructive), step("h", Verb::kUpdate),
        step("g", Verb::kMembershipAdd), step("h", Verb::kMembershipAdd)},
       {"g:destructive", "h:runs", "g:sequenced", "h:runs"}},
      {"nothing held, nothing sequenced",
       {step("g", Verb::kCreate), step("g", Verb::kMembershipAdd)},
       {"g:runs", "g:runs"}},
      {"actions batched by operation do not build on each other",
       {batched_held, batched},
       {"a:destructive", "b:runs"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Plan plan;
    plan.actions = c.actions;
    ApplyGates(plan, {}, Manifests(UserDoc("keep")), Owned(1), kNow);
    EXPECT_EQ(Held(plan), c.want);
    for (const auto& a : plan.actions) {
      if (a.held_by == Gate::kSequenced) {
        EXPECT_EQ(a.held_reason, "follows a held step of the same object");
      }
    }
  }
}

// What needs an object whose create is held waits with it (by the same gate), down a chain of
// dependencies; what needs an object that exists does not wait for that object's other changes.
TEST(GatesTest, WhatNeedsAHeldCreateWaitsWithIt) {
  struct Case {
    std::string name;
    Verb user_verb;
    std::vector<std::string> want_held;  // "Kind/name verb"
  };
  const Case cases[] = {
      {"a held create holds what needs the object, down the chain",
       Verb::kCreate,
       {"User/alice create", "UserGroup/eng create", "UserGroup/eng membership-add",
        "DesktopPool/pool create"}},
      {"a held update holds nothing else", Verb::kUpdate, {"User/alice update"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Plan plan;
    Action user = Act("alice", c.user_verb);
    Action group;
    group.kind = "UserGroup";
    group.name = "eng";
    group.verb = Verb::kCreate;
    group.depends_on = {"User/alice"};
    Action members = group;
    members.verb = Verb::kMembershipAdd;
    members.batch_key = "UserGroup/eng";
    Action pool;
    pool.kind = "DesktopPool";
    pool.name = "pool";
    pool.verb = Verb::kCreate;
    pool.depends_on = {"UserGroup/eng"};
    Action other = Act("bob", Verb::kCreate);
    plan.actions = {user, other, group, members, pool};
    EngineOptions options;
    options.backoff["User/alice"] = "its last actions failed";
    ApplyGates(plan, options, Manifests(UserDoc("alice") + UserDoc("bob")), Inventory(), kNow);
    std::vector<std::string> held;
    for (const auto& a : plan.actions) {
      if (!a.held()) continue;
      held.push_back(ObjectKey(a.kind, a.name) + " " + std::string(VerbName(a.verb)));
      EXPECT_EQ(a.held_by, Gate::kBackoff) << held.back();
    }
    EXPECT_EQ(held, c.want_held);
    if (held.size() > 1) {
      EXPECT_EQ(plan.actions[2].held_reason, "waits for User/alice, whose create is held");
    }
  }
}

// The user-connected gate holds disruptive and destructive actions that note a session, deletions
// included, unless the flag or the object's annotation lets them through; safe actions never.
TEST(GatesTest, UserConnectedHoldsDisruptionOnly) {
  struct Case {
    std::string name;
    Verb verb;
    Disruption disruption;
    bool flag = false;
    std::string annotations = "";
    bool want_held = false;
  };
  const Case cases[] = {
      {"a disruptive update", Verb::kResize, Disruption::kDisruptive, false, "", true},
      {"a safe update", Verb::kUpdate, Disruption::kSafe, false, "", false},
      {"a deletion with --prune", Verb::kDelete, Disruption::kDestructive, false, "", true},
      {"--disrupt-connected", Verb::kResize, Disruption::kDisruptive, true, "", false},
      {"the annotation", Verb::kResize, Disruption::kDisruptive, false,
       "    deskops.io/disrupt-connected: \"true\"\n", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Plan plan;
    Action a = Act(c.verb == Verb::kDelete ? "gone" : "alice", c.verb, c.disruption);
    a.session_hold = "alice is connected";
    plan.actions = {a};
    EngineOptions options;
    options.prune = true;
    options.max_deletions = -1;
    options.max_deletion_percent = -1;
    options.allow_destructive = true;
    options.disrupt_connected = c.flag;
    ApplyGates(plan, options, Manifests(UserDoc("alice", c.annotations)), Owned(0), kNow);
    EXPECT_EQ(plan.actions[0].held_by == Gate::kUserConnected, c.want_held)
        << GateName(plan.actions[0].held_by);
    if (c.want_held) {
      EXPECT_EQ(plan.actions[0].held_reason, "alice is connected");
    }
  }
}

MaintenanceWindow NightWindow(std::set<std::string> kinds = {},
                              std::map<std::string, std::string> labels = {}) {
  MaintenanceWindow w;
  w.name = "nights";
  w.start = std::chrono::hours(22);
  w.duration = std::chrono::hours(6);
  auto utc = core::TimeZone::FromPosix("UTC", "UTC0");
  w.zone = std::make_shared<const core::TimeZone>(*utc);
  w.kinds = std::move(kinds);
  w.labels = std::move(labels);
  return w;
}

// Outside the windows that pick an object, its disruptive and destructive actions (deletions
// included) wait for the next opening, which the plan names; safe ones, objects no window picks,
// an open window and --ignore-windows let them through.
TEST(GatesTest, MaintenanceWindowHoldsDisruptionOutsideIt) {
  struct Case {
    std::string name;
    Verb verb;
    Disruption disruption;
    std::vector<MaintenanceWindow> windows;
    std::string labels = "";
    bool ignore = false;
    std::chrono::hours at = std::chrono::hours(0);  // after kNow (12:00 UTC)
    bool want_held = false;
  };
  const Case cases[] = {
      {"a resize at noon",
       Verb::kResize,
       Disruption::kDisruptive,
       {NightWindow()},
       "",
       false,
       std::chrono::hours(0),
       true},
      {"a resize at night",
       Verb::kResize,
       Disruption::kDisruptive,
       {NightWindow()},
       "",
       false,
       std::chrono::hours(11),
       false},
      {"a rebuild at noon",
       Verb::kRebuild,
       Disruption::kDestructive,
       {NightWindow()},
       "",
       false,
       std::chrono::hours(0),
       true},
      {"a deletion at noon",
       Verb::kDelete,
       Disruption::kDestructive,
       {NightWindow()},
       "",
       false,
       std::chrono::hours(0),
       true},
      {"a safe update at noon",
       Verb::kUpdate,
       Disruption::kSafe,
       {NightWindow()},
       "",
       false,
       std::chrono::hours(0),
       false},
      {"--ignore-windows",
       Verb::kResize,
       Disruption::kDisruptive,
       {NightWindow()},
       "",
       true,
       std::chrono::hours(0),
       false},
      {"no windows",
       Verb::kResize,
       Disruption::kDisruptive,
       {},
       "",
       false,
       std::chrono::hours(0),
       false},
      {"a window of another kind",
       Verb::kResize,
       Disruption::kDisruptive,
       {NightWindow({"Desktop"})},
       "",
       false,
       std::chrono::hours(0),
       false},
      {"a window of this kind",
       Verb::kResize,
       Disruption::kDisruptive,
       {NightWindow({"User"})},
       "",
       false,
       std::chrono::hours(0),
       true},
      {"a window of its label",
       Verb::kResize,
       Disruption::kDisruptive,
       {NightWindow({}, {{"tier", "prod"}})},
       "  labels: {tier: prod}\n",
       false,
       std::chrono::hours(0),
       true},
      {"a window of another label",
       Verb::kResize,
       Disruption::kDisruptive,
       {NightWindow({}, {{"tier", "prod"}})},
       "  labels: {tier: dev}\n",
       false,
       std::chrono::hours(0),
       false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Plan plan;
    const std::string name = c.verb == Verb::kDelete ? "gone" : "alice";
    plan.actions = {Act(name, c.verb, c.disruption)};
    EngineOptions options;
    options.prune = true;
    options.allow_destructive = true;
    options.windows = c.windows;
    options.ignore_windows = c.ignore;
    const std::string doc =
        "---\napiVersion: deskops.io/v1alpha1\nkind: User\nmetadata:\n"
        "  name: alice\n" +
        c.labels + "spec: {}\n";
    ApplyGates(plan, options, Manifests(doc), Owned(10), kNow + c.at);
    const Action& a = plan.actions[0];
    EXPECT_EQ(a.held_by == Gate::kMaintenanceWindow, c.want_held) << GateName(a.held_by);
    if (c.want_held) {
      EXPECT_EQ(a.held_reason, "outside its maintenance window nights (daily 22:00 for 6h UTC)");
      EXPECT_EQ(a.Clears(),
                "when its maintenance window nights opens at 2026-12-07 22:00 UTC "
                "(2026-12-07T22:00:00.000Z), or with --ignore-windows");
      EXPECT_EQ(a.held_until,
                std::chrono::floor<std::chrono::seconds>(kNow) + std::chrono::hours(10));
      EXPECT_THAT(RenderText(plan), ::testing::HasSubstr("HELD by maintenance-window (clears when "
                                                         "its maintenance window nights opens at "
                                                         "2026-12-07 22:00 UTC"));
    }
  }
}

TEST(GatesTest, SuspendAndIgnoreChanges) {
  specs::ManifestSet m = Manifests(
      UserDoc("sleepy", "    deskops.io/suspend: \"true\"\n") +
      UserDoc("partial", "    deskops.io/ignore-changes: \"spec.description, spec.userEmail\"\n") +
      UserDoc("only_ignored", "    deskops.io/ignore-changes: spec.description\n") +
      UserDoc("adopted", "    deskops.io/ignore-changes: spec.description\n"));
  Plan plan;
  plan.actions = {
      Act("sleepy", Verb::kUpdate, Disruption::kSafe, {{"spec.description", "", "x"}}),
      Act("partial", Verb::kUpdate, Disruption::kSafe,
          {{"spec.description", "a", "b"}, {"spec.userPhone", "1", "2"}}),
      Act("only_ignored", Verb::kUpdate, Disruption::kSafe, {{"spec.description", "a", "b"}}),
      Act("other", Verb::kCreate),
      Act("adopted", Verb::kAdopt),
      Act("adopted", Verb::kUpdate, Disruption::kSafe, {{"spec.description", "a", "b"}})};
  ApplyObjectOptions(plan, m);
  ASSERT_EQ(plan.actions.size(), 3u);
  EXPECT_EQ(plan.actions[0].name, "partial");
  ASSERT_EQ(plan.actions[0].changes.size(), 1u);
  EXPECT_EQ(plan.actions[0].changes[0].path, "spec.userPhone");
  EXPECT_EQ(plan.actions[1].name, "other");
  EXPECT_EQ(plan.actions[2].verb, Verb::kAdopt);
  EXPECT_EQ(plan.suspended, std::vector<std::string>{"User/sleepy"});
  // Objects whose every change is ignored are in sync; one whose only other action is its
  // adoption too (as the engine counts an object whose only action is its adoption).
  EXPECT_EQ(plan.in_sync, 2u) << "only_ignored and adopted";
}

TEST(PlanTest, RenderAndFingerprint) {
  Plan plan;
  plan.in_sync = 3;
  Action create = Act("alice", Verb::kCreate);
  create.calls = {&cloud::ops::kBatchCreateUsers};
  Action update =
      Act("bob", Verb::kUpdate, Disruption::kSafe, {{"spec.userEmail", "\"old@x\"", "\"new@x\""}});
  Action del = Act("carol", Verb::kDelete, Disruption::kDestructive);
  del.held_by = Gate::kPruneDisabled;
  del.held_reason = "needs --prune";
  plan.actions = {create, update, del};
  plan.errors = {{"User", "dave", "boom"}};
  EXPECT_EQ(RenderText(plan),
            "User\n"
            "  + alice                               create\n"
            "  ~ bob                                 update\n"
            "      spec.userEmail: \"old@x\" -> \"new@x\"\n"
            "  - carol                               delete [destructive]\n"
            "      HELD by prune-disabled (clears with --prune): needs --prune\n"
            "error: User/dave: boom\n"
            "Plan: 1 create, 1 update; 1 held; 1 error(s); 3 in sync.\n");
  EXPECT_TRUE(plan.HasChanges());
  std::string fp = Fingerprint(plan);
  EXPECT_EQ(FingerprintOfSavedPlan(RenderJson(plan)), fp);
  plan.actions[1].changes[0].after = "\"other@x\"";
  EXPECT_NE(Fingerprint(plan), fp) << "a different change is a different plan";
}

// For a person at a terminal: the legend above the actions, a create's fields, and colour only when
// asked for (the commands ask on a terminal without NO_COLOR).
TEST(PlanTest, RenderForPeopleLegendFieldsAndColour) {
  Plan plan;
  Action create = Act("alice", Verb::kCreate);
  create.changes = {{"spec.userEmail", "", "a@x"}, {"spec.passwordFrom", "", "env PW"}};
  Action del = Act("carol", Verb::kDelete, Disruption::kDestructive);
  del.held_by = Gate::kPruneDisabled;
  del.held_reason = "needs --prune";
  plan.actions = {create, del};
  const std::string body =
      "User\n"
      "  + alice                               create\n"
      "      spec.userEmail: a@x\n"
      "      spec.passwordFrom: env PW\n"
      "  - carol                               delete [destructive]\n"
      "      HELD by prune-disabled (clears with --prune): needs --prune\n"
      "Plan: 1 create; 1 held; 0 in sync.\n";
  struct Case {
    RenderOptions options;
    std::string want;
  };
  const Case cases[] = {
      {{}, body},
      {{.legend = true}, Legend() + body},
      {{.legend = false, .color = true},
       "\x1b[1mUser\x1b[0m\n"
       "\x1b[32m  + alice                               create\x1b[0m\n"
       "      spec.userEmail: a@x\n"
       "      spec.passwordFrom: env PW\n"
       "\x1b[2m  - carol                               delete [destructive]\x1b[0m\n"
       "\x1b[33m      HELD by prune-disabled (clears with --prune): needs --prune\x1b[0m\n"
       "\x1b[1mPlan: 1 create; 1 held; 0 in sync.\x1b[0m\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(RenderText(plan, c.options), c.want);
  EXPECT_EQ(RenderText(Plan{}, {.legend = true}), "Plan: no changes; 0 in sync.\n")
      << "no legend without actions";
  for (const char* symbol : {"+ create", "- delete", "# replace", "~ change", "= adopt",
                             "[disruptive]", "[destructive]", "HELD"}) {
    EXPECT_NE(Legend().find(symbol), std::string::npos) << symbol;
  }
}

// A plan has changes when the tenant differs from the manifests: a held action on a declared
// object is a difference too; a deletion held for the operator (of what left the manifests) is not.
TEST(PlanTest, HeldActionsOnDeclaredObjectsAreChanges) {
  struct Case {
    std::string name;
    Verb verb;
    Gate gate;
    bool want_changes;
    std::size_t want_held_declared;
  };
  const Case cases[] = {
      {"a create that runs", Verb::kCreate, Gate::kNone, true, 0},
      {"a create held while an earlier one may be in flight", Verb::kCreate, Gate::kInFlight, true,
       1},
      {"an update held by a busy desktop", Verb::kUpdate, Gate::kBusy, true, 1},
      {"a destructive replace held for an opt-in", Verb::kReplace, Gate::kDestructive, true, 1},
      {"an adoption changes nothing in the tenant", Verb::kAdopt, Gate::kNone, false, 0},
      {"a deletion that runs", Verb::kDelete, Gate::kNone, true, 0},
      {"a deletion held without --prune", Verb::kDelete, Gate::kPruneDisabled, false, 0},
      {"a deletion held by the deletion budget", Verb::kDelete, Gate::kDeletionBudget, false, 0},
      {"a deletion held by a backoff still happens", Verb::kDelete, Gate::kBackoff, true, 0},
      {"a deletion held by a task still happens", Verb::kDelete, Gate::kBusy, true, 0},
      {"a deletion held until its window opens still happens", Verb::kDelete,
       Gate::kMaintenanceWindow, true, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Plan plan;
    Action a;
    a.kind = "User";
    a.name = "alice";
    a.verb = c.verb;
    a.held_by = c.gate;
    plan.actions = {a};
    EXPECT_EQ(plan.HasChanges(), c.want_changes);
    EXPECT_EQ(plan.HeldDeclared(), c.want_held_declared);
    if (c.gate != Gate::kNone) {
      EXPECT_THAT(RenderText(plan),
                  ::testing::HasSubstr(core::StrCat("(clears ", GateClears(c.gate))));
    }
  }
}

}  // namespace
}  // namespace deskops::reconcilers
