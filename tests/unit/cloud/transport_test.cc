#include "cloud/transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "test_certs.h"
#include "test_server.h"

namespace deskops::cloud {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::Reply;
using testing::TestServer;

Deadline In(std::chrono::milliseconds d) { return std::chrono::steady_clock::now() + d; }

std::unique_ptr<Transport> Make(const std::string& endpoint, TransportOptions o = {}) {
  o.endpoint = endpoint;
  auto t = MakeHttpTransport(o);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(*t) : nullptr;
}

HttpRequest Get(std::string path = "/v2/p/desktops") {
  return HttpRequest{"GET", std::move(path), {}, {{"Content-Type", "application/json"}}, ""};
}

TEST(TransportTest, SendsRequestAndReadsResponse) {
  TestServer server([](const auto&) { return Reply::Json(200, R"({"ok":true})"); });
  auto t = Make(server.url());
  HttpRequest req{"DELETE",
                  "/v2/p/access-policy",
                  {{"limit", "2"}, {"name", "a b"}},
                  {{"Content-Type", "application/json"}, {"X-Sdk-Date", "20191115T033655Z"}},
                  R"({"policy_id_list":["x"]})"};
  auto res = t->Send(req, In(5s));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"ok":true})");
  EXPECT_EQ(res->Header("content-type"), "application/json");
  auto seen = server.requests().at(0);
  EXPECT_EQ(seen.method, "DELETE");
  EXPECT_EQ(seen.target, "/v2/p/access-policy?limit=2&name=a%20b");
  EXPECT_EQ(seen.body, R"({"policy_id_list":["x"]})") << "DELETE carries its body";
  EXPECT_EQ(seen.Header("Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(seen.Header("Content-Type"), "application/json");
  EXPECT_EQ(seen.Header("X-Sdk-Date"), "20191115T033655Z");
}

TEST(TransportTest, KeepAliveReusesOneConnection) {
  TestServer server([](const auto&) { return Reply::Json(200, "{}"); });
  auto t = Make(server.url());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(t->Send(Get(), In(5s)).ok());
  EXPECT_EQ(server.connections(), 1);
}

TEST(TransportTest, ConnectionPoolIsBounded) {
  TestServer server([](const auto&) {
    Reply r = Reply::Json(200, "{}");
    r.delay = 150ms;
    return r;
  });
  TransportOptions o;
  o.max_connections = 2;
  auto t = Make(server.url(), o);
  std::vector<std::future<bool>> calls;
  for (int i = 0; i < 6; ++i) {
    calls.push_back(std::async(std::launch::async, [&] { return t->Send(Get(), In(10s)).ok(); }));
  }
  for (auto& c : calls) EXPECT_TRUE(c.get());
  EXPECT_LE(server.max_concurrent_connections(), 2);
  EXPECT_EQ(server.connections(), 2);
}

TEST(TransportTest, WaitingForAConnectionHonoursTheDeadline) {
  TestServer server([](const auto&) {
    Reply r = Reply::Json(200, "{}");
    r.delay = 500ms;
    return r;
  });
  TransportOptions o;
  o.max_connections = 1;
  auto t = Make(server.url(), o);
  auto busy = std::async(std::launch::async, [&] { return t->Send(Get(), In(5s)).ok(); });
  std::this_thread::sleep_for(50ms);
  auto res = t->Send(Get(), In(100ms));
  EXPECT_EQ(res.status().code(), core::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(res.status().message()), HasSubstr("request not sent"));
  EXPECT_TRUE(busy.get());
}

TEST(TransportTest, ReadDeadlineFiresAndSaysOutcomeUnknown) {
  TestServer server([](const auto&) {
    Reply r = Reply::Json(200, "{}");
    r.delay = 1s;
    return r;
  });
  auto t = Make(server.url());
  auto start = std::chrono::steady_clock::now();
  auto res = t->Send(Get(), In(200ms));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 900ms);
  EXPECT_EQ(res.status().code(), core::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(std::string(res.status().message()), HasSubstr("outcome unknown"));
}

TEST(TransportTest, ConnectionRefusedIsUnavailableNotSent) {
  int port;
  {
    TestServer gone([](const auto&) { return Reply{}; });
    port = gone.port();
  }
  auto t = Make("http://127.0.0.1:" + std::to_string(port));
  auto res = t->Send(Get(), In(2s));
  EXPECT_EQ(res.status().code(), core::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(res.status().message()), HasSubstr("connect"));
}

TEST(TransportTest, ResetAfterRequestIsOutcomeUnknownForPost) {
  TestServer server([](const auto&) {
    Reply r;
    r.action = Reply::Action::kReset;
    return r;
  });
  auto t = Make(server.url());
  HttpRequest post = Get();
  post.method = "POST";
  post.body = "{}";
  auto res = t->Send(post, In(2s));
  EXPECT_EQ(res.status().code(), core::StatusCode::kUnknown) << res.status().ToString();
  EXPECT_EQ(server.requests().size(), 1u) << "never sent twice by the transport";
}

TEST(TransportTest, OversizedResponseIsRefusedClearly) {
  // A server (or something in between) answering with more than max_response_bytes must not make
  // deskops buffer it: the read stops at the limit and says so. The request was answered, so for
  // a POST the outcome stays unknown (the engine re-reads instead of resending).
  std::atomic<int> calls{0};
  TestServer server([&](const auto&) {
    return Reply::Json(200, ++calls == 1 ? std::string(300'000, ' ') + "{}" : "{}");
  });
  TransportOptions o;
  o.max_response_bytes = 100'000;
  auto t = Make(server.url(), o);
  auto res = t->Send(Get(), In(5s));
  EXPECT_EQ(res.status().code(), core::StatusCode::kUnknown) << res.status().ToString();
  EXPECT_THAT(std::string(res.status().message()),
              HasSubstr("the response is larger than the limit of 100000 bytes"));
  // The connection holding the rest of that body is not reused: the next call gets a clean answer.
  auto next = t->Send(Get(), In(5s));
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->body, "{}");
}

TEST(TransportTest, StaleKeepAliveConnectionIsReplaced) {
  // The server answers with keep-alive and then closes the connection, as servers with short idle
  // timeouts do; the next request must go out on a fresh connection, not fail.
  TestServer server([](const testing::RecordedRequest& r) {
    Reply reply = Reply::Json(200, "{}");
    if (r.target == "/close") {
      reply.headers.emplace_back("Connection", "keep-alive");
      reply.close_after = true;  // says keep-alive to the client... see below
    }
    return reply;
  });
  auto t = Make(server.url());
  ASSERT_TRUE(t->Send(Get("/close"), In(2s)).ok());
  std::this_thread::sleep_for(50ms);  // let the server's close reach us
  auto res = t->Send(Get(), In(2s));
  EXPECT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(server.connections(), 2);
}

class TlsTransportTest : public ::testing::Test {
 protected:
  testing::TestCertificates certs_ = testing::MakeTestCertificates({"127.0.0.1", "localhost"});
};

TEST_F(TlsTransportTest, UntrustedCertificateFailsClearly) {
  TestServer::Tls tls{certs_.cert_pem, certs_.key_pem};
  TestServer server([](const auto&) { return Reply::Json(200, "{}"); }, &tls);
  auto t = Make(server.url());
  auto res = t->Send(Get(), In(5s));
  EXPECT_EQ(res.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(res.status().message()),
              HasSubstr("TLS certificate verification failed for https://127.0.0.1:"));
  EXPECT_THAT(std::string(res.status().message()), HasSubstr("--ca-file"));
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(TlsTransportTest, CaFileMakesItTrusted) {
  TestServer::Tls tls{certs_.cert_pem, certs_.key_pem};
  TestServer server([](const auto&) { return Reply::Json(200, R"({"a":1})"); }, &tls);
  TransportOptions o;
  o.ca_file = testing::WriteTempFile("deskops-ca", certs_.ca_pem);
  auto t = Make(server.url(), o);
  auto res = t->Send(Get(), In(5s));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->body, R"({"a":1})");
  std::remove(o.ca_file.c_str());
}

TEST_F(TlsTransportTest, HostNameMustMatch) {
  testing::TestCertificates other = testing::MakeTestCertificates({"other.example"});
  TestServer::Tls tls{other.cert_pem, other.key_pem};
  TestServer server([](const auto&) { return Reply::Json(200, "{}"); }, &tls);
  TransportOptions o;
  o.ca_file = testing::WriteTempFile("deskops-ca", other.ca_pem);
  auto t = Make(server.url(), o);
  auto res = t->Send(Get(), In(5s));
  EXPECT_EQ(res.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(res.status().message()), HasSubstr("verification failed"));
  std::remove(o.ca_file.c_str());
}

TEST(TransportOptionsTest, BadEndpointsAndCaFiles) {
  TransportOptions o;
  o.endpoint = "workspace.example.com";
  EXPECT_FALSE(MakeHttpTransport(o).ok());
  o.endpoint = "https://h/v2";
  EXPECT_FALSE(MakeHttpTransport(o).ok());
  o.endpoint = "https://h";
  o.ca_file = "/nonexistent/ca.pem";
  auto t = MakeHttpTransport(o);
  EXPECT_EQ(t.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(t.status().message()), HasSubstr("/nonexistent/ca.pem"));
}

}  // namespace
}  // namespace deskops::cloud
