// Golden tests of the TenantSettings kind: a manifest and what each 4.1 GET answered in, plan text
// out; the exact requests a plan sends (secrets in bodies only); what a plan reads; and an export
// that plans in sync.
#include "reconcilers/tenant_settings/tenant_settings_reconciler.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "../kind_test_util.h"

namespace deskops::reconcilers {
namespace {

using Fixture = testing::KindFixture<tenant_settings::Reconciler>;
using nlohmann::json;
using tenant_settings::Settings;
namespace api = cloud::tenant;

constexpr char kSite[] = "0e2dae94-23ff-449a-bb9c-1b808cf2106d";

std::string Ts(const std::string& spec, const std::string& name = "tenant") {
  return testing::Doc("TenantSettings", name, spec);
}

api::Collaboration Collab() {
  return {"Collaborative space", true, true, "AUDIO", false, false, false, 30};
}

// A new tenant, every area read.
Settings Seed() {
  Settings s;
  s.functions = std::map<std::string, bool>{{"app_restrict_rule_switch", false}};
  s.collaboration = Collab();
  s.sms = api::SmsGateway{};
  s.ldap = api::AuthMethod{};
  s.oauth2 = api::AuthMethod{};
  s.otp = api::Otp{false, "VMFA", "", "", "", "", "ALL"};
  s.address_backup = std::vector<api::AddressBackup>{};
  s.custom_configs = std::vector<api::CustomConfig>{{"c1", "user_prefix", "OFF", {{"prefix", ""}}}};
  s.nat = api::NatMapping{kSite, false, {"10.0.0.9"}, {}};
  return s;
}

const std::string kHeader = "TenantSettings\n  ~ tenant                              update";

TEST(TenantSettingsReconcilerTest, Plans) {
  struct Case {
    std::string name, yaml, want;
  };
  Settings unknown_site = Seed();
  unknown_site.nat.reset();
  unknown_site.nat_site_unknown = true;
  const Case cases[] = {
      {"an empty spec manages nothing", Ts("{}"), "Plan: no changes; 1 in sync.\n"},
      {"what the tenant has: in sync, whatever the manifest is named",
       Ts("{functions: {app_restrict_rule_switch: false}, collaboration: {waitConfirmTime: 30}, "
          "otp: {enable: false}}",
          "anything"),
       "Plan: no changes; 1 in sync.\n"},
      {"one area, one action: a function switch",
       Ts("{functions: {app_restrict_rule_switch: true}}"),
       kHeader + "  (4.1.1 tenant functions)\n"
                 "      spec.functions.app_restrict_rule_switch: false -> true\n"
                 "Plan: 1 update; 0 in sync.\n"},
      {"OTP changes how users log in: disruptive",
       Ts("{otp: {enable: true, appliesTo: INTERNET}}"),
       kHeader + " [disruptive]  (4.1.8 OTP authentication)\n"
                 "      spec.otp.enable: false -> true\n"
                 "      spec.otp.appliesTo: \"ALL\" -> \"INTERNET\"\n"
                 "Plan: 1 update; 1 disruptive; 0 in sync.\n"},
      {"a custom configuration the tenant does not have is an error",
       Ts("{customConfigs: {no_such: {status: \"ON\"}}}"),
       "error: TenantSettings/tenant: spec.customConfigs.no_such: the tenant has no custom "
       "configuration \"no_such\" (4.1.11 lists them; 4.1.12 only modifies)\n"
       "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(c.yaml);
    f.Observe({Seed()});
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
  Fixture f(Ts("{natMapping: {siteId: nope, natOn: true}}"));
  f.Observe({unknown_site});
  EXPECT_EQ(RenderText(f.Diff()),
            "error: TenantSettings/tenant: spec.natMapping.siteId: the service has no site "
            "\"nope\" (4.1.13 answered 404)\nPlan: nothing to run now; 1 error(s); 0 in sync.\n");
}

TEST(TenantSettingsReconcilerTest, APlanReadsOnlyTheDeclaredAreas) {
  Fixture f(Ts("{otp: {enable: true}, natMapping: {siteId: " + std::string(kSite) +
               ", natOn: true}}"));
  f.api.api->On("GET", "/v2/p1/assist-auth-config/method-config", 200,
                R"({"otp_config_info":{"enable":false,"receive_mode":"VMFA","apply_rule":null}})");
  f.api.api->On("GET", "/v2/p1/nat-mapping-configs", 200,
                R"({"site_id":")" + std::string(kSite) + R"(","nat_on":false,"nat_vag_maps":[]})");
  ASSERT_TRUE(f.ObserveLive().ok());
  std::vector<std::string> calls;
  for (const auto& r : f.api.api->requests) calls.push_back(r.method + " " + r.path);
  EXPECT_EQ(calls, (std::vector<std::string>{"GET /v2/p1/assist-auth-config/method-config",
                                             "GET /v2/p1/nat-mapping-configs"}));
  using Query = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(f.api.api->requests.back().query, (Query{{"site_id", kSite}}));
  EXPECT_EQ(f.Diff().actions.size(), 2u);
}

TEST(TenantSettingsReconcilerTest, SendsEachAreaWithItsSecretsInTheBodyOnly) {
  ASSERT_EQ(setenv("TS_TEST_OTP", "Otp-Secret-0001", 1), 0);
  ASSERT_EQ(setenv("TS_TEST_LDAP", "Ldap-Secret-0001", 1), 0);
  Fixture f(Ts("{collaboration: {allowAnonymous: false}, "
               "otp: {enable: true, receiveMode: HMFA, authUrl: https://otp, appId: app, "
               "secretFrom: {env: TS_TEST_OTP}, appliesTo: PRIVATE}, "
               "loginAuthentication: {ldap: {enable: true, name: corp, servers: [{host: ldap1, "
               "port: 636, administratorPasswordFrom: {env: TS_TEST_LDAP}}]}}, "
               "customConfigs: {user_prefix: {values: {prefix: corp}}}, "
               "natMapping: {natOn: true, mappings: [{natMapType: PORT, natMapValue: \"9443\", "
               "natIp: 203.0.113.10, natPort: 8443, vagIp: 10.0.0.9}]}}"));
  f.Observe({Seed()});
  Plan plan = f.Diff();
  const std::string text = RenderText(plan);
  EXPECT_EQ(text.find("Secret-0001"), std::string::npos) << text;
  EXPECT_NE(text.find("spec.otp.secretFrom: (not applied by deskops) -> (from env TS_TEST_OTP)"),
            std::string::npos)
      << text;
  for (const char* path : {"/v2/p1/share-space/configuration", "/v2/p1/auth-config/method-config",
                           "/v2/p1/assist-auth-config/method-config", "/v2/p1/tenant-configs",
                           "/v2/p1/nat-mapping-configs"}) {
    f.api.api->On("PUT", path, 200, "{}");
  }
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  auto body = [&](const std::string& path) {
    auto sent = f.Sent("PUT", path);
    return sent.size() == 1 ? json::parse(sent[0]) : json();
  };
  // The whole config_value, a JSON string (L1185): the declared key changed, the others as the
  // tenant has them, anonymous_input_ctl as 4.1.4 spells it.
  const json collab = body("/v2/p1/share-space/configuration");
  EXPECT_EQ(collab["config_name"], "share-space-user-conf");
  ASSERT_TRUE(collab["config_value"].is_string()) << collab;
  EXPECT_EQ(json::parse(collab["config_value"].get<std::string>()), json::parse(R"({
      "share_space_name":"Collaborative space","use_share_password":true,"allow_anonymous":false,
      "audio_and_video":"AUDIO","keyboard_mouse_ctl":false,"anonymous_input_ctl":false,
      "is_user_confirm_enabled":false,"wait_confirm_time":30})"));
  EXPECT_EQ(body("/v2/p1/assist-auth-config/method-config"), json::parse(R"({"auth_type":"OTP",
      "otp_config_info":{"enable":true,"receive_mode":"HMFA","auth_url":"https://otp",
      "app_id":"app","app_secret":"Otp-Secret-0001",
      "apply_rule":{"rule_type":"ACCESS_MODE","rule":"PRIVATE"}}})"));
  EXPECT_EQ(body("/v2/p1/auth-config/method-config"), json::parse(R"({"auth_type":"USER_PASSWORD",
      "third_party_authentication_config":{"third_password_update_type":"ADD","enable":true,
      "third_password_name":"corp","ldap_configs":[{"host":"ldap1","port":636,
      "administrator_password":"Ldap-Secret-0001"}]}})"))
      << "a first LDAP configuration is added (L1499)";
  EXPECT_EQ(body("/v2/p1/tenant-configs"), json::parse(R"({"function_config":{"id":"c1",
      "name":"user_prefix","status":"OFF","values":[{"key":"prefix","value":"corp"}]}})"));
  EXPECT_EQ(body("/v2/p1/nat-mapping-configs"), json::parse(R"({"site_id":")" + std::string(kSite) +
                                                            R"(","nat_on":true,"nat_vag_maps":[
      {"nat_map_type":"PORT","nat_map_value":"9443","nat_ip":"203.0.113.10","nat_port":"8443",
      "vag_ip":"10.0.0.9"}]})"))
      << "the central site when the manifest names none; nat_port as text (L2661)";
  std::optional<OwnedObject> entry = f.inventory.Find("TenantSettings", "tenant");
  ASSERT_TRUE(entry.has_value()) << "what was applied to a singleton is remembered";
  for (const auto& [key, value] : entry->records) {
    EXPECT_EQ(value.find("Secret-0001"), std::string::npos) << key;
  }
  unsetenv("TS_TEST_OTP");
  unsetenv("TS_TEST_LDAP");
}

TEST(TenantSettingsReconcilerTest, ExportLoadsBackWithoutChanges) {
  Settings live = Seed();
  live.functions = std::map<std::string, bool>{{"app_restrict_rule_switch", true}};
  live.otp = api::Otp{true, "HMFA", "https://otp", "app", "", "", "INTERNET"};
  live.custom_configs = std::vector<api::CustomConfig>{{"c1", "user_prefix", "ON", {{"prefix", "corp"}}}};
  live.nat = api::NatMapping{
      kSite, true, {"10.0.0.9"}, {{"PORT", "9443", "203.0.113.10", "8443", "10.0.0.9", "", 0, ""}}};
  tenant_settings::Reconciler kind;
  auto observed = kind.ObservedOf({live});
  Inventory inventory;
  LiveIndex index;
  const std::string yaml = kind.Export(*observed, ExportContext{inventory, index, false});
  EXPECT_NE(yaml.find("export.deskops.io/secrets-left-out: spec.otp.secretFrom"),
            std::string::npos)
      << yaml;
  Fixture f(yaml);
  f.Observe({live});
  f.ExpectInSync(1);
}

}  // namespace
}  // namespace deskops::reconcilers
