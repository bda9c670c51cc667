#include "daemon/loop/schedule.h"

#include <gtest/gtest.h>

namespace deskops::daemon {
namespace {

using std::chrono::seconds;

const std::vector<std::string> kKinds = {"User", "Desktop"};

ScheduleOptions NoJitter() {
  ScheduleOptions o;
  o.interval = seconds(300);
  o.retry_interval = seconds(30);
  o.jitter = 0;
  o.kind_intervals = {{"Desktop", seconds(600)}};
  o.max_backoff = seconds(200);
  return o;
}

TEST(ScheduleTest, KindsComeBackOnTheirOwnIntervals) {
  Schedule s(kKinds, NoJitter(), 1);
  const Mono t0{};
  s.AllDue(t0);
  EXPECT_EQ(s.Due(t0), (std::set<std::string>{"Desktop", "User"}));
  s.Passed({"Desktop", "User"}, true, t0);
  EXPECT_TRUE(s.Due(t0 + seconds(299)).empty());
  EXPECT_EQ(s.Due(t0 + seconds(300)), (std::set<std::string>{"User"}));
  EXPECT_EQ(s.Next(), t0 + seconds(300));
  s.Passed({"User"}, true, t0 + seconds(300));
  EXPECT_EQ(s.Due(t0 + seconds(600)), (std::set<std::string>{"Desktop", "User"}));
}

TEST(ScheduleTest, AFailedPassComesBackAfterTheRetryInterval) {
  Schedule s(kKinds, NoJitter(), 1);
  const Mono t0{};
  s.Passed({"User"}, false, t0);
  EXPECT_EQ(s.Due(t0 + seconds(30)).count("User"), 1u);
  EXPECT_EQ(s.Due(t0 + seconds(29)).count("User"), 0u);
}

TEST(ScheduleTest, JitterSpreadsWithinTheBound) {
  ScheduleOptions o = NoJitter();
  o.jitter = 0.1;
  Schedule s(kKinds, o, 42);
  const Mono t0{};
  std::set<long long> seen;
  s.Passed({"Desktop"}, true, t0 + seconds(10000));  // keep Desktop out of Next()
  for (int i = 0; i < 50; ++i) {
    s.Passed({"User"}, true, t0);
    auto due_in = std::chrono::duration_cast<seconds>(s.Next() - t0).count();
    EXPECT_GE(due_in, 270);
    EXPECT_LE(due_in, 330);
    seen.insert(due_in);
  }
  EXPECT_GT(seen.size(), 5u) << "jitter varies";
}

// Kinds that failed together are retried together, in one pass, whatever the jitter draws.
TEST(ScheduleTest, KindsPassedTogetherComeBackTogether) {
  ScheduleOptions o = NoJitter();
  o.jitter = 0.3;
  o.kind_intervals.clear();
  Schedule s(kKinds, o, 7);
  const Mono t0{};
  for (bool ok : {false, true}) {
    s.Passed({"Desktop", "User"}, ok, t0);
    EXPECT_EQ(s.Due(s.Next()), (std::set<std::string>{"Desktop", "User"}));
  }
}

TEST(ScheduleTest, ObjectBackoffDoublesAndIsForgivenAfterASuccessfulRetry) {
  Schedule s(kKinds, NoJitter(), 1);
  Mono t{};
  s.ObjectsPassed({"User"}, {{"User/bad", "quota"}}, t);
  EXPECT_EQ(s.Backoffs(t).count("User/bad"), 1u);
  EXPECT_NE(s.Backoffs(t)["User/bad"].find("quota"), std::string::npos);
  EXPECT_EQ(s.Backoffs(t + seconds(30)).count("User/bad"), 0u) << "first wait: the retry interval";
  EXPECT_EQ(s.Due(t + seconds(30)).count("User"), 1u) << "its kind is due when the wait ends";
  t += seconds(30);
  s.ObjectsPassed({"User"}, {{"User/bad", "quota"}}, t);
  EXPECT_EQ(s.Backoffs(t + seconds(59)).count("User/bad"), 1u) << "second wait doubles";
  EXPECT_EQ(s.Backoffs(t + seconds(60)).count("User/bad"), 0u);
  t += seconds(60);
  s.ObjectsPassed({"User"}, {{"User/bad", "quota"}}, t);
  t += seconds(120);
  s.ObjectsPassed({"User"}, {{"User/bad", "quota"}}, t);
  EXPECT_EQ(s.Backoffs(t + seconds(199)).count("User/bad"), 1u);
  EXPECT_EQ(s.Backoffs(t + seconds(200)).count("User/bad"), 0u) << "capped at max_backoff";
  // A pass over another kind does not forgive it; a pass over its kind after the wait does.
  t += seconds(200);
  s.ObjectsPassed({"Desktop"}, {}, t);
  EXPECT_EQ(s.Due(t).count("User"), 1u);
  s.ObjectsPassed({"User"}, {}, t);
  s.Passed({"User"}, true, t);
  EXPECT_EQ(s.Due(t).count("User"), 0u) << "forgiven: no more early passes";
}

TEST(ScheduleTest, SoonBringsKindsForward) {
  Schedule s(kKinds, NoJitter(), 1);
  const Mono t0{};
  s.Passed({"User", "Desktop"}, true, t0);
  s.Soon({"Desktop"}, t0 + seconds(10));
  EXPECT_EQ(s.Due(t0 + seconds(10)), (std::set<std::string>{"Desktop"}));
  s.Soon({"Desktop"}, t0 + seconds(500));
  EXPECT_EQ(s.Next(), t0 + seconds(10)) << "Soon never postpones";
}

}  // namespace
}  // namespace deskops::daemon
