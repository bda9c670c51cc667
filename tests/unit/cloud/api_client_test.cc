#include "cloud/api_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>

#include "cloud/signer.h"
#include "core/redact.h"

namespace deskops::cloud {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// A Transport that plays back scripted results and records what was sent.
struct FakeTransport : Transport {
  std::deque<core::StatusOr<HttpResponse>> script;
  std::vector<HttpRequest> sent;
  core::StatusOr<HttpResponse> Send(const HttpRequest& r, Deadline) override {
    sent.push_back(r);
    if (script.empty()) return HttpResponse{200, {}, "{}"};
    auto next = script.front();
    script.pop_front();
    return next;
  }
};

HttpResponse Http(int status, std::string body = "{}", HeaderList headers = {}) {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

std::string Err(const std::string& code) {
  return R"({"error_code":")" + code + R"(","error_msg":"message for )" + code + R"("})";
}

class ApiClientTest : public ::testing::Test {
 protected:
  ApiClient& Make(Credentials creds = {"AK1", "SK-secret-1", "", "proj1", ""}) {
    auto t = std::make_unique<FakeTransport>();
    transport_ = t.get();
    ClientOptions o;
    o.endpoint = "https://workspace.example.com";
    o.limits.requests_per_second = 0;  // unlimited unless a test says otherwise
    o.jitter_seed = 7;
    client_ = std::make_unique<ApiClient>(o, creds, std::move(t), clock_);
    return *client_;
  }
  core::FakeClock clock_{core::Clock::WallTime(std::chrono::seconds(1573788615))};
  FakeTransport* transport_ = nullptr;
  std::unique_ptr<ApiClient> client_;
};

TEST_F(ApiClientTest, BuildsPathHeadersAndBody) {
  ApiClient& c = Make();
  auto req = c.Build({&ops::kExpandVolume, {"d1", "v 1"}, {{"x", "1"}}, R"({"new_size":20})"});
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->method, "POST");
  EXPECT_EQ(req->path, "/v2/proj1/desktops/d1/volumes/v 1/expand");
  EXPECT_EQ(req->body, R"({"new_size":20})");
  EXPECT_EQ(req->headers,
            (HeaderList{{"Host", "workspace.example.com"}, {"Content-Type", "application/json"}}));
  auto missing = c.Build({&ops::kExpandVolume, {"d1"}, {}, ""});
  EXPECT_EQ(missing.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("volume_id"));
}

TEST_F(ApiClientTest, SignsWhatItSends) {
  ApiClient& c = Make({"AK1", "SK-secret-1", "temp-token", "proj1", ""});
  ASSERT_TRUE(c.Call({&ops::kDeleteAccessPolicies, {}, {}, R"({"policy_id_list":["a"]})"}).ok());
  const HttpRequest& sent = transport_->sent.at(0);
  auto header = [&](std::string_view name) {
    for (const auto& [k, v] : sent.headers)
      if (k == name) return v;
    return std::string();
  };
  EXPECT_EQ(header("X-Sdk-Date"), "20191115T033015Z");
  EXPECT_EQ(header("X-Project-Id"), "proj1");
  EXPECT_EQ(header("X-Security-Token"), "temp-token");
  EXPECT_EQ(sent.body, R"({"policy_id_list":["a"]})") << "DELETE carries its body";
  // Recompute the signature over the headers sent (minus Authorization) with the secret key.
  HeaderList signed_headers;
  for (const auto& h : sent.headers)
    if (h.first != "Authorization") signed_headers.push_back(h);
  Signature want =
      Sign({sent.method, sent.path, sent.query, signed_headers, sent.body}, "AK1", "SK-secret-1");
  EXPECT_EQ(header("Authorization"), want.authorization);
  EXPECT_EQ(want.signed_headers, "content-type;host;x-project-id;x-sdk-date;x-security-token");
}

TEST_F(ApiClientTest, TokenAuthentication) {
  ApiClient& c = Make({"", "", "", "proj1", "tok-123"});
  ASSERT_TRUE(c.Call({&ops::kListUsers, {}, {}, ""}).ok());
  const auto& h = transport_->sent.at(0).headers;
  EXPECT_NE(
      std::find(h.begin(), h.end(), std::pair<std::string, std::string>{"X-Auth-Token", "tok-123"}),
      h.end());
  for (const auto& [k, v] : h) EXPECT_NE(k, "Authorization");
}

TEST_F(ApiClientTest, A401IsSentAgainOnlyWithNewCredentials) {
  struct Case {
    std::string name;
    // What the refresh hook does: rotate the client's keys itself (as its own re-read would), or
    // find them rotated by another call meanwhile (they changed, but this refresh saw nothing new).
    bool rotates, reports_change;
    std::vector<std::string> want_keys;
  };
  const Case cases[] = {
      {"unchanged: the 401 is final", false, false, {"AK1"}},
      {"this refresh rotated them", true, true, {"AK1", "AK2"}},
      {"another call rotated them meanwhile", true, false, {"AK1", "AK2"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ApiClient& client = Make();
    int refreshes = 0;
    client.set_credential_refresh([&] {
      ++refreshes;
      if (c.rotates) client.SetCredentials({"AK2", "SK-secret-2", "", "proj1", ""});
      return c.reports_change;
    });
    transport_->script = {Http(401, Err("APIGW.0303")), Http(401, Err("APIGW.0303"))};
    auto res = client.Call({&ops::kListUsers, {}, {}, ""});
    std::vector<std::string> keys;
    for (const auto& sent : transport_->sent) {
      for (const auto& [k, v] : sent.headers) {
        if (k == "Authorization") keys.push_back(v.substr(v.find("Access=") + 7, 3));
      }
    }
    EXPECT_EQ(keys, c.want_keys);
    EXPECT_EQ(refreshes, 1) << "one re-read per call";
    EXPECT_EQ(res.status().http_status(), 401) << "the second 401 is final";
  }
}

struct RetryCase {
  std::string name;
  const Operation* op;
  std::vector<core::StatusOr<HttpResponse>> script;
  int want_attempts;
  core::StatusCode want_code;
  std::string want_message;  // substring; empty when OK
};

TEST_F(ApiClientTest, RetryDecisions) {
  using core::Status;
  using core::StatusCode;
  const RetryCase cases[] = {
      {"503 then success",
       &ops::kListDesktopsDetail,
       {Http(503), Http(503), Http(200)},
       3,
       StatusCode::kOk,
       ""},
      {"408 retried", &ops::kCreateUser, {Http(408), Http(201)}, 2, StatusCode::kOk, ""},
      {"busy conflict retried even for POST",
       &ops::kDesktopsAction,
       {Http(409, Err("WKS.00010032")), Http(200)},
       2,
       StatusCode::kOk,
       ""},
      {"disks being added retried",
       &ops::kAddVolumes,
       {Http(403, Err("WKS.0407")), Http(200)},
       2,
       StatusCode::kOk,
       ""},
      {"not found is final",
       &ops::kGetPool,
       {Http(400, Err("WKS.0001"))},
       1,
       StatusCode::kNotFound,
       "pools.get: HTTP 400 WKS.0001: message for WKS.0001"},
      {"quota is final",
       &ops::kCreateDesktops,
       {Http(400, Err("WKS.0106"))},
       1,
       StatusCode::kResourceExhausted,
       "WKS.0106"},
      {"bad signature is final",
       &ops::kListUsers,
       {Http(401, Err("APIGW.0303"))},
       1,
       StatusCode::kUnauthenticated,
       "APIGW.0303"},
      {"502 on GET retried",
       &ops::kListUsers,
       {Http(502, "<html>bad gateway</html>"), Http(200)},
       2,
       StatusCode::kOk,
       ""},
      {"502 on POST not resent",
       &ops::kCreateDesktops,
       {Http(502)},
       1,
       StatusCode::kUnknown,
       "outcome unknown"},
      {"500 on GET retried",
       &ops::kListUsers,
       {Http(500, Err("WKS.0002")), Http(200)},
       2,
       StatusCode::kOk,
       ""},
      {"500 on POST is final",
       &ops::kCreateUser,
       {Http(500, Err("WKS.0002")), Http(201)},
       1,
       StatusCode::kInternal,
       "users.create: HTTP 500 WKS.0002"},
      {"not sent is retried for POST",
       &ops::kCreateDesktops,
       {Status::Unavailable("connect: refused (request not sent)"), Http(200)},
       2,
       StatusCode::kOk,
       ""},
      {"sent without answer: POST not resent",
       &ops::kCreateDesktops,
       {Status::Unknown("read: connection reset (request sent; outcome unknown)")},
       1,
       StatusCode::kUnknown,
       "desktops.create: read: connection reset"},
      {"sent without answer: GET resent",
       &ops::kListDesktopsDetail,
       {Status::DeadlineExceeded("read: deadline"), Http(200)},
       2,
       StatusCode::kOk,
       ""},
      {"TLS failure is final",
       &ops::kListUsers,
       {Status::FailedPrecondition("TLS certificate verification failed")},
       1,
       StatusCode::kFailedPrecondition,
       "TLS"},
      {"gives up after max attempts",
       &ops::kListUsers,
       {Http(503), Http(503), Http(503), Http(503), Http(503), Http(503), Http(200)},
       6,
       StatusCode::kUnavailable,
       "giving up after 6 attempts: users.list: HTTP 503"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ApiClient& client = Make();
    transport_->script.assign(c.script.begin(), c.script.end());
    auto res = client.Call({c.op, {"x", "y"}, {}, "{}"});
    EXPECT_EQ(static_cast<int>(transport_->sent.size()), c.want_attempts);
    EXPECT_EQ(res.status().code(), c.want_code) << res.status().ToString();
    if (!c.want_message.empty()) {
      EXPECT_THAT(std::string(res.status().message()), HasSubstr(c.want_message));
    }
  }
}

TEST_F(ApiClientTest, ErrorsCarryHttpStatusAndCode) {
  ApiClient& c = Make();
  transport_->script = {Http(400, Err("WKS.0106"))};
  auto res = c.Call({&ops::kCreateDesktops, {}, {}, "{}"});
  EXPECT_EQ(res.status().http_status(), 400);
  EXPECT_EQ(res.status().api_code(), "WKS.0106");
}

TEST_F(ApiClientTest, RetryAfterIsHonouredAndPausesEveryone) {
  ApiClient& c = Make();
  transport_->script = {Http(429, "{}", {{"Retry-After", "7"}}), Http(200)};
  auto before = clock_.Monotonic();
  ASSERT_TRUE(c.Call({&ops::kListUsers, {}, {}, ""}).ok());
  EXPECT_GE(clock_.Monotonic() - before, 7s);
  EXPECT_LT(clock_.Monotonic() - before, 8s);
}

TEST_F(ApiClientTest, AHugeRetryAfterPausesNoLongerThanTheLongestHonoured) {
  ApiClient& c = Make();
  transport_->script = {Http(429, "{}", {{"Retry-After", "100000"}}), Http(200)};
  auto before = clock_.Monotonic();
  ASSERT_TRUE(c.Call({&ops::kListUsers, {}, {}, ""}).ok());
  EXPECT_GE(clock_.Monotonic() - before, RetryPolicy{}.max_retry_after);
  EXPECT_LT(clock_.Monotonic() - before, RetryPolicy{}.max_retry_after + 10s)
      << "every caller paused for the whole Retry-After";
}

TEST_F(ApiClientTest, BackoffGrowsAndIsCapped) {
  struct Recorder : CallObserver {
    std::vector<std::chrono::milliseconds> delays;
    void OnAttempt(const Operation&, int, std::string_view, std::chrono::nanoseconds) override {}
    void OnRetry(const Operation&, std::chrono::milliseconds d) override { delays.push_back(d); }
    void OnThrottled(const Operation&, std::chrono::milliseconds) override {}
  } recorder;
  ApiClient& c = Make();
  c.set_observer(&recorder);
  transport_->script.assign(6, Http(503));
  (void)c.Call({&ops::kListUsers, {}, {}, ""});
  ASSERT_EQ(recorder.delays.size(), 5u);
  Backoff b(RetryPolicy{}, 1);
  for (std::size_t i = 0; i < recorder.delays.size(); ++i) {
    EXPECT_LE(recorder.delays[i], b.Ceiling(static_cast<int>(i) + 1)) << i;
  }
  EXPECT_EQ(b.Ceiling(1), 500ms);
  EXPECT_EQ(b.Ceiling(2), 1000ms);
  EXPECT_EQ(b.Ceiling(5), 8000ms);
  EXPECT_EQ(b.Ceiling(7), 30000ms) << "capped";
  EXPECT_EQ(b.Ceiling(50), 30000ms);
}

TEST(BackoffTest, FullJitterSpreadsAndRespectsRetryAfter) {
  Backoff b(RetryPolicy{}, 42);
  std::set<long long> seen;
  for (int i = 0; i < 50; ++i) {
    auto d = b.Next(4, std::nullopt);
    EXPECT_GE(d, 0ms);
    EXPECT_LE(d, 4000ms);
    seen.insert(d.count());
  }
  EXPECT_GT(seen.size(), 20u) << "jitter, not a fixed delay";
  EXPECT_GE(b.Next(1, 5000ms), 5000ms);
  EXPECT_EQ(b.Next(1, std::chrono::milliseconds(10'000'000)), 120'000ms) << "capped Retry-After";
}

TEST(RetryAfterTest, SecondsAndDates) {
  auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(ParseRetryAfter("3", now), 3000ms);
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), 0ms);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", now), 10000ms);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:27 GMT", now), 0ms) << "past dates: now";
  EXPECT_EQ(ParseRetryAfter("", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", now), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-5", now), std::nullopt);
}

TEST(RateLimiterTest, TokenBucketWaitsOnTheClock) {
  core::FakeClock clock;
  RateLimiter limiter({2, 2, 0}, clock);
  auto start = clock.Monotonic();
  for (int i = 0; i < 6; ++i) limiter.Acquire();
  // Two from the burst, then four at two per second.
  EXPECT_GE(clock.Monotonic() - start, 1900ms);
  EXPECT_LE(clock.Monotonic() - start, 2100ms);
  EXPECT_GT(limiter.total_wait(), 1900ms);
}

TEST(RateLimiterTest, ThrottlingPausesEveryone) {
  for (double rate : {1000.0, 0.0}) {  // limited and unlimited
    core::FakeClock clock;
    RateLimiter limiter({rate, 100, 0}, clock);
    limiter.Throttled(5s, clock.Monotonic());
    auto start = clock.Monotonic();
    limiter.Acquire();
    EXPECT_GE(clock.Monotonic() - start, 5s) << rate;
  }
}

// Additive increase, multiplicative decrease: a 429 halves the rate, down to a floor, unless it
// answers a call sent before the last halving; each success gives back a twentieth of the
// configured rate.
TEST(RateLimiterTest, ThrottlingHalvesTheRateOncePerCutAndSuccessesBringItBack) {
  struct Step {
    const char* what;
    int successes;              // Succeeded() calls first
    bool sent_after_last_step;  // else sent just before the previous step (and its halving)
    std::optional<double> lowered_to;
    double rate;
  };
  const Step steps[] = {
      {"first 429", 0, true, 10, 10},
      {"a call sent before that halving, answered 429 later", 0, false, std::nullopt, 10},
      {"a call sent after it", 0, true, 5, 5},
      {"again", 0, true, 2.5, 2.5},
      {"again", 0, true, 1.25, 1.25},
      {"down to the floor", 0, true, 1, 1},
      {"not below 1 request/s", 0, true, std::nullopt, 1},
      {"four successes", 4, true, 2.5, 2.5},
      {"climbs back to the configured rate, no further", 40, true, 10, 10},
  };
  core::FakeClock clock;
  RateLimiter limiter({20, 20, 0}, clock);
  auto previous = clock.Monotonic();
  for (const auto& step : steps) {
    SCOPED_TRACE(step.what);
    for (int i = 0; i < step.successes; ++i) limiter.Succeeded();
    clock.Advance(2s);
    const auto sent = step.sent_after_last_step ? clock.Monotonic() - 100ms : previous - 1ms;
    EXPECT_EQ(limiter.Throttled(1s, sent), step.lowered_to);
    EXPECT_DOUBLE_EQ(limiter.rate(), step.rate);
    previous = clock.Monotonic();
  }
  // Retry-After: 0 (no pause at all): calls in flight together still halve the rate once.
  RateLimiter burst({20, 20, 0}, clock);
  const auto sent = clock.Monotonic();
  clock.Advance(100ms);
  EXPECT_EQ(burst.Throttled(0ms, sent), 10);
  EXPECT_EQ(burst.Throttled(0ms, sent), std::nullopt);
  EXPECT_EQ(burst.rate(), 10);
  RateLimiter unlimited({0, 1, 0}, clock);
  EXPECT_EQ(unlimited.Throttled(1s, clock.Monotonic()), std::nullopt);
  EXPECT_EQ(unlimited.rate(), 0);
  RateLimiter slow({0.5, 1, 0}, clock);
  EXPECT_EQ(slow.Throttled(1s, clock.Monotonic()), std::nullopt)
      << "a configured rate under the floor stays";
  EXPECT_EQ(slow.rate(), 0.5);
}

TEST(RateLimiterTest, NoBurstWhenAPauseEnds) {
  core::FakeClock clock;
  RateLimiter limiter({20, 20, 0}, clock);
  auto start = clock.Monotonic();
  ASSERT_EQ(limiter.Throttled(1s, start), 10);
  for (int i = 0; i < 3; ++i) limiter.Acquire();
  // Tokens accrue from the end of the pause at the halved rate: 1 s, then 3 x 100 ms. A bucket
  // refilled during the pause would let all three go at 1 s.
  EXPECT_GE(clock.Monotonic() - start, 1290ms);
  EXPECT_LE(clock.Monotonic() - start, 1310ms);
}

TEST(RateLimiterTest, InFlightCap) {
  core::FakeClock clock;
  RateLimiter limiter({0, 1, 2}, clock);
  auto a = std::make_unique<RateLimiter::Permit>(limiter.Acquire());
  auto b = std::make_unique<RateLimiter::Permit>(limiter.Acquire());
  std::atomic<bool> third{false};
  std::thread t([&] {
    limiter.Acquire();
    third = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(third) << "a third call waits for a free slot";
  a.reset();
  t.join();
  EXPECT_TRUE(third);
}

}  // namespace
}  // namespace deskops::cloud
