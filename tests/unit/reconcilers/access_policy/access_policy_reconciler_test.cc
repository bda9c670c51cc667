// Golden tests of the AccessPolicy kind: manifests, observed policies (with their objects) and the
// users and groups in the LiveIndex in, plan text out; and the exact requests a plan sends.
#include "reconcilers/access_policy/access_policy_reconciler.h"

#include <gtest/gtest.h>

#include "../kind_test_util.h"

namespace deskops::reconcilers {
namespace {

using Fixture = testing::KindFixture<access_policy::Reconciler>;
using Observed = access_policy::LivePolicy;
using nlohmann::json;
namespace ap = cloud::access_policies;

Observed Policy(std::string name, std::string id, std::string type = "IP_WHITE_LIST",
                std::vector<ap::IpRange> ips = {}, bool enabled = false, bool block_all = false,
                std::vector<ap::Object> objects = {}) {
  Observed o;
  o.policy.name = std::move(name);
  o.policy.id = std::move(id);
  o.policy.blacklist_type = "INTERNET";
  o.policy.access_control_type = std::move(type);
  o.policy.ip_list = std::move(ips);
  o.policy.is_enable = enabled;
  o.policy.is_block_all = block_all;
  o.objects = std::move(objects);
  return o;
}

std::string PolicyDoc(const std::string& name, const std::string& spec,
                      const std::string& annotations = "") {
  return testing::Doc("AccessPolicy", name, spec, annotations);
}

// alice (u-alice) and the group eng (g-eng) are live.
void PutObjects(LiveIndex& index) {
  index.Put({"User", "alice", "u-alice", {}});
  index.Put({"UserGroup", "eng", "g-eng", {}});
}

const ap::IpRange kTen{"10.0.0.0", "255.0.0.0"};
const ap::IpRange kHome{"192.168.1.0", "255.255.255.0"};
const ap::IpRange kOld{"172.16.0.0", "255.240.0.0"};

constexpr const char* kVpnSpec =
    "{accessControlType: IP_WHITE_LIST, isEnable: true, isBlockAll: true, "
    "ipList: [{ipAddress: 10.0.0.0, subnetMask: 255.0.0.0}, "
    "{ipAddress: 192.168.1.0, subnetMask: 255.255.255.0}], "
    "policyObjectsList: [{objectType: USER, objectName: alice}, "
    "{objectType: USERGROUP, objectName: eng}]}";

TEST(AccessPolicyReconcilerTest, CreateUpdateAdoptAndPrune) {
  Fixture f(PolicyDoc("vpn_only", kVpnSpec) +
            PolicyDoc("fresh", "{policyObjectsList: [{objectType: USER, objectName: alice}]}") +
            PolicyDoc("found", "{accessControlType: IP_WHITE_LIST}"));
  PutObjects(f.index);
  f.Observe({Policy("vpn_only", "a1", "IP_WHITE_LIST", {kTen, kOld}, false, false,
                    {{"u-alice", "alice", "USER"}}),
             Policy("found", "a2"), Policy("old", "a3"), Policy("other", "a4")});
  f.Own("vpn_only", "a1");
  f.Own("old", "a3");
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "AccessPolicy\n"
            "  ~ vpn_only                            update\n"
            "      spec.isEnable: false -> true\n"
            "  ~ vpn_only                            update\n"
            "      spec.isBlockAll: false -> true\n"
            "  ~ vpn_only                            update\n"
            "      spec.ipList: [10.0.0.0/255.0.0.0, 172.16.0.0/255.240.0.0] -> "
            "[10.0.0.0/255.0.0.0, 192.168.1.0/255.255.255.0]\n"
            "  ~ vpn_only                            authorize\n"
            "      spec.policyObjectsList: [USER/alice] -> [USER/alice, USERGROUP/eng]\n"
            "  + fresh                               create\n"
            "      spec.policyObjectsList[0].objectType: USER\n"
            "      spec.policyObjectsList[0].objectName: alice\n"
            "  = found                               adopt\n"
            "  - old                                 delete [destructive]\n"
            "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
            // Changed with the kind contract: found, whose only action is its adoption, is in sync.
            "Plan: 1 create, 3 update, 1 adopt, 1 authorize; 1 held; 1 in sync.\n")
      << "other is neither desired nor owned: never touched";
  EXPECT_EQ(plan.actions[2].calls,
            (std::vector<const cloud::Operation*>{&cloud::ops::kUpdateAccessPolicy,
                                                  &cloud::ops::kUpdateAccessPolicy}))
      << "ADD_IP and DELETE_IP";
  EXPECT_EQ(plan.actions[3].depends_on, (std::vector<std::string>{"User/alice", "UserGroup/eng"}));
  EXPECT_EQ(plan.actions[4].depends_on, std::vector<std::string>{"User/alice"});
  EXPECT_EQ(plan.actions[4].calls,
            (std::vector<const cloud::Operation*>{&cloud::ops::kCreateAccessPolicy,
                                                  &cloud::ops::kListAccessPolicies}));
}

TEST(AccessPolicyReconcilerTest, InSyncComparesSetsAndObjectNamesByLiveId) {
  Fixture f(PolicyDoc("vpn_only", kVpnSpec) + PolicyDoc("loose", "{}"));
  PutObjects(f.index);
  f.Observe({Policy("vpn_only", "a1", "IP_WHITE_LIST", {kHome, kTen}, true, true,
                    {{"g-eng", "engineering-before-rename", "USERGROUP"}, {"u-alice", "", "USER"}}),
             Policy("loose", "a2", "ACCESS_TYPE", {kOld}, true, false, {{"u-x", "x", "USER"}})});
  f.OwnDeclared();
  // "loose" manages only its types.
  f.ExpectInSync(2);
}

TEST(AccessPolicyReconcilerTest, TypeChangeIsAnErrorOrAReplace) {
  struct Case {
    std::string name, annotations, want;
  };
  for (const Case& c : std::vector<Case>{
           {"immutable by default", "",
            "error: AccessPolicy/vpn_only: spec.accessControlType cannot change in place "
            "(\"IP_WHITE_LIST\" -> \"ACCESS_TYPE\"); add the annotation "
            "deskops.io/allow-replace: \"true\" to delete and re-create it, or change it back\n"
            "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
           {"replace, held as destructive", "{deskops.io/allow-replace: \"true\"}",
            "AccessPolicy\n"
            "  # vpn_only                            replace [destructive]\n"
            "      spec.accessControlType: \"IP_WHITE_LIST\" -> \"ACCESS_TYPE\"\n"
            "      HELD by destructive (clears with deskops.io/allow-destroy: \"true\" or "
            "--allow-destructive): it loses data\n"
            "Plan: nothing to run now; 1 held; 0 in sync.\n"},
       }) {
    SCOPED_TRACE(c.name);
    Fixture f(PolicyDoc("vpn_only", "{accessControlType: ACCESS_TYPE}", c.annotations));
    f.Observe({Policy("vpn_only", "a1")});
    f.Own("vpn_only", "a1");
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
}

TEST(AccessPolicyReconcilerTest, PlanErrors) {
  struct Case {
    std::string name, spec;
    std::vector<Observed> live;
    std::string want;
  };
  for (const Case& c : std::vector<Case>{
           {"unknown objects",
            "{policyObjectsList: [{objectType: USER, objectName: nobody}, "
            "{objectType: USERGROUP, objectName: ghosts}, {objectType: USER, objectName: alice}]}",
            {},
            // Changed with the kind contract: the engine checks every kind's references, with one
            // error per reference naming its field.
            "error: AccessPolicy/p: spec.policyObjectsList[0].objectName: User \"nobody\" neither "
            "exists nor is declared in the manifests\n"
            "error: AccessPolicy/p: spec.policyObjectsList[1].objectName: UserGroup \"ghosts\" "
            "neither exists nor is declared in the manifests\n"
            "Plan: nothing to run now; 2 error(s); 0 in sync.\n"},
           {"isBlockAll while disabled",
            "{accessControlType: IP_WHITE_LIST, isBlockAll: true}",
            {Policy("p", "a1")},
            "error: AccessPolicy/p: spec.isBlockAll can change only while the policy is enabled "
            "(L31945); set spec.isEnable: true\n"
            "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
           {"two live policies of one name",
            "{}",
            {Policy("p", "a1"), Policy("p", "a2")},
            // Changed with the kind contract: one message for every kind (the engine's).
            "error: AccessPolicy/p: 2 live objects of kind AccessPolicy have this name; deskops "
            "cannot tell which one to manage\n"
            "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
       }) {
    SCOPED_TRACE(c.name);
    Fixture f(PolicyDoc("p", c.spec));
    PutObjects(f.index);
    f.Observe(c.live);
    f.Own("p");
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
}

TEST(AccessPolicyReconcilerTest, ExecuteUpdatesOneChangePerCallInOrder) {
  Fixture f(PolicyDoc("vpn_only", kVpnSpec));
  PutObjects(f.index);
  f.Observe({Policy("vpn_only", "a1", "IP_WHITE_LIST", {kTen, kOld}, false, false,
                    {{"u-alice", "alice", "USER"}})});
  f.Own("vpn_only", "a1");
  Plan plan = f.Diff();
  testing::FakeExec exec;
  exec.api.api->On("PUT", "/v2/p1/access-policy/a1", 200, "");
  exec.api.api->On("PUT", "/v2/p1/access-policy/a1/objects", 200, "");
  ApplyReport report = exec.Run<access_policy::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(exec.Bodies("PUT", "/v2/p1/access-policy/a1"),
            (std::vector<json>{
                json::parse(R"({"is_enable":true})"),
                json::parse(R"({"is_block_all":true})"),
                json::parse(R"({"operation_type":"ADD_IP","ip_white_list":[)"
                            R"({"ip_address":"192.168.1.0","subnet_mask":"255.255.255.0"}]})"),
                json::parse(R"({"operation_type":"DELETE_IP","ip_white_list":[)"
                            R"({"ip_address":"172.16.0.0","subnet_mask":"255.240.0.0"}]})"),
            }))
      << "enabled before is_block_all (L31945); each switch alone (L31944); added before removed";
  EXPECT_EQ(exec.Bodies("PUT", "/v2/p1/access-policy/a1/objects"),
            std::vector<json>{json::parse(
                R"({"policy_objects_list":[)"
                R"({"object_id":"u-alice","object_type":"USER","object_name":"alice"},)"
                R"({"object_id":"g-eng","object_type":"USERGROUP","object_name":"eng"}]})")})
      << "the complete list, IDs from the index";
}

// A policy's steps build on each other (is_block_all needs the policy enabled): after a failed
// one, the rest are not attempted, and the next run plans them again.
TEST(AccessPolicyReconcilerTest, ExecuteStopsAfterAFailedStep) {
  Fixture f(PolicyDoc("vpn_only", kVpnSpec));
  PutObjects(f.index);
  f.Observe({Policy("vpn_only", "a1", "IP_WHITE_LIST", {kTen, kOld}, false, false,
                    {{"u-alice", "alice", "USER"}})});
  f.Own("vpn_only", "a1");
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 4u) << RenderText(plan);
  f.api.api->On("PUT", "/v2/p1/access-policy/a1", 400,
                R"({"error_code":"WKS.0001","error_msg":"refused"})");
  ApplyReport report = f.Apply(plan);
  EXPECT_EQ(report.Failed(), 4u) << report.Summary();
  EXPECT_EQ(f.Calls().size(), 1u) << "only the first step was sent";
  ASSERT_EQ(report.outcomes.size(), 4u);
  EXPECT_EQ(report.outcomes[1].error,
            "not attempted: the update of AccessPolicy/vpn_only before it failed");
}

TEST(AccessPolicyReconcilerTest, ExecuteCreateFindsTheIdThenSetsTheSwitches) {
  Fixture f(PolicyDoc("vpn_only", kVpnSpec));
  PutObjects(f.index);
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 1u) << RenderText(plan);
  testing::FakeExec exec;
  exec.api.api->On("POST", "/v2/p1/access-policy", 200, "");
  exec.api.api->On("GET", "/v2/p1/access-policy", 200,
                   R"({"total":2,"policies":[{"policy_id":"x1","policy_name":"vpn_only",)"
                   R"("access_control_type":"ACCESS_TYPE"},{"policy_id":"a7","policy_name":)"
                   R"("vpn_only","access_control_type":"IP_WHITE_LIST","is_enable":false}]})");
  exec.api.api->On("PUT", "/v2/p1/access-policy/a7", 200, "");
  ApplyReport report = exec.Run<access_policy::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(exec.Bodies("POST", "/v2/p1/access-policy"),
            std::vector<json>{json::parse(
                R"({"policy":{"policy_name":"vpn_only","blacklist_type":"INTERNET",)"
                R"("access_control_type":"IP_WHITE_LIST","ip_list":[)"
                R"({"ip_address":"10.0.0.0","subnet_mask":"255.0.0.0"},)"
                R"({"ip_address":"192.168.1.0","subnet_mask":"255.255.255.0"}]},)"
                R"("policy_objects_list":[)"
                R"({"object_id":"u-alice","object_type":"USER","object_name":"alice"},)"
                R"({"object_id":"g-eng","object_type":"USERGROUP","object_name":"eng"}]})")});
  EXPECT_EQ(exec.Bodies("PUT", "/v2/p1/access-policy/a7"),
            (std::vector<json>{json::parse(R"({"is_enable":true})"),
                               json::parse(R"({"is_block_all":true})")}));
  EXPECT_EQ(f.inventory.Find("AccessPolicy", "vpn_only")->id, "a7")
      << "matched by name and access-control type";
  EXPECT_EQ(f.index.Find("AccessPolicy", "vpn_only")->id, "a7");
}

TEST(AccessPolicyReconcilerTest, ExportLoadsBackWithoutChanges) {
  LiveIndex index;
  PutObjects(index);
  const std::vector<Observed> live = {
      Policy("vpn_only", "a1", "IP_WHITE_LIST", {kTen}, true, true,
             {{"u-alice", "alice", "USER"}, {"g-eng", "old-name", "USERGROUP"}}),
      Policy("off", "a2", "ACCESS_TYPE", {}, false, true)};
  access_policy::Reconciler exporter;
  const std::string yaml =
      exporter.Export(*exporter.ObservedOf(live), ExportContext{Inventory(), index, false});
  EXPECT_EQ(yaml,
            "---\napiVersion: deskops.io/v1alpha1\nkind: AccessPolicy\nmetadata:\n"
            "  name: vpn_only\nspec:\n  blacklistType: INTERNET\n"
            "  accessControlType: IP_WHITE_LIST\n  isEnable: true\n  isBlockAll: true\n"
            "  ipList:\n    - ipAddress: \"10.0.0.0\"\n      subnetMask: \"255.0.0.0\"\n"
            "  policyObjectsList:\n    - objectType: USER\n      objectName: alice\n"
            "    - objectType: USERGROUP\n      objectName: eng\n"
            "---\napiVersion: deskops.io/v1alpha1\nkind: AccessPolicy\nmetadata:\n  name: \"off\"\n"
            "spec:\n  blacklistType: INTERNET\n  accessControlType: ACCESS_TYPE\n"
            "  isEnable: false\n  ipList: []\n  policyObjectsList: []\n")
      << "isBlockAll is left out of a disabled policy: it cannot change then (L31945)";
  Fixture f(yaml);
  f.Observe(live);
  PutObjects(f.index);
  f.OwnDeclared();
  f.ExpectInSync(2);
}

}  // namespace
}  // namespace deskops::reconcilers
