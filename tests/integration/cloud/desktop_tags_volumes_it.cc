// Desktop tags (4.6) and disks (4.11) through the real client against wks-sim. 4.6.4 (project
// tags) has no typed endpoint in cloud/, so it goes through ApiClient::Call.
#include <gmock/gmock.h>

#include "sim_suite.h"

namespace deskops::it {
namespace {

using cloud::Tag;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
namespace desktops = cloud::desktops;

class DesktopTagsIT : public SimSuite {};

TEST_F(DesktopTagsIT, ActionCreatesOverwritesAndDeletes) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-tag-01"}}));
  IT_ASSERT_OK(desktops::TagsAction(client(), ids[0], "create", {{"ENV", "dev"}, {"team", "eng"}}));
  IT_ASSIGN_OR_FAIL(auto tags, desktops::ListTags(client(), ids[0]));
  EXPECT_THAT(tags, UnorderedElementsAre(Tag{"ENV", "dev"}, Tag{"team", "eng"}));
  // An equal key is overwritten.
  IT_ASSERT_OK(desktops::TagsAction(client(), ids[0], "create", {{"ENV", "prod"}}));
  IT_ASSERT_OK(desktops::TagsAction(client(), ids[0], "delete", {{"team", ""}}));
  IT_ASSIGN_OR_FAIL(tags, desktops::ListTags(client(), ids[0]));
  EXPECT_THAT(tags, ElementsAre(Tag{"ENV", "prod"}));
  IT_ASSIGN_OR_FAIL(auto got, desktops::Get(client(), ids[0]));
  EXPECT_THAT(got.tags, ElementsAre(Tag{"ENV", "prod"})) << "the desktop read shows them too";
}

TEST_F(DesktopTagsIT, BatchTagsAndProjectTags) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-tag-02"}, {"bob", "it-tag-03"}}));
  IT_ASSERT_OK(desktops::BatchCreateTags(
      client(), {{ids[0], {{"env_type", "PerfTest"}}}, {ids[1], {{"env_type", "Dev"}}}}));
  IT_ASSIGN_OR_FAIL(auto first, desktops::ListTags(client(), ids[0]));
  IT_ASSIGN_OR_FAIL(auto second, desktops::ListTags(client(), ids[1]));
  EXPECT_THAT(first, ElementsAre(Tag{"env_type", "PerfTest"}));
  EXPECT_THAT(second, ElementsAre(Tag{"env_type", "Dev"}));

  std::size_t keys = 0;
  // The project's tag keys with their values; the total is camelCase here (L15766).
  IT_ASSIGN_OR_FAIL(auto tags,
                    RawListAll(cloud::ops::kListProjectTags, "tags", "totalCount", &keys));
  EXPECT_EQ(keys, 1u);
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0].at("key"), "env_type");
  std::vector<std::string> values = tags[0].at("values");
  EXPECT_THAT(values, UnorderedElementsAre("PerfTest", "Dev"));

  IT_ASSERT_OK(desktops::BatchDeleteTags(client(), {{ids[0], {{"env_type", ""}}}}));
  IT_ASSIGN_OR_FAIL(first, desktops::ListTags(client(), ids[0]));
  IT_ASSIGN_OR_FAIL(second, desktops::ListTags(client(), ids[1]));
  EXPECT_TRUE(first.empty());
  EXPECT_THAT(second, ElementsAre(Tag{"env_type", "Dev"}));
}

class DesktopVolumesIT : public SimSuite {};

TEST_F(DesktopVolumesIT, AddExpandAndDeleteOneDesktopsDisks) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-vol-01"}}));
  IT_ASSIGN_OR_FAIL(std::string add,
                    desktops::AddVolumes(client(), ids[0], {{"SSD", 100, "", "", ""}}));
  IT_ASSERT_OK(WaitSuccess(add));
  IT_ASSIGN_OR_FAIL(auto got, desktops::Get(client(), ids[0]));
  ASSERT_EQ(got.data_volumes.size(), 1u);
  const cloud::Volume added = got.data_volumes[0];
  EXPECT_EQ(added.type, "SSD");
  EXPECT_EQ(added.size, 100);
  EXPECT_EQ(added.device, "/dev/vdb");
  EXPECT_FALSE(added.id.empty());

  IT_ASSIGN_OR_FAIL(std::string expand, desktops::ExpandVolume(client(), ids[0], added.id, 120));
  IT_ASSERT_OK(WaitSuccess(expand));
  IT_ASSIGN_OR_FAIL(got, desktops::Get(client(), ids[0]));
  ASSERT_EQ(got.data_volumes.size(), 1u);
  EXPECT_EQ(got.data_volumes[0].size, 120);

  IT_ASSIGN_OR_FAIL(std::string del, desktops::DeleteVolumes(client(), ids[0], {added.id}));
  IT_ASSERT_OK(WaitSuccess(del));
  IT_ASSIGN_OR_FAIL(got, desktops::Get(client(), ids[0]));
  EXPECT_TRUE(got.data_volumes.empty());
  EXPECT_EQ(got.root_volume.size, 80) << "the system disk stays";
}

TEST_F(DesktopVolumesIT, BatchAddAndBatchExpandAcrossDesktops) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-vol-02"}, {"bob", "it-vol-03"}}));
  IT_ASSIGN_OR_FAIL(std::string add,
                    desktops::BatchAddVolumes(
                        client(), {{ids[0], {{"SAS", 10, "", "", ""}}},
                                   {ids[1], {{"SAS", 20, "", "", ""}, {"SSD", 30, "", "", ""}}}}));
  IT_ASSERT_OK(WaitSuccess(add));
  IT_ASSIGN_OR_FAIL(auto a, desktops::Get(client(), ids[0]));
  IT_ASSIGN_OR_FAIL(auto b, desktops::Get(client(), ids[1]));
  ASSERT_EQ(a.data_volumes.size(), 1u);
  ASSERT_EQ(b.data_volumes.size(), 2u);
  EXPECT_EQ(a.data_volumes[0].size, 10);
  EXPECT_EQ(b.data_volumes[0].size, 20) << "ordered by device";
  EXPECT_EQ(b.data_volumes[1].type, "SSD");

  IT_ASSIGN_OR_FAIL(std::string expand,
                    desktops::BatchExpandVolumes(client(), {{ids[0], a.data_volumes[0].id, 15},
                                                            {ids[1], b.data_volumes[1].id, 60}}));
  IT_ASSERT_OK(WaitSuccess(expand));
  IT_ASSIGN_OR_FAIL(a, desktops::Get(client(), ids[0]));
  IT_ASSIGN_OR_FAIL(b, desktops::Get(client(), ids[1]));
  EXPECT_EQ(a.data_volumes[0].size, 15);
  EXPECT_EQ(b.data_volumes[0].size, 20);
  EXPECT_EQ(b.data_volumes[1].size, 60);
}

}  // namespace
}  // namespace deskops::it
