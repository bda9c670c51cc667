#include "specs/user_group.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: UserGroup
metadata:
  name: engineering
spec:
  platformType: LOCAL
  description: Engineers
  members: [alice, bob]
)";

TEST(UserGroupSpecTest, Rules) {
  RunCases(kBase, {
      {"valid", "", "", {}},
      {"empty member list is exact", "[alice, bob]", "[]", {}},
      {"name with space", "name: engineering", "name: \"eng team\"",
       {"test.yaml:4:9: UserGroup/eng team: metadata.name: must contain only letters, digits, "
        "hyphens and underscores; got \"eng team\""}},
      {"platform type required", "  platformType: LOCAL\n", "",
       {"test.yaml:6:3: UserGroup/engineering: spec.platformType: required field is missing"}},
      {"platform type enum", "platformType: LOCAL", "platformType: LDAP",
       {"test.yaml:6:17: UserGroup/engineering: spec.platformType: must be one of AD, LOCAL; got "
        "\"LDAP\""}},
      {"duplicate member", "[alice, bob]", "[alice, bob, alice]",
       {"test.yaml:8:25: UserGroup/engineering: spec.members[2]: duplicate \"alice\" (first "
        "listed at line 8)"}},
      {"invalid member name", "[alice, bob]", "[alice, \"bob smith\"]",
       {"test.yaml:8:20: UserGroup/engineering: spec.members[1]: must contain only letters, "
        "digits, hyphens and underscores and start with a letter or digit; got \"bob smith\""}},
      {"members as text", "[alice, bob]", "alice",
       {"test.yaml:8:12: UserGroup/engineering: spec.members: expected a list, got a string"}},
  });
}

TEST(UserGroupSpecTest, MembersAreReferences) {
  LoadResult r = LoadYaml(kBase);
  ASSERT_TRUE(r.ok());
  const Object& o = r.manifests.objects().at(0);
  EXPECT_EQ(o.As<UserGroupSpec>()->members, (std::vector<std::string>{"alice", "bob"}));
  ASSERT_EQ(o.refs.size(), 2u);
  EXPECT_EQ(o.refs[1].name, "bob");
  EXPECT_EQ(o.refs[1].path, "spec.members[1]");
  EXPECT_EQ(o.refs[1].mark.column, 20);
}

TEST(UserGroupSpecTest, MembershipUnmanagedWhenUnset) {
  LoadResult r = LoadYaml(testing::Patch(std::string(kBase), "  members: [alice, bob]\n", ""));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.manifests.objects().at(0).As<UserGroupSpec>()->members);
}

}  // namespace
}  // namespace deskops::specs
