// 4.4.10 and 4.4.11 take the disks of a pool by ID in the reference's form ({id, type, size}) and
// in the official SDKs' ({id} to delete, {id, size} to expand), the type then being the disk's.
#include <gtest/gtest.h>

#include "simulator/simulator.h"
#include "test_util.h"

namespace deskops::simulator {
namespace {

using testing::Call;

nlohmann::json PoolBody() {
  return {{"name", "pool"},
          {"type", "DYNAMIC"},
          {"size", 1},
          {"product_id", "workspace.c2.large.windows.2"},
          {"image_type", "gold"},
          {"image_id", "a866298d-67db-44b0-a1f1-9d09bdddc20f"},
          {"root_volume", {{"type", "SAS"}, {"size", 80}}},
          {"subnet_ids", {"5dee0216-2260-47c2-9368-98a27d910e55"}},
          {"data_volumes", {{{"type", "SSD"}, {"size", 50}}}}};
}

TEST(PoolVolumesTest, ReferenceAndSdkFormsAreAccepted) {
  struct Case {
    std::string name, action;
    nlohmann::json item;  // "ID" is replaced by the disk's ID
    int status;
    std::string code;
    std::vector<std::pair<std::string, int>> want;  // the pool's data_volumes afterwards
  };
  const Case cases[] = {
      {"expand, reference form",
       "batch-expand",
       {{"id", "ID"}, {"type", "SSD"}, {"size", 70}},
       200,
       "",
       {{"SSD", 70}}},
      {"expand, SDK form", "batch-expand", {{"id", "ID"}, {"size", 70}}, 200, "", {{"SSD", 70}}},
      {"expand without size", "batch-expand", {{"id", "ID"}}, 400, "WKS.0001", {{"SSD", 50}}},
      {"expand to the same size",
       "batch-expand",
       {{"id", "ID"}, {"size", 50}},
       400,
       "WKS.0001",
       {{"SSD", 50}}},
      {"expand beyond 32760 GB",
       "batch-expand",
       {{"id", "ID"}, {"size", 32770}},
       400,
       "WKS.0001",
       {{"SSD", 50}}},
      {"expand without id",
       "batch-expand",
       {{"type", "SSD"}, {"size", 70}},
       400,
       "WKS.0001",
       {{"SSD", 50}}},
      {"delete, reference form",
       "batch-delete",
       {{"id", "ID"}, {"type", "SSD"}, {"size", 50}},
       200,
       "",
       {}},
      {"delete, SDK form", "batch-delete", {{"id", "ID"}}, 200, "", {}},
      {"delete an unknown disk", "batch-delete", {{"id", "nope"}}, 400, "WKS.0568", {{"SSD", 50}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    core::FakeClock clock;
    Simulator sim(testing::TestOptions(), clock);  // jobs finish at once
    ASSERT_EQ(Call(sim, "POST", "/desktop-pools", PoolBody()).status, 200);
    std::string pool = Call(sim, "GET", "/desktop-pools").body["desktop_pools"][0]["id"];
    std::string disk = Call(sim, "GET", "/desktop-pools/" + pool).body["data_volumes"][0]["id"];
    nlohmann::json item = c.item;
    if (item.value("id", "") == "ID") item["id"] = disk;
    auto reply =
        Call(sim, "POST", "/desktop-pools/" + pool + "/volumes/" + c.action, {{"volumes", {item}}});
    EXPECT_EQ(reply.status, c.status) << reply.raw.body;
    EXPECT_EQ(reply.body.value("error_code", ""), c.code);
    Call(sim, "GET", "/workspace-jobs/" + reply.body.value("job_id", "none"));
    std::vector<std::pair<std::string, int>> got;
    auto detail = Call(sim, "GET", "/desktop-pools/" + pool);
    for (const auto& v : detail.body["data_volumes"]) got.emplace_back(v["type"], v["size"]);
    EXPECT_EQ(got, c.want);
  }
}

}  // namespace
}  // namespace deskops::simulator
