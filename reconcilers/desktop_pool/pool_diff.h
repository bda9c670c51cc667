#pragma once
// The DesktopPool diff of the pool's own fields, split by what changes them:
//   create (4.4.1) with every field, write-only ones (ouName, tags) included: they are sent on
//     create only and never compared, since no read returns them;
//   fields that cannot change in place (type, subnets, security groups, enterprise project, the
//     system disk): plan errors, or a replacement with deskops.io/allow-replace; vpcId is not read
//     back and never compared;
//   4.4.3 fields (description, retention, autoscale, maintenance mode, name policy, AZ): one
//     update, safe (the reference names no effect of a pool's maintenance mode on sessions);
//     autoscale sub-fields the manifest leaves unset are sent with their observed values;
//   size: growing expands the pool by the difference (4.4.6 "Expand the size of the desktop pool"
//     does not say delta or total; deskops sends the number of desktops to add, and the plan says
//     so); shrinking is a plan error, except that with auto scaling on a pool may hold more
//     desktops than its size;
//   product (4.4.7, disruptive: desktops are stopped) and image (4.4.8, destructive: system disks
//     are rebuilt);
//   data disks paired with the observed ones (identical disks first, then by position among
//     disks of the same type: pool reads carry no device): added (4.4.9), grown (4.4.11), removed
//     (4.4.10, destructive; a disk whose type changes is removed and added); shrinking is a plan
//     error.
// Pure functions of the manifest, the observed pool and the DiffContext; called from Diff.

#include <optional>
#include <string>
#include <vector>

#include "cloud/pools.h"
#include "reconcilers/desktop_pool/pool_payloads.h"
#include "reconcilers/engine/kind_support.h"
#include "specs/desktop_pool.h"

namespace deskops::reconcilers::pool {

// The 4.4.1 request for a manifest; references it needs are checked (errors) and listed as
// dependencies.
CreatePayload CreateFor(const DiffContext& ctx, const specs::Object& object,
                        std::vector<std::string>& errors, std::vector<std::string>& depends_on);

// A field that cannot change in place and differs, its values as plans show them.
struct Fixed {
  std::string path, desired, live;
};
std::vector<Fixed> Immutables(const specs::DesktopPoolSpec& spec, const cloud::pools::Pool& live);

void DiffModify(const DiffContext& ctx, const specs::DesktopPoolSpec& spec,
                const cloud::pools::Pool& live, ObjectPlan& p);
void DiffSize(const specs::DesktopPoolSpec& spec, const cloud::pools::Pool& live, ObjectPlan& p);
// A pool whose create or expand job failed (`create_failed` in the inventory) with desktops it
// left in ERROR: one action deletes them and expands the pool back to its size. Returns whether
// it planned one (then DiffSize is not needed).
bool DiffFailedDesktops(const specs::DesktopPoolSpec& spec, const cloud::pools::Pool& live,
                        const std::optional<std::vector<cloud::desktops::Desktop>>& desktops,
                        bool create_failed, ObjectPlan& p);
void DiffProductAndImage(const specs::DesktopPoolSpec& spec, const cloud::pools::Pool& live,
                         ObjectPlan& p);
void DiffVolumes(const specs::DesktopPoolSpec& spec, const cloud::pools::Pool& live, ObjectPlan& p);

}  // namespace deskops::reconcilers::pool
