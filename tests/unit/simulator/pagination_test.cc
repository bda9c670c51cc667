#include "simulator/pagination.h"

#include <gtest/gtest.h>

namespace deskops::simulator {
namespace {

TEST(PaginationTest, RangesDefaultsAndCodes) {
  const PageSpec desktops{.default_limit = 1000, .max_limit = 1000};
  const PageSpec detail{.default_limit = 500, .max_limit = 500};
  const PageSpec groups{.default_limit = 100, .max_limit = 100, .zero_means_default = true};
  const PageSpec users{.all_by_default = true, .no_range = true};
  const PageSpec access{.default_limit = 100, .max_limit = 100, .max_offset = 99};
  struct Case {
    std::string name;
    PageSpec spec;
    std::optional<std::string> offset, limit;
    std::string want_code;  // "" when valid
    std::size_t want_offset = 0;
    std::optional<std::size_t> want_limit;
  };
  const Case cases[] = {
      {"defaults", desktops, std::nullopt, std::nullopt, "", 0, 1000},
      {"detail default", detail, std::nullopt, std::nullopt, "", 0, 500},
      {"max", detail, "7", "500", "", 7, 500},
      {"over max", detail, std::nullopt, "501", "WKS.0509", 0, std::nullopt},
      {"zero is a page of nothing", desktops, std::nullopt, "0", "", 0, 0},
      {"zero means default", groups, std::nullopt, "0", "", 0, 100},
      {"negative limit", desktops, std::nullopt, "-1", "WKS.0509", 0, std::nullopt},
      {"negative offset", desktops, "-1", std::nullopt, "WKS.0508", 0, std::nullopt},
      {"offset over documented max", access, "100", std::nullopt, "WKS.0001", 0, std::nullopt},
      {"offset at documented max", access, "99", std::nullopt, "", 99, 100},
      {"not a number", desktops, "x", std::nullopt, "WKS.0001", 0, std::nullopt},
      {"all by default", users, std::nullopt, std::nullopt, "", 0, std::nullopt},
      {"no range", users, "3", "50000", "", 3, 50000},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto page = ParsePage(c.offset, c.limit, c.spec);
    if (!c.want_code.empty()) {
      ASSERT_FALSE(page.ok());
      EXPECT_EQ(page.status().api_code(), c.want_code);
      EXPECT_EQ(page.status().http_status(), 400);
      continue;
    }
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_EQ(page->offset, c.want_offset);
    EXPECT_EQ(page->limit, c.want_limit);
  }
}

TEST(PaginationTest, Window) {
  Page page{.offset = 8, .limit = 5};
  EXPECT_EQ(page.Window(10), (std::pair<std::size_t, std::size_t>{8, 10}));
  EXPECT_EQ(page.Window(3), (std::pair<std::size_t, std::size_t>{3, 3}));
  EXPECT_EQ(Page{}.Window(4), (std::pair<std::size_t, std::size_t>{0, 4}));
}

}  // namespace
}  // namespace deskops::simulator
