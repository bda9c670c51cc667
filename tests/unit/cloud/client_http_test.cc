// ApiClient over the real Beast transport against a local server: retries and their limits as
// they behave on the wire.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "cloud/api_client.h"
#include "cloud/api_error.h"
#include "test_server.h"

namespace deskops::cloud {
namespace {

using namespace std::chrono_literals;
using testing::Reply;
using testing::TestServer;

class ClientHttpTest : public ::testing::Test {
 protected:
  std::unique_ptr<ApiClient> Make(const std::string& url) {
    TransportOptions t;
    t.endpoint = url;
    auto transport = MakeHttpTransport(t);
    EXPECT_TRUE(transport.ok());
    ClientOptions o;
    o.endpoint = url;
    o.attempt_timeout = 2s;
    o.limits.requests_per_second = 0;
    return std::make_unique<ApiClient>(o, Credentials{"AK", "SK-http-test", "", "p1", ""},
                                       std::move(*transport), clock_);
  }
  core::FakeClock clock_;
};

TEST_F(ClientHttpTest, TooManyRequestsWaitsForRetryAfter) {
  std::atomic<int> n{0};
  TestServer server([&](const auto&) {
    if (n++ == 0) {
      Reply r = Reply::Json(429, R"({"error_code":"APIGW.0308","error_msg":"throttled"})");
      r.headers.emplace_back("Retry-After", "4");
      return r;
    }
    return Reply::Json(200, R"({"users":[],"total_count":0})");
  });
  auto client = Make(server.url());
  auto start = clock_.Monotonic();
  auto res = client->Call({&ops::kListUsers, {}, {}, ""});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_GE(clock_.Monotonic() - start, 4s);
}

TEST_F(ClientHttpTest, ResetConnectionIsRetriedForReads) {
  std::atomic<int> n{0};
  TestServer server([&](const auto&) {
    if (n++ == 0) {
      Reply r;
      r.action = Reply::Action::kReset;
      return r;
    }
    return Reply::Json(200, "{}");
  });
  auto client = Make(server.url());
  EXPECT_TRUE(client->Call({&ops::kListDesktopsDetail, {}, {}, ""}).ok());
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST_F(ClientHttpTest, PostWithUnknownOutcomeIsNotResent) {
  TestServer server([](const auto&) {
    Reply r;
    r.action = Reply::Action::kReset;
    return r;
  });
  auto client = Make(server.url());
  auto res = client->Call({&ops::kCreateDesktops, {}, {}, R"({"desktops":[]})"});
  EXPECT_EQ(res.status().code(), core::StatusCode::kUnknown);
  EXPECT_THAT(std::string(res.status().message()), ::testing::HasSubstr("outcome unknown"));
  EXPECT_EQ(server.requests().size(), 1u) << "a create that may have happened is never resent";
}

TEST_F(ClientHttpTest, SlowServerHitsTheAttemptDeadline) {
  TestServer server([](const auto&) {
    Reply r = Reply::Json(200, "{}");
    r.delay = 3s;
    return r;
  });
  auto client = Make(server.url());
  auto start = std::chrono::steady_clock::now();
  auto res = client->Call({&ops::kCreateUser, {}, {}, "{}"});
  EXPECT_EQ(res.status().code(), core::StatusCode::kUnknown) << res.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2900ms);
}

TEST(ApiErrorTest, StatusMapping) {
  struct Case {
    int http;
    std::string body;
    core::StatusCode want;
    std::string code;
  };
  const Case cases[] = {
      {400, R"({"error_code":"WKS.0418","error_msg":"x"})", core::StatusCode::kNotFound,
       "WKS.0418"},
      {400, R"({"error_code":"WKS.0509","error_msg":"x"})", core::StatusCode::kInvalidArgument,
       "WKS.0509"},
      {409, R"({"error_code":"WKS.00010032","error_msg":"x"})", core::StatusCode::kAborted,
       "WKS.00010032"},
      {200, R"({"error_code":"WKS.0417","error_msg":"dup"})", core::StatusCode::kAlreadyExists,
       "WKS.0417"},
      {401, R"({"error_msg":"verify signature fail","error_code":"APIGW.0303"})",
       core::StatusCode::kUnauthenticated, "APIGW.0303"},
      {404, R"({"error":{"code":"X.1","message":"nested"}})", core::StatusCode::kNotFound, "X.1"},
      {502, "<html>Bad Gateway</html>", core::StatusCode::kUnavailable, ""},
      {500, R"({"error_code":"WKS.0002"})", core::StatusCode::kInternal, "WKS.0002"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    core::Status s = ApiErrorStatus(ops::kListUsers, HttpResponse{c.http, {}, c.body});
    EXPECT_EQ(s.code(), c.want);
    EXPECT_EQ(s.api_code(), c.code);
    EXPECT_EQ(s.http_status(), c.http);
  }
  EXPECT_EQ(ApiErrorStatus(ops::kListUsers,
                           HttpResponse{401, {}, R"({"error_code":"APIGW.0303","error_msg":"bad"})"})
                .message(),
            "users.list: HTTP 401 APIGW.0303: bad");
}

}  // namespace
}  // namespace deskops::cloud
