#include "specs/desktop.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::Case;
using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: Desktop
metadata:
  name: eng-alice-01
spec:
  productId: workspace.c2.large.windows.2
  imageType: gold
  imageId: a866298d-67db-44b0-a1f1-9d09bdddc20f
  rootVolume: {type: SSD, size: 80}
  dataVolumes:
    - {name: data1, type: SSD, size: 100}
  nics:
    - subnetId: subnet-1
  userName: alice
  userGroup: administrators
  tags: {cost-center: eng}
  desktopIp: 10.0.0.8
  powerState: running
  maintenanceMode: false
)";

constexpr const char* kName = "test.yaml:4:9: Desktop/eng-alice-01: metadata.name: ";

TEST(DesktopSpecTest, Rules) {
  RunCases(
      kBase,
      {
          {"valid", "", "", {}},
          {"name too long",
           "name: eng-alice-01",
           "name: eng-alice-0123456",
           {"test.yaml:4:9: Desktop/eng-alice-0123456: metadata.name: must be at most 15 "
            "characters, "
            "got 17"}},
          {"name with underscore",
           "name: eng-alice-01",
           "name: eng_alice",
           {"test.yaml:4:9: Desktop/eng_alice: metadata.name: must contain only letters, digits "
            "and "
            "hyphens, start with a letter or digit and not end with a hyphen; got \"eng_alice\""}},
          {"name ends with hyphen",
           "name: eng-alice-01",
           "name: eng-",
           {"test.yaml:4:9: Desktop/eng-: metadata.name: must contain only letters, digits and "
            "hyphens, start with a letter or digit and not end with a hyphen; got \"eng-\""}},
          {"product missing",
           "  productId: workspace.c2.large.windows.2\n",
           "",
           {"test.yaml:6:3: Desktop/eng-alice-01: spec.productId: required field is missing"}},
          {"unknown field with hint",
           "imageType: gold",
           "imageTyp: gold",
           {"test.yaml:7:3: Desktop/eng-alice-01: spec.imageTyp: unknown field \"imageTyp\"; did "
            "you "
            "mean \"imageType\"?"}},
          {"image type enum",
           "imageType: gold",
           "imageType: public",
           {"test.yaml:7:14: Desktop/eng-alice-01: spec.imageType: must be one of private, gold; "
            "got "
            "\"public\""}},
          {"desktop type enum with hint",
           "  imageType: gold",
           "  desktopType: DEDICATD\n  imageType: gold",
           {"test.yaml:7:16: Desktop/eng-alice-01: spec.desktopType: must be one of DEDICATED, "
            "SHARED; got \"DEDICATD\" (did you mean \"DEDICATED\"?)"}},
          {"root volume below 80",
           "{type: SSD, size: 80}",
           "{type: SSD, size: 70}",
           {"test.yaml:9:33: Desktop/eng-alice-01: spec.rootVolume.size: must be between 80 and "
            "32760, got 70"}},
          {"root volume not a multiple of 10",
           "{type: SSD, size: 80}",
           "{type: SSD, size: 85}",
           {"test.yaml:9:33: Desktop/eng-alice-01: spec.rootVolume.size: must be a multiple of 10, "
            "got 85"}},
          {"volume type enum",
           "{type: SSD, size: 80}",
           "{type: SATA, size: 80}",
           {"test.yaml:9:22: Desktop/eng-alice-01: spec.rootVolume.type: must be one of SAS, SSD, "
            "GPSSD; got \"SATA\""}},
          {"root volume wrong type",
           "{type: SSD, size: 80}",
           "80",
           {"test.yaml:9:15: Desktop/eng-alice-01: spec.rootVolume: expected a mapping, got an "
            "integer"}},
          {"quoted integer",
           "size: 100}",
           "size: \"100\"}",
           {"test.yaml:11:38: Desktop/eng-alice-01: spec.dataVolumes[0].size: expected an integer, "
            "got a string; remove the quotes"}},
          {"data volume too small",
           "size: 100}",
           "size: 0}",
           {"test.yaml:11:38: Desktop/eng-alice-01: spec.dataVolumes[0].size: must be between 10 "
            "and "
            "32760, got 0"}},
          {"eleven data volumes",
           "    - {name: data1, type: SSD, size: 100}\n",
           "    - {name: d1, type: SSD, size: 100}\n    - {name: d2, type: SSD, size: 100}\n"
           "    - {name: d3, type: SSD, size: 100}\n    - {name: d4, type: SSD, size: 100}\n"
           "    - {name: d5, type: SSD, size: 100}\n    - {name: d6, type: SSD, size: 100}\n"
           "    - {name: d7, type: SSD, size: 100}\n    - {name: d8, type: SSD, size: 100}\n"
           "    - {name: d9, type: SSD, size: 100}\n    - {name: d10, type: SSD, size: 100}\n"
           "    - {name: d11, type: SSD, size: 100}\n",
           {"test.yaml:21:7: Desktop/eng-alice-01: spec.dataVolumes: must have at most 10 items, "
            "got "
            "11"}},
          // Data disks are told apart by name: a manifest without names is refused with the fix.
          {"data volume without a name",
           "{name: data1, type: SSD",
           "{type: SSD",
           {"test.yaml:11:7: Desktop/eng-alice-01: spec.dataVolumes[0].name: required field is "
            "missing: give each data disk a unique name, for example `- {name: data1, type: SAS, "
            "size: 100}`; deskops tells disks apart by name, so that removing one deletes exactly "
            "that disk"}},
          {"two data volumes of one name",
           "    - {name: data1, type: SSD, size: 100}\n",
           "    - {name: data1, type: SSD, size: 100}\n    - {name: data1, type: SAS, size: 50}\n",
           {"test.yaml:12:14: Desktop/eng-alice-01: spec.dataVolumes[1].name: duplicate \"data1\" "
            "(first listed at line 11)"}},
          // deskops manages one NIC per desktop: a second one is refused, not dropped after create.
          {"a second NIC",
           "    - subnetId: subnet-1\n",
           "    - subnetId: subnet-1\n    - subnetId: subnet-2\n",
           {"test.yaml:14:7: Desktop/eng-alice-01: spec.nics: must have at most 1 item, got 2"}},
          {"user name invalid",
           "userName: alice",
           "userName: -alice",
           {"test.yaml:14:13: Desktop/eng-alice-01: spec.userName: must contain only letters, "
            "digits, "
            "hyphens and underscores and start with a letter or digit; got \"-alice\""}},
          {"user name equals desktop name",
           "userName: alice",
           "userName: ENG-alice-01",
           {"test.yaml:14:13: Desktop/eng-alice-01: spec.userName: must differ from the desktop's "
            "name \"eng-alice-01\" (the API rejects a user named like the desktop)"}},
          {"user fields without user",
           "  userName: alice\n",
           "",
           {"test.yaml:14:14: Desktop/eng-alice-01: spec.userGroup: only applies to an assigned "
            "desktop; set spec.userName as well"}},
          {"privilege group enum",
           "userGroup: administrators",
           "userGroup: admins",
           {"test.yaml:15:14: Desktop/eng-alice-01: spec.userGroup: must be one of sudo, default, "
            "administrators, users; got \"admins\""}},
          {"email invalid",
           "  userGroup: administrators",
           "  userGroup: administrators\n  userEmail: alice",
           {"test.yaml:16:14: Desktop/eng-alice-01: spec.userEmail: must be an e-mail address such "
            "as alice@example.com; got \"alice\""}},
          {"tag key with slash",
           "{cost-center: eng}",
           "{cost/center: eng}",
           {"test.yaml:16:10: Desktop/eng-alice-01: spec.tags[\"cost/center\"] (key): must contain "
            "only letters, digits, hyphens and underscores; got \"cost/center\""}},
          {"tag value too long",
           "{cost-center: eng}",
           "{cost-center: abcdefghijabcdefghijabcdefghijabcdefghijabcd}",
           {"test.yaml:16:23: Desktop/eng-alice-01: spec.tags.cost-center: must be at most 43 "
            "characters, got 44"}},
          {"tag value non-ASCII allowed",
           "{cost-center: eng}",
           "{cost-center: \xe7\xa0\x94\xe5\x8f\x91}",
           {}},
          {"ten tags",
           "{cost-center: eng}",
           "{a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x, i: x, j: x}",
           {"test.yaml:16:64: Desktop/eng-alice-01: spec.tags: must have at most 9 entries, got "
            "10"}},
          {"reserved tag",
           "{cost-center: eng}",
           "{deskops-owner: me}",
           {"test.yaml:16:9: Desktop/eng-alice-01: spec.tags: the tag key \"deskops-owner\" is "
            "reserved for deskops ownership"}},
          {"ip address",
           "desktopIp: 10.0.0.8",
           "desktopIp: 10.0.0.256",
           {"test.yaml:17:14: Desktop/eng-alice-01: spec.desktopIp: must be an IPv4 address such "
            "as "
            "10.0.0.8; got \"10.0.0.256\""}},
          {"power state enum",
           "powerState: running",
           "powerState: on",
           {"test.yaml:18:15: Desktop/eng-alice-01: spec.powerState: must be one of running, "
            "stopped, hibernated; got \"on\""}},
          {"boolean as text",
           "maintenanceMode: false",
           "maintenanceMode: \"no\"",
           {"test.yaml:19:20: Desktop/eng-alice-01: spec.maintenanceMode: expected a boolean (true "
            "or "
            "false), got a string; write true or false without quotes"}},
          {"string given a number",
           "imageId: a866298d-67db-44b0-a1f1-9d09bdddc20f",
           "imageId: 12345",
           {"test.yaml:8:12: Desktop/eng-alice-01: spec.imageId: expected a string, got an "
            "integer; "
            "quote it (\"12345\") if it is meant as text"}},
          {"eip type enum",
           "  maintenanceMode: false",
           "  maintenanceMode: false\n  eip: {type: bgp}",
           {"test.yaml:20:15: Desktop/eng-alice-01: spec.eip.type: must be one of 5_bgp, 5_sbgp; "
            "got "
            "\"bgp\""}},
      });
}

// A field that would never reach the API is refused, not silently dropped (a Desktop is always
// named, and 4.3.1 prefers the given name to a name policy, L5093).
TEST(DesktopSpecTest, NamePolicyOnNamedDesktopIsRefused) {
  LoadResult r = LoadYaml(testing::Patch(std::string(kBase), "  powerState: running",
                                         "  powerState: running\n  desktopNamePolicy: p1"));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(testing::Lines(r.diagnostics),
            (std::vector<std::string>{
                "test.yaml:19:22: Desktop/eng-alice-01: spec.desktopNamePolicy: has no effect on a "
                "Desktop: the API names it metadata.name (L5093); remove it (name policies apply "
                "to DesktopPool desktops)"}));
}

// An unassigned desktop is created with size and desktop_name, which carry no OS host name.
TEST(DesktopSpecTest, OsHostNameNeedsAUser) {
  LoadResult r = LoadYaml(R"(apiVersion: deskops.io/v1alpha1
kind: Desktop
metadata: {name: d1}
spec:
  productId: p
  imageId: i
  rootVolume: {type: SAS, size: 80}
  osHostName: PC-1
)");
  EXPECT_EQ(testing::Lines(r.diagnostics),
            (std::vector<std::string>{
                "test.yaml:8:15: Desktop/d1: spec.osHostName: only applies to an assigned desktop "
                "(4.3.1 sets the OS host name per user, L5128); set spec.userName as well, or "
                "leave it out"}));
}

TEST(DesktopSpecTest, DecodesEveryField) {
  LoadResult r = LoadYaml(
      testing::Patch(std::string(kBase), "  maintenanceMode: false", R"(  maintenanceMode: false
  availabilityZone: az1
  vpcId: vpc-1
  securityGroups: [{id: sg-1}]
  userEmail: alice@example.com
  userPhone: "+86 138"
  osHostName: ALICE-PC
  emailNotification: false
  enterpriseProjectId: "0"
  eip: {type: 5_bgp, chargeMode: TRAFFIC, bandwidthSize: 5}
  applySharedVpcDedicatedParam: {address: 10.1.1.1, port: 443, availabilityZone: [az1, az2]}
  hourPackageProductId: hp-1
  hourPackageOfferingId: ho-1
  selfBackupManagement: true)"));
  ASSERT_TRUE(r.ok()) << testing::Lines(r.diagnostics)[0];
  const DesktopSpec& d = *r.manifests.objects().at(0).As<DesktopSpec>();
  EXPECT_EQ(d.desktop_type, "DEDICATED") << "default";
  EXPECT_EQ(d.availability_zone, "az1");
  EXPECT_EQ(d.product_id, "workspace.c2.large.windows.2");
  EXPECT_EQ(d.image_type, "gold");
  EXPECT_EQ(d.root_volume, (Volume{"SSD", 80}));
  EXPECT_EQ(d.data_volumes, (std::vector<Volume>{{"SSD", 100, "data1"}}));
  EXPECT_EQ(d.subnet_ids, (std::vector<std::string>{"subnet-1"}));
  EXPECT_EQ(d.vpc_id, "vpc-1");
  EXPECT_EQ(d.security_group_ids, (std::vector<std::string>{"sg-1"}));
  EXPECT_EQ(d.desktop_ip, "10.0.0.8");
  EXPECT_EQ(d.user_name, "alice");
  EXPECT_EQ(d.user_email, "alice@example.com");
  EXPECT_EQ(d.user_phone, "+86 138");
  EXPECT_EQ(d.user_group, "administrators");
  EXPECT_EQ(d.os_host_name, "ALICE-PC");
  EXPECT_EQ(d.email_notification, false);
  EXPECT_EQ(d.enterprise_project_id, "0");
  ASSERT_TRUE(d.tags);
  EXPECT_EQ(d.tags->at("cost-center"), "eng");
  ASSERT_TRUE(d.eip);
  EXPECT_EQ(d.eip->type, "5_bgp");
  EXPECT_EQ(d.eip->bandwidth_size, 5);
  ASSERT_TRUE(d.shared_vpc);
  EXPECT_EQ(d.shared_vpc->port, 443);
  EXPECT_EQ(d.shared_vpc->availability_zones, (std::vector<std::string>{"az1", "az2"}));
  EXPECT_EQ(d.hour_package_offering_id, "ho-1");
  EXPECT_EQ(d.self_backup_management, true);
  EXPECT_EQ(d.power_state, PowerState::kRunning);
  EXPECT_EQ(d.maintenance_mode, false);
  const auto& refs = r.manifests.objects().at(0).refs;
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].kind, "User");
  EXPECT_EQ(refs[0].name, "alice");
  EXPECT_EQ(refs[0].path, "spec.userName");
  EXPECT_EQ(refs[0].mark.line, 14);
}

TEST(DesktopSpecTest, UnsetManagedStatesStayUnset) {
  LoadResult r = LoadYaml(R"(apiVersion: deskops.io/v1alpha1
kind: Desktop
metadata: {name: d1}
spec:
  productId: p
  imageId: i
  rootVolume: {type: SAS, size: 80}
)");
  ASSERT_TRUE(r.ok());
  const DesktopSpec& d = *r.manifests.objects().at(0).As<DesktopSpec>();
  EXPECT_EQ(d.image_type, "private") << "L5072 default";
  EXPECT_FALSE(d.power_state);
  EXPECT_FALSE(d.maintenance_mode);
  EXPECT_FALSE(d.tags) << "tags not managed when unset";
  EXPECT_FALSE(d.user_name);
}

}  // namespace
}  // namespace deskops::specs
