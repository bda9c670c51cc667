#include "core/log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace deskops::core {
namespace {

class LogTest : public ::testing::Test {
 protected:
  Logger Make(LogFormat format, LogLevel level = LogLevel::kDebug) {
    return Logger(sink_, {format, level}, clock_, secrets_);
  }
  std::shared_ptr<MemorySink> sink_ = std::make_shared<MemorySink>();
  FakeClock clock_{Clock::WallTime(std::chrono::milliseconds(1573788615123))};
  SecretRegistry secrets_;
};

TEST_F(LogTest, Logfmt) {
  Make(LogFormat::kLogfmt)
      .Info("desktop created",
            {{"kind", "Desktop"}, {"name", "eng-01"}, {"count", 3}, {"ok", true}});
  EXPECT_EQ(sink_->Text(),
            "ts=2019-11-15T03:30:15.123Z level=info msg=\"desktop created\" kind=Desktop "
            "name=eng-01 count=3 ok=true\n");
}

TEST_F(LogTest, JsonKeepsTypes) {
  Make(LogFormat::kJson).Warn("slow", {{"kind", "Desktop"}, {"seconds", 1.5}, {"n", 2}});
  EXPECT_EQ(sink_->Text(),
            "{\"ts\":\"2019-11-15T03:30:15.123Z\",\"level\":\"warn\",\"msg\":\"slow\","
            "\"kind\":\"Desktop\",\"seconds\":1.5,\"n\":2}\n");
}

TEST_F(LogTest, QuotesAndEscapesValues) {
  Make(LogFormat::kLogfmt).Error("x", {{"err", "a \"b\"\nc"}, {"empty", ""}});
  EXPECT_EQ(sink_->Text(),
            "ts=2019-11-15T03:30:15.123Z level=error msg=x err=\"a \\\"b\\\"\\nc\" "
            "empty=\"\"\n");
}

TEST_F(LogTest, LevelFilters) {
  Logger log = Make(LogFormat::kLogfmt, LogLevel::kWarn);
  log.Debug("no");
  log.Info("no");
  log.Warn("yes");
  log.Error("yes");
  EXPECT_EQ(sink_->Lines().size(), 2u);
  EXPECT_FALSE(log.Enabled(LogLevel::kInfo));
}

TEST_F(LogTest, RegisteredSecretsNeverPrinted) {
  secrets_.Register("AKSECRET123");
  for (auto format : {LogFormat::kLogfmt, LogFormat::kJson}) {
    Make(format).Info("signing with AKSECRET123", {{"detail", "key=AKSECRET123;"}});
  }
  EXPECT_EQ(sink_->Text().find("AKSECRET123"), std::string::npos) << sink_->Text();
  EXPECT_NE(sink_->Text().find("[REDACTED]"), std::string::npos);
}

TEST_F(LogTest, SecretKeysMaskedWhateverTheValue) {
  Make(LogFormat::kJson)
      .Info("req", {{"Authorization", "SDK-HMAC-SHA256 Access=x"},
                    {"password", "hunter2"},
                    {"name", "alice"}});
  std::string text = sink_->Text();
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_EQ(text.find("SDK-HMAC"), std::string::npos);
  EXPECT_NE(text.find("\"name\":\"alice\""), std::string::npos);
}

TEST_F(LogTest, WithAddsContext) {
  Logger log = Make(LogFormat::kLogfmt).With({{"kind", "User"}});
  log.Info("a", {{"name", "bob"}});
  EXPECT_NE(sink_->Text().find("msg=a kind=User name=bob"), std::string::npos);
}

TEST_F(LogTest, JournalPriorityPrefixesEveryLevel) {
  struct Case {
    LogLevel level;
    std::string prefix;
  };
  for (const Case& c : {Case{LogLevel::kDebug, "<7>"}, Case{LogLevel::kInfo, "<6>"},
                        Case{LogLevel::kWarn, "<4>"}, Case{LogLevel::kError, "<3>"}}) {
    for (LogFormat format : {LogFormat::kLogfmt, LogFormat::kJson}) {
      Logger log(sink_, {format, LogLevel::kDebug, /*journal_priority=*/true}, clock_, secrets_);
      const std::string line = log.Format(c.level, "m", {{"k", "a\nb"}});
      EXPECT_EQ(line.substr(0, 3), c.prefix) << line;
      // One line: a value's newline is escaped, so journald sees one entry with one priority.
      EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
    }
  }
  // Without it, lines start with the timestamp as before.
  EXPECT_EQ(Make(LogFormat::kLogfmt).Format(LogLevel::kError, "m", {}).substr(0, 3), "ts=");
}

TEST(JournalStreamTest, MatchesOnlyTheNamedFile) {
  char path[] = "/tmp/deskops-journal-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  struct stat st {};
  ASSERT_EQ(fstat(fd, &st), 0);
  const std::string self = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  const std::string other = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1);
  struct Case {
    const char* value;
    bool want;
  };
  for (const Case& c : {Case{self.c_str(), true}, Case{other.c_str(), false}, Case{nullptr, false},
                        Case{"", false}, Case{"garbage", false}}) {
    EXPECT_EQ(IsJournalStream(fd, c.value), c.want) << (c.value ? c.value : "(unset)");
  }
  close(fd);
  std::remove(path);
}

TEST(LogParseTest, LevelsAndFormats) {
  EXPECT_EQ(*ParseLogLevel("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogLevel("warning"), LogLevel::kWarn);
  EXPECT_FALSE(ParseLogLevel("loud").ok());
  EXPECT_EQ(*ParseLogFormat("json", 2), LogFormat::kJson);
  EXPECT_EQ(*ParseLogFormat("logfmt", 2), LogFormat::kLogfmt);
  EXPECT_FALSE(ParseLogFormat("xml", 2).ok());
  // A pipe is not a terminal: auto picks JSON.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  EXPECT_EQ(*ParseLogFormat("auto", fds[0]), LogFormat::kJson);
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace deskops::core
