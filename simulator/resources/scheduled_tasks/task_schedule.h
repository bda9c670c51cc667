#pragma once
// When a scheduled task (4.20) runs: its schedule as 4.20.2 writes it (scheduled_type and the
// fields of that type) read into typed form, and the times it runs next. Written from the
// reference's request tables (L37912-37926); where they are silent the simulator decides:
// - Times are the task's wall-clock times in its time zone, at the zone's fixed offset from 4.20.10
//   (which names one offset per zone, so daylight saving is not modelled).
// - DAY runs every day_interval days counted from the day the schedule was set (its anchor).
// - MONTH runs on the listed days of the listed months; a day a month does not have (31 in April)
//   is skipped, and L is each month's last day (L37916).
// - A run is strictly after now and not after expire_time (L37919).
// Pure functions; thread-safe.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status_or.h"

namespace deskops::simulator::tasks {

// The scheduled_type values (L37912).
enum class Period { kFixedTime, kDay, kWeek, kMonth, kLifeCycle };
std::optional<Period> ParsePeriod(std::string_view text);

using Days = std::chrono::sys_days;

// A schedule ready to compute with. Lists hold the API's numbers: week days 1-7 for Sunday to
// Saturday (L37914), months 1-12, month days 1-31.
struct Schedule {
  Period period = Period::kFixedTime;
  Days date{};                                      // FIXED_TIME: scheduled_date
  std::chrono::seconds time{0};                     // scheduled_time, since midnight
  std::int64_t interval = 1;                        // DAY
  Days anchor{};                                    // DAY: the day counting starts from
  std::vector<int> week_days;                       // WEEK
  std::vector<int> months;                          // MONTH
  std::vector<int> month_days;                      // MONTH
  bool last_day = false;                            // MONTH: L
  std::optional<std::chrono::sys_seconds> expires;  // as UTC
  std::chrono::minutes offset{0};                   // of the time zone, east of UTC
};

// Parsers of the wire formats; nullopt when the text does not have the format.
std::optional<Days> ParseDate(std::string_view text);                  // yyyy-MM-dd
std::optional<std::chrono::seconds> ParseTime(std::string_view text);  // HH:mm:ss
// yyyy-MM-dd HH:mm:ss as a wall-clock time (seconds since the epoch of that wall clock).
std::optional<std::chrono::sys_seconds> ParseDateTime(std::string_view text);
// A comma-separated list of numbers from lo to hi, each at most once, with "L" allowed when
// `allow_last` (which sets *last). Empty text or items are invalid.
std::optional<std::vector<int>> ParseNumberList(std::string_view text, int lo, int hi,
                                                bool allow_last = false, bool* last = nullptr);
// A time zone offset written GMT+08:00, GMT+8, GMT-3:30 or UTC+8 (4.20.10 L38894 writes the first
// form, the 4.20.3 example L38136 the second).
std::optional<std::chrono::minutes> ParseOffset(std::string_view text);
// GMT+8, GMT+5:30, GMT-3: the offset as the 4.20.3 example writes it (L38136).
std::string ShortOffset(std::chrono::minutes offset);

// The wall-clock date of `now` at `offset`.
Days LocalDay(std::chrono::sys_seconds now, std::chrono::minutes offset);
// yyyy-MM-dd HH:mm:ss of the wall clock at `offset`.
std::string FormatLocal(std::chrono::sys_seconds utc, std::chrono::minutes offset);
std::string FormatDate(Days day);

// The next `count` runs after `now` (UTC), earliest first; fewer (or none) when the schedule
// ends. LIFE_CYCLE schedules run on events, never at a time: none.
std::vector<std::chrono::sys_seconds> NextRuns(const Schedule& s, std::chrono::sys_seconds now,
                                               std::size_t count);

}  // namespace deskops::simulator::tasks
