#include "reconcilers/scheduled_task/next_runs.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

#include "core/strings.h"
#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"

namespace deskops::reconcilers::scheduled_task {
namespace {

using namespace std::chrono;

constexpr int kSearchDays = 366 * 8 + 1;  // finds a 29 February from any day

std::optional<int> Number(std::string_view text) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<sys_days> Date(std::string_view text) {  // yyyy-MM-dd
  if (text.size() != 10) return std::nullopt;
  auto y = Number(text.substr(0, 4)), m = Number(text.substr(5, 2)), d = Number(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  const year_month_day ymd{year(*y), month(static_cast<unsigned>(*m)),
                           day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd);
}

std::optional<seconds> TimeOfDay(std::string_view text) {  // HH:mm:ss
  if (text.size() != 8) return std::nullopt;
  auto h = Number(text.substr(0, 2)), m = Number(text.substr(3, 2)), s = Number(text.substr(6, 2));
  if (!h || !m || !s) return std::nullopt;
  return hours(*h) + minutes(*m) + seconds(*s);
}

bool Has(const std::vector<int>& list, int v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

struct Rule {
  const specs::TaskSchedule& s;
  sys_days today;
  std::vector<int> month_days;
  bool last = false;

  bool RunsOn(sys_days d) const {
    const year_month_day ymd(d);
    const int month_number = static_cast<int>(static_cast<unsigned>(ymd.month()));
    const int day_number = static_cast<int>(static_cast<unsigned>(ymd.day()));
    switch (s.period) {
      case specs::SchedulePeriod::kOnce:
        return Date(s.date) == d;
      case specs::SchedulePeriod::kDaily:
        return s.interval > 0 && (d - today).count() % s.interval == 0;
      case specs::SchedulePeriod::kWeekly:
        return Has(s.week_days, static_cast<int>(weekday(d).c_encoding()) + 1);
      case specs::SchedulePeriod::kMonthly: {
        if (!s.months.empty() && !Has(s.months, month_number)) return false;
        const bool is_last =
            ymd.day() == year_month_day_last(ymd.year(), month_day_last(ymd.month())).day();
        return Has(month_days, day_number) || (last && is_last);
      }
      case specs::SchedulePeriod::kTrigger:
        return false;
    }
    return false;
  }
};

std::string Local(sys_seconds t) {
  const sys_days d = floor<days>(t);
  const year_month_day ymd(d);
  const hh_mm_ss<seconds> hms(t - d);
  char out[40];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u %02d:%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return out;
}

}  // namespace

std::optional<int> ParseOffset(std::string_view text) {
  if (text.size() < 5 || (text.substr(0, 3) != "GMT" && text.substr(0, 3) != "UTC")) {
    return std::nullopt;
  }
  if (text[3] != '+' && text[3] != '-') return std::nullopt;
  const std::string_view rest = text.substr(4);
  const std::size_t colon = rest.find(':');
  auto h = Number(rest.substr(0, colon));
  auto m = colon == std::string_view::npos ? std::optional<int>(0) : Number(rest.substr(colon + 1));
  if (!h || !m || *h > 14 || *m > 59) return std::nullopt;
  const int total = *h * 60 + *m;
  return text[3] == '-' ? -total : total;
}

std::string FormatOffset(int minutes) {
  char out[16];
  const int abs = minutes < 0 ? -minutes : minutes;
  std::snprintf(out, sizeof out, "%c%02d:%02d", minutes < 0 ? '-' : '+', abs / 60 % 100, abs % 60);
  return out;
}

std::optional<int> ZoneOffset(const LiveIndex& index, std::string_view zone) {
  if (auto offset = ParseOffset(zone)) return offset;
  if (auto ref = index.Find(kZoneKind, zone)) return ParseOffset(ref->Attr("offset"));
  return std::nullopt;
}

std::vector<std::string> ComputeRuns(const specs::TaskSchedule& s, int offset_minutes,
                                     core::Clock::WallTime now, std::size_t count) {
  std::vector<std::string> out;
  const auto time = TimeOfDay(s.time);
  if (s.period == specs::SchedulePeriod::kTrigger || !time) return out;
  const minutes offset(offset_minutes);
  const sys_seconds local_now = floor<seconds>(now) + offset;
  Rule rule{s, floor<days>(local_now), {}, false};
  if (s.period == specs::SchedulePeriod::kMonthly) {
    rule.month_days = specs::ParseMonthDays(s.month_days, &rule.last).value_or(std::vector<int>{});
  }
  std::optional<sys_seconds> expires;
  if (s.expires && s.expires->size() == 19) {
    auto d = Date(s.expires->substr(0, 10));
    auto t = TimeOfDay(s.expires->substr(11));
    if (d && t) expires = sys_seconds(*d) + *t;  // wall clock, like the runs
  }
  if (s.period == specs::SchedulePeriod::kOnce) {  // one run, however far ahead
    auto day = Date(s.date);
    const sys_seconds run = day ? sys_seconds(*day) + *time : local_now;
    if (count > 0 && run > local_now && (!expires || run <= *expires)) out.push_back(Local(run));
    return out;
  }
  for (int i = 0; i < kSearchDays && out.size() < count; ++i) {
    const sys_days d = rule.today + days(i);
    if (!rule.RunsOn(d)) continue;
    const sys_seconds run = sys_seconds(d) + *time;
    if (run <= local_now) continue;
    if (expires && run > *expires) break;
    out.push_back(Local(run));
  }
  return out;
}

std::string ShowRun(std::string_view run, std::optional<int> offset, std::string_view zone) {
  std::string text(run);
  const bool readable =
      run.size() == 19 && run[10] == ' ' && Date(run.substr(0, 10)) && TimeOfDay(run.substr(11));
  if (!readable) return text;
  if (run.substr(16) == ":00") text = text.substr(0, 16);
  return core::StrCat(text, " ", offset ? FormatOffset(*offset) : std::string(zone));
}

}  // namespace deskops::reconcilers::scheduled_task
