#pragma once
// What the daemon says about every object it manages, after each pass: two conditions in the
// Kubernetes style, Ready (the live object exists and is usable) and Synced (it matches its
// manifest), each with a reason, message and the time it last changed; the last error; the jobs
// still running for it; and the actions the gates hold. Computed from one pass's facts and the
// previous statuses (so transition times survive passes). Pure.
//
// Reasons
//   Ready:  Available, NotReady (kind-specific message), Creating (a create is in flight),
//           NotFound (declared but not live), Deleting
//   Synced: InSync, Reconciled (this pass changed it successfully), Drifted (changes not applied:
//           plan only or observe mode), Held (a gate holds a change), PlanError, ApplyFailed,
//           DependencyFailed, Interrupted (deskops stopped mid-change), Suspended, Orphaned (owned,
//           left the manifests; kept until pruning is allowed)

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "reconcilers/engine/executor.h"
#include "reconcilers/engine/ledger.h"
#include "reconcilers/engine/plan.h"

namespace deskops::daemon {

struct Condition {
  std::string status;  // True, False, Unknown
  std::string reason, message;
  std::chrono::system_clock::time_point last_transition{};
};

struct HeldAction {
  std::string verb, gate, reason;
  std::string clears;  // when it goes ahead (Action::Clears)
};

struct ObjectStatus {
  std::string kind, name, id;
  bool declared = false;  // in the manifests (else: owned and left them)
  Condition ready, synced;
  std::string last_error;
  std::chrono::system_clock::time_point last_error_time{};
  std::vector<std::string> pending_jobs;
  std::vector<HeldAction> held;
  std::vector<std::string> planned;  // verbs of changes not yet made
};

// One pass's facts about the objects of the kinds it reconciled.
struct PassFacts {
  std::vector<std::pair<std::string, std::string>> declared;  // (kind, name) in the manifests
  std::vector<std::pair<std::string, std::string>> owned;     // (kind, name) in the inventory
  // Live object ID and why it is not ready ("" when it is), by "Kind/name".
  std::map<std::string, std::pair<std::string, std::string>> live;
  const reconcilers::Plan* plan = nullptr;
  const reconcilers::ApplyReport* report = nullptr;  // null when nothing was applied
  std::vector<reconcilers::LedgerIntent> unfinished;
  std::set<std::string> kinds;  // the kinds this pass reconciled
};

// Statuses after the pass, by "Kind/name". Objects of kinds the pass did not reconcile keep their
// previous status; objects neither declared nor owned any more are dropped.
std::map<std::string, ObjectStatus> ComputeStatuses(
    const PassFacts& facts, const std::map<std::string, ObjectStatus>& previous,
    std::chrono::system_clock::time_point now);

}  // namespace deskops::daemon
