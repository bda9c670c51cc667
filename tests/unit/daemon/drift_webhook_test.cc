// The drift webhook against a real HTTP(S) server on loopback (tests/support/test_server.h), over
// cloud's Beast transport: what it sends, which answers it retries, how many times, what it drops,
// and that its log never shows the URL's path (often the webhook's credential). No timing
// assertions: Drain waits for the outcome.
#include "daemon/drift/drift_webhook.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <future>
#include <map>

#include "test_certs.h"
#include "test_server.h"

namespace deskops::daemon {
namespace {

using testing::Reply;
using testing::TestServer;

constexpr auto kForever = std::chrono::minutes(2);

class DriftWebhookTest : public ::testing::Test {
 protected:
  DriftWebhookOptions Options(const std::string& base) {
    DriftWebhookOptions o;
    o.url = base + "/hooks/secret-token-path?team=a";
    o.first_backoff = std::chrono::milliseconds(1);
    return o;
  }
  std::unique_ptr<DriftWebhook> Start(DriftWebhookOptions o) {
    auto w = DriftWebhook::Start(std::move(o), log_, [this](DeliveryResult r) {
      std::lock_guard lock(mu_);
      ++results_[std::string(DeliveryResultName(r))];
    });
    EXPECT_TRUE(w.ok()) << w.status().message();
    return w.ok() ? std::move(*w) : nullptr;
  }
  int Count(const std::string& result) {
    std::lock_guard lock(mu_);
    return results_[result];
  }

  std::shared_ptr<core::MemorySink> sink_ = std::make_shared<core::MemorySink>();
  std::shared_ptr<const core::Logger> log_ = std::make_shared<core::Logger>(
      sink_, core::Logger::Options{core::LogFormat::kJson, core::LogLevel::kDebug});
  std::mutex mu_;
  std::map<std::string, int> results_;
};

TEST_F(DriftWebhookTest, PostsTheBodyOverHttp) {
  TestServer server([](const auto&) { return Reply::Json(204, ""); });
  auto w = Start(Options(server.url()));
  w->Post(R"({"events":[]})");
  w->Drain(kForever);
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].target, "/hooks/secret-token-path?team=a");
  EXPECT_EQ(reqs[0].Header("Content-Type"), "application/json");
  EXPECT_EQ(reqs[0].Header("Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(reqs[0].body, R"({"events":[]})");
  EXPECT_EQ(Count("delivered"), 1);
}

TEST_F(DriftWebhookTest, PostsOverHttpsTrustingTheCaFile) {
  auto certs = testing::MakeTestCertificates({"127.0.0.1"});
  TestServer::Tls tls{certs.cert_pem, certs.key_pem};
  TestServer server([](const auto&) { return Reply::Json(200, "{}"); }, &tls);
  auto o = Options(server.url());
  o.ca_file = testing::WriteTempFile("deskops-webhook-ca", certs.ca_pem);
  auto w = Start(o);
  w->Post("{}");
  w->Drain(kForever);
  std::remove(o.ca_file.c_str());
  EXPECT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(Count("delivered"), 1);
}

TEST_F(DriftWebhookTest, UntrustedCertificateFailsWithoutRetrying) {
  auto certs = testing::MakeTestCertificates({"127.0.0.1"});
  TestServer::Tls tls{certs.cert_pem, certs.key_pem};
  TestServer server([](const auto&) { return Reply::Json(200, "{}"); }, &tls);
  auto w = Start(Options(server.url()));  // system CAs only
  w->Post("{}");
  w->Drain(kForever);
  EXPECT_TRUE(server.requests().empty());
  EXPECT_EQ(Count("failed"), 1);
  EXPECT_NE(sink_->Text().find("\"attempts\":1,"), std::string::npos) << sink_->Text();
}

struct StatusCase {
  std::string name;
  std::vector<int> statuses;  // the server's answers in turn (the last one repeats)
  std::size_t want_requests;
  std::string want_result;
};

void PrintTo(const StatusCase& c, std::ostream* os) { *os << c.name; }

class DriftWebhookStatusTest : public DriftWebhookTest,
                               public ::testing::WithParamInterface<StatusCase> {};

TEST_P(DriftWebhookStatusTest, RetriesWhatMayPass) {
  const StatusCase& c = GetParam();
  std::atomic<std::size_t> n{0};
  TestServer server([&](const auto&) {
    const std::size_t i = std::min(n++, c.statuses.size() - 1);
    return Reply::Json(c.statuses[i], "");
  });
  auto w = Start(Options(server.url()));
  w->Post("{}");
  w->Drain(kForever);
  EXPECT_EQ(server.requests().size(), c.want_requests);
  EXPECT_EQ(Count(c.want_result), 1);
  if (c.want_result == "failed") {
    const std::string log = sink_->Text();
    EXPECT_NE(log.find("drift webhook delivery failed"), std::string::npos) << log;
    EXPECT_EQ(log.find("secret-token-path"), std::string::npos) << log;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DriftWebhookStatusTest,
    ::testing::Values(StatusCase{"ok_at_once", {200}, 1, "delivered"},
                      StatusCase{"unavailable_then_ok", {503, 503, 200}, 3, "delivered"},
                      StatusCase{"throttled_then_ok", {429, 202}, 2, "delivered"},
                      StatusCase{"server_error_three_attempts", {500}, 3, "failed"},
                      StatusCase{"client_error_not_retried", {400}, 1, "failed"},
                      StatusCase{"not_found_not_retried", {404}, 1, "failed"}),
    [](const auto& info) { return info.param.name; });

TEST_F(DriftWebhookTest, NobodyListeningFailsAfterBoundedAttempts) {
  std::string url;
  {
    TestServer gone([](const auto&) { return Reply::Json(200, ""); });
    url = gone.url();
  }
  auto w = Start(Options(url));
  w->Post("{}");
  w->Drain(kForever);
  EXPECT_EQ(Count("failed"), 1);
  EXPECT_NE(sink_->Text().find("\"attempts\":3,"), std::string::npos) << sink_->Text();
}

TEST_F(DriftWebhookTest, FullQueueDropsTheOldest) {
  std::promise<void> entered, release;
  auto released = release.get_future().share();
  std::atomic<bool> first{true};
  TestServer server([&](const auto&) {
    if (first.exchange(false)) {
      entered.set_value();
      released.wait();
    }
    return Reply::Json(200, "");
  });
  auto o = Options(server.url());
  o.max_queued = 2;
  o.attempt_timeout = std::chrono::minutes(1);
  auto w = Start(o);
  w->Post("1");
  entered.get_future().wait();  // the worker is sending "1"; the queue is empty
  w->Post("2");
  w->Post("3");
  w->Post("4");  // the queue holds 2: "2" is dropped
  EXPECT_EQ(Count("dropped"), 1);
  release.set_value();
  w->Drain(kForever);
  std::vector<std::string> bodies;
  for (const auto& r : server.requests()) bodies.push_back(r.body);
  EXPECT_EQ(bodies, (std::vector<std::string>{"1", "3", "4"}));
  EXPECT_EQ(Count("delivered"), 3);
}

TEST_F(DriftWebhookTest, BadUrlIsRefused) {
  DriftWebhookOptions o;
  o.url = "ftp://example.org/hook";
  EXPECT_FALSE(DriftWebhook::Start(o, log_, nullptr).ok());
}

}  // namespace
}  // namespace deskops::daemon
