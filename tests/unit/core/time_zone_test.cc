#include "core/time_zone.h"

#include <gtest/gtest.h>

#include <string>

#include "core/clock.h"

namespace deskops::core {
namespace {

using namespace std::chrono;

SysSeconds Utc(int y, int m, int d, int hh, int mm, int ss = 0) {
  return SysSeconds(sys_days(year(y) / month(m) / day(d))) + hours(hh) + minutes(mm) + seconds(ss);
}

LocalSeconds Local(int y, int m, int d, int hh, int mm) {
  return LocalSeconds(local_days(year(y) / month(m) / day(d))) + hours(hh) + minutes(mm);
}

TimeZone Zone(std::string_view name) {
  auto tz = TimeZone::Load(name);
  EXPECT_TRUE(tz.ok()) << tz.status().ToString();
  return tz.ok() ? *tz : *TimeZone::FromPosix("UTC", "UTC0");
}

// Offsets from the system's tz database around the 2026 transitions, and past the last
// transition the file lists (2037), where the footer's POSIX rule takes over.
TEST(TimeZoneTest, OffsetsAcrossTransitions) {
  struct Case {
    std::string zone;
    SysSeconds at;
    int want_hours;
  };
  const Case cases[] = {
      {"Europe/Berlin", Utc(2026, 1, 15, 12, 0), 1},
      {"Europe/Berlin", Utc(2026, 3, 29, 0, 59, 59), 1},
      {"Europe/Berlin", Utc(2026, 3, 29, 1, 0), 2},
      {"Europe/Berlin", Utc(2026, 10, 25, 0, 59, 59), 2},
      {"Europe/Berlin", Utc(2026, 10, 25, 1, 0), 1},
      {"America/New_York", Utc(2026, 3, 8, 6, 59, 59), -5},
      {"America/New_York", Utc(2026, 3, 8, 7, 0), -4},
      {"America/New_York", Utc(2026, 11, 1, 6, 0), -5},
      {"Asia/Kolkata", Utc(2026, 6, 1, 0, 0), 5},    // +05:30, checked below in minutes
      {"Europe/Berlin", Utc(2045, 7, 1, 12, 0), 2},  // after the file's transitions
      {"Europe/Berlin", Utc(2045, 1, 1, 12, 0), 1},
      {"Australia/Sydney", Utc(2045, 1, 1, 12, 0), 11},  // southern summer, by the rule
      {"Australia/Sydney", Utc(2045, 7, 1, 12, 0), 10},
      {"UTC", Utc(2026, 7, 1, 12, 0), 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.zone + " " + FormatRfc3339(c.at));
    EXPECT_EQ(duration_cast<hours>(Zone(c.zone).OffsetAt(c.at)).count(), c.want_hours);
  }
  EXPECT_EQ(Zone("Asia/Kolkata").OffsetAt(Utc(2026, 6, 1, 0, 0)), minutes(330));
}

// Local times in a gap (clocks went forward) are read in the offset before it; in an overlap
// (clocks went back) the earlier instant is taken.
TEST(TimeZoneTest, LocalToUtcAroundDaylightSaving) {
  struct Case {
    std::string name;
    LocalSeconds local;
    SysSeconds want;
  };
  const Case cases[] = {
      {"plain winter", Local(2026, 1, 10, 22, 0), Utc(2026, 1, 10, 21, 0)},
      {"plain summer", Local(2026, 7, 10, 22, 0), Utc(2026, 7, 10, 20, 0)},
      {"in the spring gap", Local(2026, 3, 29, 2, 30), Utc(2026, 3, 29, 1, 30)},
      {"after the spring gap", Local(2026, 3, 29, 3, 0), Utc(2026, 3, 29, 1, 0)},
      {"the autumn overlap takes the earlier", Local(2026, 10, 25, 2, 30),
       Utc(2026, 10, 25, 0, 30)},
      {"after the overlap", Local(2026, 10, 25, 3, 0), Utc(2026, 10, 25, 2, 0)},
  };
  const TimeZone berlin = Zone("Europe/Berlin");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(berlin.ToUtc(c.local), c.want);
  }
  EXPECT_EQ(berlin.ToLocal(Utc(2026, 7, 10, 20, 0)), Local(2026, 7, 10, 22, 0));
}

TEST(TimeZoneTest, PosixRules) {
  struct Case {
    std::string rule;
    SysSeconds at;
    int want_minutes;
  };
  const Case cases[] = {
      {"CET-1CEST,M3.5.0,M10.5.0/3", Utc(2030, 3, 31, 0, 59), 60},
      {"CET-1CEST,M3.5.0,M10.5.0/3", Utc(2030, 3, 31, 1, 0), 120},
      {"EST5EDT,M3.2.0,M11.1.0", Utc(2030, 3, 10, 7, 0), -240},
      {"<+0330>-3:30", Utc(2030, 3, 10, 7, 0), 210},
      {"AEST-10AEDT,M10.1.0,M4.1.0/3", Utc(2030, 1, 1, 0, 0), 660},
      {"AEST-10AEDT,M10.1.0,M4.1.0/3", Utc(2030, 6, 1, 0, 0), 600},
      {"XST-2XDT,J60/0,J300/0", Utc(2032, 3, 1, 0, 0), 180},  // leap year: day 60 is March 1
      {"XST-2XDT,J60/0,J300/0", Utc(2032, 2, 29, 12, 0), 120},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rule);
    auto tz = TimeZone::FromPosix("x", c.rule);
    ASSERT_TRUE(tz.ok()) << tz.status().ToString();
    EXPECT_EQ(duration_cast<minutes>(tz->OffsetAt(c.at)).count(), c.want_minutes);
  }
  for (std::string bad : {"", "C1", "CET", "CET-1CEST", "CET-1CEST,M13.5.0,M10.5.0",
                          "CET-1CEST,M3.5.0", "CET-1CEST,M3.5.0,M10.5.0/x"}) {
    EXPECT_FALSE(ParsePosixRule(bad).ok()) << bad;
  }
}

TEST(TimeZoneTest, BadNamesAndFiles) {
  struct Case {
    std::string name;
    StatusCode want;
  };
  const Case cases[] = {
      {"Mars/Olympus_Mons", StatusCode::kNotFound},
      {"../etc/passwd", StatusCode::kInvalidArgument},
      {"/etc/passwd", StatusCode::kInvalidArgument},
      {"Europe/Berlin ", StatusCode::kInvalidArgument},
      {"", StatusCode::kInvalidArgument},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto tz = TimeZone::Load(c.name);
    ASSERT_FALSE(tz.ok());
    EXPECT_EQ(tz.status().code(), c.want);
  }
  EXPECT_FALSE(TimeZone::FromTzif("x", "TZif2").ok());
  EXPECT_FALSE(TimeZone::FromTzif("x", "not a zone file at all, not even close to one......").ok());
}

}  // namespace
}  // namespace deskops::core
