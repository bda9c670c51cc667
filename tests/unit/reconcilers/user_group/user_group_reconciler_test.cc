// Golden tests of the UserGroup kind: manifests, observed groups and the users in the LiveIndex
// in, plan text out; and the exact requests a plan sends.
#include "reconcilers/user_group/user_group_reconciler.h"

#include <gtest/gtest.h>

#include "../kind_test_util.h"

namespace deskops::reconcilers {
namespace {

using testing::Doc;
using Fixture = testing::KindFixture<user_group::Reconciler>;
using nlohmann::json;
namespace groups = cloud::groups;

// A live group as Observe returns it (4.9.1's entry; members are not read for plans).
user_group::LiveGroup Group(std::string name, std::string id, std::string platform = "LOCAL",
                            std::string description = "") {
  groups::Group g;
  g.name = std::move(name);
  g.id = std::move(id);
  g.platform_type = std::move(platform);
  g.description = std::move(description);
  return {std::move(g), std::nullopt};
}

// A live user and the groups it belongs to, as the User kind publishes it.
void PutUser(LiveIndex& index, const std::string& name, const std::string& groups = "") {
  index.Put({"User", name, "u-" + name, {{"sid", ""}, {"groups", groups}}});
}

std::string GroupDoc(const std::string& name, const std::string& spec,
                     const std::string& annotations = "") {
  return Doc("UserGroup", name, spec, annotations);
}

TEST(UserGroupReconcilerTest, CreateUpdateAdoptMembersAndPrune) {
  Fixture f(
      GroupDoc("eng", "{platformType: LOCAL, description: Engineering, members: [alice, bob]}") +
      GroupDoc("ops", "{platformType: LOCAL, members: [alice]}") +
      GroupDoc("sales", "{platformType: LOCAL}"));
  f.Observe({Group("eng", "g1", "LOCAL", "Eng"), Group("sales", "g2"), Group("old", "g3"),
             Group("bystander", "g4")});
  PutUser(f.index, "alice", "eng\nsales");
  PutUser(f.index, "bob");
  PutUser(f.index, "carol", "eng");
  f.Own("eng", "g1");
  f.Own("old", "g3");
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "UserGroup\n"
            "  ~ eng                                 update\n"
            "      spec.description: \"Eng\" -> \"Engineering\"\n"
            "  ~ eng                                 membership-add  (adds bob)\n"
            "      spec.members: [alice, carol] -> [alice, bob, carol]\n"
            "  ~ eng                                 membership-remove  (removes carol)\n"
            "      spec.members: [alice, bob, carol] -> [alice, bob]\n"
            "  + ops                                 create\n"
            "      spec.platformType: LOCAL\n"
            "      spec.members: [alice]\n"
            "  ~ ops                                 membership-add  (adds alice)\n"
            "      spec.members: [] -> [alice]\n"
            "  = sales                               adopt\n"
            "  - old                                 delete [destructive]\n"
            "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
            // Changed with the kind contract: sales, whose only action is its adoption, is in sync.
            "Plan: 1 create, 1 update, 1 adopt, 2 membership-add, 1 membership-remove; 1 held; 1 "
            "in sync.\n")
      << "bystander is neither desired nor owned: never touched";
  EXPECT_EQ(plan.actions[1].depends_on, std::vector<std::string>{"User/bob"});
  EXPECT_TRUE(plan.actions[2].depends_on.empty()) << "removing needs nothing created first";
  EXPECT_EQ(plan.actions[3].calls, (std::vector<const cloud::Operation*>{
                                       &cloud::ops::kCreateGroup, &cloud::ops::kListGroups}));
}

TEST(UserGroupReconcilerTest, InSyncMakesNoActions) {
  Fixture f(
      GroupDoc("eng", "{platformType: LOCAL, description: Engineering, members: [bob, alice]}") +
      GroupDoc("ops", "{platformType: AD}"));
  f.Observe({Group("eng", "g1", "LOCAL", "Engineering"), Group("ops", "g2", "AD")});
  PutUser(f.index, "alice", "eng\nops");
  PutUser(f.index, "bob", "ops\neng");
  f.OwnDeclared();
  // "ops" has members, but its manifest does not manage them.
  f.ExpectInSync(2);
}

TEST(UserGroupReconcilerTest, PlatformTypeChangeIsAnErrorOrAReplace) {
  struct Case {
    std::string name, annotations, members, want;
  };
  const std::string error =
      "error: UserGroup/eng: spec.platformType cannot change in place (\"LOCAL\" -> \"AD\"); add "
      "the annotation deskops.io/allow-replace: \"true\" to delete and re-create it, or change it "
      "back\n"
      "Plan: nothing to run now; 1 error(s); 0 in sync.\n";
  for (const Case& c : std::vector<Case>{
           {"immutable by default", "", "", error},
           {"a replace is destructive: held without allow-destroy, with the members it would "
            "add (the old group's, as the manifest does not manage them)",
            "{deskops.io/allow-replace: \"true\"}", "",
            "UserGroup\n"
            "  # eng                                 replace [destructive]  (then adds alice)\n"
            "      spec.platformType: \"LOCAL\" -> \"AD\"\n"
            "      HELD by destructive (clears with deskops.io/allow-destroy: \"true\" or "
            "--allow-destructive): it loses data\n"
            "Plan: nothing to run now; 1 held; 0 in sync.\n"},
           {"allowed to destroy, it runs; managed members are the desired ones",
            "{deskops.io/allow-replace: \"true\", deskops.io/allow-destroy: \"true\"}",
            ", members: [bob]",
            "UserGroup\n"
            "  # eng                                 replace [destructive]  (then adds bob)\n"
            "      spec.platformType: \"LOCAL\" -> \"AD\"\n"
            "      spec.members: [alice] -> [bob]\n"
            "Plan: 1 replace; 1 destructive; 0 in sync.\n"},
       }) {
    SCOPED_TRACE(c.name);
    Fixture f(GroupDoc("eng", "{platformType: AD" + c.members + "}", c.annotations));
    f.Observe({Group("eng", "g1", "LOCAL")});
    PutUser(f.index, "alice", "eng");
    PutUser(f.index, "bob");
    f.Own("eng", "g1");
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
}

TEST(UserGroupReconcilerTest, ExecuteReplaceDeletesCreatesThenAddsMembers) {
  Fixture f(GroupDoc("eng", "{platformType: AD}",
                     "{deskops.io/allow-replace: \"true\", deskops.io/allow-destroy: \"true\"}"));
  f.Observe({Group("eng", "g1", "LOCAL")});
  PutUser(f.index, "alice", "eng");
  f.Own("eng", "g1");
  Plan plan = f.Diff();
  testing::FakeExec exec;
  exec.api.api->On("DELETE", "/v2/p1/groups/g1", 204, "");
  exec.api.api->On("POST", "/v2/p1/groups", 201, "");
  exec.api.api->On("GET", "/v2/p1/groups", 200,
                   R"({"total_count":1,"user_groups":[{"name":"eng","id":"g2"}]})");
  exec.api.api->On("POST", "/v2/p1/groups/g2/actions", 204, "");
  ApplyReport report = exec.Run<user_group::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(exec.Calls(),
            (std::vector<std::string>{"DELETE /v2/p1/groups/g1", "POST /v2/p1/groups",
                                      "GET /v2/p1/groups", "POST /v2/p1/groups/g2/actions"}));
  EXPECT_EQ(exec.Bodies("POST", "/v2/p1/groups"),
            std::vector<json>{json::parse(R"({"group_name":"eng","platform_type":"AD"})")});
  EXPECT_EQ(exec.Bodies("POST", "/v2/p1/groups/g2/actions"),
            std::vector<json>{json::parse(R"({"user_ids":["u-alice"],"op_type":"ADD"})")});
  EXPECT_EQ(f.inventory.Find("UserGroup", "eng")->id, "g2");
}

TEST(UserGroupReconcilerTest, UnknownMemberIsAnErrorForThatGroupOnly) {
  Fixture f(GroupDoc("eng", "{platformType: LOCAL, members: [alice, nobody]}") +
            GroupDoc("ops", "{platformType: LOCAL, members: [dave]}") + Doc("User", "dave", "{}"));
  f.Observe({});
  PutUser(f.index, "alice");
  EXPECT_EQ(RenderText(f.Diff()),
            "UserGroup\n"
            "  + ops                                 create\n"
            "      spec.platformType: LOCAL\n"
            "      spec.members: [dave]\n"
            "  ~ ops                                 membership-add  (adds dave)\n"
            "      spec.members: [] -> [dave]\n"
            // Changed with the kind contract: the engine checks every kind's references, with one
            // message naming the field.
            "error: UserGroup/eng: spec.members[1]: User \"nobody\" neither exists nor is declared "
            "in the manifests\n"
            "Plan: 1 create, 1 membership-add; 1 error(s); 0 in sync.\n")
      << "dave is declared: created earlier in the same run, resolved when the action runs";
}

TEST(UserGroupReconcilerTest, ExecuteSendsMinimalMembershipCallsWithResolvedIds) {
  Fixture f(
      GroupDoc("eng", "{platformType: LOCAL, description: Engineering, members: [alice, dave]}") +
      GroupDoc("ops", "{platformType: LOCAL, description: Operations, members: [alice, dave]}") +
      Doc("User", "dave", "{}"));
  f.Observe({Group("eng", "g1", "LOCAL", "Engineering")});
  PutUser(f.index, "alice");
  PutUser(f.index, "carol", "eng");
  f.Own("eng", "g1");
  f.options.concurrency = 1;  // one group after the other: requests in a fixed order
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 4u) << RenderText(plan);
  PutUser(f.index, "dave");  // as the User kind's create would, earlier in the same run

  testing::FakeExec exec;
  exec.api.api->On("POST", "/v2/p1/groups", 201, "");
  exec.api.api->On("GET", "/v2/p1/groups", [](const cloud::HttpRequest&) {
    return cloud::HttpResponse{200,
                               {},
                               R"({"total_count":2,"user_groups":[)"
                               R"({"name":"ops-old","id":"g8"},{"name":"ops","id":"g9"}]})"};
  });
  exec.api.api->On("POST", "/v2/p1/groups/g1/actions", 204, "");
  exec.api.api->On("POST", "/v2/p1/groups/g9/actions", 204, "");
  ApplyReport report = exec.Run<user_group::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_TRUE(report.ok()) << report.Summary();

  EXPECT_EQ(exec.Bodies("POST", "/v2/p1/groups"),
            std::vector<json>{json::parse(
                R"({"group_name":"ops","platform_type":"LOCAL","description":"Operations"})")});
  EXPECT_EQ(exec.Calls(),
            (std::vector<std::string>{"POST /v2/p1/groups/g1/actions",
                                      "POST /v2/p1/groups/g1/actions", "POST /v2/p1/groups",
                                      "GET /v2/p1/groups", "POST /v2/p1/groups/g9/actions"}));
  EXPECT_EQ(exec.api.api->Query(exec.api.api->requests[3], "keyword"), "ops");
  EXPECT_EQ(exec.Bodies("POST", "/v2/p1/groups/g9/actions"),
            std::vector<json>{json::parse(R"({"user_ids":["u-alice","u-dave"],"op_type":"ADD"})")})
      << "the new group's ID comes from the list after the create";
  EXPECT_EQ(exec.Bodies("POST", "/v2/p1/groups/g1/actions"),
            (std::vector<json>{json::parse(R"({"user_ids":["u-alice","u-dave"],"op_type":"ADD"})"),
                               json::parse(R"({"user_ids":["u-carol"],"op_type":"DELETE"})")}))
      << "one ADD with every missing member, then one DELETE; never emptied first";
  EXPECT_EQ(f.inventory.Find("UserGroup", "ops")->id, "g9");
  EXPECT_EQ(f.index.Find("UserGroup", "ops")->id, "g9");
}

TEST(UserGroupReconcilerTest, FailedCreateSkipsTheGroupsLaterSteps) {
  Fixture f(GroupDoc("ops", "{platformType: LOCAL, members: [alice]}"));
  PutUser(f.index, "alice");
  Plan plan = f.Diff();
  testing::FakeExec exec;
  exec.api.api->On("POST", "/v2/p1/groups", 400, R"({"error_code":"WKS.0001","error_msg":"no"})");
  ApplyReport report = exec.Run<user_group::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_EQ(report.Failed(), 2u) << report.Summary();
  EXPECT_EQ(exec.Calls(), std::vector<std::string>{"POST /v2/p1/groups"});
  EXPECT_FALSE(f.inventory.Find("UserGroup", "ops"));
}

TEST(UserGroupReconcilerTest, ExportLoadsBackWithoutChanges) {
  LiveIndex index;
  PutUser(index, "bob", "eng");
  PutUser(index, "alice", "eng\nops");
  user_group::Reconciler exporter;
  const std::vector<user_group::LiveGroup> live = {Group("eng", "g1", "LOCAL", "Engineering"),
                                                   Group("ops", "g2", "AD")};
  const std::string yaml =
      exporter.Export(*exporter.ObservedOf(live), ExportContext{Inventory(), index, false});
  EXPECT_EQ(yaml,
            "---\napiVersion: deskops.io/v1alpha1\nkind: UserGroup\nmetadata:\n  name: eng\n"
            "spec:\n  platformType: LOCAL\n  description: Engineering\n  members:\n    - alice\n"
            "    - bob\n"
            "---\napiVersion: deskops.io/v1alpha1\nkind: UserGroup\nmetadata:\n  name: ops\n"
            "spec:\n  platformType: AD\n  members:\n    - alice\n");
  Fixture f(yaml);
  f.Observe(live);
  PutUser(f.index, "bob", "eng");
  PutUser(f.index, "alice", "eng\nops");
  f.OwnDeclared();
  f.ExpectInSync(2);
}

}  // namespace
}  // namespace deskops::reconcilers

namespace deskops::reconcilers {
namespace {

// A group's steps run in order as one batch (serial); an adoption is the first of them and must
// not swallow the rest: the adopted group gets its changes in the same run.
TEST(UserGroupReconcilerTest, AnAdoptedGroupGetsItsChangesInTheSameRun) {
  Fixture f(GroupDoc("eng", "{platformType: LOCAL, description: Engineering, members: [alice]}"));
  f.Observe({Group("eng", "g1", "LOCAL", "Eng")});
  PutUser(f.index, "alice");
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "UserGroup\n"
            "  = eng                                 adopt\n"
            "  ~ eng                                 update\n"
            "      spec.description: \"Eng\" -> \"Engineering\"\n"
            "  ~ eng                                 membership-add  (adds alice)\n"
            "      spec.members: [] -> [alice]\n"
            "Plan: 1 update, 1 adopt, 1 membership-add; 0 in sync.\n");
  f.api.api->On("PUT", "/v2/p1/groups/g1", 204, "");
  f.api.api->On("POST", "/v2/p1/groups/g1/actions", 204, "");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(f.Calls(),
            (std::vector<std::string>{
                R"(PUT /v2/p1/groups/g1 {"description":"Engineering"})",
                R"(POST /v2/p1/groups/g1/actions {"op_type":"ADD","user_ids":["u-alice"]})"}));
  EXPECT_EQ(f.inventory.Find("UserGroup", "eng")->id, "g1");
}

}  // namespace
}  // namespace deskops::reconcilers
