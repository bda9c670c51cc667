#include "reconcilers/engine/windows.h"

#include <array>
#include <cstdio>

#include "core/clock.h"
#include "core/strings.h"

namespace deskops::reconcilers {

using namespace std::chrono;
using core::StrCat;

namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};

bool OpensOn(const MaintenanceWindow& w, local_days day) {
  return (w.days >> weekday(day).c_encoding()) & 1;
}

// The instant the window opens on `day` (wall clock), if it opens that day.
std::optional<core::SysSeconds> OpeningOn(const MaintenanceWindow& w, local_days day) {
  if (!OpensOn(w, day)) return std::nullopt;
  return w.zone->ToUtc(core::LocalSeconds(day) + w.start);
}

local_days LocalDay(const MaintenanceWindow& w, core::SysSeconds t) {
  return floor<days>(w.zone->ToLocal(t));
}

std::string Hhmm(minutes m) {
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", static_cast<int>(m.count() / 60 % 100),
                static_cast<int>(m.count() % 60));
  return out;
}

std::string Duration(seconds d) {
  if (d.count() % 3600 == 0) return StrCat(d.count() / 3600, "h");
  if (d.count() % 60 == 0) return StrCat(d.count() / 60, "m");
  return StrCat(d.count(), "s");
}

}  // namespace

std::optional<unsigned> ParseWeekday(std::string_view day) {
  for (unsigned i = 0; i < kDayNames.size(); ++i) {
    if (kDayNames[i] == day) return i;
  }
  return std::nullopt;
}

bool Selects(const MaintenanceWindow& w, std::string_view kind,
             const std::map<std::string, std::string>& labels) {
  if (!w.kinds.empty() && !w.kinds.count(std::string(kind))) return false;
  for (const auto& [key, value] : w.labels) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return true;
}

// Open when an opening at or before `t` is less than `duration` ago. Openings are looked for on
// the local days from the one `t` falls on back over the duration, plus a day for offsets.
bool IsOpen(const MaintenanceWindow& w, core::SysSeconds t) {
  if (!w.zone) return false;
  const local_days today = LocalDay(w, t);
  const auto back = ceil<days>(w.duration) + days(1);
  for (local_days d = today - back; d <= today + days(1); d += days(1)) {
    auto opens = OpeningOn(w, d);
    if (opens && *opens <= t && t < *opens + w.duration) return true;
  }
  return false;
}

std::optional<core::SysSeconds> NextOpening(const MaintenanceWindow& w, core::SysSeconds t) {
  if (!w.zone || (w.days & 0x7f) == 0) return std::nullopt;
  const local_days today = LocalDay(w, t);
  for (local_days d = today - days(1); d <= today + days(8); d += days(1)) {
    auto opens = OpeningOn(w, d);
    if (opens && *opens > t) return opens;
  }
  return std::nullopt;
}

WindowVerdict CheckWindows(const std::vector<MaintenanceWindow>& windows, std::string_view kind,
                           const std::map<std::string, std::string>& labels, core::SysSeconds now) {
  WindowVerdict v;
  for (const MaintenanceWindow& w : windows) {
    if (!Selects(w, kind, labels)) continue;
    v.governed = true;
    if (IsOpen(w, now)) {
      v.open = true;
      v.next = nullptr;
      v.opens.reset();
      return v;
    }
    auto opens = NextOpening(w, now);
    if (opens && (!v.opens || *opens < *v.opens)) {
      v.opens = opens;
      v.next = &w;
    }
    if (!v.next) v.next = &w;
  }
  return v;
}

std::string DescribeWindow(const MaintenanceWindow& w) {
  std::string days;
  if ((w.days & 0x7f) == 0x7f) {
    days = "daily";
  } else {
    for (unsigned i : {1u, 2u, 3u, 4u, 5u, 6u, 0u}) {  // Monday first
      if ((w.days >> i) & 1) days += StrCat(days.empty() ? "" : ",", kDayNames[i]);
    }
  }
  return StrCat(days, " ", Hhmm(w.start), " for ", Duration(w.duration), " ",
                w.zone ? w.zone->name() : std::string("(no zone)"));
}

std::string DescribeOpening(const MaintenanceWindow& w, core::SysSeconds at) {
  if (!w.zone) return core::FormatRfc3339(at);
  const core::LocalSeconds local = w.zone->ToLocal(at);
  const year_month_day ymd(floor<days>(local));
  const hh_mm_ss hms(local - floor<days>(local));
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u %02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return StrCat(out, " ", w.zone->name(), " (", core::FormatRfc3339(at), ")");
}

}  // namespace deskops::reconcilers
