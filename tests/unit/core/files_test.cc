#include "core/files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace deskops::core {
namespace {

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("deskops-files-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    ASSERT_TRUE(MakeDirs(dir_.string()).ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(FilesTest, AtomicWriteReplacesAndLeavesNoTemporaries) {
  std::string path = (dir_ / "state.json").string();
  ASSERT_TRUE(WriteFileAtomically(path, "one").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "two").ok());
  EXPECT_EQ(*ReadFile(path), "two");
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "state may name objects; keep it private";
}

TEST_F(FilesTest, AppendAddsLines) {
  std::string path = (dir_ / "ledger").string();
  ASSERT_TRUE(AppendLineDurably(path, "a").ok());
  ASSERT_TRUE(AppendLineDurably(path, "b").ok());
  EXPECT_EQ(*ReadFile(path), "a\nb\n");
}

TEST_F(FilesTest, ReadMissingIsNotFound) {
  EXPECT_EQ(ReadFile((dir_ / "nope").string()).status().code(), StatusCode::kNotFound);
}

TEST_F(FilesTest, WriteIntoMissingDirectoryFails) {
  EXPECT_FALSE(WriteFileAtomically((dir_ / "no" / "such" / "x").string(), "x").ok());
}

}  // namespace
}  // namespace deskops::core
