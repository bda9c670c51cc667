// Golden tests of the WorkspaceService kind: a manifest and 4.2.7's answer in, plan text out; the
// exact 4.2.10 / 4.2.11 requests a plan sends; and an export that plans in sync.
#include "reconcilers/workspace_service/workspace_service_reconciler.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "../kind_test_util.h"

namespace deskops::reconcilers {
namespace {

using Fixture = testing::KindFixture<workspace_service::Reconciler>;
using nlohmann::json;
namespace api = cloud::workspace;

constexpr char kSubnet1[] = "5dee0216-2260-47c2-9368-98a27d910e55";
constexpr char kSubnet2[] = "c7f30df4-f3ac-4807-9599-18950b05455f";

std::string Ws(const std::string& spec, const std::string& annotations = "",
               const std::string& name = "workspace") {
  return testing::Doc("WorkspaceService", name, spec, annotations);
}

api::Service Live() {
  api::Service s;
  s.id = "ws1";
  s.status = "SUBSCRIBED";
  s.access_mode = "INTERNET";
  s.subnet_ids = {kSubnet1};
  s.internet_access_port = "443";
  s.ad.domain_type = "LITE_AS";
  return s;
}

api::Service LocalAd() {
  api::Service s = Live();
  s.ad = {"LOCAL_AD",   "corp.example.com", "wks-admin",    "dc01", "192.168.0.10", "", "",
          "192.168.0.10", "",               std::optional<bool>(true), false};
  return s;
}

TEST(WorkspaceServiceReconcilerTest, Plans) {
  struct Case {
    std::string name, yaml;
    api::Service live;
    bool allow_destructive;
    std::string want;
  };
  api::Service unsubscribed = Live();
  unsubscribed.status = "DEREGISTERING";
  const Case cases[] = {
      {"what the service has: in sync, whatever the manifest is named",
       Ws("{accessMode: INTERNET, subnetIds: [" + std::string(kSubnet1) +
              "], internetAccessPort: 443}",
          "", "anything"),
       Live(), false, "Plan: no changes; 1 in sync.\n"},
      {"an empty spec manages nothing", Ws("{}"), Live(), false, "Plan: no changes; 1 in sync.\n"},
      {"a subnet added is safe",
       Ws("{subnetIds: [" + std::string(kSubnet1) + ", " + kSubnet2 + "]}"), Live(), false,
       "WorkspaceService\n  ~ workspace                           update  (4.2.10 service "
       "subnets)\n      spec.subnetIds: " +
           std::string(kSubnet1) + " -> " + kSubnet1 + ", " + kSubnet2 +
           "\nPlan: 1 update; 0 in sync.\n"},
      {"the enterprise ID is held without allow-destroy", Ws("{enterpriseId: corp01}"), Live(),
       false,
       "WorkspaceService\n  ~ workspace                           update [destructive]  (4.2.11 "
       "enterprise ID: users log in with it)\n      spec.enterpriseId: (unset) -> \"corp01\"\n"
       "      HELD by destructive (clears with deskops.io/allow-destroy: \"true\" or "
       "--allow-destructive): it loses data\nPlan: nothing to run now; 1 held; 0 in sync.\n"},
      {"a service that is not subscribed is an error, never subscribed",
       Ws("{enterpriseId: corp01}"), unsubscribed, true,
       "error: WorkspaceService/workspace: the Workspace service is DEREGISTERING, not "
       "SUBSCRIBED: deskops changes a subscribed service only, and never subscribes (4.2.8) or "
       "unsubscribes (4.2.9)\nPlan: nothing to run now; 1 error(s); 0 in sync.\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(c.yaml);
    f.options.allow_destructive = c.allow_destructive;
    f.Observe({c.live});
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
}

TEST(WorkspaceServiceReconcilerTest, SendsOneAttributeTypePerRequestAndFollowsTheJobs) {
  ASSERT_EQ(setenv("WS_TEST_AD_PASSWORD", "Ad-Secret-0001", 1), 0);
  Fixture f(Ws("{subnetIds: [" + std::string(kSubnet2) +
               "], internetAccessPort: 8443, enterpriseId: corp01, adDomain: {domainType: "
               "LOCAL_AD, domainName: corp.example.com, domainAdminAccount: wks-admin, "
               "passwordFrom: {env: WS_TEST_AD_PASSWORD}, activeDomainIp: 192.168.0.10, "
               "activeDomainName: dc01, activeDnsIp: 192.168.0.10, deleteComputerObject: true}}"));
  f.options.allow_destructive = true;
  f.Observe({Live()});
  Plan plan = f.Diff();
  EXPECT_EQ(plan.actions.size(), 4u) << RenderText(plan);
  EXPECT_EQ(RenderText(plan).find("Ad-Secret-0001"), std::string::npos) << "never printed";
  int job = 0;
  f.api.api->On("PUT", "/v2/p1/workspaces", [&](const cloud::HttpRequest&) {
    return cloud::HttpResponse{200, {}, "{\"job_id\":\"j" + std::to_string(++job) + "\"}"};
  });
  for (const char* id : {"j1", "j2", "j3"}) {
    f.api.api->On("GET", std::string("/v2/p1/workspace-jobs/") + id, 200,
                  R"({"status":"SUCCESS"})");
  }
  f.api.api->On("PUT", "/v2/p1/workspaces/enterprise-id", 200, R"({"enterprise_id":"corp01"})");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  std::vector<json> bodies;
  for (const std::string& b : f.Sent("PUT", "/v2/p1/workspaces")) bodies.push_back(json::parse(b));
  EXPECT_EQ(bodies, (std::vector<json>{
                        json{{"subnet_ids", {kSubnet2}}},
                        json::parse(R"({"ad_domains":{"domain_type":"LOCAL_AD",
                            "domain_name":"corp.example.com","domain_admin_account":"wks-admin",
                            "domain_password":"Ad-Secret-0001","active_domain_ip":"192.168.0.10",
                            "active_domain_name":"dc01","active_dns_ip":"192.168.0.10",
                            "delete_computer_object":1}})"),
                        json{{"internet_access_port", "8443"}},
                    }))
      << "one attribute type per request (L4406); the port as text (L4444), the flag as 1 (L4488)";
  EXPECT_EQ(f.Sent("PUT", "/v2/p1/workspaces/enterprise-id"),
            std::vector<std::string>{R"({"enterprise_id":"corp01"})"});
  EXPECT_EQ(f.Sent("GET", "/v2/p1/workspace-jobs/j3").size(), 1u) << "every job is followed";
  // What was applied is remembered by fingerprint: the same password is not sent again.
  std::optional<OwnedObject> entry = f.inventory.Find("WorkspaceService", "workspace");
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->Record("applied:spec.adDomain.passwordFrom").rfind("sha256:", 0), 0u);
  f.Observe({LocalAd()});
  api::Service after = LocalAd();
  after.subnet_ids = {kSubnet2};
  after.internet_access_port = "8443";
  after.enterprise_id = "corp01";
  f.Observe({after});
  f.ExpectInSync(1);
  ASSERT_EQ(setenv("WS_TEST_AD_PASSWORD", "Ad-Secret-0002", 1), 0);
  EXPECT_EQ(RenderText(f.Diff()),
            "WorkspaceService\n  ~ workspace                           update [disruptive]  "
            "(4.2.10 AD domain: its password or certificate)\n"
            "      spec.adDomain.passwordFrom: (last applied differs) -> (from env "
            "WS_TEST_AD_PASSWORD)  (write-only: drift is not detectable)\n"
            "Plan: 1 update; 1 disruptive; 0 in sync.\n");
  unsetenv("WS_TEST_AD_PASSWORD");
}

TEST(WorkspaceServiceReconcilerTest, ExportLoadsBackWithoutChanges) {
  workspace_service::Reconciler kind;
  api::Service live = LocalAd();
  live.enterprise_id = "corp01";
  auto observed = kind.ObservedOf({live});
  Inventory inventory;
  LiveIndex index;
  const std::string yaml = kind.Export(*observed, ExportContext{inventory, index, false});
  EXPECT_NE(yaml.find("passwordFrom:\n      env: DESKOPS_AD_DOMAIN_PASSWORD"), std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("deskops.io/ignore-changes: spec.adDomain.passwordFrom"), std::string::npos)
      << yaml;
  Fixture f(yaml);
  f.Observe({live});
  f.ExpectInSync(1);
}

}  // namespace
}  // namespace deskops::reconcilers
