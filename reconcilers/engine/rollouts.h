#pragma once
// Wave rollouts (deskops.io/rollout: "maxUnavailable=25%,pause=10m"): a rebuild (new image) or a
// resize (new product) across many desktops goes out in waves, so a bad image never reaches every
// desktop at once. A rollout is the set of runnable rebuilds or resizes to one target whose
// objects carry the same rollout annotation. Each pass:
//   - a desktop of the rollout whose change failed halts it: the others are held by the gate
//     rollout-halted until that desktop's change succeeds (it is retried) or the manifests change
//     the target or the annotation;
//   - while a desktop already sent in this rollout is not running and registered again (busy,
//     in ERROR, or ACTIVE but UNREGISTER), or less than `pause` has passed since the last wave
//     started, every other one waits (gate rollout-wave, which clears by itself);
//   - otherwise the next wave goes: maxUnavailable desktops (a count, or a percentage of all the
//     rollout's desktops, at least 1); the rest wait with rollout-wave.
// What a rollout sent and what failed are kept on the desktops' inventory records, so one-shot
// applies and the daemon continue the same rollout. Pools are not waved: 4.4.7 and 4.4.8 change a
// pool's desktops in one call.

#include <string_view>

#include "reconcilers/engine/executor.h"
#include "reconcilers/engine/inventory.h"
#include "reconcilers/engine/live_index.h"
#include "reconcilers/engine/plan.h"
#include "specs/manifest_set.h"

namespace deskops::reconcilers {

// "<rollout>|<ms>": the object's change in that rollout succeeded; its wave started then.
inline constexpr std::string_view kRolloutSentRecord = "rollout:sent";
// "<rollout>|<error>": the object's change in that rollout failed.
inline constexpr std::string_view kRolloutFailedRecord = "rollout:failed";

void ApplyRollouts(Plan& plan, const specs::ManifestSet& manifests, const Inventory& inventory,
                   const LiveIndex& index, long long now_ms);

// After an apply: each failed change of a rollout marks its object (a success clears the mark
// through the action's records).
void RecordRolloutFailures(const Plan& plan, const ApplyReport& report, Inventory& inventory);

}  // namespace deskops::reconcilers
