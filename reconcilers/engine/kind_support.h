#pragma once
// Steps most kinds take the same way, so each kind's reconciler says only what is particular to
// it: building an action, planning a create that may still be in flight, adopting a live object of
// the manifest's name, checking references by name, resolving a referenced object's ID at execute
// time, and waiting for a job inside Execute when the next call must see it finished.
// The Diff helpers are pure and may be called from Diff's thread; the Execute helpers from the
// executor's workers, like Execute itself.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

// Payload of actions that need only the live object's ID (adopt, delete).
struct IdPayload : ActionPayload {
  std::string id;
  explicit IdPayload(std::string i) : id(std::move(i)) {}
};

Action MakeAction(const std::string& kind, const std::string& name, Verb verb, std::string op,
                  std::shared_ptr<const ActionPayload> payload = nullptr);

// When a create of kind/name may still be in flight (an earlier run sent it and has not seen it
// end), the create to plan instead of a second one: held by "in-flight", with the reason.
std::optional<Action> HeldCreate(const DiffContext& ctx, const std::string& kind,
                                 const std::string& name, const std::string& op);

// A live object of the manifest's name that deskops does not own: the adopt action (payload: its
// ID) when the object's deskops.io/adopt annotation or the run's options allow it, otherwise the
// message of the plan error. Objects already owned need neither (check ctx.Owned first).
struct Adoption {
  std::optional<Action> action;
  std::string refused;  // non-empty: adoption is not allowed
};
Adoption Adopt(const DiffContext& ctx, const specs::Object& object, const std::string& id);

// What one object's diff found: its actions and the plan errors that leave the whole object alone.
struct ObjectPlan {
  std::vector<Action> actions;
  std::vector<std::string> errors;
};
// Adds an object's plan: its errors when it has any (and then none of its actions), else its
// actions, or counts it in sync when there are none. With `in_order`, the actions share a batch key
// per object, so that Execute receives them together and can run them with RunInOrder.
void Commit(PlanBuilder& plan, const std::string& kind, const std::string& name, ObjectPlan p,
            bool in_order);

// A reference from `path` to kind/name: appends the plan error's message when the object neither
// exists nor is declared, and otherwise the object's key to `depends_on` (once).
void CheckRef(const DiffContext& ctx, const std::string& kind, const std::string& name,
              const std::string& path, std::vector<std::string>& errors,
              std::vector<std::string>& depends_on);

// The live ID of kind/name from the index, at execute time (objects created earlier in the same
// run are there by then); FAILED_PRECONDITION when it is not known.
core::StatusOr<std::string> ResolveId(const LiveIndex& index, const std::string& kind,
                                      const std::string& name);

// Whether `action` still lists a change of `path`. deskops.io/ignore-changes drops the changes it
// covers from a planned action; an action that changes several fields in one call (a 4.4.3 update)
// must then leave the dropped ones out of its request, or ignoring them would not work.
bool Keeps(const Action& action, std::string_view path);

// CallOnce for a single action: a call that starts a job (returns its ID; the engine follows it
// unless AwaitJob does), or a synchronous one.
ActionResult CallJob(ExecContext& ctx, const std::string& op, const Action& action,
                     const std::function<core::StatusOr<std::string>()>& call);
ActionResult CallSync(ExecContext& ctx, const std::string& op, const Action& action,
                      const std::function<core::Status()>& call);

// Waits for the job a CallOnce result started and closes its ledger entry; the result then carries
// the job's outcome and no job for the engine to follow. For actions whose next call must see the
// job finished (a pool's desktops deleted before the pool). Results without a job pass through.
// `desktop_ids`, when given, receives the desktops the job's sub-jobs name.
ActionResult AwaitJob(ExecContext& ctx, ActionResult result,
                      std::vector<std::string>* desktop_ids = nullptr);

// Runs one object's actions in order, one after the other: each action's job (if any) ends before
// the next action starts (and `kind`.AfterJob sees it, as the engine would), except the last
// one's, which the engine follows. For kinds whose API refuses concurrent operations on one object
// (409 "operation conflict"): their actions share a batch key per object so that they reach
// Execute together.
std::vector<ActionResult> RunInOrder(ExecContext& ctx, Reconciler& kind,
                                     const std::vector<const Action*>& batch,
                                     const std::function<ActionResult(const Action&)>& run_one);

}  // namespace deskops::reconcilers
