#include "specs/ou.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: OU
metadata:
  name: marketing
spec:
  domain: example.com
  description: Marketing desktops
)";

TEST(OuSpecTest, Rules) {
  RunCases(
      kBase,
      {
          {"valid", "", "", {}},
          {"description is optional", "  description: Marketing desktops\n", "", {}},
          {"domain required",
           "  domain: example.com\n",
           "",
           {"test.yaml:6:3: OU/marketing: spec.domain: required field is missing"}},
          {"domain is a DNS name",
           "domain: example.com",
           "domain: example",
           {"test.yaml:6:11: OU/marketing: spec.domain: must be a DNS domain name such as "
            "example.com; got \"example\""}},
          {"a DN is not an OU name",
           "name: marketing",
           "name: \"OU=marketing,DC=example\"",
           {"test.yaml:4:9: OU/OU=marketing,DC=example: metadata.name: must be a plain OU name "
            "(not "
            "a DN): no , = + < > # ; \\ \" or /; got \"OU=marketing,DC=example\""}},
          {"name too long",
           "name: marketing",
           "name: " + std::string(65, 'm'),
           {"test.yaml:4:9: OU/" + std::string(65, 'm') +
            ": metadata.name: must be at most 64 characters, got 65"}},
          {"unknown field",
           "  description: Marketing desktops\n",
           "  descripton: x\n",
           {"test.yaml:7:3: OU/marketing: spec.descripton: unknown field \"descripton\"; did you "
            "mean \"description\"?"}},
      });
}

TEST(OuSpecTest, Decodes) {
  LoadResult r = LoadYaml(kBase);
  ASSERT_TRUE(r.ok());
  const OuSpec& o = *r.manifests.objects().at(0).As<OuSpec>();
  EXPECT_EQ(o.domain, "example.com");
  EXPECT_EQ(o.description, "Marketing desktops");
}

}  // namespace
}  // namespace deskops::specs
