#pragma once
// Policy groups (4.14.1-4.14.11), named by their policy group name. Observed with 4.14.10, which
// carries every group's policies and targets (one call per 100 groups).
// Per group: create (4.14.2, which answers the new ID) with the manifest's fields, targets and
// policy leaves; description and priority changed -> 4.14.5 with only those fields; policy leaves
// the manifest sets that differ from the observed ones (compared after the observed paths are
// normalised from their alias spellings) -> one 4.14.7 with only those leaves; targets, when the
// manifest lists them, -> one 4.14.9 adding and removing the difference, IDs resolved when
// executing. Policies the manifest does not set are never touched. One group's steps run in order.
// Deleting an owned group that left the manifests (4.14.3) is disruptive, not destructive: no data
// is lost, but every user and desktop it targeted loses all its policies at once (including ones
// deskops never managed), as an undeclared consequence of a manifest disappearing. Editing policies
// is safe: it changes only what a manifest declares.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cloud/policies.h"
#include "reconcilers/engine/kind.h"
#include "specs/policy_group.h"

namespace deskops::reconcilers::policy_group {

struct Create {
  cloud::policy_groups::Spec spec;                          // without targets
  std::optional<std::vector<specs::PolicyTarget>> targets;  // by name: resolved when executing
};
struct Modify {
  std::string id;
  cloud::policy_groups::Spec spec;  // only the changed description / priority
};
struct SetPolicies {
  std::string id;
  std::vector<cloud::JsonLeaf> leaves;  // only the differing leaves, canonical paths
};
struct SetTargets {
  std::string id;
  std::vector<specs::PolicyTarget> add;              // by name: resolved when executing
  std::vector<cloud::policy_groups::Target> remove;  // as observed
};
struct Delete {
  std::string id;
};
using Step = std::variant<Create, Modify, SetPolicies, SetTargets, Delete>;

class Reconciler final
    : public TypedKind<specs::PolicyGroupSpec, cloud::policy_groups::PolicyGroup, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.name; }
  std::string_view IdOf(const Live& live) const override { return live.id; }
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  void PlanDelete(const DeleteContext& ctx, const Live& live, ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

}  // namespace deskops::reconcilers::policy_group
