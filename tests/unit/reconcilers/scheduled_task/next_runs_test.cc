// The next runs a plan computes when 4.20.6 cannot be asked, and how plans show runs.
#include "reconcilers/scheduled_task/next_runs.h"

#include <gtest/gtest.h>

#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"

namespace deskops::reconcilers::scheduled_task {
namespace {

using specs::SchedulePeriod;
using Runs = std::vector<std::string>;

// Monday 2026-12-07 04:00:00 UTC.
const core::Clock::WallTime kNow{std::chrono::seconds(1796616000)};

specs::TaskSchedule At(SchedulePeriod period, std::string time) {
  specs::TaskSchedule s;
  s.period = period;
  s.time = std::move(time);
  return s;
}

TEST(NextRunsTest, ComputesEachFormInItsZone) {
  struct Case {
    std::string name;
    specs::TaskSchedule schedule;
    int offset;
    Runs want;
  };
  specs::TaskSchedule weekdays = At(SchedulePeriod::kWeekly, "20:00:00");
  weekdays.week_days = {2, 3, 4, 5, 6};
  specs::TaskSchedule sunday = At(SchedulePeriod::kWeekly, "01:00:00");
  sunday.week_days = {1};
  specs::TaskSchedule every3 = At(SchedulePeriod::kDaily, "03:00:00");
  every3.interval = 3;
  specs::TaskSchedule month_end = At(SchedulePeriod::kMonthly, "02:00:00");
  month_end.months = {2};
  month_end.month_days = "L";
  specs::TaskSchedule thirty_first = At(SchedulePeriod::kMonthly, "00:00:00");
  thirty_first.month_days = "31";
  specs::TaskSchedule once = At(SchedulePeriod::kOnce, "09:30:00");
  once.date = "2026-12-24";
  specs::TaskSchedule far = At(SchedulePeriod::kOnce, "09:30:00");
  far.date = "2099-01-15";
  specs::TaskSchedule past = At(SchedulePeriod::kOnce, "09:30:00");
  past.date = "2026-12-06";
  specs::TaskSchedule expiring = weekdays;
  expiring.expires = "2026-12-09 20:00:00";
  specs::TaskSchedule trigger = At(SchedulePeriod::kTrigger, "");
  const Case cases[] = {
      {"weekdays in Shanghai: today's 20:00 is still ahead (it is 12:00 there)",
       weekdays,
       480,
       {"2026-12-07 20:00:00", "2026-12-08 20:00:00", "2026-12-09 20:00:00"}},
      {"1 = Sunday (L37914)",
       sunday,
       480,
       {"2026-12-13 01:00:00", "2026-12-20 01:00:00", "2026-12-27 01:00:00"}},
      {"the zone's wall clock: in Sao Paulo it is still Monday 01:00",
       sunday,
       -180,
       {"2026-12-13 01:00:00", "2026-12-20 01:00:00", "2026-12-27 01:00:00"}},
      {"every third day counted from today; today's 03:00 has passed in Kolkata (09:30)",
       every3,
       330,
       {"2026-12-10 03:00:00", "2026-12-13 03:00:00", "2026-12-16 03:00:00"}},
      {"every third day; in UTC today's 03:00 has passed too",
       every3,
       0,
       {"2026-12-10 03:00:00", "2026-12-13 03:00:00", "2026-12-16 03:00:00"}},
      {"every third day; at UTC-3 it is 01:00, so today's 03:00 is ahead",
       every3,
       -180,
       {"2026-12-07 03:00:00", "2026-12-10 03:00:00", "2026-12-13 03:00:00"}},
      {"L: February's last day, the 29th in a leap year (L37916)",
       month_end,
       0,
       {"2027-02-28 02:00:00", "2028-02-29 02:00:00", "2029-02-28 02:00:00"}},
      {"a month without the day is skipped",
       thirty_first,
       0,
       {"2026-12-31 00:00:00", "2027-01-31 00:00:00", "2027-03-31 00:00:00"}},
      {"once", once, 480, {"2026-12-24 09:30:00"}},
      {"once, in the past", past, 480, {}},
      {"once, decades ahead", far, 480, {"2099-01-15 09:30:00"}},
      {"runs after expiry are dropped (L37919)",
       expiring,
       480,
       {"2026-12-07 20:00:00", "2026-12-08 20:00:00", "2026-12-09 20:00:00"}},
      {"a trigger runs at no time", trigger, 0, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ComputeRuns(c.schedule, c.offset, kNow, 3), c.want);
  }
  specs::TaskSchedule tight = weekdays;
  tight.expires = "2026-12-08 19:59:59";
  EXPECT_EQ(ComputeRuns(tight, 480, kNow, 3), Runs{"2026-12-07 20:00:00"});
}

TEST(NextRunsTest, OffsetsAndHowRunsAreShown) {
  EXPECT_EQ(ParseOffset("GMT+08:00"), 480);
  EXPECT_EQ(ParseOffset("GMT+8"), 480) << "4.20.3's form (L38136)";
  EXPECT_EQ(ParseOffset("UTC-3:30"), -210);
  EXPECT_EQ(ParseOffset("Asia/Shanghai"), std::nullopt);
  EXPECT_EQ(ParseOffset("GMT+15"), std::nullopt);
  EXPECT_EQ(FormatOffset(-210), "-03:30");
  LiveIndex index;
  index.Put({kZoneKind, "Asia/Kolkata", "", {{"offset", "GMT+05:30"}}});
  EXPECT_EQ(ZoneOffset(index, "Asia/Kolkata"), 330);
  EXPECT_EQ(ZoneOffset(index, "GMT-02:00"), -120);
  EXPECT_EQ(ZoneOffset(index, "Europe/Nowhere"), std::nullopt);
  EXPECT_EQ(ShowRun("2026-12-07 20:00:00", 480, "Asia/Shanghai"), "2026-12-07 20:00 +08:00");
  EXPECT_EQ(ShowRun("2026-12-07 20:00:15", 0, "UTC"), "2026-12-07 20:00:15 +00:00");
  EXPECT_EQ(ShowRun("2026-12-07 20:00:00", std::nullopt, "Europe/Nowhere"),
            "2026-12-07 20:00 Europe/Nowhere");
  EXPECT_EQ(ShowRun("next Monday", 480, "Asia/Shanghai"), "next Monday") << "shown as written";
}

}  // namespace
}  // namespace deskops::reconcilers::scheduled_task
