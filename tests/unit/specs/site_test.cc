#include "specs/site.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: Site
metadata:
  name: cn-north-7-ies-bj01
spec:
  accessMode: BOTH
  dedicatedCidrs: [10.20.0.0/16, 192.168.0.0/24]
  vpcId: 8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d
  subnetIds: [5dee0216-2260-47c2-9368-98a27d910e55]
)";

TEST(SiteSpecTest, Rules) {
  RunCases(
      kBase,
      {
          {"valid", "", "", {}},
          {"every field is optional (accessMode is needed to add a site: a plan error)",
           "spec:\n  accessMode: BOTH\n  dedicatedCidrs: [10.20.0.0/16, 192.168.0.0/24]\n  vpcId: "
           "8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d\n  subnetIds: "
           "[5dee0216-2260-47c2-9368-98a27d910e55]\n",
           "spec: {}\n",
           {}},
          {"access mode enum (L2963)",
           "accessMode: BOTH",
           "accessMode: Both",
           {"test.yaml:6:15: Site/cn-north-7-ies-bj01: spec.accessMode: must be one of INTERNET, "
            "DEDICATED, BOTH; got \"Both\" (did you mean \"BOTH\"?)"}},
          {"at most 5 CIDR blocks (L2964)",
           "[10.20.0.0/16, 192.168.0.0/24]",
           "[10.1.0.0/16, 10.2.0.0/16, 10.3.0.0/16, 10.4.0.0/16, 10.5.0.0/16, 10.6.0.0/16]",
           {"test.yaml:7:85: Site/cn-north-7-ies-bj01: spec.dedicatedCidrs: must have at most 5 "
            "items, got 6"}},
          {"a CIDR block",
           "192.168.0.0/24",
           "192.168.0.0/33",
           {"test.yaml:7:34: Site/cn-north-7-ies-bj01: spec.dedicatedCidrs[1]: must be a CIDR "
            "block such as 192.168.0.0/24; got \"192.168.0.0/33\""}},
          {"a CIDR block twice",
           "192.168.0.0/24]",
           "10.20.0.0/16]",
           {"test.yaml:7:34: Site/cn-north-7-ies-bj01: spec.dedicatedCidrs[1]: \"10.20.0.0/16\" "
            "is listed twice"}},
          {"an empty CIDR list",
           "[10.20.0.0/16, 192.168.0.0/24]",
           "[]",
           {"test.yaml:7:19: Site/cn-north-7-ies-bj01: spec.dedicatedCidrs: must have at least "
            "one item"}},
          {"a subnet at least",
           "subnetIds: [5dee0216-2260-47c2-9368-98a27d910e55]",
           "subnetIds: []",
           {"test.yaml:9:14: Site/cn-north-7-ies-bj01: spec.subnetIds: must have at least one "
            "item"}},
          {"a subnet once",
           "subnetIds: [5dee0216-2260-47c2-9368-98a27d910e55]",
           "subnetIds: [a, a]",
           {"test.yaml:9:18: Site/cn-north-7-ies-bj01: spec.subnetIds[1]: duplicate \"a\" (first "
            "listed at line 9)"}},
          {"the name is an AZ code",
           "name: cn-north-7-ies-bj01",
           "name: Beijing IES",
           {"test.yaml:4:9: Site/Beijing IES: metadata.name: must be an AZ code such as "
            "cn-north-7-ies-bj01: lower-case letters, digits, '-', '.' and '_', starting and "
            "ending with a letter or digit; got \"Beijing IES\""}},
          {"the central site's several AZs are not one name",
           "name: cn-north-7-ies-bj01",
           "name: \"az3.manage.x86,cn-north-7c\"",
           {"test.yaml:4:9: Site/az3.manage.x86,cn-north-7c: metadata.name: must be an AZ code "
            "such as cn-north-7-ies-bj01: lower-case letters, digits, '-', '.' and '_', starting "
            "and ending with a letter or digit; got \"az3.manage.x86,cn-north-7c\""}},
          {"unknown field",
           "  accessMode: BOTH\n",
           "  accessMode: BOTH\n  siteName: Beijing\n",
           {"test.yaml:7:3: Site/cn-north-7-ies-bj01: spec.siteName: unknown field \"siteName\" "
            "(known fields: accessMode, dedicatedCidrs, vpcId, subnetIds)"}},
      });
}

TEST(SiteSpecTest, Decodes) {
  LoadResult r = LoadYaml(kBase);
  ASSERT_TRUE(r.ok());
  const SiteSpec& s = *r.manifests.objects().at(0).As<SiteSpec>();
  EXPECT_EQ(s.access_mode, "BOTH");
  EXPECT_EQ(s.dedicated_cidrs, (std::vector<std::string>{"10.20.0.0/16", "192.168.0.0/24"}));
  EXPECT_EQ(s.vpc_id, "8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d");
  EXPECT_EQ(s.subnet_ids, (std::vector<std::string>{"5dee0216-2260-47c2-9368-98a27d910e55"}));

  LoadResult bare = LoadYaml(testing::Patch(std::string(kBase),
                                            "  accessMode: BOTH\n  dedicatedCidrs: [10.20.0.0/16, "
                                            "192.168.0.0/24]\n",
                                            ""));
  ASSERT_TRUE(bare.ok());
  const SiteSpec& b = *bare.manifests.objects().at(0).As<SiteSpec>();
  EXPECT_EQ(b.access_mode, "") << "unmanaged";
  EXPECT_FALSE(b.dedicated_cidrs.has_value()) << "unmanaged, not empty";
}

}  // namespace
}  // namespace deskops::specs
