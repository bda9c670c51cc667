#include "simulator/sim_time.h"

#include <cstdio>
#include <ctime>

namespace deskops::simulator {
namespace {

std::tm Utc(std::int64_t ms, int* millis) {
  std::int64_t secs = ms / 1000;
  *millis = static_cast<int>(ms % 1000);
  if (*millis < 0) *millis += 1000, secs -= 1;
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

std::string Format(std::int64_t ms, const char* pattern, bool with_millis) {
  int millis = 0;
  std::tm tm = Utc(ms, &millis);
  char buf[64];
  if (with_millis) {
    std::snprintf(buf, sizeof buf, pattern, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  } else {
    std::snprintf(buf, sizeof buf, pattern, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
  }
  return buf;
}

}  // namespace

std::string IsoMillis(std::int64_t ms) {
  // The hot path of desktop lists (three per desktop): digits by hand, not snprintf.
  int millis = 0;
  std::tm tm = Utc(ms, &millis);
  std::string out = "0000-00-00T00:00:00.000Z";
  auto put = [&out](std::size_t pos, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      out[pos + i] = static_cast<char>('0' + value % 10);
  };
  put(0, tm.tm_year + 1900, 4), put(5, tm.tm_mon + 1, 2), put(8, tm.tm_mday, 2);
  put(11, tm.tm_hour, 2), put(14, tm.tm_min, 2), put(17, tm.tm_sec, 2), put(20, millis, 3);
  return out;
}

std::string SpaceSeconds(std::int64_t ms) {
  return Format(ms, "%04d-%02d-%02d %02d:%02d:%02d", false);
}

std::string IsoMillisOffset(std::int64_t ms) {
  return Format(ms, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+00:00", true);
}

std::optional<std::int64_t> ParseSpaceSeconds(std::string_view text) {
  std::tm tm{};
  int year, month, day, hour, minute, second;
  char extra;
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2d %2d:%2d:%2d%c", &year, &month, &day, &hour, &minute,
                  &second, &extra) != 6) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900, tm.tm_mon = month - 1, tm.tm_mday = day;
  tm.tm_hour = hour, tm.tm_min = minute, tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

}  // namespace deskops::simulator

namespace deskops::simulator {

std::optional<std::int64_t> ParseIsoUtc(std::string_view text) {
  std::string copy(text);
  int year, month, day, hour, minute, second, millis = 0, consumed = 0;
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6) {
    return std::nullopt;
  }
  std::string rest = copy.substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest[0] == '.') {
    if (rest.size() != 5 || std::sscanf(rest.c_str(), ".%3dZ", &millis) != 1) return std::nullopt;
  } else if (rest != "Z") {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900, tm.tm_mon = month - 1, tm.tm_mday = day;
  tm.tm_hour = hour, tm.tm_min = minute, tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + millis;
}

}  // namespace deskops::simulator
