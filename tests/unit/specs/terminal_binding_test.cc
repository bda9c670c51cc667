#include "specs/terminal_binding.h"

#include "specs/manifest_set.h"
#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: TerminalBinding
metadata:
  name: default
spec:
  tcBindSwitch: "ON"
  tcAutoBindSwitch: "OFF"
  tcAutoBindMax: 2
  bindings:
    - mac: 3C-52-82-1A-4F-01
      desktopName: eng-alice-01
      description: alice's thin client
    - mac: 3c-52-82-1a-4f-02
      desktopName: eng-bob-01
)";

TEST(TerminalBindingSpecTest, Rules) {
  RunCases(
      kBase,
      {
          {"valid", "", "", {}},
          {"switch values (L32899, L32853)",
           "tcBindSwitch: \"ON\"",
           "tcBindSwitch: enabled",
           {"test.yaml:6:17: TerminalBinding/default: spec.tcBindSwitch: must be one of ON, OFF; "
            "got \"enabled\""}},
          {"auto switch values (L32900)",
           "tcAutoBindSwitch: \"OFF\"",
           "tcAutoBindSwitch: \"NO\"",
           {"test.yaml:7:21: TerminalBinding/default: spec.tcAutoBindSwitch: must be one of ON, "
            "OFF; got \"NO\" (did you mean \"ON\"?)"}},
          {"a switch is text, not a boolean",
           "tcBindSwitch: \"ON\"",
           "tcBindSwitch: true",
           {"test.yaml:6:17: TerminalBinding/default: spec.tcBindSwitch: expected a string, got "
            "a boolean; quote it (\"true\") if it is meant as text"}},
          {"at least one binding",
           "tcAutoBindMax: 2",
           "tcAutoBindMax: 0",
           {"test.yaml:8:18: TerminalBinding/default: spec.tcAutoBindMax: must be at least 1, got "
            "0"}},
          {"a MAC address as the reference writes it (L33064)",
           "mac: 3C-52-82-1A-4F-01",
           "mac: 3C:52:82:1A:4F:01",
           {"test.yaml:10:12: TerminalBinding/default: spec.bindings[0].mac: must be a MAC "
            "address such as AA-BB-CC-DD-EE-FF (hex pairs joined by '-'); got "
            "\"3C:52:82:1A:4F:01\""}},
          {"a MAC address has six pairs",
           "mac: 3C-52-82-1A-4F-01",
           "mac: 3C-52-82-1A-4F",
           {"test.yaml:10:12: TerminalBinding/default: spec.bindings[0].mac: must be a MAC "
            "address such as AA-BB-CC-DD-EE-FF (hex pairs joined by '-'); got \"3C-52-82-1A-4F\""}},
          {"MAC required",
           "    - mac: 3C-52-82-1A-4F-01\n      desktopName: eng-alice-01\n",
           "    - desktopName: eng-alice-01\n",
           {"test.yaml:10:7: TerminalBinding/default: spec.bindings[0].mac: required field is "
            "missing: give the terminal's MAC address, e.g. `mac: AA-BB-CC-DD-EE-FF`: bindings "
            "are told apart by it"}},
          {"a MAC bound twice, whatever its case",
           "mac: 3c-52-82-1a-4f-02",
           "mac: 3c-52-82-1a-4f-01",
           {"test.yaml:13:12: TerminalBinding/default: spec.bindings[1].mac: \"3C-52-82-1A-4F-01\" "
            "is bound already by spec.bindings[0] (MAC addresses compare without case)"}},
          {"the same MAC text twice",
           "mac: 3c-52-82-1a-4f-02",
           "mac: 3C-52-82-1A-4F-01",
           {"test.yaml:13:12: TerminalBinding/default: spec.bindings[1].mac: duplicate "
            "\"3C-52-82-1A-4F-01\" (first listed at line 10)"}},
          {"desktop name required",
           "      desktopName: eng-bob-01\n",
           "",
           {"test.yaml:13:7: TerminalBinding/default: spec.bindings[1].desktopName: required "
            "field is missing"}},
          {"desktop names follow L5127",
           "desktopName: eng-bob-01",
           "desktopName: eng_bob_01",
           {"test.yaml:14:20: TerminalBinding/default: spec.bindings[1].desktopName: must contain "
            "only letters, digits and hyphens, start with a letter or digit and not end with a "
            "hyphen; got \"eng_bob_01\""}},
          {"unknown field",
           "      desktopName: eng-bob-01\n",
           "      desktop: eng-bob-01\n",
           {"test.yaml:13:7: TerminalBinding/default: spec.bindings[1].desktopName: required "
            "field is missing",
            "test.yaml:14:7: TerminalBinding/default: spec.bindings[1].desktop: unknown field "
            "\"desktop\" (known fields: mac, desktopName, description)"}},
      });
}

TEST(TerminalBindingSpecTest, DecodesWithMacsCanonicalAndDesktopsAsReferences) {
  LoadResult r = LoadYaml(kBase);
  ASSERT_TRUE(r.ok());
  const Object& o = r.manifests.objects().at(0);
  const TerminalBindingSpec& t = *o.As<TerminalBindingSpec>();
  EXPECT_EQ(t.tc_bind_switch, "ON");
  EXPECT_EQ(t.tc_auto_bind_switch, "OFF");
  EXPECT_EQ(t.tc_auto_bind_max, 2);
  ASSERT_TRUE(t.bindings);
  EXPECT_EQ(*t.bindings, (std::vector<TerminalBindingItem>{
                             {"3C-52-82-1A-4F-01", "eng-alice-01", "alice's thin client"},
                             {"3C-52-82-1A-4F-02", "eng-bob-01", std::nullopt}}));
  ASSERT_EQ(o.refs.size(), 2u);
  EXPECT_EQ(o.refs[1].kind, "Desktop");
  EXPECT_EQ(o.refs[1].name, "eng-bob-01");
  EXPECT_EQ(o.refs[1].path, "spec.bindings[3C-52-82-1A-4F-02].desktopName") << "keyed by MAC";
  EXPECT_EQ(o.refs[1].mark.line, 14);
}

TEST(TerminalBindingSpecTest, UnsetFieldsAreUnmanaged) {
  LoadResult r = LoadYaml(
      "apiVersion: deskops.io/v1alpha1\nkind: TerminalBinding\nmetadata: {name: default}\n"
      "spec: {tcBindSwitch: \"OFF\"}\n");
  ASSERT_TRUE(r.ok());
  const TerminalBindingSpec& t = *r.manifests.objects().at(0).As<TerminalBindingSpec>();
  EXPECT_FALSE(t.tc_auto_bind_switch.has_value());
  EXPECT_FALSE(t.tc_auto_bind_max.has_value());
  EXPECT_FALSE(t.bindings.has_value()) << "bindings unmanaged, not an empty list";
}

TEST(TerminalBindingSpecTest, OnePerTenantNamedDefault) {
  LoadResult other = LoadYaml(testing::Patch(std::string(kBase), "name: default", "name: other"));
  EXPECT_EQ(testing::Lines(other.diagnostics),
            (std::vector<std::string>{"test.yaml:4:9: TerminalBinding/other: metadata.name: must "
                                      "be one of default; got \"other\""}));
  LoadResult twice = LoadYaml(std::string(kBase) +
                              "---\napiVersion: deskops.io/v1alpha1\nkind: TerminalBinding\n"
                              "metadata: {name: default}\nspec: {}\n");
  EXPECT_FALSE(twice.ok());
  ASSERT_EQ(twice.diagnostics.items().size(), 1u) << testing::Lines(twice.diagnostics).front();
  EXPECT_EQ(twice.diagnostics.items().front().mark.line, 18) << "the second document";
}

}  // namespace
}  // namespace deskops::specs
