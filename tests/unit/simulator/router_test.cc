#include "simulator/router.h"

#include <gtest/gtest.h>

namespace deskops::simulator {
namespace {

TEST(RouterTest, LiteralSegmentsWinOverParameters) {
  Router router;
  router.Add("GET", "/v2/{project_id}/desktops/{desktop_id}", 1);
  router.Add("GET", "/v2/{project_id}/desktops/detail", 2);
  router.Add("PUT", "/v2/{project_id}/desktops/{desktop_id}", 3);
  router.Add("PUT", "/v2/{project_id}/desktops/maintenance-mode", 4);
  router.Add("DELETE", "/v2/{project_id}/desktops/{desktop_id}", 5);
  router.Add("DELETE", "/v2/{project_id}/desktops/batch-tags", 6);
  router.Add("GET", "/v2/{project_id}/policy-groups/{policy_group_id}", 7);
  router.Add("GET", "/v2/{project_id}/policy-groups/detail", 8);
  struct Case {
    std::string method, path;
    Router::Outcome want;
    int index;
    std::string param;  // desktop_id or policy_group_id when matched
  };
  const Case cases[] = {
      {"GET", "/v2/p/desktops/detail", Router::Outcome::kMatched, 2, ""},
      {"GET", "/v2/p/desktops/d-1", Router::Outcome::kMatched, 1, "d-1"},
      {"PUT", "/v2/p/desktops/maintenance-mode", Router::Outcome::kMatched, 4, ""},
      {"PUT", "/v2/p/desktops/d-2", Router::Outcome::kMatched, 3, "d-2"},
      {"DELETE", "/v2/p/desktops/batch-tags", Router::Outcome::kMatched, 6, ""},
      {"DELETE", "/v2/p/desktops/d-3/", Router::Outcome::kMatched, 5, "d-3"},
      {"GET", "/v2/p/policy-groups/detail", Router::Outcome::kMatched, 8, ""},
      {"GET", "/v2/p/policy-groups/g%201", Router::Outcome::kMatched, 7, "g 1"},
      // The literal shadows the parameter for every method: not "PUT desktop 'detail'".
      {"PUT", "/v2/p/desktops/detail", Router::Outcome::kMethodNotAllowed, -1, ""},
      {"POST", "/v2/p/desktops/d-1", Router::Outcome::kMethodNotAllowed, -1, ""},
      {"GET", "/v2/p/nothing", Router::Outcome::kNotFound, -1, ""},
      {"GET", "/v2/p/desktops/d-1/extra", Router::Outcome::kNotFound, -1, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path);
    RouteMatch match;
    ASSERT_EQ(router.Match(c.method, c.path, &match), c.want);
    if (c.want != Router::Outcome::kMatched) continue;
    EXPECT_EQ(match.index, c.index);
    EXPECT_EQ(match.params["project_id"], "p");
    if (!c.param.empty()) {
      std::string key = c.index == 7 ? "policy_group_id" : "desktop_id";
      EXPECT_EQ(match.params[key], c.param);
    }
  }
}

TEST(RouterTest, SplitPathDecodesAndDropsEmptySegments) {
  EXPECT_EQ(Router::SplitPath("/v2//a%2Fb/"), (std::vector<std::string>{"v2", "a/b"}));
  EXPECT_TRUE(Router::SplitPath("/").empty());
}

}  // namespace
}  // namespace deskops::simulator
