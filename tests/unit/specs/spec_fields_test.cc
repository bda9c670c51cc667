// The fields a create's plan shows: every field the manifest sets, flattened, secrets by source.
#include "specs/spec_fields.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace deskops::specs {
namespace {

std::vector<std::string> Fields(std::string_view yaml) {
  LoadResult r = testing::LoadYaml(yaml);
  EXPECT_TRUE(r.ok()) << (r.diagnostics.items().empty() ? "" : r.diagnostics.items()[0].ToString());
  std::vector<std::string> out;
  if (r.manifests.empty()) return out;
  for (const auto& f : r.manifests.objects().front().fields) out.push_back(f.path + ": " + f.value);
  return out;
}

TEST(SpecFieldsTest, FlattensWhatTheManifestSetsInDocumentOrder) {
  struct Case {
    std::string name, yaml;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"scalars, nested maps, a list of scalars and a list of maps",
       R"(apiVersion: deskops.io/v1alpha1
kind: Desktop
metadata: {name: eng-01}
spec:
  productId: workspace.c2.large.windows.2
  imageType: gold
  imageId: a866298d-67db-44b0-a1f1-9d09bdddc20f
  rootVolume: {type: SAS, size: 80}
  dataVolumes:
    - {name: data, type: SSD, size: 100}
  tags: {team: eng}
)",
       {"spec.productId: workspace.c2.large.windows.2", "spec.imageType: gold",
        "spec.imageId: a866298d-67db-44b0-a1f1-9d09bdddc20f", "spec.rootVolume.type: SAS",
        "spec.rootVolume.size: 80", "spec.dataVolumes[0].name: data",
        "spec.dataVolumes[0].type: SSD", "spec.dataVolumes[0].size: 100", "spec.tags.team: eng"}},
      {"a password shows where it comes from, never a value; flags about it are not secrets",
       R"(apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: erin}
spec:
  userEmail: erin@example.com
  activeType: ADMIN_ACTIVATE
  passwordFrom: {env: DESKOPS_PASSWORD_ERIN}
  nextLoginChangePassword: true
)",
       {"spec.userEmail: erin@example.com", "spec.activeType: ADMIN_ACTIVATE",
        "spec.passwordFrom: env DESKOPS_PASSWORD_ERIN", "spec.nextLoginChangePassword: true"}},
      {"a file source",
       R"(apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: erin}
spec:
  userEmail: erin@example.com
  activeType: ADMIN_ACTIVATE
  passwordFrom: {file: /run/credentials/erin}
)",
       {"spec.userEmail: erin@example.com", "spec.activeType: ADMIN_ACTIVATE",
        "spec.passwordFrom: file /run/credentials/erin"}},
      {"lists of names",
       R"(apiVersion: deskops.io/v1alpha1
kind: UserGroup
metadata: {name: eng}
spec: {platformType: LOCAL, members: [alice, bob]}
)",
       {"spec.platformType: LOCAL", "spec.members: [alice, bob]"}},
  };
  for (const auto& c : cases) EXPECT_EQ(Fields(c.yaml), c.want) << c.name;
}

TEST(SpecFieldsTest, ATextValueUnderASecretKeyIsMasked) {
  Value spec;
  spec.type = Value::Type::kMap;
  Value secret;
  secret.type = Value::Type::kString;
  secret.scalar = "hunter2";
  Value list;
  list.type = Value::Type::kSeq;
  list.items = {secret};
  spec.entries = {{"adminPassword", {}, secret}, {"secretKeys", {}, list}};
  std::vector<std::string> got;
  for (const auto& f : FlattenSpec(spec)) got.push_back(f.path + ": " + f.value);
  EXPECT_EQ(got, (std::vector<std::string>{"spec.adminPassword: (secret)",
                                           "spec.secretKeys: [(secret)]"}));
}

}  // namespace
}  // namespace deskops::specs
