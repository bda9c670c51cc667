#pragma once
// The DesktopPool diff of who may use the pool and whether its desktops run:
//   authorizedObjects (when a manifest lists them): the delta by (type, name, privilege group) as
//     one 4.4.14 ADD call and one REMOVE call; IDs of users and groups to add are resolved when
//     executing. Normally ADD runs first, so nobody loses access in between (prior-art.md); when an
//     object only changes its privilege group, REMOVE runs first, because adding an object that is
//     already authorised might update it and the REMOVE would then take it away.
//   powerState (when a manifest sets it): if any of the pool's desktops is not in the desired
//     state, one 4.4.12 action (os-start, os-stop or hibernate — not os-hibernate, L13545);
//     disruptive.
// Both need reads that cost a call per pool (4.4.13, 4.4.15), which Observe makes only for pools
// whose manifests set the field. Pure functions; called from Diff.

#include <optional>
#include <vector>

#include "cloud/desktops.h"
#include "cloud/pools.h"
#include "reconcilers/engine/kind_support.h"
#include "specs/desktop_pool.h"

namespace deskops::reconcilers::pool {

void DiffAuthorized(const DiffContext& ctx, const specs::DesktopPoolSpec& spec,
                    const cloud::pools::Pool& live,
                    const std::optional<std::vector<cloud::pools::AuthorizedObject>>& observed,
                    ObjectPlan& p);

void DiffPower(const specs::DesktopPoolSpec& spec, const cloud::pools::Pool& live,
               const std::optional<std::vector<cloud::desktops::Desktop>>& desktops, ObjectPlan& p);

// For plans: `USER "alice" (users)`.
std::string Describe(const std::string& type, const std::string& name,
                     const std::string& user_group);

}  // namespace deskops::reconcilers::pool
