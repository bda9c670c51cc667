// Between a ScheduledTask's manifest and the wire (scheduled_task_reconciler.h).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "reconcilers/engine/steps.h"
#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"

namespace deskops::reconcilers::scheduled_task {

using core::StrCat;
using specs::SchedulePeriod;
using specs::TargetType;

namespace {

std::string JoinNumbers(const std::vector<int>& numbers) {
  std::vector<std::string> parts;
  for (int n : numbers) parts.push_back(std::to_string(n));
  return core::Join(parts, ",");
}

std::vector<int> Numbers(const std::string& text) {
  std::vector<int> out;
  for (const std::string& item : core::Split(text, ',')) {
    int n = 0;
    try {
      n = std::stoi(item);
    } catch (const std::exception&) {
      continue;
    }
    out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string Names(const std::vector<int>& numbers, std::string_view (*name)(int)) {
  std::vector<std::string> parts;
  for (int n : numbers) parts.emplace_back(name(n));
  return core::Join(parts, ",");
}

const std::vector<int>& EveryMonth() {
  static const std::vector<int> kAll = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  return kAll;
}

}  // namespace

api::Schedule WireSchedule(const specs::TaskSchedule& s) {
  api::Schedule w;
  w.scheduled_type = std::string(specs::PeriodWireName(s.period));
  if (s.period != SchedulePeriod::kTrigger) w.scheduled_time = s.time;
  switch (s.period) {
    case SchedulePeriod::kOnce:
      w.scheduled_date = s.date;
      break;
    case SchedulePeriod::kDaily:
      w.day_interval = s.interval;
      break;
    case SchedulePeriod::kWeekly:
      w.week_list = JoinNumbers(s.week_days);
      break;
    case SchedulePeriod::kMonthly:
      w.month_list = JoinNumbers(s.months.empty() ? EveryMonth() : s.months);
      w.date_list = s.month_days;
      break;
    case SchedulePeriod::kTrigger:
      w.life_cycle_type = s.event;
      w.wait_time = s.wait_time;
      break;
  }
  w.time_zone = s.time_zone;
  w.expire_time = s.expires;
  return w;
}

specs::TaskSchedule LiveSchedule(const api::Task& t) {
  specs::TaskSchedule s;
  s.period = specs::ParsePeriod(t.scheduled_type).value_or(SchedulePeriod::kOnce);
  s.time = t.scheduled_time;
  s.date = t.scheduled_date;
  s.interval = t.day_interval > 0 ? t.day_interval : 1;
  s.week_days = Numbers(t.week_list);
  s.months = Numbers(t.month_list);
  s.month_days = t.date_list;
  s.event = t.life_cycle_type;
  if (t.wait_time) s.wait_time = t.wait_time;
  // 4.20.1 answers the zone as it was written (a name); 4.20.3 as an offset (L38136).
  const std::string& zone = t.time_zone.empty() ? t.detail_time_zone : t.time_zone;
  if (!zone.empty()) s.time_zone = zone;
  if (!t.expire_time.empty()) s.expires = t.expire_time;
  return s;
}

std::string Describe(const specs::TaskSchedule& s) {
  const std::string at = StrCat(" at ", s.time);
  switch (s.period) {
    case SchedulePeriod::kOnce:
      return StrCat("once on ", s.date, at);
    case SchedulePeriod::kDaily:
      return s.interval == 1 ? StrCat("daily", at) : StrCat("every ", s.interval, " days", at);
    case SchedulePeriod::kWeekly:
      return StrCat("weekly on ", Names(s.week_days, specs::WeekDayName), at);
    case SchedulePeriod::kMonthly:
      return StrCat("monthly",
                    s.months.empty() || s.months == EveryMonth()
                        ? std::string()
                        : " in " + Names(s.months, specs::MonthName),
                    " on days ", s.month_days, at);
    case SchedulePeriod::kTrigger:
      return StrCat("on ", s.event, s.wait_time ? StrCat(" after ", *s.wait_time) : std::string());
  }
  return "";
}

std::vector<specs::TaskTarget> LiveTargets(const LiveIndex& index, const api::Task& t) {
  std::vector<specs::TaskTarget> out;
  for (const api::ApplyObject& o : t.apply_objects) {
    std::optional<TargetType> type = specs::ParseTargetType(o.object_type);
    if (!type) continue;
    std::string name = o.object_name;
    const std::string_view kind = specs::TaskTargetKind(*type);
    if (!kind.empty()) {
      if (auto ref = index.FindById(kind, o.object_id)) name = ref->name;
    } else if (*type == TargetType::kTag) {
      name = o.object_id;
    } else {
      name.clear();
    }
    out.push_back({*type, std::move(name)});
  }
  return out;
}

std::string Describe(const std::vector<specs::TaskTarget>& targets) {
  std::vector<std::string> parts;
  for (const auto& t : targets) {
    parts.push_back(t.type == TargetType::kAllDesktops
                        ? std::string(specs::TargetTypeName(t.type))
                        : StrCat(specs::TargetTypeName(t.type), " ", core::Quote(t.name)));
  }
  return core::Join(parts, ", ");
}

core::StatusOr<std::vector<api::ApplyObject>> ResolveTargets(
    const LiveIndex& index, const std::vector<specs::TaskTarget>& targets) {
  std::vector<api::ApplyObject> out;
  for (const auto& t : targets) {
    const std::string type(specs::TargetTypeName(t.type));
    const std::string_view kind = specs::TaskTargetKind(t.type);
    if (!kind.empty()) {
      DESKOPS_ASSIGN_OR_RETURN(std::string id, ResolveId(index, std::string(kind), t.name));
      out.push_back({std::move(id), type, t.name});
    } else {
      out.push_back({t.name, type, t.name});  // a tag is its own ID; ALL_DESKTOPS has none
    }
  }
  return out;
}

core::StatusOr<std::vector<std::string>> ResolveDesktops(const LiveIndex& index,
                                                         const std::vector<std::string>& names) {
  std::vector<std::string> ids;
  for (const std::string& name : names) {
    DESKOPS_ASSIGN_OR_RETURN(std::string id, ResolveId(index, "Desktop", name));
    ids.push_back(std::move(id));
  }
  return ids;
}

std::vector<std::string> TargetDependencies(const specs::ScheduledTaskSpec& spec) {
  std::vector<std::string> out;
  for (const auto& t : spec.targets) {
    const std::string_view kind = specs::TaskTargetKind(t.type);
    if (!kind.empty()) out.push_back(ObjectKey(kind, t.name));
  }
  if (spec.gray && spec.gray->desktops) {
    for (const auto& name : *spec.gray->desktops) out.push_back(ObjectKey("Desktop", name));
  }
  return out;
}

std::string ExtraParamsJson(const std::map<std::string, std::string>& params) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : params) j[k] = v;
  return j.dump();
}

}  // namespace deskops::reconcilers::scheduled_task
