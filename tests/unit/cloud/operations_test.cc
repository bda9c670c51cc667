#include "cloud/operations.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace deskops::cloud {
namespace {

TEST(OperationsTest, TheListOfAllHasEveryOperationOnceAndIdsAreUnique) {
  const char* root = std::getenv("DESKOPS_SOURCE_DIR");
  ASSERT_NE(root, nullptr);
  std::ifstream in(std::string(root) + "/cloud/operations.h");
  std::stringstream text;
  text << in.rdbuf();
  const std::string src = text.str();
  std::regex declared(R"(inline constexpr Operation (k\w+)\{)");
  std::set<std::string> names;
  for (std::sregex_iterator it(src.begin(), src.end(), declared), end; it != end; ++it) {
    names.insert((*it)[1]);
  }
  ASSERT_GT(names.size(), 50u);
  EXPECT_EQ(std::size(ops::kAll), names.size()) << "add new operations to ops::kAll";
  std::set<std::string> ids, routes;
  for (const Operation* op : ops::kAll) {
    EXPECT_TRUE(ids.insert(std::string(op->id)).second) << "duplicate id " << op->id;
    const std::string route = std::string(op->method) + " " + std::string(op->path);
    EXPECT_TRUE(routes.insert(route).second) << "two operations share " << route;
  }
}

}  // namespace
}  // namespace deskops::cloud
