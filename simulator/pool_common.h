#pragma once
// Pieces shared by the pool handlers (pool_handlers.cc, pool_action_handlers.cc): reading the
// image, product, disk and network part of a pool, its quota needs, and building its desktops
// (pooled desktops have no user and take their names from the pool's name policy or
// "desktop-xxxxxxx"). Called under the Simulator's lock.

#include <string>

#include "simulator/desktop_common.h"
#include "simulator/handlers.h"

namespace deskops::simulator {

core::Status ReadPoolImageAndDisks(Context& ctx, BodyReader& r, Pool* pool);
// A VolumInfo {id, type, size, resource_spec_code} (L11603-11606) of a new disk, validated.
core::StatusOr<PoolVolume> ReadPoolVolume(Context& ctx, BodyReader& r, bool system);
QuotaDelta PoolQuota(const Context& ctx, const Pool& pool, int desktops);
// What the pool's desktops are made of (type POOLED, the pool's image, disks and network).
DesktopSpec PoolDesktopSpec(const State& state, const Pool& pool);
// Adds `count` desktops to the pool and starts their job (createDesktopPool, expandDesktopPool).
Job* StartPoolDesktops(Context& ctx, const Pool& pool, int count, std::string job_type);

}  // namespace deskops::simulator
