#include "simulator/auth.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace deskops::simulator {
namespace {

using namespace std::chrono_literals;

TEST(AuthTest, SignaturesTokensAndProjects) {
  core::FakeClock clock;
  Credentials creds{"AK1", "secret-1", "project-1", "token-1"};
  Authenticator auth(creds, clock);
  const std::string path = "/v2/project-1/desktops";
  struct Case {
    std::string name;
    Request request;
    std::string project;
    int want_status;  // 0: accepted
    std::string want_code;
  };
  auto signed_at = [&](core::Clock::WallTime t, std::string ak = "AK1",
                       std::string sk = "secret-1") {
    return testing::SignedRequest("GET", path, "limit=1", "", ak, sk, t);
  };
  Request tampered = signed_at(clock.Now());
  tampered.query = "limit=2";
  Request token;
  token.method = "GET", token.path = path, token.headers = {{"x-auth-token", "token-1"}};
  Request bad_token = token;
  bad_token.headers = {{"x-auth-token", "nope"}};
  Request other_project_header = signed_at(clock.Now());
  other_project_header.headers.emplace_back("x-project-id", "project-2");
  const Case cases[] = {
      {"valid signature", signed_at(clock.Now()), "project-1", 0, ""},
      {"14 minutes behind", signed_at(clock.Now() - 14min), "project-1", 0, ""},
      {"16 minutes behind", signed_at(clock.Now() - 16min), "project-1", 401, "APIGW.0303"},
      {"16 minutes ahead", signed_at(clock.Now() + 16min), "project-1", 401, "APIGW.0303"},
      {"wrong secret", signed_at(clock.Now(), "AK1", "other"), "project-1", 401, "APIGW.0303"},
      {"unknown access key", signed_at(clock.Now(), "AK2"), "project-1", 401, "APIGW.0303"},
      {"tampered query", tampered, "project-1", 401, "APIGW.0303"},
      {"wrong project", signed_at(clock.Now()), "project-2", 401, "WKS.00010025"},
      {"X-Project-Id mismatch", other_project_header, "project-1", 401, "WKS.00010025"},
      {"token", token, "project-1", 0, ""},
      {"bad token", bad_token, "project-1", 401, "WKS.5100"},
      {"no credentials", Request{"GET", path, "", {}, "", ""}, "project-1", 401, "APIGW.0301"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    core::Status status = auth.Check(c.request, c.project);
    EXPECT_EQ(status.http_status(), c.want_status) << status.ToString();
    EXPECT_EQ(status.api_code(), c.want_code);
  }
}

TEST(AuthTest, UnsignedDateIsRejected) {
  core::FakeClock clock;
  Authenticator auth({"AK1", "secret-1", "p", std::nullopt}, clock);
  Request r = testing::SignedRequest("GET", "/v2/p/x", "", "", "AK1", "secret-1", clock.Now());
  for (auto& [name, value] : r.headers) {
    if (name == "authorization") {
      value.replace(value.find("content-type;host;x-sdk-date"), 28, "content-type;host");
    }
  }
  core::Status status = auth.Check(r, "p");
  EXPECT_EQ(status.api_code(), "APIGW.0303");
  EXPECT_NE(status.message().find("x-sdk-date"), std::string_view::npos);
}

TEST(AuthTest, NewKeysReplaceTheOldOnes) {
  core::FakeClock clock;
  Authenticator auth({"AK1", "secret-1", "p", std::nullopt}, clock);
  auth.SetKeys("AK2", "secret-2");
  auto signed_with = [&](std::string ak, std::string sk) {
    return auth.Check(testing::SignedRequest("GET", "/v2/p/x", "", "", ak, sk, clock.Now()), "p");
  };
  EXPECT_TRUE(signed_with("AK2", "secret-2").ok());
  EXPECT_EQ(signed_with("AK1", "secret-1").api_code(), "APIGW.0303") << "the old pair is revoked";
  EXPECT_EQ(signed_with("AK2", "secret-1").api_code(), "APIGW.0303");
  EXPECT_EQ(auth.credentials().access_key, "AK2");
  EXPECT_EQ(auth.credentials().project_id, "p") << "the project stays";
}

TEST(AuthTest, TokenRefusedWhenNoneConfigured) {
  core::FakeClock clock;
  Authenticator auth({"AK1", "secret-1", "p", std::nullopt}, clock);
  Request r;
  r.method = "GET", r.path = "/v2/p/x", r.headers = {{"x-auth-token", ""}};
  EXPECT_EQ(auth.Check(r, "p").api_code(), "WKS.5100");
}

}  // namespace
}  // namespace deskops::simulator
