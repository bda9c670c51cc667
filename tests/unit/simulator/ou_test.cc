// OUs, 4.10.1-4.10.5 (resources/ous): the first family on the seam.
#include <gtest/gtest.h>

#include "simulator/simulator.h"
#include "test_util.h"

namespace deskops::simulator {
namespace {

using testing::Call;
using testing::Control;

constexpr char kDomain[] = "wksmanager.wks.com";

nlohmann::json OuBody(const std::string& name, const std::string& domain = kDomain) {
  return {{"ou_name", name}, {"domain", domain}, {"description", "made by a test"}};
}

std::vector<std::string> Names(Simulator& sim, const std::string& path, const std::string& items) {
  std::vector<std::string> out;
  auto reply = Call(sim, "GET", path);
  for (const auto& ou : reply.body[items]) out.push_back(ou["ou_name"]);
  return out;
}

TEST(OuTest, CreateValidatesLikeTheReference) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  struct Case {
    std::string name;
    nlohmann::json body;
    int status;
    std::string code;
  };
  const Case cases[] = {
      {"the example's form", OuBody("testou", "hcsoad.huawei.com"), 200, ""},
      {"seeded name in another domain", OuBody("wggou", "other.example.com"), 200, ""},
      {"255 characters", OuBody(std::string(255, 'o')), 200, ""},
      {"no description", {{"ou_name", "plain"}, {"domain", kDomain}}, 200, ""},
      {"duplicate of a seeded OU, other case", OuBody("WGGOU"), 409, "SIM.0409"},
      {"duplicate of a created OU", OuBody("testou", "HCSOAD.huawei.com"), 409, "SIM.0409"},
      {"no domain", {{"ou_name", "x"}}, 400, "WKS.0001"},
      {"no ou_name", {{"domain", kDomain}}, 400, "WKS.0001"},
      {"empty ou_name", OuBody(""), 400, "WKS.0001"},
      {"256 characters", OuBody(std::string(256, 'o')), 400, "WKS.0001"},
      {"a distinguished name", OuBody("OU=eng,DC=wks,DC=com"), 400, "WKS.0001"},
      {"a comma", OuBody("eng,ops"), 400, "WKS.0001"},
      {"a trailing space", OuBody("eng "), 400, "WKS.0001"},
      {"not a domain name", OuBody("eng", "not a domain"), 400, "WKS.0001"},
      {"a number for a name", {{"ou_name", 7}, {"domain", kDomain}}, 400, "WKS.0001"},
      {"description over 255",
       {{"ou_name", "d"}, {"domain", kDomain}, {"description", std::string(256, 'd')}},
       400,
       "WKS.0001"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto reply = Call(sim, "POST", "/ous", c.body);
    EXPECT_EQ(reply.status, c.status) << reply.raw.body;
    if (c.status == 200) {
      EXPECT_EQ(reply.body["id"].get<std::string>().size(), 32u);
    } else {
      EXPECT_EQ(reply.body.value("error_code", ""), c.code);
      EXPECT_FALSE(reply.body.contains("error_detail")) << "4.10 errors carry three fields";
    }
  }
}

TEST(OuTest, CreatedOusAreListedAfterTheSeededOnes) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  std::string id = Call(sim, "POST", "/ous", OuBody("eng-ops")).body["id"];
  EXPECT_EQ(Names(sim, "/ous", "ous"),
            (std::vector<std::string>{"wggou", "engineering", "finance", "eng-ops"}));
  auto found = Call(sim, "GET", "/ous", nullptr, "ou_name=OPS");
  ASSERT_EQ(found.body["total_count"], 1);
  EXPECT_EQ(found.body["ous"][0],
            nlohmann::json({{"id", id},
                            {"domain_id", kDomain},
                            {"domain", kDomain},
                            {"ou_name", "eng-ops"},
                            {"ou_dn", "OU=eng-ops,DC=wksmanager,DC=wks,DC=com"},
                            {"description", "made by a test"}}));
  // Registering an OU says it exists in AD (L11588): 4.10.5 lists it once.
  EXPECT_EQ(Names(sim, "/ad-ous", "ou_infos"),
            (std::vector<std::string>{"UserOU", "marketing", "wggou", "engineering", "finance",
                                      "eng-ops"}));
}

TEST(OuTest, UpdateAndDelete) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  std::string id = Call(sim, "POST", "/ous", OuBody("eng-ops")).body["id"];
  struct Case {
    std::string name, method, path;
    nlohmann::json body;
    int status;
    std::string code;
  };
  const Case cases[] = {
      {"rename", "PUT", "/ous/" + id, {{"ou_name", "platform"}}, 200, ""},
      {"the example's form, same id",
       "PUT",
       "/ous/" + id,
       {{"id", id}, {"ou_name", "platform"}, {"description", "renamed"}},
       200,
       ""},
      {"another id in the body",
       "PUT",
       "/ous/" + id,
       {{"id", "x"}, {"ou_name", "p"}},
       400,
       "WKS.0001"},
      {"no ou_name", "PUT", "/ous/" + id, {{"description", "d"}}, 400, "WKS.0001"},
      {"a seeded OU's name", "PUT", "/ous/" + id, {{"ou_name", "Finance"}}, 409, "SIM.0409"},
      {"unknown OU", "PUT", "/ous/nope", {{"ou_name", "p"}}, 404, "WKS.00010031"},
      {"delete unknown", "DELETE", "/ous/nope", nullptr, 404, "WKS.00010031"},
      {"delete", "DELETE", "/ous/" + id, nullptr, 204, ""},
      {"delete again", "DELETE", "/ous/" + id, nullptr, 404, "WKS.00010031"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto reply = Call(sim, c.method, c.path, c.body);
    EXPECT_EQ(reply.status, c.status) << reply.raw.body;
    EXPECT_EQ(reply.body.is_null() ? "" : reply.body.value("error_code", ""), c.code);
    if (c.name == "the example's form, same id") {
      auto listed = Call(sim, "GET", "/ous", nullptr, "ou_name=platform").body["ous"][0];
      EXPECT_EQ(listed["ou_dn"], "OU=platform,DC=wksmanager,DC=wks,DC=com");
      EXPECT_EQ(listed["description"], "renamed");
    }
  }
  EXPECT_EQ(Names(sim, "/ous", "ous"),
            (std::vector<std::string>{"wggou", "engineering", "finance"}));
  // Renamed in AD, not deleted from it: Workspace forgets an OU, AD keeps it.
  EXPECT_EQ(Names(sim, "/ad-ous", "ou_infos").back(), "platform");
}

TEST(OuTest, StateIsSavedResetAndChangedOutOfBand) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  Call(sim, "POST", "/ous", OuBody("eng-ops"));
  nlohmann::json snapshot = sim.TakeSnapshot();
  EXPECT_EQ(snapshot["ous"]["ous"].size(), 4u);

  ASSERT_EQ(Control(sim, "POST", "reset").status, 204);
  EXPECT_EQ(Names(sim, "/ous", "ous").size(), 3u);
  EXPECT_EQ(Names(sim, "/ad-ous", "ou_infos").size(), 5u);

  Simulator restored(testing::TestOptions(), clock);
  ASSERT_TRUE(restored.LoadSnapshot(snapshot).ok());
  EXPECT_EQ(Names(restored, "/ous", "ous").back(), "eng-ops");
  EXPECT_EQ(Names(restored, "/ad-ous", "ou_infos").back(), "eng-ops");

  // Drift: an OU renamed behind the API's back, one added and one deleted.
  auto patched = Control(restored, "PATCH", "objects/ous/2c90833f7f435594017f446a684b0018",
                         {{"description", "changed in the console"}});
  EXPECT_EQ(patched.status, 200) << patched.raw.body;
  EXPECT_EQ(Control(restored, "POST", "objects/ous", {{"ou_name", "oob"}}).status, 201);
  EXPECT_EQ(Control(restored, "DELETE", "objects/ous/2c90833f7f435594017f446a684b0019").status,
            204);
  EXPECT_EQ(Names(restored, "/ous", "ous"),
            (std::vector<std::string>{"wggou", "engineering", "eng-ops", "oob"}));
  EXPECT_EQ(
      Call(restored, "GET", "/ous", nullptr, "ou_name=engineering").body["ous"][0]["description"],
      "changed in the console");
}

TEST(OuTest, ListsPage) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  struct Case {
    std::string path, query;
    int status;
    std::size_t items;
  };
  const Case cases[] = {
      {"/ous", "limit=2", 200, 2},     {"/ous", "offset=2&limit=5", 200, 1},
      {"/ous", "limit=1001", 400, 0},  {"/ad-ous", "", 200, 5},
      {"/ad-ous", "offset=4", 200, 1}, {"/ad-ous", "offset=-1", 400, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path + "?" + c.query);
    auto reply = Call(sim, "GET", c.path, nullptr, c.query);
    EXPECT_EQ(reply.status, c.status) << reply.raw.body;
    if (c.status != 200) continue;
    std::string items = c.path == "/ous" ? "ous" : "ou_infos";
    EXPECT_EQ(reply.body[items].size(), c.items);
    EXPECT_EQ(reply.body["total_count"], c.path == "/ous" ? 3 : 5);
  }
}

}  // namespace
}  // namespace deskops::simulator
