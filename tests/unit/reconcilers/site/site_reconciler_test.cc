// Golden tests of the Site kind: manifests and observed sites in, plan text out; the exact
// requests a plan sends; the write-only settings; the central site refused; export round trip.
#include "reconcilers/site/site_reconciler.h"

#include <gtest/gtest.h>

#include "../kind_test_util.h"

namespace deskops::reconcilers {
namespace {

using Fixture = testing::KindFixture<site::Reconciler>;
using nlohmann::json;
namespace sites = cloud::sites;

constexpr char kEdge[] = "cn-north-7-ies-bj01";
constexpr char kVpc[] = "8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d";
constexpr char kSubnet[] = "5dee0216-2260-47c2-9368-98a27d910e55";
constexpr char kSubnet2[] = "c7f30df4-f3ac-4807-9599-18950b05455f";

std::string SiteDoc(const std::string& name, const std::string& spec) {
  return testing::Doc("Site", name, spec);
}

sites::Site Edge(std::string az, std::string id, std::string status = "SUBSCRIBED") {
  return {id, "Beijing Chaoyang IES", "IES", status, "2026-01-01T00:00:00.000Z", {az}, az};
}
sites::Site Central() {
  return {"c0",
          "Huawei Cloud Central Site",
          "CENTER",
          "SUBSCRIBED",
          "",
          {"az3.manage.x86", "cn-north-7c"},
          "az3.manage.x86,cn-north-7c"};
}

const std::string kFull = std::string(
                              "{accessMode: BOTH, dedicatedCidrs: [10.20.0.0/16, "
                              "10.21.0.0/16], vpcId: ") +
                          kVpc + ", subnetIds: [" + kSubnet + "]}";

TEST(SiteReconcilerTest, Plans) {
  struct Case {
    std::string name;
    std::string yaml;
    std::vector<sites::Site> live;
    bool owned;
    std::string want;
  };
  const Case cases[] = {
      {"a new edge site is added",
       SiteDoc(kEdge, kFull),
       {Central()},
       false,
       "Site\n"
       "  + cn-north-7-ies-bj01                 create\n"
       "      spec.accessMode: BOTH\n"
       "      spec.dedicatedCidrs: [10.20.0.0/16, 10.21.0.0/16]\n"
       "      spec.vpcId: 8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d\n"
       "      spec.subnetIds: [5dee0216-2260-47c2-9368-98a27d910e55]\n"
       "Plan: 1 create; 0 in sync.\n"},
      {"adding needs an access mode (4.2.2, L2963)",
       SiteDoc(kEdge, "{subnetIds: [s1]}"),
       {Central()},
       false,
       "error: Site/cn-north-7-ies-bj01: spec.accessMode: adding a site needs its access mode "
       "(4.2.2 access_config.access_mode is mandatory, L2963): INTERNET, DEDICATED or BOTH\n"
       "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"an AZ of the central site is refused",
       SiteDoc("cn-north-7c", "{accessMode: BOTH}"),
       {Central()},
       false,
       "error: Site/cn-north-7c: metadata.name: AZ \"cn-north-7c\" is served by the central site "
       "(c0), which is the Workspace subscription itself (4.2.8): it cannot be added, changed or "
       "deleted as a Site; a Site is an edge (IES) site\n"
       "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"a site deskops does not own is adopted: its settings are taken as declared, not sent",
       SiteDoc(kEdge, "{accessMode: INTERNET}"),
       {Central(), Edge(kEdge, "s1")},
       false,
       "Site\n  = cn-north-7-ies-bj01                 adopt\nPlan: 1 adopt; 1 in sync.\n"},
      {"an owned site whose setting deskops never applied gets it",
       SiteDoc(kEdge, "{accessMode: INTERNET}"),
       {Central(), Edge(kEdge, "s1")},
       true,
       "Site\n  ~ cn-north-7-ies-bj01                 update\n"
       "      spec.accessMode: (not applied by deskops) -> INTERNET  (write-only: drift is not "
       "detectable)\n"
       "Plan: 1 update; 0 in sync.\n"},
      {"an adopted site with nothing declared is in sync",
       SiteDoc(kEdge, "{}"),
       {Central(), Edge(kEdge, "s1")},
       false,
       "Site\n  = cn-north-7-ies-bj01                 adopt\nPlan: 1 adopt; 1 in sync.\n"},
      {"a site whose add failed is refused",
       SiteDoc(kEdge, "{accessMode: BOTH}"),
       {Edge(kEdge, "s1", "SUBSCRIPTION_FAILED")},
       true,
       "error: Site/cn-north-7-ies-bj01: the site's add failed (status SUBSCRIPTION_FAILED): "
       "delete it (4.2.3; --prune once it leaves the manifests) and apply again\n"
       "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"a site being added waits for its job",
       SiteDoc(kEdge, "{accessMode: BOTH}"),
       {Edge(kEdge, "s1", "SUBSCRIBING")},
       true,
       "Site\n  ~ cn-north-7-ies-bj01                 update\n"
       "      spec.accessMode: (not applied by deskops) -> BOTH  (write-only: drift is not "
       "detectable)\n"
       "      HELD by busy (clears when the object's task ends): the site is SUBSCRIBING; changed "
       "once that job ends\nPlan: nothing to run now; 1 held; 0 in sync.\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(c.yaml);
    f.Observe(c.live);
    if (c.owned) f.OwnDeclared();
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
}

TEST(SiteReconcilerTest, CreateSendsWhatTheReferenceAsksAndRecordsTheSettings) {
  Fixture f(SiteDoc(kEdge, kFull));
  f.Observe({Central()});
  Plan plan = f.Diff();
  f.api.api->On("POST", "/v2/p1/sites", 200, R"({"job_id":"j1"})");
  f.api.api->On("GET", "/v2/p1/workspace-jobs/j1", 200, R"({"status":"SUCCESS"})");
  f.api.api->On("GET", "/v2/p1/sites", 200,
                R"({"site_infos":[{"site_id":"s9","site_name":"Beijing Chaoyang IES",)"
                R"("site_type":"IES","status":"SUBSCRIBED","az_code":"cn-north-7-ies-bj01"}],)"
                R"("total_count":1})");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  // The 4.2.2 request body (Tables 4-158 to 4-161, L2938-2964): one site, CIDRs joined with ';'.
  EXPECT_EQ(
      json::parse(f.Sent("POST", "/v2/p1/sites").at(0)),
      json::parse(std::string(R"({"site_configs":[{"availability_zone":"cn-north-7-ies-bj01",)"
                              R"("network_config":{"vpc_id":")") +
                  kVpc + R"(","subnet_ids":[")" + kSubnet +
                  R"("]},"access_config":{"access_mode":"BOTH",)"
                  R"("dedicated_cidrs":"10.20.0.0/16;10.21.0.0/16"}}]})"));
  auto owned = f.inventory.Find("Site", kEdge);
  ASSERT_TRUE(owned);
  EXPECT_EQ(owned->id, "s9") << "found by its AZ after the job";
  for (const char* path :
       {"spec.accessMode", "spec.dedicatedCidrs", "spec.vpcId", "spec.subnetIds"}) {
    EXPECT_FALSE(owned->Record(AppliedKey(path)).empty()) << path << " recorded at create";
  }
  // Planned again against the new site: nothing to do.
  f.Observe({Central(), Edge(kEdge, "s9")});
  f.ExpectInSync(1);
}

TEST(SiteReconcilerTest, ChangesGoToTheirOwnCallsAndOnlyWhatChanged) {
  Fixture f(SiteDoc(kEdge, kFull));
  f.Observe({Edge(kEdge, "s1")});
  f.Own(kEdge, "s1");
  // What deskops applied before: the same VPC and CIDRs, another mode and subnet.
  std::map<std::string, std::string> applied = {
      {AppliedKey("spec.accessMode"), Fingerprint("INTERNET")},
      {AppliedKey("spec.dedicatedCidrs"), Fingerprint("10.20.0.0/16;10.21.0.0/16")},
      {AppliedKey("spec.vpcId"), Fingerprint(kVpc)},
      {AppliedKey("spec.subnetIds"), Fingerprint(std::string("[") + kSubnet2 + "]")}};
  f.inventory.Record("Site", kEdge, applied);
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "Site\n  ~ cn-north-7-ies-bj01                 update\n"
            "      spec.accessMode: (last applied differs) -> BOTH  (write-only: drift is not "
            "detectable)\n"
            "  ~ cn-north-7-ies-bj01                 update\n"
            "      spec.subnetIds: (last applied differs) -> [5dee0216-2260-47c2-9368-98a27d910e55]"
            "  (write-only: drift is not detectable)\n"
            "Plan: 2 update; 0 in sync.\n");
  f.api.api->On("PUT", "/v2/p1/sites/s1/access-mode", 200, R"({"job_id":"a1"})");
  f.api.api->On("PUT", "/v2/p1/sites/s1/subnet-ids", 200, R"({"job_id":"n1"})");
  f.api.api->On("GET", "/v2/p1/workspace-jobs/a1", 200, R"({"status":"SUCCESS"})");
  f.api.api->On("GET", "/v2/p1/workspace-jobs/n1", 200, R"({"status":"SUCCESS"})");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(f.Sent("PUT", "/v2/p1/sites/s1/access-mode"),
            (std::vector<std::string>{R"({"access_mode":"BOTH"})"}))
      << "4.2.4 takes optional fields (L3242-3247): the unchanged CIDRs are not sent";
  EXPECT_EQ(f.Sent("PUT", "/v2/p1/sites/s1/subnet-ids"),
            (std::vector<std::string>{std::string(R"({"subnet_ids":[")") + kSubnet + "\"]}"}));
  std::vector<std::string> calls = f.Calls();
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[1].rfind("GET /v2/p1/workspace-jobs/a1", 0), 0u)
      << "one change at a time: the access-mode job ends before 4.2.5 is sent";
  f.ExpectInSync(1);
}

TEST(SiteReconcilerTest, AnAdoptionRecordsTheDeclaredSettingsAndALaterChangeIsSent) {
  Fixture f(SiteDoc(kEdge, "{accessMode: BOTH, subnetIds: [s1]}"));
  f.Observe({Edge(kEdge, "s1")});
  ApplyReport report = f.Apply(f.Diff());
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_TRUE(f.api.api->requests.empty()) << "nothing sent on a guess";
  EXPECT_EQ(f.inventory.Find("Site", kEdge)->Record(AppliedKey("spec.accessMode")),
            Fingerprint("BOTH"));
  f.ExpectInSync(1);
  f.Load(SiteDoc(kEdge, "{accessMode: DEDICATED, subnetIds: [s1]}"));
  EXPECT_EQ(RenderText(f.Diff()),
            "Site\n  ~ cn-north-7-ies-bj01                 update\n"
            "      spec.accessMode: (last applied differs) -> DEDICATED  (write-only: drift is not "
            "detectable)\nPlan: 1 update; 0 in sync.\n");
}

TEST(SiteReconcilerTest, TheVpcCannotChangeOnceDeskopsAddedTheSite) {
  Fixture f(SiteDoc(kEdge, "{accessMode: BOTH, vpcId: other-vpc}"));
  f.Observe({Edge(kEdge, "s1")});
  f.Own(kEdge, "s1");
  f.inventory.Record("Site", kEdge,
                     {{AppliedKey("spec.vpcId"), Fingerprint(kVpc)},
                      {AppliedKey("spec.accessMode"), Fingerprint("BOTH")}});
  EXPECT_EQ(RenderText(f.Diff()),
            "error: Site/cn-north-7-ies-bj01: spec.vpcId cannot change once the site exists: "
            "only 4.2.2 takes it (4.2.5 changes the service subnets) and 4.2.1 does not return "
            "it; change it back\nPlan: nothing to run now; 1 error(s); 0 in sync.\n");
}

TEST(SiteReconcilerTest, PruneDeletesOneOwnedEdgeSiteAndNeverTheCentralOne) {
  Fixture f(SiteDoc("cn-north-7-ies-bj02", "{}"));
  f.options.prune = true;
  f.options.max_deletion_percent = -1;
  f.Observe({Central(), Edge(kEdge, "s1"), Edge("cn-north-7-ies-bj02", "s2")});
  f.Own("cn-north-7-ies-bj02", "s2");
  f.Own(kEdge, "s1");
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "Site\n  - cn-north-7-ies-bj01                 delete [destructive]\n"
            "Plan: 1 delete; 1 destructive; 1 in sync.\n");
  f.api.api->On("DELETE", "/v2/p1/sites/s1", 200, R"({"job_id":"d1"})");
  f.api.api->On("GET", "/v2/p1/workspace-jobs/d1", 200, R"({"status":"SUCCESS"})");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(f.Calls(),
            (std::vector<std::string>{"DELETE /v2/p1/sites/s1 ", "GET /v2/p1/workspace-jobs/d1 "}));
  EXPECT_FALSE(f.inventory.Find("Site", kEdge));
}

TEST(SiteReconcilerTest, ListAsksForDeclaredAzsWhenTheAnswerHasNoAzCode) {
  // 4.2.1's table has no az_code (only its example, L2885): the declared AZ is asked for with the
  // availability_zone_id filter (L2782), and the site found serves it.
  Fixture f(SiteDoc(kEdge, "{accessMode: BOTH}"));
  f.api.api->On("GET", "/v2/p1/sites", [](const cloud::HttpRequest& r) {
    const bool filtered = !r.query.empty();
    return cloud::HttpResponse{
        200,
        {},
        std::string(
            R"({"site_infos":[{"site_id":"s1","site_type":"IES","status":"SUBSCRIBED"}],)") +
            R"("total_count":1,"filtered":)" + (filtered ? "true" : "false") + "}"};
  });
  ASSERT_TRUE(f.ObserveLive().ok());
  ASSERT_EQ(f.api.api->requests.size(), 2u);
  EXPECT_EQ(f.api.api->Query(f.api.api->requests[1], "availability_zone_id"), kEdge);
  f.OwnDeclared();
  f.inventory.Record("Site", kEdge, {{AppliedKey("spec.accessMode"), Fingerprint("BOTH")}});
  f.ExpectInSync(1);
}

TEST(SiteReconcilerTest, ExportNamesEdgeSitesOnlyAndPlansInSync) {
  site::Reconciler kind;
  const std::vector<sites::Site> live = {Central(), Edge(kEdge, "s1")};
  auto observed = kind.ObservedOf(live);
  Inventory inventory;
  LiveIndex index;
  const std::string yaml = kind.Export(*observed, ExportContext{inventory, index, false});
  EXPECT_EQ(yaml,
            "---\napiVersion: deskops.io/v1alpha1\nkind: Site\nmetadata:\n  name: "
            "cn-north-7-ies-bj01\nspec:\n  {}\n");
  Fixture f(yaml);
  f.Observe(live);
  f.ExpectNothingToDo();
}

}  // namespace
}  // namespace deskops::reconcilers
