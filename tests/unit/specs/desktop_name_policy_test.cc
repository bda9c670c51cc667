#include "specs/desktop_name_policy.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: DesktopNamePolicy
metadata:
  name: support_desktops
spec:
  namePrefix: sup
  digitNumber: 3
  startNumber: 1
  singleDomainUserIncrement: 0
  isDefaultPolicy: true
)";

TEST(DesktopNamePolicySpecTest, Rules) {
  RunCases(kBase, {
      {"valid", "", "", {}},
      {"largest start that fits", "startNumber: 1", "startNumber: 999", {}},
      {"name starts with a digit", "name: support_desktops", "name: 1support",
       {"test.yaml:4:9: DesktopNamePolicy/1support: metadata.name: must contain only letters, "
        "digits and underscores and start with a letter or underscore; got \"1support\""}},
      {"name too long", "name: support_desktops", "name: " + std::string(31, 'a'),
       {"test.yaml:4:9: DesktopNamePolicy/" + std::string(31, 'a') +
        ": metadata.name: must be at most 30 characters, got 31"}},
      {"prefix required", "  namePrefix: sup\n", "",
       {"test.yaml:6:3: DesktopNamePolicy/support_desktops: spec.namePrefix: required field is "
        "missing"}},
      {"start does not fit", "startNumber: 1", "startNumber: 1000",
       {"test.yaml:8:16: DesktopNamePolicy/support_desktops: spec.startNumber: 1000 does not fit "
        "in 3 digit(s) (spec.digitNumber)"}},
      {"zero digits", "digitNumber: 3", "digitNumber: 0",
       {"test.yaml:7:16: DesktopNamePolicy/support_desktops: spec.digitNumber: must be at least "
        "1, got 0"}},
      {"increment is 0 or 1", "singleDomainUserIncrement: 0", "singleDomainUserIncrement: 2",
       {"test.yaml:9:30: DesktopNamePolicy/support_desktops: spec.singleDomainUserIncrement: must "
        "be between 0 and 1, got 2"}},
  });
}

TEST(DesktopNamePolicySpecTest, OnlyOneDefault) {
  std::string two = std::string(kBase) + "---\n" +
                    testing::Patch(std::string(kBase), "support_desktops", "other");
  LoadResult r = LoadYaml(two);
  EXPECT_EQ(testing::Lines(r.diagnostics),
            (std::vector<std::string>{
                "test.yaml:15:9: DesktopNamePolicy/other: spec.isDefaultPolicy: only one name "
                "policy can be the default; DesktopNamePolicy/support_desktops already is "
                "(test.yaml:4:9)"}));
}

}  // namespace
}  // namespace deskops::specs
