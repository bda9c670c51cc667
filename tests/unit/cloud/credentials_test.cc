#include "cloud/credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "core/redact.h"

namespace deskops::cloud {
namespace {

using ::testing::HasSubstr;

GetEnv Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& k) -> std::optional<std::string> {
    auto it = vars.find(k);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string TempFile(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / ("deskops-creds-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

TEST(CredentialsTest, FromSdkEnvironmentVariables) {
  auto c = LoadCredentials({}, Env({{"HUAWEICLOUD_SDK_AK", "AK1"},
                                    {"HUAWEICLOUD_SDK_SK", "sk-env-value-1"},
                                    {"HUAWEICLOUD_SDK_SECURITY_TOKEN", "tok"},
                                    {"HUAWEICLOUD_SDK_PROJECT_ID", "p1"}}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->ak, "AK1");
  EXPECT_EQ(c->sk, "sk-env-value-1");
  EXPECT_EQ(c->security_token, "tok");
  EXPECT_EQ(c->project_id, "p1");
  EXPECT_FALSE(c->UsesToken());
  EXPECT_EQ(core::SecretRegistry::Global().Redact("x sk-env-value-1 x"), "x [REDACTED] x");
}

TEST(CredentialsTest, FromFilesAndSystemdCredentials) {
  std::string sk_file = TempFile("sk-file", "sk-from-file\n");
  std::string dir = std::filesystem::path(TempFile("ak", "ak-from-systemd\n")).parent_path();
  TempFile("project_id", "p-systemd");
  auto c = LoadCredentials(
      {}, Env({{"HUAWEICLOUD_SDK_SK_FILE", sk_file}, {"CREDENTIALS_DIRECTORY", dir}}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->ak, "ak-from-systemd") << "trailing newline dropped";
  EXPECT_EQ(c->sk, "sk-from-file");
  EXPECT_EQ(c->project_id, "p-systemd");
}

TEST(CredentialsTest, ExplicitReferencesWin) {
  std::string sk_file = TempFile("explicit-sk", "explicit-sk-value");
  CredentialSources s;
  s.ak.env = "MY_AK";
  s.sk.file = sk_file;
  auto c = LoadCredentials(s, Env({{"MY_AK", "mine"},
                                   {"HUAWEICLOUD_SDK_AK", "other"},
                                   {"HUAWEICLOUD_SDK_PROJECT_ID", "p"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->ak, "mine");
  EXPECT_EQ(c->sk, "explicit-sk-value");
  s.ak.env = "UNSET_VAR";
  auto missing = LoadCredentials(s, Env({}));
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("UNSET_VAR is not set"));
}

TEST(CredentialsTest, TokenInsteadOfKeys) {
  auto c = LoadCredentials(
      {}, Env({{"HUAWEICLOUD_SDK_AUTH_TOKEN", "t"}, {"HUAWEICLOUD_SDK_PROJECT_ID", "p"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->UsesToken());
}

TEST(CredentialsTest, ClearErrors) {
  struct Case {
    std::map<std::string, std::string> env;
    std::string want;
  };
  const Case cases[] = {
      {{}, "no credentials"},
      {{{"HUAWEICLOUD_SDK_AK", "a"}, {"HUAWEICLOUD_SDK_PROJECT_ID", "p"}}, "an AK without an SK"},
      {{{"HUAWEICLOUD_SDK_AK", "a"}, {"HUAWEICLOUD_SDK_SK", "s"}}, "no project ID"},
      {{{"HUAWEICLOUD_SDK_SK_FILE", "/nonexistent/sk"}}, "cannot read credential file"},
  };
  for (const auto& c : cases) {
    auto r = LoadCredentials({}, Env(c.env));
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.want));
  }
}

TEST(CredentialsTest, OriginsNameEachSource) {
  std::string sk_file = TempFile("origin-sk", "sk-origin-value\n");
  auto l = LoadCredentialsWithOrigins({}, Env({{"HUAWEICLOUD_SDK_AK", "ak-origin"},
                                               {"HUAWEICLOUD_SDK_SK_FILE", sk_file},
                                               {"HUAWEICLOUD_SDK_PROJECT_ID", "p"}}));
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  ASSERT_EQ(l->origins.size(), 5u);
  EXPECT_EQ(l->origins[0].name, CredentialName::kAk);
  EXPECT_EQ(l->origins[0].source, "env HUAWEICLOUD_SDK_AK");
  EXPECT_EQ(l->origins[1].source, "file " + sk_file);
  EXPECT_EQ(l->origins[2].source, "") << "no security token anywhere";
  EXPECT_EQ(l->Files(), std::vector<std::string>{sk_file}) << "only files are watched";
}

// Which credentials a second load reports as changed: by name and source, never by value.
TEST(CredentialsTest, ChangedCredentialsNamesWithoutValues) {
  struct Case {
    std::string name;
    std::map<std::string, std::string> before, after;
    std::vector<std::string> want;
  };
  const std::map<std::string, std::string> base = {{"HUAWEICLOUD_SDK_AK", "AKOLD"},
                                                   {"HUAWEICLOUD_SDK_SK", "sk-old-value"},
                                                   {"HUAWEICLOUD_SDK_PROJECT_ID", "p"}};
  auto with = [&](std::map<std::string, std::string> extra) {
    auto m = base;
    for (auto& [k, v] : extra) m[k] = v;
    return m;
  };
  const Case cases[] = {
      {"nothing", base, base, {}},
      {"sk only",
       base,
       with({{"HUAWEICLOUD_SDK_SK", "sk-new-value"}}),
       {"sk from env HUAWEICLOUD_SDK_SK"}},
      {"both keys",
       base,
       with({{"HUAWEICLOUD_SDK_AK", "AKNEW"}, {"HUAWEICLOUD_SDK_SK", "sk-new-value"}}),
       {"ak from env HUAWEICLOUD_SDK_AK", "sk from env HUAWEICLOUD_SDK_SK"}},
      {"token added",
       base,
       with({{"HUAWEICLOUD_SDK_SECURITY_TOKEN", "sts-token"}}),
       {"security_token from env HUAWEICLOUD_SDK_SECURITY_TOKEN"}},
      {"token removed",
       with({{"HUAWEICLOUD_SDK_SECURITY_TOKEN", "sts-token"}}),
       base,
       {"security_token (now unset)"}},
  };
  for (const auto& c : cases) {
    auto before = LoadCredentialsWithOrigins({}, Env(c.before));
    auto after = LoadCredentialsWithOrigins({}, Env(c.after));
    ASSERT_TRUE(before.ok() && after.ok()) << c.name;
    auto changed = ChangedCredentials(*before, *after);
    EXPECT_EQ(changed, c.want) << c.name;
    for (const auto& line : changed) {
      EXPECT_THAT(line, ::testing::Not(HasSubstr("value"))) << c.name;
      EXPECT_THAT(line, ::testing::Not(HasSubstr("sts-token"))) << c.name;
    }
  }
}

}  // namespace
}  // namespace deskops::cloud
