#include "daemon/loop/leader_lock.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace deskops::daemon {
namespace {

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() / ("deskops-lock-" + std::to_string(::getpid()) + "-" +
                                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  return dir.string();
}

// flock locks belong to open file descriptions, so a second LeaderLock in the same process
// contends like a second process would.
TEST(LeaderLockTest, OneHolderAtATimeAndTheNextTakesOverOnRelease) {
  const std::string dir = TempDir();
  LeaderLock first(dir), second(dir);
  ASSERT_TRUE(first.TryAcquire().value());
  EXPECT_FALSE(second.TryAcquire().value());
  EXPECT_NE(second.Holder().find("pid " + std::to_string(::getpid())), std::string::npos) << second.Holder();
  first.Release();
  EXPECT_TRUE(second.TryAcquire().value());
  EXPECT_TRUE(second.held());
}

TEST(LeaderLockTest, TheLockDiesWithItsProcess) {
  const std::string dir = TempDir();
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  if (child == 0) {
    LeaderLock lock(dir);
    bool ok = lock.TryAcquire().value();
    char c = ok ? '1' : '0';
    (void)!::write(ready[1], &c, 1);
    ::pause();
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, '1');
  LeaderLock mine(dir);
  EXPECT_FALSE(mine.TryAcquire().value());
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_TRUE(mine.TryAcquire().value()) << "a killed holder's lock is released by the kernel";
}

TEST(LeaderLockTest, AnUnusableDirectoryIsAnError) {
  LeaderLock lock("/proc/deskops-cannot-exist");
  EXPECT_FALSE(lock.TryAcquire().ok());
}

}  // namespace
}  // namespace deskops::daemon
