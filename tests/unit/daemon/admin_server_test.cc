#include "daemon/admin/admin_server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace deskops::daemon {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Reply {
  int status = 0;
  std::string body, content_type, allow, length;
};

// A tiny blocking HTTP client over one connection.
class Client {
 public:
  explicit Client(std::uint16_t port) : stream_(ioc_) {
    stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  Reply Do(http::verb verb, const std::string& target) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "localhost");
    req.keep_alive(true);
    http::write(stream_, req);
    http::response_parser<http::string_body> parser;
    if (verb == http::verb::head) parser.skip(true);
    http::read(stream_, buffer_, parser);
    auto& res = parser.get();
    return {static_cast<int>(res.result_int()), res.body(),
            std::string(res[http::field::content_type]), std::string(res[http::field::allow]),
            std::string(res[http::field::content_length])};
  }

 private:
  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

class AdminServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = AdminServer::Start(
        "127.0.0.1:0",
        {{"/healthz",
          [](std::string_view) {
            return AdminResponse{200, "text/plain", "ok\n"};
          }},
         {"/readyz",
          [](std::string_view q) {
            return AdminResponse{503, "text/plain", "not yet[" + std::string(q) + "]\n"};
          }},
         {"/boom", [](std::string_view) -> AdminResponse { throw std::runtime_error("x"); }}},
        log_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    server_ = std::move(*s);
  }
  core::Logger log_{nullptr, {}};
  std::unique_ptr<AdminServer> server_;
};

TEST_F(AdminServerTest, RoutesAndErrors) {
  ASSERT_NE(server_->port(), 0) << "port 0 picks a free port";
  EXPECT_EQ(server_->address(), "127.0.0.1:" + std::to_string(server_->port()));
  Client c(server_->port());
  struct Case {
    http::verb verb;
    std::string target;
    int want;
    std::string body;
  };
  const Case cases[] = {
      {http::verb::get, "/healthz", 200, "ok\n"},
      {http::verb::get, "/healthz?verbose=1", 200, "ok\n"},
      {http::verb::get, "/readyz", 503, "not yet[]\n"},
      {http::verb::get, "/readyz?q=a%20b&show=failing", 503, "not yet[q=a%20b&show=failing]\n"},
      {http::verb::get, "/nope", 404, "no page /nope\n"},
      {http::verb::post, "/healthz", 405, "only GET and HEAD\n"},
      {http::verb::get, "/boom", 500, "internal error\n"},
  };
  for (const auto& c2 : cases) {  // all on one kept-alive connection
    SCOPED_TRACE(c2.target);
    Reply r = c.Do(c2.verb, c2.target);
    EXPECT_EQ(r.status, c2.want);
    EXPECT_EQ(r.body, c2.body);
    if (c2.want == 405) {
      EXPECT_EQ(r.allow, "GET, HEAD");
    }
  }
  Reply head = c.Do(http::verb::head, "/healthz");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.length, "3") << "HEAD reports the GET body's length";
}

TEST_F(AdminServerTest, StopsAndFreesThePort) {
  const auto port = server_->port();
  server_->Stop();
  auto again = AdminServer::Start("127.0.0.1:" + std::to_string(port), {}, log_);
  EXPECT_TRUE(again.ok()) << again.status().message();
}

TEST(AdminListenTest, AddressesAreChecked) {
  struct Case {
    std::string listen;
    bool ok;
    std::string host;
    int port;
  };
  const Case cases[] = {
      {"127.0.0.1:9180", true, "127.0.0.1", 9180},
      {"0.0.0.0:0", true, "0.0.0.0", 0},
      {"[::1]:9180", true, "::1", 9180},
      {"localhost:80", true, "127.0.0.1", 80},
      {"9180", false, "", 0},
      {"127.0.0.1:99999", false, "", 0},
      {"example.com:80", false, "", 0},
      {"127.0.0.1:", false, "", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.listen);
    auto r = ParseListenAddress(c.listen);
    ASSERT_EQ(r.ok(), c.ok);
    if (c.ok) {
      EXPECT_EQ(r->first, c.host);
      EXPECT_EQ(r->second, c.port);
    } else {
      EXPECT_NE(std::string(r.status().message()).find(c.listen), std::string::npos);
    }
  }
  core::Logger log{nullptr, {}};
  auto first = AdminServer::Start("127.0.0.1:0", {}, log);
  ASSERT_TRUE(first.ok());
  auto clash = AdminServer::Start((*first)->address(), {}, log);
  EXPECT_FALSE(clash.ok()) << "an address in use is an error, not a silent second server";
}

}  // namespace
}  // namespace deskops::daemon
