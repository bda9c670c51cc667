#include "daemon/loop/liveness.h"

#include <gtest/gtest.h>

#include <thread>

#include "daemon/admin_routes.h"
#include "daemon/metrics/process_stats.h"

namespace deskops::daemon {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(LivenessTest, AliveUntilTheLimitPassesWithoutASignOfLife) {
  struct Case {
    milliseconds since_touch;
    bool alive;
  };
  for (const Case& c : {Case{milliseconds(0), true}, Case{milliseconds(9'999), true},
                        Case{milliseconds(10'000), false}, Case{milliseconds(60'000), false}}) {
    Liveness l(seconds(10));
    const auto t0 = Liveness::Clock::now();
    l.Touch(t0);
    EXPECT_EQ(l.Alive(t0 + c.since_touch), c.alive) << c.since_touch.count();
    EXPECT_EQ(l.Silence(t0 + c.since_touch), c.since_touch);
  }
}

TEST(LivenessTest, AnOlderTouchNeverMovesTheLastSignOfLifeBack) {
  Liveness l(seconds(10));
  const auto t0 = Liveness::Clock::now();
  l.Touch(t0 + seconds(5));
  l.Touch(t0);  // another thread, a little late
  EXPECT_EQ(l.Silence(t0 + seconds(5)), milliseconds(0));
}

TEST(LivenessTest, TheIdleLoopWakesWellWithinTheLimit) {
  struct Case {
    milliseconds limit, wake;
  };
  for (const Case& c : {Case{seconds(300), seconds(5)}, Case{seconds(8), seconds(2)},
                        Case{seconds(1), milliseconds(250)}}) {
    Liveness l(c.limit);
    EXPECT_EQ(l.WakeEvery(), c.wake) << c.limit.count();
  }
  Liveness l(seconds(300));
  l.set_limit(seconds(2));
  EXPECT_EQ(l.limit(), seconds(2));
  EXPECT_EQ(l.WakeEvery(), milliseconds(500));
}

TEST(LivenessTest, HealthzFailsWhenTheLoopStalls) {
  core::FakeClock clock;
  Metrics metrics(clock, {"1", "x"}, {"User"}, {});
  StatusBoard board;
  Liveness alive(seconds(60));
  auto routes = AdminRoutes(metrics, board, alive);
  EXPECT_EQ(routes.at("/healthz")("").status, 200);
  Liveness stalled(milliseconds(1000));
  std::this_thread::sleep_for(milliseconds(1100));  // no sign of life for longer than the limit
  auto stalled_routes = AdminRoutes(metrics, board, stalled);
  const AdminResponse r = stalled_routes.at("/healthz")("");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.rfind("stalled: no progress for ", 0), 0u) << r.body;
  EXPECT_NE(r.body.find("(limit 1s)"), std::string::npos) << r.body;
}

TEST(ProcessStatsTest, ParsesTheStatLineWhateverTheCommandName) {
  // Fields after "(comm)": state=3 ... utime=14 stime=15 ... rss=24.
  const std::string rest =
      " S 1 2 3 4 5 6 7 8 9 10 120 30 0 0 20 0 4 0 100 123456 789 18446744073709551615";
  struct Case {
    std::string comm;
  };
  for (const Case& c : {Case{"(deskops)"}, Case{"(a b) (c))"}}) {
    auto stat = ParseProcStat("4242 " + c.comm + rest);
    ASSERT_TRUE(stat.ok()) << stat.status().message();
    EXPECT_EQ(stat->utime_ticks, 120u);
    EXPECT_EQ(stat->stime_ticks, 30u);
    EXPECT_EQ(stat->rss_pages, 789);
  }
  EXPECT_FALSE(ParseProcStat("4242 no-parenthesis").ok());
  EXPECT_FALSE(ParseProcStat("4242 (x) S 1 2").ok());
}

TEST(ProcessStatsTest, ReadsThisProcess) {
  auto p = ReadProcessStats();
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_GT(p->resident_bytes, 1e6);
  EXPECT_GE(p->open_fds, 3);
  EXPECT_GE(p->max_fds, p->open_fds);
  EXPECT_GE(p->cpu_seconds, 0);
}

}  // namespace
}  // namespace deskops::daemon
