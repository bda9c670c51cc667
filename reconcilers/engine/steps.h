#pragma once
// Making a kind's calls and following its jobs, the one way every kind does it:
//   - CallOnce and its shorthands record each mutating call's intent in the write-ahead ledger
//     before sending it (no intent, no call), and the job or the end after;
//   - WaitForJobs is the one job waiter: it polls every job of a set, backing off from 1 s to
//     10 s, until each ends, the job timeout passes, or deskops stops (the ledger then keeps the
//     job for the next run); AwaitJob waits for the job of one result with it;
//   - RunInOrder is the one step runner for steps of one object that must not overlap.
// Called from the executor's workers (a kind's Run); they touch only the ExecContext.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "cloud/jobs.h"
#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

// The outcome of an action deskops did not start because it was stopping.
inline constexpr const char* kNotStartedStopping = "not started: deskops is stopping";

// Records the intent, makes one call for a whole batch and records the job; every action of the
// batch gets the same result. `call` returns the job ID ("" for a synchronous call).
std::vector<ActionResult> CallOnce(ExecContext& ctx, const cloud::Operation& op,
                                   const std::vector<const Action*>& batch,
                                   const std::function<core::StatusOr<std::string>()>& call);
// CallOnce for a single action (a call that may start a job).
ActionResult CallJob(ExecContext& ctx, const cloud::Operation& op, const Action& action,
                     const std::function<core::StatusOr<std::string>()>& call);
// A synchronous call that answers with a status only.
std::vector<ActionResult> CallSync(ExecContext& ctx, const cloud::Operation& op,
                                   const std::vector<const Action*>& batch,
                                   const std::function<core::Status()>& call);
ActionResult CallSync(ExecContext& ctx, const cloud::Operation& op, const Action& action,
                      const std::function<core::Status()>& call);
// A synchronous create whose answer carries the new object's ID (the result's `id`).
ActionResult CallCreate(ExecContext& ctx, const cloud::Operation& op, const Action& action,
                        const std::function<core::StatusOr<std::string>()>& call);

// A batch call the API refused outright (a 4xx but throttling: none of it was applied) may be one
// object's fault: then each object of the batch is sent alone with `single(i)`, so one bad object
// fails alone and the others go ahead. Otherwise `results` are returned as they are.
std::vector<ActionResult> EachAloneIfRefused(
    ExecContext& ctx, const std::vector<const Action*>& batch, std::vector<ActionResult> results,
    const std::function<ActionResult(std::size_t)>& single);

// How a followed job ended.
struct JobEnd {
  enum class Why { kEnded, kUnreadable, kTimedOut, kStopped };
  Why why = Why::kEnded;
  cloud::jobs::Outcome outcome;  // kEnded: success or failure; otherwise kFailed with the reason
  bool ok() const { return why == Why::kEnded && outcome.state == cloud::jobs::State::kSuccess; }
};

// Follows every job (ID -> the operation that started it) until it ends; reports each end to the
// EngineObserver. See the header comment for the policy.
std::map<std::string, JobEnd> WaitForJobs(
    ExecContext& ctx, const std::map<std::string, const cloud::Operation*>& jobs);

// "pools.create job J": a job named by the call that started it, for failure reports.
std::string JobName(const ActionResult& result);

// Waits for the job a CallOnce result started and closes its ledger entry; the result then carries
// the job's outcome and no job for the engine to follow. For steps whose next call must see the
// job finished (a pool's desktops deleted before the pool). Results without a job pass through.
// `desktop_ids`, when given, receives the desktops the job's sub-jobs name.
ActionResult AwaitJob(ExecContext& ctx, ActionResult result,
                      std::vector<std::string>* desktop_ids = nullptr);

// Runs steps of one object one after the other through `run_one`: each step's job ends before the
// next starts (`after` sees each step that ended, e.g. to learn a created object's ID), none
// starts once deskops is stopping, and none after a failed one (reported as not attempted). The
// last step's job is left to the engine to follow.
std::vector<ActionResult> RunInOrder(
    ExecContext& ctx, const std::vector<const Action*>& batch,
    const std::function<ActionResult(const Action&)>& run_one,
    const std::function<void(const Action&, ActionResult&, const std::vector<std::string>&)>&
        after = nullptr);

// The live ID of kind/name from the index, at execute time (objects created earlier in the same
// run are there by then); FAILED_PRECONDITION when it is not known.
core::StatusOr<std::string> ResolveId(const LiveIndex& index, const std::string& kind,
                                      const std::string& name);

// Whether `action` still lists a change of `path`. deskops.io/ignore-changes drops the changes it
// covers from a planned action; an action that changes several fields in one call (a 4.4.3 update)
// must then leave the dropped ones out of its request, or ignoring them would not work.
bool Keeps(const Action& action, std::string_view path);

// Calls `call` for consecutive chunks of at most `size` items (size 0: one chunk), stopping at the
// first error.
template <class T, class F>
core::Status InChunks(const std::vector<T>& items, std::size_t size, F call) {
  if (size == 0) size = items.size() ? items.size() : 1;
  for (std::size_t i = 0; i < items.size(); i += size) {
    std::vector<T> chunk(items.begin() + i, items.begin() + std::min(items.size(), i + size));
    DESKOPS_RETURN_IF_ERROR(call(chunk));
  }
  return core::Status::Ok();
}

}  // namespace deskops::reconcilers
