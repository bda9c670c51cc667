#include "specs/loader.h"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/strings.h"
#include "test_util.h"

namespace deskops::specs {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Lines;
using testing::LoadYaml;

// A valid User document; `meta` is inserted into metadata (after name), `extra` into spec.
std::string User(const std::string& name, const std::string& extra = "",
                 const std::string& meta = "") {
  return "apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata:\n  name: " + name + "\n" + meta +
         "spec:\n  description: x\n" + extra;
}

class LoaderDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("deskops-loader-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string Write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  LoadResult Load(LoadOptions options = {}) { return LoadManifests({root_.string()}, options); }
  fs::path root_;
};

TEST_F(LoaderDirTest, NestedDirectoriesSortedAndHiddenSkipped) {
  Write("b/users.yaml", User("bob"));
  Write("a/deep/er/users.yml", User("alice"));
  Write(".git/objects/x.yaml", "not: [valid");
  Write(".hidden.yaml", "not: [valid");
  Write("notes.txt", "not yaml at all: [");
  Write("README.md", "# hi");
  LoadResult r = Load();
  ASSERT_TRUE(r.ok()) << Lines(r.diagnostics)[0];
  EXPECT_EQ(r.files, 2u);
  ASSERT_EQ(r.manifests.size(), 2u);
  EXPECT_EQ(r.manifests.objects()[0].meta.name, "alice") << "a/ sorts before b/";
  EXPECT_EQ(r.manifests.objects()[1].meta.name, "bob");
}

TEST_F(LoaderDirTest, MultiDocumentFilesAndEmptyDocuments) {
  Write("all.yaml", "---\n" + User("a") + "---\n# only a comment\n---\n" + User("b") + "---\n");
  LoadResult r = Load();
  ASSERT_TRUE(r.ok()) << Lines(r.diagnostics)[0];
  EXPECT_EQ(r.manifests.size(), 2u);
  EXPECT_EQ(r.documents, 2u);
  EXPECT_EQ(r.manifests.objects()[1].mark.line, 11) << "document positions are per file";
}

TEST_F(LoaderDirTest, DuplicatesAcrossFiles) {
  std::string first = Write("one.yaml", User("alice"));
  std::string second = Write("two.yaml", User("bob") + "---\n" + User("alice"));
  LoadResult r = Load();
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(Lines(r.diagnostics),
              ElementsAre(second +
                          ":11:9: User/alice: metadata.name: duplicate User \"alice\": "
                          "already defined at " +
                          first + ":4:9"));
  EXPECT_EQ(r.manifests.size(), 2u) << "the first definition is kept, the duplicate is not";
}

TEST_F(LoaderDirTest, DesktopNamesCompareCaseInsensitively) {
  const char* desktop = R"(apiVersion: deskops.io/v1alpha1
kind: Desktop
metadata: {name: %s}
spec: {productId: p, imageId: i, rootVolume: {type: SAS, size: 80}}
)";
  char a[512], b[512];
  std::snprintf(a, sizeof a, desktop, "ENG-01");
  std::snprintf(b, sizeof b, desktop, "eng-01");
  Write("a.yaml", a);
  std::string second = Write("b.yaml", b);
  LoadResult r = Load();
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_THAT(
      r.diagnostics.items()[0].ToString(),
      HasSubstr("b.yaml:3:18: Desktop/eng-01: metadata.name: duplicate Desktop \"eng-01\""));
  EXPECT_THAT(r.diagnostics.items()[0].ToString(),
              HasSubstr("(desktop names are case-insensitive)"));
  // Other kinds are case-sensitive: User "Alice" and "alice" are different users.
  Write("c.yaml", User("Alice") + "---\n" + User("alice"));
  EXPECT_EQ(Load().diagnostics.size(), 1u);
}

TEST_F(LoaderDirTest, MissingPathAndEmptyDirectory) {
  LoadResult missing = LoadManifests({(root_ / "nope").string()});
  EXPECT_FALSE(missing.ok());
  EXPECT_THAT(Lines(missing.diagnostics),
              ElementsAre((root_ / "nope").string() + ": no such file or directory"));
  LoadResult empty = Load();
  EXPECT_TRUE(empty.ok()) << "an empty directory is valid";
  EXPECT_TRUE(empty.manifests.empty());
  ASSERT_EQ(empty.diagnostics.size(), 1u);
  EXPECT_EQ(empty.diagnostics.items()[0].severity, Severity::kWarning);
}

TEST_F(LoaderDirTest, ExplicitFileIsReadWhateverItsExtension) {
  std::string path = Write("users.txt", User("alice"));
  LoadResult r = LoadManifests({path});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.manifests.size(), 1u);
}

TEST_F(LoaderDirTest, OversizedFileRejected) {
  std::string path = Write("big.yaml", std::string(2048, '#'));
  LoadOptions options;
  options.max_file_bytes = 1024;
  LoadResult r = LoadManifests({path}, options);
  EXPECT_THAT(Lines(r.diagnostics), ElementsAre(path + ": file is 2048 bytes; the limit is 1024"));
}

TEST_F(LoaderDirTest, EndlessDeviceStopsAtTheLimit) {
  // /dev/zero has no size to check first; reading it must stop just past the limit rather than
  // run out of memory.
  LoadOptions options;
  options.max_file_bytes = 1 << 20;
  LoadResult r = LoadManifests({"/dev/zero"}, options);
  EXPECT_THAT(Lines(r.diagnostics),
              ElementsAre("/dev/zero: larger than the limit of 1048576 bytes"));
}

TEST(LoaderStreamTest, StreamsAreBoundedToo) {
  LoadOptions options;
  options.max_file_bytes = 100;
  Loader big(options);
  std::istringstream too_much(std::string(101, '#'));
  big.AddStream(too_much, "<stdin>");
  EXPECT_THAT(Lines(std::move(big).Finish().diagnostics),
              ElementsAre("<stdin>: larger than the limit of 100 bytes"));
  Loader fits(options);
  std::istringstream exactly(std::string(100, '#'));  // a comment: no documents
  fits.AddStream(exactly, "<stdin>");
  LoadResult r = std::move(fits).Finish();
  EXPECT_TRUE(r.ok()) << Lines(r.diagnostics).size();
  EXPECT_EQ(r.files, 1u);
}

TEST_F(LoaderDirTest, ReportsAllErrorsAcrossFiles) {
  std::string a = Write("a.yaml", User("alice", "  userEmail: nope\n"));
  std::string b = Write("b.yaml",
                        "apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: "
                        "bob}\nspec: {password: x}\n---\nkind: Usr\n");
  std::string c = Write("c.yaml", "a: [1, 2\n");
  LoadResult r = Load();
  EXPECT_EQ(r.diagnostics.ErrorCount(), 4u) << ::testing::PrintToString(Lines(r.diagnostics));
  for (const auto& d : r.diagnostics.items()) {
    EXPECT_GT(d.mark.line, 0) << d.ToString();
    EXPECT_GT(d.mark.column, 0) << d.ToString();
  }
}

TEST(LoaderTest, DocumentLevelErrors) {
  struct Case {
    std::string name, yaml;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"malformed yaml",
       "apiVersion: deskops.io/v1alpha1\nkind: [User\n",
       {"test.yaml:3:1: invalid YAML: end of sequence flow not found"}},
      {"bad indentation",
       "kind: User\n metadata: x\n  name: y\n",
       {"test.yaml:2:10: invalid YAML: illegal map value"}},
      // yaml-cpp loops forever on this one, reporting empty documents (found by fuzz_manifest).
      {"stray comma at the top", ", a\n", {"test.yaml:1:1: invalid YAML: unexpected \",\""}},
      // yaml-cpp itself accepts these, swallowing every line after the opening quote.
      {"unterminated double quote",
       User("a", "  userPhone: \"123\n"),
       {"test.yaml:7:14: User/a: invalid YAML: this quoted text has no closing \" before the end "
        "of the file"}},
      {"unterminated single quote",
       User("a", "  userPhone: 'it''s\n"),
       {"test.yaml:7:14: User/a: invalid YAML: this quoted text has no closing ' before the end "
        "of the file"}},
      {"closed quotes with escapes",
       User("a", "  userPhone: \"a\\\"b\"\n  aliasName: 'it''s'\n"),
       {}},
      {"not a mapping",
       "- a\n- b\n",
       {"test.yaml:1:1: a manifest must be a mapping with apiVersion, kind, metadata and spec; got "
        "a list"}},
      {"kind missing",
       "apiVersion: deskops.io/v1alpha1\nmetadata: {name: a}\n",
       // Every registered kind, in the registry's order (specs/kinds.def).
       {"test.yaml:1:1: kind: is required: one of " + core::Join(KindNames(), ", ")}},
      {"kind unknown",
       "kind: Desktops\n",
       {"test.yaml:1:7: kind: unknown kind \"Desktops\"; did you mean \"Desktop\"?"}},
      {"kind far off",
       "kind: Server\n",
       {"test.yaml:1:7: kind: unknown kind \"Server\" (known kinds: " +
        core::Join(KindNames(), ", ") + ")"}},
      {"wrong api version",
       User("a").replace(12, 19, "deskops.io/v1"),
       {"test.yaml:1:13: User/a: apiVersion: must be one of deskops.io/v1alpha1; got "
        "\"deskops.io/v1\""}},
      {"missing metadata and spec",
       "apiVersion: deskops.io/v1alpha1\nkind: User\n",
       {"test.yaml:1:1: User/<unnamed>: metadata: required field is missing",
        "test.yaml:1:1: User/<unnamed>: spec: required field is missing"}},
      {"unknown top-level field",
       User("a") + "status: {}\n",
       {"test.yaml:7:1: User/a: status: unknown field \"status\" (known fields: apiVersion, kind, "
        "metadata, spec)"}},
      {"unknown metadata field",
       User("a", "", "  namespace: x\n"),
       {"test.yaml:5:3: User/a: metadata.namespace: unknown field \"namespace\" (known fields: "
        "name, labels, annotations)"}},
      {"duplicate key",
       User("a") + "  description: y\n",
       {"test.yaml:7:3: User/a: duplicate key \"description\" (first defined at line 6)"}},
      {"merge keys unsupported",
       User("a", "  userInfoMap: &m x\n  <<: {a: *m}\n"),
       {"test.yaml:8:3: User/a: YAML merge keys (<<) are not supported; write the fields out",
        "test.yaml:8:3: User/a: spec[\"<<\"]: unknown field \"<<\""}},
      {"unsupported tag",
       User("a").replace(User("a").size() - 2, 1, "!!binary x"),
       {"test.yaml:6:16: User/a: unsupported YAML tag \"tag:yaml.org,2002:binary\"; remove the "
        "tag and quote the value if it is text"}},
      {"NUL bytes",
       std::string("kind: User\n\0", 12),
       {"test.yaml:1:1: not a text file (contains NUL bytes)"}},
      {"label rules",
       User("a", "", "  labels: {\"-bad\": x, ok: \"not ok\"}\n"),
       {"test.yaml:5:12: User/a: metadata.labels[\"-bad\"] (key): must be a label key: an optional "
        "DNS prefix and \"/\", then up to 63 letters, digits, '-', '_' or '.', starting and ending "
        "alphanumeric; got \"-bad\"",
        "test.yaml:5:27: User/a: metadata.labels.ok: must be a label value: up to 63 letters, "
        "digits, '-', '_' or '.', starting and ending alphanumeric; got \"not ok\""}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Lines(LoadYaml(c.yaml).diagnostics), c.want);
  }
}

TEST(LoaderTest, AliasesExpandButBombsAreStopped) {
  LoadResult ok = LoadYaml(
      "apiVersion: deskops.io/v1alpha1\nkind: UserGroup\nmetadata: {name: g}\n"
      "spec: {platformType: LOCAL, members: &m [a, b]}\n---\n"
      "apiVersion: deskops.io/v1alpha1\nkind: UserGroup\nmetadata: {name: h}\n"
      "spec: {platformType: LOCAL, members: [c]}\n");
  EXPECT_TRUE(ok.ok());
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'h'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + std::string(1, c) + " [*" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + ", *" + prev + "]\n";
  }
  LoadResult r = LoadYaml(bomb);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_THAT(r.diagnostics.items()[0].ToString(),
              HasSubstr("document expands to more than 1000000 nodes (aliases included)"));
}

TEST(LoaderTest, DeepNestingStopped) {
  std::string deep = "spec: " + std::string(200, '[') + std::string(200, ']') + "\n";
  LoadResult r = LoadYaml(deep);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_THAT(r.diagnostics.items()[0].ToString(), HasSubstr("nesting deeper than 64 levels"));
}

constexpr std::string_view kRefs = R"(apiVersion: deskops.io/v1alpha1
kind: UserGroup
metadata: {name: eng}
spec:
  platformType: LOCAL
  members: [alice, alcie, ad-user-from-sync]
---
apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: alice}
spec: {}
)";

TEST(LoaderTest, ReferencesToUndeclaredObjects) {
  // A close miss of a declared name is probably a typo: a warning (an error in strict mode).
  // A name nothing resembles may exist only in the tenant (AD users): resolved at plan time.
  LoadResult lenient = LoadYaml(kRefs);
  EXPECT_TRUE(lenient.ok());
  EXPECT_THAT(Lines(lenient.diagnostics),
              ElementsAre("test.yaml:6:20: warning: UserGroup/eng: spec.members[1]: User \"alcie\" "
                          "is not declared in the manifests; did you mean \"alice\"?"));
  LoadOptions strict;
  strict.strict_references = true;
  LoadResult r = LoadYaml(kRefs, strict);
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(Lines(r.diagnostics),
              ElementsAre("test.yaml:6:20: UserGroup/eng: spec.members[1]: User \"alcie\" is not "
                          "declared in the manifests; did you mean \"alice\"?",
                          "test.yaml:6:27: UserGroup/eng: spec.members[2]: User "
                          "\"ad-user-from-sync\" is not declared in the manifests; it must "
                          "already exist in the tenant"));
}

TEST(LoaderTest, ReferencesResolveAcrossKindsAndCase) {
  LoadResult r = LoadYaml(R"(apiVersion: deskops.io/v1alpha1
kind: PolicyGroup
metadata: {name: pg}
spec:
  targets:
    - {targetType: INSTANCE, targetName: ENG-01}
    - {targetType: DESKTOPPOOL, targetName: pool-a}
---
apiVersion: deskops.io/v1alpha1
kind: Desktop
metadata: {name: eng-01}
spec: {productId: p, imageId: i, rootVolume: {type: SAS, size: 80}}
---
apiVersion: deskops.io/v1alpha1
kind: DesktopPool
metadata: {name: pool-a}
spec: {type: STATIC, size: 1, productId: p, imageId: i, rootVolume: {type: SAS, size: 80},
       subnetIds: [s]}
)",
                          [] {
                            LoadOptions o;
                            o.strict_references = true;
                            return o;
                          }());
  EXPECT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r.diagnostics));
}

TEST(LoaderTest, AnnotationsBecomeObjectPolicy) {
  LoadResult r = LoadYaml(User("a", "", R"(  annotations:
    deskops.io/prune: "false"
    deskops.io/suspend: "true"
    deskops.io/adopt: "false"
    deskops.io/allow-replace: "true"
    deskops.io/allow-destroy: "true"
    deskops.io/ignore-changes: "spec.description, spec.userEmail"
    example.com/owner: team-a
)"));
  ASSERT_TRUE(r.ok()) << Lines(r.diagnostics)[0];
  const ObjectPolicy& p = r.manifests.objects()[0].policy;
  EXPECT_EQ(p.prune, false);
  EXPECT_TRUE(p.suspend);
  EXPECT_EQ(p.adopt, false);
  EXPECT_TRUE(p.allow_replace);
  EXPECT_TRUE(p.allow_destroy);
  EXPECT_EQ(p.ignore_changes, (std::vector<std::string>{"spec.description", "spec.userEmail"}));
  EXPECT_EQ(r.manifests.objects()[0].meta.annotations.at("example.com/owner"), "team-a");
}

TEST(LoaderTest, AnnotationErrors) {
  LoadResult r = LoadYaml(User("a", "", R"(  annotations:
    deskops.io/prun: "false"
    deskops.io/suspend: "yes"
    deskops.io/ignore-changes: "spec.nope, status.x"
    deskops.io/frobnicate: "1"
)"));
  EXPECT_THAT(
      Lines(r.diagnostics),
      ElementsAre(
          "test.yaml:6:5: User/a: metadata.annotations[\"deskops.io/prun\"]: unknown deskops "
          "annotation \"deskops.io/prun\"; did you mean \"deskops.io/prune\"?",
          "test.yaml:7:25: User/a: metadata.annotations[\"deskops.io/suspend\"]: must be \"true\" "
          "or \"false\"; got \"yes\"",
          "test.yaml:8:32: User/a: metadata.annotations[\"deskops.io/ignore-changes\"]: "
          "\"spec.nope\" is not a field of this kind; write paths such as spec.tags or "
          "spec.powerState",
          "test.yaml:8:32: User/a: metadata.annotations[\"deskops.io/ignore-changes\"]: "
          "\"status.x\" is not a field of this kind; write paths such as spec.tags or "
          "spec.powerState",
          "test.yaml:9:5: User/a: metadata.annotations[\"deskops.io/frobnicate\"]: unknown deskops "
          "annotation \"deskops.io/frobnicate\" (known: deskops.io/prune, deskops.io/suspend, "
          "deskops.io/adopt, deskops.io/allow-replace, deskops.io/allow-destroy, "
          "deskops.io/disrupt-connected, deskops.io/ignore-changes, deskops.io/rollout)"));
}

TEST(LoaderTest, InvalidObjectsAreLeftOut) {
  LoadResult r = LoadYaml(User("good") + "---\n" + User("bad", "  userEmail: x\n"));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.manifests.size(), 1u);
  EXPECT_EQ(r.manifests.objects()[0].meta.name, "good");
  EXPECT_EQ(r.manifests.Find("User", "bad"), nullptr);
}

}  // namespace
}  // namespace deskops::specs
