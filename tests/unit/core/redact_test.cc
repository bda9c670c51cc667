#include "core/redact.h"

#include <gtest/gtest.h>

namespace deskops::core {
namespace {

TEST(SecretRegistryTest, RedactsEveryOccurrence) {
  SecretRegistry r;
  r.Register("s3cr3t-SK");
  EXPECT_EQ(r.Redact("sk=s3cr3t-SK and again s3cr3t-SK."),
            "sk=[REDACTED] and again [REDACTED].");
  EXPECT_EQ(r.Redact("nothing here"), "nothing here");
}

TEST(SecretRegistryTest, RedactsJsonEscapedForm) {
  SecretRegistry r;
  r.Register("pa\"ss\\word");
  EXPECT_EQ(r.Redact(R"({"password":"pa\"ss\\word"})"), R"({"password":"[REDACTED]"})");
}

TEST(SecretRegistryTest, LongerSecretsWinOverContainedOnes) {
  SecretRegistry r;
  r.Register("abc");
  r.Register("xxabcxx");
  EXPECT_EQ(r.Redact("xxabcxx abc"), "[REDACTED] [REDACTED]");
}

TEST(SecretRegistryTest, IgnoresEmptySecrets) {
  SecretRegistry r;
  r.Register("");
  EXPECT_EQ(r.size(), 0u);
  EXPECT_EQ(r.Redact("abc"), "abc");
}

TEST(IsSecretKeyTest, Table) {
  struct Case {
    const char* key;
    bool want;
  };
  const Case cases[] = {
      {"password", true},       {"userPassword", true},   {"sk", true},
      {"SK", true},             {"Authorization", true},  {"X-Auth-Token", true},
      {"X-Security-Token", true}, {"client_secret", true}, {"kind", false},
      {"name", false},          {"job_id", false},        {"token_count_total", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsSecretKey(c.key), c.want) << c.key;
}

}  // namespace
}  // namespace deskops::core
