#pragma once
// The next runs of a schedule, computed the way the API's 4.20.6 documents its fields, for plans
// when the API cannot be asked: wall-clock times in the schedule's time zone at the zone's one
// offset from 4.20.10 (the API gives one per zone, so daylight saving is not modelled), strictly
// after now and not after `expires`. A daily schedule counts its interval from today (the day it
// is set), a weekly one runs on its days (1 = Sunday, L37914), a monthly one on its days of its
// months, skipping days a month lacks and taking L as the last day (L37916). And how plans show
// them: "2026-12-07 20:00 +08:00". Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "reconcilers/engine/live_index.h"
#include "specs/scheduled_task.h"

namespace deskops::reconcilers::scheduled_task {

// An offset written GMT+08:00, GMT+8, UTC-3:30 (4.20.10 L38894, 4.20.3 L38136), in minutes east
// of UTC; nullopt for anything else (a zone name).
std::optional<int> ParseOffset(std::string_view text);
// +08:00
std::string FormatOffset(int minutes);
// The offset of a zone: written out, or the 4.20.10 zone's as looked up into the index.
std::optional<int> ZoneOffset(const LiveIndex& index, std::string_view zone);

// The next `count` runs of a schedule at a time of day (not a trigger) after `now`, as the API
// writes them: yyyy-MM-dd HH:mm:ss on the zone's wall clock.
std::vector<std::string> ComputeRuns(const specs::TaskSchedule& s, int offset_minutes,
                                     core::Clock::WallTime now, std::size_t count);

// A run as plans show it: "2026-12-07 20:00 +08:00" (seconds when they are not :00), the zone's
// name instead of an offset it does not know; text it cannot read as it is.
std::string ShowRun(std::string_view run, std::optional<int> offset, std::string_view zone);

}  // namespace deskops::reconcilers::scheduled_task
