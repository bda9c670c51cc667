// DesktopStore keeps its indexes (packed status, names, per-user and per-pool counts, quota usage)
// in step with the desktops through Add, Modify and Remove.
#include "simulator/desktop_store.h"

#include <gtest/gtest.h>

#include <memory>

namespace deskops::simulator {
namespace {

Desktop MakeDesktop(std::string id, std::string name, std::string user, std::string pool = "") {
  Desktop d;
  d.id = std::move(id);
  d.computer_name = std::move(name);
  d.product_id = "workspace.c2.large.windows.2";  // 2 vCPUs, 4 GB in the default seed
  d.root = {"r", "root", "SAS", 80, 0, 0};
  d.data = {{"d", "data", "SAS", 20, 1, 0}};
  if (!user.empty()) d.users.push_back({"uid", std::move(user), "users", "USER"});
  d.pool_id = std::move(pool);
  return d;
}

class DesktopStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalog = LoadCatalog(DefaultSeed());
    ASSERT_TRUE(catalog.ok()) << catalog.status().message();
    catalog_ = std::make_shared<Catalog>(std::move(*catalog));
    store_ = std::make_unique<DesktopStore>(catalog_.get());
    store_->Add(MakeDesktop("a", "Alpha-01", "alice"));
    store_->Add(MakeDesktop("b", "Beta-01", "bob", "pool1"));
    store_->Add(MakeDesktop("c", "Gamma-01", "alice", "pool1"));
  }
  std::vector<std::uint8_t> Codes() const {
    std::vector<std::uint8_t> out;
    for (const auto& p : store_->packed()) out.push_back(p.status);
    return out;
  }
  std::shared_ptr<Catalog> catalog_;
  std::unique_ptr<DesktopStore> store_;
};

TEST_F(DesktopStoreTest, PackedStatusFollowsModifyAndRemove) {
  const std::uint8_t active = DesktopStore::StatusCode("ACTIVE");
  const std::uint8_t shutoff = DesktopStore::StatusCode("SHUTOFF");
  EXPECT_NE(active, shutoff);
  EXPECT_EQ(DesktopStore::StatusCode("UNKNOWN"), 0);
  EXPECT_EQ(Codes(), (std::vector<std::uint8_t>{active, active, active}));

  store_->Modify(store_->Find("b"), [](Desktop& d) { d.status = "SHUTOFF"; });
  EXPECT_EQ(Codes(), (std::vector<std::uint8_t>{active, shutoff, active}));

  ASSERT_TRUE(store_->Remove("a"));
  EXPECT_FALSE(store_->Remove("a"));
  EXPECT_EQ(Codes(), (std::vector<std::uint8_t>{shutoff, active}));
  ASSERT_EQ(store_->packed().size(), store_->ordered().size());
  for (std::size_t i = 0; i < store_->ordered().size(); ++i) {
    EXPECT_EQ(store_->packed()[i].desktop, store_->ordered()[i].get());
  }
}

TEST_F(DesktopStoreTest, NamesAreCaseInsensitiveAndFollowRenames) {
  EXPECT_EQ(store_->FindByName("alpha-01"), store_->Find("a"));
  EXPECT_EQ(store_->FindByName("ALPHA-01"), store_->Find("a"));
  store_->Modify(store_->Find("a"), [](Desktop& d) { d.computer_name = "Delta-01"; });
  EXPECT_EQ(store_->FindByName("alpha-01"), nullptr);
  EXPECT_EQ(store_->FindByName("delta-01"), store_->Find("a"));
  store_->Remove("a");
  EXPECT_EQ(store_->FindByName("delta-01"), nullptr);
}

TEST_F(DesktopStoreTest, CountsAndUsage) {
  EXPECT_EQ(store_->CountForUser("alice"), 2);
  EXPECT_EQ(store_->PoolCounts("pool1"), (std::pair<int, int>{2, 2}));
  EXPECT_EQ(store_->usage().desktops, 3);
  EXPECT_EQ(store_->usage().volumes, 6);
  EXPECT_EQ(store_->usage().volume_gb, 300);
  const std::int64_t cores = store_->usage().cores;
  EXPECT_GT(cores, 0);

  // Detaching a user keeps the desktop in the pool but no longer bound.
  store_->Modify(store_->Find("c"), [](Desktop& d) { d.users.clear(); });
  EXPECT_EQ(store_->CountForUser("alice"), 1);
  EXPECT_EQ(store_->PoolCounts("pool1"), (std::pair<int, int>{2, 1}));

  store_->Remove("b");
  store_->Remove("c");
  EXPECT_EQ(store_->PoolCounts("pool1"), (std::pair<int, int>{0, 0}));
  EXPECT_EQ(store_->usage().desktops, 1);
  EXPECT_EQ(store_->usage().cores, cores / 3);
  EXPECT_EQ(store_->usage().volume_gb, 100);
}

}  // namespace
}  // namespace deskops::simulator
