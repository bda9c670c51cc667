#pragma once
// Executor: runs a plan's runnable actions in dependency order — creates and updates kind by kind
// in the registry's order, then deletions in reverse — batching compatible actions, running
// batches with bounded concurrency, following the jobs they start until SUCCESS or FAILED, and
// isolating failures: a failed object blocks only the actions that depend on it.
// One Run at a time per Executor; internally multi-threaded.

#include <set>
#include <string>
#include <vector>

#include "reconcilers/engine/plan.h"
#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

struct ActionOutcome {
  std::string key;  // "Desktop/eng-01"
  std::string verb;
  bool ok = false;
  bool skipped = false;  // a dependency failed, or deskops stopped before it ran
  std::string error;
};

struct ApplyReport {
  std::vector<ActionOutcome> outcomes;
  std::size_t held = 0;

  std::size_t Succeeded() const;
  std::size_t Failed() const;
  std::size_t Skipped() const;
  bool ok() const { return Failed() == 0 && Skipped() == 0; }
  std::string Summary() const;
};

// Records the intent, makes one call for a whole batch and records the job; every action of the
// batch gets the same result. `call` returns the job ID ("" for a synchronous call).
std::vector<ActionResult> CallOnce(ExecContext& ctx, const std::string& op,
                                   const std::vector<const Action*>& batch,
                                   const std::function<core::StatusOr<std::string>()>& call);

// The outcome of an action deskops did not start because it was stopping.
inline constexpr const char* kNotStartedStopping = "not started: deskops is stopping";

// "pools.create job J": a job named by the call that started it, so that a failure report says
// which operation failed.
std::string JobName(const ActionResult& result);

class Executor {
 public:
  Executor(const ReconcilerList& kinds, ExecContext ctx) : kinds_(kinds), ctx_(ctx) {}
  ApplyReport Run(const Plan& plan);

 private:
  struct Tracked {
    const Action* action;
    Reconciler* kind;
    ActionResult result;
  };
  void RunPhase(std::vector<const Action*> actions, Reconciler& kind, ApplyReport& report);
  void FollowJobs(std::vector<Tracked>& tracked);
  void Report(ApplyReport& report, const Action& action, ActionOutcome outcome);
  std::vector<std::vector<const Action*>> Batches(const std::vector<const Action*>& actions) const;

  const ReconcilerList& kinds_;
  ExecContext ctx_;
  std::set<std::string> failed_;
};

}  // namespace deskops::reconcilers
