#pragma once
// Desktop pools (4.4), named by their unique pool name. Observed with 4.4.2 (one call per 1,000
// pools); the authorised users and groups (4.4.13) only of pools whose manifests list
// authorizedObjects, and the member desktops (4.4.15) only of pools whose manifests set powerState
// or whose last create failed (one call per 100 each: no cheaper source exists); an export reads
// the authorisations of every pool and no desktops.
// Diff: pool_diff.cc (the pool's fields) and pool_access.cc (authorisations, power). Creates start
// a job that carries no pool ID (L44034): the engine finds the pool by name once it ends. One
// pool's steps run one after the other, each job ending before the next call (concurrent
// operations on a pool are refused with 409, WKS.00010032). Deleting a pool that left the
// manifests deletes its desktops first (a pool can only be deleted empty, L12211): destructive,
// and the plan says how many. ouName and tags are write-only (4.4.1 and 4.4.3 take them, no read
// returns them): deskops applies them when the manifest changes. Data disks are named (see
// reconcilers/engine/disks.h).

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cloud/desktops.h"
#include "cloud/pools.h"
#include "reconcilers/engine/kind.h"
#include "specs/desktop_pool.h"

namespace deskops::reconcilers::pool {

inline constexpr const char* kKind = "DesktopPool";

// A pool as observed, with the per-pool reads Observe made for it.
struct LivePool {
  cloud::pools::Pool pool;
  std::optional<std::vector<cloud::pools::AuthorizedObject>> authorized;  // 4.4.13
  std::optional<std::vector<cloud::desktops::Desktop>> desktops;          // 4.4.15
};

// 4.4.1.
struct Create {
  cloud::pools::CreateRequest request;  // without authorised objects and name policy ID
  std::vector<specs::NamedObject> authorized;
  std::optional<std::string> name_policy;  // DesktopNamePolicy name
};
// Delete (4.3.6 for the desktops, then 4.4.4) and create again.
struct Replace {
  std::string id;
  Create create;
};
struct Delete {
  std::string id;
};
// 4.4.3, only the changed fields.
struct Modify {
  std::string id;
  cloud::pools::ModifyRequest request;     // without desktop_name_policy_id
  std::optional<std::string> name_policy;  // DesktopNamePolicy name, when it changes
  // What the pool has, sent for autoscale sub-fields whose change is ignored (4.4.3 takes the
  // policy as a whole).
  std::optional<cloud::pools::Autoscale> observed_autoscale;
};
// 4.4.6: the number of desktops to add.
struct Expand {
  std::string id;
  std::int64_t add = 0;
  // Desktops a failed pool job left in ERROR, deleted before the pool is expanded by `add`
  // (which counts them again).
  std::vector<std::string> failed_desktop_ids;
};
// 4.4.7.
struct Resize {
  std::string id, product_id;
  std::optional<std::string> flavor_id;
  std::string observed_product_id;  // sent when only the flavor's change is kept
};
// 4.4.8.
struct Rebuild {
  std::string id, image_type, image_id;
};
// 4.4.9 add / 4.4.10 delete / 4.4.11 expand.
struct Volumes {
  enum class Op { kAdd, kExpand, kDelete } op = Op::kAdd;
  std::string id;
  std::vector<cloud::Volume> volumes;  // add: type and size; delete and expand: with record IDs
};
// 4.4.14, one call per step: ADD or REMOVE.
struct Authorize {
  std::string id, action;
  std::vector<specs::NamedObject> add;                 // by name: resolved when executing
  std::vector<cloud::pools::AuthorizedObject> remove;  // as observed, with their IDs
};
// 4.4.12.
struct Power {
  std::string id, op_type;  // os-start, os-stop, hibernate
};
using Step = std::variant<Create, Replace, Delete, Modify, Expand, Resize, Rebuild, Volumes,
                          Authorize, Power>;

class Reconciler final : public TypedKind<specs::DesktopPoolSpec, LivePool, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.pool.name; }
  std::string_view IdOf(const Live& live) const override { return live.pool.id; }
  void Attributes(const Live& live, LiveRef& ref) const override;
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  void PlanReplace(const ObjectContext& ctx, const Spec& spec, const Live& live,
                   ObjectPlan& p) const override;
  void PlanDelete(const DeleteContext& ctx, const Live& live, ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  core::StatusOr<std::vector<Live>> Find(ExecContext& ctx, const std::vector<std::string>& names,
                                         const std::vector<std::string>& ids) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

// ---- pool_diff.cc: the pool's own fields.

// The 4.4.1 step for a manifest, and the fingerprints of its write-only fields (to record once the
// create succeeds).
Create CreateFor(const std::string& name, const specs::DesktopPoolSpec& spec);
void RecordWriteOnly(const ObjectContext& ctx, const specs::DesktopPoolSpec& spec,
                     std::map<std::string, std::string>& records);
// Fields that cannot change in place (ObjectPlan::fixed); the subnet list is compared with the one
// recorded at create (RecordWriteOnly), as only one subnet is read back.
void Immutables(const ObjectContext& ctx, const specs::DesktopPoolSpec& spec,
                const cloud::pools::Pool& live, ObjectPlan& p);
// 4.4.3: description, retention, autoscale, maintenance, name policy, AZ, and the write-only
// ouName and tags.
void DiffModify(const ObjectContext& ctx, const specs::DesktopPoolSpec& spec,
                const cloud::pools::Pool& live, ObjectPlan& p);
void DiffSize(const specs::DesktopPoolSpec& spec, const cloud::pools::Pool& live, ObjectPlan& p);
// A pool whose create or expand job failed (`create_failed` in the inventory) with desktops it
// left in ERROR: one step deletes them and expands the pool back to its size. Returns whether it
// planned one (then DiffSize is not needed).
bool DiffFailedDesktops(const specs::DesktopPoolSpec& spec, const LivePool& live,
                        bool create_failed, ObjectPlan& p);
void DiffProductAndImage(const specs::DesktopPoolSpec& spec, const cloud::pools::Pool& live,
                         ObjectPlan& p);
void DiffVolumes(const ObjectContext& ctx, const specs::DesktopPoolSpec& spec,
                 const cloud::pools::Pool& live, ObjectPlan& p);

// ---- pool_access.cc: who may use the pool and whether its desktops run.

// authorizedObjects (when a manifest lists them): the delta by (type, name, privilege group) as
// one 4.4.14 ADD call and one REMOVE call. Normally ADD runs first, so nobody loses access in
// between (prior-art.md); when an object only changes its privilege group, REMOVE runs first,
// because adding an object that is already authorised might update it and the REMOVE would then
// take it away.
void DiffAuthorized(const specs::DesktopPoolSpec& spec, const LivePool& live, ObjectPlan& p);
// powerState (when a manifest sets it): if any of the pool's desktops is not in the desired state,
// one 4.4.12 action (os-start, os-stop or hibernate — not os-hibernate, L13545); disruptive.
void DiffPower(const specs::DesktopPoolSpec& spec, const LivePool& live, ObjectPlan& p);

// ---- pool_execute.cc.
ActionResult RunStep(ExecContext& ctx, const Action& a);

}  // namespace deskops::reconcilers::pool
