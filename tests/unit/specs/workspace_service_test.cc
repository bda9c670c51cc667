#include "specs/workspace_service.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: WorkspaceService
metadata:
  name: workspace
spec:
  accessMode: BOTH
  dedicatedSubnets: [192.168.0.0/24, 10.0.0.0/16]
  subnetIds: [5dee0216-2260-47c2-9368-98a27d910e55]
  internetAccessPort: 443
  enterpriseId: examplecorp
  adDomain:
    domainType: LOCAL_AD
    domainName: vdesktop.example.com
    domainAdminAccount: vdsadmin
    passwordFrom: {env: AD_PASSWORD}
    activeDomainIp: 192.161.43.66
    activeDomainName: AD-0001.vdesktop.example.com
    activeDnsIp: 192.161.43.66
    deleteComputerObject: true
    useLdaps: true
)";

TEST(WorkspaceServiceSpecTest, Rules) {
  RunCases(
      kBase,
      {
          {"valid", "", "", {}},
          {"access mode enum (L4440)",
           "accessMode: BOTH",
           "accessMode: VPN",
           {"test.yaml:6:15: WorkspaceService/workspace: spec.accessMode: must be one of "
            "INTERNET, DEDICATED, BOTH; got \"VPN\""}},
          {"Direct Connect CIDRs need DEDICATED or BOTH (L3756)",
           "accessMode: BOTH",
           "accessMode: INTERNET",
           {"test.yaml:7:21: WorkspaceService/workspace: spec.dedicatedSubnets: applies to "
            "accessMode DEDICATED or BOTH only (L3756, L4441)"}},
          {"at most five CIDRs (L4441)",
           "[192.168.0.0/24, 10.0.0.0/16]",
           "[10.1.0.0/16, 10.2.0.0/16, 10.3.0.0/16, 10.4.0.0/16, 10.5.0.0/16, 10.6.0.0/16]",
           {"test.yaml:7:87: WorkspaceService/workspace: spec.dedicatedSubnets: must have at most "
            "5 items, got 6"}},
          {"a CIDR block",
           "10.0.0.0/16]",
           "10.0.0.0/33]",
           {"test.yaml:7:38: WorkspaceService/workspace: spec.dedicatedSubnets[1]: must be an IPv4 "
            "CIDR block such as 192.168.0.0/24; got \"10.0.0.0/33\""}},
          {"a port",
           "internetAccessPort: 443",
           "internetAccessPort: 0",
           {"test.yaml:9:23: WorkspaceService/workspace: spec.internetAccessPort: must be between "
            "1 and 65535, got 0"}},
          {"LOCAL_AD needs its controller (L4479)",
           "    activeDomainIp: 192.161.43.66\n",
           "",
           {"test.yaml:12:17: WorkspaceService/workspace: spec.adDomain.activeDomainIp: is "
            "required when domainType is LOCAL_AD (L4476-4483)"}},
          {"LOCAL_AD needs the password (L4478)",
           "    passwordFrom: {env: AD_PASSWORD}\n",
           "",
           {"test.yaml:12:17: WorkspaceService/workspace: spec.adDomain.passwordFrom: is required "
            "when domainType is LOCAL_AD (L4476-4483)"}},
          {"an inline domain password is refused",
           "    passwordFrom: {env: AD_PASSWORD}\n",
           "    passwordFrom: {env: AD_PASSWORD}\n    domainPassword: secret\n",
           {"test.yaml:16:5: WorkspaceService/workspace: spec.adDomain.domainPassword: inline "
            "passwords are not allowed: manifests live in version control. Write passwordFrom: "
            "{env: VARIABLE} or passwordFrom: {file: /path/to/secret} instead"}},
          {"domain name at most 55 characters (L4476)",
           "domainName: vdesktop.example.com",
           "domainName: " + std::string(50, 'a') + ".example.com",
           {"test.yaml:13:17: WorkspaceService/workspace: spec.adDomain.domainName: must be at "
            "most 55 characters, got 62"}},
          {"a standby node is three fields (L4481-4487)",
           "    useLdaps: true\n",
           "    useLdaps: true\n    standbyDomainIp: 192.161.43.67\n",
           {"test.yaml:12:17: WorkspaceService/workspace: spec.adDomain.standbyDomainIp: a standby "
            "node needs standbyDomainIp, standbyDomainName and standbyDnsIp together "
            "(L4481-4487)"}},
          {"controllers are IPv4",
           "activeDnsIp: 192.161.43.66",
           "activeDnsIp: dns.example.com",
           {"test.yaml:18:18: WorkspaceService/workspace: spec.adDomain.activeDnsIp: must be an "
            "IPv4 address such as 10.0.0.8; got \"dns.example.com\""}},
          {"subnets are unique",
           "subnetIds: [5dee0216-2260-47c2-9368-98a27d910e55]",
           "subnetIds: [s1, s1]",
           {"test.yaml:8:19: WorkspaceService/workspace: spec.subnetIds[1]: duplicate \"s1\" "
            "(first listed at line 8)"}},
      });
}

TEST(WorkspaceServiceSpecTest, LiteAsTakesNothingButItsType) {
  LoadResult r = LoadYaml(
      "apiVersion: deskops.io/v1alpha1\nkind: WorkspaceService\nmetadata: {name: w}\nspec:\n"
      "  adDomain:\n    domainType: LITE_AS\n    domainName: example.com\n");
  EXPECT_EQ(testing::Lines(r.diagnostics),
            std::vector<std::string>{
                "test.yaml:7:5: WorkspaceService/w: spec.adDomain.domainName: applies to LOCAL_AD "
                "domains only (L4476-4490); a LITE_AS domain takes nothing but its type"});
}

TEST(WorkspaceServiceSpecTest, ASecondObjectIsAnError) {
  LoadResult r = LoadYaml(std::string(kBase) +
                          "---\napiVersion: deskops.io/v1alpha1\nkind: WorkspaceService\n"
                          "metadata: {name: service}\nspec: {accessMode: INTERNET}\n");
  EXPECT_EQ(testing::Lines(r.diagnostics),
            std::vector<std::string>{
                "test.yaml:24:18: WorkspaceService/service: metadata.name: the tenant has one "
                "WorkspaceService; WorkspaceService/workspace already declares it (test.yaml:4:9)"});
}

TEST(WorkspaceServiceSpecTest, Decodes) {
  LoadResult r = LoadYaml(kBase);
  ASSERT_TRUE(r.ok());
  const auto& w = *r.manifests.objects().at(0).As<WorkspaceServiceSpec>();
  EXPECT_EQ(w.access_mode, "BOTH");
  EXPECT_EQ(w.dedicated_subnets, (std::vector<std::string>{"192.168.0.0/24", "10.0.0.0/16"}));
  EXPECT_EQ(w.internet_access_port, 443);
  ASSERT_TRUE(w.ad_domain);
  EXPECT_EQ(w.ad_domain->domain_type, "LOCAL_AD");
  EXPECT_EQ(w.ad_domain->password_from->env, "AD_PASSWORD");
  EXPECT_EQ(w.ad_domain->delete_computer_object, true);
  EXPECT_FALSE(w.ad_domain->standby_domain_ip);
  EXPECT_FALSE(w.ad_domain->tls_cert_pem);
}

}  // namespace
}  // namespace deskops::specs
