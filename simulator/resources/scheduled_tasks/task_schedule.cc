#include "simulator/resources/scheduled_tasks/task_schedule.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "core/strings.h"

namespace deskops::simulator::tasks {
namespace {

using namespace std::chrono;

// Far enough to find a 29 February from any day, and the rare days of a sparse MONTH schedule.
constexpr int kHorizonDays = 366 * 8 + 1;

std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool Contains(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Whether the schedule runs on `day` (its time aside).
bool RunsOn(const Schedule& s, Days day) {
  switch (s.period) {
    case Period::kFixedTime:
      return day == s.date;
    case Period::kDay: {
      const auto since = (day - s.anchor).count();
      return since >= 0 && since % s.interval == 0;
    }
    case Period::kWeek: {
      // weekday: 0 = Sunday; the API counts 1 = Sunday to 7 = Saturday (L37914).
      return Contains(s.week_days, static_cast<int>(weekday(day).c_encoding()) + 1);
    }
    case Period::kMonth: {
      const year_month_day ymd(day);
      if (!Contains(s.months, static_cast<int>(static_cast<unsigned>(ymd.month())))) return false;
      const bool last =
          ymd.day() == year_month_day_last(ymd.year(), month_day_last(ymd.month())).day();
      return Contains(s.month_days, static_cast<int>(static_cast<unsigned>(ymd.day()))) ||
             (s.last_day && last);
    }
    case Period::kLifeCycle:
      return false;
  }
  return false;
}

}  // namespace

std::optional<Period> ParsePeriod(std::string_view text) {
  if (text == "FIXED_TIME") return Period::kFixedTime;
  if (text == "DAY") return Period::kDay;
  if (text == "WEEK") return Period::kWeek;
  if (text == "MONTH") return Period::kMonth;
  if (text == "LIFE_CYCLE") return Period::kLifeCycle;
  return std::nullopt;
}

std::optional<Days> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = Digits(text, 0, 4), m = Digits(text, 5, 2), d = Digits(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  const year_month_day ymd{year(*y), month(static_cast<unsigned>(*m)),
                           day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd);
}

std::optional<seconds> ParseTime(std::string_view text) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return std::nullopt;
  auto h = Digits(text, 0, 2), m = Digits(text, 3, 2), s = Digits(text, 6, 2);
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 59) return std::nullopt;
  return hours(*h) + minutes(*m) + seconds(*s);
}

std::optional<sys_seconds> ParseDateTime(std::string_view text) {
  if (text.size() != 19 || text[10] != ' ') return std::nullopt;
  auto date = ParseDate(text.substr(0, 10));
  auto time = ParseTime(text.substr(11));
  if (!date || !time) return std::nullopt;
  return sys_seconds(*date) + *time;
}

std::optional<std::vector<int>> ParseNumberList(std::string_view text, int lo, int hi,
                                                bool allow_last, bool* last) {
  std::vector<int> out;
  if (last) *last = false;
  for (const std::string& item : core::Split(text, ',')) {
    if (allow_last && item == "L") {
      if (*last) return std::nullopt;
      *last = true;
      continue;
    }
    int value = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || value < lo ||
        value > hi || Contains(out, value)) {
      return std::nullopt;
    }
    out.push_back(value);
  }
  if (out.empty() && !(last && *last)) return std::nullopt;
  return out;
}

std::optional<minutes> ParseOffset(std::string_view text) {
  if (text.size() < 5 || (text.substr(0, 3) != "GMT" && text.substr(0, 3) != "UTC")) {
    return std::nullopt;
  }
  const char sign = text[3];
  if (sign != '+' && sign != '-') return std::nullopt;
  std::string_view rest = text.substr(4);
  const std::size_t colon = rest.find(':');
  std::string_view h = rest.substr(0, colon);
  std::string_view m = colon == std::string_view::npos ? "0" : rest.substr(colon + 1);
  if (h.empty() || h.size() > 2 || m.empty() || m.size() > 2) return std::nullopt;
  auto hh = Digits(h, 0, h.size()), mm = Digits(m, 0, m.size());
  if (!hh || !mm || *mm > 59 || *hh * 60 + *mm > 14 * 60) return std::nullopt;
  const minutes total = hours(*hh) + minutes(*mm);
  return sign == '-' ? -total : total;
}

std::string ShortOffset(minutes offset) {
  const char sign = offset < minutes(0) ? '-' : '+';
  const auto abs = offset < minutes(0) ? -offset : offset;
  const auto h = duration_cast<hours>(abs).count();
  const auto m = (abs - hours(h)).count();
  char out[32];
  if (m) {
    std::snprintf(out, sizeof out, "GMT%c%d:%02d", sign, static_cast<int>(h), static_cast<int>(m));
  } else {
    std::snprintf(out, sizeof out, "GMT%c%d", sign, static_cast<int>(h));
  }
  return out;
}

Days LocalDay(sys_seconds now, minutes offset) { return floor<days>(now + offset); }

std::string FormatDate(Days day) {
  const year_month_day ymd(day);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return out;
}

std::string FormatLocal(sys_seconds utc, minutes offset) {
  const sys_seconds local = utc + offset;
  const Days day = floor<days>(local);
  const hh_mm_ss<seconds> t(local - day);
  char out[32];
  std::snprintf(out, sizeof out, " %02d:%02d:%02d", static_cast<int>(t.hours().count()),
                static_cast<int>(t.minutes().count()), static_cast<int>(t.seconds().count()));
  return FormatDate(day) + out;
}

std::vector<sys_seconds> NextRuns(const Schedule& s, sys_seconds now, std::size_t count) {
  std::vector<sys_seconds> out;
  if (s.period == Period::kLifeCycle || (s.period == Period::kDay && s.interval < 1)) return out;
  if (s.period == Period::kFixedTime) {  // one run, however far ahead
    const sys_seconds run = sys_seconds(s.date) + s.time - s.offset;
    if (count > 0 && run > now && (!s.expires || run <= *s.expires)) out.push_back(run);
    return out;
  }
  const Days first = LocalDay(now, s.offset);
  for (int i = 0; i < kHorizonDays && out.size() < count; ++i) {
    const Days day = first + days(i);
    if (!RunsOn(s, day)) continue;
    const sys_seconds run = sys_seconds(day) + s.time - s.offset;
    if (run <= now) continue;
    if (s.expires && run > *s.expires) break;
    out.push_back(run);
  }
  return out;
}

}  // namespace deskops::simulator::tasks
