#include "daemon/loop/manifest_watcher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace deskops::daemon {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class ManifestWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("deskops-watch-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    watcher_.reset();
    fs::remove_all(root_);
  }
  void Watch(const fs::path& path) { Watch(std::vector<fs::path>{path}); }
  void Watch(const std::vector<fs::path>& paths) {
    std::vector<std::string> names;
    for (const auto& p : paths) names.push_back(p.string());
    auto w = ManifestWatcher::Start(names, 50ms, [this] {
      std::lock_guard lock(mu_);
      ++changes_;
      cv_.notify_all();
    }, log_);
    ASSERT_TRUE(w.ok()) << w.status().message();
    watcher_ = std::move(*w);
  }
  // Waits for the change count to pass `seen`; the new count, or `seen` after the timeout.
  int WaitBeyond(int seen, std::chrono::milliseconds timeout = 3000ms) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return changes_ > seen; });
    return changes_;
  }
  static void Write(const fs::path& p, const std::string& text) {
    std::ofstream(p) << text;
  }

  fs::path root_;
  core::Logger log_{nullptr, {}};
  std::unique_ptr<ManifestWatcher> watcher_;
  std::mutex mu_;
  std::condition_variable cv_;
  int changes_ = 0;
};

TEST_F(ManifestWatcherTest, ManifestEditsAreSeenOtherFilesAreNot) {
  fs::create_directories(root_ / "m" / "sub");
  fs::create_directories(root_ / "m" / ".git");
  Write(root_ / "m" / "a.yaml", "x");
  Watch(root_ / "m");
  EXPECT_GE(watcher_->watched(), 3u) << "parent, the directory and its subdirectory";
  struct Step {
    std::string name;
    std::function<void()> act;
    bool want_change;
  };
  const Step steps[] = {
      {"edit a manifest", [&] { Write(root_ / "m" / "a.yaml", "y"); }, true},
      {"a new manifest in a subdirectory", [&] { Write(root_ / "m" / "sub" / "b.yml", "z"); }, true},
      {"a file the loader ignores", [&] { Write(root_ / "m" / "notes.txt", "n"); }, false},
      {"inside a hidden directory", [&] { Write(root_ / "m" / ".git" / "c.yaml", "n"); }, false},
      {"a sibling of the watched directory", [&] { Write(root_ / "other.yaml", "n"); }, false},
      {"delete a manifest", [&] { fs::remove(root_ / "m" / "a.yaml"); }, true},
  };
  int seen = 0;
  for (const auto& s : steps) {
    SCOPED_TRACE(s.name);
    s.act();
    int now = WaitBeyond(seen, s.want_change ? 3000ms : 400ms);
    EXPECT_EQ(now > seen, s.want_change);
    seen = now;
  }
}

TEST_F(ManifestWatcherTest, AnAtomicSymlinkSwapIsSeenAndTheNewTreeWatched) {
  // git-sync: root/current -> rev1, replaced by a rename of a new link to rev2.
  fs::create_directories(root_ / "rev1");
  fs::create_directories(root_ / "rev2" / "deep");
  Write(root_ / "rev1" / "a.yaml", "1");
  Write(root_ / "rev2" / "deep" / "a.yaml", "2");
  fs::create_directory_symlink(root_ / "rev1", root_ / "current");
  Watch(root_ / "current");
  fs::create_directory_symlink(root_ / "rev2", root_ / "current.tmp");
  fs::rename(root_ / "current.tmp", root_ / "current");
  int seen = WaitBeyond(0);
  ASSERT_EQ(seen, 1) << "the swap is one change";
  Write(root_ / "rev2" / "deep" / "a.yaml", "3");
  EXPECT_GT(WaitBeyond(seen), seen) << "edits in the new tree are seen";
  seen = changes_;
  Write(root_ / "rev1" / "a.yaml", "old");
  EXPECT_EQ(WaitBeyond(seen, 400ms), seen) << "the old tree is no longer watched";
}

TEST_F(ManifestWatcherTest, ASwapOfASymlinkAboveTheManifestFolderIsSeen) {
  // git-sync with the manifests in a folder of the repository: root/current/deskops, where
  // root/current -> rev1 is replaced by a rename of a new link to rev2. The old tree stays.
  fs::create_directories(root_ / "rev1" / "deskops");
  fs::create_directories(root_ / "rev2" / "deskops");
  Write(root_ / "rev1" / "deskops" / "a.yaml", "1");
  Write(root_ / "rev2" / "deskops" / "a.yaml", "2");
  fs::create_directory_symlink("rev1", root_ / "current");
  Watch(root_ / "current" / "deskops");
  fs::create_directory_symlink("rev2", root_ / "current.tmp");
  fs::rename(root_ / "current.tmp", root_ / "current");
  int seen = WaitBeyond(0);
  ASSERT_EQ(seen, 1) << "the swap is one change";
  Write(root_ / "rev2" / "deskops" / "a.yaml", "3");
  EXPECT_GT(WaitBeyond(seen), seen) << "edits in the new tree are seen";
  seen = changes_;
  Write(root_ / "rev1" / "deskops" / "a.yaml", "old");
  EXPECT_EQ(WaitBeyond(seen, 400ms), seen) << "the old tree is no longer watched";
}

TEST_F(ManifestWatcherTest, AWatchedFileAndAKubernetesSecretUpdateAreSeen) {
  // Credential files: a plain file replaced by rename, and a Secret volume's sk -> ..data/sk,
  // where the update swaps ..data and leaves sk itself untouched.
  fs::create_directories(root_ / "plain");
  Write(root_ / "plain" / "ak", "1");
  Write(root_ / "plain" / "sk", "1");
  fs::create_directories(root_ / "secret" / "..2026_1");
  fs::create_directories(root_ / "secret" / "..2026_2");
  Write(root_ / "secret" / "..2026_1" / "sk", "old");
  Write(root_ / "secret" / "..2026_2" / "sk", "new");
  fs::create_directory_symlink("..2026_1", root_ / "secret" / "..data");
  fs::create_symlink("..data/sk", root_ / "secret" / "sk");
  Watch({root_ / "plain" / "ak", root_ / "plain" / "sk"});
  Write(root_ / "plain" / "ak.tmp", "2");
  fs::rename(root_ / "plain" / "ak.tmp", root_ / "plain" / "ak");
  int seen = WaitBeyond(0);
  ASSERT_EQ(seen, 1) << "a file replaced by rename";
  Write(root_ / "plain" / "sk", "2");
  seen = WaitBeyond(seen);
  ASSERT_EQ(seen, 2) << "the other file watched in the same directory";
  Write(root_ / "plain" / "other", "x");
  EXPECT_EQ(WaitBeyond(seen, 400ms), seen) << "another file in the directory is not a change";
  watcher_.reset();
  Watch(root_ / "secret" / "sk");
  fs::create_directory_symlink("..2026_2", root_ / "secret" / "..data_tmp");
  fs::rename(root_ / "secret" / "..data_tmp", root_ / "secret" / "..data");
  EXPECT_GT(WaitBeyond(seen), seen) << "the ..data swap";
}

TEST_F(ManifestWatcherTest, BurstsAreDebouncedIntoOneChange) {
  fs::create_directories(root_ / "m");
  Watch(root_ / "m");
  for (int i = 0; i < 20; ++i) Write(root_ / "m" / ("f" + std::to_string(i) + ".yaml"), "x");
  int seen = WaitBeyond(0);
  EXPECT_EQ(WaitBeyond(seen, 300ms), seen);
  EXPECT_LE(seen, 2) << "20 writes in a burst";
}

}  // namespace
}  // namespace deskops::daemon
