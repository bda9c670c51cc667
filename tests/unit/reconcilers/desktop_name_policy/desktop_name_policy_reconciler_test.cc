// Golden tests of the DesktopNamePolicy kind: manifests and observed policies in, plan text out;
// and the exact requests a plan sends.
#include "reconcilers/desktop_name_policy/desktop_name_policy_reconciler.h"

#include <gtest/gtest.h>

#include "../kind_test_util.h"

namespace deskops::reconcilers {
namespace {

using Fixture = testing::KindFixture<desktop_name_policy::Reconciler>;
using nlohmann::json;
namespace name_policies = cloud::name_policies;

name_policies::NamePolicy Policy(std::string name, std::string id, std::string prefix = "eng",
                                 std::int64_t start = 1) {
  name_policies::NamePolicy p;
  p.name = std::move(name);
  p.id = std::move(id);
  p.name_prefix = std::move(prefix);
  p.digit_number = 3;
  p.start_number = start;
  return p;
}

std::string PolicyDoc(const std::string& name, const std::string& extra = "",
                      const std::string& annotations = "") {
  return testing::Doc("DesktopNamePolicy", name,
                      "{namePrefix: eng, digitNumber: 3, startNumber: 1, "
                      "singleDomainUserIncrement: 0" +
                          extra + "}",
                      annotations);
}

TEST(DesktopNamePolicyReconcilerTest, CreateUpdateAdoptAndPrune) {
  Fixture f(PolicyDoc("eng_names", ", isDefaultPolicy: true") + PolicyDoc("fresh") +
            PolicyDoc("found"));
  name_policies::NamePolicy eng = Policy("eng_names", "p1", "ENG", 7);
  eng.single_domain_user_increment = 1;
  f.Observe({eng, Policy("found", "p2"), Policy("old", "p3"), Policy("other", "p4")});
  f.Own("eng_names", "p1");
  f.Own("old", "p3");
  EXPECT_EQ(RenderText(f.Diff()),
            "DesktopNamePolicy\n"
            "  ~ eng_names                           update\n"
            "      spec.namePrefix: \"ENG\" -> \"eng\"\n"
            "      spec.startNumber: 7 -> 1\n"
            "      spec.singleDomainUserIncrement: 1 -> 0\n"
            "      spec.isDefaultPolicy: false -> true\n"
            "  + fresh                               create\n"
            "      spec.namePrefix: eng\n"
            "      spec.digitNumber: 3\n"
            "      spec.startNumber: 1\n"
            "      spec.singleDomainUserIncrement: 0\n"
            "  = found                               adopt\n"
            "  - old                                 delete [destructive]\n"
            "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
            // Changed with the kind contract: found, whose only action is its adoption, is in sync.
            "Plan: 1 create, 1 update, 1 adopt; 1 held; 1 in sync.\n")
      << "other is neither desired nor owned: never touched";
}

TEST(DesktopNamePolicyReconcilerTest, InSyncMakesNoActions) {
  Fixture f(PolicyDoc("eng_names") + PolicyDoc("default_names", ", isDefaultPolicy: true"));
  name_policies::NamePolicy def = Policy("default_names", "p2");
  def.is_default_policy = true;
  name_policies::NamePolicy eng = Policy("eng_names", "p1");
  eng.is_default_policy = true;  // the manifest does not say: not managed
  eng.is_contain_user = true;    // read-only
  f.Observe({eng, def});
  f.OwnDeclared();
  f.ExpectInSync(2);
}

TEST(DesktopNamePolicyReconcilerTest, DeletionsGoFiftyPerCall) {
  Fixture f(PolicyDoc("keep"));
  f.options.prune = true;
  f.options.max_deletions = -1;
  f.options.max_deletion_percent = -1;
  std::vector<name_policies::NamePolicy> live = {Policy("keep", "k")};
  f.Own("keep", "k");
  for (int i = 0; i < 51; ++i) {
    live.push_back(Policy("old_" + std::to_string(i), "p" + std::to_string(i)));
    f.Own(live.back().name, live.back().id);
  }
  f.Observe(live);
  Plan plan = f.Diff();
  ASSERT_EQ(plan.Runnable(), 51u) << RenderText(plan);
  testing::FakeExec exec;
  exec.api.api->On("POST", "/v2/p1/desktop-name-policies/batch-delete", 204, "");
  ApplyReport report =
      exec.Run<desktop_name_policy::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_TRUE(report.ok()) << report.Summary();
  auto bodies = exec.Bodies("POST", "/v2/p1/desktop-name-policies/batch-delete");
  ASSERT_EQ(bodies.size(), 2u) << "4.5.4 takes at most 50 IDs (L15303)";
  EXPECT_EQ(bodies[0]["policy_ids"].size(), 50u);
  EXPECT_EQ(bodies[1]["policy_ids"].size(), 1u);
  EXPECT_EQ(f.inventory.size(), 1u) << "only keep is left";
}

TEST(DesktopNamePolicyReconcilerTest, ExecuteCreatesAndUpdatesOnlyChangedFields) {
  Fixture f(PolicyDoc("eng_names") + PolicyDoc("fresh", ", isDefaultPolicy: false"));
  f.Observe({Policy("eng_names", "p1", "ENG")});
  f.Own("eng_names", "p1");
  Plan plan = f.Diff();
  testing::FakeExec exec;
  exec.api.api->On("PUT", "/v2/p1/desktop-name-policies/p1", 204, "");
  exec.api.api->On("POST", "/v2/p1/desktop-name-policies", 200, R"({"policy_id":"p9"})");
  ApplyReport report =
      exec.Run<desktop_name_policy::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(exec.Bodies("PUT", "/v2/p1/desktop-name-policies/p1"),
            std::vector<json>{json::parse(R"({"name_prefix":"eng"})")});
  EXPECT_EQ(exec.Bodies("POST", "/v2/p1/desktop-name-policies"),
            std::vector<json>{json::parse(
                R"({"policy_name":"fresh","name_prefix":"eng","digit_number":3,"start_number":1,)"
                R"("single_domain_user_increment":0,"is_default_policy":false})")})
      << "written as single_domain_user_increment (L15062)";
  EXPECT_EQ(f.inventory.Find("DesktopNamePolicy", "fresh")->id, "p9");
  EXPECT_EQ(f.index.Find("DesktopNamePolicy", "fresh")->id, "p9")
      << "pools and desktops created later in the run find the ID here";
}

TEST(DesktopNamePolicyReconcilerTest, ExportLoadsBackWithoutChanges) {
  name_policies::NamePolicy def = Policy("default_names", "p2", "$DomainUser$", 0);
  def.is_default_policy = true;
  def.single_domain_user_increment = 1;
  const std::vector<name_policies::NamePolicy> live = {Policy("eng_names", "p1"), def};
  desktop_name_policy::Reconciler exporter;
  const std::string yaml =
      exporter.Export(*exporter.ObservedOf(live), ExportContext{Inventory(), LiveIndex(), false});
  EXPECT_EQ(yaml,
            "---\napiVersion: deskops.io/v1alpha1\nkind: DesktopNamePolicy\nmetadata:\n"
            "  name: eng_names\nspec:\n  namePrefix: eng\n  digitNumber: 3\n  startNumber: 1\n"
            "  singleDomainUserIncrement: 0\n  isDefaultPolicy: false\n"
            "---\napiVersion: deskops.io/v1alpha1\nkind: DesktopNamePolicy\nmetadata:\n"
            "  name: default_names\nspec:\n  namePrefix: $DomainUser$\n  digitNumber: 3\n"
            "  startNumber: 0\n  singleDomainUserIncrement: 1\n  isDefaultPolicy: true\n");
  Fixture f(yaml);
  f.Observe(live);
  f.OwnDeclared();
  f.ExpectInSync(2);
}

}  // namespace
}  // namespace deskops::reconcilers
