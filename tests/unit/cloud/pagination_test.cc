#include "cloud/pagination.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloud/desktops.h"
#include "cloud/users.h"
#include "fake_api.h"

namespace deskops::cloud {
namespace {

using nlohmann::json;
using testing::FakeClient;

// Serves `total` desktops through 4.3.8, honouring offset and limit (capped at `cap`).
void ServeDesktops(testing::FakeApi& api, int total, int cap = 500, bool report_total = true) {
  api.On("GET", "/v2/p1/desktops/detail", [=, &api](const HttpRequest& r) {
    int offset = std::stoi(api.Query(r, "offset"));
    int limit = std::min(std::stoi(api.Query(r, "limit")), cap);
    json page = {{"desktops", json::array()}};
    for (int i = offset; i < std::min(total, offset + limit); ++i) {
      page["desktops"].push_back({{"desktop_id", "d" + std::to_string(i)}});
    }
    if (report_total) page["total_count"] = total;
    return HttpResponse{200, {}, page.dump()};
  });
}

TEST(PaginationTest, RequestCountIsTheMinimum) {
  struct Case {
    int total;
    std::size_t want_requests;
  };
  for (const Case c : {Case{0, 1}, Case{1, 1}, Case{499, 1}, Case{500, 1}, Case{501, 2},
                       Case{10000, 20}, Case{10001, 21}}) {
    SCOPED_TRACE(c.total);
    FakeClient f;
    ServeDesktops(*f.api, c.total);
    auto list = desktops::ListDetail(*f.client);
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    EXPECT_EQ(list->size(), static_cast<std::size_t>(c.total));
    EXPECT_EQ(f.api->requests.size(), c.want_requests);
  }
}

TEST(PaginationTest, StopsOnShortPageWithoutTotal) {
  FakeClient f;
  ServeDesktops(*f.api, 1200, 500, /*report_total=*/false);
  auto list = desktops::ListDetail(*f.client);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1200u);
  EXPECT_EQ(f.api->requests.size(), 3u) << "500 + 500 + 200 (short)";
}

TEST(PaginationTest, ServerIgnoringOffsetIsCaught) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/desktops/detail", [](const HttpRequest&) {
    json page = {{"desktops", json::array()}, {"total_count", 5000}};
    for (int i = 0; i < 500; ++i) page["desktops"].push_back({{"desktop_id", "d" + std::to_string(i)}});
    return HttpResponse{200, {}, page.dump()};
  });
  auto list = desktops::ListDetail(*f.client);
  EXPECT_EQ(list.status().code(), core::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(list.status().message()), ::testing::HasSubstr("not honouring offset"));
  EXPECT_EQ(f.api->requests.size(), 2u);
}

TEST(PaginationTest, EndlessFullPagesAreCut) {
  FakeClient f;
  int calls = 0;
  f.api->On("GET", "/v2/p1/desktops/detail", [&](const HttpRequest&) {
    json page = {{"desktops", json::array()}, {"total_count", 1000}};  // claims 1000, never ends
    for (int i = 0; i < 500; ++i) {
      page["desktops"].push_back({{"desktop_id", "d" + std::to_string(calls) + "-" + std::to_string(i)}});
    }
    ++calls;
    return HttpResponse{200, {}, page.dump()};
  });
  // The total says two pages; the walk stops there (offset reached the total).
  auto list = desktops::ListDetail(*f.client);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(f.api->requests.size(), 2u);
  // Without a total, the absolute cap ends it.
  FakeClient g;
  g.api->On("GET", "/v2/p1/desktops/detail", [&](const HttpRequest& r) {
    json page = {{"desktops", json::array()}};
    for (int i = 0; i < 500; ++i) {
      page["desktops"].push_back({{"desktop_id", g.api->Query(r, "offset") + "-" + std::to_string(i)}});
    }
    return HttpResponse{200, {}, page.dump()};
  });
  ApiCall call{&ops::kListDesktopsDetail, {}, {}, ""};
  PageOptions small;
  small.max_items = 2000;
  auto walked = WalkPages(*g.client, call, [](const HttpResponse& res) -> core::StatusOr<PageResult> {
    auto j = json::parse(res.body);
    return PageResult{j["desktops"].size(), std::nullopt, j["desktops"][0]["desktop_id"]};
  }, small);
  EXPECT_EQ(walked.status().code(), core::StatusCode::kDataLoss);
  EXPECT_LE(g.api->requests.size(), 5u);
}

TEST(PaginationTest, UnlimitedFirstPageThenFollowUp) {
  // 4.8.1 returns every user when limit is left out; if a server still caps the answer, the walk
  // asks for the rest with the server's own page size.
  FakeClient f;
  f.api->On("GET", "/v2/p1/users", [&](const HttpRequest& r) {
    int offset = r.query.empty() ? 0 : std::stoi(f.api->Query(r, "offset"));
    json page = {{"users", json::array()}, {"total_count", 250}};
    for (int i = offset; i < std::min(250, offset + 100); ++i) {
      page["users"].push_back({{"id", "u" + std::to_string(i)}, {"user_name", "n"}});
    }
    return HttpResponse{200, {}, page.dump()};
  });
  auto users = users::List(*f.client);
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->size(), 250u);
  ASSERT_EQ(f.api->requests.size(), 3u);
  EXPECT_TRUE(f.api->requests[0].query.empty());
  EXPECT_EQ(f.api->Query(f.api->requests[1], "limit"), "100");
  EXPECT_EQ(f.api->Query(f.api->requests[2], "offset"), "200");
}

TEST(PaginationTest, DuplicatesAcrossPagesKeptOnce) {
  // A desktop deleted between two reads shifts the list by one, so the second page starts with the
  // first page's last item; each desktop must still come out once.
  FakeClient f;
  f.api->On("GET", "/v2/p1/desktops/detail", [&](const HttpRequest& r) {
    int offset = std::stoi(f.api->Query(r, "offset"));
    int start = offset == 0 ? 0 : offset - 1;
    json page = {{"desktops", json::array()}, {"total_count", 1001}};
    for (int i = start; i < std::min(1001, start + 500); ++i) {
      page["desktops"].push_back({{"desktop_id", "d" + std::to_string(i)}});
    }
    return HttpResponse{200, {}, page.dump()};
  });
  auto list = desktops::ListDetail(*f.client);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->size(), 1001u);
  EXPECT_EQ(f.api->requests.size(), 3u);
}

TEST(PaginationTest, ErrorsStopTheWalk) {
  FakeClient f;
  f.api->On("GET", "/v2/p1/desktops/detail", 400,
            R"({"error_code":"WKS.0509","error_msg":"limit"})");
  auto list = desktops::ListDetail(*f.client);
  EXPECT_EQ(list.status().api_code(), "WKS.0509");
}

}  // namespace
}  // namespace deskops::cloud
