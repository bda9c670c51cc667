// Golden tests of the User diff: desired manifests and observed users in, plan text out.
#include "reconcilers/user/user_reconciler.h"

#include <gtest/gtest.h>

#include "reconcilers/engine/gates.h"
#include "specs/loader.h"

namespace deskops::reconcilers {
namespace {

namespace users = cloud::users;

struct Fixture {
  specs::ManifestSet manifests;
  Inventory inventory;
  LiveIndex index;
  EngineOptions options;
  core::FakeClock clock;
  UserReconciler reconciler;

  explicit Fixture(const std::string& yaml) {
    specs::Loader loader;
    loader.AddText(yaml, "users.yaml");
    auto r = std::move(loader).Finish();
    EXPECT_TRUE(r.ok());
    manifests = std::move(r.manifests);
  }
  Plan Diff(std::vector<PendingCreate> pending = {}) {
    Plan plan;
    PlanBuilder b(plan);
    DiffContext ctx{manifests, manifests.OfKind("User"), inventory, index, pending, options, clock};
    reconciler.Diff(ctx, b);
    ApplyGates(plan, options, manifests, inventory);
    return plan;
  }
};

users::User Live(std::string name, std::string id, std::string email = "") {
  users::User u;
  u.user_name = std::move(name);
  u.id = std::move(id);
  u.user_email = std::move(email);
  u.active_type = "USER_ACTIVATE";
  u.account_expires = "0";
  return u;
}

constexpr const char* kManifests = R"(---
apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: alice}
spec: {userEmail: alice@example.com, accountExpires: "2027-12-31T23:59:59Z", locked: false}
---
apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: bob}
spec: {userEmail: bob@example.com, description: Backend}
---
apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: carol}
spec: {userEmail: carol@example.com, locked: true}
)";

TEST(UserReconcilerTest, CreateUpdateAdoptLockAndPrune) {
  Fixture f(kManifests);
  users::User alice = Live("alice", "u1", "alice@old.example");
  alice.account_expires = "1830297599000";  // 2027-12-31T23:59:59Z in milliseconds: same time
  users::User carol = Live("carol", "u3", "carol@example.com");
  users::User gone = Live("dave", "u4");
  f.reconciler.SetObserved({alice, carol, gone, Live("eve", "u5")});
  f.inventory.Upsert({"User", "alice", "u1", false});
  f.inventory.Upsert({"User", "dave", "u4", false});
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "User\n"
            "  ~ alice                               update\n"
            "      spec.userEmail: \"alice@old.example\" -> \"alice@example.com\"\n"
            "  + bob                                 create\n"
            "  = carol                               adopt\n"
            "  ~ carol                               update [disruptive]\n"
            "      spec.locked: false -> true\n"
            "  - dave                                delete [destructive]\n"
            "      HELD by prune-disabled: it left the manifests; deleting it needs --prune\n"
            "Plan: 1 create, 2 update, 1 adopt; 1 disruptive; 1 held; 0 in sync.\n")
      << "eve is neither desired nor owned: never touched";
  const Action& create = plan.actions[1];
  EXPECT_EQ(create.batch_key, "users.batch_create");
}

TEST(UserReconcilerTest, InSyncMakesNoActions) {
  Fixture f(kManifests);
  users::User alice = Live("alice", "u1", "alice@example.com");
  alice.account_expires = "2027-12-31T23:59:59.000Z";
  users::User bob = Live("bob", "u2", "bob@example.com");
  bob.description = "Backend";
  users::User carol = Live("carol", "u3", "carol@example.com");
  carol.locked = true;
  f.reconciler.SetObserved({alice, bob, carol});
  for (auto n : {"alice", "bob", "carol"}) f.inventory.Upsert({"User", n, "", false});
  Plan plan = f.Diff();
  EXPECT_TRUE(plan.actions.empty()) << RenderText(plan);
  EXPECT_EQ(plan.in_sync, 3u);
}

TEST(UserReconcilerTest, AdoptionCanBeRefused) {
  Fixture f(R"(---
apiVersion: deskops.io/v1alpha1
kind: User
metadata:
  name: alice
  annotations: {deskops.io/adopt: "false"}
spec: {}
)");
  f.reconciler.SetObserved({Live("alice", "u1")});
  Plan plan = f.Diff();
  EXPECT_TRUE(plan.actions.empty());
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_EQ(plan.errors[0].name, "alice");
}

TEST(UserReconcilerTest, CreateInFlightIsNotRepeated) {
  Fixture f(kManifests);
  f.reconciler.SetObserved({});
  Plan plan = f.Diff({{"bob", "i1", "", "sent before a crash"}});
  for (const auto& a : plan.actions) {
    if (a.name == "bob") {
      EXPECT_EQ(a.held_by, "in-flight");
    } else {
      EXPECT_FALSE(a.held());
    }
  }
}

}  // namespace
}  // namespace deskops::reconcilers
