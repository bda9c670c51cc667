#include "specs/access_policy.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: AccessPolicy
metadata:
  name: office_only
spec:
  accessControlType: IP_WHITE_LIST
  ipList:
    - {ipAddress: 203.0.113.0, subnetMask: 255.255.255.0}
  isEnable: true
  policyObjectsList:
    - {objectType: USERGROUP, objectName: contractors}
)";

TEST(AccessPolicySpecTest, Rules) {
  RunCases(kBase, {
      {"valid", "", "", {}},
      {"control type enum", "IP_WHITE_LIST", "WHITELIST",
       {"test.yaml:6:22: AccessPolicy/office_only: spec.accessControlType: must be one of "
        "ACCESS_TYPE, IP_WHITE_LIST; got \"WHITELIST\""}},
      {"blacklist type enum", "  accessControlType", "  blacklistType: DNS\n  accessControlType",
       {"test.yaml:6:18: AccessPolicy/office_only: spec.blacklistType: must be one of INTERNET; "
        "got \"DNS\""}},
      {"ip invalid", "ipAddress: 203.0.113.0", "ipAddress: 203.0.113",
       {"test.yaml:8:19: AccessPolicy/office_only: spec.ipList[0].ipAddress: must be an IPv4 "
        "address such as 10.0.0.8; got \"203.0.113\""}},
      {"mask not contiguous", "subnetMask: 255.255.255.0", "subnetMask: 255.0.255.0",
       {"test.yaml:8:44: AccessPolicy/office_only: spec.ipList[0].subnetMask: is not a subnet "
        "mask (ones followed by zeros): \"255.0.255.0\""}},
      {"mask required", ", subnetMask: 255.255.255.0}", "}",
       {"test.yaml:8:7: AccessPolicy/office_only: spec.ipList[0].subnetMask: required field is "
        "missing"}},
      {"block all while disabled", "isEnable: true", "isEnable: false\n  isBlockAll: true",
       {"test.yaml:10:15: AccessPolicy/office_only: spec.isBlockAll: cannot be set while isEnable "
        "is false (L31945)"}},
      {"object type enum", "objectType: USERGROUP", "objectType: USER_GROUP",
       {"test.yaml:11:20: AccessPolicy/office_only: spec.policyObjectsList[0].objectType: must be "
        "one of USER, USERGROUP; got \"USER_GROUP\" (did you mean \"USERGROUP\"?)"}},
      {"object twice", "    - {objectType: USERGROUP, objectName: contractors}\n",
       "    - {objectType: USERGROUP, objectName: contractors}\n"
       "    - {objectType: USERGROUP, objectName: contractors}\n",
       {"test.yaml:12:43: AccessPolicy/office_only: spec.policyObjectsList[1].objectName: "
        "USERGROUP \"contractors\" is listed twice"}},
  });
}

TEST(AccessPolicySpecTest, DefaultsAndDecode) {
  LoadResult r = LoadYaml(kBase);
  ASSERT_TRUE(r.ok());
  const AccessPolicySpec& a = *r.manifests.objects().at(0).As<AccessPolicySpec>();
  EXPECT_EQ(a.blacklist_type, "INTERNET");
  EXPECT_EQ(a.access_control_type, "IP_WHITE_LIST");
  ASSERT_TRUE(a.ip_list);
  EXPECT_EQ(*a.ip_list, (std::vector<IpRange>{{"203.0.113.0", "255.255.255.0"}}));
  EXPECT_EQ(a.is_enable, true);
  EXPECT_FALSE(a.is_block_all);
  ASSERT_TRUE(a.objects);
  EXPECT_EQ(a.objects->at(0), (NamedObject{"USERGROUP", "contractors", ""}));
}

}  // namespace
}  // namespace deskops::specs
