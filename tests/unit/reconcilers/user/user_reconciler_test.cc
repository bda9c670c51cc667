// Golden tests of the User diff: desired manifests and observed users in, plan text out; the
// password source checked before any call, and the write-only aliasName.
#include "reconcilers/user/user_reconciler.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "../kind_fixture.h"

namespace deskops::reconcilers {
namespace {

namespace users = cloud::users;

using Fixture = testing::KindFixture<user::Reconciler>;

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
  f.Observe({alice, carol, gone, Live("eve", "u5")});
  f.Own("alice", "u1");
  f.Own("dave", "u4");
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "User\n"
            "  ~ alice                               update\n"
            "      spec.userEmail: \"alice@old.example\" -> \"alice@example.com\"\n"
            "  + bob                                 create\n"
            "      spec.userEmail: bob@example.com\n"
            "      spec.description: Backend\n"
            "  = carol                               adopt\n"
            "  ~ carol                               update [disruptive]\n"
            "      spec.locked: false -> true\n"
            "  - dave                                delete [destructive]\n"
            "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
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
  f.Observe({alice, bob, carol});
  f.OwnDeclared();
  f.ExpectInSync(3);
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
  f.Observe({Live("alice", "u1")});
  Plan plan = f.Diff();
  EXPECT_TRUE(plan.actions.empty());
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_EQ(plan.errors[0].name, "alice");
}

TEST(UserReconcilerTest, CreateInFlightIsNotRepeated) {
  Fixture f(kManifests);
  Plan plan = f.Diff({{"bob", "i1", "", "sent before a crash"}});
  for (const auto& a : plan.actions) {
    if (a.name == "bob") {
      EXPECT_EQ(a.held_by, Gate::kInFlight);
    } else {
      EXPECT_FALSE(a.held());
    }
  }
}

// A password source that is missing is found when planning, before any call, and fails only the
// user that needs it; a present one is read when the user is created and never shown.
TEST(UserReconcilerTest, PasswordSourceIsCheckedWhenPlanning) {
  const std::string doc = R"(---
apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: alice}
spec: {activeType: ADMIN_ACTIVATE, passwordFrom: {env: DESKOPS_TEST_ALICE_PASSWORD}}
---
apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: bob}
spec: {}
)";
  ::unsetenv("DESKOPS_TEST_ALICE_PASSWORD");
  Fixture missing(doc);
  EXPECT_EQ(RenderText(missing.Diff()),
            "User\n"
            "  + bob                                 create\n"
            "error: User/alice: spec.passwordFrom: the password variable "
            "DESKOPS_TEST_ALICE_PASSWORD is not set\n"
            "Plan: 1 create; 1 error(s); 0 in sync.\n");

  ::setenv("DESKOPS_TEST_ALICE_PASSWORD", "s3cret-Pa55", 1);
  Fixture f(doc);
  Plan plan = f.Diff();
  EXPECT_EQ(plan.actions.size(), 2u) << RenderText(plan);
  EXPECT_EQ(RenderJson(plan).find("s3cret-Pa55"), std::string::npos) << "never in a plan";
  f.api.api->On("POST", "/v2/p1/users/batch-create", 200, "{}");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  const std::vector<std::string> sent = f.Sent("POST", "/v2/p1/users/batch-create");
  ASSERT_EQ(sent.size(), 1u) << "one batch call for both";
  EXPECT_NE(sent[0].find(R"("password":"s3cret-Pa55")"), std::string::npos) << sent[0];
  ::unsetenv("DESKOPS_TEST_ALICE_PASSWORD");
}

// aliasName is sent on create only and never read back: deskops records a fingerprint of what it
// applied, and refuses a later change (4.8.5 cannot change it).
TEST(UserReconcilerTest, AliasNameIsWriteOnly) {
  const std::string applied = AppliedKey("spec.aliasName");
  struct Case {
    std::string name, alias;              // the manifest's aliasName ("" : not set)
    std::optional<std::string> recorded;  // nullopt: the user is not owned
    std::string want;
    std::map<std::string, std::string> want_records;  // after Apply
  };
  const Case cases[] = {
      {"the alias deskops applied: in sync",
       "Ali",
       Fingerprint("Ali"),
       "Plan: no changes; 1 in sync.\n",
       {{applied, Fingerprint("Ali")}}},
      {"a changed alias is refused",
       "Alex",
       Fingerprint("Ali"),
       "error: User/alice: spec.aliasName cannot change once the user exists (4.8.5 has no "
       "alias_name); change it back, or delete and re-create the user\n"
       "Plan: nothing to run now; 1 error(s); 0 in sync.\n",
       {{applied, Fingerprint("Ali")}}},
      {"owned before deskops remembered it: recorded from now on",
       "Ali",
       "",
       "Plan: no changes; 1 in sync.\n",
       {{applied, Fingerprint("Ali")}}},
      {"adopted: recorded once owned",
       "Ali",
       std::nullopt,
       "User\n"
       "  = alice                               adopt\n"
       "Plan: 1 adopt; 1 in sync.\n",
       {{applied, Fingerprint("Ali")}}},
      {"not managed",
       "",
       Fingerprint("Ali"),
       "Plan: no changes; 1 in sync.\n",
       {{applied, Fingerprint("Ali")}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(testing::Manifest("User", "alice",
                                c.alias.empty() ? "  {}\n" : "  aliasName: " + c.alias + "\n"));
    f.Observe({Live("alice", "u1")});
    if (c.recorded) {
      f.Own("alice", "u1");
      if (!c.recorded->empty()) f.inventory.Record("User", "alice", {{applied, *c.recorded}});
    }
    Plan plan = f.Diff();
    EXPECT_EQ(RenderText(plan), c.want);
    EXPECT_TRUE(f.Apply(plan).ok());
    EXPECT_TRUE(f.Calls().empty());
    if (plan.errors.empty()) {
      EXPECT_EQ(f.inventory.Find("User", "alice")->records, c.want_records);
    }
  }
}

TEST(UserReconcilerTest, ACreateRecordsTheAliasItSends) {
  Fixture f(testing::Manifest("User", "alice", "  aliasName: Ali\n"));
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 1u) << RenderText(plan);
  EXPECT_EQ(
      plan.actions[0].records,
      (std::map<std::string, std::string>{{AppliedKey("spec.aliasName"), Fingerprint("Ali")}}));
  f.api.api->On("POST", "/v2/p1/users/batch-create", 200, "{}");
  f.api.api->On("GET", "/v2/p1/users", 200,
                R"({"total_count":1,"users":[{"id":"u1","user_name":"alice"}]})");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_NE(f.Sent("POST", "/v2/p1/users/batch-create").at(0).find(R"("alias_name":"Ali")"),
            std::string::npos);
  ASSERT_TRUE(f.inventory.Find("User", "alice"));
  EXPECT_EQ(f.inventory.Find("User", "alice")->Record(AppliedKey("spec.aliasName")),
            Fingerprint("Ali"))
      << "recorded once the create succeeded";
}

// A failure stays with its user: a password that cannot be read when the call is made keeps that
// user out of the batch, and a batch the API refuses as a whole (one user's bad field) is sent user
// by user, so only that user fails.
TEST(UserReconcilerTest, OneUsersFailureDoesNotFailTheOthers) {
  const std::string doc = R"(---
apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: alice}
spec: {activeType: ADMIN_ACTIVATE, passwordFrom: {env: DESKOPS_TEST_ALICE_PASSWORD}}
---
apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: bob}
spec: {userEmail: bob@example.com}
---
apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: carol}
spec: {userEmail: carol@example.com}
)";
  struct Case {
    std::string name;
    bool password_gone;  // the variable is unset between plan and apply
    int batch_status;    // the answer to 4.8.7
    std::set<std::string> want_failed;
    std::size_t want_batch_users, want_single_calls;
  };
  const Case cases[] = {
      {"all good: one batch call", false, 200, {}, 3, 0},
      {"a password gone by apply time: that user alone is left out", true, 200, {"alice"}, 2, 0},
      {"the batch refused: user by user, only carol fails", false, 400, {"carol"}, 3, 3},
      {"a password gone and the batch refused", true, 400, {"alice", "carol"}, 2, 2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ::setenv("DESKOPS_TEST_ALICE_PASSWORD", "s3cret-Pa55", 1);
    Fixture f(doc);
    Plan plan = f.Diff();
    ASSERT_EQ(plan.actions.size(), 3u) << RenderText(plan);
    if (c.password_gone) ::unsetenv("DESKOPS_TEST_ALICE_PASSWORD");
    f.api.api->On(
        "POST", "/v2/p1/users/batch-create", c.batch_status,
        c.batch_status == 200 ? "{}" : R"({"error_code":"WKS.00000001","error_msg":"bad"})");
    f.api.api->On("POST", "/v2/p1/users", [](const cloud::HttpRequest& r) {
      const bool bad = r.body.find("carol") != std::string::npos;
      return bad ? cloud::HttpResponse{400,
                                       {},
                                       R"({"error_code":"WKS.00000001","error_msg":"bad"})"}
                 : cloud::HttpResponse{200, {}, R"({"id":"u-new"})"};
    });
    ApplyReport report = f.Apply(plan);
    std::set<std::string> failed;
    for (const auto& o : report.outcomes) {
      if (!o.ok) failed.insert(o.key.substr(o.key.find('/') + 1));
    }
    EXPECT_EQ(failed, c.want_failed) << report.Summary();
    const auto batch = f.Sent("POST", "/v2/p1/users/batch-create");
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(batch[0])["users"].size(), c.want_batch_users) << batch[0];
    EXPECT_EQ(f.Sent("POST", "/v2/p1/users").size(), c.want_single_calls);
  }
  ::unsetenv("DESKOPS_TEST_ALICE_PASSWORD");
}

}  // namespace
}  // namespace deskops::reconcilers
