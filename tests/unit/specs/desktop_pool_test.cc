#include "specs/desktop_pool.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: DesktopPool
metadata:
  name: support-pool
spec:
  type: DYNAMIC
  size: 2
  productId: workspace.c2.large.windows.2
  imageId: img-1
  rootVolume: {type: SAS, size: 80}
  subnetIds: [subnet-1]
  authorizedObjects:
    - {objectType: USER_GROUP, objectName: support, userGroup: users}
  autoscalePolicy: {autoscaleType: AUTO_CREATED, maxAutoCreated: 10, minIdle: 1}
)";

TEST(DesktopPoolSpecTest, Rules) {
  RunCases(kBase, {
      {"valid", "", "", {}},
      {"name with underscore", "name: support-pool", "name: support_pool",
       {"test.yaml:4:9: DesktopPool/support_pool: metadata.name: must contain only letters, "
        "digits and hyphens; got \"support_pool\""}},
      {"type missing", "  type: DYNAMIC\n", "",
       {"test.yaml:6:3: DesktopPool/support-pool: spec.type: required field is missing"}},
      {"type enum", "type: DYNAMIC", "type: dynamic",
       {"test.yaml:6:9: DesktopPool/support-pool: spec.type: must be one of DYNAMIC, STATIC; got "
        "\"dynamic\" (did you mean \"DYNAMIC\"?)"}},
      {"negative size", "size: 2", "size: -1",
       {"test.yaml:7:9: DesktopPool/support-pool: spec.size: must be at least 0, got -1"}},
      {"pool disks are SAS or SSD", "{type: SAS, size: 80}", "{type: GPSSD, size: 80}",
       {"test.yaml:10:22: DesktopPool/support-pool: spec.rootVolume.type: must be one of SAS, "
        "SSD; got \"GPSSD\""}},
      {"no subnets", "subnetIds: [subnet-1]", "subnetIds: []",
       {"test.yaml:11:14: DesktopPool/support-pool: spec.subnetIds: must have at least one item"}},
      {"duplicate subnet", "subnetIds: [subnet-1]", "subnetIds: [subnet-1, subnet-1]",
       {"test.yaml:11:25: DesktopPool/support-pool: spec.subnetIds[1]: duplicate \"subnet-1\" "
        "(first listed at line 11)"}},
      {"object type enum", "objectType: USER_GROUP", "objectType: GROUP",
       {"test.yaml:13:20: DesktopPool/support-pool: spec.authorizedObjects[0].objectType: must be "
        "one of USER, USER_GROUP; got \"GROUP\""}},
      {"privilege group required", ", userGroup: users}", "}",
       {"test.yaml:13:7: DesktopPool/support-pool: spec.authorizedObjects[0].userGroup: required "
        "field is missing"}},
      {"authorised twice", "    - {objectType: USER_GROUP, objectName: support, userGroup: users}\n",
       "    - {objectType: USER_GROUP, objectName: support, userGroup: users}\n"
       "    - {objectType: USER_GROUP, objectName: support, userGroup: sudo}\n",
       {"test.yaml:14:44: DesktopPool/support-pool: spec.authorizedObjects[1].objectName: "
        "USER_GROUP \"support\" is authorised twice"}},
      {"autoscale type enum", "autoscaleType: AUTO_CREATED", "autoscaleType: AUTO",
       {"test.yaml:14:36: DesktopPool/support-pool: spec.autoscalePolicy.autoscaleType: must be "
        "one of ACCESS_CREATED, AUTO_CREATED; got \"AUTO\""}},
      {"retention on a static pool warns", "type: DYNAMIC",
       "type: STATIC\n  disconnectedRetentionPeriod: 30",
       {"test.yaml:7:32: warning: DesktopPool/support-pool: spec.disconnectedRetentionPeriod: only "
        "applies to DYNAMIC pools (L11594)"}},
  });
}

TEST(DesktopPoolSpecTest, DecodesAuthorisationsAsReferences) {
  LoadResult r = LoadYaml(kBase);
  ASSERT_TRUE(r.ok());
  const Object& o = r.manifests.objects().at(0);
  const DesktopPoolSpec& p = *o.As<DesktopPoolSpec>();
  EXPECT_EQ(p.type, "DYNAMIC");
  EXPECT_EQ(p.size, 2);
  EXPECT_EQ(p.image_type, "private");
  ASSERT_TRUE(p.authorized_objects);
  EXPECT_EQ(*p.authorized_objects,
            (std::vector<NamedObject>{{"USER_GROUP", "support", "users"}}));
  ASSERT_TRUE(p.autoscale_policy);
  EXPECT_EQ(p.autoscale_policy->max_auto_created, 10);
  EXPECT_FALSE(p.autoscale_policy->once_auto_created);
  ASSERT_EQ(o.refs.size(), 1u);
  EXPECT_EQ(o.refs[0].kind, "UserGroup");
  EXPECT_EQ(o.refs[0].name, "support");
}

}  // namespace
}  // namespace deskops::specs
