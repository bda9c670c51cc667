// Planning one scheduled task (scheduled_task_reconciler.h): its create step, its update step and
// the note with its next runs. Pure functions of the manifest, the live task and the index.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/strings.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/scheduled_task/next_runs.h"
#include "reconcilers/scheduled_task/scheduled_task_reconciler.h"

namespace deskops::reconcilers::scheduled_task {

using core::Quote;
using core::StrCat;
using specs::SchedulePeriod;
using specs::TaskType;

namespace {

constexpr std::size_t kRunsShown = 3;

std::string Join(const std::vector<int>& numbers, std::string_view (*name)(int)) {
  std::vector<std::string> parts;
  for (int n : numbers) parts.emplace_back(name(n));
  return core::Join(parts, ",");
}

std::set<std::string> DaySet(const std::string& text) {
  std::set<std::string> out;
  for (const std::string& d : core::Split(text, ',')) out.insert(std::string(core::Trim(d)));
  return out;
}

// Whether two zones are the same: by name, or, where one is an offset (4.20.3 answers GMT+8),
// by offset.
bool SameZone(const std::string& want, const std::string& have, const LiveIndex* zones) {
  if (core::EqualsIgnoreCase(want, have)) return true;
  if (!ParseOffset(want) && !ParseOffset(have)) return false;
  if (!zones) return ParseOffset(want) && ParseOffset(want) == ParseOffset(have);
  auto a = ZoneOffset(*zones, want), b = ZoneOffset(*zones, have);
  return a && a == b;
}

void Leaf(std::vector<FieldChange>& out, const std::string& path, const std::string& want,
          const std::string& have) {
  if (want != have) out.push_back({path, have, want});
}

void DiffForm(const specs::TaskSchedule& w, const specs::TaskSchedule& h, const std::string& base,
              std::vector<FieldChange>& out) {
  switch (w.period) {
    case SchedulePeriod::kOnce:
      Leaf(out, base + ".date", w.date, h.date);
      break;
    case SchedulePeriod::kDaily:
      Leaf(out, base + ".interval", std::to_string(w.interval), std::to_string(h.interval));
      break;
    case SchedulePeriod::kWeekly:
      Leaf(out, base + ".days", Join(w.week_days, specs::WeekDayName),
           Join(h.week_days, specs::WeekDayName));
      break;
    case SchedulePeriod::kMonthly: {
      static const std::vector<int> kAll = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
      Leaf(out, base + ".months", Join(w.months.empty() ? kAll : w.months, specs::MonthName),
           Join(h.months, specs::MonthName));
      if (DaySet(w.month_days) != DaySet(h.month_days)) {
        out.push_back({base + ".days", h.month_days, w.month_days});
      }
      break;
    }
    case SchedulePeriod::kTrigger:
      Leaf(out, base + ".event", w.event, h.event);
      if (w.wait_time) {
        Leaf(out, base + ".waitTime", std::to_string(*w.wait_time),
             std::to_string(h.wait_time.value_or(0)));
      }
      break;
  }
  if (w.period != SchedulePeriod::kTrigger) Leaf(out, base + ".time", w.time, h.time);
}

// A REBUILD task rebuilds its desktops' system disks each time it runs: what makes it run (a
// create, a new schedule or targets, enabling it) loses data.
bool Destroys(TaskType type, const std::vector<FieldChange>& changes) {
  if (type != TaskType::kRebuild) return false;
  return std::any_of(changes.begin(), changes.end(), [](const FieldChange& c) {
    return c.path != "spec.description" && !(c.path == "spec.enable" && c.after == "false");
  });
}

constexpr const char* kRebuildNote = "REBUILD rebuilds the system disks of its desktops each run";

api::Request CreateRequest(const ObjectContext& ctx, const specs::ScheduledTaskSpec& spec) {
  api::Request r;
  r.task_name = ctx.name();
  r.task_type = std::string(specs::TaskTypeName(spec.task_type));
  r.schedule = WireSchedule(spec.schedule);
  r.description = spec.description;
  r.force_execute = spec.force_execute;
  if (spec.extra_params) r.extra_params = ExtraParamsJson(*spec.extra_params);
  if (spec.gray) {
    r.gray_count = spec.gray->count;
    r.gray_fail_threshold = spec.gray->fail_threshold;
  }
  return r;
}

bool EffectiveEnable(const specs::ScheduledTaskSpec& spec, bool live) {
  return spec.enable.value_or(live);
}

void DiffSettings(const specs::ScheduledTaskSpec& spec, const api::Task& t, Update& u,
                  std::vector<FieldChange>& changes) {
  if (Compare(changes, "spec.description", spec.description, t.description)) {
    u.request.description = spec.description;
  }
  if (Compare(changes, "spec.enable", spec.enable, t.enable)) u.request.enable = spec.enable;
  if (Compare(changes, "spec.priority", spec.priority, t.priority)) {
    u.request.priority = spec.priority;
  }
  if (Compare(changes, "spec.forceExecute", spec.force_execute, t.force_execute)) {
    u.request.force_execute = spec.force_execute;
  }
  if (spec.extra_params) {
    const nlohmann::json want = nlohmann::json::parse(ExtraParamsJson(*spec.extra_params));
    nlohmann::json have = nlohmann::json::parse(t.extra_params, nullptr, false);
    if (have.is_discarded() || have.is_null()) have = nlohmann::json::object();
    if (want != have) {
      changes.push_back({"spec.extraParams", t.extra_params, want.dump()});
      u.request.extra_params = want.dump();
    }
  }
}

void DiffTargets(const ObjectContext& ctx, const specs::ScheduledTaskSpec& spec, const api::Task& t,
                 Update& u, std::vector<FieldChange>& changes) {
  auto key = [](const specs::TaskTarget& x) {
    return std::pair(x.type,
                     x.type == specs::TargetType::kDesktop ? core::ToLower(x.name) : x.name);
  };
  const std::vector<specs::TaskTarget> live = LiveTargets(ctx.diff.index, t);
  std::set<std::pair<specs::TargetType, std::string>> want, have;
  for (const auto& x : spec.targets) want.insert(key(x));
  for (const auto& x : live) have.insert(key(x));
  if (want == have) return;
  changes.push_back({"spec.targets", Describe(live), Describe(spec.targets)});
  u.targets = spec.targets;
}

void DiffGray(const ObjectContext& ctx, const specs::ScheduledTaskSpec& spec, const api::Task& t,
              Update& u, std::vector<FieldChange>& changes,
              std::map<std::string, std::string>& records) {
  if (!spec.gray) return;
  const specs::TaskGray& g = *spec.gray;
  if (Compare(changes, "spec.gray.count", g.count, t.gray_count)) u.request.gray_count = g.count;
  if (Compare(changes, "spec.gray.failThreshold", g.fail_threshold, t.gray_fail_threshold)) {
    u.request.gray_fail_threshold = g.fail_threshold;
  }
  if (g.desktops) {
    std::vector<std::string> live;
    for (const std::string& id : t.gray_desktop_ids) {
      auto ref = ctx.diff.index.FindById("Desktop", id);
      live.push_back(ref ? ref->name : id);
    }
    std::set<std::string> want, have;
    for (const auto& n : *g.desktops) want.insert(core::ToLower(n));
    for (const auto& n : live) have.insert(core::ToLower(n));
    if (want != have) {
      changes.push_back(
          {"spec.gray.desktops", core::Join(live, ","), core::Join(*g.desktops, ",")});
      u.gray_desktops = g.desktops;
    }
  }
  if (g.enabled) {
    if (ctx.WriteOnly("spec.gray.enabled", Show(*g.enabled), changes, records)) {
      u.request.is_gray = g.enabled;
    }
  }
}

}  // namespace

std::vector<FieldChange> DiffSchedule(const specs::TaskSchedule& want,
                                      const specs::TaskSchedule& have, const LiveIndex* zones) {
  std::vector<FieldChange> out;
  if (want.period != have.period) {
    out.push_back({"spec.schedule", Describe(have), Describe(want)});
  } else {
    DiffForm(want, have, StrCat("spec.schedule.", specs::PeriodField(want.period)), out);
  }
  if (want.time_zone && !SameZone(*want.time_zone, have.time_zone.value_or(""), zones)) {
    out.push_back({"spec.schedule.timeZone", have.time_zone.value_or(""), *want.time_zone});
  }
  if (want.expires && want.expires != have.expires) {
    out.push_back({"spec.schedule.expires", have.expires.value_or(""), *want.expires});
  }
  return out;
}

void CheckTimeZone(const ObjectContext& ctx, const specs::TaskSchedule& s, ObjectPlan& p) {
  if (!s.time_zone || ctx.Ignores("spec.schedule.timeZone")) return;
  const std::vector<LiveRef> zones = ctx.diff.index.OfKind(kZoneKind);
  if (zones.empty()) return;  // 4.20.10 listed none: not taken as proof
  std::vector<std::string> names, offsets;
  for (const LiveRef& z : zones) {
    if (core::EqualsIgnoreCase(z.name, *s.time_zone)) return;
    names.push_back(z.name);
    offsets.push_back(z.Attr("offset"));
  }
  std::sort(names.begin(), names.end());
  const auto offset = ParseOffset(*s.time_zone);
  if (offset && std::any_of(offsets.begin(), offsets.end(),
                            [&](const std::string& o) { return ParseOffset(o) == offset; })) {
    return;
  }
  std::string msg = StrCat("spec.schedule.timeZone: ", Quote(*s.time_zone),
                           " is not a time zone the API offers (4.20.10 lists ", zones.size(),
                           ", such as ", names.front(), ")");
  if (auto close = core::ClosestMatch(*s.time_zone, names)) {
    msg += StrCat("; did you mean ", Quote(*close), "?");
  }
  p.errors.push_back(std::move(msg));
}

void NoteNextRuns(const ObjectContext& ctx, const specs::ScheduledTaskSpec& spec, bool enabled,
                  const std::optional<Preview>& preview, Action& a, ObjectPlan& p) {
  const specs::TaskSchedule& s = spec.schedule;
  if (s.period == SchedulePeriod::kTrigger) {
    a.note =
        StrCat("runs on ", s.event, s.wait_time ? StrCat(" after ", *s.wait_time) : std::string(),
               enabled ? "" : " when enabled");
    return;
  }
  if (preview && !preview->refused.empty()) {
    p.errors.push_back(
        StrCat("spec.schedule: the API refuses this schedule (4.20.6): ", preview->refused));
    return;
  }
  const std::string zone = s.time_zone.value_or("");
  const std::optional<int> offset = ZoneOffset(ctx.diff.index, zone);
  std::vector<std::string> runs;
  if (preview) {
    runs = preview->runs;
  } else if (offset) {
    runs = ComputeRuns(s, *offset, ctx.diff.clock.Now(), kRunsShown);
  } else {
    a.note =
        StrCat("next runs: unknown (neither 4.20.6 nor 4.20.10 answered for ", Quote(zone), ")");
    return;
  }
  if (runs.empty()) {
    p.errors.push_back(
        StrCat("spec.schedule: never runs: ", Describe(s), " in ", zone, " has no run after now",
               s.expires ? " and before " + *s.expires : std::string(),
               " (the API refuses a task that never triggers, WKS.00000028 L50772)"));
    return;
  }
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < runs.size() && i < kRunsShown; ++i) {
    shown.push_back(ShowRun(runs[i], offset, zone));
  }
  a.note = StrCat(enabled ? "next runs: " : "disabled; when enabled, next runs: ",
                  core::Join(shown, ", "));
}

Action CreateStep(const Reconciler& kind, const ObjectContext& ctx,
                  const specs::ScheduledTaskSpec& spec, const std::string& replaces_id,
                  ObjectPlan& p) {
  Create c;
  c.request = CreateRequest(ctx, spec);
  c.targets = spec.targets;
  if (spec.gray) {
    c.gray_desktops = spec.gray->desktops;
    c.is_gray = spec.gray->enabled;
  }
  c.enable = spec.enable;
  c.priority = spec.priority;
  c.replaces_id = replaces_id;
  const bool replace = !replaces_id.empty();
  std::vector<const cloud::Operation*> calls;
  if (replace) calls.push_back(&cloud::ops::kDeleteScheduledTask);
  calls.push_back(&cloud::ops::kCreateScheduledTask);
  calls.push_back(&cloud::ops::kListScheduledTasks);  // the new task's ID (4.20.2 has none)
  if (spec.enable || spec.priority || (spec.gray && spec.gray->enabled)) {
    calls.push_back(&cloud::ops::kModifyScheduledTask);  // what only 4.20.4 takes
  }
  Action a = MakeStep(kind.Kind(), ctx.name(), replace ? Verb::kReplace : Verb::kCreate,
                      std::move(calls), Step{std::move(c)});
  if (spec.gray && spec.gray->enabled) {
    std::vector<FieldChange> shown;
    ctx.WriteOnly("spec.gray.enabled", Show(*spec.gray->enabled), shown, a.records);
  }
  std::optional<Preview> preview;
  if (!replace) {
    if (auto ref = ctx.diff.index.Find(kNextKind, ctx.name())) {
      preview = Preview{core::Split(ref->Attr("runs"), '\n'), ref->Attr("refused")};
      std::erase(preview->runs, "");
    }
  }
  NoteNextRuns(ctx, spec, spec.enable.value_or(true), preview, a, p);
  if (spec.task_type == TaskType::kRebuild) {
    a.disruption = Disruption::kDestructive;
    a.note = a.note.empty() ? kRebuildNote : StrCat(a.note, "; ", kRebuildNote);
  }
  return a;
}

std::optional<Action> UpdateStep(const Reconciler& kind, const ObjectContext& ctx,
                                 const specs::ScheduledTaskSpec& spec, const LiveTask& live,
                                 ObjectPlan& p) {
  const api::Task& t = live.task;
  Update u;
  u.id = t.id;
  std::vector<FieldChange> changes;
  std::map<std::string, std::string> records;
  const specs::TaskSchedule have = LiveSchedule(t);
  std::vector<FieldChange> schedule = DiffSchedule(spec.schedule, have, &ctx.diff.index);
  std::erase_if(schedule, [&](const FieldChange& c) { return ctx.Ignores(c.path); });
  if (!schedule.empty()) {
    u.desired = spec.schedule;
    u.live = have;
  }
  changes.insert(changes.end(), schedule.begin(), schedule.end());
  DiffSettings(spec, t, u, changes);
  DiffTargets(ctx, spec, t, u, changes);
  DiffGray(ctx, spec, t, u, changes, records);
  if (changes.empty()) return std::nullopt;
  const bool enabled = EffectiveEnable(spec, t.enable);
  const bool destroys = Destroys(spec.task_type, changes);
  const bool names_objects = u.targets || u.gray_desktops;
  Action a = MakeStep(kind.Kind(), ctx.name(), Verb::kUpdate, {&cloud::ops::kModifyScheduledTask},
                      Step{std::move(u)});
  a.changes = std::move(changes);
  a.records = std::move(records);
  if (!schedule.empty()) NoteNextRuns(ctx, spec, enabled, live.preview, a, p);
  if (destroys) {
    a.disruption = Disruption::kDestructive;
    a.note = a.note.empty() ? kRebuildNote : StrCat(a.note, "; ", kRebuildNote);
  }
  if (names_objects) a.depends_on = TargetDependencies(spec);  // they must exist first
  return a;
}

}  // namespace deskops::reconcilers::scheduled_task
