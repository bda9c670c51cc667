// Named data disks against live ones (reconcilers/engine/disks.h): the pairing the inventory keeps
// decides which disk an item stands for, whatever its position.
#include "reconcilers/engine/disks.h"

#include <gtest/gtest.h>

namespace deskops::reconcilers {
namespace {

specs::Volume Want(std::string name, std::string type, std::int64_t size) {
  return {std::move(type), size, std::move(name)};
}

OwnedObject Owned(std::map<std::string, std::string> records) {
  return {"Desktop", "d", "d1", false, false, std::move(records)};
}

TEST(DisksTest, Table) {
  const std::vector<LiveDisk> live = {{"v1", "SAS", 10, "/dev/vdb"}, {"v2", "SAS", 20, "/dev/vdc"}};
  struct Case {
    std::string name;
    std::vector<specs::Volume> want;
    std::optional<OwnedObject> owned;
    std::vector<std::optional<std::size_t>> live_of;
    std::vector<std::size_t> unclaimed;
    std::map<std::string, std::string> records, released;
  };
  const Case cases[] = {
      {"adopted once: identical disks pair, and the pairing is recorded",
       {Want("a", "SAS", 10), Want("b", "SAS", 20)},
       Owned({}),
       {0, 1},
       {},
       {{"disk:a", "v1"}, {"disk:b", "v2"}},
       {}},
      {"identical disks pair before position",
       {Want("b", "SAS", 20), Want("a", "SAS", 10)},
       std::nullopt,
       {1, 0},
       {},
       {{"disk:b", "v2"}, {"disk:a", "v1"}},
       {}},
      {"known pairing: nothing to record",
       {Want("a", "SAS", 10), Want("b", "SAS", 20)},
       Owned({{"disk:a", "v1"}, {"disk:b", "v2"}}),
       {0, 1},
       {},
       {},
       {}},
      // The defect named in the issue: removing the first of two disks of different sizes must
      // delete exactly that disk, not expand the first and delete the second.
      {"removing the first disk releases exactly its volume",
       {Want("b", "SAS", 20)},
       Owned({{"disk:a", "v1"}, {"disk:b", "v2"}}),
       {1},
       {0},
       {},
       {{"disk:a", ""}}},
      {"a grown disk keeps its pairing",
       {Want("a", "SAS", 10), Want("b", "SAS", 50)},
       Owned({{"disk:a", "v1"}, {"disk:b", "v2"}}),
       {0, 1},
       {},
       {},
       {}},
      {"a new item pairs with nothing",
       {Want("a", "SAS", 10), Want("b", "SAS", 20), Want("c", "SSD", 30)},
       Owned({{"disk:a", "v1"}, {"disk:b", "v2"}}),
       {0, 1, std::nullopt},
       {},
       {},
       {}},
      {"a recorded disk that is gone is forgotten",
       {Want("a", "SAS", 10)},
       Owned({{"disk:a", "v1"}, {"disk:z", "v9"}}),
       {0},
       {1},
       {{"disk:z", ""}},
       {}},
      {"an unknown extra disk is unclaimed",
       {Want("a", "SAS", 10)},
       Owned({{"disk:a", "v1"}}),
       {0},
       {1},
       {},
       {}},
      {"a disk of another type pairs with nothing",
       {Want("a", "SSD", 10)},
       std::nullopt,
       {std::nullopt},
       {0, 1},
       {},
       {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    DiskMap m = MapDisks(c.want, live, c.owned);
    EXPECT_EQ(m.live_of, c.live_of);
    EXPECT_EQ(m.unclaimed, c.unclaimed);
    EXPECT_EQ(m.records, c.records);
    EXPECT_EQ(m.released, c.released);
  }
}

TEST(DisksTest, ShowsNameDeviceAndId) {
  EXPECT_EQ(DiskPath("data1"), "spec.dataVolumes[data1]");
  EXPECT_EQ(ShowDisk({"v1", "SAS", 100, "/dev/vdb"}), "SAS 100 GB (/dev/vdb, id v1)");
  EXPECT_EQ(ShowDisk({"p1", "SSD", 50, ""}), "SSD 50 GB (id p1)");
}

}  // namespace
}  // namespace deskops::reconcilers
