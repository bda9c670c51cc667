#include "core/log.h"

#include <gtest/gtest.h>

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
  Make(LogFormat::kLogfmt).Info("desktop created", {{"kind", "Desktop"}, {"name", "eng-01"},
                                                    {"count", 3}, {"ok", true}});
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
  EXPECT_EQ(sink_->Text(), "ts=2019-11-15T03:30:15.123Z level=error msg=x err=\"a \\\"b\\\"\\nc\" "
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
  Make(LogFormat::kJson).Info("req", {{"Authorization", "SDK-HMAC-SHA256 Access=x"},
                                      {"password", "hunter2"}, {"name", "alice"}});
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
