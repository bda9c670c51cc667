#pragma once
// Desktop name policies (4.5): created with 4.5.2 (which answers with the new policy_id), updated
// with one 4.5.3 PUT carrying only the changed fields (every field is mutable), deleted with 4.5.4
// batch calls of at most 50 IDs each. Observed with one 4.5.1 list call per 50 policies; each
// policy's ID goes into the LiveIndex (kind "DesktopNamePolicy"), where pools and desktops, which
// name policies by name, find it. single_domain_user_increment is read back as
// single_domain_user_inc; the cloud DTO already holds one normalised field.
//
// The engine calls Observe, Diff and Export from one thread at a time; Execute from its workers,
// touching only the ExecContext.

#include <memory>

#include "cloud/policies.h"
#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

class DesktopNamePolicyReconciler final : public Reconciler {
 public:
  std::string Kind() const override { return "DesktopNamePolicy"; }
  std::optional<std::vector<std::string>> Needs() const override {
    return std::vector<std::string>{};
  }
  core::Status Observe(cloud::ApiClient& client, LiveIndex& index) override;
  void Diff(const DiffContext& ctx, PlanBuilder& plan) const override;
  std::vector<ActionResult> Execute(ExecContext& ctx,
                                    const std::vector<const Action*>& batch) override;
  std::string Export(const Inventory& inventory, bool owned_only) const override;

  // For tests: the observed policies, as Observe would store them.
  void SetObserved(std::vector<cloud::name_policies::NamePolicy> policies) {
    live_ = std::move(policies);
  }

 private:
  std::vector<cloud::name_policies::NamePolicy> live_;
};

std::unique_ptr<Reconciler> MakeDesktopNamePolicyReconciler();

}  // namespace deskops::reconcilers
