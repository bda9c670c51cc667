// Golden tests of the OU kind: manifests and observed OUs in, plan text out; and the exact
// requests a plan sends.
#include "reconcilers/ou/ou_reconciler.h"

#include <gtest/gtest.h>

#include "../kind_test_util.h"

namespace deskops::reconcilers {
namespace {

using Fixture = testing::KindFixture<ou::Reconciler>;
using nlohmann::json;
namespace ous = cloud::ous;

std::string OuDoc(const std::string& name, const std::string& spec = "{domain: example.com}",
                  const std::string& annotations = "") {
  return testing::Doc("OU", name, spec, annotations);
}

ous::Ou Ou(std::string name, std::string id, std::string description = "",
           std::string domain = "example.com") {
  return {std::move(id),         domain, domain, name, "OU=" + name + ",DC=example,DC=com",
          std::move(description)};
}

// The AD domain's OUs (4.10.5), as Lookups puts them in the index.
void InAd(Fixture& f, std::initializer_list<const char*> names) {
  for (const char* n : names) f.index.Put({"OU:ad", n, std::string("OU=") + n, {}});
}

TEST(OuReconcilerTest, Plans) {
  struct Case {
    std::string name;
    std::string yaml;
    std::vector<ous::Ou> live;
    std::vector<std::string> owned;
    std::vector<const char*> ad;
    std::string want;
  };
  const Case cases[] = {
      {"a new OU of the domain is added",
       OuDoc("sales"),
       {},
       {},
       {"sales"},
       "OU\n  + sales                               create\n      spec.domain: example.com\n"
       "Plan: 1 create; 0 in sync.\n"},
      {"an OU the domain does not have is refused",
       OuDoc("sales"),
       {},
       {},
       {"marketing"},
       "error: OU/sales: metadata.name: the AD domain has no OU \"sales\" (4.10.5 lists the "
       "domain's OUs); create it in AD first\nPlan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"no AD OUs reported: not taken as proof",
       OuDoc("sales"),
       {},
       {},
       {},
       "OU\n  + sales                               create\n      spec.domain: example.com\n"
       "Plan: 1 create; 0 in sync.\n"},
      {"in sync",
       OuDoc("sales", "{domain: example.com, description: Sales}"),
       {Ou("sales", "o1", "Sales")},
       {"sales"},
       {},
       "Plan: no changes; 1 in sync.\n"},
      {"an unmanaged description is left alone",
       OuDoc("sales"),
       {Ou("sales", "o1", "Sales")},
       {"sales"},
       {},
       "Plan: no changes; 1 in sync.\n"},
      {"description updated in place",
       OuDoc("sales", "{domain: example.com, description: New}"),
       {Ou("sales", "o1", "Old")},
       {"sales"},
       {},
       "OU\n  ~ sales                               update\n"
       "      spec.description: \"Old\" -> \"New\"\nPlan: 1 update; 0 in sync.\n"},
      {"the domain cannot change in place",
       OuDoc("sales", "{domain: other.com}"),
       {Ou("sales", "o1")},
       {"sales"},
       {},
       "error: OU/sales: spec.domain cannot change in place (\"example.com\" -> \"other.com\"); "
       "add the annotation deskops.io/allow-replace: \"true\" to delete and re-create it, or "
       "change it back\nPlan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"a registered OU deskops does not own is adopted",
       OuDoc("sales"),
       {Ou("sales", "o1")},
       {},
       {},
       "OU\n  = sales                               adopt\nPlan: 1 adopt; 1 in sync.\n"},
      {"an owned OU that left the manifests is deleted with --prune",
       OuDoc("sales"),
       {Ou("sales", "o1"), Ou("old", "o2")},
       {"sales", "old"},
       {},
       "OU\n  - old                                 delete [destructive]\n"
       "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
       "Plan: no changes; 1 held; 1 in sync.\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(c.yaml);
    f.Observe(c.live);
    InAd(f, {});
    for (const char* n : c.ad) f.index.Put({"OU:ad", n, "", {}});
    for (const auto& o : c.owned) f.Own(o);
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
}

TEST(OuReconcilerTest, ReplaceDeletesThenAdds) {
  Fixture f(OuDoc("sales", "{domain: other.com}", "{deskops.io/allow-replace: \"true\"}"));
  f.Observe({Ou("sales", "o1")});
  f.Own("sales", "o1");
  f.options.allow_destructive = true;
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "OU\n  # sales                               replace [destructive]  (deleted from "
            "Workspace and added again in its new domain)\n"
            "      spec.domain: \"example.com\" -> \"other.com\"\n"
            "Plan: 1 replace; 1 destructive; 0 in sync.\n");
  testing::FakeExec exec;
  exec.api.api->On("DELETE", "/v2/p1/ous/o1", 204, "");
  exec.api.api->On("POST", "/v2/p1/ous", 200, R"({"id":"o9"})");
  ApplyReport report = exec.Run<ou::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(exec.Calls(), (std::vector<std::string>{"DELETE /v2/p1/ous/o1", "POST /v2/p1/ous"}));
  EXPECT_EQ(exec.Bodies("POST", "/v2/p1/ous"),
            std::vector<json>{json::parse(R"({"domain":"other.com","ou_name":"sales"})")});
  EXPECT_EQ(f.inventory.Find("OU", "sales")->id, "o9");
}

TEST(OuReconcilerTest, ExecuteSendsWhatTheReferenceAsks) {
  Fixture f(OuDoc("sales", "{domain: example.com, description: Sales}") +
            OuDoc("hr", "{domain: example.com, description: People}"));
  f.Observe({Ou("hr", "o2", "HR")});
  f.Own("hr", "o2");
  Plan plan = f.Diff();
  testing::FakeExec exec;
  exec.api.api->On("POST", "/v2/p1/ous", 200, R"({"id":"o7"})");
  exec.api.api->On("PUT", "/v2/p1/ous/o2", 200, "{}");
  ApplyReport report = exec.Run<ou::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(exec.Bodies("POST", "/v2/p1/ous"),
            std::vector<json>{json::parse(
                R"({"domain":"example.com","ou_name":"sales","description":"Sales"})")});
  EXPECT_EQ(exec.Bodies("PUT", "/v2/p1/ous/o2"),
            std::vector<json>{json::parse(R"({"ou_name":"hr","description":"People"})")})
      << "4.10.4 requires ou_name in the body (L19906)";
  EXPECT_EQ(f.inventory.Find("OU", "sales")->id, "o7") << "4.10.2 answers the ID";
  EXPECT_EQ(f.index.Find("OU", "sales")->id, "o7") << "policy targets find it in the same run";
}

TEST(OuReconcilerTest, PruneDeletesOneOuPerCall) {
  Fixture f(OuDoc("keep"));
  f.options.prune = true;
  f.options.max_deletions = -1;
  f.options.max_deletion_percent = -1;
  f.Observe({Ou("keep", "k"), Ou("a", "oa"), Ou("b", "ob")});
  for (auto [n, id] : {std::pair{"keep", "k"}, {"a", "oa"}, {"b", "ob"}}) f.Own(n, id);
  Plan plan = f.Diff();
  testing::FakeExec exec;
  exec.api.api->On("DELETE", "/v2/p1/ous/oa", 204, "");
  exec.api.api->On("DELETE", "/v2/p1/ous/ob", 204, "");
  ApplyReport report = exec.Run<ou::Reconciler>(plan, f.inventory, f.index, f.options);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(exec.Calls(),
            (std::vector<std::string>{"DELETE /v2/p1/ous/oa", "DELETE /v2/p1/ous/ob"}));
  EXPECT_FALSE(f.inventory.Find("OU", "a"));
  EXPECT_TRUE(f.inventory.Find("OU", "keep"));
}

TEST(OuReconcilerTest, ExportLoadsBackWithoutChanges) {
  ou::Reconciler kind;
  auto observed = kind.ObservedOf({Ou("sales", "o1", "Sales"), Ou("hr", "o2")});
  Inventory inventory;
  LiveIndex index;
  const std::string yaml = kind.Export(*observed, ExportContext{inventory, index, false});
  EXPECT_EQ(yaml,
            "---\napiVersion: deskops.io/v1alpha1\nkind: OU\nmetadata:\n  name: sales\nspec:\n"
            "  domain: example.com\n  description: Sales\n"
            "---\napiVersion: deskops.io/v1alpha1\nkind: OU\nmetadata:\n  name: hr\nspec:\n"
            "  domain: example.com\n");
  Fixture f(yaml);
  f.Observe({Ou("sales", "o1", "Sales"), Ou("hr", "o2")});
  f.OwnDeclared();
  f.ExpectInSync(2);
}

}  // namespace
}  // namespace deskops::reconcilers
