// Typed endpoints: requests as the reference documents them, and the reference's example
// responses parsed into the DTOs (tests/golden/api-examples).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloud/desktops.h"
#include "cloud/jobs.h"
#include "cloud/json_leaves.h"
#include "cloud/lookups.h"
#include "cloud/policies.h"
#include "cloud/pools.h"
#include "cloud/users.h"
#include "fake_api.h"

namespace deskops::cloud {
namespace {

using nlohmann::json;
using testing::FakeClient;
using testing::Golden;

json Body(const HttpRequest& r) { return json::parse(r.body); }

TEST(DesktopEndpointsTest, GetParsesTheReferenceExample) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/desktops/d1", 200, Golden("4.3.5-response-200.json"));
  auto d = desktops::Get(*f.client, "d1");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->id, "cb783682-323a-43fa-9f70-3e87eed5524");
  EXPECT_EQ(d->computer_name, "tkms-test");
  EXPECT_EQ(d->status, "ACTIVE");
  EXPECT_EQ(d->product_id, "workspace.x86.ultimate.2xlarge4");
  EXPECT_EQ(d->image_id, "cc3bbc0b-9441-461b-b80b-48c52f3aed08") << "from metadata";
  EXPECT_EQ(d->root_volume.type, "SAS");
  EXPECT_EQ(d->root_volume.size, 80);
  EXPECT_EQ(d->root_volume.id, "76019ba137ae11f0ade6fa163e5a5e29");
  EXPECT_EQ(d->ip_addresses.size(), 2u);
  EXPECT_EQ(d->security_groups.at(0).name, "WorkspaceUserSecurityGroup");
  EXPECT_FALSE(d->in_maintenance_mode);
}

TEST(DesktopEndpointsTest, ListDetailPagesAndNormalises) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/desktops/detail", [](const HttpRequest& r) {
    json page = json::parse(Golden("4.3.8-response-200.json"));
    for (auto& d : page["desktops"]) {
      d["status"] = "shutoff";  // some responses are lower case
      d["data_volumes"] = {{{"type", "SSD"}, {"size", 20}, {"device", "/dev/vdc"}, {"id", "b"}},
                           {{"type", "ssd"}, {"size", 10}, {"device", "/dev/vdb"}, {"id", "a"}}};
    }
    EXPECT_EQ(r.query, (std::vector<std::pair<std::string, std::string>>{
                           {"computer_name", "x"}, {"offset", "0"}, {"limit", "500"}}));
    return HttpResponse{200, {}, page.dump()};
  });
  desktops::Query q;
  q.computer_name = "x";
  auto list = desktops::ListDetail(*f.client, q);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_FALSE(list->empty());
  EXPECT_EQ(list->at(0).status, "SHUTOFF");
  ASSERT_EQ(list->at(0).data_volumes.size(), 2u);
  EXPECT_EQ(list->at(0).data_volumes[0].device, "/dev/vdb") << "ordered by device";
  EXPECT_EQ(list->at(0).data_volumes[0].type, "SSD");
}

TEST(DesktopEndpointsTest, CreateSendsTheDocumentedBody) {
  FakeClient f;
  f.api->On("POST", "/v2/p1/desktops", 200, Golden("4.3.1-response-200.json"));
  desktops::CreateRequest r;
  r.desktop_type = "DEDICATED";
  r.image_type = "gold";
  r.image_id = "a866298d-67db-44b0-a1f1-9d09bdddc20f";
  r.root_volume = Volume{"SAS", 80, "", "", ""};
  r.availability_zone = "az3.manage.x86";
  r.desktops = {{"ljh-002", "aaaaa@huawei.com", std::nullopt, "administrators", std::nullopt,
                 std::nullopt, std::nullopt}};
  r.subnet_ids = {"5dee0216-2260-47c2-9368-98a27d910e55"};
  r.product_id = "workspace.c2.large.windows.2";
  r.email_notification = true;
  auto job = desktops::Create(*f.client, r);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(*job, json::parse(Golden("4.3.1-response-200.json"))["job_id"]);
  EXPECT_EQ(Body(f.api->requests.at(0)), json::parse(Golden("4.3.1-request.json")))
      << "the reference's own example request, field for field";
}

TEST(DesktopEndpointsTest, ActionBodiesMatchTheReferenceExamples) {
  FakeClient f;
  for (const char* path : {"/v2/p1/desktops/action", "/v2/p1/desktops/batch-delete",
                           "/v2/p1/desktops/detach", "/v2/p1/volumes/expand"}) {
    f.api->On("POST", path, 200, R"({"job_id":"j1"})");
  }
  f.api->On("PUT", "/v2/p1/desktops/maintenance-mode", 200, "");
  json action = json::parse(Golden("4.3.9-request.json"));
  ASSERT_TRUE(desktops::Action(*f.client, action["desktop_ids"], action["op_type"],
                               action.value("type", ""))
                  .ok());
  EXPECT_EQ(Body(f.api->requests.back()), action);
  json maint = json::parse(Golden("4.3.27-request.json"));
  ASSERT_TRUE(desktops::SetMaintenanceMode(*f.client, maint["desktop_ids"],
                                           maint["in_maintenance_mode"])
                  .ok());
  EXPECT_EQ(Body(f.api->requests.back()), maint);
  json expand = json::parse(Golden("4.11.5-request.json"));
  std::vector<desktops::VolumeExpansion> ex;
  for (const auto& e : expand["desktop_volumes_expansion"]) {
    ex.push_back({e["desktop_id"], e["volume_id"], e["new_size"]});
  }
  ASSERT_TRUE(desktops::BatchExpandVolumes(*f.client, ex).ok());
  EXPECT_EQ(Body(f.api->requests.back()), expand);
}

TEST(DesktopEndpointsTest, DeleteUsesQueryAndBatchDeleteReturnsJob) {
  FakeClient f;
  f.api->On("DELETE", "/v2/p1/desktops/d1", 204, "");
  f.api->On("POST", "/v2/p1/desktops/batch-delete", 202, Golden("4.3.6-response-202.json"));
  ASSERT_TRUE(desktops::Delete(*f.client, "d1", {std::nullopt, false, true}).ok());
  EXPECT_EQ(f.api->requests.back().query,
            (std::vector<std::pair<std::string, std::string>>{{"email_notification", "false"},
                                                              {"is_force_delete", "true"}}));
  auto job = desktops::BatchDelete(*f.client, {"d1", "d2"});
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_FALSE(job->empty());
}

TEST(DesktopEndpointsTest, MissingJobIdIsAnError) {
  FakeClient f;
  f.api->On("POST", "/v2/p1/desktops/rebuild", 200, "{}");
  auto job = desktops::Rebuild(*f.client, {"d1"}, "gold", "img");
  EXPECT_EQ(job.status().code(), core::StatusCode::kDataLoss);
}

TEST(PoolEndpointsTest, GetIsUnwrappedAndAuthorisationsList) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/desktop-pools/pool1", 200, Golden("4.4.5-response-200.json"));
  f.api->On("GET", "/v2/p1/desktop-pools/pool1/users", 200, Golden("4.4.13-response-200.json"));
  auto p = pools::Get(*f.client, "pool1");
  ASSERT_TRUE(p.ok());
  json want = json::parse(Golden("4.4.5-response-200.json"));
  EXPECT_EQ(p->id, want["id"]);
  EXPECT_EQ(p->name, want["name"]);
  EXPECT_EQ(p->desktop_count, want["desktop_count"]);
  auto objs = pools::ListAuthorized(*f.client, "pool1");
  ASSERT_TRUE(objs.ok());
  EXPECT_EQ(objs->size(), json::parse(Golden("4.4.13-response-200.json"))["objects"].size());
}

TEST(PoolEndpointsTest, CreateAndAuthoriseBodies) {
  FakeClient f;
  f.api->On("POST", "/v2/p1/desktop-pools", 200, Golden("4.4.1-response-200.json"));
  f.api->On("POST", "/v2/p1/desktop-pools/pool1/users", 204, "");
  pools::CreateRequest r;
  r.name = "POOL01";
  r.type = "STATIC";
  r.size = 50;
  r.image_type = "gold";
  r.image_id = "a866298d-67db-44b0-a1f1-9d09bddd20f";
  r.root_volume = Volume{"SAS", 80, "", "", ""};
  r.availability_zone = "az3.manage.x86";
  r.subnet_ids = {"5dee0216-2260-47c2-9368-98a27d910e55"};
  r.product_id = "workspace.c2.large.windows.2";
  ASSERT_TRUE(pools::Create(*f.client, r).ok());
  EXPECT_EQ(Body(f.api->requests.back()), json::parse(Golden("4.4.1-request.json")));
  json auth = json::parse(Golden("4.4.14-request.json"));
  std::vector<pools::AuthorizedObject> objects;
  for (const auto& o : auth["objects"]) {
    objects.push_back({o["object_type"], o["object_id"], o["object_name"], o["user_group"], ""});
  }
  ASSERT_TRUE(pools::Authorize(*f.client, "pool1", objects, auth["action"]).ok());
  for (auto& o : auth["objects"]) o.erase("created_at");  // optional and server-set; not sent
  EXPECT_EQ(Body(f.api->requests.back()), auth);
}

TEST(UserEndpointsTest, ListAndGetNormaliseTheReadForms) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/users", 200, Golden("4.8.1-response-200.json"));
  f.api->On("GET", "/v2/p1/users/u1", 200, Golden("4.8.4-response-200.json"));
  auto list = users::List(*f.client);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_FALSE(list->empty());
  EXPECT_EQ(list->at(0).account_expires, "0") << "a string on list";
  auto u = users::Get(*f.client, "u1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->account_expires, "0") << "a number on get, read as the same text";
  EXPECT_TRUE(f.api->requests.at(0).query.empty())
      << "4.8.1 returns every user when limit is left out: one request";
}

TEST(UserEndpointsTest, CreateBodiesAndGroups) {
  FakeClient f;
  f.api->On("POST", "/v2/p1/users", 201, Golden("4.8.2-response-201.json"));
  f.api->On("POST", "/v2/p1/groups", 201, "");
  f.api->On("POST", "/v2/p1/groups/g1/actions", 204, "");
  f.api->On("GET", "/v2/p1/groups", 200, Golden("4.9.1-response-200.json"));
  f.api->On("GET", "/v2/p1/groups/g1/users", 200, Golden("4.9.7-response-200.json"));
  users::CreateRequest r;
  r.user_name = "api-test";
  r.user_email = "test@huawei.com";
  auto id = users::Create(*f.client, r);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, json::parse(Golden("4.8.2-response-201.json"))["id"]);
  EXPECT_EQ(Body(f.api->requests.back()), json::parse(Golden("4.8.2-request.json")));
  json create = json::parse(Golden("4.9.2-request.json"));
  ASSERT_TRUE(groups::Create(*f.client, create["group_name"], create["platform_type"],
                             create.contains("description")
                                 ? std::optional<std::string>(create["description"])
                                 : std::nullopt)
                  .ok());
  EXPECT_EQ(Body(f.api->requests.back()), create);
  json action = json::parse(Golden("4.9.6-request.json"));
  ASSERT_TRUE(groups::ChangeMembers(*f.client, "g1", action["user_ids"], action["op_type"]).ok());
  EXPECT_EQ(Body(f.api->requests.back()), action);
  auto gs = groups::List(*f.client);
  ASSERT_TRUE(gs.ok());
  EXPECT_EQ(gs->at(0).name, json::parse(Golden("4.9.1-response-200.json"))["user_groups"][0]["name"]);
  auto members = groups::ListMembers(*f.client, "g1");
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(f.api->Query(f.api->requests.back(), "limit"), "2000");
}

TEST(PolicyEndpointsTest, AccessAndNamePolicies) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/access-policy", 200, Golden("4.14.13-response-200.json"));
  f.api->On("GET", "/v2/p1/desktop-name-policies", 200, Golden("4.5.1-response-200.json"));
  f.api->On("DELETE", "/v2/p1/access-policy", 200, "");
  auto ap = access_policies::List(*f.client);
  ASSERT_TRUE(ap.ok()) << ap.status().ToString();
  json want = json::parse(Golden("4.14.13-response-200.json"));
  EXPECT_EQ(ap->size(), want["policies"].size());
  auto np = name_policies::List(*f.client);
  ASSERT_TRUE(np.ok());
  json names = json::parse(Golden("4.5.1-response-200.json"));
  EXPECT_EQ(np->at(0).single_domain_user_increment,
            names["desktop_name_policy_infos"][0]["single_domain_user_inc"])
      << "read as single_domain_user_inc (L14937)";
  json del = json::parse(Golden("4.14.14-request.json"));
  ASSERT_TRUE(access_policies::Delete(*f.client, del["policy_id_list"]).ok());
  EXPECT_EQ(f.api->requests.back().method, "DELETE");
  EXPECT_EQ(Body(f.api->requests.back()), del) << "DELETE with a body";
}

TEST(PolicyEndpointsTest, PolicyGroupPoliciesAsLeaves) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/policy-groups/g1/policies", 200, Golden("4.14.6-response-200.json"));
  f.api->On("PUT", "/v2/p1/policy-groups/g1/policies", 200, "");
  f.api->On("GET", "/v2/p1/policy-groups/g1/targets", 200, Golden("4.14.8-response-200.json"));
  auto leaves = policy_groups::GetPolicies(*f.client, "g1");
  ASSERT_TRUE(leaves.ok());
  EXPECT_FALSE(leaves->empty());
  json modify = json::parse(Golden("4.14.7-request.json"));
  auto flat = *FlattenJson(modify["policies"].dump());
  ASSERT_TRUE(policy_groups::ModifyPolicies(*f.client, "g1", flat).ok());
  EXPECT_EQ(Body(f.api->requests.back()), modify) << "leaves rebuild the same document";
  auto targets = policy_groups::ListTargets(*f.client, "g1");
  ASSERT_TRUE(targets.ok());
  EXPECT_FALSE(targets->empty());
}

TEST(LookupEndpointsTest, ReferenceExamplesParse) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/products", 200, Golden("4.18.1-response-200.json"));
  f.api->On("GET", "/v2/p1/images", 200, Golden("4.26.1-response-200.json"));
  f.api->On("GET", "/v2/p1/availability-zones", 200, Golden("4.27.1-response-200.json"));
  auto products = lookups::ListProducts(*f.client);
  ASSERT_TRUE(products.ok());
  EXPECT_EQ(products->at(0).product_id,
            json::parse(Golden("4.18.1-response-200.json"))["products"][0]["product_id"]);
  auto images = lookups::ListImages(*f.client);
  ASSERT_TRUE(images.ok());
  EXPECT_FALSE(images->empty());
  auto azs = lookups::ListAvailabilityZones(*f.client);
  ASSERT_TRUE(azs.ok());
  EXPECT_EQ(azs->at(0).code,
            json::parse(Golden("4.27.1-response-200.json"))["availability_zones"][0]
                                                           ["availability_zone"]);
}

TEST(JobEndpointsTest, SubJobsExampleParses) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/workspace-sub-jobs", 200, Golden("4.28.2-response-200.json"));
  auto subs = jobs::ListSubJobs(*f.client, "j1", "RUNNING");
  ASSERT_TRUE(subs.ok()) << subs.status().ToString();
  json want = json::parse(Golden("4.28.2-response-200.json"));
  EXPECT_EQ(subs->size(), want["jobs"].size());
  EXPECT_EQ(subs->at(0).entities.desktop_id, want["jobs"][0]["entities"]["desktop_id"]);
}

}  // namespace
}  // namespace deskops::cloud
