// What every kind does alike, because the engine (TypedKind, kind.cc) does it once for all of
// them, checked for each of the seven kinds (typed tests): a create that an earlier run may still
// have in flight is held, never sent twice; a live object deskops does not own is adopted unless
// the object's annotation or the kind's option refuses, and adopting calls nothing; several live
// objects of one name are an error; owned objects that left the manifests are deleted only with
// --prune, in one batch call where the API has one; a namesake deskops does not own is left alone.
#include <gtest/gtest.h>

#include "kind_test_util.h"
#include "reconcilers/access_policy/access_policy_reconciler.h"
#include "reconcilers/desktop/desktop_reconciler.h"
#include "reconcilers/desktop_name_policy/desktop_name_policy_reconciler.h"
#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"
#include "reconcilers/policy_group/policy_group_reconciler.h"
#include "reconcilers/user/user_reconciler.h"
#include "reconcilers/user_group/user_group_reconciler.h"

namespace deskops::reconcilers {
namespace {

using Names = std::vector<std::pair<std::string, std::string>>;  // name, ID

// Per kind: a valid manifest spec (a YAML flow mapping), a live object of that spec, one that
// differs from it in a field the kind changes in place, and what deleting two objects sends.
template <class R>
struct Traits;

// A deletion as the plan shows it after the name column, and the summary's disruption word.
struct Deletion {
  std::string verb;        // "delete [destructive]  (note)"
  std::string disruption;  // "destructive"
};

template <>
struct Traits<desktop_name_policy::Reconciler> {
  static constexpr const char* kSpec =
      "{namePrefix: eng, digitNumber: 3, startNumber: 1, singleDomainUserIncrement: 0}";
  static cloud::name_policies::NamePolicy Live(const std::string& name, const std::string& id) {
    return {id, name, "eng", 3, 1, 0, false, false};
  }
  static cloud::name_policies::NamePolicy Drifted(const std::string& name, const std::string& id) {
    return {id, name, "old", 3, 1, 0, false, false};
  }
  static Deletion Delete() { return {"delete [destructive]", "destructive"}; }
  static void Answer(cloud::testing::FakeApi&) {}
  static std::vector<std::string> DeleteCalls() {
    return {R"(POST /v2/p1/desktop-name-policies/batch-delete {"policy_ids":["id-1","id-2"]})"};
  }
};

template <>
struct Traits<user::Reconciler> {
  static constexpr const char* kSpec = "{userEmail: x@example.com}";
  static cloud::users::User Live(const std::string& name, const std::string& id) {
    cloud::users::User u;
    u.user_name = name;
    u.id = id;
    u.user_email = "x@example.com";
    return u;
  }
  static cloud::users::User Drifted(const std::string& name, const std::string& id) {
    cloud::users::User u = Live(name, id);
    u.user_email = "old@example.com";
    return u;
  }
  static Deletion Delete() { return {"delete [destructive]", "destructive"}; }
  static void Answer(cloud::testing::FakeApi&) {}
  static std::vector<std::string> DeleteCalls() {
    return {R"(POST /v2/p1/users/batch-delete {"user_ids":["id-1","id-2"]})"};
  }
};

template <>
struct Traits<user_group::Reconciler> {
  static constexpr const char* kSpec = "{platformType: LOCAL, description: Staff}";
  static user_group::LiveGroup Live(const std::string& name, const std::string& id) {
    return {{id, name, "Staff", "LOCAL", "", "", 0}, std::nullopt};
  }
  static user_group::LiveGroup Drifted(const std::string& name, const std::string& id) {
    return {{id, name, "Old", "LOCAL", "", "", 0}, std::nullopt};
  }
  static Deletion Delete() { return {"delete [destructive]", "destructive"}; }
  static void Answer(cloud::testing::FakeApi&) {}
  static std::vector<std::string> DeleteCalls() {
    return {R"(POST /v2/p1/groups/batch-delete {"group_ids":["id-1","id-2"]})"};
  }
};

template <>
struct Traits<pool::Reconciler> {
  static constexpr const char* kSpec =
      "{type: DYNAMIC, size: 0, description: Staff, productId: workspace.c2.large, "
      "imageId: img-1, rootVolume: {type: SAS, size: 80}, subnetIds: [subnet-1]}";
  static pool::LivePool Live(const std::string& name, const std::string& id) {
    cloud::pools::Pool p;
    p.name = name;
    p.id = id;
    p.type = "DYNAMIC";
    p.availability_zone = "az1";
    p.subnet_id = "subnet-1";
    p.product.product_id = "workspace.c2.large";
    p.image_id = "img-1";
    p.root_volume = {"SAS", 80, "rv-" + id, "", ""};
    p.status = "STEADY";
    p.description = "Staff";
    return {p, std::nullopt, std::nullopt};
  }
  static pool::LivePool Drifted(const std::string& name, const std::string& id) {
    pool::LivePool p = Live(name, id);
    p.pool.description = "Old";
    return p;
  }
  static Deletion Delete() {
    return {"delete [destructive]  (deletes its 0 desktop(s) with it: a pool is deleted empty)",
            "destructive"};
  }
  static void Answer(cloud::testing::FakeApi& api) {
    for (const char* id : {"id-1", "id-2"}) {
      api.On("GET", std::string("/v2/p1/desktop-pools/") + id + "/desktops", 200,
             R"({"total_count":0,"desktops":[]})");
      api.On("DELETE", std::string("/v2/p1/desktop-pools/") + id, 204, "");
    }
  }
  // A pool is deleted on its own (4.4.4 takes one ID), after its desktops (read when deleting).
  static std::vector<std::string> DeleteCalls() {
    return {"GET /v2/p1/desktop-pools/id-1/desktops ", "DELETE /v2/p1/desktop-pools/id-1 ",
            "GET /v2/p1/desktop-pools/id-2/desktops ", "DELETE /v2/p1/desktop-pools/id-2 "};
  }
};

template <>
struct Traits<desktop::Reconciler> {
  static constexpr const char* kSpec =
      "{productId: p.large, imageType: gold, imageId: img-1, availabilityZone: az1, "
      "rootVolume: {type: SAS, size: 80}, nics: [{subnetId: subnet-1}]}";
  static cloud::desktops::Desktop Live(const std::string& name, const std::string& id) {
    cloud::desktops::Desktop d;
    d.computer_name = name;
    d.id = id;
    d.status = "ACTIVE";
    d.product_id = "p.large";
    d.image_id = "img-1";
    d.availability_zone = "az1";
    d.root_volume = {"SAS", 80, "root-" + id, "", "/dev/vda"};
    d.subnet_id = "subnet-1";
    d.tags = {{"deskops-owner", "deskops"}};
    return d;
  }
  // Every owned desktop carries the ownership tag.
  static cloud::desktops::Desktop Drifted(const std::string& name, const std::string& id) {
    cloud::desktops::Desktop d = Live(name, id);
    d.tags.clear();
    return d;
  }
  static Deletion Delete() {
    return {"delete [destructive]  (the desktop and the data on it)", "destructive"};
  }
  static void Answer(cloud::testing::FakeApi& api) {
    api.On("POST", "/v2/p1/desktops/batch-delete", 200, R"({"job_id":"del"})");
    api.On("GET", "/v2/p1/workspace-jobs/del", 200, R"({"status":"SUCCESS"})");
  }
  static std::vector<std::string> DeleteCalls() {
    return {R"(POST /v2/p1/desktops/batch-delete {"desktop_ids":["id-1","id-2"]})",
            "GET /v2/p1/workspace-jobs/del "};
  }
};

template <>
struct Traits<policy_group::Reconciler> {
  static constexpr const char* kSpec = "{priority: 2, description: Staff}";
  static cloud::policy_groups::PolicyGroup Live(const std::string& name, const std::string& id) {
    cloud::policy_groups::PolicyGroup g;
    g.name = name;
    g.id = id;
    g.priority = 2;
    g.description = "Staff";
    return g;
  }
  static cloud::policy_groups::PolicyGroup Drifted(const std::string& name, const std::string& id) {
    cloud::policy_groups::PolicyGroup g = Live(name, id);
    g.description = "Old";
    return g;
  }
  // Disruptive, not destructive: no data is lost, but its targets lose its policies at once.
  static Deletion Delete() {
    return {"delete [disruptive]  (its policies stop applying to 0 target(s))", "disruptive"};
  }
  static void Answer(cloud::testing::FakeApi& api) {
    api.On("DELETE", "/v2/p1/policy-groups/id-1", 204, "");
    api.On("DELETE", "/v2/p1/policy-groups/id-2", 204, "");
  }
  // 4.14.3 deletes one group per call.
  static std::vector<std::string> DeleteCalls() {
    return {"DELETE /v2/p1/policy-groups/id-1 ", "DELETE /v2/p1/policy-groups/id-2 "};
  }
};

template <>
struct Traits<access_policy::Reconciler> {
  static constexpr const char* kSpec = "{isEnable: true}";
  static access_policy::LivePolicy Live(const std::string& name, const std::string& id) {
    return {{id, name, "INTERNET", "ACCESS_TYPE", "", {}, true, false}, {}};
  }
  static access_policy::LivePolicy Drifted(const std::string& name, const std::string& id) {
    return {{id, name, "INTERNET", "ACCESS_TYPE", "", {}, false, false}, {}};
  }
  static Deletion Delete() { return {"delete [destructive]", "destructive"}; }
  static void Answer(cloud::testing::FakeApi&) {}
  static std::vector<std::string> DeleteCalls() {
    return {R"(DELETE /v2/p1/access-policy {"policy_id_list":["id-1","id-2"]})"};
  }
};

template <class R>
class KindContractTest : public ::testing::Test {
 protected:
  using Fixture = testing::KindFixture<R>;
  static std::string Kind() { return R().Kind(); }
  static std::string Doc(const std::string& name, const std::string& annotations = "") {
    return testing::Doc(Kind(), name, Traits<R>::kSpec, annotations);
  }
  static void Observe(Fixture& f, const Names& names) {
    std::vector<typename R::Live> live;
    for (const auto& [name, id] : names) live.push_back(Traits<R>::Live(name, id));
    f.Observe(std::move(live));
  }
  // "  - old1" and the verb at column 40, as RenderText lays an action out.
  static std::string Line(char symbol, const std::string& name, const std::string& verb) {
    std::string line = std::string("  ") + symbol + " " + name;
    return line + std::string(40 - line.size(), ' ') + verb + "\n";
  }
};

using Kinds = ::testing::Types<desktop_name_policy::Reconciler, user::Reconciler,
                               user_group::Reconciler, pool::Reconciler, desktop::Reconciler,
                               policy_group::Reconciler, access_policy::Reconciler>;
TYPED_TEST_SUITE(KindContractTest, Kinds);

TYPED_TEST(KindContractTest, CreateInFlightIsHeldNotRepeated) {
  typename TestFixture::Fixture f(TestFixture::Doc("x"));
  f.pending = {{"x", "i1", "", "sent before a crash"}};
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan), TestFixture::Kind() + "\n" + TestFixture::Line('+', "x", "create") +
                                  "      HELD by in-flight (clears when the earlier create ends or "
                                  "shows up): sent before a crash\n"
                                  "Plan: nothing to run now; 1 held; 0 in sync.\n");
  EXPECT_EQ(plan.Waiting(), 1u) << "it clears by itself once the earlier create shows up";
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(f.Calls().empty()) << "never sent twice";
  EXPECT_EQ(report.held, 1u);
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
    TestFixture::Observe(f, {{"x", "id-x"}});
    Plan plan = f.Diff();
    // Changed with the kind contract: one message for every kind ("a live <Kind>"), and an object
    // whose only action is its adoption counts as in sync (adopting changes what deskops owns, not
    // the tenant), as Desktop already did.
    EXPECT_EQ(RenderText(plan),
              c.adopted ? kind + "\n" + TestFixture::Line('=', "x", "adopt") +
                              "Plan: 1 adopt; 1 in sync.\n"
                        : "error: " + kind + "/x: a live " + kind +
                              " of this name exists but deskops does not own it; allow adoption "
                              "(deskops.io/adopt: \"true\") to manage it\n"
                              "Plan: nothing to run now; 1 error(s); 0 in sync.\n");
    EXPECT_FALSE(plan.HasChanges());
    if (!c.adopted) continue;
    ApplyReport report = f.Apply(plan);
    EXPECT_TRUE(report.ok()) << report.Summary();
    ASSERT_TRUE(f.inventory.Find(kind, "x"));
    EXPECT_EQ(f.inventory.Find(kind, "x")->id, "id-x");
    EXPECT_TRUE(f.Calls().empty()) << "adopting calls nothing";
    f.ExpectInSync(1);
  }
}

// Serial kinds run one object's steps as one batch, which starts with its adoption: the adoption
// must not swallow the steps after it.
TYPED_TEST(KindContractTest, AnAdoptedObjectGetsItsChangesInTheSameRun) {
  const std::string kind = TestFixture::Kind();
  typename TestFixture::Fixture f(TestFixture::Doc("x"));
  f.Observe({Traits<TypeParam>::Drifted("x", "id-x")});
  Plan plan = f.Diff();
  ASSERT_GE(plan.actions.size(), 2u) << RenderText(plan);
  EXPECT_EQ(plan.actions[0].verb, Verb::kAdopt);
  EXPECT_TRUE(plan.HasChanges()) << RenderText(plan);
  EXPECT_EQ(plan.in_sync, 0u);
  f.Apply(plan);
  EXPECT_FALSE(f.Calls().empty()) << "the changes were sent (the fake API answers 404)";
  ASSERT_TRUE(f.inventory.Find(kind, "x"));
  EXPECT_EQ(f.inventory.Find(kind, "x")->id, "id-x");
}

TYPED_TEST(KindContractTest, NamesakesAreAnErrorNotAGuess) {
  typename TestFixture::Fixture f(TestFixture::Doc("x"));
  TestFixture::Observe(f, {{"x", "id-1"}, {"x", "id-2"}});
  EXPECT_EQ(RenderText(f.Diff()), "error: " + TestFixture::Kind() + "/x: 2 live objects of kind " +
                                      TestFixture::Kind() +
                                      " have this name; deskops cannot tell which one to manage\n"
                                      "Plan: nothing to run now; 1 error(s); 0 in sync.\n");
}

TYPED_TEST(KindContractTest, DeletionsNeedPrune) {
  const std::string kind = TestFixture::Kind();
  const Deletion del = Traits<TypeParam>::Delete();
  for (bool prune : {false, true}) {
    SCOPED_TRACE(prune ? "with --prune" : "without --prune");
    typename TestFixture::Fixture f(TestFixture::Doc("keep"));
    f.options.prune = prune;
    f.options.max_deletion_percent = -1;
    f.options.concurrency = 1;  // requests in a fixed order
    const Names live = {{"keep", "id-0"}, {"old1", "id-1"}, {"old2", "id-2"}};
    TestFixture::Observe(f, live);
    for (const auto& [name, id] : live) f.Own(name, id);
    const std::string held =
        prune ? "" : "      HELD by prune-disabled (clears with --prune): it left the manifests\n";
    Plan plan = f.Diff();
    EXPECT_EQ(RenderText(plan),
              kind + "\n" + TestFixture::Line('-', "old1", del.verb) + held +
                  TestFixture::Line('-', "old2", del.verb) + held +
                  (prune ? "Plan: 2 delete; 2 " + del.disruption + "; 1 in sync.\n"
                         : "Plan: no changes; 2 held; 1 in sync.\n"));
    Traits<TypeParam>::Answer(*f.api.api);
    f.api.api->On("POST", "/v2/p1/desktop-name-policies/batch-delete", 204, "");
    f.api.api->On("POST", "/v2/p1/users/batch-delete", 204, "");
    f.api.api->On("POST", "/v2/p1/groups/batch-delete", 204, "");
    f.api.api->On("DELETE", "/v2/p1/access-policy", 204, "");
    ApplyReport report = f.Apply(plan);
    if (!prune) {
      EXPECT_TRUE(f.Calls().empty());
      EXPECT_TRUE(f.inventory.Find(kind, "old1"));
      continue;
    }
    EXPECT_TRUE(report.ok()) << report.Summary();
    EXPECT_EQ(f.Calls(), Traits<TypeParam>::DeleteCalls());
    EXPECT_FALSE(f.inventory.Find(kind, "old1"));
    EXPECT_FALSE(f.index.Find(kind, "old2"));
    EXPECT_TRUE(f.inventory.Find(kind, "keep"));
  }
}

TYPED_TEST(KindContractTest, ANamesakeDeskopsDoesNotOwnIsLeftAlone) {
  typename TestFixture::Fixture f(TestFixture::Doc("keep"));
  f.options.prune = true;
  f.options.max_deletion_percent = -1;
  // deskops owned "old" as id-1, which is gone; someone made another object of that name.
  TestFixture::Observe(f, {{"keep", "id-0"}, {"old", "id-other"}});
  f.Own("keep", "id-0");
  f.Own("old", "id-1");
  f.ExpectInSync(1);
}

}  // namespace
}  // namespace deskops::reconcilers
