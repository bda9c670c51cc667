#include "daemon/progress/progress.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "reconcilers/engine/action.h"
#include "reconcilers/engine/executor.h"

namespace deskops::daemon {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ProgressTextTest, SaysWhatIsDoneRunningFailedAndLeft) {
  struct Case {
    ProgressCounts counts;
    std::string want;
  };
  const Case cases[] = {
      {{40, 0, 0, 0, seconds(0), seconds(0)}, "0/40 actions, 0 jobs running, 0:00 elapsed"},
      // 10 of 40 in 20 s of this round: 30 more at 2 s each.
      {{40, 10, 0, 3, seconds(42), seconds(20)},
       "10/40 actions, 3 jobs running, 0:42 elapsed, ~1:00 left"},
      {{40, 39, 2, 1, seconds(3700), seconds(390)},
       "39/40 actions, 1 job running, 2 failed, 1:01:40 elapsed, ~0:10 left"},
      {{5, 5, 0, 0, seconds(9), seconds(9)}, "5/5 actions, 0 jobs running, 0:09 elapsed"},
  };
  for (const auto& c : cases) EXPECT_EQ(ProgressText(c.counts), c.want);
}

TEST(ProgressTextTest, ClockText) {
  struct Case {
    milliseconds d;
    std::string want;
  };
  for (const Case& c :
       {Case{milliseconds(999), "0:00"}, Case{seconds(61), "1:01"}, Case{seconds(725), "12:05"},
        Case{seconds(3723), "1:02:03"}, Case{milliseconds(-5), "0:00"}}) {
    EXPECT_EQ(ClockText(c.d), c.want);
  }
}

// Reads what was written to the write end of a pipe so far.
std::string Drain(int fd) {
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, n);
  return out;
}

TEST(ApplyProgressTest, CountsTheEngineEvents) {
  ApplyProgress p({ApplyProgress::Mode::kLines, 2});
  p.StartRound(3);
  reconcilers::Action a;
  p.OnJobStarted("j1", "desktops.create");
  p.OnJobStarted("j2", "desktops.create");
  p.OnJobEnded("j1", "desktops.create", "success");
  p.OnOutcome(a, {"Desktop/a", "create", true, false, ""});
  p.OnOutcome(a, {"Desktop/b", "create", false, false, "boom"});
  p.OnOutcome(a, {"Desktop/c", "create", false, true, "skipped"});
  const ProgressCounts c = p.Counts();
  EXPECT_EQ(c.total, 3u);
  EXPECT_EQ(c.done, 3u);
  EXPECT_EQ(c.failed, 1u) << "a skipped action is not a failure";
  EXPECT_EQ(c.jobs, 1u);
  p.EndRound();
}

TEST(ApplyProgressTest, TerminalLineIsRedrawnAroundLogLinesAndClearedAtTheEnd) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_NONBLOCK), 0);
  {
    ApplyProgress p({ApplyProgress::Mode::kTerminal, fds[1], milliseconds(50)});
    p.StartRound(2);
    reconcilers::Action a;
    p.OnOutcome(a, {"User/a", "create", true, false, ""});
    p.sink()->Write("a log line\n");
    p.EndRound();
  }
  const std::string out = Drain(fds[0]);
  close(fds[0]);
  close(fds[1]);
  EXPECT_NE(out.find("\r\x1b[Kapply: 1/2 actions, 0 jobs running"), std::string::npos) << out;
  // The log line replaces the progress line and the line comes back under it.
  EXPECT_NE(out.find("\r\x1b[Ka log line\napply: 1/2"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - 4), "\r\x1b[K") << "the line is cleared at the end";
}

TEST(ApplyProgressTest, WithoutATerminalASummaryLineEveryPeriod) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_NONBLOCK), 0);
  auto mem = std::make_shared<core::MemorySink>();
  core::Logger log(mem, {core::LogFormat::kJson, core::LogLevel::kInfo});
  ApplyProgress p({ApplyProgress::Mode::kLines, fds[1], milliseconds(50), milliseconds(100)});
  p.set_logger(&log);
  p.StartRound(4);
  std::this_thread::sleep_for(milliseconds(350));
  p.EndRound();
  const auto lines = mem->Lines();
  EXPECT_GE(lines.size(), 2u);
  EXPECT_LE(lines.size(), 4u);
  for (const auto& line : lines) {
    EXPECT_NE(line.find("\"msg\":\"apply progress\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"done\":0,\"total\":4"), std::string::npos) << line;
  }
  p.sink()->Write("plain\n");
  EXPECT_EQ(Drain(fds[0]), "plain\n") << "no terminal codes without a terminal";
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace deskops::daemon
