#include "specs/policy_group.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: PolicyGroup
metadata:
  name: contractors_restricted
spec:
  priority: 1
  targets:
    - {targetType: USERGROUP, targetName: contractors}
    - {targetType: CLIENTIP, targetName: 10.0.0.9}
  policies:
    peripherals:
      usbPortRedirection:
        usbEnable: true
        options: {usbStorageEnable: false}
    fileAndClipboard:
      clipboardRedirection: DISABLED
    display:
      options: {frameRate: 25}
)";

TEST(PolicyGroupSpecTest, Rules) {
  RunCases(
      kBase,
      {
          {"valid", "", "", {}},
          {"name with hyphen",
           "name: contractors_restricted",
           "name: contractors-restricted",
           {"test.yaml:4:9: PolicyGroup/contractors-restricted: metadata.name: must contain only "
            "letters, digits and underscores; got \"contractors-restricted\""}},
          {"target type enum",
           "targetType: USERGROUP",
           "targetType: GROUP",
           {"test.yaml:8:20: PolicyGroup/contractors_restricted: spec.targets[0].targetType: must "
            "be "
            "one of INSTANCE, USER, USERGROUP, CLIENTIP, OU, DESKTOPPOOL, ALL; got \"GROUP\""}},
          {"target name too long",
           "targetName: contractors",
           "targetName: " + std::string(56, 'a'),
           {"test.yaml:8:43: PolicyGroup/contractors_restricted: spec.targets[0].targetName: must "
            "be "
            "at most 55 characters, got 56"}},
          {"ALL takes no name",
           "{targetType: CLIENTIP, targetName: 10.0.0.9}",
           "{targetType: ALL}",
           {}},
          {"ALL with a name",
           "{targetType: CLIENTIP, targetName: 10.0.0.9}",
           "{targetType: ALL, targetName: x}",
           {"test.yaml:9:37: PolicyGroup/contractors_restricted: spec.targets[1].targetName: must "
            "be "
            "omitted for targetType ALL (the API names it All-Targets)"}},
          {"name required",
           "{targetType: USERGROUP, targetName: contractors}",
           "{targetType: USERGROUP}",
           {"test.yaml:8:20: PolicyGroup/contractors_restricted: spec.targets[0].targetName: is "
            "required for targetType USERGROUP"}},
          {"client ip must be an address",
           "targetName: 10.0.0.9",
           "targetName: office",
           {"test.yaml:9:42: PolicyGroup/contractors_restricted: spec.targets[1].targetName: must "
            "be "
            "an IPv4 address for targetType CLIENTIP; got \"office\""}},
          {"duplicate target",
           "    - {targetType: CLIENTIP, targetName: 10.0.0.9}\n",
           "    - {targetType: USERGROUP, targetName: contractors}\n",
           {"test.yaml:9:43: PolicyGroup/contractors_restricted: spec.targets[1]: duplicate target "
            "USERGROUP \"contractors\""}},
          {"group target must be a group name",
           "targetName: contractors",
           "targetName: \"a b\"",
           {"test.yaml:8:43: PolicyGroup/contractors_restricted: spec.targets[0].targetName: is "
            "not a "
            "valid UserGroup name: must contain only letters, digits, hyphens and underscores; got "
            "\"a b\""}},
          {"unknown policy with hint",
           "usbEnable: true",
           "usbEnabled: true",
           {"test.yaml:13:9: PolicyGroup/contractors_restricted: "
            "spec.policies.peripherals.usbPortRedirection.usbEnabled: unknown field "
            "\"usbEnabled\"; "
            "did you mean \"usbEnable\"?"}},
          {"policy enum",
           "clipboardRedirection: DISABLED",
           "clipboardRedirection: OFF",
           {"test.yaml:16:29: PolicyGroup/contractors_restricted: "
            "spec.policies.fileAndClipboard.clipboardRedirection: must be one of DISABLED, "
            "SERVER_TO_CLIENT_ENABLED, CLIENT_TO_SERVER_ENABLED, TWO_WAY_ENABLED; got \"OFF\""}},
          {"policy range",
           "{frameRate: 25}",
           "{frameRate: 61}",
           {"test.yaml:18:28: PolicyGroup/contractors_restricted: "
            "spec.policies.display.options.frameRate: must be between 1 and 60, got 61"}},
          {"policy type",
           "usbEnable: true",
           "usbEnable: 1",
           {"test.yaml:13:20: PolicyGroup/contractors_restricted: "
            "spec.policies.peripherals.usbPortRedirection.usbEnable: expected a boolean (true or "
            "false), got an integer"}},
          {"description too long",
           "  priority: 1",
           "  priority: 1\n  description: " + std::string(256, 'd'),
           {"test.yaml:7:16: PolicyGroup/contractors_restricted: spec.description: must be at most "
            "255 characters, got 256"}},
      });
}

TEST(PolicyGroupSpecTest, PoliciesFlattenToWireLeaves) {
  LoadResult r = LoadYaml(kBase);
  ASSERT_TRUE(r.ok());
  const PolicyGroupSpec& g = *r.manifests.objects().at(0).As<PolicyGroupSpec>();
  std::vector<PolicyLeaf> want = {
      {"peripherals.usb_port_redirection.usb_enable", true},
      {"peripherals.usb_port_redirection.options.usb_storage_enable", false},
      {"file_and_clipboard.clipboard_redirection", std::string("DISABLED")},
      {"display.options.frame_rate", std::int64_t{25}},
  };
  EXPECT_EQ(g.policies, want);
  ASSERT_TRUE(g.targets);
  EXPECT_EQ(*g.targets,
            (std::vector<PolicyTarget>{{"USERGROUP", "contractors"}, {"CLIENTIP", "10.0.0.9"}}));
  const Object& o = r.manifests.objects().at(0);
  ASSERT_EQ(o.refs.size(), 1u) << "client IPs are not references";
  EXPECT_EQ(o.refs[0].kind, "UserGroup");
}

TEST(PolicyGroupSpecTest, SchemaCoversEveryPolicySection) {
  const SchemaNode& p = PoliciesSchema();
  for (const char* section : {"peripherals", "audio", "client", "display", "fileAndClipboard",
                              "session", "virtualChannel", "watermark", "keyboardMouse", "seamless",
                              "personalizedDataMgmt", "custom", "recordAudit"}) {
    const SchemaField* f = p.FindField(section);
    ASSERT_NE(f, nullptr) << section;
    EXPECT_FALSE(f->node.fields.empty()) << section;
  }
  // Canonical (response-style) names, with the reference's other spellings as aliases.
  const SchemaField* usb = p.FindField("peripherals")->node.FindField("usbDeviceCommon");
  ASSERT_NE(usb, nullptr);
  ASSERT_NE(usb->node.FindField("pcscSmartCardEnable"), nullptr);
  EXPECT_EQ(PolicyAliases("peripherals.usb_device_common.pcsc_smart_card_enable"),
            (std::vector<std::string>{"pcsc_smartcard_enable", "pssc_smart_card_enable"}));
  EXPECT_TRUE(PolicyAliases("peripherals.usb_port_redirection.usb_enable").empty());
}

TEST(TargetRefKindTest, Table) {
  EXPECT_EQ(TargetRefKind("INSTANCE"), "Desktop");
  EXPECT_EQ(TargetRefKind("USER"), "User");
  EXPECT_EQ(TargetRefKind("USERGROUP"), "UserGroup");
  EXPECT_EQ(TargetRefKind("DESKTOPPOOL"), "DesktopPool");
  EXPECT_EQ(TargetRefKind("CLIENTIP"), "");
  EXPECT_EQ(TargetRefKind("OU"), "OU");
  EXPECT_EQ(TargetRefKind("ALL"), "");
}

}  // namespace
}  // namespace deskops::specs
