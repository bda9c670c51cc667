#include "reconcilers/engine/action.h"

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::reconcilers {

std::string_view VerbName(Verb verb) {
  switch (verb) {
    case Verb::kCreate:
      return "create";
    case Verb::kUpdate:
      return "update";
    case Verb::kReplace:
      return "replace";
    case Verb::kDelete:
      return "delete";
    case Verb::kAdopt:
      return "adopt";
    case Verb::kPower:
      return "power";
    case Verb::kAttach:
      return "attach";
    case Verb::kDetach:
      return "detach";
    case Verb::kResize:
      return "resize";
    case Verb::kRebuild:
      return "rebuild";
    case Verb::kExpand:
      return "expand";
    case Verb::kMembershipAdd:
      return "membership-add";
    case Verb::kMembershipRemove:
      return "membership-remove";
    case Verb::kAuthorize:
      return "authorize";
    case Verb::kTag:
      return "tag";
    case Verb::kTargets:
      return "targets";
    case Verb::kMaintenance:
      return "maintenance";
    case Verb::kDisks:
      return "disks";
  }
  return "update";
}

std::string_view DisruptionName(Disruption d) {
  switch (d) {
    case Disruption::kSafe:
      return "safe";
    case Disruption::kDisruptive:
      return "disruptive";
    case Disruption::kDestructive:
      return "destructive";
  }
  return "safe";
}

std::string_view GateName(Gate gate) {
  switch (gate) {
    case Gate::kNone:
      return "";
    case Gate::kInFlight:
      return "in-flight";
    case Gate::kBusy:
      return "busy";
    case Gate::kSequenced:
      return "sequenced";
    case Gate::kObserveMode:
      return "observe-mode";
    case Gate::kBackoff:
      return "backoff";
    case Gate::kPruneDisabled:
      return "prune-disabled";
    case Gate::kPruneProtected:
      return "prune-protected";
    case Gate::kEmptyManifests:
      return "empty-manifests";
    case Gate::kDeletionBudget:
      return "deletion-budget";
    case Gate::kDestructive:
      return "destructive";
    case Gate::kUserConnected:
      return "user-connected";
    case Gate::kMaintenanceWindow:
      return "maintenance-window";
    case Gate::kRolloutWave:
      return "rollout-wave";
    case Gate::kRolloutHalted:
      return "rollout-halted";
    case Gate::kDisruptionBudget:
      return "disruption-budget";
  }
  return "";
}

bool GateClearsItself(Gate gate) {
  return gate == Gate::kInFlight || gate == Gate::kBusy || gate == Gate::kSequenced ||
         gate == Gate::kRolloutWave;
}

bool GateWaitsForOperator(Gate gate) {
  return gate != Gate::kNone && !GateClearsItself(gate) && gate != Gate::kBackoff &&
         gate != Gate::kDisruptionBudget && gate != Gate::kUserConnected &&
         gate != Gate::kMaintenanceWindow;
}

std::string_view GateClears(Gate gate) {
  switch (gate) {
    case Gate::kNone:
      return "";
    case Gate::kInFlight:
      return "when the earlier create ends or shows up";
    case Gate::kBusy:
      return "when the object's task ends";
    case Gate::kSequenced:
      return "in a later round, after the steps before it";
    case Gate::kObserveMode:
      return "when deskops stops only observing";
    case Gate::kBackoff:
      return "after the object's backoff";
    case Gate::kPruneDisabled:
      return "with --prune";
    case Gate::kPruneProtected:
      return "never by itself: its last manifest said deskops.io/prune: \"false\"";
    case Gate::kEmptyManifests:
      return "with --allow-empty";
    case Gate::kDeletionBudget:
      return "with a larger --max-deletions / --max-deletion-percent";
    case Gate::kDestructive:
      return "with deskops.io/allow-destroy: \"true\" or --allow-destructive";
    case Gate::kUserConnected:
      return "when the session ends (disconnected for --disconnected-grace), or with "
             "deskops.io/disrupt-connected: \"true\" or --disrupt-connected";
    case Gate::kMaintenanceWindow:
      return "when its maintenance window opens, or with --ignore-windows";
    case Gate::kRolloutWave:
      return "when the wave before it is running and registered again, and its pause has passed";
    case Gate::kRolloutHalted:
      return "when the failed desktop's change succeeds, or the manifests change the rollout";
    case Gate::kDisruptionBudget:
      return "in a later pass, within the disruption budget";
  }
  return "";
}

std::string Action::Clears() const {
  return held_clears.empty() ? std::string(GateClears(held_by)) : held_clears;
}

bool Action::creates() const {
  for (const cloud::Operation* op : calls) {
    if (op->creates) return true;
  }
  return false;
}

std::string ObjectKey(std::string_view kind, std::string_view name) {
  // Desktop names are case-insensitive in the tenant; keys follow the kind's rule.
  const specs::KindInfo* k = specs::FindKind(kind);
  std::string n = k && k->case_insensitive_names ? core::ToLower(name) : std::string(name);
  return core::StrCat(kind, "/", n);
}

}  // namespace deskops::reconcilers
