#include "specs/user.h"

#include "test_util.h"

namespace deskops::specs {
namespace {

using testing::LoadYaml;
using testing::RunCases;

constexpr std::string_view kBase = R"(apiVersion: deskops.io/v1alpha1
kind: User
metadata:
  name: alice
spec:
  userEmail: alice@example.com
  activeType: ADMIN_ACTIVATE
  passwordFrom:
    env: ALICE_PASSWORD
  accountExpires: "2027-12-31T23:59:59Z"
  description: Engineer
)";

TEST(UserSpecTest, Rules) {
  RunCases(kBase, {
      {"valid", "", "", {}},
      {"password from a file", "env: ALICE_PASSWORD", "file: /run/credentials/alice", {}},
      {"never expires", "\"2027-12-31T23:59:59Z\"", "\"0\"", {}},
      {"expiry with milliseconds", "\"2027-12-31T23:59:59Z\"", "\"2027-12-31T23:59:59.000Z\"", {}},
      {"name starts with hyphen", "name: alice", "name: -alice",
       {"test.yaml:4:9: User/-alice: metadata.name: must contain only letters, digits, hyphens "
        "and underscores and start with a letter or digit; got \"-alice\""}},
      {"name too long", "name: alice", "name: a234567890123456789012345678901234",
       {"test.yaml:4:9: User/a234567890123456789012345678901234: metadata.name: must be at most "
        "32 characters, got 34"}},
      {"inline password", "  passwordFrom:\n    env: ALICE_PASSWORD\n", "  password: Secr3t!pw\n",
       {"test.yaml:7:15: User/alice: spec.passwordFrom: is required when activeType is "
        "ADMIN_ACTIVATE (the administrator sets the initial password, L17002)",
        "test.yaml:8:3: User/alice: spec.password: inline passwords are not allowed: manifests "
        "live in version control. Write passwordFrom: {env: VARIABLE} or passwordFrom: {file: "
        "/path/to/secret} instead"}},
      {"both env and file", "env: ALICE_PASSWORD", "env: ALICE_PASSWORD\n    file: /x",
       {"test.yaml:9:5: User/alice: spec.passwordFrom: takes only one of env or file"}},
      {"neither env nor file", "env: ALICE_PASSWORD", "{}",
       {"test.yaml:9:5: User/alice: spec.passwordFrom: needs one of env or file"}},
      {"env name never echoed", "env: ALICE_PASSWORD", "env: \"hunter2 pw\"",
       {"test.yaml:9:10: User/alice: spec.passwordFrom.env: must be an environment variable name "
        "(letters, digits and underscores, not starting with a digit); got (value hidden)"}},
      {"admin activation needs a password", "  passwordFrom:\n    env: ALICE_PASSWORD\n", "",
       {"test.yaml:7:15: User/alice: spec.passwordFrom: is required when activeType is "
        "ADMIN_ACTIVATE (the administrator sets the initial password, L17002)"}},
      {"active type enum", "activeType: ADMIN_ACTIVATE", "activeType: ADMIN",
       {"test.yaml:7:15: User/alice: spec.activeType: must be one of USER_ACTIVATE, "
        "ADMIN_ACTIVATE; got \"ADMIN\""}},
      {"expiry format", "\"2027-12-31T23:59:59Z\"", "\"2027-12-31 23:59:59\"",
       {"test.yaml:10:19: User/alice: spec.accountExpires: must be \"0\" (never) or a UTC time "
        "such as 2027-12-31T23:59:59Z; got \"2027-12-31 23:59:59\""}},
      {"expiry as a number", "\"2027-12-31T23:59:59Z\"", "0",
       {"test.yaml:10:19: User/alice: spec.accountExpires: expected a string, got an integer; "
        "quote it (\"0\") if it is meant as text"}},
      {"description too long", "description: Engineer", "description: " + std::string(256, 'x'),
       {"test.yaml:11:16: User/alice: spec.description: must be at most 255 characters, got 256"}},
      {"email", "alice@example.com", "alice.example.com",
       {"test.yaml:6:14: User/alice: spec.userEmail: must be an e-mail address such as "
        "alice@example.com; got \"alice.example.com\""}},
  });
}

TEST(UserSpecTest, Decodes) {
  LoadResult r = LoadYaml(testing::Patch(std::string(kBase), "  description: Engineer",
                                         "  description: Engineer\n  locked: true\n  disabled: "
                                         "false\n  passwordNeverExpired: true"));
  ASSERT_TRUE(r.ok());
  const UserSpec& u = *r.manifests.objects().at(0).As<UserSpec>();
  EXPECT_EQ(u.user_email, "alice@example.com");
  EXPECT_EQ(u.active_type, "ADMIN_ACTIVATE");
  ASSERT_TRUE(u.password_from);
  EXPECT_EQ(u.password_from->env, "ALICE_PASSWORD");
  EXPECT_FALSE(u.password_from->file);
  EXPECT_EQ(u.account_expires, "2027-12-31T23:59:59Z");
  EXPECT_EQ(u.locked, true);
  EXPECT_EQ(u.disabled, false);
  EXPECT_EQ(u.password_never_expired, true);
  EXPECT_FALSE(u.enable_change_password);
}

}  // namespace
}  // namespace deskops::specs
