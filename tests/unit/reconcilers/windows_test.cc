#include "reconcilers/engine/windows.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace deskops::reconcilers {
namespace {

using namespace std::chrono;

core::SysSeconds Utc(int y, int m, int d, int hh, int mm) {
  return core::SysSeconds(sys_days(year(y) / month(m) / day(d))) + hours(hh) + minutes(mm);
}

std::shared_ptr<const core::TimeZone> Zone(std::string_view name) {
  auto tz = core::TimeZone::Load(name);
  EXPECT_TRUE(tz.ok()) << tz.status().ToString();
  return std::make_shared<const core::TimeZone>(
      tz.ok() ? *tz : *core::TimeZone::FromPosix("UTC", "UTC0"));
}

std::uint8_t Days(std::initializer_list<std::string_view> names) {
  std::uint8_t bits = 0;
  for (auto n : names) bits |= static_cast<std::uint8_t>(1u << *ParseWeekday(n));
  return bits;
}

MaintenanceWindow Window(std::uint8_t days, int start_h, int start_m, seconds duration,
                         std::string_view zone = "UTC") {
  MaintenanceWindow w;
  w.name = "w";
  w.days = days;
  w.start = hours(start_h) + minutes(start_m);
  w.duration = duration;
  w.zone = Zone(zone);
  return w;
}

// 2026-12-07 is a Monday. Berlin is UTC+1 in winter, UTC+2 in summer; its clocks go forward on
// 2026-03-29 at 02:00 and back on 2026-10-25 at 03:00.
TEST(WindowsTest, OpenAndNextOpening) {
  struct Case {
    std::string name;
    MaintenanceWindow window;
    core::SysSeconds now;
    bool want_open;
    core::SysSeconds want_next;
  };
  const auto weeknights = Window(Days({"Mon", "Tue", "Wed", "Thu", "Fri"}), 22, 0, hours(6));
  const auto saturday = Window(Days({"Sat"}), 1, 30, minutes(90));
  const auto berlin = Window(Days({"Sun"}), 2, 30, hours(1), "Europe/Berlin");
  const auto berlin_daily = Window(0x7f, 22, 0, hours(2), "Europe/Berlin");
  const auto ny = Window(Days({"Sun"}), 1, 30, hours(1), "America/New_York");
  const Case cases[] = {
      {"before Monday's opening", weeknights, Utc(2026, 12, 7, 21, 59), false,
       Utc(2026, 12, 7, 22, 0)},
      {"at the opening", weeknights, Utc(2026, 12, 7, 22, 0), true, Utc(2026, 12, 8, 22, 0)},
      {"past midnight, still Monday's window", weeknights, Utc(2026, 12, 8, 3, 59), true,
       Utc(2026, 12, 8, 22, 0)},
      {"closed at the end", weeknights, Utc(2026, 12, 8, 4, 0), false, Utc(2026, 12, 8, 22, 0)},
      {"Friday's window runs into Saturday", weeknights, Utc(2026, 12, 12, 2, 0), true,
       Utc(2026, 12, 14, 22, 0)},
      {"Sunday night: no window opened Sunday", weeknights, Utc(2026, 12, 13, 23, 0), false,
       Utc(2026, 12, 14, 22, 0)},
      {"a weekly window a week ahead", saturday, Utc(2026, 12, 12, 3, 0), false,
       Utc(2026, 12, 19, 1, 30)},
      {"inside the weekly window", saturday, Utc(2026, 12, 12, 2, 59), true,
       Utc(2026, 12, 19, 1, 30)},
      {"Berlin in winter: 22:00 is 21:00Z", berlin_daily, Utc(2026, 12, 7, 20, 59), false,
       Utc(2026, 12, 7, 21, 0)},
      {"Berlin in summer: 22:00 is 20:00Z", berlin_daily, Utc(2026, 7, 7, 20, 30), true,
       Utc(2026, 7, 8, 20, 0)},
      {"spring forward: 02:30 does not exist, opens 03:30 CEST", berlin, Utc(2026, 3, 29, 1, 0),
       false, Utc(2026, 3, 29, 1, 30)},
      {"spring forward: open for an hour from 01:30Z", berlin, Utc(2026, 3, 29, 2, 29), true,
       Utc(2026, 4, 5, 0, 30)},
      {"fall back: 02:30 happens twice, the first counts", berlin, Utc(2026, 10, 25, 0, 0), false,
       Utc(2026, 10, 25, 0, 30)},
      {"fall back: closed an hour after the first", berlin, Utc(2026, 10, 25, 1, 30), false,
       Utc(2026, 11, 1, 1, 30)},
      {"New York fall back, 01:30 EDT", ny, Utc(2026, 11, 1, 5, 45), true, Utc(2026, 11, 8, 6, 30)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(IsOpen(c.window, c.now), c.want_open);
    auto next = NextOpening(c.window, c.now);
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(core::FormatRfc3339(*next), core::FormatRfc3339(c.want_next));
  }
}

TEST(WindowsTest, SelectorsByKindAndLabel) {
  struct Case {
    std::string name;
    std::set<std::string> kinds;
    std::map<std::string, std::string> labels;
    std::string kind;
    std::map<std::string, std::string> object_labels;
    bool want;
  };
  const Case cases[] = {
      {"no selector picks everything", {}, {}, "User", {}, true},
      {"kind matches", {"Desktop", "DesktopPool"}, {}, "DesktopPool", {}, true},
      {"kind differs", {"Desktop"}, {}, "DesktopPool", {}, false},
      {"label matches", {}, {{"tier", "prod"}}, "Desktop", {{"tier", "prod"}, {"x", "y"}}, true},
      {"label value differs", {}, {{"tier", "prod"}}, "Desktop", {{"tier", "dev"}}, false},
      {"label missing", {}, {{"tier", "prod"}}, "Desktop", {}, false},
      {"every label must match",
       {},
       {{"tier", "prod"}, {"team", "eng"}},
       "Desktop",
       {{"tier", "prod"}},
       false},
      {"kind and label", {"Desktop"}, {{"tier", "prod"}}, "Desktop", {{"tier", "prod"}}, true},
      {"label right, kind wrong",
       {"Desktop"},
       {{"tier", "prod"}},
       "User",
       {{"tier", "prod"}},
       false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    MaintenanceWindow w = Window(0x7f, 0, 0, hours(1));
    w.kinds = c.kinds;
    w.labels = c.labels;
    EXPECT_EQ(Selects(w, c.kind, c.object_labels), c.want);
  }
}

// The first window of an object that is open lets it through; otherwise the earliest to open is
// the one the plan names. Objects no window picks are not governed.
TEST(WindowsTest, CheckWindowsTakesTheEarliestOpening) {
  MaintenanceWindow desktops = Window(0x7f, 22, 0, hours(2));
  desktops.name = "desktops";
  desktops.kinds = {"Desktop"};
  MaintenanceWindow prod = Window(0x7f, 20, 0, hours(1));
  prod.name = "prod";
  prod.labels = {{"tier", "prod"}};
  const std::vector<MaintenanceWindow> windows = {desktops, prod};

  auto v = CheckWindows(windows, "User", {}, Utc(2026, 12, 7, 12, 0));
  EXPECT_FALSE(v.governed);

  v = CheckWindows(windows, "Desktop", {{"tier", "prod"}}, Utc(2026, 12, 7, 12, 0));
  EXPECT_TRUE(v.governed);
  EXPECT_FALSE(v.open);
  ASSERT_NE(v.next, nullptr);
  EXPECT_EQ(v.next->name, "prod");
  EXPECT_EQ(*v.opens, Utc(2026, 12, 7, 20, 0));

  v = CheckWindows(windows, "Desktop", {{"tier", "prod"}}, Utc(2026, 12, 7, 22, 30));
  EXPECT_TRUE(v.open);

  v = CheckWindows(windows, "Desktop", {}, Utc(2026, 12, 7, 20, 30));
  EXPECT_FALSE(v.open);
  EXPECT_EQ(v.next->name, "desktops");
}

TEST(WindowsTest, Descriptions) {
  MaintenanceWindow w = Window(Days({"Sat", "Mon", "Sun"}), 22, 5, minutes(90), "Europe/Berlin");
  EXPECT_EQ(DescribeWindow(w), "Mon,Sat,Sun 22:05 for 90m Europe/Berlin");
  EXPECT_EQ(DescribeOpening(w, Utc(2026, 12, 7, 21, 5)),
            "2026-12-07 22:05 Europe/Berlin (2026-12-07T21:05:00.000Z)");
  EXPECT_EQ(DescribeWindow(Window(0x7f, 0, 0, hours(6))), "daily 00:00 for 6h UTC");
  EXPECT_FALSE(ParseWeekday("monday").has_value());
}

}  // namespace
}  // namespace deskops::reconcilers
