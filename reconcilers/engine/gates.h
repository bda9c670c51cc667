#pragma once
// Safety gates, applied to a plan after every kind has diffed. All are visible in the plan (a held
// action says which gate held it and why) and configurable (EngineOptions and per-object
// annotations); the defaults are the safe ones:
//   observe-mode        nothing runs (drift is reported)
//   backoff             the object's last actions failed; it is retried after a backoff
//   prune-disabled      deletions of owned objects that left the manifests need --prune
//   prune-protected     the object's last manifest said deskops.io/prune: "false"
//   empty-manifests     an empty or vanished manifest set never deletes (unless allowed)
//   deletion-budget     more deletions than the per-run budget: all of them are held
//   destructive         rebuilds, replacements, data-disk removals need an opt-in
//   user-connected      disruption of a desktop its user works on waits for the session to end
//   maintenance-window  disruption outside the object's maintenance windows waits for one to
//                       open (windows.h); the plan says when
//   disruption-budget   disruptive actions beyond the per-run budget wait for the next run
//   rollout-wave, rollout-halted   rebuilds and resizes in waves (rollouts.h, applied after)
// Object options applied first: deskops.io/suspend drops an object's actions, and
// deskops.io/ignore-changes drops changes to the listed fields. Pure functions.

#include "core/clock.h"
#include "reconcilers/engine/inventory.h"
#include "reconcilers/engine/options.h"
#include "reconcilers/engine/plan.h"
#include "specs/manifest_set.h"

namespace deskops::reconcilers {

// deskops.io/suspend and deskops.io/ignore-changes.
void ApplyObjectOptions(Plan& plan, const specs::ManifestSet& manifests);

// Whether the object's deskops.io/ignore-changes covers the field at `path` (it, or a parent).
// Kinds use it to skip checks of ignored fields, whose errors would otherwise block the object.
bool IgnoresChange(const specs::Object& object, const std::string& path);

// `now` places the plan in the maintenance windows.
void ApplyGates(Plan& plan, const EngineOptions& options, const specs::ManifestSet& manifests,
                const Inventory& inventory, core::Clock::WallTime now);

// After a gate that runs later (rollouts.h) held steps: the object's later steps, and what needs
// an object whose create is held, wait with them.
void HoldFollowersAndDependents(Plan& plan);

}  // namespace deskops::reconcilers
