#pragma once
// Executor: runs a plan's runnable actions in dependency order — creates and updates kind by kind
// in the registry's order, then deletions in reverse — batching compatible actions, running
// batches with bounded concurrency, following the jobs they start until they end (steps.h
// WaitForJobs), and isolating failures: a failed object blocks only the actions that depend on it.
// It also keeps the books for every kind alike: objects a create made are owned from the moment
// the call is accepted and learn their IDs (one Discover call per kind and phase), deleted objects
// are forgotten, a failed create (or an action that taints on failure) marks its object for
// repair, and the records of successful actions (write-only fingerprints, data-disk maps) are
// written to the inventory. One Run at a time per Executor; internally multi-threaded.

#include <set>
#include <string>
#include <vector>

#include "reconcilers/engine/plan.h"
#include "reconcilers/engine/reconciler.h"
#include "reconcilers/engine/steps.h"

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

class Executor {
 public:
  Executor(const ReconcilerList& kinds, ExecContext ctx) : kinds_(kinds), ctx_(ctx) {}
  ApplyReport Run(const Plan& plan);

 private:
  struct Tracked {
    const Action* action;
    ActionResult result;
    std::vector<std::string> desktop_ids;  // what its job's sub-jobs named
  };
  void RunPhase(std::vector<const Action*> actions, const Reconciler& kind, ApplyReport& report);
  std::vector<Tracked> ExecuteBatches(const std::vector<const Action*>& runnable,
                                      const Reconciler& kind);
  void Accepted(const Action& action, const ActionResult& result);
  void FollowJobs(std::vector<Tracked>& tracked);
  static bool SucceededInFailedJob(const Action& action, const JobEnd& end,
                                   const std::set<std::string>& keys);
  void Settle(const Reconciler& kind, std::vector<Tracked>& tracked);
  void Discover(const Reconciler& kind, std::vector<Tracked>& tracked);
  void Report(ApplyReport& report, const Action& action, ActionOutcome outcome);
  std::vector<std::vector<const Action*>> Batches(const std::vector<const Action*>& actions) const;

  const ReconcilerList& kinds_;
  ExecContext ctx_;
  // Objects that failed or could not be planned ("Kind/name" -> why), for their dependents.
  std::map<std::string, std::string> failed_;
};

}  // namespace deskops::reconcilers
