#pragma once
// TimeZone: an IANA time zone (Europe/Berlin) read from the system's compiled tz database
// (/usr/share/zoneinfo, or $TZDIR; Debian's tzdata), for wall-clock rules such as maintenance
// windows. libstdc++ 12 has no std::chrono::tzdb and localtime_r with a per-call TZ is not
// thread-safe, so this reads the TZif file itself (RFC 8536): its transitions, and after the last
// one its footer's POSIX TZ rule (CET-1CEST,M3.5.0,M10.5.0/3). Leap-second records are ignored.
// Immutable once loaded; thread-safe.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status_or.h"

namespace deskops::core {

using SysSeconds = std::chrono::sys_seconds;
using LocalSeconds = std::chrono::local_seconds;

class TimeZone {
 public:
  // Reads zone `name` from $TZDIR or /usr/share/zoneinfo. InvalidArgument for a name that is not
  // a zone name (".." or an absolute path), NotFound for one the database lacks.
  static StatusOr<TimeZone> Load(std::string_view name);
  // The same from a given directory (tests).
  static StatusOr<TimeZone> LoadFrom(const std::string& dir, std::string_view name);
  // From a TZif file's bytes.
  static StatusOr<TimeZone> FromTzif(std::string_view name, std::string_view bytes);
  // A zone given by a POSIX TZ rule alone ("CET-1CEST,M3.5.0,M10.5.0/3", "UTC0").
  static StatusOr<TimeZone> FromPosix(std::string_view name, std::string_view rule);

  const std::string& name() const { return name_; }
  // The offset from UTC in effect at `t`.
  std::chrono::seconds OffsetAt(SysSeconds t) const;
  SysSeconds ToUtc(LocalSeconds local) const;
  LocalSeconds ToLocal(SysSeconds t) const {
    return LocalSeconds((t + OffsetAt(t)).time_since_epoch());
  }

  // The POSIX TZ rule of the footer, parsed: standard and daylight offsets east of UTC, and when
  // daylight time starts and ends (local time in the offset before each transition).
  struct Rule {
    enum class DateForm { kMonthWeekDay, kJulianNoLeap, kJulianZero };
    struct When {
      DateForm form = DateForm::kMonthWeekDay;
      int month = 0, week = 0, weekday = 0;  // Mm.w.d
      int day = 0;                           // Jn (1-365) or n (0-365)
      std::chrono::seconds time{7200};
    };
    std::chrono::seconds std_offset{0}, dst_offset{0};
    bool has_dst = false;
    When start, end;
  };

 private:
  struct Transition {
    std::int64_t at;      // UTC seconds
    std::int32_t offset;  // after it, seconds east of UTC
  };
  std::string name_;
  std::int32_t initial_offset_ = 0;  // before the first transition
  std::vector<Transition> transitions_;
  bool has_rule_ = false;
  Rule rule_;

  std::chrono::seconds RuleOffsetAt(SysSeconds t) const;
};

// A POSIX TZ rule string; InvalidArgument when it cannot be read.
StatusOr<TimeZone::Rule> ParsePosixRule(std::string_view text);

}  // namespace deskops::core
