#include "core/clock.h"

#include <gtest/gtest.h>

namespace deskops::core {
namespace {

using namespace std::chrono_literals;

TEST(FakeClockTest, MovesOnlyWhenTold) {
  FakeClock clock;
  auto wall = clock.Now();
  auto mono = clock.Monotonic();
  EXPECT_EQ(clock.Now(), wall);
  clock.Advance(1500ms);
  EXPECT_EQ(clock.Now() - wall, 1500ms);
  EXPECT_EQ(clock.Monotonic() - mono, 1500ms);
  clock.SleepFor(2s);
  EXPECT_EQ(clock.Monotonic() - mono, 3500ms);
}

TEST(FakeClockTest, SetNowMovesWallTimeOnly) {
  FakeClock clock;
  auto mono = clock.Monotonic();
  clock.SetNow(Clock::WallTime(std::chrono::seconds(0)));
  EXPECT_EQ(FormatRfc3339(clock.Now()), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(clock.Monotonic(), mono);
}

TEST(ClockTest, FormatRfc3339) {
  Clock::WallTime t{std::chrono::milliseconds(1573788615123)};
  EXPECT_EQ(FormatRfc3339(t), "2019-11-15T03:30:15.123Z");
}

TEST(ClockTest, SystemClockAdvances) {
  const Clock& c = SystemClock();
  auto a = c.Monotonic();
  c.SleepFor(1ms);
  EXPECT_GT(c.Monotonic(), a);
}

}  // namespace
}  // namespace deskops::core
