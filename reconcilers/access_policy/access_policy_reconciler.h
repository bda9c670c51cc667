#pragma once
// Access policies (4.14.12-4.14.17): created with 4.14.12 (which answers without a body, so one
// list call finds the new ID by name and access-control type), re-created when the blacklist or
// access-control type changes (only with deskops.io/allow-replace), updated with 4.14.15 (one call
// per change: IP ranges added with ADD_IP, then removed with DELETE_IP, and is_enable and
// is_block_all each on their own, L31944-31945), given their users and groups with one 4.14.17 PUT
// of the complete list, and deleted with one 4.14.14 DELETE (body policy_id_list) for all.
//
// Observed with one 4.14.13 list call per 100 policies plus one 4.14.16 call per policy (per 2,000
// objects): the API has no cheaper source of a policy's objects. Objects are compared by type and
// name; a live object's name is taken from the LiveIndex by its ID (users and groups), falling
// back to the object_name the policy stored (the API does not verify it, L31960).
// The actions of one policy run in one Execute call, in order (see access_policy_steps.h).
//
// The engine calls Observe, Diff and Export from one thread at a time; Execute from its workers,
// touching only the ExecContext.

#include <memory>

#include "cloud/policies.h"
#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

class AccessPolicyReconciler final : public Reconciler {
 public:
  struct Observed {
    cloud::access_policies::AccessPolicy policy;
    std::vector<cloud::access_policies::Object> objects;
  };

  std::string Kind() const override { return "AccessPolicy"; }
  std::optional<std::vector<std::string>> Needs() const override {
    return std::vector<std::string>{"User", "UserGroup"};
  }
  core::Status Observe(cloud::ApiClient& client, LiveIndex& index) override;
  void Diff(const DiffContext& ctx, PlanBuilder& plan) const override;
  std::vector<ActionResult> Execute(ExecContext& ctx,
                                    const std::vector<const Action*>& batch) override;
  // Object names come from the LiveIndex Observe was given (the engine's, which outlives this).
  std::string Export(const Inventory& inventory, bool owned_only) const override;

  // For tests: the observed policies with their objects, as Observe would store them, and the
  // index Export resolves object names in.
  void SetObserved(std::vector<Observed> policies, const LiveIndex* index = nullptr) {
    live_ = std::move(policies);
    index_ = index;
  }

 private:
  std::vector<const Observed*> Live(const std::string& name) const;
  void DiffPolicy(const DiffContext& ctx, const specs::Object& object, PlanBuilder& plan) const;
  void DiffDeletions(const DiffContext& ctx, PlanBuilder& plan) const;

  std::vector<Observed> live_;
  const LiveIndex* index_ = nullptr;
};

std::unique_ptr<Reconciler> MakeAccessPolicyReconciler();

}  // namespace deskops::reconcilers
