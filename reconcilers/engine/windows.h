#pragma once
// Maintenance windows: when disruptive and destructive actions may run. A window opens on each of
// its days at a wall-clock time in an IANA time zone and stays open for its duration (so a
// window may run past midnight into the next day; its days are the days it opens). It governs
// the objects its selector picks: of its kinds (none: every kind) and carrying all its labels
// (metadata.labels; none: every object). An object no window picks is never held; one that some
// pick may be disrupted while any of them is open, and otherwise waits for the earliest of them
// to open (the maintenance-window gate, gates.cc). Pure functions; thread-safe.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/time_zone.h"

namespace deskops::reconcilers {

struct MaintenanceWindow {
  std::string name;               // for messages; the configuration names unnamed ones "window N"
  std::uint8_t days = 0x7f;       // bit d: opens on weekday d (0 = Sunday ... 6 = Saturday)
  std::chrono::minutes start{0};  // wall-clock time of day it opens
  std::chrono::seconds duration{3600};
  std::shared_ptr<const core::TimeZone> zone;
  std::set<std::string> kinds;                // empty: every kind
  std::map<std::string, std::string> labels;  // all must match; empty: every object
};

// "Mon", "Tue", ... "Sun" -> weekday number (0 = Sunday); nullopt for anything else.
std::optional<unsigned> ParseWeekday(std::string_view day);

// Whether the window governs an object of `kind` with `labels`.
bool Selects(const MaintenanceWindow& w, std::string_view kind,
             const std::map<std::string, std::string>& labels);
// Whether the window is open at `t`.
bool IsOpen(const MaintenanceWindow& w, core::SysSeconds t);
// When the window next opens strictly after `t`; nullopt when it never opens (no days).
std::optional<core::SysSeconds> NextOpening(const MaintenanceWindow& w, core::SysSeconds t);

// What the windows say about one object at `now`.
struct WindowVerdict {
  bool governed = false;                    // some window picks it
  bool open = false;                        // one of them is open now
  const MaintenanceWindow* next = nullptr;  // when closed: the window that opens first
  std::optional<core::SysSeconds> opens;    // and when
};
WindowVerdict CheckWindows(const std::vector<MaintenanceWindow>& windows, std::string_view kind,
                           const std::map<std::string, std::string>& labels, core::SysSeconds now);

// "Mon,Tue 22:00 for 6h Europe/Berlin", how plans name a window's schedule.
std::string DescribeWindow(const MaintenanceWindow& w);
// "2026-12-08 22:00 Europe/Berlin (2026-12-08T21:00:00Z)": an opening as plans show it.
std::string DescribeOpening(const MaintenanceWindow& w, core::SysSeconds at);

}  // namespace deskops::reconcilers
