#pragma once
// What a finished job does to the tenant. Handlers put desktops into their transitional state when
// they start a job (status BUILD and task_status "spawning" for a create, "powering-off" for a
// stop, attach_state ATTACHING, ...) and describe the outcome in Job::effect; ApplyJobEffect
// carries it out when the job becomes terminal:
//   create_desktops   ACTIVE (FAILED: ERROR, the desktop stays listed as the real service keeps it)
//   delete_desktops   removed (FAILED: task_status deleteFailed, L5842)
//   power             ACTIVE / SHUTOFF / HIBERNATED by op_type
//   resize, rebuild, network, attach, detach, privilege, volumes, pool_*: the new values.
// On failure nothing but the transitional markers changes (except create and delete, above).
// Not thread-safe; called by JobEngine under the Simulator's lock.

#include <cstdint>
#include <vector>

#include "simulator/model.h"
#include "simulator/state.h"

namespace deskops::simulator {

void ApplyJobEffect(State& state, const Job& job, bool success, std::int64_t now_ms);

// Removes the users of `users` that no longer have a desktop (delete_users of 4.3.4 and 4.3.6).
void DeleteUsersWithoutDesktops(State& state, const std::vector<AttachedUser>& users);

// New volumes of a desktop: IDs, device index and creation time.
Volume MakeVolume(State& state, Desktop& desktop, std::string type, int size, std::int64_t now_ms);

}  // namespace deskops::simulator
