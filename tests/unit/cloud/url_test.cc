#include "cloud/url.h"

#include <gtest/gtest.h>

namespace deskops::cloud {
namespace {

TEST(UrlTest, Parses) {
  struct Case {
    std::string text, scheme, host;
    int port;
    std::string path, host_header;
    std::size_t query_count;
  };
  const Case cases[] = {
      {"https://workspace.cn-north-4.myhuaweicloud.com", "https",
       "workspace.cn-north-4.myhuaweicloud.com", 443, "/", "workspace.cn-north-4.myhuaweicloud.com",
       0},
      {"http://127.0.0.1:8080/v2/p/desktops?limit=2&offset=0", "http", "127.0.0.1", 8080,
       "/v2/p/desktops", "127.0.0.1:8080", 2},
      {"HTTPS://[::1]:9443/a%20b?x", "https", "::1", 9443, "/a b", "[::1]:9443", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto url = ParseUrl(c.text);
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    EXPECT_EQ(url->scheme, c.scheme);
    EXPECT_EQ(url->host, c.host);
    EXPECT_EQ(url->port, c.port);
    EXPECT_EQ(url->path, c.path);
    EXPECT_EQ(url->HostHeader(), c.host_header);
    EXPECT_EQ(url->query.size(), c.query_count);
  }
}

TEST(UrlTest, Rejects) {
  for (const char* bad : {"workspace.example.com", "ftp://h/", "https://", "https://h:0/",
                          "https://h:70000/", "https://h:x/", "https://[::1/"}) {
    EXPECT_FALSE(ParseUrl(bad).ok()) << bad;
  }
}

TEST(UrlTest, QueryRoundTrip) {
  auto q = ParseQuery("a=1&b=x%20y&b=z&flag&=v");
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"b", "x y"}));
  EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(EncodeQuery({{"a", "1"}, {"b", "x y"}}), "a=1&b=x%20y");
}

}  // namespace
}  // namespace deskops::cloud
