#pragma once
// Manifests and observed pools the DesktopPool tests share: a tenant with one pool, support-pool,
// that differs from its manifest (kSupport) in every way a pool can, and the objects it refers to.

#include <string>
#include <vector>

#include "../kind_fixture.h"
#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"

namespace deskops::reconcilers::pool_test {

namespace pools = cloud::pools;
using Fixture = testing::KindFixture<pool::Reconciler>;
using Observed = pool::LivePool;

inline std::string Doc(const std::string& name, const std::string& spec,
                       const std::string& annotations = "") {
  return testing::Manifest("DesktopPool", name, spec, annotations);
}

// The fields every pool manifest must have, as the tenant has them (see LivePool) unless the
// product or image is given.
inline std::string Base(const std::string& product = "workspace.c2.large",
                        const std::string& image = "img-1") {
  return "  type: DYNAMIC\n  productId: " + product + "\n  imageId: " + image +
         "\n  rootVolume: {type: SAS, size: 80}\n  subnetIds: [subnet-1]\n";
}

inline pools::Pool LivePool(std::string name, std::string id, std::int64_t desktops = 2) {
  pools::Pool p;
  p.name = std::move(name);
  p.id = std::move(id);
  p.type = "DYNAMIC";
  p.desktop_count = desktops;
  p.availability_zone = "az1";
  p.subnet_id = "subnet-1";
  p.product.product_id = "workspace.c2.large";
  p.product.flavor_id = "c2.large";
  p.image_id = "img-1";
  p.root_volume = {"SAS", 80, "rv-1", "", ""};
  p.security_groups = {{"sg-1", "default"}};
  p.enterprise_project_id = "0";
  p.status = "STEADY";
  return p;
}

inline cloud::desktops::Desktop Member(std::string id, std::string status) {
  cloud::desktops::Desktop d;
  d.id = std::move(id);
  d.status = std::move(status);
  return d;
}

inline pools::AuthorizedObject Authorized(std::string type, std::string id, std::string name,
                                          std::string group) {
  return {std::move(type), std::move(id), std::move(name), std::move(group), ""};
}

inline void IndexReferences(LiveIndex& index) {
  index.Put({"User", "alice", "u-1", {}});
  index.Put({"User", "bob", "u-2", {}});
  index.Put({"UserGroup", "support", "g-1", {}});
  index.Put({"DesktopNamePolicy", "old_names", "np-1", {}});
  index.Put({"DesktopNamePolicy", "support_names", "np-2", {}});
  index.Put({"OU", "Support", "ou-1", {}});
}

// One pool whose every mutable field, its authorisations, size, product, image, disks and power
// state differ from the tenant's.
inline const std::string kSupportSpec = Base("workspace.c3.xlarge", "img-2") + R"(  size: 4
  description: Support desktops
  availabilityZone: az2
  dataVolumes: [{name: data1, type: SSD, size: 100}, {name: data2, type: SAS, size: 50}]
  authorizedObjects:
    - {objectType: USER_GROUP, objectName: support, userGroup: users}
    - {objectType: USER, objectName: alice, userGroup: administrators}
  disconnectedRetentionPeriod: 60
  enableAutoscale: false
  autoscalePolicy: {minIdle: 2}
  desktopNamePolicy: support_names
  maintenanceMode: true
  powerState: running
)";
inline const std::string kSupport = Doc("support-pool", kSupportSpec);

inline Observed LiveSupport() {
  pools::Pool p = LivePool("support-pool", "pool-1");
  p.description = "Old";
  p.disconnected_retention_period = 30;
  p.autoscale_policy = pools::Autoscale{"AUTO_CREATED", 10, 1, 2};
  p.desktop_name_policy_id = "np-1";
  p.data_volumes = {{"SSD", 80, "dv-1", "", "/dev/vdb"}};
  return {p,
          std::vector<pools::AuthorizedObject>{Authorized("USER_GROUP", "g-1", "support", "users"),
                                               Authorized("USER", "u-2", "bob", "users")},
          std::vector<cloud::desktops::Desktop>{Member("d-1", "ACTIVE"), Member("d-2", "SHUTOFF")}};
}

// Answers every job as finished at once, and lists pools by name as the create made them.
inline void FakePoolApi(cloud::testing::FakeApi& api) {
  api.On("GET", "/v2/p1/workspace-jobs/job-1", 200, R"({"status":"SUCCESS"})");
  api.On("PUT", "/v2/p1/desktop-pools/pool-1", 204, "");
  api.On("POST", "/v2/p1/desktop-pools/pool-1/users", 204, "");
  for (auto op : {"expand", "resize", "rebuild", "action", "volumes/batch-add",
                  "volumes/batch-expand", "volumes/batch-delete"}) {
    api.On("POST", std::string("/v2/p1/desktop-pools/pool-1/") + op, 200, R"({"job_id":"job-1"})");
  }
}

}  // namespace deskops::reconcilers::pool_test
