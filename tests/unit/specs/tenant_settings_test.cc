#include "specs/tenant_settings.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: TenantSettings
metadata:
  name: tenant
spec:
  functions:
    app_restrict_rule_switch: true
  collaboration:
    shareSpaceName: Team room
    audioAndVideo: AUDIO
    waitConfirmTime: 60
    anonymousInputCtrl: false
  loginAuthentication:
    sms:
      enable: true
      appId: gw
      passwordFrom: {env: SMS_PASSWORD}
    ldap:
      enable: true
      name: corp
      servers:
        - host: ldap1.example.com
          port: 636
          useSsl: true
          administratorDn: cn=admin,dc=example,dc=com
          administratorPasswordFrom: {file: /etc/deskops/ldap}
    oauth2:
      enable: false
      secretFrom: {env: OAUTH_CONFIG}
  otp:
    enable: true
    receiveMode: VMFA
    appliesTo: INTERNET
  accessAddressBackup:
    - siteId: site-1
      backupMode: ON
      backupInfo:
        - {priority: 1, address: backup1.example.com}
        - {priority: 2, address: backup2.example.com, addressCustom: vdi.example.com}
  customConfigs:
    user_prefix:
      status: ON
      values: {prefix: ws}
  natMapping:
    natOn: true
    mappings:
      - {natMapType: PORT, natMapValue: "9443", natIp: 203.0.113.10, natPort: 9443, vagIp: 10.0.0.9}
)";

TEST(TenantSettingsSpecTest, Rules) {
  RunCases(
      kBase,
      {
          {"valid", "", "", {}},
          {"wait time below 30 s (L1080)",
           "waitConfirmTime: 60",
           "waitConfirmTime: 29",
           {"test.yaml:11:22: TenantSettings/tenant: spec.collaboration.waitConfirmTime: must be "
            "between 30 and 180, got 29"}},
          {"audio enum (L1080)",
           "audioAndVideo: AUDIO",
           "audioAndVideo: VIDEO",
           {"test.yaml:10:20: TenantSettings/tenant: spec.collaboration.audioAndVideo: must be one "
            "of AUDIO, NONE, AUDIO_AND_VIDEO; got \"VIDEO\""}},
          {"function keys are API keys",
           "app_restrict_rule_switch: true",
           "AppRestrict: true",
           {"test.yaml:7:5: TenantSettings/tenant: spec.functions.AppRestrict (key): must be a "
            "function switch's API key such as app_restrict_rule_switch (lower case, digits, _); "
            "got \"AppRestrict\""}},
          {"function switches are booleans",
           "app_restrict_rule_switch: true",
           "app_restrict_rule_switch: on",
           {"test.yaml:7:31: TenantSettings/tenant: spec.functions.app_restrict_rule_switch: "
            "expected a boolean (true or false), got a string; write true or false without quotes"}},
          {"an inline password is refused",
           "      passwordFrom: {env: SMS_PASSWORD}\n",
           "      password: hunter2\n",
           {"test.yaml:17:7: TenantSettings/tenant: spec.loginAuthentication.sms.password: inline "
            "secrets are not allowed: manifests live in version control. Write {env: VARIABLE} or "
            "{file: /path/to/secret} under the field's ...From instead"}},
          {"a secret source is one of env and file",
           "secretFrom: {env: OAUTH_CONFIG}",
           "secretFrom: {env: OAUTH_CONFIG, file: /x}",
           {"test.yaml:29:19: TenantSettings/tenant: spec.loginAuthentication.oauth2.secretFrom: "
            "takes only one of env or file"}},
          {"LDAP port range (L1536)",
           "port: 636",
           "port: 70000",
           {"test.yaml:23:17: TenantSettings/tenant: spec.loginAuthentication.ldap.servers[0].port: "
            "must be between 1 and 65535, got 70000"}},
          {"LDAP server listed twice",
           "          administratorPasswordFrom: {file: /etc/deskops/ldap}\n",
           "          administratorPasswordFrom: {file: /etc/deskops/ldap}\n"
           "        - {host: ldap1.example.com, port: 636}\n",
           {"test.yaml:27:18: TenantSettings/tenant: spec.loginAuthentication.ldap.servers[1].host: "
            "the server ldap1.example.com:636 is listed twice"}},
          {"OTP receive mode enum (L1808)",
           "receiveMode: VMFA",
           "receiveMode: SMS",
           {"test.yaml:32:18: TenantSettings/tenant: spec.otp.receiveMode: must be one of VMFA, "
            "HMFA; got \"SMS\""}},
          {"HMFA needs its server (L1682-1683)",
           "receiveMode: VMFA",
           "receiveMode: HMFA",
           {"test.yaml:32:18: TenantSettings/tenant: spec.otp.authUrl: is required with "
            "receiveMode HMFA: the auxiliary authentication server checks hardware MFA codes "
            "(L1682-1683, L1902-1903)",
            "test.yaml:32:18: TenantSettings/tenant: spec.otp.appId: is required with receiveMode "
            "HMFA: the auxiliary authentication server checks hardware MFA codes (L1682-1683, "
            "L1902-1903)"}},
          {"applies to an access mode (L1822)",
           "appliesTo: INTERNET",
           "appliesTo: VPN",
           {"test.yaml:33:16: TenantSettings/tenant: spec.otp.appliesTo: must be one of ALL, "
            "INTERNET, PRIVATE; got \"VPN\""}},
          {"backup mode is required (L1975)",
           "      backupMode: ON\n",
           "",
           {"test.yaml:35:7: TenantSettings/tenant: spec.accessAddressBackup[0].backupMode: "
            "required field is missing"}},
          {"backup priority range (L1982)",
           "{priority: 1, address: backup1.example.com}",
           "{priority: 256, address: backup1.example.com}",
           {"test.yaml:38:22: TenantSettings/tenant: "
            "spec.accessAddressBackup[0].backupInfo[0].priority: must be between 1 and 255, got "
            "256"}},
          {"a priority given twice",
           "{priority: 2, address: backup2.example.com",
           "{priority: 1, address: backup2.example.com",
           {"test.yaml:39:22: TenantSettings/tenant: "
            "spec.accessAddressBackup[0].backupInfo[1].priority: priority 1 is given twice; each "
            "address has its own (L1982)"}},
          {"a site listed twice",
           "  customConfigs:\n",
           "    - {siteId: site-1, backupMode: OFF}\n  customConfigs:\n",
           {"test.yaml:40:16: TenantSettings/tenant: spec.accessAddressBackup[1].siteId: the site "
            "site-1 is listed twice"}},
          {"custom configuration status (L2373)",
           "status: ON",
           "status: MAYBE",
           {"test.yaml:42:15: TenantSettings/tenant: spec.customConfigs.user_prefix.status: must "
            "be one of ON, OFF; got \"MAYBE\""}},
          {"a PORT mapping's value is 9443 or 9445 (L2656)",
           "natMapValue: \"9443\"",
           "natMapValue: \"443\"",
           {"test.yaml:47:41: TenantSettings/tenant: spec.natMapping.mappings[0].natMapValue: must "
            "be 9443 or 9445 for a PORT mapping (L2656); got \"443\""}},
          {"NAT port range (L2661)",
           "natPort: 9443",
           "natPort: 65536",
           {"test.yaml:47:79: TenantSettings/tenant: spec.natMapping.mappings[0].natPort: must be "
            "between 0 and 65535, got 65536"}},
          {"vAG address is IPv4",
           "vagIp: 10.0.0.9",
           "vagIp: vag.example.com",
           {"test.yaml:47:92: TenantSettings/tenant: spec.natMapping.mappings[0].vagIp: must be an "
            "IPv4 address such as 10.0.0.8; got \"vag.example.com\""}},
          {"unknown field",
           "natOn: true",
           "natEnabled: true",
           {"test.yaml:45:5: TenantSettings/tenant: spec.natMapping.natEnabled: unknown field "
            "\"natEnabled\" (known fields: siteId, natOn, mappings)"}},
      });
}

TEST(TenantSettingsSpecTest, AtMostTenHostMappings) {
  std::string yaml(kBase);
  std::string hosts;
  for (int i = 0; i < 11; ++i) {
    hosts += "      - {natMapType: HOST, natMapValue: h" + std::to_string(i) + ".example.com}\n";
  }
  yaml += hosts;
  LoadResult r = LoadYaml(yaml);
  ASSERT_EQ(testing::Lines(r.diagnostics),
            std::vector<std::string>{"test.yaml:58:22: TenantSettings/tenant: "
                                     "spec.natMapping.mappings[11].natMapType: at most 10 HOST "
                                     "mappings are allowed (L2655)"});
}

TEST(TenantSettingsSpecTest, ASecondObjectIsAnError) {
  const std::string second =
      "---\napiVersion: deskops.io/v1alpha1\nkind: TenantSettings\nmetadata: {name: other}\n"
      "spec: {}\n";
  LoadResult r = LoadYaml(std::string(kBase) + second);
  EXPECT_EQ(testing::Lines(r.diagnostics),
            std::vector<std::string>{
                "test.yaml:51:18: TenantSettings/other: metadata.name: the tenant has one "
                "TenantSettings; TenantSettings/tenant already declares it (test.yaml:4:9)"});
}

TEST(TenantSettingsSpecTest, Decodes) {
  LoadResult r = LoadYaml(kBase);
  ASSERT_TRUE(r.ok());
  const auto& t = *r.manifests.objects().at(0).As<TenantSettingsSpec>();
  EXPECT_EQ(t.functions, (std::map<std::string, bool>{{"app_restrict_rule_switch", true}}));
  ASSERT_TRUE(t.collaboration);
  EXPECT_EQ(t.collaboration->share_space_name, "Team room");
  EXPECT_EQ(t.collaboration->wait_confirm_time, 60);
  EXPECT_EQ(t.collaboration->anonymous_input_ctrl, false);
  EXPECT_FALSE(t.collaboration->allow_anonymous) << "left out: not managed";
  ASSERT_TRUE(t.login_authentication && t.login_authentication->sms);
  EXPECT_EQ(t.login_authentication->sms->password_from->env, "SMS_PASSWORD");
  const auto& ldap = *t.login_authentication->ldap;
  ASSERT_TRUE(ldap.servers);
  EXPECT_EQ(ldap.servers->at(0).port, 636);
  EXPECT_EQ(ldap.servers->at(0).administrator_password_from->file, "/etc/deskops/ldap");
  EXPECT_EQ(t.login_authentication->oauth2->secret_from->env, "OAUTH_CONFIG");
  EXPECT_EQ(t.otp->applies_to, "INTERNET");
  EXPECT_FALSE(t.otp->secret_from);
  ASSERT_EQ(t.access_address_backup.size(), 1u);
  EXPECT_EQ(t.access_address_backup[0].backup_info->at(1),
            (BackupAddressSpec{2, "backup2.example.com", "vdi.example.com"}));
  EXPECT_EQ(t.custom_configs.at("user_prefix").values,
            (std::map<std::string, std::string>{{"prefix", "ws"}}));
  ASSERT_TRUE(t.nat_mapping && t.nat_mapping->mappings);
  EXPECT_FALSE(t.nat_mapping->site_id) << "the central site when left out";
  EXPECT_EQ(t.nat_mapping->mappings->at(0).nat_port, 9443);
}

TEST(TenantSettingsSpecTest, AnEmptySpecManagesNothing) {
  LoadResult r = LoadYaml(
      "apiVersion: deskops.io/v1alpha1\nkind: TenantSettings\nmetadata: {name: t}\nspec: {}\n");
  ASSERT_TRUE(r.ok());
  const auto& t = *r.manifests.objects().at(0).As<TenantSettingsSpec>();
  EXPECT_TRUE(t.functions.empty());
  EXPECT_FALSE(t.collaboration || t.login_authentication || t.otp || t.nat_mapping);
  EXPECT_TRUE(t.access_address_backup.empty() && t.custom_configs.empty());
}

}  // namespace
}  // namespace deskops::specs
