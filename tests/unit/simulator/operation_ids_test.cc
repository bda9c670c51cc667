// The simulator names operations (fault rules, /_sim/stats, the access log) with exactly the IDs
// deskops' client uses for the same method and path, so a fault rule or a statistic reads the same
// on both sides. The client's table, cloud/operations.h, is read as text from the source tree
// (DESKOPS_SOURCE_DIR): the simulator must not depend on cloud/, not even in its tests.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "simulator/resource.h"

namespace deskops::simulator {
namespace {

struct ClientOperation {
  std::string id, method, path;
};

// Every `Operation kName{"id", "METHOD", "/path", "section"...}` entry of the client's table.
std::vector<ClientOperation> ParseClientOperations(const std::string& text) {
  static const std::regex kEntry(
      R"re(Operation(?:\s+\w+)?\s*\{\s*"([^"]+)"\s*,\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*"[0-9.]+")re");
  std::vector<ClientOperation> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kEntry);
       it != std::sregex_iterator(); ++it) {
    out.push_back({(*it)[1], (*it)[2], (*it)[3]});
  }
  return out;
}

std::string ReadClientTable() {
  const char* root = std::getenv("DESKOPS_SOURCE_DIR");
  if (!root) return "";
  std::ifstream in(std::string(root) + "/cloud/operations.h");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(OperationIdsTest, ParserReadsEveryFormOfEntry) {
  struct Case {
    std::string name, text;
    std::vector<std::string> ids;
  };
  const Case cases[] = {
      {"named constant",
       R"(inline constexpr Operation kX{"a.b", "GET", "/v2/{project_id}/a", "4.1.1", 100};)",
       {"a.b"}},
      {"anonymous", R"(Operation{"c.d", "POST", "/v2/{project_id}/c", "4.2.1"})", {"c.d"}},
      {"split over lines", "Operation kY{\n  \"e.f\",\n  \"PUT\", \"/v2/e\", \"4.3.3\"}", {"e.f"}},
      {"not an entry", R"(struct Operation { std::string_view id; };)", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<std::string> ids;
    for (const ClientOperation& op : ParseClientOperations(c.text)) ids.push_back(op.id);
    EXPECT_EQ(ids, c.ids);
  }
}

// For every client operation the simulator serves (same method and route template), the same ID;
// and no client ID names a different route in the simulator.
TEST(OperationIdsTest, SimulatorUsesTheClientsIdForEveryRouteBothServe) {
  std::string text = ReadClientTable();
  ASSERT_FALSE(text.empty()) << "set DESKOPS_SOURCE_DIR to the source tree (ctest does)";
  std::vector<ClientOperation> client = ParseClientOperations(text);
  ASSERT_GE(client.size(), 80u) << "the client's table no longer parses";

  std::map<std::string, std::string> id_by_route, route_by_id;  // "METHOD /path" <-> ID
  for (const Operation& op : AllOperations(Resources())) {
    std::string route = std::string(op.method) + " " + op.pattern;
    id_by_route[route] = op.id;
    route_by_id[op.id] = route;
  }
  int served = 0;
  for (const ClientOperation& op : client) {
    std::string route = op.method + " " + op.path;
    SCOPED_TRACE(route);
    auto by_route = id_by_route.find(route);
    if (by_route != id_by_route.end()) {
      ++served;
      EXPECT_EQ(by_route->second, op.id);
    }
    auto by_id = route_by_id.find(op.id);
    if (by_id != route_by_id.end()) {
      EXPECT_EQ(by_id->second, route) << "the simulator's " << op.id << " is another route";
    }
  }
  // Today the simulator serves every operation the client calls.
  EXPECT_EQ(served, static_cast<int>(client.size()));
}

}  // namespace
}  // namespace deskops::simulator
