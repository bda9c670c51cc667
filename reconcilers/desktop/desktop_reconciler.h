#pragma once
// Desktops (4.3, tags 4.6, disks 4.11). Observed with the detail list (4.3.8, 500 per call).
// Creates with identical configuration go out 50 per request (L5081) and carry the deskops-owner
// tag, so ownership survives a lost state directory. Changes map to the API's batch calls: one
// power call per operation, one resize per product, one tag call per 100 desktops, one batch
// delete. Disruption classes: power stop/hibernate, resize, re-assignment, network moves and
// maintenance on are disruptive; rebuild, data-disk removal, re-assignment to another user
// (clears data) and deletion are destructive. A desktop busy with a task (task_status set) is
// left alone until the task ends; a desktop runs one task at a time, so its job steps run one per
// round (the others are held as "sequenced").
//
// Data disks are named in manifests: the name of each is mapped to the live volume's ID in the
// inventory (records "disk:<name>"), adopted once from the tenant (identical disks first, then in
// device order), so that removing an item deletes exactly that disk. selfBackupManagement is
// write-only (4.3.3 sets it, no read returns it): deskops applies it when the manifest changes.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cloud/desktops.h"
#include "reconcilers/engine/kind.h"
#include "specs/desktop.h"

namespace deskops::reconcilers::desktop {

// Create one desktop; compatible creates share a batch key and go out 50 per request.
struct Create {
  cloud::desktops::CreateRequest request;  // desktops[] holds this desktop's entry only
};
// Delete a desktop a failed create left in ERROR, then create it again.
struct Recreate {
  std::string id;
  cloud::desktops::CreateRequest request;
};
struct Delete {
  std::string id;
};
struct Power {
  std::string id, op_type;  // os-start, os-stop, os-hibernate
};
struct Resize {
  std::string id, product_id;
};
struct Rebuild {
  std::string id, image_type, image_id;
};
struct Attach {
  std::string id, user_name, user_group;
  std::optional<std::string> user_email;
  bool detach_first = false;  // assigned to someone else now: unassign, then assign
};
struct Privilege {
  std::string id, user_group;
};
struct Network {
  std::string id, vpc_id, subnet_id;
  std::vector<std::string> security_group_ids;
  std::optional<std::string> private_ip;
};
struct AddDisks {
  std::string id;
  std::vector<cloud::Volume> volumes;
};
struct ExpandDisks {
  std::vector<cloud::desktops::VolumeExpansion> expansions;
};
struct RemoveDisks {
  std::string id;
  std::vector<std::string> volume_ids;
};
struct SetTags {
  std::string id;
  std::vector<cloud::Tag> tags;
};
struct RemoveTags {
  std::string id;
  std::vector<cloud::Tag> tags;  // keys only matter
};
struct Maintenance {
  std::string id;
  bool on = false;
};
// 4.3.3: the snapshot switch.
struct Modify {
  std::string id;
  bool self_backup_management = false;
};
using Step =
    std::variant<Create, Recreate, Delete, Power, Resize, Rebuild, Attach, Privilege, Network,
                 AddDisks, ExpandDisks, RemoveDisks, SetTags, RemoveTags, Maintenance, Modify>;

class Reconciler final : public TypedKind<specs::DesktopSpec, cloud::desktops::Desktop, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.computer_name; }
  std::string_view IdOf(const Live& live) const override { return live.id; }
  void Attributes(const Live& live, LiveRef& ref) const override;
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  void PlanDelete(const DeleteContext& ctx, const Live& live, ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  core::StatusOr<std::vector<Live>> Find(ExecContext& ctx, const std::vector<std::string>& names,
                                         const std::vector<std::string>& ids) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  bool Exported(const Live& live) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

// The create request for a desired desktop (its tags include the ownership tag).
cloud::desktops::CreateRequest CreateRequestFor(const std::string& name,
                                                const specs::DesktopSpec& spec,
                                                const std::string& owner);
// The parts of a create request that must be equal for desktops to share one request (L5081).
std::string CreateBatchKey(const cloud::desktops::CreateRequest& r);

}  // namespace deskops::reconcilers::desktop
