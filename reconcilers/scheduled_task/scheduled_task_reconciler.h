#pragma once
// Scheduled tasks (4.20), keyed by their task name. Observed with 4.20.1 (two walks: triggered
// tasks only come when asked for, L37783) plus one 4.20.3 per task a plan or export needs (the
// list has no schedule or targets; 4.20.3 has no enable or priority, the list has).
// Per task: create (4.20.2, which answers without an ID: one 4.20.1 by name finds it, and a
// 4.20.4 follows for enable, priority and gray mode, which only 4.20.4 takes); changes in place
// with one 4.20.4 carrying the changed fields (a changed schedule is sent whole, in its new form);
// a changed taskType, which 4.20.4 cannot change, is a replacement (4.20.5, then a create) with
// deskops.io/allow-replace; owned tasks that left the manifests are deleted with 4.20.7, 50 per
// call. Targets are names (desktops, pools), tags or all desktops, resolved to IDs when a step
// runs. A REBUILD task rebuilds its desktops' system disks whenever it runs: creating or changing
// one is destructive (deskops.io/allow-destroy).
//
// A plan shows the next three runs of every schedule it creates or changes. It asks the API
// (4.20.6, a read sent as a POST) only for those: for a task to create, while looking up (it lists
// the tasks first when a declared task is not owned yet, to tell new tasks from adoptions), and
// for a live task whose schedule differs, while listing; where the API does not answer they are
// computed the same way (next_runs.h). The plan checks time zones against 4.20.10.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "reconcilers/engine/kind.h"
#include "reconcilers/scheduled_task/scheduled_task_client.h"
#include "specs/scheduled_task.h"

namespace deskops::reconcilers::scheduled_task {

namespace api = cloud::scheduled_tasks;

// The LiveIndex kinds of what planning looks up: the API's time zones (name -> attribute
// "offset") and the next runs 4.20.6 gave for a task to create (attributes "runs", one per line,
// or "refused").
inline constexpr const char* kZoneKind = "ScheduledTask:zone";
inline constexpr const char* kNextKind = "ScheduledTask:next";

// What 4.20.6 said of a schedule.
struct Preview {
  std::vector<std::string> runs;  // as the API writes them
  std::string refused;            // the API refused the schedule: its message
};

struct LiveTask {
  api::Task task;
  std::optional<Preview> preview;  // a plan's: of the manifest's schedule, when it differs
};

// A create, or a replacement (replaces_id: the task deleted first).
struct Create {
  api::Request request;  // without enable, priority, is_gray, apply_objects, gray_desktop_ids
  std::vector<specs::TaskTarget> targets;                 // by name: resolved when it runs
  std::optional<std::vector<std::string>> gray_desktops;  // by name
  std::optional<bool> enable, is_gray;                    // then set by 4.20.4
  std::optional<std::int64_t> priority;
  std::string replaces_id;
};
// One 4.20.4 with the changed fields. The schedule, when it changes, is sent whole: `desired`,
// with the live value for each of its fields whose change deskops.io/ignore-changes drops.
struct Update {
  std::string id;
  api::Request request;  // every changed field but the schedule, targets and gray desktops
  std::optional<specs::TaskSchedule> desired, live;
  std::optional<std::vector<specs::TaskTarget>> targets;
  std::optional<std::vector<std::string>> gray_desktops;
};
using Step = std::variant<Create, Update>;

class Reconciler final : public TypedKind<specs::ScheduledTaskSpec, LiveTask, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  core::StatusOr<std::vector<LiveRef>> Lookups(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.task.task_name; }
  std::string_view IdOf(const Live& live) const override { return live.task.id; }
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  void PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                   ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

// ---- task_wire.cc: between manifests and the wire ----------------------------------------------

// The request fields of a schedule.
api::Schedule WireSchedule(const specs::TaskSchedule& s);
// A live task's schedule in manifest terms (its time zone as 4.20.1 writes it, else 4.20.3's).
specs::TaskSchedule LiveSchedule(const api::Task& t);
// "weekly on Mon,Fri at 20:00:00", for plans.
std::string Describe(const specs::TaskSchedule& s);
// The live targets by name: desktops and pools named from the index by their IDs (the API's
// object_name otherwise), tags as they are.
std::vector<specs::TaskTarget> LiveTargets(const LiveIndex& index, const api::Task& t);
std::string Describe(const std::vector<specs::TaskTarget>& targets);
// The targets' IDs from the index, at execute time.
core::StatusOr<std::vector<api::ApplyObject>> ResolveTargets(
    const LiveIndex& index, const std::vector<specs::TaskTarget>& targets);
core::StatusOr<std::vector<std::string>> ResolveDesktops(const LiveIndex& index,
                                                         const std::vector<std::string>& names);
// The dependencies (object keys) of targets and gray desktops on other kinds' objects.
std::vector<std::string> TargetDependencies(const specs::ScheduledTaskSpec& spec);
// extraParams as the JSON text the API takes.
std::string ExtraParamsJson(const std::map<std::string, std::string>& params);

// ---- task_diff.cc: planning ---------------------------------------------------------------------

// The schedule's differences (FieldChange paths under spec.schedule); `zones` judges a zone name
// against an offset (nullptr: unknown).
std::vector<FieldChange> DiffSchedule(const specs::TaskSchedule& want,
                                      const specs::TaskSchedule& have, const LiveIndex* zones);
// Plan errors of a manifest's time zone, checked against 4.20.10 (as looked up).
void CheckTimeZone(const ObjectContext& ctx, const specs::TaskSchedule& s, ObjectPlan& p);
// The create step of a manifest (a replacement when replaces_id is set).
Action CreateStep(const Reconciler& kind, const ObjectContext& ctx,
                  const specs::ScheduledTaskSpec& spec, const std::string& replaces_id,
                  ObjectPlan& p);
// The update step, or nothing when the task is in sync.
std::optional<Action> UpdateStep(const Reconciler& kind, const ObjectContext& ctx,
                                 const specs::ScheduledTaskSpec& spec, const LiveTask& live,
                                 ObjectPlan& p);
// The plan's note on a created or changed schedule: its next runs (from `preview`, else computed)
// or its trigger; a schedule that never runs, or that the API refuses, is a plan error instead.
void NoteNextRuns(const ObjectContext& ctx, const specs::ScheduledTaskSpec& spec, bool enabled,
                  const std::optional<Preview>& preview, Action& a, ObjectPlan& p);

// ---- task_execute.cc ----------------------------------------------------------------------------

ActionResult RunStep(ExecContext& ctx, const Action& a);

// What 4.20.6 says of a schedule: its runs, or its refusal; nullopt when it could not be asked
// (the plan then computes the runs itself).
std::optional<Preview> AskNextRuns(cloud::ApiClient& client, const specs::TaskSchedule& s);

}  // namespace deskops::reconcilers::scheduled_task
