#pragma once
// Policy groups (4.14.1-4.14.11), named by their policy group name. Observed with 4.14.10, which
// carries every group's policies and targets (one call per 100 groups); each group's ID goes into
// the LiveIndex (kind "PolicyGroup").
// Diff, per group: create (4.14.2, which answers the new ID) with the manifest's fields, targets
// and policy leaves; description and priority changed -> 4.14.5 with only those fields; policy
// leaves the manifest sets that differ from the observed ones (compared after the observed paths
// are normalised from their alias spellings) -> one 4.14.7 with only those leaves; targets, when
// the manifest lists them, -> one 4.14.9 adding and removing the difference, IDs resolved when
// executing. Policies the manifest does not set are never touched.
// Deleting an owned group that left the manifests (4.14.3) is disruptive, not destructive: no data
// is lost, but every user and desktop it targeted loses all its policies at once (including ones
// deskops never managed), as an undeclared consequence of a manifest disappearing. Editing policies
// is safe: it changes only what a manifest declares.
// Threads: as the Reconciler contract says (Observe on one thread, Diff on one, Execute on the
// executor's workers, one batch per group at a time: a group's actions share one batch).

#include <memory>

#include "cloud/policies.h"
#include "reconcilers/engine/kind_support.h"
#include "reconcilers/engine/reconciler.h"
#include "specs/policy_group.h"

namespace deskops::reconcilers {

class PolicyGroupReconciler final : public Reconciler {
 public:
  std::string Kind() const override { return "PolicyGroup"; }
  std::optional<std::vector<std::string>> Needs() const override {
    return std::vector<std::string>{"User", "UserGroup", "Desktop", "DesktopPool"};
  }
  core::Status Observe(cloud::ApiClient& client, LiveIndex& index) override;
  void Diff(const DiffContext& ctx, PlanBuilder& plan) const override;
  std::vector<ActionResult> Execute(ExecContext& ctx,
                                    const std::vector<const Action*>& batch) override;
  std::string Export(const Inventory& inventory, bool owned_only) const override;

  // For tests: the observed groups, as Observe would store them.
  void SetObserved(std::vector<cloud::policy_groups::PolicyGroup> groups) {
    live_ = std::move(groups);
  }

 private:
  using Group = cloud::policy_groups::PolicyGroup;
  const Group* Live(const std::string& name) const;
  void DiffGroup(const DiffContext& ctx, const specs::Object& o, PlanBuilder& plan) const;
  ObjectPlan PlanCreate(const DiffContext& ctx, const specs::Object& o) const;
  void DiffFields(const specs::PolicyGroupSpec& spec, const Group& live, ObjectPlan& p) const;
  void DiffPolicies(const specs::PolicyGroupSpec& spec, const Group& live, ObjectPlan& p) const;
  void DiffTargets(const DiffContext& ctx, const specs::PolicyGroupSpec& spec, const Group& live,
                   ObjectPlan& p) const;
  void PlanDeletions(const DiffContext& ctx, PlanBuilder& plan) const;
  ActionResult ExecuteOne(ExecContext& ctx, const Action& a);

  std::vector<Group> live_;
};

std::unique_ptr<Reconciler> MakePolicyGroupReconciler();

}  // namespace deskops::reconcilers
