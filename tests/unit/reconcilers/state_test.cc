// Inventory and write-ahead ledger: crash-safe state that must never be silently misread.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/files.h"
#include "reconcilers/engine/inventory.h"
#include "reconcilers/engine/ledger.h"
#include "reconcilers/engine/state_store.h"

namespace deskops::reconcilers {
namespace {

using ::testing::HasSubstr;

class StateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("deskops-state-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  std::filesystem::path dir_;
  core::FakeClock clock_;
};

TEST_F(StateTest, InventoryRoundTrip) {
  Inventory inv(Path("inventory.json"));
  inv.Upsert({"User", "alice", "u1", false, false, {}});
  inv.Upsert({"Desktop", "ENG-01", "", true, false, {}});
  ASSERT_TRUE(inv.Save().ok());
  auto loaded = Inventory::Load(Path("inventory.json"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->size(), 2u);
  ASSERT_TRUE(loaded->Find("Desktop", "eng-01")) << "desktop names compare case-insensitively";
  EXPECT_TRUE(loaded->Find("Desktop", "eng-01")->prune_protected);
  EXPECT_EQ(loaded->Find("User", "alice")->id, "u1");
  EXPECT_FALSE(loaded->Find("User", "Alice"));
  loaded->Remove("User", "alice");
  EXPECT_EQ(loaded->OfKind("User").size(), 0u);
}

TEST_F(StateTest, InventoryKeepsFailedCreates) {
  Inventory inv(Path("inventory.json"));
  inv.Own("Desktop", "d1", "");
  inv.Own("Desktop", "d2", "");
  inv.MarkCreateFailed("Desktop", "d1", true);
  inv.MarkCreateFailed("Desktop", "nobody", true);
  ASSERT_TRUE(inv.Save().ok());
  auto loaded = Inventory::Load(Path("inventory.json"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->Find("Desktop", "d1")->create_failed);
  EXPECT_FALSE(loaded->Find("Desktop", "d2")->create_failed);
  EXPECT_FALSE(loaded->Find("Desktop", "nobody")) << "marking does not own";
  loaded->Own("Desktop", "d1", "id1");
  EXPECT_TRUE(loaded->Find("Desktop", "d1")->create_failed) << "learning the ID keeps the mark";
  loaded->MarkCreateFailed("Desktop", "d1", false);
  EXPECT_FALSE(loaded->Find("Desktop", "d1")->create_failed);
}

// Records (write-only fingerprints, the data-disk map) cannot be read back from the tenant: they
// survive a restart, an empty value erases a key, and recording never owns an object.
TEST_F(StateTest, InventoryKeepsRecords) {
  Inventory inv(Path("inventory.json"));
  inv.Own("Desktop", "d1", "id1");
  inv.Record("Desktop", "d1", {{"disk:data1", "v1"}, {"applied:spec.tags", "abc"}});
  inv.Record("Desktop", "nobody", {{"disk:data1", "v9"}});
  ASSERT_TRUE(inv.Save().ok());
  auto loaded = Inventory::Load(Path("inventory.json"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(
      loaded->Find("Desktop", "d1")->records,
      (std::map<std::string, std::string>{{"applied:spec.tags", "abc"}, {"disk:data1", "v1"}}));
  EXPECT_FALSE(loaded->Find("Desktop", "nobody")) << "recording does not own";
  loaded->Record("Desktop", "d1", {{"disk:data1", ""}, {"disk:data2", "v2"}});
  EXPECT_EQ(loaded->Find("Desktop", "d1")->Record("disk:data1"), "") << "erased";
  EXPECT_EQ(loaded->Find("Desktop", "d1")->Record("disk:data2"), "v2");
  loaded->Own("Desktop", "d1", "id1");
  EXPECT_EQ(loaded->Find("Desktop", "d1")->Record("disk:data2"), "v2") << "owning again keeps them";
}

TEST_F(StateTest, MissingInventoryIsAFirstRun) {
  auto loaded = Inventory::Load(Path("nope.json"));
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->size(), 0u);
}

TEST_F(StateTest, DamagedInventoryIsAnErrorNotEmpty) {
  Inventory inv(Path("inventory.json"));
  for (int i = 0; i < 20; ++i) inv.Upsert({"User", "u" + std::to_string(i), "", false, false, {}});
  std::string good = inv.Serialize();
  struct Case {
    std::string name, text, want;
  };
  std::string tampered = good;
  tampered.replace(tampered.find("u13"), 3, "u99");
  const Case cases[] = {
      {"truncated", good.substr(0, good.size() / 2), "not JSON, or truncated"},
      {"empty", "", "not JSON, or truncated"},
      {"edited by hand", tampered, "checksum mismatch"},
      {"wrong version", R"({"version":7,"objects":[],"checksum":""})", "unknown version"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = Inventory::Parse(c.text, "inventory.json");
    EXPECT_EQ(r.status().code(), core::StatusCode::kDataLoss);
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.want));
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("will not guess what it owns"));
  }
}

TEST_F(StateTest, LedgerRemembersUnfinishedCallsAcrossRestarts) {
  {
    auto ledger = Ledger::Open(Path("ledger.jsonl"), clock_);
    ASSERT_TRUE(ledger.ok());
    auto a = (*ledger)->Intent("desktops.create", "Desktop", {"d1", "d2"});
    auto b = (*ledger)->Intent("users.modify", "User", {"alice"});
    auto c = (*ledger)->Intent("desktops.action", "Desktop", {"d3"});
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    ASSERT_TRUE((*ledger)->Sent(*a, "job-1").ok());
    ASSERT_TRUE((*ledger)->Done(*b, LedgerOutcome::kOk).ok());
  }  // "crash"
  auto reopened = Ledger::Open(Path("ledger.jsonl"), clock_);
  ASSERT_TRUE(reopened.ok());
  auto open = (*reopened)->Unfinished();
  ASSERT_EQ(open.size(), 2u);
  auto create =
      std::find_if(open.begin(), open.end(), [](auto& i) { return i.op == "desktops.create"; });
  ASSERT_NE(create, open.end());
  EXPECT_EQ(create->job_id, "job-1");
  EXPECT_EQ(create->names, (std::vector<std::string>{"d1", "d2"}));
  ASSERT_TRUE((*reopened)->Compact().ok());
  auto compacted = Ledger::Open(Path("ledger.jsonl"), clock_);
  EXPECT_EQ((*compacted)->Unfinished().size(), 2u);
  auto again = (*compacted)->Intent("x", "User", {"y"});
  EXPECT_TRUE(again.ok()) << "new intents after compaction get fresh IDs";
  for (const auto& i : open) EXPECT_NE(i.id, *again);
}

TEST_F(StateTest, TornLastLineIsIgnoredOtherDamageIsNot) {
  std::string path = Path("ledger.jsonl");
  {
    auto ledger = Ledger::Open(path, clock_);
    ASSERT_TRUE((*ledger)->Intent("users.create", "User", {"a"}).ok());
  }
  std::string good = *core::ReadFile(path);
  // A crash in the middle of appending the next line: that call was never sent.
  std::ofstream(path, std::ios::app) << R"({"seq":9,"type":"intent","id":"i9","op":"users.cre)";
  auto torn = Ledger::Open(path, clock_);
  ASSERT_TRUE(torn.ok()) << torn.status().ToString();
  EXPECT_EQ((*torn)->Unfinished().size(), 1u);
  EXPECT_EQ((*torn)->torn_line(), 2u) << "reported, so that the engine can say so";
  auto whole = Ledger::Open(path + ".none", clock_);
  EXPECT_EQ((*whole)->torn_line(), 0u);
  std::ofstream(path, std::ios::trunc) << "garbage\n" << good;
  auto corrupt = Ledger::Open(path, clock_);
  EXPECT_EQ(corrupt.status().code(), core::StatusCode::kDataLoss);
}

// The state directory's ledger file, pinned byte for byte: installations written before the state
// store seam existed are read, and written, exactly as before.
TEST_F(StateTest, LocalLedgerLinesAreUnchanged) {
  core::FakeClock clock(core::Clock::WallTime(std::chrono::milliseconds(1'700'000'000'123)));
  auto ledger = Ledger::Open(Path("ledger.jsonl"), clock);
  ASSERT_TRUE(ledger.ok());
  auto a = (*ledger)->Intent("desktops.create", "Desktop", {"d1"});
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE((*ledger)->Sent(*a, "job-1").ok());
  ASSERT_TRUE((*ledger)->Unanswered(*a).ok());
  ASSERT_TRUE((*ledger)->Done(*a, LedgerOutcome::kSettled, "the objects exist").ok());
  EXPECT_EQ(*core::ReadFile(Path("ledger.jsonl")),
            R"({"at":1700000000123,"id":"i1700000000123-0","kind":"Desktop","names":["d1"],)"
            R"("op":"desktops.create","seq":0,"type":"intent"})"
            "\n"
            R"({"id":"i1700000000123-0","job_id":"job-1","seq":1,"type":"sent"})"
            "\n"
            R"({"at":1700000000123,"id":"i1700000000123-0","seq":2,"type":"unanswered"})"
            "\n"
            R"({"detail":"the objects exist","id":"i1700000000123-0","outcome":"settled",)"
            R"("seq":3,"type":"done"})"
            "\n");
}

TEST_F(StateTest, LocalStoreKeepsInventoryAndLedgerInTheDirectory) {
  auto store = std::make_shared<LocalStateStore>(dir_.string());
  auto inventory = store->LoadInventory();
  ASSERT_TRUE(inventory.ok());
  inventory->Own("User", "alice", "u-1");
  ASSERT_TRUE(inventory->Save().ok()) << "saves through the store it came from";
  EXPECT_EQ(*core::ReadFile(Path("inventory.json")), inventory->Serialize());
  auto ledger = Ledger::Open(*store, clock_);
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ((*ledger)->path(), Path("ledger.jsonl"));
  ASSERT_TRUE((*ledger)->Intent("users.create", "User", {"bob"}).ok());
  EXPECT_EQ((*Ledger::Open(Path("ledger.jsonl"), clock_))->Unfinished().size(), 1u);
}

// plan and export: the same answers, nothing written.
TEST_F(StateTest, ReadOnlyStoreReadsThroughAndWritesNothing) {
  {
    auto ledger = Ledger::Open(Path("ledger.jsonl"), clock_);
    ASSERT_TRUE((*ledger)->Intent("users.create", "User", {"a"}).ok());
    Inventory inventory(Path("inventory.json"));
    inventory.Own("User", "a", "u-a");
    ASSERT_TRUE(inventory.Save().ok());
  }
  const std::string ledger_text = *core::ReadFile(Path("ledger.jsonl"));
  const std::string inventory_text = *core::ReadFile(Path("inventory.json"));
  ReadOnlyStateStore store(std::make_shared<LocalStateStore>(dir_.string()));
  auto inventory = store.LoadInventory();
  ASSERT_TRUE(inventory.ok());
  EXPECT_TRUE(inventory->Find("User", "a").has_value());
  inventory->Own("User", "b", "u-b");
  EXPECT_TRUE(inventory->Save().ok());
  auto ledger = Ledger::Open(store, clock_);
  ASSERT_TRUE(ledger.ok());
  auto open = (*ledger)->Unfinished();
  ASSERT_EQ(open.size(), 1u);
  ASSERT_TRUE((*ledger)->Done(open[0].id, LedgerOutcome::kAbandoned).ok());
  EXPECT_TRUE((*ledger)->Unfinished().empty()) << "settled in memory";
  ASSERT_TRUE((*ledger)->Compact().ok());
  EXPECT_EQ(*core::ReadFile(Path("ledger.jsonl")), ledger_text);
  EXPECT_EQ(*core::ReadFile(Path("inventory.json")), inventory_text);

  // A read-only store over a directory that does not exist creates nothing.
  ReadOnlyStateStore absent(std::make_shared<LocalStateStore>(Path("absent")));
  ASSERT_TRUE(absent.LoadInventory().ok());
  ASSERT_TRUE(absent.LoadLedger().ok());
  EXPECT_FALSE(std::filesystem::exists(Path("absent")));
}

}  // namespace
}  // namespace deskops::reconcilers
