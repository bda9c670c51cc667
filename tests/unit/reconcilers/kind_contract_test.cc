// What every kind does alike, checked for each (typed tests): a create that an earlier run may
// still have in flight is held, never sent twice; a live object deskops does not own is adopted
// unless the object's annotation or the kind's option refuses; owned objects that left the
// manifests are deleted only with --prune, several of them in one batch call.
#include <gtest/gtest.h>

#include "kind_test_util.h"
#include "reconcilers/access_policy/access_policy_reconciler.h"
#include "reconcilers/desktop_name_policy/desktop_name_policy_reconciler.h"
#include "reconcilers/user_group/user_group_reconciler.h"

namespace deskops::reconcilers {
namespace {

using nlohmann::json;
using Live = std::vector<std::pair<std::string, std::string>>;  // name, ID

// Per kind: a valid manifest, live objects of given names, and the batch-delete request.
template <class R>
struct Traits;

template <>
struct Traits<UserGroupReconciler> {
  static constexpr const char* kSpec = "{platformType: LOCAL}";
  static void Observe(UserGroupReconciler& r, const Live& live) {
    std::vector<cloud::groups::Group> groups;
    for (const auto& [name, id] : live) groups.push_back({id, name, "", "LOCAL", "", "", 0});
    r.SetObserved(groups);
  }
  static constexpr const char* kDeleteMethod = "POST";
  static constexpr const char* kDeletePath = "/v2/p1/groups/batch-delete";
  static json DeleteBody(const std::vector<std::string>& ids) { return {{"group_ids", ids}}; }
};

template <>
struct Traits<DesktopNamePolicyReconciler> {
  static constexpr const char* kSpec =
      "{namePrefix: eng, digitNumber: 3, startNumber: 1, singleDomainUserIncrement: 0}";
  static void Observe(DesktopNamePolicyReconciler& r, const Live& live) {
    std::vector<cloud::name_policies::NamePolicy> policies;
    for (const auto& [name, id] : live)
      policies.push_back({id, name, "eng", 3, 1, 0, false, false});
    r.SetObserved(policies);
  }
  static constexpr const char* kDeleteMethod = "POST";
  static constexpr const char* kDeletePath = "/v2/p1/desktop-name-policies/batch-delete";
  static json DeleteBody(const std::vector<std::string>& ids) { return {{"policy_ids", ids}}; }
};

template <>
struct Traits<AccessPolicyReconciler> {
  static constexpr const char* kSpec = "{}";
  static void Observe(AccessPolicyReconciler& r, const Live& live) {
    std::vector<AccessPolicyReconciler::Observed> policies;
    for (const auto& [name, id] : live) {
      policies.push_back({{id, name, "INTERNET", "ACCESS_TYPE", "", {}, false, false}, {}});
    }
    r.SetObserved(policies);
  }
  static constexpr const char* kDeleteMethod = "DELETE";
  static constexpr const char* kDeletePath = "/v2/p1/access-policy";
  static json DeleteBody(const std::vector<std::string>& ids) { return {{"policy_id_list", ids}}; }
};

template <class R>
class KindContractTest : public ::testing::Test {
 protected:
  using Fixture = testing::KindFixture<R>;
  static std::string Kind() { return R().Kind(); }
  static std::string Doc(const std::string& name, const std::string& annotations = "") {
    return testing::Doc(Kind(), name, Traits<R>::kSpec, annotations);
  }
};

using Kinds =
    ::testing::Types<DesktopNamePolicyReconciler, UserGroupReconciler, AccessPolicyReconciler>;
TYPED_TEST_SUITE(KindContractTest, Kinds);

TYPED_TEST(KindContractTest, CreateInFlightIsHeldNotRepeated) {
  typename TestFixture::Fixture f(TestFixture::Doc("x"));
  f.pending = {{"x", "i1", "", "sent before a crash"}};
  EXPECT_EQ(RenderText(f.Diff()), TestFixture::Kind() +
                                      "\n"
                                      "  + x                                   create\n"
                                      "      HELD by in-flight: sent before a crash\n"
                                      "Plan: no changes; 1 held; 0 in sync.\n");
}

TYPED_TEST(KindContractTest, AdoptionCanBeRefused) {
  struct Case {
    std::string name, annotations;
    bool kind_option;
    bool adopted;
  };
  const std::string kind = TestFixture::Kind();
  for (const Case& c : std::vector<Case>{
           {"annotation refuses", "{deskops.io/adopt: \"false\"}", true, false},
           {"kind option refuses", "", false, false},
           {"annotation wins over the kind option", "{deskops.io/adopt: \"true\"}", false, true},
           {"adopted by default", "", true, true},
       }) {
    SCOPED_TRACE(c.name);
    typename TestFixture::Fixture f(TestFixture::Doc("x", c.annotations));
    f.options.adopt[kind] = c.kind_option;
    Traits<TypeParam>::Observe(f.reconciler, {{"x", "id-x"}});
    Plan plan = f.Diff();
    EXPECT_EQ(RenderText(plan),
              c.adopted ? kind +
                              "\n  = x                                   adopt\n"
                              "Plan: 1 adopt; 0 in sync.\n"
                        : "error: " + kind + "/x: a live " + kind +
                              " of this name exists but deskops does not own it; allow adoption "
                              "(deskops.io/adopt: \"true\") to manage it\n"
                              "Plan: no changes; 1 error(s); 0 in sync.\n");
    if (!c.adopted) continue;
    testing::FakeExec exec;
    exec.Run<TypeParam>(plan, f.inventory, f.index, f.options);
    EXPECT_EQ(f.inventory.Find(kind, "x")->id, "id-x");
    EXPECT_TRUE(exec.Calls().empty()) << "adopting calls nothing";
  }
}

TYPED_TEST(KindContractTest, DeletionsNeedPruneAndGoInOneCall) {
  const std::string kind = TestFixture::Kind();
  for (bool prune : {false, true}) {
    SCOPED_TRACE(prune ? "with --prune" : "without --prune");
    typename TestFixture::Fixture f(TestFixture::Doc("keep"));
    f.options.prune = prune;
    f.options.max_deletion_percent = -1;
    const Live live = {{"keep", "id-0"}, {"old1", "id-1"}, {"old2", "id-2"}};
    Traits<TypeParam>::Observe(f.reconciler, live);
    for (const auto& [name, id] : live) f.Own(name, id);
    Plan plan = f.Diff();
    EXPECT_EQ(RenderText(plan),
              kind + "\n  - old1                                delete [destructive]\n" +
                  (prune ? ""
                         : "      HELD by prune-disabled: it left the manifests; deleting it "
                           "needs --prune\n") +
                  "  - old2                                delete [destructive]\n" +
                  (prune ? "Plan: 2 delete; 2 destructive; 1 in sync.\n"
                         : "      HELD by prune-disabled: it left the manifests; deleting it "
                           "needs --prune\nPlan: no changes; 2 held; 1 in sync.\n"));
    testing::FakeExec exec;
    exec.api.api->On(Traits<TypeParam>::kDeleteMethod, Traits<TypeParam>::kDeletePath, 204, "");
    ApplyReport report = exec.Run<TypeParam>(plan, f.inventory, f.index, f.options);
    auto bodies = exec.Bodies(Traits<TypeParam>::kDeleteMethod, Traits<TypeParam>::kDeletePath);
    if (!prune) {
      EXPECT_TRUE(exec.Calls().empty());
      continue;
    }
    EXPECT_TRUE(report.ok()) << report.Summary();
    EXPECT_EQ(exec.Calls().size(), 1u);
    EXPECT_EQ(bodies, std::vector<json>{Traits<TypeParam>::DeleteBody({"id-1", "id-2"})});
    EXPECT_FALSE(f.inventory.Find(kind, "old1"));
    EXPECT_TRUE(f.inventory.Find(kind, "keep"));
  }
}

}  // namespace
}  // namespace deskops::reconcilers
